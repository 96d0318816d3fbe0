// Exact equality of large typed arrays. `expect(Array.from(a)).toEqual(Array.from(b))` deep-compares element by
// element through vitest's generic equality and takes seconds at a few hundred thousand elements; this compares in a
// plain loop and reports the first difference, so a failure still says where and what.
import { expect } from 'vitest';

type NumericArray = ArrayLike<number>;

/** The first index where `got` and `want` differ (or their lengths), or null when they are equal. */
export function firstDifference(got: NumericArray, want: NumericArray): { index: number; got: number; want: number } | { length: number; want: number } | null {
  if (got.length !== want.length) return { length: got.length, want: want.length };
  for (let i = 0; i < got.length; i++) {
    if (!Object.is(got[i], want[i])) return { index: i, got: got[i], want: want[i] };
  }
  return null;
}

/** Asserts that two (typed) arrays hold exactly the same numbers, naming the first difference if not. */
export function expectSameNumbers(got: NumericArray, want: NumericArray, message?: string): void {
  expect(firstDifference(got, want), message).toBeNull();
}
