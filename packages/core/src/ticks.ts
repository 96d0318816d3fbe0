// Axis ticks and their labels, from d3-scale: one tick generator for every axis of every component.
import { scaleBand, scaleLinear, scaleLog, scaleTime, scaleUtc } from 'd3-scale';
import { formatSpecifier, precisionFixed, precisionPrefix, precisionRound } from 'd3-format';
import { numberFormat, numberFormatPrefix } from './format';

/** Default number of ticks asked for (d3's default): the result has about this many. */
const DEFAULT_TICK_COUNT = 10;

/**
 * Nice linear ticks — multiples of 1, 2 or 5 × 10^k — about `count` of them (default 10), inside `[lo, hi]`
 * (d3's `scaleLinear().domain([lo, hi]).ticks(count)`). `lo > hi` gives them in descending order; `lo === hi`
 * gives `[lo]`; a non-finite bound gives `[]`.
 *
 * ```ts
 * linearTicks(0, 1, 5)       // [0, 0.2, 0.4, 0.6, 0.8, 1]
 * linearTicks(-0.3, 9.7, 5)  // [0, 2, 4, 6, 8]
 * ```
 */
export function linearTicks(lo: number, hi: number, count = DEFAULT_TICK_COUNT): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (lo === hi) return [lo];
  return scaleLinear().domain([lo, hi]).ticks(count);
}

/**
 * `[lo, hi]` widened to the nearest ticks outside it (d3's `scale.nice(count)`), so an axis starts and ends on a
 * labelled value: `niceDomain(0.13, 9.7)` → `[0, 10]`.
 */
export function niceDomain(lo: number, hi: number, count = DEFAULT_TICK_COUNT): [number, number] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo === hi) return [lo, hi];
  const [a, b] = scaleLinear().domain([lo, hi]).nice(count).domain();
  return [a, b];
}

/**
 * Ticks of a log₁₀ axis over `[lo, hi]` (both > 0), the ones d3 labels: powers of ten, and between them the
 * multiples 2…9 × 10^k that d3's `scaleLog().tickFormat(count)` keeps for about `count` labels (default 10).
 * A domain that is not positive gives `[]`.
 *
 * ```ts
 * logTicks(1, 100)        // [1, 2, 3, 4, 5, 10, 20, 30, 40, 50, 100]
 * logTicks(1, 100, 3)     // [1, 10, 100]
 * logTicks(1e-3, 1e3, 5)  // [0.001, 0.01, 0.1, 1, 10, 100, 1000]
 * ```
 */
export function logTicks(lo: number, hi: number, count = DEFAULT_TICK_COUNT): number[] {
  if (!(lo > 0) || !(hi > 0) || !Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (lo === hi) return [lo];
  const scale = scaleLog().domain([lo, hi]);
  const labelled = scale.tickFormat(count);
  return scale.ticks(count).filter((t) => labelled(t) !== '');
}

/** Options of {@link timeTicks} and {@link timeTickFormat}. */
export interface TimeTickOptions {
  /** Use the page's time zone (d3's `scaleTime`) instead of UTC (d3's `scaleUtc`, the default: the same everywhere). */
  local?: boolean;
}

const timeScale = (lo: number | Date, hi: number | Date, local: boolean | undefined) => (local ? scaleTime() : scaleUtc()).domain([new Date(+lo), new Date(+hi)]);

/**
 * Nice time ticks over `[lo, hi]` (Dates or epoch milliseconds): about `count` of them at calendar steps
 * (seconds, minutes, hours, days, weeks, months, years) — d3's `scaleUtc().ticks(count)` (or `scaleTime` with
 * `local`). `timeTicks(Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 8), 7)` gives the eight midnights.
 */
export function timeTicks(lo: number | Date, hi: number | Date, count = DEFAULT_TICK_COUNT, options: TimeTickOptions = {}): Date[] {
  if (!Number.isFinite(+lo) || !Number.isFinite(+hi)) return [];
  return timeScale(lo, hi, options.local).ticks(count);
}

/**
 * The label function of {@link linearTicks}' ticks, as d3's `scaleLinear().tickFormat(count, specifier)` makes
 * it: every tick gets the precision the tick step needs (`0.2`, not `0.20000000000000004`; `1,000,000`). A
 * d3-format `specifier` (e.g. `'~s'`, `'.0%'`, `'e'`) chooses the notation; its precision, when left out, comes
 * from the step. Minus signs are ASCII `-` and grouping `,` in every locale (d3's default locale prints U+2212).
 *
 * ```ts
 * linearTicks(0, 1, 5).map(tickFormat(0, 1, 5))           // ['0.0', '0.2', '0.4', '0.6', '0.8', '1.0']
 * linearTicks(0, 1e6, 5).map(tickFormat(0, 1e6, 5, '~s')) // ['0', '200k', '400k', '600k', '800k', '1M']
 * ```
 */
export function tickFormat(lo: number, hi: number, count = DEFAULT_TICK_COUNT, specifier = ',f'): (value: number) => string {
  const ticks = linearTicks(lo, hi, count);
  const step = ticks.length > 1 ? Math.abs(ticks[1] - ticks[0]) : Math.abs(hi - lo) || 1;
  const largest = Math.max(Math.abs(lo), Math.abs(hi));
  const spec = formatSpecifier(specifier);
  if (spec.precision == null) {
    let precision = NaN;
    switch (spec.type) {
      case 's':
        precision = precisionPrefix(step, largest);
        break;
      case '':
      case 'e':
      case 'g':
      case 'p':
      case 'r':
        precision = precisionRound(step, largest) - (spec.type === 'e' ? 1 : 0);
        break;
      case 'f':
      case '%':
        precision = precisionFixed(step) - (spec.type === '%' ? 2 : 0);
        break;
    }
    if (!Number.isNaN(precision)) spec.precision = Math.max(0, precision);
  }
  return spec.type === 's' ? numberFormatPrefix(spec.toString(), largest) : numberFormat(spec.toString());
}

/**
 * The label function of {@link logTicks}' ticks: plain numbers in tensorlens' number style (`0.001`, `50`,
 * `1,000`), the same for every tick of {@link logTicks}.
 */
export function logTickFormat(): (value: number) => string {
  return numberFormat(',~g');
}

/**
 * The label function of {@link timeTicks}' ticks: d3's multi-scale time format (`2024`, `Tue 02`, `Jan 07`,
 * `06 PM`, `:30`), each tick labelled at the finest unit it starts (UTC unless `local`).
 */
export function timeTickFormat(lo: number | Date, hi: number | Date, count = DEFAULT_TICK_COUNT, options: TimeTickOptions = {}): (value: Date | number) => string {
  const format = timeScale(lo, hi, options.local).tickFormat(count);
  return (value) => format(new Date(+value));
}

/** A band of a categorical axis: where category `k` starts and how wide it is. */
export interface Band {
  /** Start of each category's band, in category order. */
  starts: number[];
  /** Width of each band (the same for every band). */
  bandwidth: number;
  /** Distance from one band's start to the next one's. */
  step: number;
}

/**
 * Bands of a categorical axis: `categories` laid out over `[start, end]` with `padding` (0–1, a fraction of the
 * step, default 0.1) between bands and at the ends — d3's `scaleBand().domain(categories).range([start, end])`.
 */
export function bandLayout(categories: readonly string[], start: number, end: number, padding = 0.1): Band {
  const scale = scaleBand<string>().domain(categories).range([start, end]).padding(padding);
  return { starts: categories.map((c) => scale(c) ?? NaN), bandwidth: scale.bandwidth(), step: scale.step() };
}
