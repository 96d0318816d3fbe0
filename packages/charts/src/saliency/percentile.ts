import { fail } from '@tensorlens/core';

/**
 * Puts the k-th smallest value of `a` (0-based) at index k, smaller-or-equal values before it and
 * greater-or-equal after it, in place (Hoare-partition quickselect with a median-of-three pivot:
 * O(n) on average, no allocation). Returns `a[k]`.
 */
export function selectKth(a: Float32Array | Float64Array, k: number, lo = 0, hi = a.length - 1): number {
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // median of three → a[mid], so the partition never degrades on sorted or constant runs
    if (a[mid] < a[lo]) swap(a, mid, lo);
    if (a[hi] < a[lo]) swap(a, hi, lo);
    if (a[hi] < a[mid]) swap(a, hi, mid);
    const pivot = a[mid];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) swap(a, i++, j--);
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return a[k];
}

function swap(a: Float32Array | Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

/**
 * The exact p-th percentile (0 ≤ p ≤ 100) of `values`, linearly interpolated between the two nearest order
 * statistics (rank p/100·(n − 1), as numpy's default), found by selection on a copy rather than a sort.
 * `abs` takes |v|. Throws 'empty' for no values, 'range' for p outside [0, 100].
 */
export function percentile(values: ArrayLike<number>, p: number, abs = false): number {
  const n = values.length;
  if (!n) throw fail('empty', 'values', 'at least one value', 'none');
  if (!(p >= 0 && p <= 100)) throw fail('range', 'p', 'a percentile from 0 to 100', p);
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = abs ? Math.abs(values[i]) : values[i];
  const rank = (p / 100) * (n - 1);
  const k = Math.floor(rank);
  const v = selectKth(a, k);
  const f = rank - k;
  if (!f) return v;
  // after selection everything right of k is ≥ a[k]: the next order statistic is their minimum
  let next = Infinity;
  for (let i = k + 1; i < n; i++) if (a[i] < next) next = a[i];
  return v + (next - v) * f;
}
