import { expect } from 'vitest';
import { TensorLensError } from '../src/index';

/** Asserts that `fn` throws a TensorLensError with this code and argument, and returns it. */
export function expectError(fn: () => unknown, code: string, argument: string): TensorLensError {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(TensorLensError);
  const e = err as TensorLensError;
  expect({ code: e.code, argument: e.argument }).toEqual({ code, argument });
  expect(e.expected).toBeTruthy();
  expect(e.received).toBeTruthy();
  return e;
}

/** Same for a promise. */
export async function expectRejection(p: Promise<unknown>, code: string, argument: string): Promise<TensorLensError> {
  let err: unknown;
  try {
    await p;
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(TensorLensError);
  const e = err as TensorLensError;
  expect({ code: e.code, argument: e.argument }).toEqual({ code, argument });
  return e;
}
