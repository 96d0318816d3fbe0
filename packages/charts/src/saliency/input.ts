import { fail, isTensorLike, toNDArray, toNDArraySync } from '@tensorlens/core';
import type { NDArray, TensorLike } from '@tensorlens/core';

/** An image: a tensor or `{data, shape}` of shape [H, W], [H, W, C] or [1, H, W, C] (C = 1, 3 or 4), ImageData, or a loaded image / canvas. */
export type SaliencyImageInput = TensorLike | { data: ArrayLike<number>; shape: number[] } | ImageData | HTMLImageElement | HTMLCanvasElement;

/** An attribution map: a tensor or `{data, shape}` of shape [H, W], [1, H, W], [H, W, C] or [1, H, W, C]. */
export type SaliencyMapInput = TensorLike | { data: ArrayLike<number>; shape: number[] };

/** How the channels of an [H, W, C] map become one value per pixel (as `aggregateChannels` of @tensorlens/explain). */
export type ChannelReduce = 'sum' | 'abs-sum' | 'max-abs' | 'l2';

/** An image as RGBA bytes. */
export interface SalImage {
  w: number;
  h: number;
  rgba: Uint8ClampedArray;
}

/** A map reduced to one value per pixel. */
export interface SalMap {
  w: number;
  h: number;
  /** One value per pixel, row-major, in float64 (so finite float64 input never overflows on the way in). */
  data: Float64Array;
  min: number;
  max: number;
  /** Pixels whose reduced value overflowed (a channel sum beyond ±1.8e308), clamped to ±Number.MAX_VALUE. */
  overflowed: number;
}

const isImageData = (x: unknown): x is ImageData => typeof ImageData != 'undefined' && x instanceof ImageData;
const isElementImage = (x: unknown): x is HTMLImageElement | HTMLCanvasElement =>
  typeof x == 'object' && x != null && /^(IMG|CANVAS)$/.test((x as Element).tagName ?? '');

/** True when reading `x` needs no await (no tensor, no image still loading). */
export function isSyncInput(x: unknown): boolean {
  return !isTensorLike(x) && !(isElementImage(x) && (x as HTMLImageElement).tagName == 'IMG' && !(x as HTMLImageElement).complete);
}

/** Reads an image or map input to a flat array (sync inputs synchronously, so their errors throw at once). */
export function readRaw(x: unknown, name: string): NDArray | ImageData | Promise<NDArray | ImageData> {
  if (isImageData(x)) return x;
  if (isElementImage(x)) {
    if (x.tagName == 'IMG' && !(x as HTMLImageElement).complete) return (x as HTMLImageElement).decode().then(() => pixelsOf(x, name));
    return pixelsOf(x, name);
  }
  const opts = { name, allowEmpty: false };
  return isTensorLike(x) ? toNDArray(x, opts) : toNDArraySync(x, opts);
}

function pixelsOf(x: HTMLImageElement | HTMLCanvasElement, name: string): ImageData {
  const w = (x as HTMLImageElement).naturalWidth || x.width;
  const h = (x as HTMLImageElement).naturalHeight || x.height;
  if (!w || !h) throw fail('empty', name, 'an image with pixels', `${w}×${h}`);
  const c = x.ownerDocument.createElement('canvas');
  c.width = w;
  c.height = h;
  const ctx = c.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw fail('type', name, 'an image this page can read (2D canvas)', 'no 2D canvas');
  ctx.drawImage(x, 0, 0);
  return ctx.getImageData(0, 0, w, h);
}

/** [H, W, C] of an image array, or a 'shape' error naming `name`. */
function imageDims(shape: number[], name: string): [number, number, number] {
  const s = shape.length == 4 && shape[0] == 1 ? shape.slice(1) : shape;
  const [h, w, c = 1] = s;
  if (s.length < 2 || s.length > 3 || ![1, 3, 4].includes(c)) throw fail('shape', name, 'an image [H, W], [H, W, C] or [1, H, W, C] with C = 1, 3 or 4', `shape [${shape}]`);
  return [h, w, c];
}

/**
 * RGBA bytes of an image. Array values are mapped from `range`; by default [0, 1] when every value lies in it,
 * [0, 255] when every value lies in that, else the values' own [min, max].
 */
export function toImage(raw: NDArray | ImageData, name: string, range?: [number, number]): SalImage {
  if (isImageData(raw)) return { w: raw.width, h: raw.height, rgba: raw.data };
  const [h, w, c] = imageDims(raw.shape, name);
  const d = raw.data as ArrayLike<number>;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const [a, b] = range ?? (lo >= 0 && hi <= 1 ? [0, 1] : lo >= 0 && hi <= 255 ? [0, 255] : [lo, hi]);
  const k = b > a ? 255 / (b - a) : 0;
  const rgba = new Uint8ClampedArray(w * h * 4);
  for (let p = 0, q = 0; p < w * h; p++, q += 4) {
    const o = p * c;
    const r = (d[o] - a) * k;
    rgba[q] = r;
    rgba[q + 1] = c >= 3 ? (d[o + 1] - a) * k : r;
    rgba[q + 2] = c >= 3 ? (d[o + 2] - a) * k : r;
    rgba[q + 3] = c == 4 ? (d[o + 3] - a) * k : 255;
  }
  return { w, h, rgba };
}

/**
 * One value per pixel from a map array, reducing channels with `reduce`. The reduction is done in float64; a value
 * that still overflows (e.g. the sum of channels of 1e308) is clamped to ±Number.MAX_VALUE and counted in
 * `overflowed`, so no Infinity or NaN ever reaches the colours, the legend or the summary.
 */
export function toMap(raw: NDArray | ImageData, name: string, reduce: ChannelReduce): SalMap {
  if (isImageData(raw)) throw fail('type', name, 'a map: a tensor or {data, shape}', 'ImageData');
  const shape = raw.shape;
  const bad = () =>
    fail('shape', name, 'one map [H, W], [1, H, W], [H, W, C] or [1, H, W, C] (give a batch as an array of {label, map})', `shape [${shape}]`);
  let s = shape;
  if (s.length == 4) {
    if (s[0] != 1) throw bad();
    s = s.slice(1);
  } else if (s.length == 3 && s[0] == 1) s = s.slice(1);
  if (s.length < 2 || s.length > 3) throw bad();
  const [h, w, c = 1] = s;
  const d = raw.data as ArrayLike<number>;
  const n = w * h;
  const out = new Float64Array(n);
  let min = Infinity;
  let max = -Infinity;
  let overflowed = 0;
  for (let p = 0; p < n; p++) {
    let v = 0;
    for (let j = p * c, e = j + c; j < e; j++) {
      const x = d[j];
      if (reduce == 'sum') v += x;
      else if (reduce == 'abs-sum') v += Math.abs(x);
      else if (reduce == 'l2') v = Math.hypot(v, x);
      else if (Math.abs(x) > Math.abs(v)) v = x;
    }
    if (reduce == 'max-abs') v = Math.abs(v);
    if (!Number.isFinite(v)) {
      // The inputs are finite (checked on reading), so this is an overflow, or +∞ + −∞ (NaN) in a sum.
      overflowed++;
      v = Number.isNaN(v) ? 0 : v > 0 ? Number.MAX_VALUE : -Number.MAX_VALUE;
    }
    out[p] = v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { w, h, data: out, min, max, overflowed };
}
