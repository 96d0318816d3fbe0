// The computations behind every public function, as generators: the worker runs them flat out,
// the inline mode (worker: false) runs them in ~20 ms slices. Same code either way.
import { fail, indexName, TensorLensError } from '@tensorlens/core';
import { TopK } from './knn';
import { pcaSteps } from './pca';
import { mulberry32, sampleIndices } from './random';
import { tsneSteps, type Step, type TsneParams } from './tsne';
import { umapSteps, type UmapParams } from './umap';
import type { PCAParams, ProjectionMethod } from './types';
import { checkLayout } from './validate';

/** The serialisable part of the options, as sent to a worker. */
export interface JobOptions extends TsneParams, UmapParams, PCAParams {
  dims: number;
  streamEvery: number;
  maxPoints: number;
  seed: number;
  /** Centre on the mean and scale each row to unit length first. */
  spherize?: boolean;
}

/** The serialisable part of a result. */
export interface JobResult {
  positions: Float32Array;
  dims: number;
  explainedVariance?: Float64Array;
  explainedVarianceRatio?: Float64Array;
  components?: Float64Array;
  mean?: Float64Array;
  sampled: null | { fitted: number; total: number; reason: string };
}

/** Throws 'nan' naming the first non-finite element; yields every 4M elements. */
export function* finiteSteps(data: ArrayLike<number>, n: number, d: number, name: string): Generator<undefined, void> {
  const CH = 1 << 22;
  for (let o = 0; o < data.length; o += CH) {
    const e = Math.min(data.length, o + CH);
    for (let i = o; i < e; i++) {
      const v = data[i];
      if (v - v !== 0) throw fail('nan', indexName(name, i, [n, d]), 'a finite number', String(v));
    }
    yield;
  }
}

/** Default `maxPoints` of each method. */
export const DEFAULT_MAX_POINTS: Record<ProjectionMethod, number> = { pca: Infinity, umap: 100000, tsne: 10000 };

const PLACE_K = 5;
const PLACE_DIMS = 16;

/**
 * Positions for the points not in `fitted` (sorted sample indices): the mean layout position of their
 * PLACE_K nearest fitted points, found exactly in the space of the first PLACE_DIMS principal axes of the sample.
 */
function* placeSteps(data: Float32Array, n: number, d: number, fitted: Uint32Array, fitPos: Float32Array, dims: number, out: Float32Array): Generator<Step | undefined, void> {
  const m = fitted.length;
  const sample = new Float32Array(m * d);
  for (let i = 0; i < m; i++) sample.set(data.subarray(fitted[i] * d, (fitted[i] + 1) * d), i * d);
  const k = Math.min(d, PLACE_DIMS);
  const g = pcaSteps(sample, m, d, k);
  let r = g.next();
  for (; !r.done; r = g.next()) yield undefined;
  const { components, mean, positions: sp } = r.value;
  const inSample = new Uint8Array(n);
  for (let i = 0; i < m; i++) inSample[fitted[i]] = 1;
  for (let i = 0; i < m; i++) for (let t = 0; t < dims; t++) out[fitted[i] * dims + t] = fitPos[i * dims + t];
  const q = new Float64Array(k);
  const heap = new TopK(Math.min(PLACE_K, m));
  for (let i = 0; i < n; i++) {
    if (inSample[i]) continue;
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += (data[i * d + j] - mean[j]) * components[c * d + j];
      q[c] = s;
    }
    for (let j = 0; j < m; j++) {
      const worst = heap.worst();
      let s = 0;
      for (let c = 0; c < k && s <= worst; c++) s += (sp[j * k + c] - q[c]) ** 2;
      if (s <= worst) heap.push(s, j);
    }
    const { indices } = heap.sorted();
    for (let t = 0; t < dims; t++) {
      let s = 0;
      for (let a = 0; a < indices.length; a++) s += fitPos[indices[a] * dims + t];
      out[i * dims + t] = s / indices.length;
    }
    if ((i & 63) === 63) yield { progress: 0.9 + (0.1 * i) / n, iteration: 0 };
  }
}

