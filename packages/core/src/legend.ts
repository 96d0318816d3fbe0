// The legend every colour encoding comes with: a list of categories (swatch, name, count) that reads and writes
// the shared selection, or a colour ramp with ticks for continuous and diverging scales.
import { select, type Selection as D3Selection } from 'd3-selection';
import { scaleLinear, scaleLog } from 'd3-scale';
import { Emitter, Lifecycle, type ComponentHandle } from './component';
import { fail } from './errors';
import { defineOptions, isFunction, isNumber, isSelection, isString, isTheme, nullable, oneOf, type OptionCheck, type Theme } from './options';
import { categoricalColors, interpolateScheme, type DivergingScheme, type SequentialScheme } from './scales';
import type { Selection } from './selection';
import { isCssColor } from './color';
import { pixelRatio } from './dom';
import { linearTicks, logTickFormat, logTicks, tickFormat } from './ticks';
import { formatCount, formatNumber } from './format';
import { injectLegendStyles } from './legend-styles';

/** What the legend shows: named categories, a sequential ramp, or a ramp centred on a value. */
export type LegendType = 'categorical' | 'continuous' | 'diverging';

/** How a ramp legend spaces values: evenly (`linear`) or by orders of magnitude (`log`, continuous only). */
export type LegendScale = 'linear' | 'log';

/** Options of {@link createLegend}. Options that do not apply to the legend's `type` are ignored. */
export interface LegendOptions {
  /** Categories, a sequential ramp, or a diverging ramp. Required. */
  type: LegendType;
  /** The legend's heading and accessible name (default: none shown, accessible name "Legend"). */
  title?: string;
  /** 'auto' follows the page's colour scheme; inside a host chart pass the host's theme. Default 'auto'. */
  theme?: Theme;
  /** Items stacked (`vertical`) or wrapped in rows (`horizontal`); the ramp's direction. Default 'vertical'. */
  orientation?: 'vertical' | 'horizontal';

  /** categorical: the category names, in the order shown. Required for `type: 'categorical'`. */
  categories?: string[];
  /** categorical: one CSS colour per category (default: core's `categoricalColors(categories.length)`). */
  colors?: string[];
  /** categorical: a number per category shown beside its name with thousands separators (default: none). */
  counts?: ArrayLike<number> | null;
  /**
   * categorical: per-row category codes (integers in [0, categories.length)). With them a click selects rows
   * (`select` events, the `selection` store) and a selection made elsewhere is reflected. Default: none.
   */
  values?: ArrayLike<number> | null;
  /** categorical: the shared selection the legend writes on click and reflects (needs `values`). Default: none. */
  selection?: Selection | null;
  /** categorical: the list's maximum height in CSS px; longer lists scroll. Default 240. */
  maxHeight?: number;

  /** continuous, diverging: the values at the ramp's two ends, `[min, max]` (min ≤ max). Required for ramps. */
  domain?: [number, number];
  /** continuous, diverging: a core colour scheme (default 'viridis' for continuous, 'rdbu' for diverging). */
  scheme?: SequentialScheme | DivergingScheme;
  /** continuous, diverging: `t ∈ [0, 1] → CSS colour`, used instead of `scheme` when given. Default: none. */
  interpolator?: ((t: number) => string) | null;
  /** continuous: 'linear' or 'log' (the domain must then be positive). Default 'linear'. */
  scale?: LegendScale;
  /** continuous, diverging: about how many ticks (d3's tick count). Default 5. */
  ticks?: number;
  /** continuous, diverging: formats tick labels (default: d3's tick format for the domain and tick count). */
  format?: ((value: number) => string) | null;
  /** diverging: the value with the middle colour; always labelled. The shown domain is extended to include it. Default 0. */
  center?: number;
  /** continuous, diverging: the ramp's length in CSS px. Default 160. */
  length?: number;
}

/** The payload of the legend's `select` event. */
export interface LegendSelectEvent {
  /** The rows (ascending) whose code is one of `categories`; empty when the selection was cleared. */
  indices: Uint32Array;
  /** The active categories (ascending indices into `categories`). */
  categories: number[];
}

/** The payload of the legend's `highlight` event: the categories emphasised (the others are dimmed); empty = none. */
export interface LegendHighlightEvent {
  categories: number[];
}

