import { describe, expect, it } from 'vitest';
import { allKnnSteps, inverseNorms, knnSteps, TopK } from '../src/knn';
import { drain } from '../src/eigen';
import { normal, rng } from '../../../test/support';

function data(n: number, d: number, seed: number): Float32Array {
  const r = rng(seed);
  return Float32Array.from({ length: n * d }, () => normal(r));
}

/** Reference: every distance computed, sorted with Array.prototype.sort. */
function reference(x: Float32Array, n: number, d: number, q: ArrayLike<number>, metric: 'euclidean' | 'cosine', exclude = -1) {
  const rows: { i: number; dist: number }[] = [];
  const qn = Math.sqrt(Array.from(q).reduce((s, v) => s + v * v, 0));
  for (let i = 0; i < n; i++) {
    if (i === exclude) continue;
    let dot = 0, xx = 0, e = 0;
    for (let j = 0; j < d; j++) {
      dot += x[i * d + j] * q[j];
      xx += x[i * d + j] ** 2;
      e += (x[i * d + j] - q[j]) ** 2;
    }
    rows.push({ i, dist: metric === 'euclidean' ? Math.sqrt(e) : 1 - dot / (Math.sqrt(xx) * qn) });
  }
  return rows.sort((a, b) => a.dist - b.dist || a.i - b.i);
}

describe('knnSteps', () => {
  const n = 1500, d = 12;
  const x = data(n, d, 11);
  it('returns the same neighbours and distances as sorting every euclidean distance', () => {
    for (const i of [0, 17, 1499]) {
      const got = drain(knnSteps(x, n, d, x.subarray(i * d, (i + 1) * d), 10, 'euclidean', null, i));
      const ref = reference(x, n, d, x.subarray(i * d, (i + 1) * d), 'euclidean', i).slice(0, 10);
      expect(Array.from(got.indices)).toEqual(ref.map((r) => r.i));
      ref.forEach((r, t) => expect(got.distances[t]).toBeCloseTo(r.dist, 5));
    }
  });
  it('ranks by angle with cosine, unlike euclidean, for vectors of different lengths', () => {
    const inv = inverseNorms(x, n, d);
    const q = Float32Array.from({ length: d }, (_, j) => 100 * x[5 * d + j]); // far away, same direction as row 5
    const cos = drain(knnSteps(x, n, d, q, 5, 'cosine', inv));
    const ref = reference(x, n, d, q, 'cosine').slice(0, 5);
    expect(Array.from(cos.indices)).toEqual(ref.map((r) => r.i));
    expect(cos.indices[0]).toBe(5);
    expect(cos.distances[0]).toBeCloseTo(0, 6);
    ref.forEach((r, t) => expect(cos.distances[t]).toBeCloseTo(r.dist, 5));
    const euc = drain(knnSteps(x, n, d, q, 5, 'euclidean', null));
    expect(Array.from(euc.indices)).not.toEqual(Array.from(cos.indices));
  });
  it('breaks ties by the lower index and includes exact duplicates', () => {
    const y = new Float32Array(6 * 2);
    y.set([1, 1, 0, 0, 1, 1, 1, 1, 5, 5, 1, 1]); // rows 0, 2, 3, 5 identical
    const r = drain(knnSteps(y, 6, 2, [1, 1], 3, 'euclidean', null, 2));
    expect(Array.from(r.indices)).toEqual([0, 3, 5]);
    expect(Array.from(r.distances)).toEqual([0, 0, 0]);
  });
  it('gives every row its k nearest other rows in the all-pairs search', () => {
    const m = 300;
    const { indices, dist2 } = drain(allKnnSteps(x, m, d, 7));
    for (const i of [0, 150, 299]) {
      const ref = reference(x.subarray(0, m * d), m, d, x.subarray(i * d, (i + 1) * d), 'euclidean', i).slice(0, 7);
      expect(Array.from(indices.subarray(i * 7, i * 7 + 7))).toEqual(ref.map((r) => r.i));
      ref.forEach((r, t) => expect(Math.sqrt(dist2[i * 7 + t])).toBeCloseTo(r.dist, 5));
    }
  });
});

describe('TopK', () => {
  it('keeps the k smallest of a stream, sorted', () => {
    const r = rng(3);
    const vals = Array.from({ length: 1000 }, () => r());
    const h = new TopK(20);
    vals.forEach((v, i) => h.push(v, i));
    const { indices } = h.sorted();
    const ref = vals.map((v, i) => [v, i]).sort((a, b) => a[0] - b[0]).slice(0, 20).map((p) => p[1]);
    expect(Array.from(indices)).toEqual(ref);
  });
});
