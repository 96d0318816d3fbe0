// createXYPlot: any two columns of a table against each other, on the WebGL point cloud (2D), with column pickers,
// DOM/SVG axes that follow pan and zoom, and the shared selection (box/lasso writes it, rows selected elsewhere
// are drawn emphasised).
import { Emitter, Lifecycle, defineOptions, el, exportPNG, fail, hasColumn, injectTheme, isBoolean, isNumber, isSelection, isString, isTheme, linearTicks, logTickFormat, logTicks, nullable, observeSize, oneOf, readThemeColor, resolveChannel, svgEl, tickFormat, toTable } from '@tensorlens/core';
import type { ChannelValue, Column, ColumnTable, ComponentHandle, OptionCheck, Selection, TableInput, Theme, Unsubscribe } from '@tensorlens/core';
import { createPointCloud } from '../point-cloud';
import type { PointCloudHandle, PointCloudOptions, PointCloudScheme } from '../point-cloud';
import { isCssColor } from '../point-cloud/input';
import { encodeAxis } from './axes';
import type { AxisEncoding, AxisScale } from './axes';
import { injectXYPlotStyles } from './styles';

export type { AxisScale } from './axes';

/** Options of {@link createXYPlot}. Every option can be changed later with `update()`. */
export interface XYPlotOptions {
  /** Rows (array of records), columns, a core ColumnTable, an Apache Arrow table, or CSV/TSV/JSON text. Default null (then x and y are arrays). */
  data?: TableInput | null;
  /** The horizontal axis: a column name of `data`, or the values (numbers, or strings as jittered categories). Required. */
  x: ChannelValue;
  /** The vertical axis, like `x`. Required. */
  y: ChannelValue;
  /** Colour: a column name or values (numbers on `scheme`, strings as categories), or one CSS colour. Default null (the theme's accent). */
  color?: ChannelValue | null;
  /** How colour values are read (see the point cloud). Default 'auto'. */
  colorType?: 'auto' | 'categorical' | 'continuous';
  /** Scheme of continuous colours. Default 'viridis'. */
  scheme?: PointCloudScheme;
  /** Shared selection: box/lasso/click write it, rows selected elsewhere are emphasised. Default null (its own). */
  selection?: Selection | null;
  /** Show only the selected rows while the selection is not empty. Default false. */
  showOnlySelected?: boolean;
  /** Axis scales. Default 'auto': log for positive numbers spanning ≥ 3 decades, else linear. */
  xScale?: AxisScale;
  yScale?: AxisScale;
  /** Columns offered in the pickers. Default null: every column. */
  columns?: string[] | null;
  /** Drag behaviour. Default 'box' (shift-drag draws a lasso; 'pan' pans, wheel zooms in every mode). */
  tool?: 'pan' | 'box' | 'lasso';
  /** Point diameter in CSS px. Default 'auto': 6 under 2,000 points, 4 under 50,000, else 2. */
  size?: number | 'auto';
  /** Animation of column changes in ms. Default 300. */
  transition?: number;
  /** Height of the whole plot (pickers included) in CSS px. Default 400; null fills the container's height. */
  height?: number | null;
  /** Accessible title. Default '' ("<y> against <x>"). */
  title?: string;
  /** 'light', 'dark', or 'auto' (the page's colour scheme). Default 'auto'. */
  theme?: Theme;
  /** Show the colour legend while colour encodes data. Default true. */
  legend?: boolean;
}

/** Events of the XY plot. */
export interface XYPlotEvents {
  /** A picker changed the columns (or update() did); null for a channel given as values. */
  change: { x: string | null; y: string | null; color: string | null };
  /** The user selected rows in the plot (or its legend). */
  select: { indices: Uint32Array; tool: 'click' | 'box' | 'lasso' | 'legend' };
  /** The row under the pointer, or null. */
  hover: { index: number } | null;
  /** A state reached the screen. */
  render: { count: number };
  /** Reported by the point cloud underneath (data given as a tensor that turned out invalid). */
  error: { error: unknown; message: string };
}

