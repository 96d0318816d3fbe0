// Public option/event/handle types of createEmbeddingProjector, their defaults and validation.
import { fail } from '@tensorlens/core';
import type { ArrayInput, ColumnTable, ComponentHandle, Selection } from '@tensorlens/core';
import type { NeighborResult, ProjectionProgress, ProjectionResult, TsneParams, UmapParams } from '@tensorlens/explain';
import type { PointCloudHandle, TableLike } from '@tensorlens/gl';

export type ProjectorMethod = 'pca' | 'umap' | 'tsne';

export interface EmbeddingProjectorOptions {
  /** The vectors: an `[N, D]` tensor, `{data, shape}`, a Float32Array with a shape, or nested arrays. */
  embedding: ArrayInput;
  /** One row of metadata per vector (labels, classes...): a ColumnTable, an Arrow table or named columns. */
  metadata?: TableLike | null;
  /** Projection. Default 'pca' (exact, all points). */
  method?: ProjectorMethod;
  /** Output dimensions. Default 2. */
  dims?: 2 | 3;
  /** Metadata column that colours the points ('' or null: one colour). Default: `labelField`, else none. */
  colorBy?: string | null;
  /** Metadata column naming a point (labels, neighbour list, search). Default: the first text column, else the first column. */
  labelField?: string | null;
  /** Shared selection (row indices), read and written. Default: an internal one. */
  selection?: Selection | null;
  /** Number of nearest neighbours listed for a selected point. Default 10. */
  k?: number;
  /** Distance for the neighbours (in the original D dimensions). Default 'cosine' (like the Embedding Projector). */
  metric?: 'cosine' | 'euclidean';
  /** Search over `labelField` (substring, or "/regex/flags"). Default null. */
  search?: string | null;
  /** Seed of UMAP/t-SNE (initialisation and sampling). Default 42. */
  seed?: number;
  /** UMAP/t-SNE: above this many points, fit a random sample and place the rest (shown on screen). Default: the method's (20000 UMAP, 10000 t-SNE). */
  maxPoints?: number | null;
  /** UMAP parameters (nNeighbors, minDist, nEpochs). */
  umap?: UmapParams;
  /** t-SNE parameters (perplexity, iterations, learningRate). */
  tsne?: TsneParams;
  /** Point size in CSS pixels. Default 4. */
  pointSize?: number;
  /** Accessible title. Default 'Embedding projector'. */
  title?: string;
}

export interface EmbeddingProjectorEvents {
  /** The point cloud's selection (click, box, lasso), or a click in the neighbour list. */
  select: { indices: Uint32Array; tool: 'click' | 'box' | 'lasso' | 'list' };
  /** Neighbours of the selected point, nearest first (distances ascending), in the original space. */
  neighbors: { index: number; indices: Uint32Array; distances: Float32Array; metric: 'cosine' | 'euclidean' };
  /** Projection progress (streamed layouts included). */
  progress: ProjectionProgress;
  /** A projection finished and is drawn. */
  projection: ProjectionResult;
  /** A projection was cancelled (the previous layout is kept). */
  cancel: { method: ProjectorMethod };
  /** A projection or neighbour query failed. */
  error: { error: unknown; message: string };
}

export interface EmbeddingProjectorHandle extends ComponentHandle<EmbeddingProjectorOptions, EmbeddingProjectorEvents> {
  /** The point cloud drawing the layout. */
  readonly pointCloud: PointCloudHandle;
  /** The layout drawn, once a projection has finished (null before). */
  readonly projection: ProjectionResult | null;
  /** True while a projection runs. */
  readonly busy: boolean;
  /** Workers this projector holds now (a running projection, the neighbour index); 0 after destroy(). */
  readonly workers: number;
  /** The embedding's size, [N, D]. */
  readonly shape: [number, number];
  /** The metadata table (or null). */
  readonly metadata: ColumnTable | null;
  /** Cancels the running projection (the previous layout stays). */
  cancel(): void;
  /** Resolves with the result of the current (or next) projection, or null when it is cancelled or fails. */
  whenProjected(): Promise<ProjectionResult | null>;
  /** Selects row `i` and lists its neighbours; resolves with them. */
  showNeighbors(i: number): Promise<NeighborResult | null>;
}

/** The options with their defaults filled in. */
export type ResolvedOptions = EmbeddingProjectorOptions &
  Required<Pick<EmbeddingProjectorOptions, 'method' | 'dims' | 'k' | 'metric' | 'seed' | 'pointSize' | 'title'>> & {
    search: string | null;
    maxPoints: number | null;
  };

export const DEFAULTS: Omit<ResolvedOptions, 'embedding'> = {
  method: 'pca',
  dims: 2,
  k: 10,
  metric: 'cosine',
  search: null,
  seed: 42,
  maxPoints: null,
  pointSize: 4,
  title: 'Embedding projector',
};

export const METHOD_NAMES: Record<ProjectorMethod, string> = { pca: 'PCA', umap: 'UMAP', tsne: 't-SNE' };

/** Throws 'option' for invalid option values. */
export function checkOptions(o: Partial<EmbeddingProjectorOptions>): void {
  if (o.method !== undefined && !(o.method in METHOD_NAMES)) throw fail('option', 'options.method', "'pca' | 'umap' | 'tsne'", o.method);
  if (o.dims !== undefined && o.dims !== 2 && o.dims !== 3) throw fail('option', 'options.dims', '2 or 3', o.dims);
  if (o.k !== undefined && !(Number.isInteger(o.k) && o.k >= 1)) throw fail('option', 'options.k', 'an integer ≥ 1', o.k);
  if (o.metric !== undefined && o.metric !== 'cosine' && o.metric !== 'euclidean') throw fail('option', 'options.metric', "'cosine' | 'euclidean'", o.metric);
  if (o.search != null && typeof o.search !== 'string') throw fail('option', 'options.search', 'a string or null', o.search);
  if (o.seed !== undefined && !Number.isFinite(o.seed)) throw fail('option', 'options.seed', 'a finite number', o.seed);
  if (o.maxPoints != null && !(Number.isInteger(o.maxPoints) && o.maxPoints >= 10)) throw fail('option', 'options.maxPoints', 'an integer ≥ 10, or null', o.maxPoints);
  if (o.pointSize !== undefined && !(o.pointSize > 0)) throw fail('option', 'options.pointSize', 'a number > 0', o.pointSize);
  for (const k of ['colorBy', 'labelField'] as const) {
    if (o[k] != null && typeof o[k] !== 'string') throw fail('option', `options.${k}`, 'a column name or null', o[k]);
  }
}

/** The distance as text: 3 significant digits, never exponent notation for ordinary values. */
export function formatDistance(d: number): string {
  if (!Number.isFinite(d)) return String(d);
  if (d === 0) return '0';
  const a = Math.abs(d);
  return a >= 1e-3 && a < 1e6 ? String(+d.toPrecision(3)) : d.toExponential(2);
}
