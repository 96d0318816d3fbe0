import { interpolateScheme } from './scales';
import type { DivergingScheme, SequentialScheme } from './scales';

/**
 * A 256-entry colour lookup table of a scheme over a domain, for hot paths: canvas ImageData
 * (`rgba`, little-endian ABGR words for a Uint32Array view), WebGL 1D textures (`rgb`), and CSS.
 */
export interface ColorLut {
  readonly rgba: Uint32Array;
  readonly rgb: Uint8Array;
  readonly domain: [number, number];
  /** The table index 0..255 of a value (clamped to the domain). */
  index(v: number): number;
  /** The CSS colour of a value. */
  css(v: number): string;
}

/** Builds the lookup table of `scheme` over `domain` (default [0, 1]). */
export function colorLut(scheme: SequentialScheme | DivergingScheme, domain: [number, number] = [0, 1]): ColorLut {
  const f = interpolateScheme(scheme);
  const rgb = new Uint8Array(768);
  const rgba = new Uint32Array(256);
  for (let k = 0; k < 256; k++) {
    const h = parseInt(f(k / 255).slice(1), 16);
    rgb.set([h >> 16, (h >> 8) & 255, h & 255], k * 3);
    rgba[k] = 0xff000000 | ((h & 255) << 16) | (h & 0xff00) | (h >> 16);
  }
  const [lo, hi] = domain;
  const s = hi > lo ? 255 / (hi - lo) : 0;
  const index = (v: number) => {
    const k = ((v - lo) * s + 0.5) | 0;
    return k < 0 ? 0 : k > 255 ? 255 : k;
  };
  return { rgba, rgb, domain, index, css: (v) => `rgb(${rgb.subarray((v = index(v) * 3), v + 3).join()})` };
}
