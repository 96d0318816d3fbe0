import { describe, expect, it } from 'vitest';
import { TensorLensError } from '@tensorlens/core';
import { continuity, knnLabelAccuracy, trustworthiness } from '../src/quality';
import reference from './fixtures/quality-reference.json';

// Reference values: scripts/make-quality-reference.py (scikit-learn's trustworthiness, and the same function with
// the spaces swapped for continuity, both checked there against a numpy implementation of the formula).
const { n, d, labels } = reference;
const high = { data: Float64Array.from(reference.high), shape: [n, d] as [number, number] };
const layouts = Object.entries(reference.layouts) as [string, (typeof reference.layouts)['pca']][];
const ks = reference.ks as (5 | 10)[];
const layout = (positions: number[]) => ({ data: Float64Array.from(positions), shape: [n, 2] as [number, number] });

async function rejection(p: Promise<unknown>): Promise<TensorLensError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(TensorLensError);
  return e as TensorLensError;
}

describe('trustworthiness and continuity', () => {
  for (const [name, entry] of layouts) {
    for (const k of ks) {
      it(`match scikit-learn on the ${name} layout at k = ${k}`, async () => {
        const low = layout(entry.positions);
        expect(Math.abs((await trustworthiness(high, low, k)) - entry.trustworthiness[k])).toBeLessThan(1e-9);
        expect(Math.abs((await continuity(high, low, k)) - entry.continuity[k])).toBeLessThan(1e-9);
      });
    }
  }

  it('rank a good layout above a noisy one above a random one', async () => {
    const t = async (name: 'pca' | 'noisy' | 'random') => trustworthiness(high, layout(reference.layouts[name].positions), 10);
    const [pca, noisy, random] = [await t('pca'), await t('noisy'), await t('random')];
    expect(pca).toBeGreaterThan(noisy);
    expect(noisy).toBeGreaterThan(random);
    expect(Math.abs(random - 0.5)).toBeLessThan(0.05);
  });

  it('are 1 for a layout that is the data itself, and the same for float32 input', async () => {
    const f32 = { data: Float32Array.from(reference.high), shape: [n, d] as [number, number] };
    expect(await trustworthiness(f32, f32, 5)).toBe(1);
    expect(await continuity(high, high, 10)).toBe(1);
    const low = reference.layouts.pca.positions;
    const nested = Array.from({ length: n }, (_, i) => [low[2 * i], low[2 * i + 1]]);
    expect(Math.abs((await trustworthiness(high, nested, 5)) - reference.layouts.pca.trustworthiness[5])).toBeLessThan(1e-9);
  });

  it('reject with an AbortError when the signal is aborted, mid-computation too', async () => {
    const low = layout(reference.layouts.pca.positions);
    const ctrl = new AbortController();
    ctrl.abort();
    await expect(trustworthiness(high, low, 5, { signal: ctrl.signal })).rejects.toMatchObject({ name: 'AbortError' });
    await expect(knnLabelAccuracy(low, labels, 5, { signal: ctrl.signal })).rejects.toMatchObject({ name: 'AbortError' });
    // 2000 rows take longer than one ~20 ms slice: the abort lands between slices
    const big = { data: Float64Array.from({ length: 2000 * d }, (_, i) => Math.sin(i * 12.9898) * 43758.5453 % 1), shape: [2000, d] as [number, number] };
    const late = new AbortController();
    const p = continuity(big, big, 5, { signal: late.signal });
    setTimeout(() => late.abort(), 5);
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('order exact ties by lower row index first, in both spaces', async () => {
    // Small integer grids, every distance tied with others: the numpy reference of the script, not scikit-learn
    // (whose order among ties is unspecified).
    const { ties } = reference;
    const h = { data: Float64Array.from(ties.high), shape: [ties.n, 3] as [number, number] };
    const l = { data: Float64Array.from(ties.low), shape: [ties.n, 2] as [number, number] };
    for (const k of [2, 3] as const) {
      expect(Math.abs((await trustworthiness(h, l, k)) - ties.trustworthiness[k])).toBeLessThan(1e-9);
      expect(Math.abs((await continuity(h, l, k)) - ties.continuity[k])).toBeLessThan(1e-9);
    }
  });

  it('continuity(high, low) is trustworthiness(low, high)', async () => {
    const low = layout(reference.layouts.noisy.positions);
    expect(await continuity(high, low, 7)).toBe(await trustworthiness(low, high, 7));
  });

  it('reject mismatched rows, k out of range and NaN with typed errors', async () => {
    const low = layout(reference.layouts.pca.positions);
    const short = { data: low.data.subarray(0, 2 * (n - 1)), shape: [n - 1, 2] as [number, number] };
    let e = await rejection(trustworthiness(high, short, 5));
    expect([e.code, e.argument]).toEqual(['length', 'low']);
    e = await rejection(continuity(high, short, 5));
    expect([e.code, e.argument]).toEqual(['length', 'low']);
    for (const k of [0, 2.5, n / 2, n, n + 1]) {
      e = await rejection(trustworthiness(high, low, k));
      expect([e.code, e.argument]).toEqual(['range', 'k']);
    }
    const bad = Float64Array.from(low.data);
    bad[2 * 17 + 1] = NaN;
    e = await rejection(trustworthiness(high, { data: bad, shape: [n, 2] }, 5));
    expect([e.code, e.argument]).toEqual(['nan', 'low[17, 1]']);
    const badHigh = Float64Array.from(high.data);
    badHigh[d * 3] = Infinity;
    e = await rejection(continuity({ data: badHigh, shape: [n, d] }, low, 5));
    expect([e.code, e.argument]).toEqual(['nan', 'high[3, 0]']);
    e = await rejection(trustworthiness(high.data, low, 5));
    expect([e.code, e.argument]).toEqual(['shape', 'high']);
  });
});

describe('knnLabelAccuracy', () => {
  for (const [name, entry] of layouts) {
    for (const k of ks) {
      it(`matches the numpy reference on the ${name} layout at k = ${k}`, async () => {
        expect(Math.abs((await knnLabelAccuracy(layout(entry.positions), labels, k)) - entry.knn_accuracy[k])).toBeLessThan(1e-9);
      });
    }
  }

  it('breaks a tie in votes by the nearest of the tied labels, whatever the labels are called', async () => {
    // Points on a line at 0, 1, −2, 10, 13. With k = 2 four of the five rows see a 1–1 tie. The nearest-label rule
    // gives 4/5 whichever name sorts first; "smallest label wins" would give 2/5 one way round and 4/5 the other.
    const pts = { data: Float64Array.from([0, 0, 1, 0, -2, 0, 10, 0, 13, 0]), shape: [5, 2] as [number, number] };
    for (const [a, b] of [
      ['a', 'b'],
      ['b', 'a'],
    ]) {
      const labelsOf = [b, b, a, a, a];
      // 0: nbrs 1 (b), 2 (a) → tie, nearest b → ✓ (0 is b)
      // 1: nbrs 0 (b), 2 (a) → tie, nearest b → ✓
      // 2: nbrs 0 (b), 1 (b) → b ✗
      // 3: nbrs 4 (a), 1 (b) → tie, nearest a → ✓
      // 4: nbrs 3 (a), 1 (b) → tie, nearest a → ✓
      expect(await knnLabelAccuracy(pts, labelsOf, 2)).toBe(4 / 5);
    }
    expect(await knnLabelAccuracy(pts, [1, 1, 0, 0, 0], 2)).toBe(4 / 5);
  });

  it('rejects wrong label counts, bad labels, k out of range and NaN with typed errors', async () => {
    const low = layout(reference.layouts.pca.positions);
    let e = await rejection(knnLabelAccuracy(low, labels.slice(1), 5));
    expect([e.code, e.argument]).toEqual(['length', 'labels']);
    for (const k of [0, n, 1.5]) {
      e = await rejection(knnLabelAccuracy(low, labels, k));
      expect([e.code, e.argument]).toEqual(['range', 'k']);
    }
    const withNaN = labels.slice();
    withNaN[4] = NaN;
    e = await rejection(knnLabelAccuracy(low, withNaN, 5));
    expect([e.code, e.argument]).toEqual(['nan', 'labels[4]']);
    const bad = Float64Array.from(low.data);
    bad[10] = NaN;
    e = await rejection(knnLabelAccuracy({ data: bad, shape: [n, 2] }, labels, 5));
    expect([e.code, e.argument]).toEqual(['nan', 'low[5, 0]']);
  });
});
