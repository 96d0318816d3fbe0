// Public option/event/handle types of createPointCloud, and its options schema (checks, defaults, what a change
// invalidates), declared once with core's defineOptions.
import { anyOf, defineOptions, fail, isBoolean, isNumber, isSelection, isString, isTheme, nullable, oneOf } from '@tensorlens/core';
import type { ChannelValue, ColumnTable, ComponentHandle, OptionCheck, Selection, TableInput, Theme } from '@tensorlens/core';
import type { ArrayInput } from '@tensorlens/core';
import type { ColorChannel, ColorType, NumericChannel } from './input';
import { searchMatcher } from './search';
import type { PointCloudCamera, SetCameraOptions } from './camera';
import { isSprite, type PointCloudSprite } from './sprites';

export type { PointCloudCamera, SetCameraOptions } from './camera';
export type { PointCloudSprite, SpriteImage } from './sprites';

export type { NumericChannel, ColorChannel, ColorType, TableLike } from './input';

/** Colour schemes of a continuous colour channel. */
export type PointCloudScheme = 'viridis' | 'magma' | 'blues' | 'greys' | 'rdbu' | 'puor';

/** Options of {@link createPointCloud}. Every option can be changed later with `update()`. */
export interface PointCloudOptions {
  /**
   * The table of the points, one row per point: rows (array of records), columns, a core ColumnTable, an Apache
   * Arrow table, or CSV/JSON text. Channels (`x`, `y`, `z`, `color`, `label`) may name its columns; the tooltip
   * and search read it. Default null.
   */
  data?: TableInput | null;
  /** Horizontal position: a column name of `data`, or the values (array, Float32Array, tensor [N]). Default: `data`'s column 'x'. */
  x?: NumericChannel | null;
  /** Vertical position (like `x`). Default: `data`'s column 'y'. */
  y?: NumericChannel | null;
  /** Depth (3D), like `x`. Default: `data`'s column 'z' when x and y come from `data` too, else none. */
  z?: NumericChannel | null;
  /** Positions as one [N, 2] or [N, 3] matrix (tensor, `{data, shape}`, nested arrays), instead of x/y/z: the embedding case. Default null. */
  positions?: ArrayInput | null;
  /**
   * Colour: a column name of `data`, the values (numbers or strings, one per point), or one CSS colour that is
   * not a column name. Default null: every point in the theme's accent colour.
   */
  color?: ColorChannel | null;
  /** How colour values are read. Default 'auto': text, and numbers that are at most 64 distinct integers, are categories; other numbers are continuous. */
  colorType?: ColorType;
  /** Continuous colour: the values mapped to the ends of `scheme`. Default: the values' min and max. */
  colorDomain?: [number, number] | null;
  /** Categorical colour given as integer codes: the name of code k is `categories[k]`. Default null (the codes' own values). */
  categories?: string[] | null;
  /** Scheme of continuous colours. Default 'viridis'. */
  scheme?: PointCloudScheme;
  /** Text naming each point (labels of selected points, the tooltip's title, search): a column name or values. Default null: the category and row index. */
  label?: ChannelValue | null;
  /** Point diameter. Default 4 (CSS pixels). */
  size?: number;
  /** Units of `size`. Default 'pixels'. */
  sizeUnits?: 'pixels' | 'data';
  /**
   * Point opacity 0…1. Default 'auto': opaque while points do not overlap; where they pile up, each point is
   * translucent so overlaps read, while the densest spots still reach their full colour.
   */
  opacity?: number | 'auto';
  /** '2d' or '3d'. Default: '3d' when there is a z, else '2d'. */
  view?: '2d' | '3d' | null;
  /** Density rendering. Default 'auto': on when many points fall on each pixel. */
  density?: 'auto' | 'on' | 'off';
  /** Show a tooltip for the point under the pointer. Default true. */
  tooltip?: boolean;
  /** Columns of `data` shown in the tooltip. Default null: the first 6. */
  tooltipFields?: string[] | null;
  /** Shared selection, written by click/box/lasso and drawn emphasised. Default null: an internal one. */
  selection?: Selection | null;
  /** Show only the selected points while the selection is not empty. Default false. */
  showOnlySelected?: boolean;
  /** Substring (case-insensitive) or regular expression ("/…/flags" or a RegExp) to highlight. Default null. */
  search?: string | RegExp | null;
  /** Column of `data` searched. Default null: the label column, else the first text column of `data`. */
  searchField?: string | null;
  /** Rows drawn emphasised with a ring (e.g. neighbours). Default null. */
  highlight?: ArrayLike<number> | null;
  /** Animation of position and data changes in ms. Default 300. */
  transition?: number;
  /** Drag behaviour. Default 'pan' (shift-drag draws a lasso). */
  tool?: 'pan' | 'box' | 'lasso';
  /**
   * Which points are labelled (besides the hovered one). 'selection': the selected points. 'auto': the selected
   * points, and every point in view once zoomed in (zoom > 1) far enough that at most `maxLabels` points are in
   * view. 'all': as many points in view as fit, up to `maxLabels`. Labels never overlap: a label that would
   * overlap one already placed moves to the left, above or below its point, or is left out. Default 'auto'.
   */
  labels?: 'selection' | 'auto' | 'all';
  /** Labels drawn at most (of the selection, and of the points in view). Default 50. */
  maxLabels?: number;
  /**
   * Per-point images, shown instead of dots once they are drawn at least `spriteMinSize` px: a sprite sheet
   * (`{ image, size: [w, h] }`: an image URL, an image, canvas, ImageBitmap or ImageData holding one w × h image per
   * row of data in row-major order, TensorBoard's layout) or raw pixels (`{ pixels, size, channels? }`, e.g. MNIST
   * digits). Images are packed into as many texture pages as they need. A sprite that does not fit the data (or an
   * image that fails to load) is reported as an 'error' event; the points are then drawn as dots. Default null.
   */
  sprite?: PointCloudSprite | null;
  /** CSS px from which a point shows its image instead of a dot. Default 12. */
  spriteMinSize?: number;
  /** Size of the images: 1 makes an image as wide as the mean spacing of the points (zoom in to see them). Default 1. */
  spriteScale?: number;
  /** Largest side of a sprite texture page in px. Default null: the GPU's largest texture, at most 8192. */
  spritePageSize?: number | null;
  /** Accessible title used in the summary. Default 'Point cloud'. */
  title?: string;
  /** 'light', 'dark', or 'auto' (the page's colour scheme). Default 'auto'. */
  theme?: Theme;
  /** Show the colour legend while colour encodes data (categories with counts, clickable; a continuous ramp). Default true. */
  legend?: boolean;
  /**
   * Fit the 2D view beside the legend, so no point starts under it (the legend takes at most 40 % of the width).
   * Default true; false: the data fill the whole canvas (an XY plot, whose axes show the data's own domain).
   */
  legendRoom?: boolean;
}

