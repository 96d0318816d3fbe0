// Public option/event/handle types of createEmbeddingProjector, and its options schema (defineOptions).
import { defineOptions, fail, isBoolean, isNumber, isSelection, isString, isTheme, nullable, oneOf } from '@tensorlens/core';
import type { ArrayInput, ChannelValue, ColumnTable, ComponentHandle, OptionCheck, Selection, TableInput, Theme } from '@tensorlens/core';
import type { NeighborResult, ProjectionProgress, ProjectionResult, TsneParams, UmapParams } from '@tensorlens/explain';
import { pointCloudOptions } from '@tensorlens/gl';
import type { PointCloudHandle, PointCloudScheme, PointCloudSprite } from '@tensorlens/gl';
import type { CustomProjection, ProjectorMethod, ProjectorState } from './state';
// engineer E: the config, bookmarks and URL-state options (checks live in config.ts / bookmarks.ts)
import { checkEmbeddingOrConfig, isConfigOption, type ProjectorConfig } from './config';
import { isBookmarksOption, isUrlStateOption, type ProjectorBookmark, type ProjectorBookmarks } from './bookmarks';

export type { CustomProjection, ProjectorMethod };

/** PCA's view: which principal components are drawn. */
export interface ProjectorPCAOptions {
  /** The components on x, y (and z in 3D), 0-based, among the first 10. Default [0, 1, 2]. */
  axes?: [number, number] | [number, number, number];
}

/** What the projector drew: explain's result, with the projector's methods and the rows projected. */
export type ProjectorResult = Omit<ProjectionResult, 'method'> & {
  method: ProjectorMethod;
  /**
   * `positions` hold one row per vector (N × dims); rows left out by `isolate` are NaN (not drawn). PCA: the drawn
   * axes; `explainedVariance(Ratio)` cover the first 10 components.
   */
  positions: Float32Array;
  /** The rows the projection was computed on (`isolate`), or null: all. */
  rows: Uint32Array | null;
  /** PCA: the components drawn, 0-based. */
  axes?: number[];
  /** Custom projection: how many rows each search matched. */
  matches?: { left: number; right: number; up: number; down: number };
};

