import type { ColorLut } from '@tensorlens/core';
import type { SalImage, SalMap } from './input';

/** How one map is coloured. */
export interface PaintSpec {
  /** Signed: the LUT spans [−clip, clip]; else it spans [0, clip] over |a|. */
  signed: boolean;
  /** The clip value (> 0, finite): |a| ≥ clip gets the end colour. */
  clip: number;
  /** The scheme's table; only its colours are read (entry 0 is −clip, or 0 for magnitudes; entry 255 is +clip). */
  lut: ColorLut;
  /** Blend only: the largest weight of the map colour over the image. */
  opacity: number;
  /** Blend only: 'magnitude' weights each pixel by opacity·min(1, |a|/clip), 'constant' by opacity. */
  alpha: 'magnitude' | 'constant';
}

const LAST_ENTRY = 255;

/**
 * Writes the coloured map into `out` (RGBA bytes, w·h·4): over the image (blend) when `image` is given, else
 * the colour alone. One pass, no per-pixel objects. Values are divided by the clip value before anything else, so
 * maps near the largest float64 (±1.8e308) colour correctly.
 */
export function paintMap(out: Uint8ClampedArray, map: SalMap, image: SalImage | null, spec: PaintSpec): void {
  const { data } = map;
  const rgb = spec.lut.rgb;
  const inverseClip = 1 / spec.clip;
  const constant = spec.alpha == 'constant';
  const source = image?.rgba;
  for (let p = 0, q = 0; p < data.length; p++, q += 4) {
    const scaled = data[p] * inverseClip; // −1…1 within the clip
    const position = spec.signed ? (scaled + 1) / 2 : Math.abs(scaled);
    let entry = Math.floor(position * LAST_ENTRY + 0.5);
    entry = (entry < 0 ? 0 : entry > LAST_ENTRY ? LAST_ENTRY : entry) * 3;
    if (source) {
      const strength = Math.abs(scaled);
      const weight = constant ? spec.opacity : spec.opacity * (strength > 1 ? 1 : strength);
      const keep = 1 - weight;
      out[q] = source[q] * keep + rgb[entry] * weight;
      out[q + 1] = source[q + 1] * keep + rgb[entry + 1] * weight;
      out[q + 2] = source[q + 2] * keep + rgb[entry + 2] * weight;
    } else {
      out[q] = rgb[entry];
      out[q + 1] = rgb[entry + 1];
      out[q + 2] = rgb[entry + 2];
    }
    out[q + 3] = 255;
  }
}
