// Axis encodings of the XY plot: a column (numbers or strings) → positions in [0, 1] (Float32Array), and back to
// ticks. Pure functions, no DOM.
import type { Column } from '@tensorlens/core';

/** How a column is laid out along an axis. */
export type AxisScale = 'auto' | 'linear' | 'log';

/** A column's encoding on one axis. */
export interface AxisEncoding {
  kind: 'linear' | 'log' | 'categorical';
  /** Domain in axis units (log10 of values for 'log', category codes ± 0.5 for 'categorical'). */
  lo: number;
  hi: number;
  /** Category names in code order ('categorical' only). */
  names: string[];
  /** Rows without a position (missing, or ≤ 0 on a log axis). */
  missing: number;
  /** Position of each row in [0, 1] (NaN when missing). */
  unit: Float32Array;
}

/** A seeded jitter in [-0.5, 0.5) per row (a hash of the index), so categorical axes show their density. */
export function jitter(i: number): number {
  let h = Math.imul(i ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296 - 0.5;
}

/**
 * Encodes a column for an axis. Numbers: 'auto' picks log when every finite value is > 0 and they span at least
 * three decades, else linear. Strings: categories in natural sort order, each row jittered across 60 % of its band.
 */
export function encodeAxis(column: Column, scale: AxisScale = 'auto'): AxisEncoding {
  const n = column.length;
  const unit = new Float32Array(n);
  let missing = 0;
  if (Array.isArray(column)) {
    const names = [...new Set(column as string[])].sort(new Intl.Collator(undefined, { numeric: true }).compare);
    const code = new Map(names.map((s, i) => [s, i]));
    const k = names.length;
    for (let i = 0; i < n; i++) unit[i] = (code.get(column[i] as string)! + 0.5 + 0.6 * jitter(i)) / k;
    return { kind: 'categorical', lo: -0.5, hi: k - 0.5, names: names.map((s) => s || '(missing)'), missing, unit };
  }
  let min = Infinity;
  let max = -Infinity;
  let minPos = Infinity;
  for (let i = 0; i < n; i++) {
    const v = column[i];
    if (v - v !== 0) continue; // NaN, ±Infinity
    if (v < min) min = v;
    if (v > max) max = v;
    if (v > 0 && v < minPos) minPos = v;
  }
  const log = scale == 'log' ? minPos < Infinity : scale == 'auto' && min > 0 && max / min >= 1000;
  const f = log ? Math.log10 : (v: number) => v;
  let lo = log ? Math.log10(minPos) : min;
  let hi = log ? Math.log10(max) : max;
  if (!(lo <= hi)) [lo, hi] = [0, 1];
  if (lo == hi) [lo, hi] = [lo - 0.5, hi + 0.5];
  const s = 1 / (hi - lo);
  for (let i = 0; i < n; i++) {
    const v = column[i];
    const ok = v - v === 0 && (!log || v > 0);
    unit[i] = ok ? (f(v) - lo) * s : NaN;
    if (!ok) missing++;
  }
  return { kind: log ? 'log' : 'linear', lo, hi, names: [], missing, unit };
}

/** Nice linear ticks (1, 2 or 5 × 10^k apart), about `count` of them, inside [lo, hi]. */
export function linearTicks(lo: number, hi: number, count: number): number[] {
  if (!(hi > lo) || !(count > 0)) return lo === hi && Number.isFinite(lo) ? [lo] : [];
  const raw = (hi - lo) / count;
  const p = 10 ** Math.floor(Math.log10(raw));
  const e = raw / p; // in [1, 10): round to 1, 2, 5 or 10 at the geometric midpoints
  const step = p * (e >= Math.sqrt(50) ? 10 : e >= Math.sqrt(10) ? 5 : e >= Math.sqrt(2) ? 2 : 1);
  const out: number[] = [];
  for (let k = Math.ceil(lo / step); k * step <= hi + step * 1e-9; k++) out.push(Number((k * step).toPrecision(12)));
  return out;
}

/** Log ticks (values, not logs) inside [10^lo, 10^hi]: powers of ten, with 2× and 5× when few decades show. */
export function logTicks(lo: number, hi: number, count: number): number[] {
  const d0 = Math.floor(lo);
  const d1 = Math.ceil(hi);
  const mults = d1 - d0 <= count / 3 ? [1, 2, 5] : [1];
  const every = Math.max(1, Math.ceil((Math.floor(hi) - Math.ceil(lo) + 1) / count));
  const out: number[] = [];
  for (let d = d0; d <= d1; d++) {
    if ((d - Math.ceil(lo)) % every) continue;
    for (const m of mults) {
      const v = Number((m * 10 ** d).toPrecision(12));
      const l = Math.log10(v);
      if (l >= lo - 1e-9 && l <= hi + 1e-9) out.push(v);
    }
  }
  return out;
}

/** A tick label: short, the same in every locale (1e-4, 0.005, 25, 1.5k, 2M). */
export function formatTick(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 && a < 1e15) {
    const [d, s] = a >= 1e9 ? [1e9, 'G'] : a >= 1e6 ? [1e6, 'M'] : [1e3, 'k'];
    return (v < 0 ? '-' : '') + Number((a / d).toPrecision(4)) + s;
  }
  if (a < 1e-3 || a >= 1e15) return v.toExponential().replace(/\.?0+e/, 'e').replace('e+', 'e');
  return String(Number(v.toPrecision(6)));
}