/** Options of {@link createEmbeddingProjector}. Every option can be changed later with `update()`. */
export interface EmbeddingProjectorOptions {
  /** The vectors: an `[N, D]` tensor, `{data, shape}`, a Float32Array with a shape, or nested arrays. Required unless `config` is given. */
  embedding?: ArrayInput;
  /** One row per vector (labels, classes...): rows, columns, a ColumnTable, an Arrow table or CSV/JSON text. Default null. */
  data?: TableInput | null;
  /** Projection: 'pca', 'umap', 'tsne', or 'custom' (axes from searches, see `custom`). Default 'pca' (exact, all points). */
  method?: ProjectorMethod;
  /** Output dimensions. Default 2. */
  dims?: 2 | 3;
  /**
   * Colour: a column name of `data`, values (one per vector), or one CSS colour; null: one colour. Default
   * (undefined): the label column when it has at most 64 values, else the first such class-like column, else none.
   */
  color?: ChannelValue | null;
  /** How colour values are read (text and few integers: categories). Default 'auto'. */
  colorType?: 'auto' | 'categorical' | 'continuous';
  /** Scheme of continuous colours. Default 'viridis'. */
  scheme?: PointCloudScheme;
  /**
   * Text naming a point (labels, neighbour list, search): a column name of `data` or values; null: row numbers.
   * Default (undefined): a column called label/name/title/word/token, else the first text column, else the first.
   */
  label?: ChannelValue | null;
  /** Shared selection (row indices), read and written. Default: an internal one. */
  selection?: Selection | null;
  /** Number of nearest neighbours listed for a selected point. Default 10. */
  k?: number;
  /** Distance for the neighbours (in the original D dimensions). Default 'cosine' (like the Embedding Projector). */
  metric?: 'cosine' | 'euclidean';
  /** Search over the label (substring, or "/regex/flags"). Default null. */
  search?: string | null;
  /** Seed of UMAP/t-SNE (initialisation and sampling). Default 42. */
  seed?: number;
  /** UMAP/t-SNE: above this many points, fit a random sample and place the rest (shown on screen). Default null: the method's (100000 UMAP, 10000 t-SNE). */
  maxPoints?: number | null;
  /** UMAP parameters (nNeighbors, minDist, nEpochs). */
  umap?: UmapParams;
  /** t-SNE parameters (perplexity, iterations, learningRate). */
  tsne?: TsneParams;
  /** PCA's view: `axes`, the components drawn (0-based, among the first 10). Switching axes redraws without recomputing. */
  pca?: ProjectorPCAOptions;
  /**
   * Custom projection (method 'custom'), as TensorBoard's: four searches over the label column (substring, or
   * "/regex/flags"). X runs along the mean of the `right` matches minus the mean of the `left` ones, Y along `up`
   * minus `down` (unit directions); each point is its centred vector projected on them. 2D. Default null.
   */
  custom?: CustomProjection | null;
  /** Centre the vectors on their mean and scale each to unit length before projecting (TensorBoard's spherize). Default false. */
  spherize?: boolean;
  /** Project only these rows (the others are hidden; indices stay the original row numbers). Default null: all rows. */
  isolate?: ArrayLike<number> | null;
  /** Point size in CSS pixels. Default 4. */
  size?: number;
  /** Accessible title. Default 'Embedding projector'. */
  title?: string;
  /** 'light', 'dark', or 'auto' (the page's colour scheme). Default 'auto'. */
  theme?: Theme;
  /** Show the colour legend while colour encodes data (categories with counts, clickable). Default true. */
  legend?: boolean;
  /**
   * Which points are labelled: 'selection' (the selected ones), 'auto' (the selection, and every point in view once
   * zoomed in far enough that at most 50 are in view), 'all' (as many in view as fit). Default 'auto'.
   */
  labels?: 'selection' | 'auto' | 'all';
  /**
   * Per-point images shown once points are drawn `spriteMinSize` px or larger (zoom in): TensorBoard's sprite —
   * `{ image, size: [w, h] }`, an image (URL, image, canvas, ImageBitmap, ImageData) holding one w × h image per
   * vector in row-major order — or raw pixels `{ pixels, size, channels? }`. Default null.
   */
  sprite?: PointCloudSprite | null;
  /** CSS px from which a point shows its image instead of a dot. Default 12. */
  spriteMinSize?: number;
  /** Size of the images: 1 makes an image as wide as the mean spacing of the points. Default 1. */
  spriteScale?: number;
  /**
   * TensorBoard's projector config instead of `embedding`: the URL of `projector_config.pbtxt` (or of the standalone
   * projector's JSON config; relative paths in it resolve against it), or a parsed config. The projector loads it and
   * draws its first embedding (with its metadata, sprite and bookmarks); with several embeddings an "Embedding"
   * picker appears in the toolbar. Exactly one of `embedding` and `config` is given. Default null.
   */
  config?: string | ProjectorConfig | null;
  /** Saved views for the Bookmarks panel, or the URL of a bookmarks JSON file (ours or TensorBoard's). Default null. */
  bookmarks?: ProjectorBookmark[] | string | null;
  /** Keep the current view in `location.hash` (restored on load): true (key `projector`) or the key to use. Default false. */
  urlState?: boolean | string;
}

/** Events of the embedding projector. */
export interface EmbeddingProjectorEvents {
  /** The point cloud's selection (click, box, lasso), or a click in the neighbour list. */
  select: { indices: Uint32Array; tool: 'click' | 'box' | 'lasso' | 'legend' | 'list' };
  /** Neighbours of the selected point, nearest first (distances ascending), in the original space. */
  neighbors: { index: number; indices: Uint32Array; distances: Float32Array; metric: 'cosine' | 'euclidean' };
  /** Projection progress (streamed layouts included; `paused: true` when a paused run stopped, at `iteration`). */
  progress: ProjectionProgress;
  /** A projection finished and is drawn (also after a PCA axis switch). */
  projection: ProjectorResult;
  /** A projection was cancelled (the previous layout is kept). */
  cancel: { method: ProjectorMethod };
  /** A projection or neighbour query failed. */
  error: { error: unknown; message: string };
  /** A state reached the screen (the point cloud drew it). */
  render: { count: number };
}

