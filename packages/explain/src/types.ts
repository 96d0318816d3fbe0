import type { ArrayInput } from '@tensorlens/core';
import type { TsneParams } from './tsne';
import type { UmapParams } from './umap';
import type { Metric, NeighborResult } from './knn';
import type { ProjectionControl } from './run';

export type { TsneParams, UmapParams, Metric, NeighborResult };

/** An [N, D] matrix: a tensor, `{data, shape}` (a Float32Array with its shape included) or nested arrays. */
export type Matrix = ArrayInput;

/** The projection methods. */
export type ProjectionMethod = 'pca' | 'umap' | 'tsne';

/** A progress report. `positions` (N×dims, a fresh array the receiver owns) comes every `streamEvery` iterations of UMAP and t-SNE. */
export interface ProjectionProgress {
  method: ProjectionMethod;
  /** 0..1 */
  progress: number;
  /** Optimisation iteration (t-SNE) or epoch (UMAP); 0 while preparing and for PCA. */
  iteration: number;
  /**
   * An intermediate layout, N×dims row-major. When the method fits a sample (see `ProjectionResult.sampled`),
   * points not in the sample are NaN until the final result places them.
   */
  positions?: Float32Array;
  /** True on the report sent when the run stopped because its `control` was paused (at `iteration`). */
  paused?: boolean;
}

/** Options shared by every projection. */
export interface ProjectionOptions {
  /** Output dimensions, default 2. */
  dims?: 2 | 3;
  /** Cancels: the worker is terminated and the promise rejects with a DOMException named 'AbortError'. */
  signal?: AbortSignal;
  /** Called with progress (throttled to about every 50 ms) and with every streamed layout. */
  onProgress?: (p: ProjectionProgress) => void;
  /** Stream the layout every this many iterations (UMAP epochs, t-SNE iterations), default 10; 0 = never. */
  streamEvery?: number;
  /** UMAP/t-SNE: above this N, fit a seeded random sample of this size and place the rest; default 100000 (UMAP), 10000 (t-SNE). PCA never samples. */
  maxPoints?: number;
  /** Seed of every random choice (initialisation, sampling, negative sampling), default 42. */
  seed?: number;
  /**
   * Run in a Web Worker (default: true where `Worker` exists). `false` runs the same code on the calling
   * thread in slices of about 20 ms (for Node, or pages whose CSP forbids blob workers).
   */
  worker?: boolean;
  /** Pause/resume (see `createProjectionControl()`): a paused run stops stepping and resumes where it stopped. Default none. */
  control?: ProjectionControl;
  /**
   * Spherize first (as TensorBoard's projector): centre the rows on their mean and scale each to unit length
   * (a row equal to the mean stays zero), then project. Default false.
   */
  spherize?: boolean;
}

/** PCA-only options. */
export interface PCAParams {
  /** Number of components to keep (overrides `dims` for `positions`; up to D), default `dims`. */
  components?: number;
  /**
   * Eigen-solver. `'exact'`: full covariance, full eigen-decomposition. `'randomized'`: seeded randomized block
   * Krylov iteration for the kept components only, run until each kept axis's residual ‖C u − λ u‖ is below 1e-6 of
   * the largest variance (on MNIST the variances then agree with the exact ones to 1e-9 relative, the axes to 1e-5).
   * Default `'auto'`: randomized when D ≥ 64 and components ≤ min(N, D) / 4, else exact.
   */
  solver?: 'auto' | 'exact' | 'randomized';
}

/** What a projection resolves to. */
export interface ProjectionResult {
  /** N×dims row-major layout (N×components for PCA with `components`). */
  positions: Float32Array;
  dims: number;
  n: number;
  method: ProjectionMethod;
  /** PCA: variance along each kept component (sample covariance, divisor N − 1). */
  explainedVariance?: Float64Array;
  /** PCA: `explainedVariance` / total variance. */
  explainedVarianceRatio?: Float64Array;
  /** PCA: the kept axes, components×D row-major, unit length, the largest-magnitude entry of each positive. */
  components?: Float64Array;
  /** PCA: column means. */
  mean?: Float64Array;
  /** Non-null when only a sample was fitted and the other points were placed by their nearest fitted neighbours. */
  sampled: null | { fitted: number; total: number; reason: string };
  /** Wall time in milliseconds, from the call to the result. */
  ms: number;
}

export type { NeighborIndex, NeighborIndexOptions, QueryOptions } from './neighbors';
