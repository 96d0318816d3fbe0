// One set of number and date formatters for every component (tables, axes, tooltips, legends, summaries), on
// d3-format and d3-time-format, in one fixed locale so a chart reads the same on every machine.
import { formatLocale, type FormatLocaleObject } from 'd3-format';
import { utcFormat, timeFormat } from 'd3-time-format';

/**
 * tensorlens' number locale: `.` decimal point, `,` thousands groups of three, ASCII `-` for minus (d3's default
 * locale prints U+2212), independent of `formatDefaultLocale` calls elsewhere on the page.
 */
const LOCALE: FormatLocaleObject = formatLocale({ decimal: '.', thousands: ',', grouping: [3], currency: ['$', ''], minus: '-' });

/** The text shown for a missing value (NaN, null, undefined, an invalid date). */
export const MISSING_TEXT = '—';
/** The text of +Infinity (−Infinity is `-∞`) where a number is shown on its own: a table cell, a tick, a legend end. */
export const INFINITY_TEXT = '∞';

/** Numbers from this magnitude up are shown in exponent form by {@link formatNumber} and {@link formatValue}. */
const EXPONENT_FROM = 1e15;
/** Non-zero magnitudes below this are shown in exponent form by {@link formatNumber}. */
const TABLE_EXPONENT_BELOW = 1e-4;
/** Non-integers from this magnitude up are rounded to integers by {@link formatNumber}. */
const TABLE_ROUND_FROM = 1e5;
/** Significant digits of the exponent form (`1.23e-7`). */
const EXPONENT_DIGITS = 3;

/** A d3-format formatter (`specifier` as in d3-format: `',d'`, `'.2f'`, `'~s'`, `'.1%'`) in tensorlens' locale. */
export function numberFormat(specifier: string): (value: number) => string {
  return LOCALE.format(specifier);
}

/** d3-format's `formatPrefix(specifier, value)` (a fixed SI prefix chosen from `value`) in tensorlens' locale. */
export function numberFormatPrefix(specifier: string, value: number): (value: number) => string {
  return LOCALE.formatPrefix(specifier, value);
}

const formatInteger = numberFormat(',d');
const formatExponent = numberFormat(`.${EXPONENT_DIGITS - 1}~e`);

/** NaN → {@link MISSING_TEXT}, ±Infinity → `∞` / `-∞`, else null (a finite number, to be formatted). */
function special(value: number): string | null {
  if (Number.isNaN(value)) return MISSING_TEXT;
  if (value === Infinity) return INFINITY_TEXT;
  if (value === -Infinity) return '-' + INFINITY_TEXT;
  return null;
}

/** Options of {@link formatNumber}. */
export interface NumberFormatOptions {
  /** Significant digits of non-integers (default 6). */
  digits?: number;
}

/**
 * A number as a table shows it, the same in every locale: integers in full with thousands separators
 * (`1,234,567`; non-integers from 100,000 up rounded to integers), others with up to `digits` (default 6)
 * significant digits (`0.00528`, `3.14159`), very large or very small magnitudes in exponent form with 3
 * significant digits (`1.23e-7`, `4.5e+15`), NaN as `—`, infinities as `∞` / `-∞`.
 */
export function formatNumber(value: number, options: NumberFormatOptions = {}): string {
  const digits = options.digits ?? 6;
  const v = +value;
  const text = special(v);
  if (text !== null) return text;
  const sign = v < 0 ? '-' : '';
  const magnitude = Math.abs(v);
  if (magnitude >= EXPONENT_FROM || (magnitude < TABLE_EXPONENT_BELOW && magnitude > 0)) return sign + formatExponent(magnitude);
  if (Number.isInteger(magnitude) || magnitude >= TABLE_ROUND_FROM) return sign + formatInteger(Math.round(magnitude));
  const rounded = Number(magnitude.toPrecision(digits));
  // Rounding to `digits` can reach an integer (99999.95 → 100000): print it as one.
  if (Number.isInteger(rounded)) return sign + formatInteger(rounded);
  return sign + numberFormat(`,.${digits}~g`)(rounded);
}

/**
 * A count: whole numbers with thousands separators (`1,234,567`), a weighted (non-integer) count with 3
 * significant digits (`12.3`), NaN as `—`, infinities as `∞` / `-∞`.
 */
export function formatCount(value: number): string {
  const v = +value;
  const text = special(v);
  if (text !== null) return text;
  return Number.isInteger(v) ? formatInteger(v) : formatNumber(v, { digits: 3 });
}

/** Options of {@link formatPercent}. */
export interface PercentFormatOptions {
  /** Decimals of the percentage, trailing zeros dropped (default 1: `8.3%`, `8%`). */
  digits?: number;
}

/** A ratio as a percentage: `0.083` → `8.3%`, `0.5` → `50%`, `1` → `100%`; NaN as `—`, infinities as `∞` / `-∞`. */
export function formatPercent(ratio: number, options: PercentFormatOptions = {}): string {
  const v = +ratio;
  const text = special(v);
  if (text !== null) return text;
  return numberFormat(`,.${options.digits ?? 1}~%`)(v);
}