/** Events of {@link createLegend}. */
export interface LegendEvents {
  /** A click, shift-click or key changed the active categories of a legend that has `values`. */
  select: LegendSelectEvent;
  /** A click, shift-click or key changed the active categories (also without `values`: hosts dim marks themselves). */
  highlight: LegendHighlightEvent;
  /** The legend's current state reached the screen. */
  render: { type: LegendType };
  /** Declared for the component contract; the legend reports bad options by throwing. */
  error: { error: unknown; message: string };
}

/** The handle {@link createLegend} returns. */
export interface LegendHandle extends ComponentHandle<LegendOptions, LegendEvents> {
  /** The active (highlighted) categories, ascending; empty when none is. */
  readonly active: number[];
}

const SCHEMES = ['viridis', 'magma', 'blues', 'greys', 'rdbu', 'puor'] as const;

/** Ramp geometry, CSS px. */
const THICKNESS = 10;
const TICK = 4;
const LABEL_GAP = 3;
const CHAR_WIDTH = 7; // an estimate of a 12 px label character, to size the legend around its labels

/** Above this many items a vertical list renders only what is scrolled into view. */
const LONG_LIST = 100;

/** The width of a long list: its longest name (at most 18em) and count, the swatch, gaps, padding and a scrollbar. */
function longListWidth(items: Item[]): number {
  let name = 0;
  let count = 0;
  for (const item of items) {
    name = Math.max(name, item.name.length);
    count = Math.max(count, item.count.length);
  }
  return Math.ceil(Math.min(name * CHAR_WIDTH, 18 * 12) + (count ? count * CHAR_WIDTH + 6 : 0) + 10 + 6 + 8 + 16);
}

// ---- option checks ----

const isStringArray: OptionCheck<string[]> = (value, argument) => {
  if (!Array.isArray(value)) throw fail('option', argument, 'an array of strings', value);
  for (let i = 0; i < value.length; i++) if (typeof value[i] !== 'string') throw fail('option', `${argument}[${i}]`, 'a string', value[i]);
};

const isColorArray: OptionCheck<string[]> = (value, argument) => {
  if (!Array.isArray(value)) throw fail('option', argument, 'an array of CSS colours', value);
  for (let i = 0; i < value.length; i++) if (!isCssColor(value[i])) throw fail('option', `${argument}[${i}]`, 'a CSS colour (a name, #hex, rgb(), hsl(), oklch() …)', value[i]);
};

function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as ArrayLike<unknown>).length === 'number' && typeof value !== 'function';
}

const isCounts: OptionCheck<ArrayLike<number> | null> = (value, argument) => {
  if (!isArrayLike(value)) throw fail('option', argument, 'an array of numbers (one per category)', value);
  for (let i = 0; i < value.length; i++) {
    if (typeof value[i] !== 'number' || !Number.isFinite(value[i])) throw fail('option', `${argument}[${i}]`, 'a finite number', value[i]);
  }
};

const isCodes: OptionCheck<ArrayLike<number> | null> = (value, argument) => {
  if (!isArrayLike(value)) throw fail('option', argument, 'per-row category codes (an array or typed array of integers)', value);
};

const isDomain: OptionCheck<[number, number]> = (value, argument) => {
  const ok = Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number' && Number.isFinite(v));
  if (!ok) throw fail('option', argument, '[min, max]: two finite numbers', value);
  if (value[0] > value[1]) throw fail('range', argument, '[min, max] with min ≤ max', `[${value[0]}, ${value[1]}]`);
};

const sameDomain = (a: [number, number], b: [number, number]) => a[0] === b[0] && a[1] === b[1];

