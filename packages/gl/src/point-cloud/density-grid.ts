// The 2D density grid built on the CPU: every point's colour and count added into the cell of a data-space
// grid that holds it, as a typed-array histogram (RGB colour sums + count per cell, float32). The renderer
// uploads it as a float texture and the resolve pass reads it exactly as it reads the GPU splat's framebuffer.
// One pass over the points with a few typed-array reads and four adds each: tens of milliseconds for millions
// of points, where a splat of one-pixel points costs about a microsecond a point on a software rasteriser (and
// a half-float framebuffer saturates at 2048 points a cell; float32 sums here are exact up to 2^24).
//
// It reproduces what the GPU splat draws (shaders.ts, SPLAT):
//   - the cell of a point is the pixel its one-pixel point covers in a viewport of gw × gh over [x0, x0 + w] ×
//     [y0, y0 + h]: floor((x − x0) / w · gw), floor((y − y0) / h · gh); points outside the grid are dropped;
//   - its colour is the constant colour, the palette texel of its category (nearest, rows clamped; code 65535
//     = missing colour) or the value ramp filtered linearly at its value code (4095 = missing colour);
//   - with a selection / highlight / search active, emphasised points are left out (they are drawn on top as
//     points), and with hideUnselected the unselected ones too.
import { FLAG_HIGHLIGHT, FLAG_MATCH, FLAG_SELECTED, MISSING_CATEGORY, MISSING_VALUE, VALUE_LEVELS } from './packing';

/** A grid of gw × gh cells over the data rectangle [x0, x0 + w] × [y0, y0 + h]. */
export interface GridBox {
  x0: number;
  y0: number;
  w: number;
  h: number;
  gw: number;
  gh: number;
}

/** What colours a point and which points are left out, as in the splat shader. */
export interface BinStyle {
  /** 0 constant colour, 1 category palette, 2 value ramp. */
  colorMode: number;
  /** RGBA 0…1 (alpha unused). */
  constColor: ArrayLike<number>;
  missingColor: ArrayLike<number>;
  /** RGBA8 palette texture data, 256 texels a row, `paletteRows` rows. */
  palette: Uint8Array;
  paletteRows: number;
  /** RGBA8 value ramp, 256 texels. */
  ramp: Uint8Array;
  /** Selection, highlight, search active (0/1). */
  active: ArrayLike<number>;
  hideUnselected: boolean;
}

/** Per-code colours (r, g, b, 0…1) for the colour mode: category codes 0…65535, value codes 0…4095, or one. */
export function colourTable(s: BinStyle): Float32Array {
  const rgb = (out: Float32Array, i: number, c: ArrayLike<number>) => {
    out[3 * i] = c[0];
    out[3 * i + 1] = c[1];
    out[3 * i + 2] = c[2];
  };
  if (s.colorMode === 1) {
    const out = new Float32Array(65536 * 3);
    const p = s.palette, rows = Math.max(1, s.paletteRows);
    for (let k = 0; k < 65536; k++) {
      if (k === MISSING_CATEGORY) {
        rgb(out, k, s.missingColor);
        continue;
      }
      // The shader samples row floor(k / 256) (clamped to the texture) at column k mod 256.
      const t = 4 * (Math.min(k >> 8, rows - 1) * 256 + (k & 255));
      out[3 * k] = p[t] / 255;
      out[3 * k + 1] = p[t + 1] / 255;
      out[3 * k + 2] = p[t + 2] / 255;
    }
    return out;
  }
  if (s.colorMode === 2) {
    const out = new Float32Array(4096 * 3);
    const r = s.ramp;
    for (let v = 0; v < 4096; v++) {
      if (v === MISSING_VALUE) {
        rgb(out, v, s.missingColor);
        continue;
      }
      // Linear filtering between texels at u = v / 4094 · 255 (texel centres).
      const u = (v / (VALUE_LEVELS - 1)) * 255, i = Math.min(254, Math.floor(u)), f = u - i;
      for (let c = 0; c < 3; c++) out[3 * v + c] = ((1 - f) * r[4 * i + c] + f * r[4 * (i + 1) + c]) / 255;
    }
    return out;
  }
  const out = new Float32Array(3);
  rgb(out, 0, s.constColor);
  return out;
}

