import { TensorLensError } from './errors';
import { oklch, rgbToHex } from './color';

/** Sequential schemes: viridis and magma (perceptually uniform, from matplotlib), ColorBrewer blues and greys. */
export type SequentialScheme = 'viridis' | 'magma' | 'blues' | 'greys';
/** Diverging schemes (ColorBrewer): red → white → blue, orange → white → purple. */
export type DivergingScheme = 'rdbu' | 'puor';

// Evenly spaced stops, interpolated linearly in sRGB. viridis (15 stops) and magma (10 stops) are fitted to
// matplotlib's 256-entry tables (within 5/255); the others are ColorBrewer's 9/11-class schemes. Greys are
// stored as one channel per stop.
const STOPS: Record<SequentialScheme | DivergingScheme, string> = {
  viridis: '440154481b6d46327e3f4889365c8d2e6e8e277f8e21918d1ea1872db27d4ac16d71cf579fda3acfe117fde725',
  magma: '000004160f3f451077721f819f2f7fcd3f71f1605dfd9567fec98dfcfdbf',
  blues: 'f7fbffdeebf7c6dbef9ecae16baed64292c62171b508519c08306b',
  greys: 'fff0d9bd9673522500',
  rdbu: '67001fb2182bd6604df4a582fddbc7f7f7f7d1e5f092c5de4393c32166ac053061',
  puor: '7f3b08b35806e08214fdb863fee0b6f7f7f7d8daebb2abd28073ac5427882d004b',
};

/** The colour for values outside every scale: NaN. */
export const MISSING_COLOR = '#cccccc';

/** The interpolator `t ∈ [0, 1] → #rrggbb` of a scheme (t is clamped; NaN gives {@link MISSING_COLOR}). */
export function interpolateScheme(scheme: SequentialScheme | DivergingScheme): (t: number) => string {
  const s = STOPS[scheme];
  if (!s) throw new TensorLensError('option', 'scheme', Object.keys(STOPS).join(' | '), String(scheme));
  const v = s.match(/../g)!.flatMap((h) => Array(s.length < 20 ? 3 : 1).fill(parseInt(h, 16)));
  const n = v.length / 3 - 1;
  return (t) => {
    if (t !== t) return MISSING_COLOR;
    t = t < 0 ? 0 : t > 1 ? n : t * n;
    const k = Math.min(n - 1, t | 0) * 3;
    const f = t - k / 3;
    const c = (j: number) => v[k + j] + (v[k + j + 3] - v[k + j]) * f;
    return rgbToHex(c(0), c(1), c(2));
  };
}

/** Maps `[min, max]` to a sequential scheme (default viridis), clamping outside the domain. */
export function sequentialScale(domain: [number, number], scheme: SequentialScheme = 'viridis'): (v: number) => string {
  const f = interpolateScheme(scheme);
  const [a, b] = domain;
  return (v) => f(a === b ? 0.5 : (v - a) / (b - a));
}

/**
 * Maps values to a diverging scheme (default rdbu) centred on `center` (default 0): the centre is the middle
 * colour and the scale is symmetric — equal distances either side get equally strong colours, the larger of
 * the two half-domains reaching the ends of the scheme.
 */
export function divergingScale(domain: [number, number], center = 0, scheme: DivergingScheme = 'rdbu'): (v: number) => string {
  const f = interpolateScheme(scheme);
  const m = Math.max(Math.abs(domain[0] - center), Math.abs(domain[1] - center)) || 1;
  return (v) => f(0.5 + (v - center) / (2 * m));
}

/** Ten hand-picked, distinct colours (Tableau 10). */
export const CATEGORICAL = '#4e79a7 #f28e2c #e15759 #76b7b2 #59a14f #edc949 #af7aa1 #ff9da7 #9c755f #bab0ab'.split(' ');

/**
 * `n` distinct colours for classes: the ten of {@link CATEGORICAL}, then evenly spaced OKLCH hues with
 * alternating lightness for the rest.
 */
export function categoricalColors(n: number): string[] {
  const out = CATEGORICAL.slice(0, n);
  const m = n - 10;
  for (let j = 0; j < m; j++) out.push(oklch([0.5, 0.82, 0.66][j % 3], 0.18, 40 + (360 * j) / m));
  return out;
}