export interface XYPlotHandle extends ComponentHandle<XYPlotOptions, XYPlotEvents> {
  /** Rows in the data. */
  readonly count: number;
  /** Rows without a position (missing x or y, or ≤ 0 on a log axis). */
  readonly skipped: number;
  /** The point cloud underneath (for pick, screenPosition, zoomToSelection…). */
  readonly cloud: PointCloudHandle;
  /** The selection the plot reads and writes. */
  readonly selection: Selection;
  /** Axis kinds and the visible domains (axis units: log10 for log axes, codes for categories). */
  axes(): { x: { kind: AxisEncoding['kind']; domain: [number, number] }; y: { kind: AxisEncoding['kind']; domain: [number, number] } };
  /** CSS px, relative to the plot's element, of data row `index` (null when it has no position). */
  screenPosition(index: number): [number, number] | null;
  resetView(): void;
  /** The plot as a PNG: the points, the axes and the legend (core's exportPNG). */
  toPNG(scale?: number): Promise<Blob>;
  /** Listeners registered through `on` (for leak checks). */
  readonly listenerCount: number;
}

/** The options with every default applied. */
type Opts = { [K in keyof XYPlotOptions]-?: Exclude<XYPlotOptions[K], undefined> };

const isChannel: OptionCheck<unknown> = (value, argument) => {
  if (typeof value === 'string') return;
  if (value === null || typeof value !== 'object' || typeof (value as ArrayLike<unknown>).length !== 'number') throw fail('option', argument, 'a column name or an array of values', value);
};
const isTable: OptionCheck<unknown> = (value, argument) => {
  if (typeof value !== 'string' && (value === null || typeof value !== 'object')) throw fail('option', argument, 'a table (rows, columns, an Arrow table, or CSV/JSON text)', value);
};
const isColumns: OptionCheck<unknown> = (value, argument) => {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw fail('option', argument, 'an array of column names, or null', value);
};
const isSize: OptionCheck<unknown> = (value, argument) => {
  if (value !== 'auto' && !(typeof value === 'number' && value > 0 && value <= 100)) throw fail('option', argument, "a number of pixels in (0, 100] or 'auto'", value);
};
const isHeight: OptionCheck<unknown> = (value, argument) => {
  if (!(typeof value === 'number' && value >= 120)) throw fail('option', argument, 'a number of pixels ≥ 120, or null', value);
};

/** The XY plot's options: checks, defaults, what a change invalidates. */
export const xyPlotOptions = defineOptions<XYPlotOptions>(
  'XY plot',
  {
    data: { default: null, check: nullable(isTable), invalidates: 'data' },
    x: { required: true, check: isChannel, invalidates: 'data' },
    y: { required: true, check: isChannel, invalidates: 'data' },
    color: { default: null, check: nullable(isChannel), invalidates: 'data' },
    colorType: { default: 'auto', check: oneOf('auto', 'categorical', 'continuous'), invalidates: 'data' },
    scheme: { default: 'viridis', check: oneOf<PointCloudScheme>('viridis', 'magma', 'blues', 'greys', 'rdbu', 'puor'), invalidates: 'paint' },
    selection: { default: null, check: nullable(isSelection), invalidates: 'paint' },
    showOnlySelected: { default: false, check: isBoolean, invalidates: 'paint' },
    xScale: { default: 'auto', check: oneOf<AxisScale>('auto', 'linear', 'log'), invalidates: 'layout' },
    yScale: { default: 'auto', check: oneOf<AxisScale>('auto', 'linear', 'log'), invalidates: 'layout' },
    columns: { default: null, check: nullable(isColumns), invalidates: 'layout' },
    tool: { default: 'box', check: oneOf('pan', 'box', 'lasso'), invalidates: 'none' },
    size: { default: 'auto', check: isSize, invalidates: 'paint' },
    transition: { default: 300, check: isNumber({ min: 0 }), invalidates: 'none' },
    height: { default: 400, check: nullable(isHeight), invalidates: 'layout' },
    title: { default: '', check: isString, invalidates: 'none' },
    theme: { default: 'auto', check: isTheme, invalidates: 'paint' },
    legend: { default: true, check: isBoolean, invalidates: 'layout' },
  },
  { renamed: { colorBy: 'color', colorScheme: 'scheme', hideUnselected: 'showOnlySelected', metadata: 'data' } },
);

/** Margins of the plot area (CSS px) for tick labels and axis titles. */
const M = { left: 58, right: 14, top: 10, bottom: 42 };

/** What the options resolve to against the data: the table and the two axis columns (checked, nothing changed). */
interface Resolved {
  table: ColumnTable | null;
  xColumn: Column;
  yColumn: Column;
}

