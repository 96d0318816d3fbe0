/** The largest finite number (≈ 1.8e308): map values whose channel sum overflows are clamped to ± this. */
export const LARGEST_NUMBER = Number.MAX_VALUE;

/**
 * A number for labels, summaries and tooltips: at most 3 significant digits, exponent form for very small or
 * large magnitudes. Never prints "NaN" or "Infinity": a value that is not a finite number says so in words.
 */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'not a number';
  if (value === Infinity) return 'too large to show';
  if (value === -Infinity) return 'too small to show';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  return magnitude >= 1e4 || magnitude < 1e-3 ? value.toExponential(2) : String(+value.toPrecision(3));
}
