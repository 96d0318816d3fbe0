import { describe, it, expect } from 'vitest';
import { scaleLinear } from 'd3-scale';
import { linearTicks, niceDomain, logTicks, timeTicks, tickFormat, logTickFormat, timeTickFormat, bandLayout } from '../src/index';

describe('linearTicks(lo, hi, count)', () => {
  it('gives multiples of 1, 2 or 5 × 10^k inside the domain, as d3 documents', () => {
    // d3-scale README: linear.ticks() on [0, 1] → [0, 0.1, …, 1]; with count 5 the step is 0.2
    expect(linearTicks(0, 1)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(linearTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    // hand-computed: span 10 / 5 = 2 → step 2; ticks inside [-0.3, 9.7]
    expect(linearTicks(-0.3, 9.7, 5)).toEqual([0, 2, 4, 6, 8]);
    // span 1000 / 10 = 100 → step 100
    expect(linearTicks(-250, 750, 10)).toEqual([-200, -100, 0, 100, 200, 300, 400, 500, 600, 700]);
  });

  it('prints decimal steps exactly (no 0.30000000000000004)', () => {
    for (const t of linearTicks(0.1, 0.7, 6)) expect(String(t).length).toBeLessThanOrEqual(3);
  });

  it('handles a reversed, a zero-width and a non-finite domain', () => {
    expect(linearTicks(1, 0, 5)).toEqual([1, 0.8, 0.6, 0.4, 0.2, 0]);
    expect(linearTicks(3, 3, 5)).toEqual([3]);
    expect(linearTicks(0, Infinity, 5)).toEqual([]);
    expect(linearTicks(NaN, 1, 5)).toEqual([]);
  });
});

describe('niceDomain(lo, hi, count)', () => {
  it('widens the domain to the ticks around it', () => {
    expect(niceDomain(0.13, 9.7)).toEqual([0, 10]);
    expect(niceDomain(-3.2, 47, 5)).toEqual([-10, 50]);
  });
});

describe('logTicks(lo, hi, count)', () => {
  it("gives the ticks d3's log scale labels: 1–5 × 10^k over two decades, powers of ten when fewer fit", () => {
    expect(logTicks(1, 100)).toEqual([1, 2, 3, 4, 5, 10, 20, 30, 40, 50, 100]);
    expect(logTicks(1, 100, 3)).toEqual([1, 10, 100]);
    expect(logTicks(1e-3, 1e3, 5)).toEqual([0.001, 0.01, 0.1, 1, 10, 100, 1000]);
  });

  it('keeps only ticks inside the domain, and gives none for a domain that is not positive', () => {
    for (const t of logTicks(3, 700, 10)) {
      expect(t).toBeGreaterThanOrEqual(3);
      expect(t).toBeLessThanOrEqual(700);
    }
    expect(logTicks(0, 10)).toEqual([]);
    expect(logTicks(-1, 10)).toEqual([]);
  });

  it('labels its ticks as plain numbers', () => {
    const f = logTickFormat();
    expect(logTicks(1e-3, 1e3, 5).map(f)).toEqual(['0.001', '0.01', '0.1', '1', '10', '100', '1,000']);
  });
});

describe('timeTicks(lo, hi, count)', () => {
  it('gives calendar steps in UTC: the eight midnights of a week, months of a year', () => {
    const week = timeTicks(Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 8), 7);
    expect(week.map((d) => d.toISOString().slice(0, 10))).toEqual(['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05', '2024-01-06', '2024-01-07', '2024-01-08']);
    const year = timeTicks(new Date(Date.UTC(2023, 0, 1)), new Date(Date.UTC(2024, 0, 1)), 4);
    expect(year.map((d) => d.toISOString().slice(0, 7))).toEqual(['2023-01', '2023-04', '2023-07', '2023-10', '2024-01']);
    expect(timeTicks(NaN, 1, 5)).toEqual([]);
  });

  it("labels each tick at the unit it starts (d3's multi-scale format)", () => {
    const lo = Date.UTC(2024, 0, 1);
    const hi = Date.UTC(2024, 0, 8);
    expect(timeTicks(lo, hi, 7).map(timeTickFormat(lo, hi, 7))).toEqual(['2024', 'Tue 02', 'Wed 03', 'Thu 04', 'Fri 05', 'Sat 06', 'Jan 07', 'Mon 08']);
    const hours = timeTicks(Date.UTC(2024, 5, 3, 10), Date.UTC(2024, 5, 3, 14), 4);
    expect(hours.map(timeTickFormat(Date.UTC(2024, 5, 3, 10), Date.UTC(2024, 5, 3, 14), 4))).toEqual(['10 AM', '11 AM', '12 PM', '01 PM', '02 PM']);
  });
});

describe('tickFormat(lo, hi, count, specifier)', () => {
  it('gives every tick the decimals its step needs', () => {
    expect(linearTicks(0, 1, 5).map(tickFormat(0, 1, 5))).toEqual(['0.0', '0.2', '0.4', '0.6', '0.8', '1.0']);
    expect(linearTicks(0, 0.01, 2).map(tickFormat(0, 0.01, 2))).toEqual(['0.000', '0.005', '0.010']);
    expect(linearTicks(-2e6, 2e6, 4).map(tickFormat(-2e6, 2e6, 4))).toEqual(['-2,000,000', '-1,000,000', '0', '1,000,000', '2,000,000']);
  });

  it('takes a d3-format specifier: SI prefixes (one prefix for the axis, as d3 does), percentages, exponents', () => {
    expect(linearTicks(0, 1e6, 5).map(tickFormat(0, 1e6, 5, '~s'))).toEqual(['0M', '0.2M', '0.4M', '0.6M', '0.8M', '1M']);
    expect(linearTicks(0, 1, 5).map(tickFormat(0, 1, 5, '%'))).toEqual(['0%', '20%', '40%', '60%', '80%', '100%']);
    expect(tickFormat(0, 1, 5, '.2f')(0.5)).toBe('0.50');
  });

  it("agrees with d3-scale's own tickFormat for positive ticks of many domains", () => {
    for (const [lo, hi, count, spec] of [[0, 1, 10, undefined], [3, 97, 7, undefined], [0, 2.5e-3, 5, 'e'], [10, 90000, 6, 's'], [0, 0.37, 4, '%'], [1, 5, 8, 'r']] as const) {
      const ours = tickFormat(lo, hi, count, spec);
      const d3 = scaleLinear().domain([lo, hi]).tickFormat(count, spec);
      for (const t of linearTicks(lo, hi, count)) expect(ours(t), `${lo}–${hi} ${spec}`).toBe(d3(t));
    }
  });

  it('prints an ASCII minus sign, whatever d3 would print by default', () => {
    expect(tickFormat(-1, 1, 2)(-1)).toBe('-1');
  });
});

describe('bandLayout(categories, start, end, padding)', () => {
  it("places bands as d3's scaleBand: equal steps, padding inside and at the ends", () => {
    // 3 bands over 0–100 with padding 0.1: step = 100 / (3 - 0.1 + 2 × 0.1) = 32.258…, bandwidth = 0.9 × step
    const b = bandLayout(['a', 'b', 'c'], 0, 100, 0.1);
    const step = 100 / 3.1;
    expect(b.step).toBeCloseTo(step, 9);
    expect(b.bandwidth).toBeCloseTo(0.9 * step, 9);
    expect(b.starts[0]).toBeCloseTo(0.1 * step, 9);
    expect(b.starts[2] + b.bandwidth + 0.1 * step).toBeCloseTo(100, 9);
  });
});
