/** The text shown for a missing value (NaN, null, empty string). */
export const MISSING_TEXT = '—';

const group = (s: string) => s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/**
 * A number as a table shows it, the same in every locale: integers in full with thousands separators
 * (`1,234,567`; non-integers from 100,000 up rounded to integers), others with up to 6 significant digits
 * (`0.00528`, `3.14159`), very large or very small ones in exponent form (`1.23e-7`, `4.5e+15`), NaN as "—",
 * infinities as "∞" / "-∞".
 */
export function formatNumber(v: number): string {
  if (v !== v) return MISSING_TEXT;
  const sign = v < 0 ? '-' : '';
  const a = Math.abs(v);
  if (a === Infinity) return sign + '∞';
  if (a >= 1e15 || (a < 1e-4 && a > 0)) return sign + Number(a.toPrecision(3)).toExponential();
  if (Number.isInteger(v) || a >= 1e5) return sign + group(String(Math.round(a)));
  const [i, f] = String(Number(a.toPrecision(6))).split('.');
  return sign + group(i) + (f ? '.' + f : '');
}
