// The activation atlas as plain data: what buildActivationAtlas() computes, what the icon packer adds, what
// serializeAtlas() writes and loadAtlas() reads back, and what createActivationAtlas() (in @tensorlens/gl) draws.
// Every array is flat and typed so an atlas crosses a worker boundary (transferred) and uploads to WebGL as is.
import type { Matrix, ProjectionProgress, UmapParams } from '../types';

/**
 * Class attributions per example: an `[N, C]` matrix (e.g. logits, or activation × gradient summed per class),
 * or the weights of a linear read-out `[D, C]` (+ optional bias `[C]`), in which case a cell's attribution to
 * class c is its mean activation · W[:, c] (+ b[c]) — exactly the class logit of the averaged activation when
 * the layer feeds the logits directly.
 */
export type AtlasAttributions = Matrix | { weights: Matrix; bias?: ArrayLike<number> };

export interface BuildAtlasProgress {
  phase: 'read' | 'layout' | 'bin' | 'stats' | 'done';
  /** 0..1 within the whole build. */
  fraction: number;
  /** Projection progress while `phase` is 'layout'. */
  layout?: ProjectionProgress;
}

export interface BuildAtlasOptions {
  /** `[N, D]` activations: a tfjs tensor (never disposed), a typed array with `shape`, nested arrays… */
  activations: Matrix;
  /** `[N, 2]` positions, or 'umap' (default) to compute one with this package's umap(). */
  layout?: Matrix | 'umap';
  /** Passed to umap() when `layout` is 'umap' (default metric 'cosine'). */
  layoutOptions?: UmapParams & { seed?: number };
  /** Grid sizes, one level each, e.g. [20, 40, 80, 160]: level g has g × g square cells. Integers 1..1024, ≥ 1 level. */
  levels: number[];
  /** Cells holding fewer examples than this are dropped (default 3). */
  minCount?: number;
  /** `[N]` integer class of each example (0..C-1). */
  labels?: ArrayLike<number> | Matrix;
  classNames?: string[];
  attributions?: AtlasAttributions;
  /** Top classes kept per cell (default 5, at most 8). */
  topK?: number;
  /** Representative examples kept per cell, nearest the cell's mean activation first (default 8). */
  examplesPerCell?: number;
  /** Keep each cell's mean activation (default true; the atlas is then cells × D floats per level). */
  keepMeans?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: BuildAtlasProgress) => void;
  /** Run in a Web Worker (default true where one can start). */
  worker?: boolean;
}

/** One grid level. Cell k of the level is the k-th kept cell; cells are in ascending grid index order. */
export interface AtlasLevel {
  /** g: the level is a g × g grid over `ActivationAtlas.bounds`. */
  grid: number;
  /** Kept cells (0 when every cell fell under minCount: a defined, empty level). */
  cellCount: number;
  /** [cellCount] grid index row * grid + col; col grows with x, row grows with y (layout coordinates, y up). */
  cells: Uint32Array;
  /** [cellCount] examples in the cell. */
  counts: Uint32Array;
  /** [cellCount * D] mean activation per cell, or null when keepMeans is false (or read from a file). */
  means: Float32Array | null;
  /** [cellCount * topK] class ids, best first; -1 pads cells with fewer classes. */
  topClasses: Int32Array;
  /** [cellCount * topK] the score of each top class (see ActivationAtlas.scoreKind); NaN pads. */
  topScores: Float32Array;
  /** [cellCount * examplesPerCell] representative example indices, nearest the mean first; -1 pads. */
  examples: Int32Array;
  /** [cellCount + 1] CSR offsets into `members`. */
  offsets: Uint32Array;
  /** Example indices of each cell (ascending within a cell). Empty when an atlas file left them out. */
  members: Uint32Array;
  /** Examples in dropped cells (under minCount) at this level. */
  dropped: number;
}

export interface ActivationAtlas {
  /** Examples and activation width. */
  n: number;
  d: number;
  /** The square box [x0, y0, x1, y1] of layout coordinates every level's grid divides. */
  bounds: [number, number, number, number];
  /** [n * 2] the layout used (given or computed). Empty when read from a file that left it out. */
  layout: Float32Array;
  classNames: string[] | null;
  /** Number of classes (0 when neither labels nor attributions were given). */
  numClasses: number;
  /**
   * What topScores hold: 'attribution' = the cell's attribution to the class (mean over its examples of an
   * [N, C] matrix, or mean activation · W + b); 'labels' = fraction of the cell's examples with that label;
   * 'none' = no classes (topClasses all -1).
   */
  scoreKind: 'attribution' | 'labels' | 'none';
  topK: number;
  examplesPerCell: number;
  levels: AtlasLevel[];
}

