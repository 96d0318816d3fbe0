// The options of parallel coordinates, declared once with core's defineOptions: how each is checked, its default,
// and what a change of it makes stale. Checks that need the data (column names, brushes) run in the factory,
// before any state changes.
import { anyOf, defineOptions, fail, isBoolean, isNumber, isSelection, isString, isTheme, nullable, oneOf, type OptionCheck } from '@tensorlens/core';
import type { ChannelValue, ComponentHandle, DivergingScheme, Selection, SequentialScheme, Theme } from '@tensorlens/core';
import type { AxisSpec, ColumnType, ParallelData } from './columns';
import type { BrushSpec } from './brush';

/** How the colour channel is read: from the values ('auto'), as categories, or on the continuous `scheme`. */
export type ParallelColorType = 'auto' | 'categorical' | 'continuous';

/** Options of {@link createParallelCoordinates}. */
export interface ParallelCoordinatesOptions {
  /** Rows (array of records), columns (object of arrays), a ColumnTable, an Arrow table, or CSV/TSV/JSON text. Required. */
  data: ParallelData;
  /** Axes in order, with overrides (names or AxisSpec). Default null: every column, types inferred. */
  columns?: Array<string | AxisSpec> | null;
  /**
   * Colours the lines: the name of a column of `data` (an axis or not), an array of values (one per row), or a CSS
   * colour that is not a column name (every line that colour). Default null: the theme's accent colour.
   */
  color?: ChannelValue | null;
  /** How `color` is read: 'auto' (strings and booleans are categories, numbers continuous), 'categorical' or 'continuous'. Default 'auto'. */
  colorType?: ParallelColorType;
  /** Colour scheme of continuous colours (categorical ones use the categorical palette). Default 'viridis'. */
  scheme?: SequentialScheme | DivergingScheme;
  /** Show core's legend while colour encodes data (categories with counts, clickable; a continuous ramp). Default true. */
  legend?: boolean;
  /** Default 30: a categorical column with more values keeps the 29 most frequent plus "other" (with a note). */
  maxCategories?: number;
  /** Shared selection: brushed rows are written here; rows selected elsewhere are drawn highlighted. Default null. */
  selection?: Selection | null;
  /** Brushes per axis: [min, max] ranges in data units, or lists of categories. Default none. */
  brushes?: BrushSpec | null;
  /** Opacity of lines, a number in (0, 1], or 'auto' (default: from the row count). */
  opacity?: number | 'auto';
  /** Default 'webgl' (Canvas2D when WebGL is unavailable). */
  renderer?: 'webgl' | 'canvas';
  /**
   * 'lines': one polyline per row. 'density': rows counted per pair of bins on adjacent axes, each bin pair drawn
   * as a band with opacity ∝ log(1 + rows per pixel). Default 'auto': density above `densityThreshold` shown rows.
   */
  mode?: 'auto' | 'lines' | 'density';
  /** Default 50 000: 'auto' draws density when more rows than this are shown. */
  densityThreshold?: number;
  /** Bins per axis in density mode (2 … 254). Default 0: one bin per 3 device pixels of axis, at most 128. */
  densityBins?: number;
  /** Show a tooltip with the values of the line under the pointer. Default true. */
  tooltip?: boolean;
  /** Accessible name (and the start of the text summary). Default ''. */
  title?: string;
  /** Default 'auto' (prefers-color-scheme, or an ancestor's data-tl-theme). */
  theme?: Theme;
}

/** Events of {@link createParallelCoordinates}. */
export interface ParallelCoordinatesEvents {
  /** Brushes changed (after a drag ends, a key, a click or update({ brushes })), or the legend chose categories. */
  select: { count: number; indices: Uint32Array; brushes: BrushSpec };
  hover: { index: number } | null;
  axes: { order: string[]; hidden: string[]; flipped: string[] };
  /** The current state reached the screen. */
  render: { rows: number; selected: number; mode: 'lines' | 'density' };
  /** Drawing failed (the message is also shown with role="alert"). */
  error: { error: unknown; message: string };
}