export interface EmbeddingProjectorHandle extends ComponentHandle<EmbeddingProjectorOptions, EmbeddingProjectorEvents> {
  /** The point cloud drawing the layout. */
  readonly pointCloud: PointCloudHandle;
  /** The layout drawn, once a projection has finished (null before). */
  readonly projection: ProjectorResult | null;
  /** True while a running t-SNE/UMAP is paused. */
  readonly paused: boolean;
  /** True while a projection runs. */
  readonly busy: boolean;
  /** Workers this projector holds now (a running projection, the neighbour index); 0 after destroy(). */
  readonly workers: number;
  /** The embedding's size, [N, D]. */
  readonly shape: [number, number];
  /** The `data` table as read (or null). */
  readonly data: ColumnTable | null;
  /** Cancels the running projection (the previous layout stays). */
  cancel(): void;
  /** Resolves with the result of the current (or next) projection, or null when it is cancelled or fails. */
  whenProjected(): Promise<ProjectorResult | null>;
  /** Pauses the running t-SNE/UMAP where it is (the worker stops stepping); no-op when none runs. */
  pause(): void;
  /** Resumes a paused projection from where it stopped. */
  resume(): void;
  /** Runs the current projection again from the start (the same seed gives the same layout). */
  rerun(): void;
  /**
   * The view as JSON (method, parameters, spherize, isolate, colour, label, search, selection, camera): a bookmark.
   * Options given as values rather than column names (an array `color`) are left out.
   */
  getState(): ProjectorState;
  /**
   * Restores a state from {@link EmbeddingProjectorHandle.getState} (checked with `validateState`; a bad one throws
   * and changes nothing): applies its options, re-projects if the projection differs, then restores the selection
   * and the camera once the layout is drawn. Resolves when it is on screen.
   */
  setState(state: ProjectorState): Promise<void>;
  /** Saved views (the Bookmarks panel's API): list, save, restore, delete, and their JSON (download, upload). */
  readonly bookmarks: ProjectorBookmarks;
  /** With `config`: the config loaded (null while it loads, and for a projector of an `embedding`). */
  readonly config: ProjectorConfig | null;
  /** With `config`: the tensor name of the embedding shown (null otherwise). */
  readonly embeddingName: string | null;
  /** With `config`: shows another embedding of the config (its tensor name or index); resolves when it is in the projector. */
  selectEmbedding(which: string | number): Promise<void>;
  /** Selects row `i` and lists its neighbours; resolves with them. */
  showNeighbors(i: number): Promise<NeighborResult | null>;
}

/** The options with their defaults filled in (`color` and `label` stay undefined for "choose automatically"). */
export type ResolvedOptions = { [K in keyof EmbeddingProjectorOptions]-?: Exclude<EmbeddingProjectorOptions[K], undefined> } & {
  color: ChannelValue | null | undefined;
  label: ChannelValue | null | undefined;
  umap: UmapParams | undefined;
  tsne: TsneParams | undefined;
  pca: ProjectorPCAOptions | undefined;
};

