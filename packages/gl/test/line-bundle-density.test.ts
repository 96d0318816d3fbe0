import { describe, expect, it } from 'vitest';
import { binRows, densityToRGBA, densityUnit, filterRows, pairColorSums, pairHistograms, rasterizeDensity, rowColors, updateHistograms } from '@tensorlens/gl';
import { expectSameNumbers, rng } from '../../../test/support';

function randomValues(n: number, d: number, seed: number): Float32Array {
  const r = rng(seed);
  const v = new Float32Array(n * d);
  for (let i = 0; i < n * d; i++) v[i] = r() < 0.03 ? NaN : r();
  return v;
}

describe('density rendering of a line bundle', () => {
  it('puts each value in bin ⌊v·B⌋ (1 in the last bin) and missing values in bin B, per displayed axis', () => {
    const values = Float32Array.from([0, 0.5, 1, NaN, 0.249, -1]);
    // two rows × three columns; displayed axes: columns 2, 0
    const bins = binRows(values, 2, 3, [2, 0], 4);
    expect([...bins]).toEqual([3, 0, 4, 4]);
  });

  it('updates the histograms of the passing rows by the rows whose flag flipped, like a fresh count', () => {
    const r = rng(99);
    const n = 5003; // not a multiple of 4: the tail after the word-wise comparison
    const d = 5;
    const A = 4;
    const bins = binRows(randomValues(n, d, 5), n, d, [3, 1, 0, 4], 16);
    let pass = Uint8Array.from({ length: n }, () => (r() < 0.5 ? 1 : 0));
    const counted = Uint8Array.from(pass);
    const h = pairHistograms(bins, n, A, pass, null);
    for (let step = 0; step < 6; step++) {
      // a few flips, then many, then none
      const p = step == 5 ? 0 : step % 2 ? 0.4 : 0.01;
      pass = Uint8Array.from(pass, (v) => (r() < p ? v ^ 1 : v));
      updateHistograms(bins, n, A, pass, counted, h);
      expect(Array.from(counted)).toEqual(Array.from(pass));
      const want = new Int32Array((A - 1) * 65536);
      for (let i = 0; i < n; i++) {
        if (!pass[i]) continue;
        for (let q = 0; q < A - 1; q++) want[q * 65536 + bins[i * A + q] * 256 + bins[i * A + q + 1]]++;
      }
      expect(h.length).toBe(want.length);
      let diff = 0;
      for (let k = 0; k < want.length; k++) if (h[k] != want[k]) diff++;
      expect(diff, `step ${step}`).toBe(0);
    }
  });

  it('counts rows per pair of bins on adjacent axes like a brute-force count (mask and row subset)', () => {
    const n = 3000;
    const d = 4;
    const B = 16;
    const values = randomValues(n, d, 7);
    const axes = [3, 1, 0];
    const bins = binRows(values, n, d, axes, B);
    const mask = filterRows(values, n, d, [{ column: 1, lo: 0.2, hi: 0.6 }]);
    const rows = Uint32Array.from({ length: 1000 }, (_, k) => (k * 7) % n);
    const h = pairHistograms(bins, n, axes.length, mask, rows);
    const bin = (v: number) => (Number.isNaN(v) ? B : Math.min(B - 1, Math.floor(v * B)));
    const ref = new Map<string, number>();
    for (const i of rows) {
      const v1 = values[i * d + 1];
      if (!(v1 >= 0.2 && v1 <= 0.6)) continue;
      for (let p = 0; p < axes.length - 1; p++) {
        const k = `${p},${bin(values[i * d + axes[p]])},${bin(values[i * d + axes[p + 1]])}`;
        ref.set(k, (ref.get(k) ?? 0) + 1);
      }
    }
    let total = 0;
    for (let p = 0; p < 2; p++)
      for (let a = 0; a <= B; a++)
        for (let b = 0; b <= B; b++) {
          const c = h[p * 65536 + a * 256 + b];
          total += c;
          expect(c, `${p},${a},${b}`).toBe(ref.get(`${p},${a},${b}`) ?? 0);
        }
    expect(total).toBe([...ref.values()].reduce((s, c) => s + c, 0));
  });

  it('draws each bin pair as a band one bin tall whose columns hold its row count', () => {
    // one strip from x = 10 to x = 110, axes from y = 20 (value 1) to y = 180 (value 0), 10 bins of 16 px
    const g = { width: 120, height: 200, axisX: [10, 110], top: 20, bottom: 180, missingY: 195, B: 10 };
    const values = new Float32Array([0.05, 0.95, 0.05, 0.95, 0.05, 0.95, 0.55, 0.55]);
    const h = pairHistograms(binRows(values, 4, 2, [0, 1], 10), 4, 2, null, null);
    const img = rasterizeDensity(h, g);
    const col = (x: number) => Array.from({ length: 200 }, (_, y) => img[y * 120 + x]);
    for (const x of [10, 40, 60, 109]) {
      const c = col(x);
      // 4 rows cross every column of the strip
      expect(c.reduce((s, v) => s + v, 0)).toBeCloseTo(4, 4);
    }
    // the flat row (bin 5 → bin 5) is a band 16 px tall centred on y = 180 − 5.5 × 16 = 92 (at x = 20 the three
    // other rows are near y = 172 − 144 × 0.105 ≈ 157)
    const mid = col(20);
    const flat = mid.map((v, y) => (Math.abs(y - 92) <= 8 ? v : 0));
    expect(flat.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 4);
    expect(mid[92]).toBeCloseTo(1 / 16, 5);
    // three rows from bin 0 (y 172) to bin 9 (y 28): at the left end their band is at y 172, density 3/16
    expect(col(10)[172]).toBeCloseTo(3 / 16, 5);
    expect(col(10)[28]).toBe(0);
    expect(col(109)[29]).toBeCloseTo(3 / 16, 5);
    // nothing outside the strip
    expect(col(5).every((v) => v == 0)).toBe(true);
    expect(col(115).every((v) => v == 0)).toBe(true);
  });

  it('maps density to premultiplied RGBA with opacity rising with log(1 + v), transparent where empty', () => {
    const img = Float32Array.from([0, 1, 10, 100]);
    const px = densityToRGBA(img, 4, 100, [255, 0, 0], 0.2, 1);
    expect([...px.subarray(0, 4)]).toEqual([0, 0, 0, 0]);
    const a = [px[7], px[11], px[15]];
    expect(a[0]).toBeLessThan(a[1]);
    expect(a[1]).toBeLessThan(a[2]);
    expect(a[2]).toBe(255);
    // log scale: v = 10 sits at 0.2 + 0.8 × log(11) / log(101) of full opacity
    expect(a[1] / 255).toBeCloseTo(0.2 + (0.8 * Math.log(11)) / Math.log(101), 2);
    expect(px[8]).toBe(px[11]); // premultiplied red = alpha
  });

  it('gives the same colours from the per-count table as from the formula', () => {
    const g = { width: 60, height: 100, axisX: [5, 55], top: 10, bottom: 90, missingY: 96, B: 20 };
    const values = randomValues(500, 2, 3);
    const img = rasterizeDensity(pairHistograms(binRows(values, 500, 2, [0, 1], 20), 500, 2, null, null), g);
    let max = 0;
    for (const v of img) max = Math.max(max, v);
    const exact = densityToRGBA(img, img.length, max, [10, 200, 30], 0.1, 0.8);
    const table = densityToRGBA(img, img.length, max, [10, 200, 30], 0.1, 0.8, undefined, densityUnit(g));
    let diff = 0;
    for (let i = 0; i < exact.length; i++) diff = Math.max(diff, Math.abs(exact[i] - table[i]));
    expect(diff).toBeLessThanOrEqual(1);
    expect(exact.some((b) => b > 0)).toBe(true);
  });
});