/** The handle {@link createParallelCoordinates} returns. */
export interface ParallelCoordinatesHandle extends ComponentHandle<ParallelCoordinatesOptions, ParallelCoordinatesEvents> {
  /** Rows shown (after keep/exclude). */
  readonly rowCount: number;
  /** Rows shown that pass the brushes (all shown rows when nothing is brushed). */
  readonly selectedCount: number;
  /** What draws the lines: 'webgl' or 'canvas'. */
  readonly renderer: 'webgl' | 'canvas';
  /** How rows are drawn now: 'lines' or 'density' (after 'auto' is resolved). */
  readonly mode: 'lines' | 'density';
  /** Narrows the shown rows to the brushed ones and clears the brushes. */
  keep(): void;
  /** Narrows the shown rows to those not brushed and clears the brushes. */
  exclude(): void;
  /** Shows every row again (undoes keep/exclude). */
  resetView(): void;
  clearBrushes(): void;
  /** Current brushes in data units. */
  brushes(): BrushSpec;
  /** Axes: display order (hidden ones included), hidden and flipped names. */
  axes(): ParallelCoordinatesEvents['axes'];
  /** Moves an axis to display position `index`. */
  moveAxis(name: string, index: number): void;
  setAxis(name: string, change: { flipped?: boolean; hidden?: boolean; scale?: 'linear' | 'log' }): void;
  toSVG(): string;
  toPNG(scale?: number): Promise<Blob>;
  columnsInfo(): Array<{ name: string; type: ColumnType; missing: number; note?: string }>;
}

const AXIS_TYPES: ColumnType[] = ['numeric', 'log', 'categorical', 'datetime', 'boolean'];

const isTable: OptionCheck<ParallelData> = (value, argument) => {
  if (typeof value !== 'string' && (value === null || typeof value !== 'object')) throw fail('option', argument, 'a table (rows, columns, an Arrow table, or CSV/JSON text)', value);
};

const isAxisList: OptionCheck<Array<string | AxisSpec>> = (value, argument) => {
  if (!Array.isArray(value)) throw fail('option', argument, 'an array of names or axis specs', value);
  value.forEach((item, i) => {
    const spec = typeof item === 'string' ? { name: item } : item;
    if (!spec || typeof spec !== 'object' || typeof spec.name !== 'string') throw fail('option', `${argument}[${i}]`, 'a name or { name, type?, label?, domain?, flipped?, hidden? }', item);
    if (spec.type !== undefined && !AXIS_TYPES.includes(spec.type)) throw fail('option', `${argument}.${spec.name}.type`, AXIS_TYPES.map((t) => `'${t}'`).join(' | '), spec.type);
  });
};

const isColorChannel: OptionCheck<ChannelValue> = (value, argument) => {
  if (typeof value === 'string') return;
  if (value === null || typeof value !== 'object' || typeof (value as ArrayLike<unknown>).length !== 'number') throw fail('option', argument, 'a column name, an array of values (one per row) or a CSS colour', value);
};

const isBrushSpec: OptionCheck<BrushSpec> = (value, argument) => {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw fail('option', argument, 'an object of column name → ranges or category lists', value);
};

/** The parallel coordinates' options: checks, defaults, what a change invalidates. */
export const parallelCoordinatesOptions = defineOptions<ParallelCoordinatesOptions>(
  'parallel coordinates',
  {
    data: { required: true, check: isTable, invalidates: 'data' },
    columns: { default: null, check: nullable(isAxisList), invalidates: 'data' },
    color: { default: null, check: nullable(isColorChannel), invalidates: 'paint' },
    colorType: { default: 'auto', check: oneOf<ParallelColorType>('auto', 'categorical', 'continuous'), invalidates: 'paint' },
    scheme: { default: 'viridis', check: oneOf<SequentialScheme | DivergingScheme>('viridis', 'magma', 'blues', 'greys', 'rdbu', 'puor'), invalidates: 'paint' },
    legend: { default: true, check: isBoolean, invalidates: 'layout' },
    maxCategories: { default: 30, check: isNumber({ min: 2, max: 256, integer: true }), invalidates: 'data' },
    selection: { default: null, check: nullable(isSelection), invalidates: 'paint' },
    brushes: { default: null, check: nullable(isBrushSpec), invalidates: 'paint' },
    opacity: { default: 'auto', check: anyOf(oneOf('auto'), isNumber({ min: 0, exclusiveMin: true, max: 1 })), invalidates: 'paint' },
    renderer: { default: 'webgl', check: oneOf('webgl', 'canvas'), invalidates: 'layout' },
    mode: { default: 'auto', check: oneOf('auto', 'lines', 'density'), invalidates: 'paint' },
    densityThreshold: { default: 50_000, check: isNumber({ min: 0 }), invalidates: 'paint' },
    densityBins: {
      default: 0,
      check: (value, argument) => {
        if (!(Number.isInteger(value) && (value === 0 || (value >= 2 && value <= 254)))) throw fail('option', argument, '0 (auto) or an integer from 2 to 254', value);
      },
      invalidates: 'paint',
    },
    tooltip: { default: true, check: isBoolean, invalidates: 'none' },
    title: { default: '', check: isString, invalidates: 'paint' },
    theme: { default: 'auto', check: isTheme, invalidates: 'paint' },
  },
  { renamed: { colorBy: 'color', colorScheme: 'scheme', lineOpacity: 'opacity' } },
);