const isChannel: OptionCheck<unknown> = (value, argument) => {
  if (typeof value === 'string') return;
  if (value === null || typeof value !== 'object' || typeof (value as ArrayLike<unknown>).length !== 'number') throw fail('option', argument, 'a column name or an array of values', value);
};
const isObject: OptionCheck<unknown> = (value, argument) => {
  if (value === null || typeof value !== 'object') throw fail('option', argument, 'an object of parameters', value);
};
const isTable: OptionCheck<unknown> = (value, argument) => {
  if (typeof value !== 'string' && (value === null || typeof value !== 'object')) throw fail('option', argument, 'a table (rows, columns, an Arrow table, or CSV/JSON text)', value);
};
/** Checks each parameter of an object against `spec` (value check by key); unknown keys name the known ones. */
const params =
  (spec: Record<string, (v: unknown) => string | null>): OptionCheck<unknown> =>
  (value, argument) => {
    isObject(value, argument);
    for (const [k, v] of Object.entries(value as object)) {
      if (!(k in spec)) throw fail('option', `${argument}.${k}`, `one of ${Object.keys(spec).join(', ')}`, k);
      const expected = v === undefined ? null : spec[k](v);
      if (expected) throw fail('range', `${argument}.${k}`, expected, v);
    }
  };
const num = (min: number, { integer = false, exclusive = false } = {}) => (v: unknown) =>
  typeof v === 'number' && Number.isFinite(v) && (!integer || Number.isInteger(v)) && (exclusive ? v > min : v >= min) ? null : `${integer ? 'an integer' : 'a number'} ${exclusive ? '>' : '≥'} ${min}`;
const isTsne = params({
  perplexity: num(0, { exclusive: true }),
  iterations: num(1, { integer: true }),
  learningRate: (v) => (v === 'auto' ? null : num(0, { exclusive: true })(v) && "'auto' or a number > 0"),
  theta: num(0),
  earlyExaggeration: num(0, { exclusive: true }),
  exactBelow: num(0, { integer: true }),
  pcaDims: num(1, { integer: true }),
  init: (v) => (v === 'pca' || v === 'random' ? null : "'pca' or 'random'"),
});
const isUmap = params({
  nNeighbors: num(2, { integer: true }),
  minDist: num(0),
  spread: num(0, { exclusive: true }),
  nEpochs: num(1, { integer: true }),
  metric: (v) => (v === 'euclidean' || v === 'cosine' ? null : "'euclidean' or 'cosine'"),
});
const isPCA: OptionCheck<unknown> = (value, argument) => {
  isObject(value, argument);
  for (const k of Object.keys(value as object)) if (k !== 'axes') throw fail('option', `${argument}.${k}`, 'axes', k);
  const a = (value as ProjectorPCAOptions).axes;
  if (a === undefined) return;
  if (!Array.isArray(a) || (a.length !== 2 && a.length !== 3)) throw fail('option', `${argument}.axes`, '2 or 3 component numbers, 0-based ([0, 1] is PC1 and PC2)', a);
  a.forEach((c, i) => {
    if (!(Number.isInteger(c) && c >= 0 && c < 10)) throw fail('range', `${argument}.axes[${i}]`, 'an integer from 0 to 9 (one of the first 10 components)', c);
  });
  if (new Set(a).size !== a.length) throw fail('option', `${argument}.axes`, 'different components on each axis', a);
};
const isCustom: OptionCheck<unknown> = (value, argument) => {
  isObject(value, argument);
  for (const k of ['left', 'right', 'up', 'down']) if (typeof (value as Record<string, unknown>)[k] !== 'string') throw fail('option', `${argument}.${k}`, 'a search (substring or /regex/)', (value as Record<string, unknown>)[k]);
  for (const k of Object.keys(value as object)) if (!['left', 'right', 'up', 'down'].includes(k)) throw fail('option', `${argument}.${k}`, 'one of left, right, up, down', k);
};
const isRows: OptionCheck<unknown> = (value, argument) => {
  if (value === null || typeof value !== 'object' || typeof (value as ArrayLike<unknown>).length !== 'number') throw fail('option', argument, 'row indices (an array or a typed array), or null', value);
  const a = value as ArrayLike<unknown>;
  if (a.length < 2) throw fail('empty', argument, 'at least 2 rows to project', `${a.length}`);
  for (let i = 0; i < a.length; i++) if (!(Number.isInteger(a[i]) && (a[i] as number) >= 0)) throw fail('range', `${argument}[${i}]`, 'a row index (an integer ≥ 0)', a[i]);
};
const isMaxPoints: OptionCheck<unknown> = (value, argument) => {
  if (!(Number.isInteger(value) && (value as number) >= 10)) throw fail('option', argument, 'an integer ≥ 10, or null', value);
};