const model = defineOptions<LegendOptions>(
  'legend',
  {
    type: { required: true, check: oneOf<LegendType>('categorical', 'continuous', 'diverging'), invalidates: 'data' },
    title: { check: isString, invalidates: 'layout' },
    theme: { default: 'auto', check: isTheme, invalidates: 'paint' },
    orientation: { default: 'vertical', check: oneOf('vertical', 'horizontal'), invalidates: 'layout' },
    categories: { check: isStringArray, invalidates: 'data' },
    colors: { check: isColorArray, invalidates: 'paint' },
    counts: { default: null, check: nullable(isCounts), invalidates: 'layout' },
    values: { default: null, check: nullable(isCodes), invalidates: 'data' },
    selection: { default: null, check: nullable(isSelection), invalidates: 'paint' },
    maxHeight: { default: 240, check: isNumber({ min: 0, exclusiveMin: true }), invalidates: 'layout' },
    domain: { check: isDomain, invalidates: 'layout', equals: sameDomain },
    scheme: { check: oneOf<SequentialScheme | DivergingScheme>(...SCHEMES), invalidates: 'paint' },
    interpolator: { default: null, check: nullable(isFunction), invalidates: 'paint' },
    scale: { default: 'linear', check: oneOf<LegendScale>('linear', 'log'), invalidates: 'layout' },
    ticks: { default: 5, check: isNumber({ min: 0, integer: true }), invalidates: 'layout' },
    format: { default: null, check: nullable(isFunction), invalidates: 'layout' },
    center: { default: 0, check: isNumber(), invalidates: 'layout' },
    length: { default: 160, check: isNumber({ min: 20 }), invalidates: 'layout' },
  },
  {
    renamed: { colorScheme: 'scheme', labels: 'categories', classes: 'categories' },
    validate(options) {
      if (options.type === 'categorical') {
        const { categories, colors, counts } = options;
        if (!categories) throw fail('option', 'options.categories', "an array of category names (the legend's type is 'categorical')", undefined);
        if (colors && colors.length !== categories.length) throw fail('length', 'options.colors', `one colour per category (${categories.length})`, `${colors.length} colours`);
        if (counts && counts.length !== categories.length) throw fail('length', 'options.counts', `one count per category (${categories.length})`, `${counts.length} counts`);
        return;
      }
      if (!options.domain) throw fail('option', 'options.domain', `[min, max] (the legend's type is '${options.type}')`, undefined);
      if (options.scale === 'log') {
        if (options.type === 'diverging') throw fail('option', 'options.scale', "'linear' (a diverging legend is linear)", 'log');
        if (!(options.domain[0] > 0)) throw fail('range', 'options.domain', 'positive numbers (the scale is log)', `[${options.domain[0]}, ${options.domain[1]}]`);
      }
    },
  },
);

// ---- what is drawn, derived from the options before any state changes ----

interface Item {
  index: number;
  name: string;
  color: string;
  /** The formatted count, or '' when there are no counts. */
  count: string;
}

interface Tick {
  value: number;
  /** 0 at the ramp's min end … 1 at its max end. */
  position: number;
  /** '' for an unlabelled tick (log scales label only some). */
  label: string;
  center: boolean;
}

interface CategoricalView {
  kind: 'categorical';
  items: Item[];
  /** Rows per category, from `values`; null without values. */
  rowCounts: Uint32Array | null;
  values: ArrayLike<number> | null;
}

interface RampView {
  kind: 'ramp';
  /** One CSS colour per device pixel along the ramp, from its min end to its max end. */
  pixels: string[];
  ticks: Tick[];
  /** The domain shown (a diverging domain extended to include its centre). */
  domain: [number, number];
  ariaLabel: string;
}

type View = CategoricalView | RampView;


/** Rows per category; throws for a code that is not an integer in [0, n). */
function countRows(values: ArrayLike<number>, n: number): Uint32Array {
  const rowCounts = new Uint32Array(n);
  for (let i = 0; i < values.length; i++) {
    const code = values[i];
    if (code >>> 0 !== code || code >= n) throw fail('range', 'options.values', `category codes: integers in [0, ${n - 1}]`, code, `row ${i}`);
    rowCounts[code]++;
  }
  return rowCounts;
}

function deriveCategorical(options: LegendOptions, previous: View | null): CategoricalView {
  const categories = options.categories!;
  const colors = options.colors ?? categoricalColors(categories.length);
  const counts = options.counts;
  const items = categories.map((name, index) => ({ index, name, color: colors[index], count: counts ? formatCount(counts[index]) : '' }));
  const values = options.values ?? null;
  let rowCounts: Uint32Array | null = null;
  if (values) {
    const reuse = previous?.kind === 'categorical' && previous.values === values && previous.rowCounts?.length === categories.length;
    rowCounts = reuse ? (previous as CategoricalView).rowCounts : countRows(values, categories.length);
  }
  return { kind: 'categorical', items, rowCounts, values };
}

