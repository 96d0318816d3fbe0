// UMAP through umap-js (McInnes et al. 2018; PAIR's JavaScript port), seeded, stepped epoch by epoch
// so layouts can stream. umap-js takes rows as number[] arrays: that one conversion is unavoidable.
import { UMAP } from 'umap-js';
import { mulberry32 } from './random';
import type { Step } from './tsne';
import { nonFiniteLayout } from './validate';

const euclidean = (a: number[], b: number[]): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s);
};
const cosine = (a: number[], b: number[]): number => {
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return aa > 0 && bb > 0 ? 1 - ab / Math.sqrt(aa * bb) : 1;
};

/** UMAP parameters (all optional). */
export interface UmapParams {
  /** Neighbours in the fuzzy graph, default 15 (clamped to N − 1). */
  nNeighbors?: number;
  /** Minimum distance between embedded points, default 0.1. */
  minDist?: number;
  /** Scale of the embedding, default 1. */
  spread?: number;
  /** Optimisation epochs, default umap-js's choice by N (500 up to 2500 points, fewer above, 200 from 10k). */
  nEpochs?: number;
  /** Distance in the input space, default `'euclidean'`. */
  metric?: 'euclidean' | 'cosine';
}

/** UMAP of the N×D `data` into `dims` dimensions; yields {@link Step}s, returns the N×dims layout. */
export function* umapSteps(data: ArrayLike<number>, n: number, d: number, dims: number, p: UmapParams, seed: number, streamEvery: number): Generator<Step | undefined, Float32Array> {
  const rows: number[][] = new Array(n);
  for (let i = 0; i < n; i++) rows[i] = Array.prototype.slice.call(data, i * d, (i + 1) * d) as number[];
  yield { progress: 0.02, iteration: 0 };
  const u = new UMAP({
    nComponents: dims,
    nNeighbors: Math.max(1, Math.min(p.nNeighbors ?? 15, n - 1)),
    minDist: p.minDist ?? 0.1,
    spread: p.spread ?? 1,
    nEpochs: p.nEpochs,
    random: mulberry32(seed),
    distanceFn: p.metric === 'cosine' ? cosine : euclidean,
  });
  const epochs = u.initializeFit(rows); // neighbour graph: one piece, umap-js has no hook inside it
  yield { progress: 0.3, iteration: 0 };
  const flat = () => {
    const e = u.getEmbedding();
    const out = new Float32Array(n * dims);
    for (let i = 0; i < n; i++) for (let t = 0; t < dims; t++) out[i * dims + t] = e[i][t];
    return out;
  };
  for (let ep = 0; ep < epochs; ep++) {
    u.step();
    // The sum of every coordinate is NaN or infinite as soon as one is: a cheap check each epoch.
    let sum = 0;
    for (const row of u.getEmbedding()) for (let t = 0; t < dims; t++) sum += row[t];
    if (!Number.isFinite(sum)) throw nonFiniteLayout('umap', `at epoch ${ep + 1} of ${epochs}`);
    const last = ep === epochs - 1;
    yield {
      progress: 0.3 + (0.7 * (ep + 1)) / epochs,
      iteration: ep + 1,
      positions: !last && streamEvery > 0 && (ep + 1) % streamEvery === 0 ? flat() : undefined,
    };
  }
  return flat();
}
