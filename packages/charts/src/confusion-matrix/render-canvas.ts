import type { ColorLut } from './colors';
import { textOn } from './colors';
import type { ZoomTransform } from './zoom';

/**
 * Paints one pixel per cell into a K×K canvas (ImageData through a Uint32 view: one write per
 * cell, no per-cell draw calls). Drawn scaled with nearest-neighbour sampling afterwards.
 */
const images = new WeakMap<HTMLCanvasElement, ImageData>();

export function paintCellImage(doc: Document, target: HTMLCanvasElement | null, values: Float64Array, K: number, lut: ColorLut, nonzero?: Uint32Array | null): HTMLCanvasElement {
  const c = target ?? doc.createElement('canvas');
  if (c.width !== K || c.height !== K) {
    c.width = K;
    c.height = K;
  }
  const ctx = c.getContext('2d');
  if (!ctx) return c;
  let img = images.get(c);
  if (!img || img.width !== K) images.set(c, (img = ctx.createImageData(K, K)));
  const px = new Uint32Array(img.data.buffer);
  const { rgba } = lut;
  const [lo, hi] = lut.domain;
  const f = hi > lo ? 255 / (hi - lo) : 0;
  const colour = (v: number) => {
    const k = ((v - lo) * f + 0.5) | 0; // lut.index, inlined
    return rgba[k < 0 ? 0 : k > 255 ? 255 : k];
  };
  if (nonzero) {
    px.fill(colour(0));
    for (const k of nonzero) px[k] = colour(values[k]);
  } else {
    for (let i = 0; i < values.length; i++) px[i] = colour(values[i]);
  }
  ctx.putImageData(img, 0, 0);
  return c;
}

export interface CanvasView {
  /** Side of the square plot in CSS pixels. */
  side: number;
  dpr: number;
  t: ZoomTransform;
  K: number;
  background: string;
  /** Text of cell (i, j), drawn when cells are big enough. */
  text: ((i: number, j: number) => string) | null;
  values: Float64Array;
  lut: ColorLut;
}

/** Draws the cell image at the current zoom, with grid gaps and texts once cells are big enough. */
export function drawCells(canvas: HTMLCanvasElement, cells: HTMLCanvasElement, v: CanvasView): void {
  const w = Math.max(1, Math.round(v.side * v.dpr));
  if (canvas.width !== w || canvas.height !== w) {
    canvas.width = w;
    canvas.height = w;
  }
  canvas.style.width = canvas.style.height = `${v.side}px`;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, w, w);
  ctx.setTransform(v.dpr, 0, 0, v.dpr, 0, 0);
  ctx.imageSmoothingEnabled = false;
  const { t, K, side } = v;
  const full = side * t.k;
  ctx.drawImage(cells, 0, 0, K, K, t.x, t.y, full, full);
  const cell = full / K;
  if (cell < 6) return;
  const i0 = Math.max(0, Math.floor(-t.y / cell));
  const i1 = Math.min(K, Math.ceil((side - t.y) / cell));
  const j0 = Math.max(0, Math.floor(-t.x / cell));
  const j1 = Math.min(K, Math.ceil((side - t.x) / cell));
  // gaps between cells, one path
  ctx.beginPath();
  for (let i = i0; i <= i1; i++) {
    const y = t.y + i * cell;
    ctx.moveTo(0, y);
    ctx.lineTo(side, y);
  }
  for (let j = j0; j <= j1; j++) {
    const x = t.x + j * cell;
    ctx.moveTo(x, 0);
    ctx.lineTo(x, side);
  }
  ctx.strokeStyle = v.background;
  ctx.lineWidth = 1;
  ctx.stroke();
  if (!v.text || cell < 28) return;
  ctx.font = `${Math.min(12, cell / 3)}px system-ui, sans-serif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  for (let i = i0; i < i1; i++) {
    for (let j = j0; j < j1; j++) {
      ctx.fillStyle = textOn(v.lut, v.lut.index(v.values[i * K + j]));
      ctx.fillText(v.text(i, j), t.x + (j + 0.5) * cell, t.y + (i + 0.5) * cell);
    }
  }
}