function deriveRamp(options: LegendOptions): RampView {
  const diverging = options.type === 'diverging';
  const [low, high] = options.domain!;
  const center = options.center!;
  const domain: [number, number] = diverging ? [Math.min(low, center), Math.max(high, center)] : [low, high];
  const count = options.ticks!;
  const log = options.scale === 'log';
  const scale = log ? scaleLog().domain(domain).range([0, 1]) : scaleLinear().domain(domain).range([0, 1]);
  // core's ticks (d3-scale's): linear ticks labelled with the step's precision; the log ticks d3 labels, as plain numbers.
  const tickLabel = log ? logTickFormat() : tickFormat(domain[0], domain[1], count);
  const userFormat = options.format;
  const label = (v: number) => (userFormat ? String(userFormat(v)) : tickLabel(v));

  let values = log ? logTicks(domain[0], domain[1], count) : linearTicks(domain[0], domain[1], count);
  const ticks: Tick[] = [];
  if (diverging) {
    const isTick = values.includes(center);
    if (!isTick) {
      // Ticks whose labels would overlap the centre's give way: closer than a label's height (vertical) or width.
      const longest = Math.max(...values.map((v) => label(v).length), label(center).length);
      const room = (options.orientation === 'horizontal' ? longest * CHAR_WIDTH + 4 : 14) / options.length!;
      values = values.filter((v) => Math.abs(scale(v) - scale(center)) >= room);
    }
    for (const v of values) ticks.push({ value: v, position: scale(v), label: label(v), center: v === center });
    if (!isTick) {
      ticks.push({ value: center, position: scale(center), label: userFormat ? String(userFormat(center)) : formatNumber(center), center: true });
      ticks.sort((a, b) => a.value - b.value);
    }
  } else {
    for (const v of values) ticks.push({ value: v, position: scale(v), label: label(v), center: false });
  }

  const interpolate = options.interpolator ?? interpolateScheme(options.scheme ?? (diverging ? 'rdbu' : 'viridis'));
  const n = Math.max(2, Math.round(options.length! * pixelRatio()));
  const pixels = new Array<string>(n);
  // Colour by position: a sequential ramp spans the whole scheme (log or linear); a diverging one maps
  // value → 0.5 + (v − centre) / (2 × the larger half-domain), as core's divergingScale does.
  const half = Math.max(Math.abs(low - center), Math.abs(high - center)) || 1;
  for (let i = 0; i < n; i++) {
    const f = (i + 0.5) / n;
    pixels[i] = String(diverging ? interpolate(0.5 + (domain[0] + f * (domain[1] - domain[0]) - center) / (2 * half)) : interpolate(f));
  }

  const exact = (v: number) => (userFormat ? String(userFormat(v)) : formatNumber(v));
  const ends = `${exact(domain[0])} to ${exact(domain[1])}`;
  const kind = diverging ? `diverging colour scale centred on ${exact(center)}` : log ? 'logarithmic colour scale' : 'colour scale';
  const ariaLabel = `${options.title ? options.title + ': ' : ''}${kind}, ${ends}`;
  return { kind: 'ramp', pixels, ticks, domain, ariaLabel };
}

function derive(options: LegendOptions, previous: View | null): View {
  return options.type === 'categorical' ? deriveCategorical(options, previous) : deriveRamp(options);
}

let legendIds = 0;

/**
 * Creates a legend inside `container`: categories (swatch, name, count) that select rows on click, or a colour
 * ramp with ticks for continuous and diverging scales. `handle.element` is the legend's root, for hosts to place.
 *
 * ```ts
 * const legend = createLegend(box, { type: 'categorical', title: 'digit', categories, colors, counts, values, selection });
 * legend.on('select', (e) => console.log(e.categories, e.indices.length));
 * ```
 */
