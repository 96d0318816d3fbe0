import { describe as suite, expect, it } from 'vitest';
import { encodeAxis } from '../src/xy-plot/axes';

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
});
