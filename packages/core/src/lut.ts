import { interpolateScheme } from './scales';
import { parseColor } from './color';
import type { DivergingScheme, SequentialScheme } from './scales';

/** Number of entries of a {@link ColorLut}. */
const LUT_SIZE = 256;
const OPAQUE_ALPHA = 0xff000000;

/**
 * A 256-entry colour lookup table of a scheme over a domain, for hot paths: canvas ImageData
 * (`rgba`, little-endian ABGR words for a Uint32Array view), WebGL 1D textures (`rgb`), and CSS.
 */
export interface ColorLut {
  /** One opaque colour per entry as a 32-bit word whose bytes, little-endian, are R, G, B, A (for a Uint32Array view of ImageData). */
  readonly rgba: Uint32Array;
  /** R, G, B bytes of each entry, one after the other (768 bytes). */
  readonly rgb: Uint8Array;
  readonly domain: [number, number];
  /** The table index 0..255 of a value (clamped to the domain). */
  index(v: number): number;
  /** The CSS colour of a value. */
  css(v: number): string;
}

/** Builds the lookup table of `scheme` over `domain` (default [0, 1]): entry k is the scheme's colour at k / 255. */
export function colorLut(scheme: SequentialScheme | DivergingScheme, domain: [number, number] = [0, 1]): ColorLut {
  const interpolate = interpolateScheme(scheme);
  const rgb = new Uint8Array(LUT_SIZE * 3);
  const rgba = new Uint32Array(LUT_SIZE);
  for (let k = 0; k < LUT_SIZE; k++) {
    const [r, g, b] = parseColor(interpolate(k / (LUT_SIZE - 1)));
    rgb[k * 3] = r;
    rgb[k * 3 + 1] = g;
    rgb[k * 3 + 2] = b;
    rgba[k] = (OPAQUE_ALPHA | (b << 16) | (g << 8) | r) >>> 0;
  }
  const [lo, hi] = domain;
  const entriesPerUnit = hi > lo ? (LUT_SIZE - 1) / (hi - lo) : 0;
  const index = (v: number): number => {
    const k = Math.floor((v - lo) * entriesPerUnit + 0.5);
    // NaN and values below the domain give 0 (the comparison with NaN is false).
    return k > 0 ? Math.min(k, LUT_SIZE - 1) : 0;
  };
  const css = (v: number): string => {
    const k = index(v) * 3;
    return `rgb(${rgb[k]},${rgb[k + 1]},${rgb[k + 2]})`;
  };
  return { rgba, rgb, domain, index, css };
}