describe('density colours', () => {
  it('sums each row colour into its bin pair, as a brute-force loop does', () => {
    const n = 500, d = 3, B = 8;
    const values = new Float32Array(n * d);
    let seed = 7;
    const r = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    for (let i = 0; i < values.length; i++) values[i] = r() < 0.05 ? NaN : r();
    const bins = binRows(values, n, d, [0, 1, 2], B);
    const palette = new Uint8Array([255, 0, 0, 255, 0, 0, 255, 255]);
    const rgb = rowColors(values, n, d, { column: 2, palette, categorical: false }, [9, 9, 9]);
    const mask = new Uint8Array(n).map((_, i) => (i % 3 ? 1 : 0));
    const sums = pairColorSums(bins, n, 3, rgb, mask, null);
    const ref = [0, 1, 2].map(() => new Map<number, number>());
    for (let i = 0; i < n; i++) {
      if (!mask[i]) continue;
      const t = values[i * d + 2];
      const want = t >= 0 ? [Math.round(255 * (1 - Math.min(1, t))), 0, Math.round(255 * Math.min(1, t))] : [9, 9, 9];
      expect(Array.from(rgb.subarray(i * 3, i * 3 + 3)), `row ${i}`).toEqual(want);
      for (let p = 0; p < 2; p++) {
        const k = p * 65536 + bins[i * 3 + p] * 256 + bins[i * 3 + p + 1];
        for (let c = 0; c < 3; c++) ref[c].set(k, (ref[c].get(k) ?? 0) + want[c]);
      }
    }
    for (let c = 0; c < 3; c++) {
      let total = 0;
      for (const [k, v] of ref[c]) {
        expect(sums[c][k]).toBe(v);
        total += v;
      }
      expect(sums[c].reduce((a, b) => a + b, 0)).toBe(total);
    }
  });
});

describe('density colours, incremental', () => {
  it('keeps colour sums in step with the counts when only flipped rows are added or removed', () => {
    const n = 1001, d = 3, B = 16, A = 3;
    const values = new Float32Array(n * d);
    let seed = 11;
    const r = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    for (let i = 0; i < values.length; i++) values[i] = r();
    const bins = binRows(values, n, d, [0, 1, 2], B);
    const rgb = rowColors(values, n, d, { column: 1, palette: new Uint8Array([0, 0, 0, 255, 250, 100, 50, 255]), categorical: false }, [0, 0, 0]);
    let pass = new Uint8Array(n).map(() => (r() < 0.5 ? 1 : 0));
    const counted = Uint8Array.from(pass);
    const h = pairHistograms(bins, n, A, pass, null);
    const sums = pairColorSums(bins, n, A, rgb, pass, null);
    for (let step = 0; step < 5; step++) {
      pass = pass.map((v) => (r() < 0.1 ? 1 - v : v));
      updateHistograms(bins, n, A, pass, counted, h, rgb, sums);
      const fresh = pairColorSums(bins, n, A, rgb, pass, null);
      for (let c = 0; c < 3; c++) expectSameNumbers(sums[c], fresh[c], `colour sums, channel ${c}, step ${step}`);
      expectSameNumbers(h, pairHistograms(bins, n, A, pass, null), `histograms, step ${step}`);
    }
  });
});
