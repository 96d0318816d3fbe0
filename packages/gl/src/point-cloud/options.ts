// Public option/event/handle types of createPointCloud, their defaults and validation.
import { fail, parseColor } from '@tensorlens/core';
import type { ColumnTable, ComponentHandle, Selection } from '@tensorlens/core';
import type { DataOptions, TableLike } from './input';
import { searchMatcher } from './search';

export type { NumericInput, TableLike } from './input';

export interface PointCloudOptions extends DataOptions {
  /** Colour by 'category', 'value' or 'none' (one colour). Default 'auto': category if given, else value, else none. */
  colorBy?: 'auto' | 'category' | 'value' | 'none';
  /** The colour of every point when colouring by 'none' (a CSS colour). Default: the theme's --tl-accent. */
  color?: string;
  /** Continuous scheme for `value`. Default 'viridis'. */
  colorScheme?: 'viridis' | 'magma' | 'blues' | 'greys';
  /** Point diameter. Default 4 (pixels). */
  size?: number;
  /** Units of `size`. Default 'pixels'. */
  sizeUnits?: 'pixels' | 'data';
  /** Point opacity 0…1. Default 'auto' (lower where points overlap a lot). */
  opacity?: number | 'auto';
  /** Default: '3d' when z is given, else '2d'. */
  view?: '2d' | '3d';
  /** Density rendering. Default 'auto': on when many points fall on each pixel. */
  density?: 'auto' | 'on' | 'off';
  /** Metadata columns for tooltips, labels and search (default: `data`). */
  metadata?: TableLike;
  /** Column used for labels (default: none, labels show the row index). */
  labelField?: string;
  /** Columns shown in the tooltip (default: the first 6 metadata columns). */
  tooltipFields?: string[];
  /** Shared selection, written by click/box/lasso and drawn emphasised. Default: an internal one. */
  selection?: Selection | null;
  /** Hide points outside a non-empty selection. Default false. */
  hideUnselected?: boolean;
  /** Substring (case-insensitive) or regular expression ("/…/flags" or a RegExp) to highlight. Default null. */
  search?: string | RegExp | null;
  /** Column searched (default: labelField, else the first text column of the metadata). */
  searchField?: string;
  /** Rows drawn emphasised with a ring (e.g. neighbours). Default null. */
  highlight?: ArrayLike<number> | null;
  /** Animation of position and data changes in ms. Default 300. */
  transition?: number;
  /** Drag behaviour. Default 'pan' (shift-drag draws a lasso). */
  tool?: 'pan' | 'box' | 'lasso';
  /** Labels of the selection drawn at most (default 50). */
  maxLabels?: number;
  /** Accessible title used in the summary (default 'Point cloud'). */
  title?: string;
}

export interface PointCloudEvents {
  hover: { index: number; x: number; y: number } | null;
  click: { index: number };
  select: { indices: Uint32Array; tool: 'click' | 'box' | 'lasso' };
  view: { zoom: number };
  search: { matches: number };
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
  resetView(): void;
  zoomToSelection(): void;
  zoomToIndices(indices: ArrayLike<number>): void;
  /** The row under client point (x, y), or -1. */
  pick(clientX: number, clientY: number): Promise<number>;
  /** CSS px (relative to the element) of a row, or null when it is skipped or behind the camera. */
  screenPosition(index: number): [number, number] | null;
  toPNG(scale?: number): Promise<Blob>;
  /** Draws now, synchronously (benchmarks, tests). */
  renderFrame(): void;
  /** The metadata table (or null). */
  readonly metadata: ColumnTable | null;
}

export const DEFAULTS = {
  colorBy: 'auto',
  colorScheme: 'viridis',
  size: 4,
  sizeUnits: 'pixels',
  opacity: 'auto',
  density: 'auto',
  hideUnselected: false,
  search: null,
  highlight: null,
  transition: 300,
  tool: 'pan',
  maxLabels: 50,
  title: 'Point cloud',
} as const;

const ENUMS: Record<string, readonly string[]> = {
  colorBy: ['auto', 'category', 'value', 'none'],
  colorScheme: ['viridis', 'magma', 'blues', 'greys'],
  sizeUnits: ['pixels', 'data'],
  view: ['2d', '3d'],
  density: ['auto', 'on', 'off'],
  tool: ['pan', 'box', 'lasso'],
};

/** Throws 'option' for invalid option values (enums, numbers, search patterns). */
export function checkOptions(o: Partial<PointCloudOptions>): void {
  const r = o as Record<string, unknown>;
  for (const k in ENUMS) if (r[k] !== undefined && !ENUMS[k].includes(r[k] as string)) throw fail('option', `options.${k}`, ENUMS[k].map((s) => `'${s}'`).join(' | '), r[k]);
  if (o.size !== undefined && !(o.size > 0 && o.size < 1e9)) throw fail('option', 'options.size', 'a number > 0', o.size);
  if (o.opacity !== undefined && o.opacity !== 'auto' && !(o.opacity >= 0 && o.opacity <= 1)) throw fail('option', 'options.opacity', "a number in [0, 1] or 'auto'", o.opacity);
  if (o.transition !== undefined && !(o.transition >= 0)) throw fail('option', 'options.transition', 'a number of ms ≥ 0', o.transition);
  if (o.valueDomain !== undefined && !(Array.isArray(o.valueDomain) && o.valueDomain.length === 2 && o.valueDomain.every(Number.isFinite))) throw fail('option', 'options.valueDomain', '[min, max]', o.valueDomain);
  if (o.maxLabels !== undefined && !(o.maxLabels >= 0)) throw fail('option', 'options.maxLabels', 'a number ≥ 0', o.maxLabels);
  if (o.color !== undefined) parseColor(o.color);
  searchMatcher(o.search);
}