/**
 * TensorBoard's spherize: a copy of the N×D rows centred on their mean and each scaled to unit length (a row at
 * the mean stays zero). Float64 mean; yields every 4096 rows.
 */
export function* spherizeSteps(data: ArrayLike<number>, n: number, d: number): Generator<undefined, Float32Array> {
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) mean[j] += data[i * d + j];
    if ((i & 4095) === 4095) yield;
  }
  for (let j = 0; j < d; j++) mean[j] /= n;
  const out = new Float32Array(n * d);
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) {
      const v = data[i * d + j] - mean[j];
      row[j] = v;
      s += v * v;
    }
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let j = 0; j < d; j++) out[i * d + j] = row[j] * inv;
    if ((i & 4095) === 4095) yield;
  }
  return out;
}

/** Runs one projection on N×D float32 `data` (checked for finiteness first; spherized first with `o.spherize`). */
export function* projectionSteps(method: ProjectionMethod, data: Float32Array, n: number, d: number, o: JobOptions): Generator<Step | undefined, JobResult> {
  yield* finiteSteps(data, n, d, 'data');
  if (o.spherize) data = yield* spherizeSteps(data, n, d);
  if (method === 'pca') {
    const k = o.components ?? o.dims;
    const g = pcaSteps(data, n, d, k, { solver: o.solver });
    let r = g.next();
    for (; !r.done; r = g.next()) yield { progress: r.value, iteration: 0 };
    const { positions, explainedVariance, explainedVarianceRatio, components, mean } = r.value;
    return { positions, dims: k, explainedVariance, explainedVarianceRatio, components, mean, sampled: null };
  }
  const dims = o.dims;
  const run = (x: Float32Array, m: number, stream: number) =>
    method === 'tsne' ? tsneSteps(x, m, d, dims, o, o.seed, stream) : umapSteps(x, m, d, dims, o, o.seed, stream);
  if (n <= o.maxPoints) {
    const positions = yield* run(data, n, o.streamEvery);
    checkLayout(method, positions, dims, 'in the returned layout');
    return { positions, dims, sampled: null };
  }
  // fit a seeded sample, stream it with NaN for the rest, then place the rest
  const m = o.maxPoints;
  const idx = sampleIndices(n, m, mulberry32(o.seed ^ 0x5bd1e995));
  const sub = new Float32Array(m * d);
  for (let i = 0; i < m; i++) sub.set(data.subarray(idx[i] * d, (idx[i] + 1) * d), i * d);
  const g = run(sub, m, o.streamEvery);
  let r = g.next();
  for (; !r.done; r = g.next()) {
    const s = r.value;
    if (!s) {
      yield undefined;
      continue;
    }
    let positions: Float32Array | undefined;
    if (s.positions) {
      positions = new Float32Array(n * dims).fill(NaN);
      for (let i = 0; i < m; i++) for (let t = 0; t < dims; t++) positions[idx[i] * dims + t] = s.positions[i * dims + t];
    }
    yield { progress: 0.9 * s.progress, iteration: s.iteration, positions };
  }
  const positions = new Float32Array(n * dims);
  yield* placeSteps(data, n, d, idx, r.value, dims, positions);
  checkLayout(method, positions, dims, 'in the returned layout (sample fitted, the rest placed)');
  return {
    positions,
    dims,
    sampled: {
      fitted: m,
      total: n,
      reason: `${method === 'tsne' ? 't-SNE' : 'UMAP'} fitted on a random sample of ${m} of ${n} points (maxPoints); the others are placed at the mean position of their ${PLACE_K} nearest fitted points`,
    },
  };
}

/** A TensorLensError as plain data (for postMessage) and back. */
export function serializeError(e: unknown): { tl?: [string, string, string, string]; message: string } {
  if (e instanceof TensorLensError) return { tl: [e.code, e.argument, e.expected, e.received], message: e.message };
  return { message: e instanceof Error ? e.message : String(e) };
}
export function deserializeError(x: { tl?: [string, string, string, string]; message: string }): Error {
  if (x.tl) {
    const e = new TensorLensError(x.tl[0] as TensorLensError['code'], x.tl[1], x.tl[2], x.tl[3]);
    return Object.assign(e, { message: x.message });
  }
  return new Error(x.message);
}