/** Events of the point cloud. */
export interface PointCloudEvents {
  hover: { index: number; x: number; y: number } | null;
  click: { index: number };
  /** Rows selected by a click, box, lasso or the legend. */
  select: { indices: Uint32Array; tool: 'click' | 'box' | 'lasso' | 'legend' };
  /** The camera moved (drag, wheel, keys, zoomTo…, resetView, setCamera): its zoom relative to the fitted view, and the camera. */
  view: { zoom: number; camera: PointCloudCamera };
  search: { matches: number };
  /** A state reached the screen. */
  render: { count: number };
  /** Data given as a tensor turned out invalid (the error is also shown in the element and rejects whenRendered()). */
  error: { error: unknown; message: string };
  contextrestored: Record<string, never>;
}

export interface PointCloudHandle extends ComponentHandle<PointCloudOptions, PointCloudEvents> {
  /** Number of rows. */
  readonly count: number;
  /** Rows skipped because a coordinate was NaN or ±Infinity. */
  readonly skipped: number;
  /** GPU bytes per point for position + category + value (≤ 12). */
  readonly bytesPerPoint: number;
  /** Whether the last frame used density rendering. */
  readonly densityActive: boolean;
  /** Rows matching the current search. */
  readonly matches: number;
  /** The selection the cloud reads and writes. */
  readonly selection: Selection;
  /** The `data` table as read (or null). */
  readonly data: ColumnTable | null;
  /** The opacity of one point in the last frame (resolving 'auto'). */
  readonly pointOpacity: number;
  /** The per-point images: 'none', 'loading', 'ready' or 'error' (then `error` says why); texture pages and their bytes. */
  readonly sprites: { state: 'none' | 'loading' | 'ready' | 'error'; pages: number; bytes: number; error: unknown };
  resetView(): void;
  /** The camera as plain JSON (data coordinates, zoom relative to the fitted view): save it in a bookmark or URL. */
  getCamera(): PointCloudCamera;
  /**
   * Moves the camera to one from {@link PointCloudHandle.getCamera} (its `view` must be the one shown now). A bad
   * camera throws a TensorLensError naming the field (`camera.zoom`…). Before the data arrive it is kept and applied
   * to the first data set. `transition`: animation in ms (default 0).
   */
  setCamera(camera: PointCloudCamera, options?: SetCameraOptions): void;
  zoomToSelection(): void;
  zoomToIndices(indices: ArrayLike<number>): void;
  /** The row under client point (x, y), or -1. */
  pick(clientX: number, clientY: number): Promise<number>;
  /** CSS px (relative to the element) of a row, or null when it is skipped or behind the camera. */
  screenPosition(index: number): [number, number] | null;
  toPNG(scale?: number): Promise<Blob>;
  /** Draws now, synchronously (benchmarks, tests). */
  renderFrame(): void;
}

