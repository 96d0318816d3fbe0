// pca(), umap(), tsne(), project(): validate on the calling thread, compute in a worker (or inline).
import { fail } from '@tensorlens/core';
import { DEFAULT_MAX_POINTS, projectionSteps, type JobOptions, type JobResult } from './jobs';
import { abortError, canUseWorker, copyFloat32, readMatrix, runSliced, runWorkerJob, sendMatrix, withMainThreadFallback, type ProjectionControl } from './run';
import { PCA_SOLVERS } from './randomized-pca';
import type { TsneParams } from './tsne';
import type { Matrix, PCAParams, ProjectionMethod, ProjectionOptions, ProjectionProgress, ProjectionResult } from './types';
import type { UmapParams } from './umap';

/** Starts the projection worker (one per call; terminated when it ends or is cancelled). */
export function startProjectionWorker(): Worker {
  return new Worker(new URL('./projection.worker.ts', import.meta.url), { type: 'module' });
}

const METHODS: ProjectionMethod[] = ['pca', 'umap', 'tsne'];

type AnyOptions = ProjectionOptions & TsneParams & UmapParams & PCAParams;

function positiveInt(v: unknown, name: string, min = 1): void {
  if (v !== undefined && !(typeof v === 'number' && Number.isInteger(v) && v >= min)) throw fail('range', `options.${name}`, `an integer ≥ ${min}`, v);
}
function positive(v: unknown, name: string, allowZero = false): void {
  if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && (allowZero ? v >= 0 : v > 0))) throw fail('range', `options.${name}`, allowZero ? 'a number ≥ 0' : 'a number > 0', v);
}

/** Checks options and fills defaults into the serialisable job options. */
function jobOptions(method: ProjectionMethod, o: AnyOptions, d: number): JobOptions {
  if (o.dims !== undefined && o.dims !== 2 && o.dims !== 3) throw fail('option', 'options.dims', '2 or 3', o.dims);
  positiveInt(o.streamEvery, 'streamEvery', 0);
  positiveInt(o.maxPoints, 'maxPoints', 3);
  if (o.seed !== undefined && !Number.isFinite(o.seed)) throw fail('range', 'options.seed', 'a finite number', o.seed);
  positiveInt(o.components, 'components');
  if (o.solver !== undefined && !PCA_SOLVERS.includes(o.solver)) throw fail('option', 'options.solver', "'auto', 'exact' or 'randomized'", o.solver);
  if (o.components !== undefined && o.components > d) throw fail('range', 'options.components', `at most D = ${d}`, o.components);
  positive(o.perplexity, 'perplexity');
  positiveInt(o.iterations, 'iterations');
  if (o.learningRate !== undefined && o.learningRate !== 'auto') positive(o.learningRate, 'learningRate');
  positive(o.theta, 'theta', true);
  positive(o.earlyExaggeration, 'earlyExaggeration');
  positiveInt(o.exactBelow, 'exactBelow', 0);
  positiveInt(o.pcaDims, 'pcaDims');
  if (o.init !== undefined && o.init !== 'pca' && o.init !== 'random') throw fail('option', 'options.init', "'pca' or 'random'", o.init);
  positiveInt(o.nNeighbors, 'nNeighbors', 2);
  positive(o.minDist, 'minDist', true);
  positive(o.spread, 'spread');
  positiveInt(o.nEpochs, 'nEpochs');
  if (o.metric !== undefined && o.metric !== 'euclidean' && o.metric !== 'cosine') throw fail('option', 'options.metric', "'euclidean' or 'cosine'", o.metric);
  const rest: Record<string, unknown> = { ...o };
  delete rest.signal;
  delete rest.onProgress;
  delete rest.worker;
  delete rest.control;
  if (o.spherize !== undefined && typeof o.spherize !== 'boolean') throw fail('option', 'options.spherize', 'true or false', o.spherize);
  const c = o.control;
  if (c !== undefined && !(c && typeof c.pause === 'function' && typeof c.onChange === 'function')) throw fail('option', 'options.control', 'a control from createProjectionControl()', c);
  return {
    ...(rest as Omit<JobOptions, 'dims' | 'streamEvery' | 'maxPoints' | 'seed'>),
    dims: o.dims ?? 2,
    streamEvery: o.streamEvery ?? 10,
    maxPoints: o.maxPoints ?? DEFAULT_MAX_POINTS[method],
    seed: o.seed ?? 42,
  };
}