/** The projector's options: checks, defaults, what a change invalidates ('data': a new projection). */
export const projectorOptions = defineOptions<EmbeddingProjectorOptions>(
  'embedding projector',
  {
    embedding: { invalidates: 'data' },
    data: { default: null, check: nullable(isTable), invalidates: 'layout' },
    method: { default: 'pca', check: oneOf<ProjectorMethod>('pca', 'umap', 'tsne', 'custom'), invalidates: 'data' },
    dims: { default: 2, check: oneOf<2 | 3>(2, 3), invalidates: 'data' },
    color: { check: nullable(isChannel), invalidates: 'paint' },
    colorType: { default: 'auto', check: oneOf('auto', 'categorical', 'continuous'), invalidates: 'paint' },
    scheme: { default: 'viridis', check: oneOf<PointCloudScheme>('viridis', 'magma', 'blues', 'greys', 'rdbu', 'puor'), invalidates: 'paint' },
    label: { check: nullable(isChannel), invalidates: 'paint' },
    selection: { default: null, check: nullable(isSelection), invalidates: 'paint' },
    k: { default: 10, check: isNumber({ min: 1, integer: true }), invalidates: 'none' },
    metric: { default: 'cosine', check: oneOf('cosine', 'euclidean'), invalidates: 'none' },
    search: { default: null, check: nullable(isString), invalidates: 'paint' },
    seed: { default: 42, check: isNumber(), invalidates: 'data' },
    maxPoints: { default: null, check: nullable(isMaxPoints), invalidates: 'data' },
    umap: { check: isUmap, invalidates: 'data' },
    tsne: { check: isTsne, invalidates: 'data' },
    pca: { check: isPCA, invalidates: 'layout' },
    custom: { default: null, check: nullable(isCustom), invalidates: 'data' },
    spherize: { default: false, check: isBoolean, invalidates: 'data' },
    isolate: { default: null, check: nullable(isRows), invalidates: 'data' },
    size: { default: 4, check: isNumber({ min: 0, exclusiveMin: true }), invalidates: 'paint' },
    title: { default: 'Embedding projector', check: isString, invalidates: 'none' },
    theme: { default: 'auto', check: isTheme, invalidates: 'paint' },
    legend: { default: true, check: isBoolean, invalidates: 'layout' },
    // drawn by the point cloud: its checks and defaults
    labels: { ...pointCloudOptions.schema.labels, invalidates: 'paint' },
    sprite: { ...pointCloudOptions.schema.sprite, invalidates: 'paint' },
    spriteMinSize: { ...pointCloudOptions.schema.spriteMinSize, invalidates: 'paint' },
    spriteScale: { ...pointCloudOptions.schema.spriteScale, invalidates: 'paint' },
    config: { default: null, check: nullable(isConfigOption), invalidates: 'data' },
    bookmarks: { default: null, check: nullable(isBookmarksOption), invalidates: 'none' },
    urlState: { default: false, check: isUrlStateOption, invalidates: 'none' },
  },
  { renamed: { metadata: 'data', colorBy: 'color', labelField: 'label', pointSize: 'size', colorScheme: 'scheme' }, validate: checkEmbeddingOrConfig },
);

export const METHOD_NAMES: Record<ProjectorMethod, string> = { pca: 'PCA', umap: 'UMAP', tsne: 't-SNE', custom: 'Custom' };

/** The distance as text: 3 significant digits, never exponent notation for ordinary values. */
export function formatDistance(d: number): string {
  if (!Number.isFinite(d)) return String(d);
  if (d === 0) return '0';
  const a = Math.abs(d);
  return a >= 1e-3 && a < 1e6 ? String(+d.toPrecision(3)) : d.toExponential(2);
}
