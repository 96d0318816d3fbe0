import { Emitter, Lifecycle, categoricalColors, createLegend, createSelection, createTooltip, cssRGB, el, exportPNG, exportSVG, fail, interpolateScheme, onThemeChange, parseColor, readThemeColor, svgEl, toTable } from '@tensorlens/core';
import type { LegendHandle, LegendOptions, RawTable, Selection, Unsubscribe } from '@tensorlens/core';
import { createLineBundle, type LineBundle } from '@tensorlens/gl';
import { select } from 'd3-selection';
import { createBrushFilter } from './filter';
import { formatValue, normalizeColumn, typeColumn, type AxisSpec, type ParcoordsColumn } from './columns';
import { axisTicks, dropIndex, layoutAxes, type Tick } from './axes';
import { emptyBrushes, fromBrushSpec, hasBrushes, mergeRanges, toBrushSpec, type BrushSpec, type Brushes } from './brush';
import { parallelCoordinatesOptions, type ParallelCoordinatesEvents, type ParallelCoordinatesHandle, type ParallelCoordinatesOptions } from './options';
import { injectParcoordsStyles } from './styles';

export type { ParallelCoordinatesOptions, ParallelCoordinatesEvents, ParallelCoordinatesHandle } from './options';

/** The options with every default applied. */
type Opts = Required<ParallelCoordinatesOptions>;

const TOP = 52; // y of the top of the axes
const MARGIN = 64;
const MIN_SPACING = 96;
const SVG_LINES_MAX = 20_000;
const HIT = 14;
/** Colour of "other" categories and of the legend's missing entry. */
const OTHER_COLOR = '#9aa0a6';
/** Name of the colour column made from a `color` array. */
const COLOR_VALUES = '(color)';
/** The colour menu's entry for a colour that is not a column (an array of values, or a CSS colour). */
const CUSTOM_COLOR = '\u0000custom';

/** What `data` and `columns` give: the table as read and one typed column per axis. Derived before any state changes. */
interface DataState {
  raw: RawTable;
  /** The axis columns, in the order of `columns` (or of the data). */
  axes: ParcoordsColumn[];
  hidden: Set<number>;
  flipped: Set<number>;
}

/** How lines are coloured: by a column (an axis, or an extra colour-only column), one constant colour, or not at all. */
interface ColorState {
  /** A column read only for colour (not an axis), appended after the axes; null when colour uses an axis or none. */
  extra: ParcoordsColumn | null;
  /** The axis index of the colour column, or -1 (see `extra`). */
  axis: number;
  /** A constant CSS colour for every line, or null. */
  constant: string | null;
}

/** Reads `data` with core's toTable (values kept as given: the columns are typed here) and types the axes. */
function readData(opts: Opts): DataState {
  const raw = toTable(opts.data, { name: 'data', keepValues: true });
  const specs = new Map<string, AxisSpec>();
  for (const item of opts.columns ?? []) {
    const spec = typeof item === 'string' ? { name: item } : item;
    specs.set(spec.name, spec);
  }
  for (const name of specs.keys()) {
    if (!hasRawColumn(raw, name)) throw fail('option', 'options.columns', `columns of the data (${raw.names.slice(0, 6).join(', ')}${raw.names.length > 6 ? ', …' : ''})`, JSON.stringify(name));
  }
  const names = opts.columns ? [...specs.keys()] : raw.names;
  const axes = names.map((name) => typeColumn(name, raw.columns[name], raw.length, specs.get(name), opts.maxCategories));
  const hidden = new Set<number>();
  const flipped = new Set<number>();
  axes.forEach((c, i) => {
    if (specs.get(c.name)?.hidden) hidden.add(i);
    if (specs.get(c.name)?.flipped) flipped.add(i);
  });
  return { raw, axes, hidden, flipped };
}

/** Whether the table has a column called `name` (own columns only: never a name inherited from Object). */
const hasRawColumn = (table: RawTable, name: string) => Object.prototype.hasOwnProperty.call(table.columns, name);

/** The brushes of column `name` in a spec (own keys only: a column may be called "constructor"). */
const ownBrush = (spec: BrushSpec, name: string) => (Object.prototype.hasOwnProperty.call(spec, name) ? spec[name] : undefined);

/** Whether a column is drawn with categorical colours. */
const isCategorical = (c: ParcoordsColumn) => !!c.categories;

/** Resolves the `color` channel against the data: a column name, an array (one value per row) or a CSS colour. */
function readColor(opts: Opts, data: DataState): ColorState {
  const none: ColorState = { extra: null, axis: -1, constant: null };
  const channel = opts.color;
  if (channel === null || channel === undefined) return none;
  const n = data.raw.length;
  const forced = opts.colorType === 'categorical' ? 'categorical' : opts.colorType === 'continuous' ? 'numeric' : undefined;
  const wantCategorical = opts.colorType === 'auto' ? null : opts.colorType === 'categorical';
  if (typeof channel === 'string') {
    if (hasRawColumn(data.raw, channel)) {
      const axis = data.axes.findIndex((c) => c.name === channel);
      if (axis >= 0 && (wantCategorical === null || wantCategorical === isCategorical(data.axes[axis]))) return { ...none, axis };
      return { ...none, extra: typeColumn(channel, data.raw.columns[channel], n, { name: channel, type: forced }, opts.maxCategories) };
    }
    let isColour = true;
    try {
      parseColor(channel);
    } catch {
      isColour = false;
    }
    if (isColour) return { ...none, constant: channel };
    const names = data.raw.names;
    throw fail('option', 'options.color', `a column of the data (${names.slice(0, 6).map((name) => `'${name}'`).join(', ')}${names.length > 6 ? ', …' : ''}), an array of values or a CSS colour`, channel);
  }
  const values = channel as ArrayLike<unknown>;
  if (values.length !== n) throw fail('length', 'options.color', `${n} values (one per row)`, `${values.length}`);
  return { ...none, extra: typeColumn(COLOR_VALUES, values, n, { name: COLOR_VALUES, label: 'colour', type: forced }, opts.maxCategories) };
}

let uid = 0;

/**
 * Parallel coordinates: one polyline per row across one axis per column, drawn by the WebGL line bundle
 * (Canvas2D fallback) under SVG axes. Brushes (several per axis, OR within an axis, AND across axes) filter
 * on the GPU; the brushed rows are written to the shared selection. Axes reorder by drag, flip, hide, switch
 * linear/log; keep/exclude narrow the rows; hover shows the nearest line; SVG/PNG export.
 */