const isArrayLike = (value: unknown, argument: string, expected: string) => {
  if (value === null || typeof value !== 'object' || typeof (value as ArrayLike<unknown>).length !== 'number') throw fail('option', argument, expected, value);
};
const isChannel = (expected: string): OptionCheck<unknown> => (value, argument) => {
  if (typeof value === 'string') return;
  isArrayLike(value, argument, expected);
};
const isStringList: OptionCheck<unknown> = (value, argument) => {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw fail('option', argument, 'an array of strings', value);
};
const isDomain: OptionCheck<unknown> = (value, argument) => {
  if (!Array.isArray(value) || value.length !== 2 || !value.every(Number.isFinite)) throw fail('option', argument, '[min, max] (finite numbers)', value);
};
const isMatrix: OptionCheck<unknown> = (value, argument) => {
  if (value === null || typeof value !== 'object') throw fail('option', argument, 'an [N, 2|3] matrix (a tensor, {data, shape}, a TypedArray with a shape or nested arrays)', value);
};
const isSearch: OptionCheck<unknown> = (value) => {
  searchMatcher(value as string | RegExp | null);
};
const isTable: OptionCheck<unknown> = (value, argument) => {
  if (typeof value !== 'string' && (value === null || typeof value !== 'object')) throw fail('option', argument, 'a table (rows, columns, an Arrow table, or CSV/JSON text)', value);
};

/** The point cloud's options: checks, defaults, what a change invalidates. */
export const pointCloudOptions = defineOptions<PointCloudOptions>(
  'point cloud',
  {
    data: { default: null, check: nullable(isTable), invalidates: 'data' },
    x: { default: null, check: nullable(isChannel('a column name, an array of numbers or a tensor [N]')), invalidates: 'data' },
    y: { default: null, check: nullable(isChannel('a column name, an array of numbers or a tensor [N]')), invalidates: 'data' },
    z: { default: null, check: nullable(isChannel('a column name, an array of numbers or a tensor [N]')), invalidates: 'data' },
    positions: { default: null, check: nullable(isMatrix), invalidates: 'data' },
    color: { default: null, check: nullable(isChannel('a column name, an array of values, a tensor [N] or a CSS colour')), invalidates: 'data' },
    colorType: { default: 'auto', check: oneOf<ColorType>('auto', 'categorical', 'continuous'), invalidates: 'data' },
    colorDomain: { default: null, check: nullable(isDomain), invalidates: 'data' },
    categories: { default: null, check: nullable(isStringList), invalidates: 'data' },
    scheme: { default: 'viridis', check: oneOf<PointCloudScheme>('viridis', 'magma', 'blues', 'greys', 'rdbu', 'puor'), invalidates: 'paint' },
    label: { default: null, check: nullable(isChannel('a column name or an array of values')), invalidates: 'paint' },
    size: { default: 4, check: isNumber({ min: 0, exclusiveMin: true, max: 1e9 }), invalidates: 'paint' },
    sizeUnits: { default: 'pixels', check: oneOf('pixels', 'data'), invalidates: 'paint' },
    opacity: { default: 'auto', check: anyOf(oneOf('auto'), isNumber({ min: 0, max: 1 })), invalidates: 'paint' },
    view: { default: null, check: nullable(oneOf('2d', '3d')), invalidates: 'data' },
    density: { default: 'auto', check: oneOf('auto', 'on', 'off'), invalidates: 'paint' },
    tooltip: { default: true, check: isBoolean, invalidates: 'none' },
    tooltipFields: { default: null, check: nullable(isStringList), invalidates: 'none' },
    selection: { default: null, check: nullable(isSelection), invalidates: 'paint' },
    showOnlySelected: { default: false, check: isBoolean, invalidates: 'paint' },
    search: { default: null, check: isSearch, invalidates: 'paint' },
    searchField: { default: null, check: nullable(isString), invalidates: 'paint' },
    highlight: { default: null, check: nullable((v, a) => isArrayLike(v, a, 'an array of row indices')), invalidates: 'paint' },
    transition: { default: 300, check: isNumber({ min: 0 }), invalidates: 'none' },
    tool: { default: 'pan', check: oneOf('pan', 'box', 'lasso'), invalidates: 'none' },
    labels: { default: 'auto', check: oneOf('selection', 'auto', 'all'), invalidates: 'paint' },
    maxLabels: { default: 50, check: isNumber({ min: 0 }), invalidates: 'paint' },
    sprite: { default: null, check: nullable(isSprite), invalidates: 'paint' },
    spriteMinSize: { default: 12, check: isNumber({ min: 1, max: 1e4 }), invalidates: 'paint' },
    spriteScale: { default: 1, check: isNumber({ min: 0, exclusiveMin: true, max: 1e6 }), invalidates: 'paint' },
    spritePageSize: { default: null, check: nullable(isNumber({ min: 1, max: 65536, integer: true })), invalidates: 'paint' },
    title: { default: 'Point cloud', check: isString, invalidates: 'none' },
    theme: { default: 'auto', check: isTheme, invalidates: 'paint' },
    legend: { default: true, check: isBoolean, invalidates: 'layout' },
    legendRoom: { default: true, check: isBoolean, invalidates: 'layout' },
  },
  {
    renamed: {
      metadata: 'data',
      labelField: 'label',
      category: 'color',
      value: 'color',
      colorBy: 'colorType',
      colorScheme: 'scheme',
      valueDomain: 'colorDomain',
      categoryNames: 'categories',
      hideUnselected: 'showOnlySelected',
      xField: 'x',
      yField: 'y',
      zField: 'z',
      pointSize: 'size',
    },
  },
);