/** Reads the table (when it changed) and resolves the channels; throws a TensorLensError naming the option. */
function resolveData(o: Opts, table: ColumnTable | null): Resolved {
  const xColumn = resolveChannel(o.x, table, 'options.x')!;
  const yColumn = resolveChannel(o.y, table, 'options.y', xColumn.length)!;
  if (table && table.length !== xColumn.length) throw fail('length', 'options.x', `${table.length} values (one per row of data)`, `${xColumn.length}`);
  const c = o.color;
  if (c != null && !(typeof c === 'string' && !hasColumn(table, c) && isCssColor(c))) resolveChannel(c, table, 'options.color', xColumn.length);
  (o.columns ?? []).forEach((name, i) => {
    if (!hasColumn(table, name)) throw fail('option', `options.columns[${i}]`, table ? `a column of data (${table.names.join(', ')})` : 'a column name, with options.data', name);
  });
  return { table, xColumn, yColumn };
}

const channelName = (c: ChannelValue | null) => (typeof c === 'string' ? c : null);
/** A channel's name in titles: the column name, or 'x' / 'y' for values given as an array. */
const nameOf = (c: ChannelValue, fallback: string) => (typeof c === 'string' ? c : fallback);

/**
 * An XY plot of any two columns of a table, drawn by the WebGL point cloud so it stays interactive at a million
 * rows. Pickers above the plot choose x, y and the colour; axes with d3 ticks are SVG over the canvas and follow
 * pan and zoom; box and lasso selections write the shared {@link Selection}; a legend shows the colour encoding.
 */
