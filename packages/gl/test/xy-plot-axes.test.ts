import { describe as suite, expect, it } from 'vitest';
import { encodeAxis, formatTick, linearTicks, logTicks } from '@tensorlens/gl';

suite('XY plot axes', () => {
  it('encodes numbers linearly into [0, 1], missing values as NaN and counted', () => {
    const e = encodeAxis(Float64Array.of(2, 4, NaN, 6, Infinity));
    expect(e.kind).toBe('linear');
    expect([e.lo, e.hi]).toEqual([2, 6]);
    expect(Array.from(e.unit.slice(0, 4))).toEqual([0, 0.5, NaN, 1]);
    expect(e.missing).toBe(2);
  });

  it("chooses log for positive data spanning ≥ 3 decades ('auto'), and can be forced either way", () => {
    const lr = Float64Array.of(1e-4, 1e-3, 1e-2, 1e-1);
    const e = encodeAxis(lr);
    expect(e.kind).toBe('log');
    expect([e.lo, e.hi]).toEqual([-4, -1]);
    expect(Array.from(e.unit).map((v) => +v.toFixed(6))).toEqual([0, 1 / 3, 2 / 3, 1].map((v) => +v.toFixed(6)));
    expect(encodeAxis(lr, 'linear').kind).toBe('linear');
    expect(encodeAxis(Float64Array.of(1, 2, 3)).kind).toBe('linear');
    // zeros cannot go on a log axis: forced log leaves them without a position
    const z = encodeAxis(Float64Array.of(0, 1, 100), 'log');
    expect([z.kind, z.missing]).toEqual(['log', 1]);
    expect(encodeAxis(Float64Array.of(0, 1e-5, 1)).kind).toBe('linear');
  });

  it('puts strings on bands in natural order, jittered inside 60 % of the band; a constant column gets a unit-wide domain', () => {
    const e = encodeAxis(['run 10', 'run 2', 'run 2', 'b']);
    expect(e.kind).toBe('categorical');
    expect(e.names).toEqual(['b', 'run 2', 'run 10']);
    const band = (v: number) => Math.floor(v * 3);
    expect(Array.from(e.unit, band)).toEqual([2, 1, 1, 0]);
    for (const v of e.unit) expect(Math.abs((v * 3) % 1 - 0.5)).toBeLessThanOrEqual(0.3);
    const c = encodeAxis(Float64Array.of(5, 5));
    expect([c.lo, c.hi, c.unit[0]]).toEqual([4.5, 5.5, 0.5]);
  });

  it('makes nice ticks: steps of 1, 2 or 5 × 10^k inside the domain; log ticks at powers of ten', () => {
    expect(linearTicks(0, 199, 4)).toEqual([0, 50, 100, 150]);
    expect(linearTicks(-0.13, 0.91, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
    expect(linearTicks(3, 3, 5)).toEqual([3]);
    expect(linearTicks(0.1, 0.35, 5)).toEqual([0.1, 0.15, 0.2, 0.25, 0.3, 0.35]);
    expect(logTicks(-4.1, 0.1, 5)).toEqual([1e-4, 1e-3, 1e-2, 0.1, 1]);
    expect(logTicks(0, 1, 6)).toEqual([1, 2, 5, 10]);
    expect(logTicks(-10, 10, 5)).toEqual([1e-10, 1e-5, 1, 1e5, 1e10]);
  });

  it('formats tick labels the same in every locale', () => {
    expect([0, 0.5, 25, 1e-4, 2.5e-5, 15000, 2e6, -3e9, 0.1 + 0.2].map(formatTick)).toEqual(['0', '0.5', '25', '1e-4', '2.5e-5', '15k', '2M', '-3G', '0.3']);
  });
});
