import { el } from '@tensorlens/core';
import type { ColorLut } from '@tensorlens/core';

/** A colour bar (a 256×1 canvas of the LUT) with three text labels under it (left, middle, right) and a caption. */
export function legendBar(parent: HTMLElement, lut: ColorLut, labels: [string, string, string], caption: string): HTMLElement {
  const box = el('div', { class: 'tl-sal-bar', role: 'img', 'aria-label': `${caption}: ${labels.filter(Boolean).join(' to ')}` }, parent);
  el('div', { class: 'tl-text tl-muted', text: caption, style: 'grid-column:1/4' }, box);
  const c = el('canvas', { width: 256, height: 1, 'aria-hidden': 'true' }, box);
  const ctx = c.getContext('2d');
  if (ctx) {
    const img = ctx.createImageData(256, 1);
    new Uint32Array(img.data.buffer).set(lut.rgba);
    ctx.putImageData(img, 0, 0);
  }
  for (const t of labels) el('span', { class: 'tl-text', text: t }, box);
  return box;
}

/** A number in at most 3 significant digits (exponent form for very small or large magnitudes). */
export function fmt(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e4 || a < 1e-3 ? v.toExponential(2) : String(+v.toPrecision(3));
}