/** Options of {@link formatDate}. */
export interface DateFormatOptions {
  /**
   * A d3-time-format specifier (`'%Y-%m-%d'`, `'%b %d, %Y'`). Default: ISO-like `2024-01-31`, with `13:05`,
   * `13:05:09` or `13:05:09.250` added when the time of day is not midnight.
   */
  specifier?: string;
  /** Use the page's time zone instead of UTC (the default: the same date everywhere). */
  local?: boolean;
}

const DATE = '%Y-%m-%d';
/** The default date specifiers, by detail: the date, then with minutes, seconds, milliseconds. */
const DATE_SPECIFIERS = [DATE, `${DATE} %H:%M`, `${DATE} %H:%M:%S`, `${DATE} %H:%M:%S.%L`];
// Made on first use, so a bundle that never formats a date leaves d3-time-format out.
let utcFormats: Array<(d: Date) => string> | null = null;
let localFormats: Array<(d: Date) => string> | null = null;

/** A date (a Date or epoch milliseconds) as text; an invalid date as `—`. */
export function formatDate(date: Date | number, options: DateFormatOptions = {}): string {
  const d = date instanceof Date ? date : new Date(+date);
  if (Number.isNaN(d.getTime())) return MISSING_TEXT;
  if (options.specifier) return (options.local ? timeFormat : utcFormat)(options.specifier)(d);
  const local = !!options.local;
  const hours = local ? d.getHours() : d.getUTCHours();
  const minutes = local ? d.getMinutes() : d.getUTCMinutes();
  const seconds = local ? d.getSeconds() : d.getUTCSeconds();
  const milliseconds = local ? d.getMilliseconds() : d.getUTCMilliseconds();
  const detail = milliseconds ? 3 : seconds ? 2 : hours || minutes ? 1 : 0;
  const formats = local ? (localFormats ??= DATE_SPECIFIERS.map((spec) => timeFormat(spec))) : (utcFormats ??= DATE_SPECIFIERS.map((spec) => utcFormat(spec)));
  return formats[detail](d);
}

/** Magnitudes from this up get an SI suffix in {@link formatValue} (`12.5k`). */
const SI_FROM = 1e4;
/** Non-zero magnitudes below this are in exponent form in {@link formatValue}. */
const SHORT_EXPONENT_BELOW = 1e-3;
const formatSI = numberFormat('.4~s');
const formatShortExponent = numberFormat('.3~e');
const formatShort = numberFormat(',.6~g');

/**
 * Any value as short text for an axis tick, a tooltip row or a legend label, the same in every locale:
 * numbers with up to 6 significant digits (`0.00528`, `25`, `3.14159`), an SI suffix from 10,000 up (`12.5k`,
 * `2M`, `1.5G`), exponent form below 0.001 and from 10^15 up (`1e-4`, `2.5e+15`), infinities as `∞` / `-∞`;
 * dates with {@link formatDate}; strings as they are; null, undefined, NaN and invalid dates as `—`.
 */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return MISSING_TEXT;
  if (value instanceof Date) return formatDate(value);
  if (typeof value === 'bigint') return formatInteger(Number(value));
  if (typeof value !== 'number') return String(value);
  const text = special(value);
  if (text !== null) return text;
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= EXPONENT_FROM || magnitude < SHORT_EXPONENT_BELOW) return formatShortExponent(value);
  if (magnitude >= SI_FROM) return formatSI(value);
  return formatShort(value);
}

/** Options of {@link formatSafe}. */
export interface SafeFormatOptions {
  /** Significant digits of non-integers (default 3). */
  digits?: number;
  /** The words for +Infinity (default `'overflow'`; −Infinity gets `negative ` before it). */
  overflow?: string;
  /** The words for NaN (default `'no value'`). */
  missing?: string;
}

/**
 * A number for a sentence (an aria summary, a caption, a legend that reads as text): finite numbers as
 * {@link formatNumber} with 3 significant digits (`1,234`, `0.0123`, `4.5e+15`); values that overflowed
 * (sums that reached ±Infinity) as words, `overflow` / `negative overflow`; NaN as `no value` — never `NaN` or
 * `Infinity` in the middle of a sentence.
 *
 * ```ts
 * `Total weight ${formatSafe(sum)}.` // "Total weight 1.23e+9." or "Total weight overflow."
 * ```
 */
export function formatSafe(value: number, options: SafeFormatOptions = {}): string {
  const v = +value;
  const overflow = options.overflow ?? 'overflow';
  if (Number.isNaN(v)) return options.missing ?? 'no value';
  if (v === Infinity) return overflow;
  if (v === -Infinity) return `negative ${overflow}`;
  return formatNumber(v, { digits: options.digits ?? 3 });
}
