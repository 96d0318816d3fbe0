import { describe, it, expect } from 'vitest';
import { format as d3DefaultFormat } from 'd3-format';
import { formatNumber, formatCount, formatPercent, formatDate, formatValue, formatSafe, numberFormat, MISSING_TEXT } from '../src/index';

/** The data table's formatter before it moved to core (packages/charts/src/data-table/format.ts), the outputs to keep. */
function tableFormatBefore(v: number): string {
  if (v !== v) return '—';
  const sign = v < 0 ? '-' : '';
  const a = Math.abs(v);
  if (a === Infinity) return sign + '∞';
  if (a >= 1e15 || (a < 1e-4 && a > 0)) return sign + Number(a.toPrecision(3)).toExponential();
  const group = (s: string) => s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  if (Number.isInteger(v) || a >= 1e5) return sign + group(String(Math.round(a)));
  const [i, f] = String(Number(a.toPrecision(6))).split('.');
  return sign + group(i) + (f ? '.' + f : '');
}

describe('formatNumber(x, { digits })', () => {
  it('prints what the data table prints', () => {
    expect(formatNumber(1234567)).toBe('1,234,567');
    expect(formatNumber(0.00528)).toBe('0.00528');
    expect(formatNumber(2.5e-7)).toBe('2.5e-7');
    expect(formatNumber(Math.PI)).toBe('3.14159');
    expect(formatNumber(-4.5e15)).toBe('-4.5e+15');
    expect(formatNumber(123456.789)).toBe('123,457');
    expect(formatNumber(12345.678)).toBe('12,345.7');
    expect(formatNumber(NaN)).toBe('—');
    expect(formatNumber(Infinity)).toBe('∞');
    expect(formatNumber(-Infinity)).toBe('-∞');
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(-0.5)).toBe('-0.5');
  });

  it('matches the data table formatter it replaces on thousands of values across magnitudes', () => {
    let seed = 7;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const values = [99999.95, 99999.4, 1e5, 1e-4, 9.99995e-5, 1e15, 999999999999999.9, 0.1 + 0.2, -1e-4];
    for (let i = 0; i < 4000; i++) values.push((random() - 0.5) * 10 ** Math.floor(random() * 36 - 18));
    for (let i = 0; i < 500; i++) values.push(Math.round((random() - 0.5) * 10 ** Math.floor(random() * 16)));
    for (const v of values) expect(formatNumber(v), String(v)).toBe(tableFormatBefore(v));
  });

  it("prints the largest double as a number (the table's formatter rounded it up to 'Infinity')", () => {
    expect(formatNumber(Number.MAX_VALUE)).toBe('1.8e+308');
    expect(tableFormatBefore(Number.MAX_VALUE)).toBe('Infinity');
  });

  it('takes the number of significant digits', () => {
    expect(formatNumber(Math.PI, { digits: 3 })).toBe('3.14');
    expect(formatNumber(1234.5678, { digits: 3 })).toBe('1,230');
    expect(formatNumber(0.012345, { digits: 2 })).toBe('0.012');
  });
});

describe('formatCount(n)', () => {
  it('groups thousands and keeps weighted counts short', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(-12000)).toBe('-12,000');
    expect(formatCount(12.345)).toBe('12.3');
    expect(formatCount(NaN)).toBe(MISSING_TEXT);
    expect(formatCount(Infinity)).toBe('∞');
  });
});

describe('formatPercent(ratio, { digits })', () => {
  it('prints a ratio as a percentage with trailing zeros dropped', () => {
    expect(formatPercent(0.083)).toBe('8.3%');
    expect(formatPercent(0.08)).toBe('8%');
    expect(formatPercent(1)).toBe('100%');
    expect(formatPercent(0.12345, { digits: 2 })).toBe('12.35%');
    expect(formatPercent(-0.5)).toBe('-50%');
    expect(formatPercent(12.5)).toBe('1,250%');
    expect(formatPercent(NaN)).toBe('—');
  });
});