export function createLegend(container: HTMLElement, options: LegendOptions): LegendHandle {
  if (!container || typeof (container as Node).appendChild !== 'function') throw fail('type', 'container', 'an HTML element', container);
  let current = model.resolve(options);
  let view = derive(current, null);

  const emitter = new Emitter<LegendEvents>();
  const life = new Lifecycle(() => emitter.emit('render', { type: current.type }));
  const root = container.ownerDocument.createElement('div');
  const titleId = `tl-legend-title-${++legendIds}`;
  root.className = 'tl-root tl-legend';
  container.appendChild(root);
  injectLegendStyles(root);
  const rootSelection = select(root);

  /** Categories the user isolated, or whose rows are all selected. */
  let active = new Set<number>();
  /** Categories with some but not all rows selected (from a selection made elsewhere). */
  let partial = new Set<number>();
  /** The item that takes the Tab stop (roving tabindex). */
  let focusIndex = 0;
  let unsubscribeSelection: (() => void) | null = null;

  function render(): void {
    const o = current;
    rootSelection
      .attr('role', 'group')
      .attr('aria-label', o.title || 'Legend')
      .attr('data-type', o.type)
      .attr('data-orientation', o.orientation!)
      .attr('data-theme', o.theme === 'auto' ? null : o.theme!);
    rootSelection
      .selectAll<HTMLDivElement, string>('.tl-legend-title')
      .data(o.title ? [o.title] : [])
      .join((enter) => enter.insert('div', ':first-child').attr('class', 'tl-legend-title').attr('id', titleId))
      .text((d) => d);
    const categorical = view.kind === 'categorical' ? [view] : [];
    // A long vertical list lays out only the items scrolled into view (content-visibility), so it gets a
    // fixed width from its longest name and count instead of the width of the items laid out so far.
    const long = view.kind === 'categorical' && o.orientation === 'vertical' && view.items.length > LONG_LIST;
    const list = rootSelection
      .selectAll<HTMLUListElement, CategoricalView>('ul.tl-legend-items')
      .data(categorical)
      .join('ul')
      .attr('class', long ? 'tl-legend-items tl-legend-items-long' : 'tl-legend-items')
      .style('--tl-legend-max-height', `${o.maxHeight}px`)
      .style('width', (d) => (long ? `${longListWidth(d.items)}px` : null));
    if (view.kind === 'categorical') renderItems(list, view);
    const ramps = view.kind === 'ramp' ? [view] : [];
    rootSelection
      .selectAll<HTMLDivElement, RampView>('div.tl-legend-ramp')
      .data(ramps)
      .join((enter) => {
        const ramp = enter.append('div').attr('class', 'tl-legend-ramp').attr('role', 'img');
        ramp.append('canvas').attr('aria-hidden', 'true');
        ramp.append('svg').attr('aria-hidden', 'true');
        return ramp;
      })
      .each(function (ramp) {
        renderRamp(this, ramp, o);
      });
    paint();
    void life.schedule();
  }

  function renderItems(list: D3Selection<HTMLUListElement, CategoricalView, HTMLDivElement, unknown>, categorical: CategoricalView): void {
    const buttons = list
      .selectAll<HTMLLIElement, Item>('li.tl-legend-entry')
      .data(categorical.items)
      .join((enter) => {
        const entry = enter.append('li').attr('class', 'tl-legend-entry');
        const button = entry.append('button').attr('type', 'button').attr('class', 'tl-legend-item');
        button.append('span').attr('class', 'tl-legend-swatch').attr('aria-hidden', 'true');
        button.append('span').attr('class', 'tl-legend-name');
        button.append('span').attr('class', 'tl-legend-count');
        return entry;
      })
      .select<HTMLButtonElement>('button'); // select() passes each entry's datum down to its button and spans
    buttons.select('.tl-legend-swatch').style('background', (d) => d.color);
    buttons
      .select('.tl-legend-name')
      .text((d) => d.name)
      .attr('title', (d) => d.name);
    buttons.select('.tl-legend-count').text((d) => d.count);
  }

  function renderRamp(node: HTMLDivElement, ramp: RampView, o: LegendOptions): void {
    const length = o.length!;
    const horizontal = o.orientation === 'horizontal';
    const longest = Math.max(0, ...ramp.ticks.map((t) => t.label.length)) * CHAR_WIDTH;
    // Horizontal: labels centred under their ticks, so half a label of room either side; vertical: labels to the right.
    const padStart = horizontal ? Math.ceil(longest / 2) + 2 : 7;
    const width = horizontal ? length + 2 * padStart : THICKNESS + TICK + LABEL_GAP + longest + 2;
    const height = horizontal ? THICKNESS + TICK + LABEL_GAP + 14 : length + 2 * padStart;
    const ramp$ = select(node).attr('aria-label', ramp.ariaLabel).style('width', `${width}px`).style('height', `${height}px`);

    const n = ramp.pixels.length;
    const canvas = ramp$
      .select<HTMLCanvasElement>('canvas')
      .attr('width', horizontal ? n : 1)
      .attr('height', horizontal ? 1 : n)
      .style('left', horizontal ? `${padStart}px` : '0px')
      .style('top', horizontal ? '0px' : `${padStart}px`)
      .style('width', `${horizontal ? length : THICKNESS}px`)
      .style('height', `${horizontal ? THICKNESS : length}px`)
      .node()!;
    const context = canvas.getContext('2d');
    if (context) {
      context.clearRect(0, 0, canvas.width, canvas.height);
      for (let i = 0; i < n; i++) {
        context.fillStyle = ramp.pixels[i];
        // Vertical ramps put the max at the top.
        if (horizontal) context.fillRect(i, 0, 1, 1);
        else context.fillRect(0, n - 1 - i, 1, 1);
      }
    }

    const at = (t: Tick) => padStart + (horizontal ? t.position : 1 - t.position) * length;
    const svg = ramp$.select('svg').attr('width', width).attr('height', height);
    const ticks = svg
      .selectAll<SVGGElement, Tick>('g.tl-legend-tick')
      .data(ramp.ticks)
      .join((enter) => {
        const g = enter.append('g');
        g.append('line');
        g.append('text');
        return g;
      })
      .attr('class', (t) => (t.center ? 'tl-legend-tick tl-legend-tick-center' : 'tl-legend-tick'))
      .attr('data-value', (t) => t.value)
      .attr('transform', (t) => (horizontal ? `translate(${at(t)},0)` : `translate(0,${at(t)})`));
    ticks
      .select('line')
      .attr('x1', horizontal ? 0.5 : THICKNESS)
      .attr('x2', horizontal ? 0.5 : THICKNESS + TICK)
      .attr('y1', horizontal ? THICKNESS : 0.5)
      .attr('y2', horizontal ? THICKNESS + TICK : 0.5);
    ticks
      .select('text')
      .attr('x', horizontal ? 0 : THICKNESS + TICK + LABEL_GAP)
      .attr('y', horizontal ? THICKNESS + TICK + LABEL_GAP : 0)
      .attr('text-anchor', horizontal ? 'middle' : 'start')
      .attr('dominant-baseline', horizontal ? 'hanging' : 'central')
      .text((t) => t.label);
  }

  /** Writes the active / partial / focus state onto the items. */
  function paint(): void {
    if (view.kind !== 'categorical') {
      root.classList.remove('tl-legend-filtering');
      return;
    }
    root.classList.toggle('tl-legend-filtering', active.size > 0);
    const count = view.items.length;
    if (focusIndex >= count) focusIndex = Math.max(0, count - 1);
    rootSelection
      .selectAll<HTMLButtonElement, Item>('button.tl-legend-item')
      .attr('aria-pressed', (d) => String(active.has(d.index)))
      .attr('tabindex', (d) => (d.index === focusIndex ? 0 : -1))
      .classed('tl-legend-partial', (d) => partial.has(d.index));
  }

  const sorted = (set: Set<number>) => [...set].sort((a, b) => a - b);

  /** The rows (ascending) whose code is one of the categories. */
  function rowsOf(categorical: CategoricalView, categories: number[]): Uint32Array {
    const values = categorical.values!;
    const rowCounts = categorical.rowCounts!;
    const wanted = new Uint8Array(rowCounts.length);
    let total = 0;
    for (const k of categories) {
      wanted[k] = 1;
      total += rowCounts[k];
    }
    const rows = new Uint32Array(total);
    if (total === 0) return rows;
    let n = 0;
    for (let i = 0; i < values.length; i++) if (wanted[values[i]]) rows[n++] = i;
    return rows;
  }

  /** A user's click or key: `additive` (shift) toggles the category in the set, otherwise it is isolated (again: cleared). */
  function activate(index: number, additive: boolean): void {
    if (view.kind !== 'categorical') return;
    const next = new Set(active);
    if (additive) {
      if (next.has(index)) next.delete(index);
      else next.add(index);
    } else if (next.size === 1 && next.has(index)) next.clear();
    else {
      next.clear();
      next.add(index);
    }
    active = next;
    partial = new Set();
    focusIndex = index;
    paint();
    void life.schedule();
    const categories = sorted(active);
    if (view.values) {
      const indices = rowsOf(view, categories);
      const store = current.selection;
      if (store) {
        if (categories.length) store.set(indices, handle);
        else store.clear(handle);
      }
      emitter.emit('select', { indices, categories });
    }
    emitter.emit('highlight', { categories });
  }

  /** Shows a selection made elsewhere: categories whose rows are all selected are active, some selected partial. */
  function reflect(): void {
    const store = current.selection;
    if (view.kind !== 'categorical' || !store || !view.values || !view.rowCounts) return;
    const nextActive = new Set<number>();
    const nextPartial = new Set<number>();
    if (store.size > 0) {
      const values = view.values;
      const rowCounts = view.rowCounts;
      const selectedCounts = new Uint32Array(view.rowCounts.length);
      const rows = values.length;
      store.forEach((i) => {
        if (i < rows) selectedCounts[values[i]]++;
      });
      selectedCounts.forEach((selected, k) => {
        if (selected === 0) return;
        if (selected === rowCounts[k]) nextActive.add(k);
        else nextPartial.add(k);
      });
    }
    active = nextActive;
    partial = nextPartial;
    paint();
    void life.schedule();
  }

  function subscribe(): void {
    unsubscribeSelection?.();
    unsubscribeSelection = null;
    const store = current.selection;
    if (store) {
      unsubscribeSelection = store.on('change', (e) => {
        if (e.source !== handle) reflect();
      });
    }
  }

  function itemOf(target: EventTarget | null): { button: HTMLButtonElement; index: number } | null {
    const button = (target as Element | null)?.closest?.<HTMLButtonElement>('button.tl-legend-item');
    if (!button || !root.contains(button)) return null;
    return { button, index: select<HTMLButtonElement, Item>(button).datum().index };
  }

  function moveFocus(index: number): void {
    if (view.kind !== 'categorical' || view.items.length === 0) return;
    focusIndex = Math.max(0, Math.min(view.items.length - 1, index));
    paint();
    rootSelection
      .selectAll<HTMLButtonElement, Item>('button.tl-legend-item')
      .filter((d) => d.index === focusIndex)
      .node()
      ?.focus();
  }

  life.listen(root, 'click', (event) => {
    const item = itemOf(event.target);
    if (item) activate(item.index, (event as MouseEvent).shiftKey);
  });
  life.listen(root, 'keydown', (event) => {
    const e = event as KeyboardEvent;
    const item = itemOf(e.target);
    if (!item) return;
    let next: number | null = null;
    switch (e.key) {
      case 'Enter':
      case ' ':
        // Handled here (not by the button's own click) so Shift+Enter / Shift+Space toggle like a shift-click.
        e.preventDefault();
        activate(item.index, e.shiftKey);
        return;
      case 'ArrowDown':
      case 'ArrowRight':
        next = item.index + 1;
        break;
      case 'ArrowUp':
      case 'ArrowLeft':
        next = item.index - 1;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = Number.MAX_SAFE_INTEGER;
        break;
      default:
        return;
    }
    e.preventDefault();
    moveFocus(next);
  });
  // A Space keyup would click the button in some browsers; the keydown already acted.
  life.listen(root, 'keyup', (event) => {
    if ((event as KeyboardEvent).key === ' ' && itemOf(event.target)) event.preventDefault();
  });
  life.own(() => {
    unsubscribeSelection?.();
    unsubscribeSelection = null;
    emitter.clear();
    root.remove();
  });

  const handle: LegendHandle = {
    element: root,
    get active() {
      return sorted(active);
    },
    update(partialOptions) {
      life.assertAlive();
      const change = model.merge(current, partialOptions);
      if (change.changed.size === 0) return;
      const nextView = derive(change.options, view); // throws before any state changes
      const previousType = current.type;
      current = change.options;
      view = nextView;
      if (change.changed.has('selection')) subscribe();
      if (current.type !== previousType) {
        active = new Set();
        partial = new Set();
      } else if (view.kind === 'categorical') {
        const count = view.items.length;
        active = new Set([...active].filter((k) => k < count));
        partial = new Set([...partial].filter((k) => k < count));
      }
      render();
      if (change.changed.has('selection') || change.changed.has('values') || change.changed.has('categories')) reflect();
    },
    on: (type, listener) => emitter.on(type, listener),
    whenRendered: () => life.whenRendered(),
    destroy: () => life.destroy(),
  };

  subscribe();
  render();
  reflect();
  return handle;
}
