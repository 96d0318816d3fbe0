import { fail } from '@tensorlens/core';
import type { Column } from '@tensorlens/core';

/** Options of {@link sortRows}. */
export interface SortRowsOptions {
  /** Largest to smallest (ties keep their original order either way). Default false. */
  descending?: boolean;
  /** Stops the sort; the promise then rejects with an 'AbortError' DOMException. */
  signal?: AbortSignal;
  /** Milliseconds of work per slice before yielding to the event loop. Default 8. */
  sliceMs?: number;
}

/** Compares two row indices; negative when row `a` comes first. */
type Compare = (a: number, b: number) => number;

/** Work units (element moves) between two clock checks. */
const CHECK = 4096;
/** Rows sorted by insertion sort before the merge passes. */
const RUN = 24;

/**
 * A stable bottom-up merge sort of `idx` by `cmp`, as a generator that yields every {@link CHECK} element moves,
 * so a driver can run it in time slices. Returns the array holding the sorted indices (`idx` or its scratch twin).
 */
function* mergeSort(idx: Uint32Array, cmp: Compare): Generator<void, Uint32Array> {
  const n = idx.length;
  let work = 0;
  for (let lo = 0; lo < n; lo += RUN) {
    const hi = Math.min(n, lo + RUN);
    for (let i = lo + 1; i < hi; i++) {
      const v = idx[i];
      let j = i - 1;
      while (j >= lo && cmp(idx[j], v) > 0) {
        idx[j + 1] = idx[j];
        j--;
      }
      idx[j + 1] = v;
    }
    if ((work += RUN) >= CHECK) {
      work = 0;
      yield;
    }
  }
  let src: Uint32Array = idx;
  let dst: Uint32Array = new Uint32Array(n);
  for (let w = RUN; w < n; w *= 2) {
    for (let lo = 0; lo < n; lo += 2 * w) {
      const mid = Math.min(n, lo + w);
      const hi = Math.min(n, lo + 2 * w);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        // `<= 0` takes the left run first on ties: stable.
        dst[k++] = cmp(src[i], src[j]) <= 0 ? src[i++] : src[j++];
        if (++work >= CHECK) {
          work = 0;
          yield;
        }
      }
      while (i < mid) dst[k++] = src[i++];
      while (j < hi) dst[k++] = src[j++];
    }
    [src, dst] = [dst, src];
    yield;
  }
  return src;
}

const collator = /* @__PURE__ */ (() => (typeof Intl == 'object' ? new Intl.Collator(undefined, { numeric: true }) : null))();

/**
 * The comparator of rows by one column: numbers numerically, strings in natural order (a collator with numeric
 * collation, so "run 2" < "run 10"); missing values (NaN, empty strings) last in both directions.
 */
export function compareRows(column: Column, descending = false): Compare {
  const s = descending ? -1 : 1;
  if (Array.isArray(column)) {
    const c = column as string[];
    const cmpS = collator ? collator.compare : (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    return (a, b) => {
      const x = c[a];
      const y = c[b];
      return x === y ? 0 : !x ? 1 : !y ? -1 : s * cmpS(x, y);
    };
  }
  const c = column as ArrayLike<number>;
  return (a, b) => {
    const x = c[a];
    const y = c[b];
    // NaN !== NaN: x !== x tests for a missing value.
    return x !== x ? (y !== y ? 0 : 1) : y !== y ? -1 : x < y ? -s : x > y ? s : 0;
  };
}

function abortError(): DOMException {
  return new DOMException('The sort was cancelled', 'AbortError');
}

/**
 * The rows of `column` in sorted order, as a permutation of row indices (a Uint32Array): stable (equal values keep
 * their order), numbers numerically, strings in natural order, missing values (NaN, '') last. The sort runs in
 * slices of a few milliseconds with the event loop free between them, so a million rows never block the page.
 */
export function sortRows(column: Column, options: SortRowsOptions = {}): Promise<Uint32Array> {
  if (!column || typeof (column as ArrayLike<unknown>).length != 'number') return Promise.reject(fail('type', 'column', 'a table column (TypedArray or string[])', column));
  const { descending = false, signal, sliceMs = 8 } = options;
  const idx = new Uint32Array(column.length);
  for (let i = 0; i < idx.length; i++) idx[i] = i;
  const gen = mergeSort(idx, compareRows(column, descending));
  return new Promise((resolve, reject) => {
    const step = () => {
      if (signal?.aborted) return reject(abortError());
      const t0 = performance.now();
      for (;;) {
        const r = gen.next();
        if (r.done) return resolve(r.value);
        if (performance.now() - t0 > sliceMs) break;
      }
      setTimeout(step, 0);
    };
    step();
  });
}

/** {@link sortRows} in one go (blocks; for small tables and tests). */
export function sortRowsSync(column: Column, descending = false): Uint32Array {
  const idx = new Uint32Array(column.length);
  for (let i = 0; i < idx.length; i++) idx[i] = i;
  const gen = mergeSort(idx, compareRows(column, descending));
  for (;;) {
    const r = gen.next();
    if (r.done) return r.value;
  }
}
