import { TensorLensError, describe } from '@tensorlens/core';

/** Counts of a confusion matrix plus what is needed to list the examples in each cell. */
export interface ConfusionCounts {
  /** C×C row-major (rows = true, cols = predicted), weighted when weights were given. */
  matrix: Float64Array;
  size: number;
  /** Examples per cell, exclusive prefix sums after `cellIndex` is built (C×C + 1). */
  offsets: Uint32Array;
  yTrue: Int32Array;
  yPred: Int32Array;
  /** Example ids grouped by cell (CSR with `offsets`), built on first use. */
  ids: Uint32Array | null;
}

/**
 * One pass over the labels: counts every cell (weighted when `weights` is given) and checks that
 * each label is a class index in [0, C). No per-example objects.
 */
export function countConfusion(yTrue: Int32Array, yPred: Int32Array, C: number, weights?: ArrayLike<number>): ConfusionCounts {
  const n = yTrue.length;
  const K = C * C;
  const cnt = new Uint32Array(K + 1);
  const m = new Float64Array(K);
  for (let i = 0; i < n; i++) {
    const a = yTrue[i];
    const b = yPred[i];
    if (a >>> 0 >= C || b >>> 0 >= C) {
      const bad = a >>> 0 >= C;
      throw new TensorLensError('unknown-class', `${bad ? 'yTrue' : 'yPred'}[${i}]`, `a class index in [0, ${C})`, describe(bad ? a : b));
    }
    cnt[a * C + b]++;
  }
  if (weights) {
    for (let i = 0; i < n; i++) m[yTrue[i] * C + yPred[i]] += weights[i];
  } else {
    for (let k = 0; k < K; k++) m[k] = cnt[k];
  }
  return { matrix: m, size: C, offsets: cnt, yTrue, yPred, ids: null };
}

/**
 * Builds the per-cell example index (CSR): `ids[offsets[k]..offsets[k+1]]` are the examples of
 * cell k in ascending order. One more pass over the labels; done once per data change.
 */
export function cellIndex(c: ConfusionCounts): Uint32Array {
  if (c.ids) return c.ids;
  const { offsets: off, yTrue, yPred, size: C } = c;
  const K = C * C;
  for (let k = 1; k < K; k++) off[k] += off[k - 1]; // inclusive prefix: end of each cell
  const n = yTrue.length;
  off[K] = n;
  const ids = new Uint32Array(n);
  for (let i = n - 1; i >= 0; i--) ids[--off[yTrue[i] * C + yPred[i]]] = i; // leaves the starts
  return (c.ids = ids);
}

/** Example ids in cell (t, p). */
export function cellExamples(c: ConfusionCounts, t: number, p: number): Uint32Array {
  const ids = cellIndex(c);
  const k = t * c.size + p;
  return ids.subarray(c.offsets[k], c.offsets[k + 1]);
}
