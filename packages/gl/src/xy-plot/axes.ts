// Axis encodings of the XY plot: a column (numbers or strings) → positions in [0, 1] (Float32Array). Pure
// functions, no DOM. Ticks and their labels are core's (d3-scale): linearTicks, logTicks, tickFormat.
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