export function createXYPlot(container: HTMLElement, options: XYPlotOptions): XYPlotHandle {
  if (!container || typeof (container as HTMLElement).appendChild != 'function' || container.nodeType !== 1) throw fail('type', 'container', 'an HTMLElement', container);
  let opts = xyPlotOptions.resolve(options) as Opts;
  const emitter = new Emitter<XYPlotEvents>();

  // ---- data ----
  let resolved = resolveData(opts, opts.data == null ? null : toTable(opts.data, { name: 'options.data' }));
  let table = resolved.table;
  let offered: string[] = [];
  let ex!: AxisEncoding;
  let ey!: AxisEncoding;
  let skipped = 0;
  const rowCount = () => resolved.xColumn.length;
  /** Rows with the smallest and largest x, then y, among rows with a position (-1 when none): axis references. */
  let refs = [-1, -1, -1, -1];
  const encode = () => {
    ex = encodeAxis(resolved.xColumn, opts.xScale);
    ey = encodeAxis(resolved.yColumn, opts.yScale);
    skipped = 0;
    const r = (refs = [-1, -1, -1, -1]);
    const U = ex.unit;
    const V = ey.unit;
    for (let i = 0; i < rowCount(); i++) {
      const u = U[i];
      const v = V[i];
      if (u !== u || v !== v) {
        skipped++;
        continue;
      }
      if (r[0] < 0 || u < U[r[0]]) r[0] = i;
      if (r[1] < 0 || u > U[r[1]]) r[1] = i;
      if (r[2] < 0 || v < V[r[2]]) r[2] = i;
      if (r[3] < 0 || v > V[r[3]]) r[3] = i;
    }
  };
  offered = opts.columns ?? table?.names ?? [];
  encode();

  // ---- DOM ----
  injectTheme(container);
  injectXYPlotStyles(container);
  const root = el('div', { class: 'tl-root tl-xy', role: 'figure', 'data-theme': opts.theme === 'auto' ? null : opts.theme }, container);
  const bar = el('div', { class: 'tl-xy-bar' }, root);
  const picker = (label: string, cls: string) => {
    const l = el('label', { class: cls, text: label }, bar);
    return el('select', {}, l);
  };
  const selX = picker('x', 'tl-xy-pick-x');
  const selY = picker('y', 'tl-xy-pick-y');
  const selC = picker('colour', 'tl-xy-pick-color');
  const countEl = el('span', { class: 'tl-xy-count', 'aria-live': 'polite' }, bar);
  const frame = el('div', { class: 'tl-xy-frame' }, root);
  const axesSvg = svgEl('svg', { class: 'tl-xy-axes', 'aria-hidden': 'true' }, frame);
  const plot = el('div', { class: 'tl-xy-plot' }, frame);
  Object.assign(plot.style, { left: M.left + 'px', right: M.right + 'px', top: M.top + 'px', bottom: M.bottom + 'px' });

  const fillPickers = () => {
    // A channel given as values (not a column) shows as "(values)"; a constant colour as "(one colour)".
    const fill = (s: HTMLSelectElement, channel: ChannelValue | null, none: boolean) => {
      s.replaceChildren();
      if (none) el('option', { value: '', text: '(none)' }, s);
      const name = channelName(channel);
      const isColumn = name != null && hasColumn(table, name);
      if (channel != null && !isColumn) el('option', { value: '\u0000', text: name == null ? '(values)' : '(one colour)' }, s);
      for (const c of offered) el('option', { value: c, text: c }, s);
      s.value = channel == null ? '' : isColumn ? name : '\u0000';
    };
    fill(selX, opts.x, false);
    fill(selY, opts.y, false);
    fill(selC, opts.color, true);
  };

  // ---- the point cloud ----
  /** Width / height of the fitted area, so the unit square fills the plot (the cloud keeps equal scales). */
  let aspect = 1;
  const sizeAspect = () => {
    const w = plot.clientWidth - 32;
    const h = plot.clientHeight - 32;
    return w > 0 && h > 0 ? w / h : 1;
  };
  const positions = () => {
    const n = rowCount();
    const x = new Float32Array(n);
    for (let i = 0; i < n; i++) x[i] = ex.unit[i] * aspect;
    return { x, y: ey.unit };
  };
  const pointSize = () => (opts.size == 'auto' ? (rowCount() < 2000 ? 6 : rowCount() < 50_000 ? 4 : 2) : opts.size);
  const tooltipFields = () => (table ? [...new Set([opts.x, opts.y, opts.color].flatMap((c) => (typeof c === 'string' && hasColumn(table, c) ? [c] : [])).concat(table.names))].slice(0, 6) : []);
  const titleText = () => opts.title || `${nameOf(opts.y, 'y')} against ${nameOf(opts.x, 'x')}`;

  aspect = sizeAspect();
  const cloud = createPointCloud(plot, {
    ...positions(),
    data: table,
    color: opts.color,
    colorType: opts.colorType,
    tooltipFields: tooltipFields(),
    selection: opts.selection,
    tool: opts.tool,
    size: pointSize(),
    scheme: opts.scheme,
    showOnlySelected: opts.showOnlySelected,
    transition: opts.transition,
    view: '2d',
    theme: opts.theme,
    legend: opts.legend,
    legendRoom: false, // the axes show the data's domain, not the room beside the legend
    title: titleText(),
  });

  const lc = new Lifecycle(async () => {
    await cloud.whenRendered();
    drawAxes();
    emitter.emit('render', { count: rowCount() });
  });
  lc.own(() => {
    cloud.destroy();
    emitter.clear();
    root.remove();
  });
  const offs: Unsubscribe[] = [
    cloud.on('view', () => drawAxes()),
    cloud.on('select', (e) => emitter.emit('select', e)),
    cloud.on('hover', (e) => emitter.emit('hover', e && { index: e.index })),
    cloud.on('error', (e) => emitter.emit('error', e)),
  ];
  let offSel = cloud.selection.on('change', () => paintCount());
  lc.own(() => {
    offs.forEach((f) => f());
    offSel();
  });

  // ---- axes ----
  /** Affine maps unit → plot px, read from the cloud's own projection of two rows (so pan and zoom are followed). */
  const mapping = (): null | { ax: number; bx: number; ay: number; by: number } => {
    const [i0, i1, j0, j1] = refs;
    if (i0 < 0) return null;
    const [p0, p1, q0, q1] = [i0, i1, j0, j1].map((i) => cloud.screenPosition(i));
    if (!p0 || !p1 || !q0 || !q1) return null;
    const du = ex.unit[i1] - ex.unit[i0];
    const dv = ey.unit[j1] - ey.unit[j0];
    // A constant column has one position: scale from the other axis (equal scales, x stretched by `aspect`).
    const ax = du > 0 ? (p1[0] - p0[0]) / du : dv > 0 ? ((q0[1] - q1[1]) / dv) * aspect : plot.clientHeight - 32;
    const ay = dv > 0 ? (q1[1] - q0[1]) / dv : -ax / aspect;
    return { ax, bx: p0[0] - ax * ex.unit[i0], ay, by: q0[1] - ay * ey.unit[j0] };
  };

  let shownDomain = { x: [0, 1] as [number, number], y: [0, 1] as [number, number] };

  function drawAxes() {
    if (lc.destroyed) return;
    axesSvg.replaceChildren();
    const W = plot.clientWidth;
    const H = plot.clientHeight;
    const m = W > 0 && H > 0 ? mapping() : null;
    if (!m) return;
    const g = svgEl('g', { transform: `translate(${M.left} ${M.top})` }, axesSvg);
    svgEl('line', { class: 'tl-xy-domain', x1: 0, x2: W, y1: H + 0.5, y2: H + 0.5 }, g);
    svgEl('line', { class: 'tl-xy-domain', x1: -0.5, x2: -0.5, y1: 0, y2: H }, g);
    const axis = (e: AxisEncoding, a: number, b: number, len: number, horizontal: boolean) => {
      // visible domain (axis units) from the plot's edges
      const toDomain = (px: number) => e.lo + ((px - b) / a) * (e.hi - e.lo);
      const d0 = toDomain(horizontal ? 0 : len);
      const d1 = toDomain(horizontal ? len : 0);
      const lo = Math.min(d0, d1);
      const hi = Math.max(d0, d1);
      const count = Math.max(2, Math.floor(len / (horizontal ? 80 : 40)));
      let ticks: Array<[number, string]>;
      if (e.kind == 'categorical') {
        const every = Math.max(1, Math.ceil(e.names.length / Math.max(1, Math.floor(len / (horizontal ? 60 : 16)))));
        ticks = e.names.flatMap((name, c) => (c % every == 0 && c >= lo && c <= hi ? [[c, name] as [number, string]] : []));
      } else if (e.kind == 'log') {
        // core's d3-scale ticks: lo and hi are log10 of the values on a log axis.
        const label = logTickFormat();
        ticks = logTicks(10 ** lo, 10 ** hi, count).map((v) => [Math.log10(v), label(v)]);
      } else {
        const label = tickFormat(lo, hi, count);
        ticks = linearTicks(lo, hi, count).map((v) => [v, label(v)]);
      }
      for (const [d, label] of ticks) {
        const px = a * ((d - e.lo) / (e.hi - e.lo)) + b;
        if (horizontal) {
          svgEl('line', { x1: px, x2: px, y1: H, y2: H + 5 }, g);
          svgEl('text', { class: 'tl-xy-tick', x: px, y: H + 16, 'text-anchor': 'middle', text: label }, g);
        } else {
          svgEl('line', { x1: -5, x2: 0, y1: px, y2: px }, g);
          svgEl('text', { class: 'tl-xy-tick', x: -8, y: px, dy: '0.32em', 'text-anchor': 'end', text: label }, g);
        }
      }
      return [lo, hi] as [number, number];
    };
    shownDomain = { x: axis(ex, m.ax, m.bx, W, true), y: axis(ey, m.ay, m.by, H, false) };
    const suffix = (e: AxisEncoding) => (e.kind == 'log' ? ' (log)' : '');
    svgEl('text', { class: 'tl-xy-title', x: W / 2, y: H + 34, 'text-anchor': 'middle', text: nameOf(opts.x, 'x') + suffix(ex) }, g);
    svgEl('text', { class: 'tl-xy-title', transform: `translate(${-M.left + 12} ${H / 2}) rotate(-90)`, 'text-anchor': 'middle', text: nameOf(opts.y, 'y') + suffix(ey) }, g);
  }

  const paintCount = () => {
    const n = rowCount();
    let sel = 0;
    cloud.selection.forEach((i) => void (i < n && sel++));
    const f = (v: number) => v.toLocaleString('en-US');
    countEl.textContent = `${f(n)} points · ${f(sel)} selected` + (skipped ? ` · ${f(skipped)} without a position` : '');
    root.setAttribute('aria-label', `${titleText()}: scatter plot of ${f(n - skipped)} points`);
  };

  // ---- changes ----
  /** Applies a partial: everything that can throw (options, table, channels) first, so a bad one changes nothing. */
  const apply = (partial: Partial<XYPlotOptions>, fromPicker: boolean) => {
    const change = xyPlotOptions.merge(opts, partial);
    const next = change.options as Opts;
    const changed = change.changed;
    const dataChanged = changed.has('data');
    const nextTable = dataChanged ? (next.data == null ? null : toTable(next.data, { name: 'options.data' })) : table;
    const nextResolved = resolveData(next, nextTable);
    // Commit.
    const was = { x: channelName(opts.x), y: channelName(opts.y), color: channelName(opts.color) };
    opts = next;
    table = nextTable;
    resolved = nextResolved;
    offered = opts.columns ?? table?.names ?? [];
    const axesChanged = dataChanged || ['x', 'y', 'xScale', 'yScale'].some((k) => changed.has(k as keyof XYPlotOptions));
    if (axesChanged) encode();
    const upd: Partial<PointCloudOptions> = {};
    if (axesChanged) Object.assign(upd, positions());
    if (dataChanged) upd.data = table;
    if (dataChanged || changed.has('color')) upd.color = opts.color;
    if (dataChanged || changed.has('color') || changed.has('x') || changed.has('y')) upd.tooltipFields = tooltipFields();
    for (const k of ['tool', 'scheme', 'showOnlySelected', 'transition', 'colorType', 'theme', 'legend'] as const) if (changed.has(k)) (upd as Record<string, unknown>)[k] = opts[k];
    if (dataChanged || changed.has('size')) upd.size = pointSize();
    if (changed.has('selection')) upd.selection = opts.selection;
    if (changed.has('title') || changed.has('x') || changed.has('y')) upd.title = titleText();
    if (changed.has('theme')) {
      if (opts.theme === 'auto') delete root.dataset.theme;
      else root.dataset.theme = opts.theme;
    }
    cloud.update(upd);
    if (changed.has('selection')) {
      offSel();
      offSel = cloud.selection.on('change', () => paintCount());
    }
    if (axesChanged) cloud.resetView();
    fillPickers();
    paintCount();
    layout();
    const now = { x: channelName(opts.x), y: channelName(opts.y), color: channelName(opts.color) };
    if (was.x != now.x || was.y != now.y || was.color != now.color) emitter.emit('change', now);
    if (!fromPicker) lc.schedule();
    else lc.schedule().catch(() => {});
  };
  const layout = () => {
    root.style.height = opts.height == null ? '100%' : opts.height + 'px';
  };
  lc.listen(selX, 'change', () => selX.value !== '\u0000' && apply({ x: selX.value }, true));
  lc.listen(selY, 'change', () => selY.value !== '\u0000' && apply({ y: selY.value }, true));
  lc.listen(selC, 'change', () => selC.value !== '\u0000' && apply({ color: selC.value || null }, true));
  observeSize(
    plot,
    () => {
      const a = sizeAspect();
      if (Math.abs(a - aspect) > 1e-3) {
        aspect = a;
        cloud.update({ x: positions().x, transition: 0 });
        cloud.update({ transition: opts.transition });
        cloud.resetView();
      }
      if (!lc.destroyed) lc.schedule();
    },
    lc,
  );

  fillPickers();
  paintCount();
  layout();
  lc.schedule();

  const handle: XYPlotHandle = {
    element: root,
    update(partial) {
      lc.assertAlive();
      apply(partial, false);
    },
    on: (type, fn) => emitter.on(type, fn),
    // The cloud's too: where it cannot draw (a CSP without 'unsafe-eval') that rejects also after the frame.
    whenRendered: () => lc.whenRendered().then(() => cloud.whenRendered()),
    destroy: () => lc.destroy(),
    get count() {
      return rowCount();
    },
    get skipped() {
      return skipped;
    },
    get cloud() {
      return cloud;
    },
    get selection() {
      return cloud.selection;
    },
    axes: () => ({ x: { kind: ex.kind, domain: shownDomain.x }, y: { kind: ey.kind, domain: shownDomain.y } }),
    screenPosition(index) {
      const p = cloud.screenPosition(index);
      return p && [p[0] + M.left, p[1] + M.top + bar.offsetHeight];
    },
    resetView: () => cloud.resetView(),
    toPNG: (scale) => {
      cloud.renderFrame();
      return exportPNG(root, { scale, background: readThemeColor(root, '--tl-bg') });
    },
    get listenerCount() {
      return emitter.listenerCount;
    },
  };
  return handle;
}
