import { describe as suite, expect, it } from 'vitest';
import { computeBounds, compactPositions, positionFrame, dequantize, packCategoryValue, quantize3, unpack, valueCode, writeFlags, bytesPerPoint, MISSING_CATEGORY, MISSING_VALUE } from '../src/point-cloud/packing';
import { boxPolygon, pointInPolygon } from '../src/point-cloud/geometry';
import { buildGrid, inPolygon, nearest, projectPoints } from '../src/point-cloud/spatial-index';
import { fitView, orbitMatrix, fitOrbit, project, toData2D, toScreen2D, zoomAt, viewMatrix2D } from '../src/point-cloud/camera';
import { searchMatcher, runSearch } from '../src/point-cloud/search';
import { readInput } from '../src/point-cloud/input';
import { autoOpacity } from '../src/point-cloud/opacity';
import { binDensity, colourTable, skippedFlags, toHalf, type BinStyle } from '../src/point-cloud/density-grid';

const rand = (() => {
  let s = 12345;
  return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
})();

suite('packing', () => {
  it('bounds skip and count non-finite points', () => {
    const b = computeBounds([1, NaN, 3, 5], [2, 0, Infinity, -1]);
    expect(b).toEqual({ min: [1, -1, 0], max: [5, 2, 0], count: 2, skipped: 2 });
  });

  it('compacts finite points relative to an origin and maps compact index → row', () => {
    const c = compactPositions([1e7 + 1, NaN, 1e7 + 3], [5, 6, 7], null, 2, [1e7, 6, 0]);
    expect(Array.from(c.x)).toEqual([1, 3]); // exact in float32 thanks to the origin
    expect(Array.from(c.y)).toEqual([-1, 1]);
    expect(Array.from(c.rowOf!)).toEqual([0, 2]);
  });

  it('quantises 3D positions to 16 bits with an error ≤ extent / 131070', () => {
    const n = 1000;
    const x = Float32Array.from({ length: n }, () => rand() * 20 - 10), y = Float32Array.from({ length: n }, () => rand()), z = Float32Array.from({ length: n }, () => rand() * 1e-3);
    const min = [-10, 0, 0], max = [10, 1, 1e-3];
    const q = quantize3(x, y, z, min, max);
    for (let i = 0; i < n; i++) {
      expect(Math.abs(dequantize(q[3 * i], min[0], max[0]) - x[i])).toBeLessThanOrEqual(20 / 131070 + 1e-6);
      expect(Math.abs(dequantize(q[3 * i + 2], min[2], max[2]) - z[i])).toBeLessThanOrEqual(1e-3 / 131070 + 1e-9);
    }
  });

  it('packs category and value codes with 4 flag bits, and marks missing ones', () => {
    expect(valueCode(0, 0, 10)).toBe(0);
    expect(valueCode(10, 0, 10)).toBe(4094);
    expect(valueCode(5, 0, 10)).toBe(2047);
    expect(valueCode(NaN, 0, 10)).toBe(MISSING_VALUE);
    const cv = packCategoryValue(new Uint16Array(8), 4, null, [0, 3, -1, 2.5], [0, 10, NaN, 5], [0, 10], Uint8Array.of(1, 0, 4, 7));
    expect(unpack(cv, 0)).toEqual([0, 0, 1]);
    expect(unpack(cv, 1)).toEqual([3, 4094, 0]);
    expect(unpack(cv, 2)).toEqual([MISSING_CATEGORY, MISSING_VALUE, 4]);
    expect(unpack(cv, 3)).toEqual([MISSING_CATEGORY, 2047, 7]);
    writeFlags(cv, Uint8Array.of(0, 2, 0, 0));
    expect(unpack(cv, 1)).toEqual([3, 4094, 2]);
    expect(unpack(cv, 0)).toEqual([0, 0, 0]);
  });

  it('costs at most 12 GPU bytes a point for position, category and value', () => {
    expect(bytesPerPoint(2, true)).toBe(12);
    expect(bytesPerPoint(2, false)).toBe(8);
    expect(bytesPerPoint(3, true)).toBe(10);
  });
});

