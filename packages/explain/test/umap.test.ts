import { describe, expect, it } from 'vitest';
import { umapSteps } from '../src/umap';
import { nnDescentSteps } from '../src/nn-descent';
import { fitAB, fuzzyGraphSteps, gradient, tabulated } from '../src/umap-layout';
import { knnSteps } from '../src/knn';
import { mulberry32 } from '../src/random';
import { projectionSteps } from '../src/jobs';
import { drain } from '../src/eigen';
import { clusters, knnLabelAgreement, silhouette } from '../../../test/support';

/** Mean distance from each 2-D point to its nearest other point. */
function meanNearest(y: Float32Array): number {
  const n = y.length / 2;
  let s = 0;
  for (let i = 0; i < n; i++) {
    let best = Infinity;
    for (let j = 0; j < n; j++) if (j !== i) best = Math.min(best, (y[2 * i] - y[2 * j]) ** 2 + (y[2 * i + 1] - y[2 * j + 1]) ** 2);
    s += Math.sqrt(best);
  }
  return s / n;
}

/** The fraction of each row's k nearest rows in `x` (N×d) that are among its k nearest in the 2-D `y`. */
function preserved(x: Float32Array, d: number, y: Float32Array, n: number, k: number): number {
  let hits = 0;
  for (let i = 0; i < n; i++) {
    const high = new Set(drain(knnSteps(x, n, d, x.subarray(i * d, (i + 1) * d), k, 'euclidean', null, i)).indices);
    for (const j of drain(knnSteps(y, n, 2, y.subarray(i * 2, (i + 1) * 2), k, 'euclidean', null, i)).indices) if (high.has(j)) hits++;
  }
  return hits / (n * k);
}

describe('NN-descent', () => {
  it('finds at least 90% of the exact 15 nearest neighbours of 10 000 points in 50-D (euclidean and cosine)', { timeout: 120_000 }, () => {
    const { data, n } = clusters(20, 500, 50, 2.5, 7);
    const k = 15;
    for (const metric of ['euclidean', 'cosine'] as const) {
      const g = drain(nnDescentSteps(data, n, 50, k, metric, mulberry32(1)));
      expect(g.indices.length).toBe(n * k);
      // exact neighbours of 400 rows spread over the data (brute force over all 10 000)
      const inv = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let t = 0; t < 50; t++) s += data[i * 50 + t] ** 2;
        inv[i] = 1 / Math.sqrt(s);
      }
      let hits = 0, rows = 0;
      for (let i = 0; i < n; i += 25, rows++) {
        const exact = drain(knnSteps(data, n, 50, data.subarray(i * 50, (i + 1) * 50), k, metric, inv, i));
        const want = new Set(exact.indices);
        for (let t = 0; t < k; t++) if (want.has(g.indices[i * k + t])) hits++;
        // sorted ascending, and the distance is the metric's
        for (let t = 1; t < k; t++) expect(g.distances[i * k + t]).toBeGreaterThanOrEqual(g.distances[i * k + t - 1]);
        const j = g.indices[i * k];
        let dot = 0, sq = 0;
        for (let t = 0; t < 50; t++) {
          dot += data[i * 50 + t] * data[j * 50 + t];
          sq += (data[i * 50 + t] - data[j * 50 + t]) ** 2;
        }
        expect(g.distances[i * k]).toBeCloseTo(metric === 'cosine' ? 1 - dot * inv[i] * inv[j] : Math.sqrt(sq), 4);
      }
      expect(hits / (rows * k), metric).toBeGreaterThan(0.9);
    }
  });

  it('is deterministic for a seed and never lists a row as its own neighbour', () => {
    const { data, n } = clusters(5, 400, 8, 3, 2);
    const a = drain(nnDescentSteps(data, n, 8, 10, 'euclidean', mulberry32(5)));
    const b = drain(nnDescentSteps(data, n, 8, 10, 'euclidean', mulberry32(5)));
    expect(Array.from(b.indices)).toEqual(Array.from(a.indices));
    for (let i = 0; i < n; i++) for (let t = 0; t < 10; t++) expect(a.indices[i * 10 + t]).not.toBe(i);
  });
});