/** Which of the 16 flag combinations leave a point out of the density (see the splat shader's `hidden`). */
export function skippedFlags(s: BinStyle): Uint8Array | null {
  const [sel, hl, match] = [s.active[0] > 0.5, s.active[1] > 0.5, s.active[2] > 0.5];
  if (!sel && !hl && !match) return null;
  const out = new Uint8Array(16);
  for (let f = 0; f < 16; f++) {
    const isSel = (f & FLAG_SELECTED) !== 0;
    const emph = (sel && isSel) || (hl && (f & FLAG_HIGHLIGHT) !== 0) || (match && (f & FLAG_MATCH) !== 0);
    out[f] = emph || (s.hideUnselected && sel && !isSel) ? 1 : 0;
  }
  return out;
}

/**
 * Adds `count` points (origin-relative `x`, `y`, packed `cv` words or null) into `out` (gw × gh × 4 floats,
 * row 0 at y0: RGB colour sums and the count per cell). `out` is cleared first. Returns `out`.
 */
export function binDensity(out: Float32Array, x: Float32Array, y: Float32Array, cv: Uint16Array | null, count: number, g: GridBox, s: BinStyle): Float32Array {
  out.fill(0);
  const { x0, y0, gw, gh } = g;
  const sx = gw / g.w, sy = gh / g.h;
  const lut = colourTable(s);
  const skip = cv ? skippedFlags(s) : null;
  const mode = cv ? s.colorMode : 0;
  for (let i = 0; i < count; i++) {
    const fx = (x[i] - x0) * sx, fy = (y[i] - y0) * sy;
    // Also false for NaN.
    if (!(fx >= 0 && fx < gw && fy >= 0 && fy < gh)) continue;
    let k = 0;
    if (mode || skip) {
      const w = cv![2 * i + 1];
      if (skip && skip[w & 15]) continue;
      k = mode === 1 ? 3 * cv![2 * i] : mode === 2 ? 3 * (w >> 4) : 0;
    }
    const o = ((fy | 0) * gw + (fx | 0)) << 2;
    out[o] += lut[k];
    out[o + 1] += lut[k + 1];
    out[o + 2] += lut[k + 2];
    out[o + 3] += 1;
  }
  return out;
}

/** float32 → IEEE half-float bits (round to nearest even; overflow → Infinity), for half-float textures. */
export function toHalf(src: Float32Array, out = new Uint16Array(src.length)): Uint16Array {
  const f = new Float32Array(1), u = new Uint32Array(f.buffer);
  for (let i = 0; i < src.length; i++) {
    f[0] = src[i];
    const b = u[0];
    const sign = (b >>> 16) & 0x8000;
    const e = ((b >>> 23) & 0xff) - 127 + 15;
    let m = b & 0x7fffff;
    if (e >= 31) out[i] = sign | 0x7c00 | (((b >>> 23) & 0xff) === 0xff && m ? 0x200 : 0);
    else if (e <= 0) {
      if (e < -10) out[i] = sign;
      else {
        m |= 0x800000;
        const shift = 14 - e;
        let h = m >>> shift;
        const rem = m & ((1 << shift) - 1), half = 1 << (shift - 1);
        if (rem > half || (rem === half && h & 1)) h++;
        out[i] = sign | h;
      }
    } else {
      let h = (e << 10) | (m >>> 13);
      const rem = m & 0x1fff;
      if (rem > 0x1000 || (rem === 0x1000 && h & 1)) h++;
      out[i] = sign | h;
    }
  }
  return out;
}