/** Projects the rows of an [N, D] matrix with `method`. See {@link pca}, {@link umap}, {@link tsne}. */
export async function project(method: ProjectionMethod, data: Matrix, options: AnyOptions = {}): Promise<ProjectionResult> {
  const t0 = performance.now();
  if (!METHODS.includes(method)) throw fail('option', 'method', "'pca', 'umap' or 'tsne'", method);
  const signal = options.signal;
  if (signal?.aborted) throw abortError();
  const { data: raw, n, d } = await readMatrix(data, 'data');
  const job = jobOptions(method, options, d);
  if (method === 'pca' && options.components === undefined && job.dims > d) job.components = job.dims; // D < dims: zero-padded axes
  const report = options.onProgress;
  let last = -Infinity;
  const onStep = (s: { progress: number; iteration: number; positions?: Float32Array; paused?: boolean }) => {
    const now = performance.now();
    if (!report || (!s.positions && !s.paused && now - last < 50)) return;
    last = now;
    const p: ProjectionProgress = { method, progress: s.progress, iteration: s.iteration };
    if (s.positions) p.positions = s.positions;
    if (s.paused) p.paused = true;
    report(p);
  };
  const control = options.control;
  const useWorker = options.worker ?? canUseWorker();
  // On the calling thread in ~20 ms slices: asked for, no Worker here, or the browser refused it (CSP).
  const pause = control && { control, onPaused: (s: { progress: number; iteration: number } | null) => onStep({ progress: s?.progress ?? 0, iteration: s?.iteration ?? 0, paused: true }) };
  const here = async () => runSliced(projectionSteps(method, raw instanceof Float32Array ? raw : await copyFloat32(raw), n, d, job), onStep, signal, 20, pause);
  const res: JobResult = useWorker ? await withMainThreadFallback(() => inWorker(method, raw, n, d, job, onStep, signal, control), here) : await here();
  if (signal?.aborted) throw abortError();
  report?.({ method, progress: 1, iteration: 0 });
  return { ...res, n, method, ms: performance.now() - t0 };
}

function inWorker(
  method: ProjectionMethod,
  raw: Parameters<typeof sendMatrix>[1],
  n: number,
  d: number,
  job: JobOptions,
  onStep: (s: { progress: number; iteration: number; positions?: Float32Array; paused?: boolean }) => void,
  signal?: AbortSignal,
  control?: ProjectionControl,
): Promise<JobResult> {
  let off: (() => void) | undefined;
  const job$ = runWorkerJob<JobResult, { progress: number; iteration: number; positions?: Float32Array; paused?: boolean }>(
    startProjectionWorker,
    'projections (PCA, UMAP, t-SNE)',
    async (w) => {
      await sendMatrix(w, raw, n, d);
      w.postMessage({ t: 'project', method, options: job, paused: control?.paused ?? false });
      // pause/resume go to the worker, which stops stepping between its slices
      off = control?.onChange((paused) => w.postMessage({ t: paused ? 'pause' : 'resume' }));
    },
    onStep,
    signal,
  );
  return job$.finally(() => off?.());
}

/**
 * PCA on every row, in a worker. `solver` (default `'auto'`): `'exact'` accumulates the covariance in float64 and
 * decomposes it fully; `'randomized'` finds only the kept axes by a seeded block Krylov iteration (much faster for a
 * few components of many features; `'auto'` picks it when D ≥ 64 and components ≤ min(N, D) / 4). Resolves with the
 * projections on the first `dims` (or `components`) axes and the variance each explains. Never samples.
 */
export function pca(data: Matrix, options: ProjectionOptions & PCAParams = {}): Promise<ProjectionResult> {
  return project('pca', data, options);
}

/**
 * UMAP, seeded, in a worker: approximate nearest neighbours by NN-descent (exact below a few thousand rows), the
 * fuzzy graph, a PCA start and the SGD epochs, all on typed arrays; progress streams throughout and the layout every
 * `streamEvery` epochs. Fits a sample above `maxPoints` (default 100000).
 */
export function umap(data: Matrix, options: ProjectionOptions & UmapParams = {}): Promise<ProjectionResult> {
  return project('umap', data, options);
}

/** t-SNE (exact up to 250 points, Barnes-Hut above), seeded, in a worker; streams the layout every `streamEvery` iterations. Fits a sample above `maxPoints` (default 10000). */
export function tsne(data: Matrix, options: ProjectionOptions & TsneParams = {}): Promise<ProjectionResult> {
  return project('tsne', data, options);
}
