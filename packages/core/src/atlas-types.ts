// The activation atlas as plain data, shared by the algorithms that build it (@tensorlens/explain) and the
// renderer that draws it (@tensorlens/gl): one grid level, the atlas, and icons packed into sprite pages.
// Every array is flat and typed so an atlas crosses a worker boundary (transferred) and uploads to WebGL as is.

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

/** An activation atlas: a layer's examples laid out in 2D and binned into grids, one level of detail per grid size. */
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