describe('formatDate(date, options)', () => {
  it('prints ISO-like dates in UTC, with as much of the time as is set', () => {
    expect(formatDate(new Date(Date.UTC(2024, 0, 31)))).toBe('2024-01-31');
    expect(formatDate(Date.UTC(2024, 0, 31, 13, 5))).toBe('2024-01-31 13:05');
    expect(formatDate(Date.UTC(2024, 0, 31, 13, 5, 9))).toBe('2024-01-31 13:05:09');
    expect(formatDate(Date.UTC(2024, 0, 31, 13, 5, 9, 250))).toBe('2024-01-31 13:05:09.250');
  });

  it('takes a d3-time-format specifier, and prints an invalid date as missing', () => {
    expect(formatDate(Date.UTC(2024, 1, 3), { specifier: '%b %d, %Y' })).toBe('Feb 03, 2024');
    expect(formatDate(new Date('not a date'))).toBe('—');
    expect(formatDate(NaN)).toBe('—');
  });

  it('uses the page time zone with local', () => {
    const d = new Date(2024, 4, 6, 7, 8);
    expect(formatDate(d, { local: true })).toBe('2024-05-06 07:08');
  });
});

describe('formatValue(value)', () => {
  it('prints numbers short for ticks and tooltips', () => {
    expect(formatValue(0)).toBe('0');
    expect(formatValue(25)).toBe('25');
    expect(formatValue(0.005)).toBe('0.005');
    expect(formatValue(3.14159265)).toBe('3.14159');
    expect(formatValue(1500)).toBe('1,500');
    expect(formatValue(12500)).toBe('12.5k');
    expect(formatValue(-2e6)).toBe('-2M');
    expect(formatValue(1.5e9)).toBe('1.5G');
    expect(formatValue(1e-4)).toBe('1e-4');
    expect(formatValue(2.5e15)).toBe('2.5e+15');
    expect(formatValue(Infinity)).toBe('∞');
    expect(formatValue(-Infinity)).toBe('-∞');
  });

  it('prints strings as they are, dates as dates and missing values as —', () => {
    expect(formatValue('cat')).toBe('cat');
    expect(formatValue(true)).toBe('true');
    expect(formatValue(new Date(Date.UTC(2020, 6, 4)))).toBe('2020-07-04');
    expect(formatValue(12345678901234567890n)).toBe('12,345,678,901,234,567,000');
    for (const v of [null, undefined, NaN]) expect(formatValue(v)).toBe('—');
  });
});

describe('formatSafe(x) for sentences', () => {
  it('never puts NaN or Infinity in a sentence: overflowed sums read as words', () => {
    const sum = [1e308, 1e308].reduce((a, b) => a + b);
    expect(`Total weight ${formatSafe(sum)}.`).toBe('Total weight overflow.');
    expect(formatSafe(-sum)).toBe('negative overflow');
    expect(formatSafe(sum - sum)).toBe('no value');
    expect(formatSafe(Infinity, { overflow: 'too large to show' })).toBe('too large to show');
    for (const v of [NaN, Infinity, -Infinity, 1e308 * 10]) expect(formatSafe(v)).not.toMatch(/NaN|Infinity/);
  });

  it('prints finite numbers with 3 significant digits', () => {
    expect(formatSafe(0.012345)).toBe('0.0123');
    expect(formatSafe(1234)).toBe('1,234');
    expect(formatSafe(1.5e20)).toBe('1.5e+20');
  });
});

describe('numberFormat(specifier)', () => {
  it("formats in tensorlens' locale (ASCII minus) without changing d3's default locale", () => {
    expect(numberFormat(',.2f')(-1234.5)).toBe('-1,234.50');
    expect(d3DefaultFormat(',.2f')(-1234.5)).toBe('−1,234.50');
  });
});