/** RGBA pixels of one sprite page (row-major, top row first, not premultiplied). */
export interface RGBAImage {
  width: number;
  height: number;
  data: Uint8ClampedArray | Uint8Array;
}

/** A sprite page: pixels in memory, a decoded image, or a URL the renderer loads. */
export type AtlasPage =
  | (RGBAImage & { kind: 'pixels' })
  | { kind: 'image'; width: number; height: number; image: ImageBitmap | HTMLImageElement | HTMLCanvasElement | OffscreenCanvas }
  | { kind: 'url'; width: number; height: number; url: string };

/**
 * Icons packed into paged sprite atlases (no single-texture limit: as many pages as needed, each at most
 * pageSize × pageSize). A slot is (page, x, y) in px, top-left of an iconSize × iconSize square.
 */
export interface AtlasSprites {
  iconSize: number;
  pageSize: number;
  pages: AtlasPage[];
  /** Per level: [cellCount * 3] (page, x, y) of each cell's icon; page -1 = no icon (its image is missing). */
  icons: Int32Array[];
  /** Example thumbnails for tooltips: example ids (ascending) and their slots [thumbIds.length * 3]. */
  thumbIds: Int32Array;
  thumbSlots: Int32Array;
  /** Thumbnail size in px (≤ iconSize). */
  thumbSize: number;
  /** Examples whose image could not be loaded (their icons/thumbnails are absent, never silently blank). */
  missing: Int32Array;
}

/** A per-cell icon from a user function (a later issue adds feature visualisation here). */
export interface AtlasIconCell {
  level: number;
  /** Index of the cell within the level. */
  cell: number;
  grid: number;
  col: number;
  row: number;
  count: number;
  /** Representative examples, nearest the mean first. */
  examples: Int32Array;
  /** The cell's mean activation when the atlas kept means. */
  mean: Float32Array | null;
}

export type AtlasIconSource = RGBAImage | ImageData | ImageBitmap | HTMLCanvasElement | OffscreenCanvas | HTMLImageElement;

/**
 * Images per example (length N): URLs, ImageData / RGBA images, or an `[N, H, W, C]` tensor (C = 1, 3 or 4;
 * values in [0, 1], or [0, 255] when any exceeds 1).
 */
export type AtlasImages = string[] | AtlasIconSource[] | Matrix;

export interface AtlasIconOptions {
  images?: AtlasImages;
  /** Per-cell icon function; used instead of `images` for icons when given (thumbnails still come from images). */
  icon?: (cell: AtlasIconCell) => AtlasIconSource | Promise<AtlasIconSource>;
  /** Stored icon size in px (default 32). */
  iconSize?: number;
  /** 1: the icon is the cell's top example; 4: a 2 × 2 mosaic of its top four (default 1). */
  mosaic?: 1 | 4;
  /** Thumbnails packed per cell for tooltips, from the examples list (default 4; 0 for none). */
  thumbnails?: number;
  /** Thumbnail size in px (default iconSize). */
  thumbSize?: number;
  /** Page edge in px (default 2048). */
  pageSize?: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

/** The atlas file format's manifest (atlas.json). Documented in docs/activation-atlas.md. */
export interface AtlasManifest {
  format: 'tensorlens-activation-atlas';
  version: 1;
  [key: string]: unknown;
}

// Function signatures the modules of this folder implement (build.ts, icons.ts, format.ts):
//   buildActivationAtlas(options: BuildAtlasOptions): Promise<ActivationAtlas>
//   packAtlasIcons(atlas: ActivationAtlas, options: AtlasIconOptions): Promise<AtlasSprites>
//   serializeAtlas(atlas, sprites, options?: { includeMembers?: boolean; includeLayout?: boolean; name?: string })
//     : Promise<{ manifest: AtlasManifest; files: { path: string; type: string; data: Uint8Array | string }[] }>
//     (files[0] is the manifest JSON text at `${name}.json`; the others are PNG sprite pages)
//   parseAtlas(manifest: unknown, baseUrl?: string): { atlas: ActivationAtlas; sprites: AtlasSprites } (pages of kind 'url')
//   loadAtlas(url: string, options?: { signal?: AbortSignal }): Promise<{ atlas: ActivationAtlas; sprites: AtlasSprites }>
