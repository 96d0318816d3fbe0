import { rgbToHex, textColorOn } from '@tensorlens/core';
import type { ColorLut } from '@tensorlens/core';

/** Colour schemes of the cells. */
export type CellScheme = 'viridis' | 'magma' | 'blues' | 'greys';

export { colorLut } from '@tensorlens/core';
export type { ColorLut } from '@tensorlens/core';

/** Black or white, whichever reads better on the lut colour at index k (WCAG contrast). */
export function textOn(lut: ColorLut, k: number): string {
  return textColorOn(rgbToHex(lut.rgb[k * 3], lut.rgb[k * 3 + 1], lut.rgb[k * 3 + 2]));
}