suite('geometry', () => {
  it('point in polygon agrees with closed forms for a square and a concave L', () => {
    const sq = boxPolygon(0, 0, 2, 2);
    expect(pointInPolygon(1, 1, sq)).toBe(true);
    expect(pointInPolygon(3, 1, sq)).toBe(false);
    const L = [0, 0, 2, 0, 2, 1, 1, 1, 1, 2, 0, 2];
    expect(pointInPolygon(0.5, 1.5, L)).toBe(true);
    expect(pointInPolygon(1.5, 1.5, L)).toBe(false);
    expect(pointInPolygon(1.5, 0.5, L)).toBe(true);
  });
});

suite('spatial index', () => {
  const n = 5000;
  const x = Float32Array.from({ length: n }, () => rand() * 100);
  const y = Float32Array.from({ length: n }, () => rand() * 50);
  const g = buildGrid(x, y);

  it('finds the same nearest point as a linear scan', () => {
    for (let k = 0; k < 200; k++) {
      const px = rand() * 110 - 5, py = rand() * 60 - 5, r = 3;
      let best = -1, bd = r * r;
      for (let i = 0; i < n; i++) {
        const d = (x[i] - px) ** 2 + (y[i] - py) ** 2;
        if (d < bd || (d === bd && i > best)) {
          best = i;
          bd = d;
        }
      }
      expect(nearest(g, px, py, r)).toBe(best);
    }
  });

  it('returns the points inside a polygon as a linear point-in-polygon scan does', () => {
    const poly = [10, 10, 60, 5, 80, 40, 40, 20, 15, 45];
    const want = [];
    for (let i = 0; i < n; i++) if (pointInPolygon(x[i], y[i], poly)) want.push(i);
    expect(Array.from(inPolygon(g, poly))).toEqual(want);
  });

  it('leaves non-finite points out and respects a visibility filter', () => {
    const gg = buildGrid(Float32Array.of(0, NaN, 1), Float32Array.of(0, 0, 1));
    expect(gg.order.length).toBe(2);
    expect(nearest(gg, 0, 0, 0.5, 1, (i) => i !== 0)).toBe(-1);
  });

  it('projects 3D points like the camera does', () => {
    const m = orbitMatrix(fitOrbit([0, 0, 0], 1), 400, 300);
    const sx = new Float32Array(1), sy = new Float32Array(1), d = new Float32Array(1);
    projectPoints(Float32Array.of(0.3), Float32Array.of(-0.2), Float32Array.of(0.5), m, 400, 300, sx, sy, d);
    const [ex, ey] = project(m, 400, 300, 0.3, -0.2, 0.5);
    expect(sx[0]).toBeCloseTo(ex, 3);
    expect(sy[0]).toBeCloseTo(ey, 3);
  });
});

suite('camera', () => {
  it('fits bounds with equal scales and maps data ↔ screen both ways', () => {
    const v = fitView([0, 0, 100, 50], 400, 300, 0);
    expect(v.kx).toBe(4);
    expect(v.ky).toBe(4);
    expect(toScreen2D(v, 400, 300, 0, 0)).toEqual([0, 250]);
    expect(toData2D(v, 400, 300, 0, 250)).toEqual([0, 0]);
    const m = viewMatrix2D(v, 400, 300);
    // clip x of data x = 100 is +1
    expect(m[0] * 100 + m[12]).toBeCloseTo(1, 12);
  });

  it('zooms around a screen point that stays fixed', () => {
    const v = fitView([0, 0, 10, 10], 200, 200, 0);
    const before = toData2D(v, 200, 200, 30, 70);
    const z = zoomAt(v, 200, 200, 30, 70, 3);
    const after = toData2D(z, 200, 200, 30, 70);
    expect(after[0]).toBeCloseTo(before[0], 12);
    expect(after[1]).toBeCloseTo(before[1], 12);
    expect(z.kx).toBeCloseTo(60, 12);
  });
});

