import { orderClasses } from './confusion-order';
import type { ClassOrder } from './confusion-order';
import { statsFromMatrix } from './confusion-stats';
import type { ConfusionStats } from './confusion-stats';

/** How cell values are normalised: raw counts, by true class (rows), by predicted class (columns), over all. */
export type Normalize = 'none' | 'true' | 'pred' | 'all';

/** The classes on screen: ordered, with the classes outside the top k folded into "other". */
export interface ClassLayout {
  /** Number of displayed classes (k, plus one for "other"). */
  size: number;
  names: string[];
  /** Original class indices behind each displayed class ("other" has several). */
  members: Int32Array[];
  /** Displayed index of each original class. */
  display: Int32Array;
  /** Index of the "other" class, or -1. */
  other: number;
  /** Folded counts, size × size. */
  matrix: Float64Array;
  /** Statistics of the folded matrix (per displayed class). */
  stats: ConfusionStats;
}

/** Orders the classes and folds all but the top k by support into "other". */
export function layoutClasses(m: Float64Array, C: number, names: string[], order: ClassOrder, topK: number | null): ClassLayout {
  let keep: Int32Array | undefined;
  let otherMembers: number[] = [];
  if (topK != null && topK > 0 && topK < C - 1) {
    const bySupport = orderClasses(m, C, 'frequency');
    keep = bySupport.slice(0, topK).sort();
    otherMembers = Array.from(bySupport.slice(topK)).sort((a, b) => a - b);
  }
  const ordered = orderClasses(m, C, order, keep);
  const members: Int32Array[] = Array.from(ordered, (i) => Int32Array.of(i));
  const shown = ordered.length;
  const other = otherMembers.length ? shown : -1;
  if (other >= 0) members.push(Int32Array.from(otherMembers));
  const K = members.length;
  const display = new Int32Array(C);
  members.forEach((ms, d) => ms.forEach((i) => (display[i] = d)));
  const folded = foldMatrix(m, C, display, K);
  const labels = Array.from(ordered, (i) => names[i]);
  if (other >= 0) labels.push(`other (${otherMembers.length})`);
  return { size: K, names: labels, members, display, other, matrix: folded, stats: statsFromMatrix(folded, labels) };
}

/** Sums the C×C matrix into K×K displayed cells (`display[i]` = displayed index of class i). */
export function foldMatrix(m: ArrayLike<number>, C: number, display: Int32Array, K: number): Float64Array {
  const folded = new Float64Array(K * K);
  for (let i = 0; i < C; i++) {
    const o = display[i] * K;
    const r = i * C;
    for (let j = 0; j < C; j++) folded[o + display[j]] += m[r + j];
  }
  return folded;
}

/** Cell values after normalisation, with the largest value (for the colour domain). */
export function normalizeMatrix(l: { matrix: Float64Array; size: number }, normalize: Normalize, out?: Float64Array): Float64Array {
  const K = l.size;
  const m = l.matrix;
  const v = out ?? new Float64Array(K * K);
  if (normalize === 'none') {
    v.set(m);
    return v;
  }
  const den = new Float64Array(K);
  let total = 0;
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      const x = m[i * K + j];
      den[normalize === 'pred' ? j : i] += x;
      total += x;
    }
  }
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      const d = normalize === 'all' ? total : den[normalize === 'pred' ? j : i];
      v[i * K + j] = d > 0 ? m[i * K + j] / d : 0;
    }
  }
  return v;
}

/** Largest absolute value. */
export function maxAbs(v: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) {
    const a = Math.abs(v[i]);
    if (a > m) m = a;
  }
  return m;
}

/** The n largest off-diagonal cells by count: [true, pred, count] in displayed indices. */
export function topConfusions(m: Float64Array, K: number, n: number): Array<[number, number, number]> {
  const out: Array<[number, number, number]> = [];
  if (n <= 0) return out;
  let floor = 0;
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      const v = m[i * K + j];
      if (i === j || v <= floor) continue;
      let at = out.length;
      while (at > 0 && out[at - 1][2] < v) at--;
      out.splice(at, 0, [i, j, v]);
      if (out.length > n) out.pop();
      if (out.length === n) floor = out[n - 1][2];
    }
  }
  return out;
}

/** A count as text: integers as is (1.2k above 10 000), weighted sums with 3 significant digits. */
export function fmtCount(v: number): string {
  if (Number.isInteger(v)) return v >= 1e4 ? (v >= 1e6 ? `${+(v / 1e6).toFixed(1)}M` : `${+(v / 1e3).toFixed(1)}k`) : String(v);
  return String(+v.toPrecision(3));
}

/** A ratio in [0, 1] as a percentage ("8%", "8.3%"). */
export function fmtPct(v: number): string {
  const r = Math.round(v * 1000) / 10;
  return `${r}%`;
}

/** A ratio with two decimals, or "—" when undefined. */
export function fmtRatio(v: number | null): string {
  return v == null ? '—' : v.toFixed(2);
}
