// UMAP (McInnes, Healy & Melville 2018) on flat typed arrays, seeded, in steps so progress and layouts stream:
// the k nearest neighbours (exact for small N, NN-descent above: nn-descent.ts), the fuzzy graph, a PCA
// initialisation and the SGD epochs (umap-layout.ts). No step holds the thread for more than a few milliseconds.
import { allKnnSteps } from './knn';
import { nnDescentSteps, type KnnGraph } from './nn-descent';
import { mulberry32 } from './random';
import type { Step } from './tsne';
import { fitAB, fuzzyGraphSteps, layoutSteps, pcaInitSteps } from './umap-layout';

/** UMAP parameters (all optional). */
export interface UmapParams {
  /** Neighbours in the fuzzy graph, counting the point itself as UMAP does, default 15 (clamped to N). */
  nNeighbors?: number;
  /** Minimum distance between embedded points, default 0.1. */
  minDist?: number;
  /** Scale of the embedding, default 1. */
  spread?: number;
  /** Optimisation epochs, default 500 up to 10 000 points, 200 above (as UMAP). */
  nEpochs?: number;
  /** Distance in the input space, default `'euclidean'`. */
  metric?: 'euclidean' | 'cosine';
}

/** Up to this many N²·D operations the neighbours are found exactly (brute force), above by NN-descent. */
const EXACT_WORK = 2e8;

/**
 * The k nearest other rows of every row: exact (blocked brute force) while N²·D ≤ 2·10⁸, NN-descent above.
 * Yields the fraction done.
 */
export function* umapNeighborsSteps(data: Float32Array, n: number, d: number, k: number, metric: 'euclidean' | 'cosine', seed: number): Generator<number, KnnGraph> {
  if (n * n * d > EXACT_WORK) return yield* nnDescentSteps(data, n, d, k, metric, mulberry32(seed ^ 0x2545f491));
  let x = data;
  if (metric === 'cosine') {
    // unit rows: squared euclidean = 2·(1 − cos)
    x = new Float32Array(data);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let t = i * d; t < (i + 1) * d; t++) s += x[t] * x[t];
      const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
      for (let t = i * d; t < (i + 1) * d; t++) x[t] *= inv;
    }
  }
  const { indices, dist2 } = yield* allKnnSteps(x, n, d, k);
  const distances = new Float32Array(n * k);
  for (let t = 0; t < n * k; t++) distances[t] = metric === 'cosine' ? dist2[t] / 2 : Math.sqrt(dist2[t]);
  return { indices, distances, k };
}

/** UMAP of the N×D `data` into `dims` dimensions; yields {@link Step}s, returns the N×dims layout. */
export function* umapSteps(data: ArrayLike<number>, n: number, d: number, dims: number, p: UmapParams, seed: number, streamEvery: number): Generator<Step | undefined, Float32Array> {
  const x = data instanceof Float32Array ? data : Float32Array.from(data);
  const k = Math.max(1, Math.min((p.nNeighbors ?? 15) - 1, n - 1));
  const nEpochs = p.nEpochs ?? (n <= 10000 ? 500 : 200);
  const { a, b } = fitAB(p.spread ?? 1, p.minDist ?? 0.1);
  // progress: neighbours 0 → 0.4, graph 0.4 → 0.45, initialisation 0.45 → 0.5, epochs 0.5 → 1
  const kg = umapNeighborsSteps(x, n, d, k, p.metric ?? 'euclidean', seed);
  let r = kg.next();
  for (; !r.done; r = kg.next()) yield { progress: 0.4 * r.value, iteration: 0 };
  const gg = fuzzyGraphSteps(r.value, n);
  let g = gg.next();
  for (; !g.done; g = gg.next()) yield { progress: 0.4 + 0.05 * g.value, iteration: 0 };
  const y = yield* pcaInitSteps(x, n, d, dims, mulberry32(seed));
  yield { progress: 0.5, iteration: 0 };
  return yield* layoutSteps(g.value, n, dims, y, { a, b, nEpochs, seed, streamEvery, progressFrom: 0.5 });
}