suite('search and input', () => {
  it('matches substrings case-insensitively and /regex/flags; an invalid regex is an option error', async () => {
    expect(searchMatcher('Cat')!('a cat')).toBe(true);
    expect(searchMatcher('/^a c.t$/')!('a cat')).toBe(true);
    expect(searchMatcher('/^A/i')!('a cat')).toBe(true);
    expect(searchMatcher('')).toBeNull();
    expect(() => searchMatcher('/[/')).toThrowError(expect.objectContaining({ code: 'option', argument: 'options.search' }));
    const r = await runSearch(['cat', 'dog', 'catalog', null], searchMatcher('cat')!, () => false, 2);
    expect(Array.from(r!.mask)).toEqual([1, 0, 1, 0]);
    expect(r!.count).toBe(2);
  });

  it('reads channels by column name from data, string categories in sorted order with counts', () => {
    const r = readInput({ data: { x: [1, 2, 3], y: [4, 5, 6], k: ['b', 'a', 'b'] }, color: 'k' });
    expect(r).not.toBeInstanceOf(Promise);
    const p = r as Exclude<typeof r, Promise<unknown>>;
    expect(p.n).toBe(3);
    if (p.color.kind !== 'categorical') throw new Error(p.color.kind);
    expect(Array.from(p.color.codes)).toEqual([1, 0, 1]);
    expect(p.color.names).toEqual(['a', 'b']);
    expect(Array.from(p.color.counts)).toEqual([1, 2]);
    expect(p.table!.names).toEqual(['x', 'y', 'k']);
  });

  it("reads colour as a constant CSS colour, few integers as categories, other numbers as continuous (colorType 'auto')", () => {
    const read = (o: Parameters<typeof readInput>[0]) => readInput({ x: [0, 1, 2], y: [0, 1, 2], ...o }) as Exclude<ReturnType<typeof readInput>, Promise<unknown>>;
    expect(read({ color: '#4682b4' }).color).toEqual({ kind: 'constant', color: '#4682b4' });
    const ints = read({ color: [7, 3, 7] }).color;
    expect(ints.kind === 'categorical' && [Array.from(ints.codes), ints.names]).toEqual([[1, 0, 1], ['3', '7']]);
    const named = read({ color: new Uint8Array([2, 0, 2]), categories: ['cat', 'dog', 'bird'] }).color;
    expect(named.kind === 'categorical' && [Array.from(named.codes), named.names, Array.from(named.counts)]).toEqual([[2, 0, 2], ['cat', 'dog', 'bird'], [1, 0, 2]]);
    expect(read({ color: [0.5, 2, 1] }).color).toMatchObject({ kind: 'continuous', domain: [0.5, 2] });
    expect(read({ color: [7, 3, 7], colorType: 'continuous' }).color).toMatchObject({ kind: 'continuous', domain: [3, 7] });
    expect(read({ data: { '#fff': [1, 2, 3] }, color: '#fff' }).color.kind).toBe('categorical'); // a column name wins over a colour
    expect(() => read({ color: 'not-a-colour' })).toThrowError(expect.objectContaining({ code: 'option', argument: 'options.color' }));
    expect(() => read({ color: ['a', 'b', 'c'], colorType: 'continuous' })).toThrowError(expect.objectContaining({ code: 'option', argument: 'options.colorType' }));
  });

  it('converts BigInt64Array coordinates to numbers (every int64 is a finite float64)', () => {
    const r = readInput({ x: new BigInt64Array([1n, -(2n ** 62n)]), y: new BigUint64Array([3n, 2n ** 64n - 1n]) }) as Exclude<ReturnType<typeof readInput>, Promise<unknown>>;
    expect(Array.from(r.x)).toEqual([1, -(2 ** 62)]);
    expect(Array.from(r.y)).toEqual([3, 2 ** 64]);
    const b = computeBounds(r.x, r.y);
    expect(b.count).toBe(2);
  });

  it('keeps coordinates beyond float32 drawable: bounds in float64, positions normalised by a power of two before float32', () => {
    for (const big of [1e39, 1e308, Number.MAX_VALUE]) {
      const x = [-big, 0, big], y = [big, -big, 0];
      const b = computeBounds(x, y);
      const frame = positionFrame(b, 2);
      expect(Number.isInteger(Math.log2(frame.scale))).toBe(true);
      const c = compactPositions(x, y, null, b.count, frame.origin, frame.scale);
      // Finite in float32, about ±1, and in the same proportions as the data.
      for (const v of [...c.x, ...c.y]) expect(Number.isFinite(v) && Math.abs(v) <= 2).toBe(true);
      expect(c.x[2]).toBeGreaterThan(0.25);
      expect(c.x[0]).toBeCloseTo(-c.x[2], 6);
      expect(c.x[1]).toBeCloseTo(0, 6);
    }
    // Tiny extents too (float32 would flush 1e-42 steps to zero), and ordinary data is left as it is.
    const tiny = [0, 1e-42, 2e-42];
    const tb = computeBounds(tiny, tiny);
    const tf = positionFrame(tb, 2);
    const tc = compactPositions(tiny, tiny, null, tb.count, tf.origin, tf.scale);
    expect(tc.x[2] - tc.x[1]).toBeCloseTo(tc.x[1] - tc.x[0], 6);
    expect(tc.x[2]).toBeGreaterThan(0.25);
    expect(positionFrame(computeBounds([0, 5, 1e6], [1, 2, 3]), 2).scale).toBe(1);
  });

  it("auto opacity: opaque without overlap; the densest pixel reaches 97 % of its colour; never below 0.3", () => {
    expect(autoOpacity(0.5)).toBe(1);
    expect(autoOpacity(1)).toBe(1);
    for (const overlap of [1.5, 2, 4, 8, 12, 40, 1000]) {
      const a = autoOpacity(overlap);
      expect(a).toBeGreaterThanOrEqual(0.3);
      expect(a).toBeLessThan(1);
      expect(1 - (1 - a) ** overlap).toBeGreaterThanOrEqual(0.97 - 1e-9);
    }
  });

  it('reads a tensor of positions asynchronously', async () => {
    const p = await readInput({ positions: { shape: [2, 3], dtype: 'float32', data: async () => new Float32Array([1, 2, 3, 4, 5, 6]) } });
    expect(p.dims).toBe(3);
    expect(Array.from(p.z!)).toEqual([3, 6]);
  });
});

