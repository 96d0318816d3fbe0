/** Colour schemes of the cells. */
export type CellScheme = 'viridis' | 'magma' | 'blues' | 'greys';

// Stops sampled from the d3-scale-chromatic schemes (ColorBrewer Blues/Greys/RdBu, matplotlib viridis/magma).
const STOPS: Record<CellScheme | 'rdbu', string> = {
  blues: 'f7fbffdeebf7c6dbef9ecae16baed64292c62171b508519c08306b',
  greys: 'fffffff0f0f0d9d9d9bdbdbd969696737373525252252525000000',
  viridis: '440154472d7b3b528b2c728e21918c28ae805ec962addc30fde725',
  magma: '0000041c10444f127b812581b5367ae55964fb8761fec287fcfdbf',
  rdbu: '67001fb2182bd6604df4a582fddbc7f7f7f7d1e5f092c5de4393c32166ac053061',
};

/** A 256-entry colour lookup table: `rgba` packed for a Uint32 view of ImageData, `css` strings. */
export interface ColorLut {
  rgba: Uint32Array;
  rgb: Uint8Array;
  css(v: number): string;
  /** Maps a value to 0..255 with the lut's domain. */
  index(v: number): number;
  domain: [number, number];
}

const cache = new Map<string, Uint8Array>();

function table(scheme: CellScheme | 'rdbu'): Uint8Array {
  let rgb = cache.get(scheme);
  if (rgb) return rgb;
  const hex = STOPS[scheme] ?? STOPS.blues;
  const n = hex.length / 6;
  const stops = Array.from({ length: n }, (_, i) => [0, 2, 4].map((o) => parseInt(hex.substr(i * 6 + o, 2), 16)));
  rgb = new Uint8Array(768);
  for (let k = 0; k < 256; k++) {
    const t = (k / 255) * (n - 1);
    const i = Math.min(n - 2, Math.floor(t));
    const f = t - i;
    for (let c = 0; c < 3; c++) rgb[k * 3 + c] = Math.round(stops[i][c] + (stops[i + 1][c] - stops[i][c]) * f);
  }
  cache.set(scheme, rgb);
  return rgb;
}

/** A lookup table over `domain` (sequential) or centred at 0 over [-m, m] (diverging, 'rdbu'). */
export function colorLut(scheme: CellScheme | 'rdbu', domain: [number, number]): ColorLut {
  const rgb = table(scheme);
  const rgba = new Uint32Array(256);
  for (let k = 0; k < 256; k++) rgba[k] = (255 << 24) | (rgb[k * 3 + 2] << 16) | (rgb[k * 3 + 1] << 8) | rgb[k * 3];
  const [lo, hi] = domain;
  const s = hi > lo ? 255 / (hi - lo) : 0;
  const index = (v: number) => {
    const k = ((v - lo) * s + 0.5) | 0;
    return k < 0 ? 0 : k > 255 ? 255 : k;
  };
  return {
    rgba,
    rgb,
    domain,
    index,
    css: (v) => {
      const k = index(v) * 3;
      return `rgb(${rgb[k]},${rgb[k + 1]},${rgb[k + 2]})`;
    },
  };
}

/** Black or white, whichever reads better on the lut colour at index k (WCAG relative luminance). */
export function textOn(lut: ColorLut, k: number): string {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const L = 0.2126 * lin(lut.rgb[k * 3]) + 0.7152 * lin(lut.rgb[k * 3 + 1]) + 0.0722 * lin(lut.rgb[k * 3 + 2]);
  return L > 0.179 ? '#000' : '#fff';
}
