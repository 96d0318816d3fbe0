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

/** What `buildActivationAtlas` reports to `onProgress`. */
export interface BuildAtlasProgress {
  phase: 'read' | 'layout' | 'bin' | 'stats' | 'done';
  /** 0..1 within the whole build. */
  fraction: number;
  /** Projection progress while `phase` is 'layout'. */
  layout?: ProjectionProgress;
}

/** Options of `buildActivationAtlas`. */
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

export type { AtlasLevel, ActivationAtlas, RGBAImage, AtlasPage, AtlasSprites } from '@tensorlens/core';
import type { RGBAImage } from '@tensorlens/core';

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

/** One example's image, in any form `packAtlasIcons` can draw. */
export type AtlasIconSource = RGBAImage | ImageData | ImageBitmap | HTMLCanvasElement | OffscreenCanvas | HTMLImageElement;

/**
 * Images per example (length N): URLs, ImageData / RGBA images, or an `[N, H, W, C]` tensor (C = 1, 3 or 4;
 * values in [0, 1], or [0, 255] when any exceeds 1).
 */
export type AtlasImages = string[] | AtlasIconSource[] | Matrix;

/** Options of `packAtlasIcons`. */
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
