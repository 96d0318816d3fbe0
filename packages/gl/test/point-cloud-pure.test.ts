import { describe as suite, expect, it } from 'vitest';
import { computeBounds, compactPositions, dequantize, packCategoryValue, quantize3, unpack, valueCode, writeFlags, bytesPerPoint, MISSING_CATEGORY, MISSING_VALUE } from '../src/point-cloud/packing';
import { boxPolygon, pointInPolygon } from '../src/point-cloud/geometry';
import { buildGrid, inPolygon, nearest, projectPoints } from '../src/point-cloud/spatial-index';
import { fitView, orbitMatrix, fitOrbit, project, toData2D, toScreen2D, zoomAt, viewMatrix2D } from '../src/point-cloud/camera';
import { searchMatcher, runSearch } from '../src/point-cloud/search';
import { readInput } from '../src/point-cloud/input';

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

  it('reads columns by field name from data, string categories in sorted order', () => {
    const r = readInput({ data: { x: [1, 2, 3], y: [4, 5, 6], k: ['b', 'a', 'b'] }, category: 'k' });
    expect(r).not.toBeInstanceOf(Promise);
    const p = r as Exclude<typeof r, Promise<unknown>>;
    expect(p.n).toBe(3);
    expect(Array.from(p.category!)).toEqual([1, 0, 1]);
    expect(p.categoryNames).toEqual(['a', 'b']);
    expect(p.metadata!.names).toEqual(['x', 'y', 'k']);
  });

  it('reads a tensor of positions asynchronously', async () => {
    const p = await readInput({ positions: { shape: [2, 3], dtype: 'float32', data: async () => new Float32Array([1, 2, 3, 4, 5, 6]) } });
    expect(p.dims).toBe(3);
    expect(Array.from(p.z!)).toEqual([3, 6]);
  });
});
