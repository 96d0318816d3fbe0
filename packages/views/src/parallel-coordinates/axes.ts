// Axis geometry and ticks. The tick values are core's (d3-scale): linearTicks (1, 2 or 5 × 10^k steps) and
// logTicks (the multiples of powers of ten that d3 labels), timeTicks (calendar steps, UTC) for dates.
import { linearTicks, logTicks, timeTicks } from '@tensorlens/core';
import { formatValue, normalizeValue, type ParcoordsColumn } from './columns';

/** One tick of an axis: its normalised position (0 bottom … 1 top, before flipping) and its text. */
export interface Tick {
  t: number;
  label: string;
}

/** The ticks of a column's axis, thinned to fit `height` pixels. */
export function axisTicks(c: ParcoordsColumn, height: number): Tick[] {
  const [lo, hi] = c.domain;
  if (c.categories) {
    const K = c.categories.length;
    const every = Math.max(1, Math.ceil((14 * K) / Math.max(1, height)));
    const out: Tick[] = [];
    for (let k = 0; k < K; k += every) out.push({ t: (k + 0.5) / K, label: c.categories[k] });
    return out;
  }
  if (c.constant || !(hi > lo)) return [{ t: 0.5, label: formatValue(c, lo) }];
  const count = Math.max(2, Math.min(10, Math.floor(height / 40)));
  const vals = c.type == 'log' ? logTicks(lo, hi, count) : c.type == 'datetime' ? timeTicks(lo, hi, count).map(Number) : linearTicks(lo, hi, count);
  return vals.map((v) => ({ t: normalizeValue(c, v), label: formatValue(c, v) }));
}

/** Horizontal geometry of the axes. */
export interface AxesLayout {
  /** Width of the plot (≥ the viewport: scrolls horizontally when the axes need more). */
  width: number;
  /** x of each displayed axis, left to right. */
  x: Float32Array;
  spacing: number;
}

/** Places `count` axes in `viewport` pixels with `margin` on each side, at least `minSpacing` apart. */
export function layoutAxes(count: number, viewport: number, margin: number, minSpacing: number): AxesLayout {
  const inner = Math.max(0, viewport - 2 * margin);
  const spacing = count > 1 ? Math.max(minSpacing, inner / (count - 1)) : 0;
  const width = count > 1 ? Math.max(viewport, 2 * margin + spacing * (count - 1)) : viewport;
  const x = new Float32Array(count);
  for (let k = 0; k < count; k++) x[k] = count > 1 ? margin + k * spacing : viewport / 2;
  return { width, x, spacing };
}

/** Index of the gap an axis dragged to `x` lands in (its new display index among `xs`). */
export function dropIndex(xs: ArrayLike<number>, x: number, from: number): number {
  let k = 0;
  for (let i = 0; i < xs.length; i++) if (i != from && xs[i] < x) k++;
  return k;
}
