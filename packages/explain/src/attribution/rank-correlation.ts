import { fail } from '@tensorlens/core';

/** Ranks 1..n with ties given their average rank. */
export function ranks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const r = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]] == values[order[i]]) j++;
    const avg = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) r[order[k]] = avg;
    i = j + 1;
  }
  return r;
}

/**
 * Spearman's rank correlation of two equally long arrays: the Pearson correlation of their ranks (ties get
 * average ranks). 1 for the same order, −1 for the reverse; NaN when one array is constant. Used for the
 * model-randomization sanity check of saliency maps (Adebayo et al., 2018).
 */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length != b.length) throw fail('length', 'b', `as many values as a (${a.length})`, `${b.length} values`);
  if (a.length < 2) throw fail('empty', 'a', 'at least 2 values', `${a.length}`);
  const ra = ranks(a);
  const rb = ranks(b);
  const n = a.length;
  const mean = (n + 1) / 2;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = ra[i] - mean;
    const db = rb[i] - mean;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return sab / Math.sqrt(saa * sbb);
}
