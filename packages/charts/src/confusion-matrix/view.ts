import { orderClasses } from './order';
import type { ClassOrder } from './order';
import { computeStats } from './stats';
import type { ConfusionStats } from './stats';

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
  /** Indices of the non-zero cells when they are few (a sparse matrix), else null. */
  nonzero: Uint32Array | null;
}

/** Indices of the non-zero cells, or null when more than a quarter are non-zero. */
export function nonzeroCells(m: Float64Array): Uint32Array | null {
  const max = m.length >> 2;
  let n = 0;
  for (let k = 0; k < m.length; k++) if (m[k] !== 0 && ++n > max) return null;
  const out = new Uint32Array(n);
  for (let k = 0, o = 0; k < m.length; k++) if (m[k] !== 0) out[o++] = k;
  return out;
}

/** Orders the classes and folds all but the top k by support into "other". */
export function layoutClasses(m: Float64Array, C: number, names: string[], order: ClassOrder, topK: number | null, base?: ConfusionStats): ClassLayout {
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
  const labels = Array.from(ordered, (i) => names[i]);
  if (other >= 0) labels.push(`other (${otherMembers.length})`);
  if (other < 0) {
    // a permutation only: reuse the statistics, copy rows in the new order
    const identity = ordered.every((v, i) => v === i);
    const folded = identity ? m : new Float64Array(K * K);
    if (!identity) for (let a = 0; a < K; a++) for (let b = 0, r = ordered[a] * C, o = a * K; b < K; b++) folded[o + b] = m[r + ordered[b]];
    const s = base ?? computeStats(m, C, names);
    const stats = identity ? { ...s, classes: labels } : { ...s, matrix: folded, classes: labels, perClass: Array.from(ordered, (i) => s.perClass[i]) };
    return { size: K, names: labels, members, display, other, matrix: folded, stats, nonzero: nonzeroCells(folded) };
  }
  const folded = foldMatrix(m, C, display, K);
  return { size: K, names: labels, members, display, other, matrix: folded, stats: computeStats(folded, K, labels), nonzero: nonzeroCells(folded) };
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

/**
 * Cell values after normalisation (rows: by true class, columns: by predicted class; an empty row
 * or column stays 0). With `nonzero` (a sparse matrix) only those cells are visited.
 */
export function normalizeMatrix(l: { matrix: Float64Array; size: number }, normalize: Normalize, out?: Float64Array, nonzero?: Uint32Array | null): Float64Array {
  const K = l.size;
  const m = l.matrix;
  const v = out ?? new Float64Array(K * K);
  if (normalize === 'none') {
    v.set(m);
    return v;
  }
  const den = new Float64Array(K);
  const byRow = normalize === 'true';
  if (nonzero) {
    for (const k of nonzero) den[byRow ? (k / K) | 0 : k % K] += m[k];
  } else {
    for (let i = 0; i < K; i++) for (let j = 0, o = i * K; j < K; j++) den[byRow ? i : j] += m[o + j];
  }
  if (normalize === 'all') {
    let t = 0;
    for (let i = 0; i < K; i++) t += den[i];
    den.fill(t);
  }
  for (let i = 0; i < K; i++) den[i] = den[i] > 0 ? 1 / den[i] : 0;
  if (nonzero) {
    v.fill(0);
    for (const k of nonzero) v[k] = m[k] * den[byRow ? (k / K) | 0 : k % K];
  } else if (byRow) {
    for (let i = 0; i < K; i++) for (let j = 0, o = i * K, f = den[i]; j < K; j++) v[o + j] = m[o + j] * f;
  } else {
    for (let i = 0; i < K; i++) for (let j = 0, o = i * K; j < K; j++) v[o + j] = m[o + j] * den[j];
  }
  return v;
}

/** Largest absolute value (over `nonzero` cells when given). */
export function maxAbs(v: ArrayLike<number>, nonzero?: Uint32Array | null): number {
  let m = 0;
  if (nonzero) {
    for (const k of nonzero) if (Math.abs(v[k]) > m) m = Math.abs(v[k]);
    return m;
  }
  for (let i = 0; i < v.length; i++) {
    const a = Math.abs(v[i]);
    if (a > m) m = a;
  }
  return m;
}

/** The n largest off-diagonal cells by count: [true, pred, count] in displayed indices. */
export function topConfusions(m: Float64Array, K: number, n: number, nonzero?: Uint32Array | null): Array<[number, number, number]> {
  const out: Array<[number, number, number]> = [];
  if (n <= 0) return out;
  let floor = 0;
  const visit = (k: number) => {
    const v = m[k];
    if (v <= floor) return;
    const i = (k / K) | 0;
    const j = k - i * K;
    if (i === j) return;
    let at = out.length;
    while (at > 0 && out[at - 1][2] < v) at--;
    out.splice(at, 0, [i, j, v]);
    if (out.length > n) out.pop();
    if (out.length === n) floor = out[n - 1][2];
  };
  if (nonzero) for (const k of nonzero) visit(k);
  else for (let k = 0; k < K * K; k++) visit(k);
  return out;
}

/**
 * A count as text: integers as is (1.2k above 10 000, 3.4M above a million, 5.6B above a billion), weighted sums
 * with 3 significant digits, exponent form from 1e12 (`1.00e+308`), never "Infinity" or "NaN" (those show as
 * "∞" and "—"; the inputs are checked so that they do not occur).
 */
export function fmtCount(v: number): string {
  if (v !== v) return '—';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '-∞';
  const a = Math.abs(v);
  if (a >= 1e12) return v.toExponential(2);
  if (a >= 1e9) return `${+(v / 1e9).toFixed(1)}B`;
  if (Number.isInteger(v)) return a >= 1e4 ? (a >= 1e6 ? `${+(v / 1e6).toFixed(1)}M` : `${+(v / 1e3).toFixed(1)}k`) : String(v);
  return String(+v.toPrecision(3));
}

/** A ratio in [0, 1] as a percentage ("8%", "8.3%"). */
export function fmtPct(v: number): string {
  if (!Number.isFinite(v)) return '—';
  const r = Math.round(v * 1000) / 10;
  return `${r}%`;
}

/** A ratio with two decimals, or "—" when undefined. */
export function fmtRatio(v: number | null): string {
  return v == null ? '—' : v.toFixed(2);
}
