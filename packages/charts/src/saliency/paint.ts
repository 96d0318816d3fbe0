import type { ColorLut } from '@tensorlens/core';
import type { SalImage, SalMap } from './input';

/** How one map is coloured. */
export interface PaintSpec {
  /** Signed: the LUT spans [−clip, clip]; else it spans [0, clip] over |a|. */
  signed: boolean;
  /** The clip value (> 0): |a| ≥ clip gets the end colour. */
  clip: number;
  lut: ColorLut;
  /** Blend only: the largest weight of the map colour over the image. */
  opacity: number;
  /** Blend only: 'magnitude' weights each pixel by opacity·min(1, |a|/clip), 'constant' by opacity. */
  alpha: 'magnitude' | 'constant';
}

/**
 * Writes the coloured map into `out` (RGBA bytes, w·h·4): over the image (blend) when `image` is given, else
 * the colour alone. One pass, no per-pixel objects.
 */
export function paintMap(out: Uint8ClampedArray, map: SalMap, image: SalImage | null, s: PaintSpec): void {
  const { data } = map;
  const rgb = s.lut.rgb;
  const [lo, hi] = s.lut.domain;
  const k = 255 / (hi - lo);
  const inv = 1 / s.clip;
  const constant = s.alpha == 'constant';
  const src = image?.rgba;
  for (let p = 0, q = 0; p < data.length; p++, q += 4) {
    const v = s.signed ? data[p] : Math.abs(data[p]);
    let j = ((v - lo) * k + 0.5) | 0;
    j = (j < 0 ? 0 : j > 255 ? 255 : j) * 3;
    if (src) {
      let t = Math.abs(v) * inv;
      t = constant ? s.opacity : s.opacity * (t > 1 ? 1 : t);
      const u = 1 - t;
      out[q] = src[q] * u + rgb[j] * t;
      out[q + 1] = src[q + 1] * u + rgb[j + 1] * t;
      out[q + 2] = src[q + 2] * u + rgb[j + 2] * t;
    } else {
      out[q] = rgb[j];
      out[q + 1] = rgb[j + 1];
      out[q + 2] = rgb[j + 2];
    }
    out[q + 3] = 255;
  }
}
