// Colour scales on d3-scale: each scheme is interpolated linearly between its stops (schemes.ts, sampled from
// d3-scale-chromatic by scripts/make-color-schemes.mjs and tested against it) behind d3-scale's sequential and
// diverging scales. Viridis and magma come from matplotlib; blues, greys, rdbu and puor are ColorBrewer's.
import { scaleDiverging, scaleSequential } from 'd3-scale';
import { fail } from './errors';
import { oklch, parseColor, rgbToHex } from './color';
import { SCHEME_STOPS } from './schemes';

/** Sequential schemes: viridis and magma (perceptually uniform, from matplotlib), ColorBrewer blues and greys. */
export type SequentialScheme = 'viridis' | 'magma' | 'blues' | 'greys';
/** Diverging schemes (ColorBrewer, smoothed by d3): red → light grey → blue, orange → light grey → purple. */
export type DivergingScheme = 'rdbu' | 'puor';

/** `t → #rrggbb` (t clamped to [0, 1]), linear in sRGB between evenly spaced stops. */
function stopsInterpolator(stops: readonly string[]): (t: number) => string {
  const channels = stops.map((stop) => parseColor(stop));
  const last = stops.length - 1;
  return (t) => {
    const x = Math.min(1, Math.max(0, t)) * last;
    const i = Math.min(last - 1, Math.floor(x));
    const f = x - i;
    const [r0, g0, b0] = channels[i];
    const [r1, g1, b1] = channels[i + 1];
    return rgbToHex(r0 + (r1 - r0) * f, g0 + (g1 - g0) * f, b0 + (b1 - b0) * f);
  };
}

/** The interpolator of each scheme name. */
const INTERPOLATORS: Record<SequentialScheme | DivergingScheme, (t: number) => string> = {
  viridis: stopsInterpolator(SCHEME_STOPS.viridis),
  magma: stopsInterpolator(SCHEME_STOPS.magma),
  blues: stopsInterpolator(SCHEME_STOPS.blues),
  greys: stopsInterpolator(SCHEME_STOPS.greys),
  rdbu: stopsInterpolator(SCHEME_STOPS.rdbu),
  puor: stopsInterpolator(SCHEME_STOPS.puor),
};

/** The colour for values outside every scale: NaN. */
export const MISSING_COLOR = '#cccccc';

function interpolatorOf(scheme: SequentialScheme | DivergingScheme): (t: number) => string {
  const interpolator = Object.prototype.hasOwnProperty.call(INTERPOLATORS, scheme) ? INTERPOLATORS[scheme] : undefined;
  if (!interpolator) throw fail('option', 'scheme', Object.keys(INTERPOLATORS).map((k) => `'${k}'`).join(' | '), String(scheme));
  return interpolator;
}

/** The interpolator `t ∈ [0, 1] → #rrggbb` of a scheme (t is clamped; NaN gives {@link MISSING_COLOR}). */
export function interpolateScheme(scheme: SequentialScheme | DivergingScheme): (t: number) => string {
  const interpolator = interpolatorOf(scheme);
  return (t) => (Number.isNaN(t) ? MISSING_COLOR : interpolator(t));
}

/**
 * Maps `[min, max]` to a sequential scheme (default viridis), clamping outside the domain; a zero-width domain maps
 * to the middle colour and NaN to {@link MISSING_COLOR}. A d3 `scaleSequential` underneath.
 */
export function sequentialScale(domain: [number, number], scheme: SequentialScheme = 'viridis'): (v: number) => string {
  const scale = scaleSequential(interpolatorOf(scheme)).domain(domain).clamp(true).unknown(MISSING_COLOR);
  return (v) => scale(v);
}

/**
 * Maps values to a diverging scheme (default rdbu) centred on `center` (default 0): the centre is the middle
 * colour and the scale is symmetric — equal distances either side get equally strong colours, the larger of
 * the two half-domains reaching the ends of the scheme. A d3 `scaleDiverging` over `[center − m, center, center + m]`.
 */
export function divergingScale(domain: [number, number], center = 0, scheme: DivergingScheme = 'rdbu'): (v: number) => string {
  const halfWidth = Math.max(Math.abs(domain[0] - center), Math.abs(domain[1] - center)) || 1;
  const scale = scaleDiverging(interpolatorOf(scheme))
    .domain([center - halfWidth, center, center + halfWidth])
    .clamp(true)
    .unknown(MISSING_COLOR);
  return (v) => scale(v);
}

/** Ten hand-picked, distinct colours (Tableau 10, as d3-scale-chromatic's `schemeTableau10`). */
export const CATEGORICAL: string[] = ['#4e79a7', '#f28e2c', '#e15759', '#76b7b2', '#59a14f', '#edc949', '#af7aa1', '#ff9da7', '#9c755f', '#bab0ab'];

/** OKLCH lightness of the extra hues past ten classes, cycled so neighbouring hues also differ in lightness. */
const EXTRA_LIGHTNESS = [0.5, 0.82, 0.66];
const EXTRA_CHROMA = 0.18;
const EXTRA_FIRST_HUE = 40;

/**
 * `n` distinct colours for classes: the ten of {@link CATEGORICAL}, then evenly spaced OKLCH hues with
 * alternating lightness for the rest.
 */
export function categoricalColors(n: number): string[] {
  const colors = CATEGORICAL.slice(0, n);
  const extra = n - CATEGORICAL.length;
  for (let j = 0; j < extra; j++) colors.push(oklch(EXTRA_LIGHTNESS[j % EXTRA_LIGHTNESS.length], EXTRA_CHROMA, EXTRA_FIRST_HUE + (360 * j) / extra));
  return colors;
}