describe('UMAP building blocks', () => {
  it("fits the low-dimensional curve's a, b to UMAP's published values (min_dist 0.1, spread 1)", () => {
    // umap-learn's find_ab_params(1.0, 0.1) (scipy curve_fit): a = 1.5769434603, b = 0.8950608779
    const { a, b } = fitAB(1, 0.1);
    expect(a).toBeCloseTo(1.5769434603, 4);
    expect(b).toBeCloseTo(0.8950608779, 4);
  });

  it('reads the gradient coefficients from tables within 1e-6 of the exact values, at any squared distance', () => {
    const g = gradient(1.5769434603, 0.8950608779);
    let worst = 0;
    for (let q2 = 1e-9; q2 < 1e9; q2 *= 1.0173) {
      worst = Math.max(worst, Math.abs(tabulated(g.repelTable, g.repel, q2) / g.repel(q2) - 1), Math.abs(tabulated(g.attractTable, g.attract, q2) / g.attract(q2) - 1));
    }
    expect(worst).toBeLessThan(1e-6);
    // spot values of the exact terms: q² = 1 gives −2ab/(1 + a) and 2b/(1.001·(1 + a))
    expect(g.attract(1)).toBeCloseTo((-2 * 1.5769434603 * 0.8950608779) / 2.5769434603, 12);
    expect(g.repel(1)).toBeCloseTo((2 * 0.8950608779) / (1.001 * 2.5769434603), 12);
  });

  it("builds a symmetric fuzzy graph with memberships in (0, 1], each row's nearest neighbour at 1", () => {
    const { data, n } = clusters(3, 100, 5, 4, 3);
    const knn = drain(nnDescentSteps(data, n, 5, 9, 'euclidean', mulberry32(1)));
    const g = drain(fuzzyGraphSteps(knn, n));
    const w = new Map<string, number>();
    for (let i = 0; i < n; i++) for (let t = g.rowStart[i]; t < g.rowStart[i + 1]; t++) w.set(`${i},${g.cols[t]}`, g.weights[t]);
    for (const [key, v] of w) {
      const [i, j] = key.split(',');
      expect(w.get(`${j},${i}`)).toBeCloseTo(v, 6);
      expect(v).toBeGreaterThan(0);
      expect(v).toBeLessThanOrEqual(1);
    }
    // every row keeps its nearest neighbour at membership 1
    for (let i = 0; i < n; i++) expect(w.get(`${i},${knn.indices[i * 9]}`)).toBe(1);
  });
});

describe('UMAP', () => {
  it('preserves Gaussian clusters and is deterministic for a seed', () => {
    const { data, labels, n } = clusters(4, 50, 12, 6, 8);
    const y = drain(umapSteps(data, n, 12, 2, { nEpochs: 150 }, 3, 0));
    expect(knnLabelAgreement(y, 2, labels, 10)).toBeGreaterThan(0.95);
    expect(silhouette(y, 2, labels)).toBeGreaterThan(0.5);
    const again = drain(umapSteps(data, n, 12, 2, { nEpochs: 150 }, 3, 0));
    expect(Array.from(again)).toEqual(Array.from(y));
    const other = drain(umapSteps(data, n, 12, 2, { nEpochs: 150 }, 4, 0));
    expect(Array.from(other)).not.toEqual(Array.from(y));
  });

  it('separates 10 clusters of 3000 points in 30-D through NN-descent, finite, streaming layouts', { timeout: 120_000 }, () => {
    const { data, labels, n } = clusters(10, 300, 30, 2, 11); // N²·D = 2.7·10⁸: above the exact-kNN limit
    const g = umapSteps(data, n, 30, 2, { nEpochs: 100 }, 1, 25);
    let r = g.next();
    const streamed: number[] = [];
    let preparing = 0;
    for (; !r.done; r = g.next()) {
      if (r.value?.positions) {
        streamed.push(r.value.iteration);
        expect(r.value.positions.every(Number.isFinite)).toBe(true);
      }
      if (r.value && r.value.iteration === 0) preparing++;
    }
    expect(streamed).toEqual([25, 50, 75]);
    expect(preparing).toBeGreaterThan(5); // the neighbour search and the graph report progress as they go
    const y = r.value;
    expect(y.every(Number.isFinite)).toBe(true);
    expect(knnLabelAgreement(y, 2, labels, 10)).toBeGreaterThan(0.97);
  });

  it('spreads points further apart with a larger minDist', () => {
    const { data, n } = clusters(4, 100, 10, 5, 4);
    const tight = drain(umapSteps(data, n, 10, 2, { nEpochs: 200, minDist: 0.01 }, 2, 0));
    const loose = drain(umapSteps(data, n, 10, 2, { nEpochs: 200, minDist: 0.8 }, 2, 0));
    expect(meanNearest(loose)).toBeGreaterThan(1.5 * meanNearest(tight));
  });

  it('keeps the smallest neighbourhoods with a small nNeighbors, larger ones with a large nNeighbors', () => {
    const { data, n } = clusters(4, 100, 10, 5, 4);
    const local = drain(umapSteps(data, n, 10, 2, { nEpochs: 200, nNeighbors: 3 }, 2, 0));
    const global = drain(umapSteps(data, n, 10, 2, { nEpochs: 200, nNeighbors: 50 }, 2, 0));
    expect(preserved(data, 10, local, n, 5)).toBeGreaterThan(preserved(data, 10, global, n, 5) + 0.05);
    expect(preserved(data, 10, global, n, 30)).toBeGreaterThan(preserved(data, 10, local, n, 30) + 0.02);
  });

  it('fits a sample above maxPoints, says so, and places the rest next to their cluster', () => {
    const { data, labels, n } = clusters(3, 100, 6, 8, 9);
    const res = drain(projectionSteps('umap', data, n, 6, { dims: 2, streamEvery: 0, maxPoints: 120, seed: 1, nEpochs: 100 }));
    expect(res.sampled).toMatchObject({ fitted: 120, total: 300 });
    expect(res.sampled!.reason).toMatch(/sample of 120 of 300/);
    expect(res.positions.every(Number.isFinite)).toBe(true);
    expect(knnLabelAgreement(res.positions, 2, labels, 10)).toBeGreaterThan(0.9);
  });
});