export function createParallelCoordinates(container: HTMLElement, options: ParallelCoordinatesOptions): ParallelCoordinatesHandle {
  if (!container || typeof (container as HTMLElement).appendChild != 'function') throw fail('type', 'container', 'an HTMLElement', container);
  if (!options || typeof options != 'object') throw fail('type', 'options', 'an options object with data', options);
  let opts = parallelCoordinatesOptions.resolve(options) as Opts;
  // Everything the data gives is derived before anything is created, so bad data throws from the factory.
  const firstData = readData(opts);
  const firstColor = readColor(opts, firstData);
  const firstBrushes = fromBrushSpec(opts.brushes ?? undefined, [...firstData.axes, ...(firstColor.extra ? [firstColor.extra] : [])]);
  const doc = container.ownerDocument;
  const id = `tl-par-${++uid}`;
  const emitter = new Emitter<ParallelCoordinatesEvents>();
  const life = new Lifecycle(render);

  // ---- state ----
  let data: DataState = firstData;
  let color: ColorState = firstColor;
  /** The axis columns, then the colour-only column when there is one (`color.extra`). */
  let columns: ParcoordsColumn[] = [];
  /** Number of axis columns (columns[axisCount] is the colour-only column, when there is one). */
  let axisCount = 0;
  let n = 0;
  let d = 0;
  let values: Float32Array = new Float32Array(0);
  let order: number[] = []; // display order of every axis (hidden included)
  let hidden = new Set<number>();
  let flipped = new Set<number>();
  let active: Uint32Array | null = null; // rows kept (keep/exclude)
  let brushes: Brushes = emptyBrushes();
  let extMask: Uint8Array | null = null; // rows selected by another view
  let pass: Uint8Array = new Uint8Array(0);
  let selectedCount = 0;
  let bundle: LineBundle | null = null;
  let shown: number[] = []; // displayed column indices, left to right
  let axisX: Float32Array = new Float32Array(0);
  let geom = { W: 0, H: 0, viewport: 0, top: TOP, bottom: 0, missingY: 0 };
  let hoverRow = -1;
  const cursor = new Map<number, number>(); // keyboard category cursor per axis
  let focusColumn = -1;
  let unsubSelection: Unsubscribe | null = null;
  /** The selection read and written when none is given (the legend writes it; brushes too). */
  let ownSelection: Selection | null = null;
  const dirty = { values: false, colors: true, dom: true };
  /** Counts colour changes (the DOM key of a render: the legend and the colour menu follow it). */
  let colorVersion = 0;

  // ---- DOM ----
  injectParcoordsStyles(container);
  const fixedHeight = container.clientHeight > 0;
  const root = el('div', { class: 'tl-root tl-par', role: 'figure', id }, container);
  life.own(() => root.remove());
  // What is drawn in canvas or WebGL reads the theme's colours itself: repaint when they change (dark mode, data-tl-theme, a class).
  life.own(onThemeChange(root, () => life.schedule()));
  const bar = el('div', { class: 'tl-par-bar' }, root);
  const count = el('span', { class: 'tl-par-count', 'aria-live': 'polite' }, bar);
  const button = (text: string, title: string, fn: () => void, parent: Element = bar) => {
    const b = el('button', { type: 'button', text, title, 'aria-label': title }, parent);
    life.listen(b, 'click', fn);
    return b;
  };
  const keepBtn = button('Keep', 'Keep only the selected rows', () => handle.keep());
  const excludeBtn = button('Exclude', 'Exclude the selected rows', () => handle.exclude());
  const resetBtn = button('Show all rows', 'Show every row again', () => handle.resetView());
  const clearBtn = button('Clear brushes', 'Clear every brush', () => handle.clearBrushes());
  const colorLabel = el('label', { text: 'Colour by ' }, bar);
  const colorSelect = el('select', { class: 'tl-par-color' }, colorLabel);
  life.listen(colorSelect, 'change', () => {
    if (colorSelect.value !== CUSTOM_COLOR) handle.update({ color: colorSelect.value || null });
  });
  const restoreBox = el('span', { class: 'tl-par-restore' }, bar);
  const notes = el('ul', { class: 'tl-par-notes' }, root);
  const legendBox = el('div', { class: 'tl-par-legend' }, root);
  let legendHandle: LegendHandle | null = null;
  life.own(() => legendHandle?.destroy());
  const scroll = el('div', { class: 'tl-par-scroll' }, root);
  const plot = el('div', { class: 'tl-par-plot' }, scroll);
  let canvas = el('canvas', { class: 'tl-par-canvas', 'aria-hidden': 'true' }, plot);
  const svg = svgEl('svg', { class: 'tl-par-svg', role: 'group' }, plot);
  const svgDesc = svgEl('desc', {}, svg);
  const gAxes = svgEl('g', { class: 'tl-par-axes' }, svg);
  const hoverPath = svgEl('path', { class: 'tl-par-hover', d: '' }, svg);
  const heads = el('div', { class: 'tl-par-heads' }, plot);
  const tip = createTooltip(plot);
  life.own(() => tip.destroy());
  life.own(() => bundle?.destroy());
  life.own(() => unsubSelection?.());
  life.own(() => emitter.clear());

  const setTheme = () => (opts.theme == 'auto' ? root.removeAttribute('data-theme') : root.setAttribute('data-theme', opts.theme));
  setTheme();

  // ---- data ----
  /** Applies data read by {@link readData} (and its colour): every row shown, brushes from `brushes`. Never throws. */
  function applyData(next: DataState, nextColor: ColorState, nextBrushes: Brushes): void {
    data = next;
    n = next.raw.length;
    axisCount = next.axes.length;
    order = next.axes.map((_, i) => i);
    hidden = new Set(next.hidden);
    flipped = new Set(next.flipped);
    cursor.clear();
    focusColumn = -1;
    hoverRow = -1;
    active = null;
    extMask = null;
    pass = new Uint8Array(n);
    applyColor(nextColor);
    brushes = nextBrushes;
    bundle?.setRows(null);
    readSelection();
  }

  /** Sets the colour (appending or dropping the colour-only column; the values are rebuilt when the columns change). */
  function applyColor(next: ColorState): void {
    const columnsChanged = next.extra !== color.extra || columns.length !== axisCount + (next.extra ? 1 : 0) || columns[0] !== data.axes[0];
    color = next;
    colorVersion++;
    dirty.colors = true;
    if (!columnsChanged) return;
    columns = next.extra ? [...data.axes, next.extra] : data.axes.slice();
    d = columns.length;
    values = new Float32Array(n * d);
    columns.forEach((c, j) => normalizeColumn(c, values, j, d));
    bundle?.setValues(values, n, d);
  }

  /** Index of the colour column in `columns`, or -1. */
  function colorColumn(): number {
    return color.extra ? axisCount : color.axis;
  }

  function palette(c: ParcoordsColumn): { palette: readonly string[]; categorical: boolean } {
    if (c.categories) {
      const cols = categoricalColors(c.categories.length);
      if (c.other >= 0) cols[c.other] = OTHER_COLOR;
      return { palette: cols, categorical: true };
    }
    const f = interpolateScheme(opts.scheme);
    return { palette: Array.from({ length: 64 }, (_, i) => f(i / 63)), categorical: false };
  }

  function opacity(): number {
    if (opts.opacity != 'auto') return opts.opacity;
    const m = active ? active.length : n;
    return Math.max(0.03, Math.min(0.8, 40 / Math.sqrt(Math.max(1, m))));
  }

  // ---- selection ----
  /** The selection store read and written: the given one, else one of the chart's own (so the legend can select). */
  function store(): Selection {
    if (opts.selection) return opts.selection;
    ownSelection ??= createSelection(n);
    return ownSelection;
  }
  life.own(() => ownSelection?.destroy());

  /** Listens to the store: rows chosen by another view (or the legend) are shown, and our brushes dropped. */
  function listenToSelection() {
    unsubSelection?.();
    unsubSelection = store().on('change', (e) => {
      if (e.source === handle) return;
      brushes = emptyBrushes();
      readSelection();
      life.schedule();
    });
  }

  function readSelection() {
    const s = store();
    if (!s.size) return void (extMask = null);
    const m = new Uint8Array(n);
    s.forEach((i) => {
      if (i < n) m[i] = 1;
    });
    extMask = m;
  }

  const brushFilter = createBrushFilter();
  life.own(() => brushFilter.reset());

  /**
   * Recomputes which rows pass (CPU, typed arrays, in data units; see parcoords-filter) and the count. The filter
   * is incremental: only columns whose brushes changed are read, and the count moves by the rows that flipped.
   */
  let countFrom: Uint32Array | null | undefined;
  function computePass(): void {
    const filtered = hasBrushes(brushes) || !!extMask;
    if (pass.length != n) pass = new Uint8Array(n);
    if (!filtered) {
      brushFilter.reset();
      pass.fill(1);
      selectedCount = active ? active.length : n;
      countFrom = undefined;
      return;
    }
    const flipped = brushFilter.update(columns, brushes, extMask, n, pass);
    if (!flipped && countFrom === active) return;
    countFrom = active;
    let c = 0;
    if (active) {
      for (let k = 0; k < active.length; k++) c += pass[active[k]];
    } else for (let i = 0; i < n; i++) c += pass[i];
    selectedCount = c;
  }

  function selectedIndices(): Uint32Array {
    const out = new Uint32Array(selectedCount);
    let k = 0;
    if (active) {
      for (let j = 0; j < active.length; j++) if (pass[active[j]]) out[k++] = active[j];
    } else for (let i = 0; i < n; i++) if (pass[i]) out[k++] = i;
    return out;
  }

  /** Writes the brushed rows to the selection and emits select. */
  function commit(): void {
    computePass();
    const indices = hasBrushes(brushes) ? selectedIndices() : new Uint32Array(0);
    const s = store();
    if (hasBrushes(brushes)) s.set(indices, handle);
    else if (!extMask) s.clear(handle);
    if (!hasBrushes(brushes) && !extMask) extMask = null;
    emitter.emit('select', { count: hasBrushes(brushes) ? indices.length : 0, indices, brushes: toBrushSpec(brushes, columns) });
  }

  // ---- layout ----
  function measure(): void {
    const cs = doc.defaultView?.getComputedStyle(container);
    const px = (v: string | undefined) => parseFloat(v ?? '') || 0;
    const viewport = Math.max(240, container.clientWidth - px(cs?.paddingLeft) - px(cs?.paddingRight) || 720);
    let H = 0;
    if (fixedHeight) H = container.clientHeight - px(cs?.paddingTop) - px(cs?.paddingBottom) - bar.offsetHeight - notes.offsetHeight - legendBox.offsetHeight - 8;
    H = Math.max(200, H > 0 ? H : 400);
    shown = order.filter((c) => !hidden.has(c));
    const L = layoutAxes(shown.length, viewport, MARGIN, MIN_SPACING);
    axisX = L.x;
    geom = { W: L.width, H, viewport, top: TOP, bottom: H - 44, missingY: H - 22 };
  }

  const yOf = (c: number, t: number) => (t < 0 ? geom.missingY : geom.bottom + (geom.top - geom.bottom) * (flipped.has(c) ? 1 - t : t));
  const tOf = (c: number, y: number) => {
    const t = Math.max(0, Math.min(1, (geom.bottom - y) / (geom.bottom - geom.top)));
    return flipped.has(c) ? 1 - t : t;
  };

  function ensureBundle(): LineBundle {
    if (!bundle) {
      bundle = createLineBundle(canvas, { values, n, d, ...bundleLayout(), renderer: opts.renderer });
      life.listen(bundle.canvas, 'webglcontextrestored', () => void life.schedule().catch(() => {}));
    }
    return bundle;
  }

  function bundleLayout() {
    const pr = Math.min(globalThis.devicePixelRatio || 1, 8192 / Math.max(1, geom.W), 8192 / Math.max(1, geom.H));
    return {
      width: geom.W,
      height: geom.H,
      pixelRatio: pr,
      axisX,
      axisColumn: Float32Array.from(shown),
      flipped: Float32Array.from(shown, (c) => (flipped.has(c) ? 1 : 0)),
      top: geom.top,
      bottom: geom.bottom,
      missingY: geom.missingY,
    };
  }

  // ---- render ----
  function render(): void {
    root.querySelector('.tl-par-error')?.remove();
    try {
      const cc = colorColumn();
      if (dirty.values) {
        values = new Float32Array(n * d);
        columns.forEach((c, j) => normalizeColumn(c, values, j, d));
        bundle?.setValues(values, n, d);
        dirty.values = false;
      }
      updateLegend();
      measure();
      const b = ensureBundle();
      b.setLayout(bundleLayout());
      if (dirty.colors) {
        b.setColors(cc < 0 ? null : { column: cc, ...palette(columns[cc]) });
        dirty.colors = false;
      }
      b.setStyle({ opacity: opacity(), color: color.constant ?? readVar('--tl-accent'), dimColor: readVar('--tl-muted'), dimOpacity: Math.min(0.25, opacity() / 3) });
      b.setRows(active);
      b.setMode(drawMode(), opts.densityBins);
      drawLines();
      // A render that changed only the brushes (update({ brushes }), the common case at scale) keeps the axes and
      // the bar and only redraws the brush rectangles.
      const domKey = JSON.stringify([geom, shown, order, [...hidden], [...flipped], columns.map((c) => c.type), colorVersion, opts.scheme, opts.theme, opts.title, opts.legend, n, active?.length ?? -1]);
      if (!dirty.dom && domKey == lastDomKey) refreshBrushes();
      else {
        lastDomKey = domKey;
        dirty.dom = false;
        buildAxes();
        buildChrome();
      }
    } catch (error) {
      showError(error);
      emitter.emit('error', { error, message: error instanceof Error ? error.message : String(error) });
      throw error;
    }
    emitter.emit('render', { rows: rowsShown(), selected: hasBrushes(brushes) || extMask ? selectedCount : rowsShown(), mode: drawMode() });
  }
  let lastDomKey = '';

  /**
   * The fast path of a brush change: which rows pass is computed once on the CPU (typed arrays) and handed to
   * the line bundle as its mask (it re-orders its row buffer: dimmed rows, then the rows that pass), then one
   * draw, the brush rectangles and the count. Nothing is re-uploaded but the row order.
   */
  function drawLines(): void {
    computePass();
    syncLines();
    if (lineFrame) doc.defaultView?.cancelAnimationFrame(lineFrame);
    lineFrame = 0;
    bundle!.draw();
    updateCount();
  }

  function syncLines(): void {
    const b = bundle!;
    b.setFilter(null);
    b.setMask(hasBrushes(brushes) || extMask ? pass : null);
  }

  /** Draws the lines at the next animation frame (several brush moves in one frame draw once). */
  let lineFrame = 0;
  function drawLinesSoon(): void {
    computePass();
    syncLines();
    updateCount();
    if (lineFrame) return;
    const raf = doc.defaultView?.requestAnimationFrame?.bind(doc.defaultView);
    const run = () => {
      lineFrame = 0;
      if (!life.destroyed) bundle?.draw();
    };
    if (raf) lineFrame = raf(run);
    else run();
  }
  life.own(() => {
    if (lineFrame) doc.defaultView?.cancelAnimationFrame(lineFrame);
  });

  /** A theme colour (`--tl-accent`, …) as `rgb()`: the page's value or the theme's default, whatever its CSS syntax. */
  function readVar(name: string): string {
    return cssRGB(parseColor(readThemeColor(root, name), name, root));
  }

  function showError(e: unknown) {
    const box = el('div', { class: 'tl-par-error', role: 'alert', text: e instanceof Error ? e.message : String(e) });
    root.insertBefore(box, bar);
  }

  function rowsShown() {
    return active ? active.length : n;
  }

  function drawMode(): 'lines' | 'density' {
    return opts.mode == 'auto' ? (rowsShown() > opts.densityThreshold ? 'density' : 'lines') : opts.mode;
  }

  function updateCount() {
    const filtered = hasBrushes(brushes) || !!extMask;
    const m = rowsShown();
    count.textContent = `${(filtered ? selectedCount : m).toLocaleString('en-US')} of ${m.toLocaleString('en-US')} rows selected` + (active ? ` (${n.toLocaleString('en-US')} in the data)` : '');
    keepBtn.disabled = excludeBtn.disabled = !filtered;
    resetBtn.hidden = !active;
    clearBtn.disabled = !hasBrushes(brushes);
    root.setAttribute('aria-label', summary());
    svgDesc.textContent = summary();
  }

  function summary(): string {
    const info = columns.filter((c) => c.note).map((c) => `${c.name}: ${c.note}`);
    return `${opts.title ? opts.title + '. ' : ''}Parallel coordinates of ${rowsShown().toLocaleString('en-US')} rows over ${shown.length} axes (${shown.map((c) => columns[c].label).join(', ')}). ` +
      `${(hasBrushes(brushes) || extMask ? selectedCount : rowsShown()).toLocaleString('en-US')} rows selected.` + (info.length ? ` Notes: ${info.join('; ')}.` : '');
  }

  function buildChrome() {
    notes.replaceChildren(...columns.filter((c) => c.note).map((c) => el('li', { text: `${c.label}: ${c.note}` })));
    const given = opts.color;
    const current = given == null ? '' : typeof given === 'string' && hasRawColumn(data.raw, given) ? given : CUSTOM_COLOR;
    const custom = current === CUSTOM_COLOR ? [el('option', { value: CUSTOM_COLOR, text: typeof given === 'string' ? given : '(given values)' })] : [];
    colorSelect.replaceChildren(el('option', { value: '', text: '(none)' }), ...custom, ...data.raw.names.map((name) => el('option', { value: name, text: name })));
    colorSelect.value = current;
    restoreBox.replaceChildren(...order.filter((c) => hidden.has(c)).map((c) => {
      const b = el('button', { type: 'button', class: 'tl-par-show', text: `+ ${columns[c].label}`, title: `Show axis ${columns[c].label}`, 'aria-label': `Show axis ${columns[c].label}` });
      b.addEventListener('click', () => handle.setAxis(columns[c].name, { hidden: false }));
      return b;
    }));
  }

  // ---- legend ----
  /** What core's legend shows for the colour column: its categories (with counts, clickable) or its ramp. */
  function legendOptions(): LegendOptions | null {
    const cc = colorColumn();
    if (!opts.legend || cc < 0) return null;
    const col = columns[cc];
    const title = col.label;
    if (col.categories) {
      const K = col.categories.length;
      const codes = new Uint16Array(n);
      const counts = new Array<number>(K + 1).fill(0);
      for (let i = 0; i < n; i++) {
        const k = col.num[i];
        codes[i] = k === k ? k : K; // missing values get an entry of their own
        counts[codes[i]]++;
      }
      const categories = col.categories.slice();
      const colors = palette(col).palette.slice(0, K) as string[];
      if (counts[K]) {
        categories.push('(missing)');
        colors.push(OTHER_COLOR);
      } else counts.pop();
      return { type: 'categorical', title, categories, colors, counts, values: codes, selection: store(), theme: opts.theme, orientation: 'horizontal' };
    }
    const [lo, hi] = col.domain;
    const format = (v: number) => formatValue(col, v);
    return { type: 'continuous', title, domain: [lo, hi > lo ? hi : lo + 1], scheme: opts.scheme, scale: col.type === 'log' ? 'log' : 'linear', format, theme: opts.theme, orientation: 'horizontal' };
  }

  /** Shows (or hides) the legend, before the plot is measured (it takes height); rebuilt only when what it shows changed. */
  let legendKey = '';
  function updateLegend() {
    const key = JSON.stringify([colorVersion, opts.scheme, opts.theme, opts.legend, n, !!opts.selection]);
    if (key === legendKey && (legendHandle || legendBox.hidden)) return;
    legendKey = key;
    legendHandle?.destroy();
    legendHandle = null;
    const next = legendOptions();
    legendBox.hidden = !next;
    if (!next) return;
    legendHandle = createLegend(legendBox, next);
    legendHandle.on('select', (e) => emitter.emit('select', { count: e.indices.length, indices: e.indices, brushes: {} }));
  }

  // ---- axes (SVG) ----
  function buildAxes() {
    plot.style.width = geom.W + 'px';
    plot.style.height = geom.H + 'px';
    svg.setAttribute('width', '' + geom.W);
    svg.setAttribute('height', '' + geom.H);
    svg.setAttribute('viewBox', `0 0 ${geom.W} ${geom.H}`);
    const focused = doc.activeElement instanceof SVGElement && gAxes.contains(doc.activeElement) ? +(doc.activeElement.getAttribute('data-column') ?? -1) : -1;
    gAxes.replaceChildren();
    heads.replaceChildren();
    shown.forEach((c, k) => {
      const col = columns[c];
      const x = axisX[k];
      const g = svgEl('g', { class: 'tl-par-axis', transform: `translate(${x},0)`, tabindex: 0, 'data-column': c, 'data-name': col.name, role: 'group', 'aria-label': axisLabel(c), 'aria-keyshortcuts': 'ArrowUp ArrowDown Enter Delete Shift+ArrowLeft Shift+ArrowRight' }, gAxes);
      svgEl('text', { class: 'tl-par-title', y: TOP - 16, 'text-anchor': 'middle', text: col.label, 'data-column': c }, g);
      if (col.note) svgEl('title', { text: col.note }, g);
      svgEl('rect', { class: 'tl-par-hit', x: -HIT, y: geom.top - 4, width: 2 * HIT, height: geom.bottom - geom.top + 8, 'data-column': c }, g);
      svgEl('line', { class: 'tl-par-domain', x1: 0, x2: 0, y1: geom.top, y2: geom.bottom }, g);
      drawTicks(svgEl('g', { class: 'tl-par-ticks' }, g), c);
      if (col.missing) {
        svgEl('line', { class: 'tl-par-missing-band', x1: -6, x2: 6, y1: geom.missingY, y2: geom.missingY }, g);
        svgEl('text', { class: 'tl-par-muted', x: 8, y: geom.missingY + 4, text: `missing (${col.missing.toLocaleString('en-US')})` }, g);
      }
      const gb = svgEl('g', { class: 'tl-par-brushes' }, g);
      drawBrushes(c, gb);
      // header buttons
      const h = el('div', { class: 'tl-par-head', 'data-column': c }, heads);
      h.style.left = x + 'px';
      button('⇅', `Flip axis ${col.label}`, () => handle.setAxis(col.name, { flipped: !flipped.has(c) }), h).setAttribute('aria-pressed', String(flipped.has(c)));
      if (col.type == 'numeric' || col.type == 'log') {
        const lb = button(col.type == 'log' ? 'log' : 'lin', `Axis ${col.label}: switch to a ${col.type == 'log' ? 'linear' : 'log'} scale`, () => handle.setAxis(col.name, { scale: col.type == 'log' ? 'linear' : 'log' }), h);
        lb.disabled = col.type == 'numeric' && !col.positive;
      }
      button('✕', `Hide axis ${col.label}`, () => handle.setAxis(col.name, { hidden: true }), h);
    });
    if (focused >= 0) (gAxes.querySelector(`[data-column="${focused}"]`) as SVGGElement | null)?.focus();
    hoverPath.setAttribute('d', hoverRow >= 0 ? rowPath(hoverRow) : '');
  }

  /** One tick mark and label per tick of axis `c` (a d3-selection data join: one `g` per tick, at its y). */
  function drawTicks(parent: SVGGElement, c: number) {
    const marks = select(parent)
      .selectAll<SVGGElement, Tick>('g')
      .data(axisTicks(columns[c], geom.bottom - geom.top))
      .join('g')
      .attr('transform', (tick) => `translate(0,${yOf(c, tick.t)})`);
    marks.append('line').attr('class', 'tl-par-tick').attr('x1', -4).attr('x2', 0);
    marks.append('text').attr('x', -6).attr('y', 4).attr('text-anchor', 'end').text((tick) => tick.label);
  }

  function axisLabel(c: number): string {
    const col = columns[c];
    const spec = ownBrush(toBrushSpec(brushes, columns), col.name);
    const b = spec ? ` Brushed: ${spec.map((r) => (Array.isArray(r) && typeof r[0] == 'string' ? (r as string[]).join(', ') : `${formatValue(col, r[0] as number)} to ${formatValue(col, r[1] as number)}`)).join(' or ')}.` : '';
    return `Axis ${col.label}, ${col.type}${flipped.has(c) ? ', flipped' : ''}.${b} ${col.categories ? 'Arrow keys choose a category, Enter toggles it' : 'Enter adds a brush, arrow keys move it, Shift+arrows resize it'}; Delete clears; Shift+Left/Right moves the axis.`;
  }

  function drawBrushes(c: number, gb: SVGGElement) {
    gb.replaceChildren();
    const col = columns[c];
    if (col.categories) {
      const K = col.categories.length;
      const set = brushes.cats.get(c);
      const bandH = (geom.bottom - geom.top) / K;
      for (const k of set ?? []) {
        const y = yOf(c, (k + 0.5) / K);
        svgEl('rect', { class: 'tl-par-brush', x: -8, y: y - bandH / 2, width: 16, height: bandH, 'data-category': k }, gb);
      }
      const cur = cursor.get(c);
      if (cur != null && focusColumn == c) {
        const y = yOf(c, (cur + 0.5) / K);
        svgEl('rect', { class: 'tl-par-cursor', x: -10, y: y - bandH / 2, width: 20, height: bandH }, gb);
      }
      return;
    }
    (brushes.ranges.get(c) ?? []).forEach(([lo, hi], i) => {
      const y1 = yOf(c, hi);
      const y2 = yOf(c, lo);
      const top = Math.min(y1, y2);
      const h = Math.max(1, Math.abs(y2 - y1));
      svgEl('rect', { class: 'tl-par-brush', x: -8, y: top, width: 16, height: h, 'data-brush': i }, gb);
      svgEl('rect', { class: 'tl-par-handle', x: -8, y: top - 2, width: 16, height: 4, 'data-brush': i, 'data-edge': 'top' }, gb);
      svgEl('rect', { class: 'tl-par-handle', x: -8, y: top + h - 2, width: 16, height: 4, 'data-brush': i, 'data-edge': 'bottom' }, gb);
    });
  }

  function refreshBrushes() {
    for (const g of gAxes.querySelectorAll<SVGGElement>('.tl-par-axis')) {
      const c = +g.getAttribute('data-column')!;
      drawBrushes(c, g.querySelector('.tl-par-brushes')!);
      g.setAttribute('aria-label', axisLabel(c));
    }
  }

  /** A brush changed: uniforms + draw now, without rebuilding axes. `final` writes the selection. */
  function brushed(final: boolean) {
    if (hasBrushes(brushes)) extMask = null;
    if (!bundle) return;
    if (final) drawLines();
    else drawLinesSoon();
    refreshBrushes();
    if (final) commit();
  }

  // ---- pointer: brushes, reorder, hover ----
  type Drag =
    | { kind: 'brush'; c: number; i: number; mode: 'new' | 'move' | 'top' | 'bottom'; t0: number; orig: [number, number]; moved: boolean; pointer: number }
    | { kind: 'cats'; c: number; k0: number; moved: boolean; base: Set<number>; pointer: number }
    | { kind: 'axis'; c: number; moved: boolean; pointer: number; x0: number };
  let drag: Drag | null = null;

  const local = (e: PointerEvent) => {
    const r = svg.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  };

  life.listen(svg, 'pointerdown', (ev) => {
    const e = ev as PointerEvent;
    if (e.button != 0) return;
    const t = e.target as Element;
    const cAttr = t.closest('[data-column]')?.getAttribute('data-column');
    if (cAttr == null) return;
    const c = +cAttr;
    const col = columns[c];
    const [x, y] = local(e);
    if (t.classList.contains('tl-par-title')) {
      drag = { kind: 'axis', c, moved: false, pointer: e.pointerId, x0: x };
    } else if (col.categories) {
      const K = col.categories.length;
      const k = Math.min(K - 1, Math.floor(tOf(c, y) * K));
      drag = { kind: 'cats', c, k0: k, moved: false, base: new Set(brushes.cats.get(c) ?? []), pointer: e.pointerId };
    } else {
      const tt = tOf(c, y);
      const list = brushes.ranges.get(c) ?? [];
      const bi = t.getAttribute('data-brush');
      const edge = t.getAttribute('data-edge');
      if (bi != null) {
        const i = +bi;
        const flip = flipped.has(c);
        const mode = edge ? ((edge == 'top') != flip ? 'top' : 'bottom') : 'move';
        drag = { kind: 'brush', c, i, mode, t0: tt, orig: [...list[i]] as [number, number], moved: false, pointer: e.pointerId };
      } else {
        list.push([tt, tt]);
        brushes.ranges.set(c, list);
        drag = { kind: 'brush', c, i: list.length - 1, mode: 'new', t0: tt, orig: [tt, tt], moved: false, pointer: e.pointerId };
      }
    }
    try {
      svg.setPointerCapture(e.pointerId);
    } catch {
      // a synthetic pointer (no active pointer with that id): no capture needed
    }
    e.preventDefault();
    hover(-1);
  });

  life.listen(svg, 'pointermove', (ev) => {
    const e = ev as PointerEvent;
    const [x, y] = local(e);
    if (!drag) return hoverAt(x, y);
    if (drag.pointer != e.pointerId) return;
    const c = drag.c;
    if (drag.kind == 'axis') {
      if (!drag.moved && Math.abs(x - drag.x0) < 4) return;
      drag.moved = true;
      const from = shown.indexOf(c);
      const to = dropIndex(axisX, x, from);
      if (to != from) moveShown(c, to);
      return;
    }
    if (drag.kind == 'cats') {
      const K = columns[c].categories!.length;
      const k = Math.min(K - 1, Math.floor(tOf(c, y) * K));
      if (k == drag.k0 && !drag.moved) return;
      drag.moved = true;
      const set = new Set(drag.base);
      for (let j = Math.min(k, drag.k0); j <= Math.max(k, drag.k0); j++) set.add(j);
      brushes.cats.set(c, set);
      return brushed(false);
    }
    const t = tOf(c, y);
    const list = brushes.ranges.get(c)!;
    if (Math.abs(t - drag.t0) * (geom.bottom - geom.top) < 2 && !drag.moved) return;
    drag.moved = true;
    const [lo, hi] = drag.orig;
    if (drag.mode == 'new') list[drag.i] = [Math.min(drag.t0, t), Math.max(drag.t0, t)];
    else if (drag.mode == 'move') {
      const dt = Math.max(-lo, Math.min(1 - hi, t - drag.t0));
      list[drag.i] = [lo + dt, hi + dt];
    } else if (drag.mode == 'top') list[drag.i] = [Math.min(lo, t), Math.max(lo, t)];
    else list[drag.i] = [Math.min(hi, t), Math.max(hi, t)];
    brushed(false);
  });

  const endDrag = (ev: Event) => {
    const e = ev as PointerEvent;
    if (!drag || drag.pointer != e.pointerId) return;
    const g = drag;
    drag = null;
    const c = g.c;
    if (g.kind == 'axis') {
      if (g.moved) emitAxes();
      return;
    }
    if (g.kind == 'cats') {
      if (!g.moved) {
        const set = new Set(g.base);
        if (set.has(g.k0)) set.delete(g.k0);
        else set.add(g.k0);
        if (set.size) brushes.cats.set(c, set);
        else brushes.cats.delete(c);
      }
      return brushed(true);
    }
    const list = brushes.ranges.get(c)!;
    if (!g.moved) list.splice(g.i, 1); // a click clears the brush it hits (or the empty one it started)
    const merged = mergeRanges(list.filter(([lo, hi]) => hi - lo > 1e-6));
    if (merged.length) brushes.ranges.set(c, merged);
    else brushes.ranges.delete(c);
    brushed(true);
  };
  life.listen(svg, 'pointerup', endDrag);
  life.listen(svg, 'pointercancel', endDrag);
  life.listen(svg, 'pointerleave', () => drag || hover(-1));

  // ---- keyboard ----
  life.listen(svg, 'focusin', (e) => {
    const c = (e.target as Element).getAttribute?.('data-column');
    focusColumn = c == null ? -1 : +c;
    if (focusColumn >= 0 && columns[focusColumn].categories && !cursor.has(focusColumn)) cursor.set(focusColumn, 0);
    refreshBrushes();
  });
  life.listen(svg, 'keydown', (ev) => {
    const e = ev as KeyboardEvent;
    const a = e.target as Element;
    if (!a.classList?.contains('tl-par-axis')) return;
    const c = +a.getAttribute('data-column')!;
    const col = columns[c];
    const up = e.key == 'ArrowUp' ? 1 : e.key == 'ArrowDown' ? -1 : 0;
    const dir = (flipped.has(c) ? -1 : 1) * up;
    let handled = true;
    if (e.shiftKey && (e.key == 'ArrowLeft' || e.key == 'ArrowRight')) {
      moveShown(c, Math.max(0, Math.min(shown.length - 1, shown.indexOf(c) + (e.key == 'ArrowLeft' ? -1 : 1))));
      emitAxes();
      (gAxes.querySelector(`[data-column="${c}"]`) as SVGGElement | null)?.focus();
    } else if (e.key == 'Delete' || e.key == 'Backspace' || e.key == 'Escape') {
      brushes.ranges.delete(c);
      brushes.cats.delete(c);
      brushed(true);
    } else if (col.categories) {
      const K = col.categories.length;
      const k = cursor.get(c) ?? 0;
      if (up) {
        cursor.set(c, Math.max(0, Math.min(K - 1, k + dir)));
        refreshBrushes();
      } else if (e.key == 'Enter' || e.key == ' ') {
        const set = new Set(brushes.cats.get(c) ?? []);
        if (set.has(k)) set.delete(k);
        else set.add(k);
        if (set.size) brushes.cats.set(c, set);
        else brushes.cats.delete(c);
        brushed(true);
      } else handled = false;
    } else {
      const list = brushes.ranges.get(c) ?? [];
      if (e.key == 'Enter' || e.key == ' ') {
        list.push([0.4, 0.6]);
        brushes.ranges.set(c, mergeRanges(list));
        brushed(true);
      } else if (up) {
        if (!list.length) list.push([0.4, 0.6]);
        const i = list.length - 1;
        const [lo, hi] = list[i];
        const step = 0.05 * dir;
        if (e.shiftKey) list[i] = [lo, Math.max(lo + 0.01, Math.min(1, hi + step))];
        else {
          const dt = Math.max(-lo, Math.min(1 - hi, step));
          list[i] = [lo + dt, hi + dt];
        }
        brushes.ranges.set(c, list);
        brushed(true);
      } else handled = false;
    }
    if (handled) e.preventDefault();
  });

  // ---- hover ----
  function rowPath(i: number): string {
    let p = '';
    shown.forEach((c, k) => (p += `${k ? 'L' : 'M'}${axisX[k].toFixed(1)},${yOf(c, values[i * d + c]).toFixed(1)}`));
    return p;
  }

  function hover(i: number) {
    if (i == hoverRow) return;
    hoverRow = i;
    hoverPath.setAttribute('d', i >= 0 ? rowPath(i) : '');
    if (i < 0) tip.hide();
    emitter.emit('hover', i >= 0 ? { index: i } : null);
  }

  /** Nearest drawn line to (x, y): scans the rows between the two axes around x (typed arrays only). */
  function nearest(x: number, y: number): number {
    if (shown.length < 2 || x < axisX[0] || x > axisX[shown.length - 1]) return -1;
    let k = 0;
    while (k < shown.length - 2 && x > axisX[k + 1]) k++;
    const ca = shown[k];
    const cb = shown[k + 1];
    const f = (x - axisX[k]) / (axisX[k + 1] - axisX[k]);
    const filtered = hasBrushes(brushes) || !!extMask;
    let best = -1;
    let bestD = 6;
    const m = rowsShown();
    for (let r = 0; r < m; r++) {
      const i = active ? active[r] : r;
      if (filtered && !pass[i]) continue;
      const ya = yOf(ca, values[i * d + ca]);
      const yb = yOf(cb, values[i * d + cb]);
      const dd = Math.abs(ya + (yb - ya) * f - y);
      if (dd < bestD) {
        bestD = dd;
        best = i;
      }
    }
    return best;
  }

  function hoverAt(x: number, y: number) {
    const i = nearest(x, y);
    hover(i);
    if (i >= 0 && opts.tooltip) {
      const rows: Array<[string, string]> = [['row', String(i)]];
      for (const c of shown.slice(0, 12)) rows.push([columns[c].label, formatValue(columns[c], columns[c].num[i])]);
      tip.show(x - scroll.scrollLeft, y, rows);
    }
  }

  // ---- axes ops ----
  function moveShown(c: number, to: number) {
    const vis = shown.filter((x) => x != c);
    vis.splice(to, 0, c);
    // keep hidden axes where they were relative to the others: rebuild order from the new visible order
    let j = 0;
    order = order.map((x) => (hidden.has(x) ? x : vis[j++]));
    measure();
    bundle?.setLayout(bundleLayout());
    bundle?.draw();
    buildAxes();
  }

  function emitAxes() {
    emitter.emit('axes', handle.axes());
  }

  /** Index of the axis called `name` (an 'option' error naming `arg` when there is none). */
  function colIndex(name: string, arg: string): number {
    const c = columns.findIndex((x, i) => i < axisCount && x.name == name);
    if (c < 0) throw fail('option', arg, 'an axis of the chart', JSON.stringify(name));
    return c;
  }

  /** Draws now when nothing was drawn yet (getters that need the line bundle). */
  function ready(): void {
    if (bundle) return;
    try {
      render();
    } catch {
      // shown with role="alert" and emitted as 'error'
    }
  }

  // ---- handle ----
  const handle: ParallelCoordinatesHandle = {
    element: root,
    get rowCount() {
      return rowsShown();
    },
    get selectedCount() {
      return hasBrushes(brushes) || extMask ? selectedCount : rowsShown();
    },
    get mode() {
      ready();
      return drawMode();
    },
    get renderer() {
      ready();
      return bundle?.renderer ?? (opts.renderer as 'webgl' | 'canvas');
    },
    update(partial) {
      life.assertAlive();
      // Everything that can throw runs first — the option checks, reading the data, the colour channel and the
      // brushes against the columns — and nothing is assigned until all of it passed: a bad update changes nothing.
      const { options: merged, changed } = parallelCoordinatesOptions.merge(opts, partial);
      const next = merged as Opts;
      const nextData = changed.has('data') || changed.has('columns') || changed.has('maxCategories') ? readData(next) : null;
      const colorChanged = !!nextData || changed.has('color') || changed.has('colorType');
      const nextColor = colorChanged ? readColor(next, nextData ?? data) : color;
      const brushesChanged = !!nextData || changed.has('brushes');
      const nextColumns = nextData ? [...nextData.axes, ...(nextColor.extra ? [nextColor.extra] : [])] : nextColor.extra ? [...data.axes, nextColor.extra] : data.axes;
      const nextBrushes = brushesChanged ? fromBrushSpec(next.brushes ?? undefined, nextColumns) : null;

      // ---- apply (nothing below throws on bad input) ----
      const previous = opts;
      opts = next;
      if (changed.has('selection')) {
        if (!next.selection) ownSelection?.clear(handle);
        listenToSelection();
        legendKey = ''; // the legend writes the new store
      }
      if (nextData) {
        if (!next.selection && previous.selection === next.selection) ownSelection?.clear(handle);
        applyData(nextData, nextColor, nextBrushes!);
        dirty.dom = true;
      } else {
        if (colorChanged) applyColor(nextColor);
        if (changed.has('scheme')) dirty.colors = true;
        if (nextBrushes) brushes = nextBrushes;
        if (changed.has('selection')) readSelection();
      }
      if (changed.has('renderer')) {
        bundle?.destroy();
        bundle = null;
        const fresh = el('canvas', { class: 'tl-par-canvas', 'aria-hidden': 'true' });
        canvas.replaceWith(fresh);
        canvas = fresh;
      }
      if (changed.has('theme')) setTheme();
      if (changed.has('tooltip') && !opts.tooltip) tip.hide();
      const rendered = life.schedule();
      // Brushes set by update() select rows like brushes drawn by hand: selection written, select emitted.
      if (changed.has('brushes')) rendered.then(() => life.destroyed || commit(), () => {});
    },
    on: (type, fn) => emitter.on(type, fn),
    whenRendered: () => life.whenRendered(),
    destroy() {
      life.destroy();
    },
    keep() {
      narrow(true);
    },
    exclude() {
      narrow(false);
    },
    resetView() {
      life.assertAlive();
      active = null;
      bundle?.setRows(null);
      life.schedule();
    },
    clearBrushes() {
      life.assertAlive();
      brushes = emptyBrushes();
      brushed(true);
      life.schedule();
    },
    brushes: () => toBrushSpec(brushes, columns),
    axes: () => ({
      order: order.map((c) => columns[c].name),
      hidden: order.filter((c) => hidden.has(c)).map((c) => columns[c].name),
      flipped: order.filter((c) => flipped.has(c)).map((c) => columns[c].name),
    }),
    moveAxis(name, index) {
      life.assertAlive();
      ready();
      const c = colIndex(name, 'name');
      if (hidden.has(c)) throw fail('option', 'name', 'a shown axis', JSON.stringify(name));
      moveShown(c, Math.max(0, Math.min(shown.length - 1, index | 0)));
      emitAxes();
    },
    setAxis(name, change) {
      life.assertAlive();
      ready();
      const c = colIndex(name, 'name');
      if (change.flipped != null) {
        if (change.flipped) flipped.add(c);
        else flipped.delete(c);
      }
      if (change.hidden != null) {
        if (change.hidden) {
          hidden.add(c);
          brushes.ranges.delete(c);
          brushes.cats.delete(c);
        } else hidden.delete(c);
      }
      if (change.scale) {
        const col = columns[c];
        const want = change.scale == 'log' ? 'log' : 'numeric';
        if (col.type != 'numeric' && col.type != 'log') throw fail('option', 'change.scale', 'a numeric axis', col.type);
        if (want == 'log' && !col.positive) throw fail('option', 'change.scale', 'values > 0 for a log scale', `"${name}" has values ≤ 0`);
        if (col.type != want) {
          const spec = ownBrush(toBrushSpec(brushes, columns), name);
          col.type = want;
          dirty.values = true;
          if (spec) {
            brushes.ranges.delete(c);
            const b2 = fromBrushSpec({ [name]: spec }, columns);
            brushes.ranges.set(c, b2.ranges.get(c) ?? []);
          }
        }
      }
      emitAxes();
      life.schedule();
      if (change.hidden) commit();
    },
    toSVG: () => exportView(false),
    toPNG(scale?: number) {
      life.assertAlive();
      ready();
      // The whole view (lines, axes, legend) in document order; the lines are drawn right before they are read.
      return exportPNG(root, { scale, background: readVar('--tl-bg'), beforeCapture: () => bundle?.draw() });
    },
    columnsInfo: () => (ready(), columns.slice(0, axisCount).map((c) => ({ name: c.name, type: c.type, missing: c.missing, ...(c.note ? { note: c.note } : {}) }))),
  };
  function narrow(keepSelected: boolean) {
    life.assertAlive();
    if (!hasBrushes(brushes) && !extMask) return;
    computePass();
    const m = rowsShown();
    const out: number[] = [];
    for (let r = 0; r < m; r++) {
      const i = active ? active[r] : r;
      if (!!pass[i] == keepSelected) out.push(i);
    }
    active = Uint32Array.from(out);
    brushes = emptyBrushes();
    extMask = null;
    bundle?.setRows(active);
    commit();
    life.schedule();
  }

  /** The current view as a standalone SVG: axes, labels, and lines as paths (≤ 20k rows) or an embedded PNG. */
  function exportView(forceImage: boolean): string {
    life.assertAlive();
    ready();
    const g = svgEl('g', { class: 'tl-par-export' });
    svg.insertBefore(g, gAxes);
    const bg = svgEl('rect', { width: geom.W, height: geom.H, fill: readVar('--tl-bg') });
    g.appendChild(bg);
    try {
      const m = rowsShown();
      if (!forceImage && m <= SVG_LINES_MAX && drawMode() == 'lines') {
        const filtered = hasBrushes(brushes) || !!extMask;
        const op = opacity();
        const cc = colorColumn();
        const pal = cc >= 0 ? palette(columns[cc]) : null;
        const dim = svgEl('g', { fill: 'none', stroke: readVar('--tl-muted'), 'stroke-opacity': Math.min(0.25, op / 3) }, g);
        const sel = svgEl('g', { fill: 'none', stroke: color.constant ?? readVar('--tl-accent'), 'stroke-opacity': op }, g);
        for (let r = 0; r < m; r++) {
          const i = active ? active[r] : r;
          const on = !filtered || pass[i];
          const p = svgEl('path', { d: rowPath(i) }, on ? sel : dim);
          if (on && pal) {
            const t = values[i * d + cc];
            const K = pal.palette.length;
            p.setAttribute('stroke', t < 0 ? '#888888' : pal.palette[pal.categorical ? Math.min(K - 1, Math.floor(t * K)) : Math.round(Math.min(1, t) * (K - 1))]);
          }
        }
      } else if (bundle) {
        bundle.draw();
        let href = '';
        try {
          href = bundle.canvas.toDataURL('image/png');
        } catch {
          href = '';
        }
        if (href.length > 6) svgEl('image', { x: 0, y: 0, width: geom.W, height: geom.H, href, preserveAspectRatio: 'none', class: 'tl-par-lines-image' }, g);
      }
      const text = exportSVG(svg);
      return text.includes('xmlns=') ? text : text.replace('<svg', '<svg xmlns="http://www.w3.org/2000/svg"');
    } finally {
      g.remove();
    }
  }

  applyData(firstData, firstColor, firstBrushes);
  listenToSelection();
  const first = life.schedule();
  // Brushes given at creation select rows like brushes drawn by hand: selection written, select emitted.
  first.then(() => life.destroyed || (hasBrushes(brushes) && commit()), () => {});
  return handle;
}