suite('density grid on the CPU', () => {
  const style = (o: Partial<BinStyle> = {}): BinStyle => {
    const palette = new Uint8Array(256 * 4);
    for (let k = 0; k < 256; k++) palette.set([k, 255 - k, 7, 255], 4 * k);
    const ramp = new Uint8Array(256 * 4);
    for (let k = 0; k < 256; k++) ramp.set([k, k, 255 - k, 255], 4 * k);
    return { colorMode: 1, constColor: [0.1, 0.2, 0.3, 1], missingColor: [0.5, 0.5, 0.5, 1], palette, paletteRows: 1, ramp, active: [0, 0, 0], hideUnselected: false, ...o };
  };

  it('adds each point to the cell that holds it (floor of its grid coordinate), with its colour, as a brute-force count does', () => {
    const n = 5000, g = { x0: -1, y0: -2, w: 10, h: 6, gw: 20, gh: 12 };
    const x = new Float32Array(n), y = new Float32Array(n), cv = new Uint16Array(2 * n);
    for (let i = 0; i < n; i++) {
      x[i] = -3 + rand() * 14; // some outside the grid on every side
      y[i] = -4 + rand() * 10;
      cv[2 * i] = i % 3;
      cv[2 * i + 1] = 4095 * 16;
    }
    const out = binDensity(new Float32Array(20 * 12 * 4).fill(9), x, y, cv, n, g, style());
    const ref = new Float64Array(20 * 12 * 4);
    for (let i = 0; i < n; i++) {
      const cx = (x[i] + 1) * 2, cy = (y[i] + 2) * 2;
      if (cx < 0 || cy < 0 || cx >= 20 || cy >= 12) continue;
      const o = 4 * (Math.floor(cy) * 20 + Math.floor(cx)), k = i % 3;
      ref[o] += k / 255;
      ref[o + 1] += (255 - k) / 255;
      ref[o + 2] += 7 / 255;
      ref[o + 3] += 1;
    }
    for (let j = 0; j < ref.length; j++) expect(out[j]).toBeCloseTo(ref[j], 3);
    expect(out.filter((_, j) => j % 4 === 3).reduce((a, b) => a + b, 0)).toBeGreaterThan(2000);
  });

  it('colours like the shader: palette rows clamped, the missing code, the value ramp filtered linearly, the constant colour', () => {
    const pal = colourTable(style());
    expect(Array.from(pal.slice(3 * 5, 3 * 5 + 3))).toEqual([5 / 255, 250 / 255, 7 / 255].map(Math.fround));
    // Code 300 is past the one palette row: the texture clamps to the last row, column 300 mod 256 = 44.
    expect(pal[3 * 300]).toBeCloseTo(44 / 255, 6);
    expect(Array.from(pal.slice(3 * 65535, 3 * 65535 + 3))).toEqual([0.5, 0.5, 0.5]);
    const val = colourTable(style({ colorMode: 2 }));
    // Value code v sits at texel coordinate v / 4094 · 255: code 2047 is half-way between texels 127 and 128.
    expect(val[3 * 2047]).toBeCloseTo(127.5 / 255, 6);
    expect(val[3 * 4094 + 2]).toBeCloseTo(0, 6);
    expect(Array.from(val.slice(3 * 4095, 3 * 4095 + 3))).toEqual([0.5, 0.5, 0.5]);
    expect(Array.from(colourTable(style({ colorMode: 0 })))).toEqual([0.1, 0.2, 0.3].map(Math.fround));
  });

  it('leaves out emphasised points while a selection, highlight or search is active, and unselected ones when hiding them', () => {
    expect(skippedFlags(style())).toBeNull();
    const sel = skippedFlags(style({ active: [1, 0, 0] }))!;
    expect([sel[0], sel[1], sel[2], sel[4]]).toEqual([0, 1, 0, 0]);
    const hide = skippedFlags(style({ active: [1, 0, 1], hideUnselected: true }))!;
    // Unselected (hidden) and selected (emphasised) are both out of the density: only the drawn-on-top points remain.
    expect([hide[0], hide[1], hide[4], hide[5]]).toEqual([1, 1, 1, 1]);
    const x = new Float32Array([0.5, 0.5]), y = new Float32Array([0.5, 0.5]);
    const cv = new Uint16Array([0, 1, 0, 0]); // the first point selected
    const out = binDensity(new Float32Array(4), x, y, cv, 2, { x0: 0, y0: 0, w: 1, h: 1, gw: 1, gh: 1 }, style({ active: [1, 0, 0] }));
    expect(out[3]).toBe(1);
  });

  it('converts float32 to IEEE 754 half-float bits', () => {
    const f = new Float32Array([0, -0, 1, -2, 0.5, 65504, 65520, 1e6, 2049, 2051, 6.103515625e-5, 5.960464477539063e-8, 1e-9, Infinity, NaN]);
    const h = Array.from(toHalf(f));
    // 1 = 0x3c00, −2 = 0xc000, 0.5 = 0x3800, 65504 = 0x7bff (largest), 65520 and beyond → Infinity 0x7c00;
    // 2049 → 2048 (tie to even 0x6800), 2051 → 2052 (tie to even 0x6802); 2^−14 = 0x0400 (smallest normal),
    // 2^−24 = 0x0001 (smallest subnormal), 1e−9 → 0; NaN stays NaN.
    expect(h.slice(0, 14)).toEqual([0, 0x8000, 0x3c00, 0xc000, 0x3800, 0x7bff, 0x7c00, 0x7c00, 0x6800, 0x6802, 0x0400, 0x0001, 0, 0x7c00]);
    expect(h[14] & 0x7c00).toBe(0x7c00);
    expect(h[14] & 0x3ff).not.toBe(0);
  });
});
