// createXYPlot: any two columns of a table against each other, on the WebGL point cloud (2D), with column pickers,
// DOM/SVG axes that follow pan and zoom, and the shared selection (box/lasso writes it, rows selected elsewhere
// are drawn emphasised).
import { Emitter, Lifecycle, el, fail, injectTheme, observeSize, svgEl, toTable } from '@tensorlens/core';
import type { ColumnTable, ComponentHandle, Selection, TableInput, Unsubscribe } from '@tensorlens/core';
import { createPointCloud } from '../point-cloud';
import type { PointCloudHandle, PointCloudOptions } from '../point-cloud';
import { encodeAxis, formatTick, linearTicks, logTicks } from './axes';
import type { AxisEncoding, AxisScale } from './axes';
import { injectXYPlotStyles } from './styles';

export type { AxisScale } from './axes';

export interface XYPlotOptions {
  /** Rows (array of records), columns, a core ColumnTable, an Apache Arrow table, or CSV/TSV/JSON text. Required. */
  data: TableInput;
  /** Column on the horizontal axis (numbers, or strings as jittered categories). Required. */
  x: string;
  /** Column on the vertical axis. Required. */
  y: string;
  /** Column that colours the points: numbers on `colorScheme`, strings as categories. Default null (one colour). */
  colorBy?: string | null;
  /** Shared selection: box/lasso/click write it, rows selected elsewhere are emphasised. Default null (its own). */
  selection?: Selection | null;
  /** Axis scales. Default 'auto': log for positive numbers spanning ≥ 3 decades, else linear. */
  xScale?: AxisScale;
  yScale?: AxisScale;
  /** Columns offered in the pickers. Default null: every column. */
  columns?: string[] | null;
  /** Drag behaviour. Default 'box' (shift-drag draws a lasso; 'pan' pans, wheel zooms in every mode). */
  tool?: 'pan' | 'box' | 'lasso';
  /** Point diameter in CSS px. Default 'auto': 6 under 2,000 points, 4 under 50,000, else 2. */
  size?: number | 'auto';
  /** Scheme for numeric colours. Default 'viridis'. */
  colorScheme?: 'viridis' | 'magma' | 'blues' | 'greys';
  /** Hide the rows outside a non-empty selection. Default false. */
  hideUnselected?: boolean;
  /** Animation of column changes in ms. Default 300. */
  transition?: number;
  /** Height of the whole plot (pickers included) in CSS px. Default 400; null fills the container's height. */
  height?: number | null;
  /** Accessible title. Default: "<y> against <x>". */
  title?: string;
}

export interface XYPlotEvents {
  /** A picker changed the columns (or update() did). */
  change: { x: string; y: string; colorBy: string | null };
  /** The user selected rows in the plot. */
  select: { indices: Uint32Array; tool: 'click' | 'box' | 'lasso' };
  /** The row under the pointer, or null. */
  hover: { index: number } | null;
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
  toPNG(scale?: number): Promise<Blob>;
  /** Listeners registered through `on` (for leak checks). */
  readonly listenerCount: number;
}

type Opts = Required<XYPlotOptions>;

const DEFAULTS = {
  colorBy: null,
  selection: null,
  xScale: 'auto',
  yScale: 'auto',
  columns: null,
  tool: 'box',
  size: 'auto',
  colorScheme: 'viridis',
  hideUnselected: false,
  transition: 300,
  height: 400,
  title: '',
} as const;

/** Margins of the plot area (CSS px) for tick labels and axis titles. */
const M = { left: 58, right: 14, top: 10, bottom: 42 };

const SCALES = ['auto', 'linear', 'log'];

function checkOptions(o: Partial<XYPlotOptions>): void {
  const opt = (k: string, expected: string, v: unknown) => fail('option', `options.${k}`, expected, v);
  if (o.xScale !== undefined && !SCALES.includes(o.xScale)) throw opt('xScale', "'auto' | 'linear' | 'log'", o.xScale);
  if (o.yScale !== undefined && !SCALES.includes(o.yScale)) throw opt('yScale', "'auto' | 'linear' | 'log'", o.yScale);
  if (o.tool !== undefined && !['pan', 'box', 'lasso'].includes(o.tool)) throw opt('tool', "'pan' | 'box' | 'lasso'", o.tool);
  if (o.size !== undefined && o.size !== 'auto' && !(typeof o.size == 'number' && o.size > 0 && o.size <= 100)) throw opt('size', "a number of pixels in (0, 100] or 'auto'", o.size);
  if (o.height != null && !(typeof o.height == 'number' && o.height >= 120)) throw opt('height', 'a number of pixels ≥ 120, or null', o.height);
  if (o.columns != null && !Array.isArray(o.columns)) throw opt('columns', 'an array of column names, or null', o.columns);
  if (o.selection != null && typeof (o.selection as Selection).has != 'function') throw opt('selection', 'a Selection from createSelection()', o.selection);
}

/**
 * An XY plot of any two columns of a table, drawn by the WebGL point cloud so it stays interactive at a million
 * rows. Pickers above the plot choose x, y and the colour; axes with ticks are SVG over the canvas and follow
 * pan and zoom; box and lasso selections write the shared {@link Selection}.
 */
export function createXYPlot(container: HTMLElement, options: XYPlotOptions): XYPlotHandle {
  if (!container || typeof (container as HTMLElement).appendChild != 'function' || container.nodeType !== 1) throw fail('type', 'container', 'an HTMLElement', container);
  if (!options || typeof options != 'object') throw fail('type', 'options', 'an options object with data, x and y', options);
  checkOptions(options);
  let opts = { ...DEFAULTS, ...options } as Opts;
  const emitter = new Emitter<XYPlotEvents>();

  // ---- data ----
  let table!: ColumnTable;
  let offered: string[] = [];
  let ex!: AxisEncoding;
  let ey!: AxisEncoding;
  let skipped = 0;
  const known = (t: ColumnTable) => `a column of data (${t.names.join(', ')})`;
  const read = (o: Opts, dataChanged: boolean) => {
    const t = dataChanged ? toTable(o.data, { name: 'data' }) : table;
    for (const k of ['x', 'y'] as const) if (typeof o[k] != 'string' || !(o[k] in t.columns)) throw fail('option', `options.${k}`, known(t), o[k]);
    if (o.colorBy != null && !(o.colorBy in t.columns)) throw fail('option', 'options.colorBy', known(t) + ' or null', o.colorBy);
    (o.columns ?? []).forEach((c, i) => {
      if (!(c in t.columns)) throw fail('option', `options.columns[${i}]`, known(t), c);
    });
    return t;
  };
  /** Rows with the smallest and largest x, then y, among rows with a position (-1 when none): axis references. */
  let refs = [-1, -1, -1, -1];
  const encode = () => {
    ex = encodeAxis(table.columns[opts.x], opts.xScale);
    ey = encodeAxis(table.columns[opts.y], opts.yScale);
    skipped = 0;
    const r = (refs = [-1, -1, -1, -1]);
    const U = ex.unit;
    const V = ey.unit;
    for (let i = 0; i < table.length; i++) {
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
  table = read(opts, true);
  offered = opts.columns ?? table.names;
  encode();

  // ---- DOM ----
  injectTheme(container);
  injectXYPlotStyles(container);
  const root = el('div', { class: 'tl-root tl-xy', role: 'figure' }, container);
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
    const fill = (s: HTMLSelectElement, value: string | null, none: boolean) => {
      s.replaceChildren();
      if (none) el('option', { value: '', text: '(none)' }, s);
      for (const c of offered) el('option', { value: c, text: c }, s);
      s.value = value ?? '';
    };
    fill(selX, opts.x, false);
    fill(selY, opts.y, false);
    fill(selC, opts.colorBy, true);
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
    const n = table.length;
    const x = new Float32Array(n);
    for (let i = 0; i < n; i++) x[i] = ex.unit[i] * aspect;
    return { x, y: ey.unit };
  };
  const colorOptions = (): Partial<PointCloudOptions> => {
    const c = opts.colorBy == null ? null : table.columns[opts.colorBy];
    if (!c) return { colorBy: 'none', category: undefined, value: undefined };
    return Array.isArray(c) ? { colorBy: 'category', category: c, value: undefined } : { colorBy: 'value', category: undefined, value: c as ArrayLike<number> };
  };
  const pointSize = () => (opts.size == 'auto' ? (table.length < 2000 ? 6 : table.length < 50_000 ? 4 : 2) : opts.size);
  const tooltipFields = () => [...new Set([opts.x, opts.y, ...(opts.colorBy ? [opts.colorBy] : []), ...table.names])].slice(0, 6);

  aspect = sizeAspect();
  const cloud = createPointCloud(plot, {
    ...positions(),
    ...colorOptions(),
    metadata: table,
    tooltipFields: tooltipFields(),
    selection: opts.selection,
    tool: opts.tool,
    size: pointSize(),
    colorScheme: opts.colorScheme,
    hideUnselected: opts.hideUnselected,
    transition: opts.transition,
    view: '2d',
    title: opts.title || `${opts.y} against ${opts.x}`,
  });

  const lc = new Lifecycle(async () => {
    await cloud.whenRendered();
    drawAxes();
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
      } else if (e.kind == 'log') ticks = logTicks(lo, hi, count).map((v) => [Math.log10(v), formatTick(v)]);
      else ticks = linearTicks(lo, hi, count).map((v) => [v, formatTick(v)]);
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
    svgEl('text', { class: 'tl-xy-title', x: W / 2, y: H + 34, 'text-anchor': 'middle', text: opts.x + suffix(ex) }, g);
    svgEl('text', { class: 'tl-xy-title', transform: `translate(${-M.left + 12} ${H / 2}) rotate(-90)`, 'text-anchor': 'middle', text: opts.y + suffix(ey) }, g);
  }

  const paintCount = () => {
    const n = table.length;
    let sel = 0;
    cloud.selection.forEach((i) => void (i < n && sel++));
    const f = (v: number) => v.toLocaleString('en-US');
    countEl.textContent = `${f(n)} points · ${f(sel)} selected` + (skipped ? ` · ${f(skipped)} without a position` : '');
    root.setAttribute('aria-label', `${opts.title || `${opts.y} against ${opts.x}`}: scatter plot of ${f(n - skipped)} points`);
  };

  // ---- changes ----
  const apply = (partial: Partial<XYPlotOptions>, fromPicker: boolean) => {
    const next = { ...opts, ...partial } as Opts;
    const dataChanged = 'data' in partial && partial.data !== opts.data;
    const t = read(next, dataChanged);
    const was = { x: opts.x, y: opts.y, colorBy: opts.colorBy };
    opts = next;
    table = t;
    offered = opts.columns ?? table.names;
    const axesChanged = dataChanged || ['x', 'y', 'xScale', 'yScale'].some((k) => k in partial);
    if (axesChanged) encode();
    const upd: Partial<PointCloudOptions> = {};
    if (axesChanged) Object.assign(upd, positions());
    if (dataChanged || 'colorBy' in partial) Object.assign(upd, colorOptions());
    if (dataChanged) upd.metadata = table;
    if (dataChanged || 'colorBy' in partial || 'x' in partial || 'y' in partial) upd.tooltipFields = tooltipFields();
    for (const k of ['tool', 'colorScheme', 'hideUnselected', 'transition'] as const) if (k in partial) (upd as Record<string, unknown>)[k] = opts[k];
    if (dataChanged || 'size' in partial) upd.size = pointSize();
    if ('selection' in partial) upd.selection = opts.selection;
    if ('title' in partial || 'x' in partial || 'y' in partial) upd.title = opts.title || `${opts.y} against ${opts.x}`;
    cloud.update(upd);
    if ('selection' in partial) {
      offSel();
      offSel = cloud.selection.on('change', () => paintCount());
    }
    if (axesChanged) cloud.resetView();
    fillPickers();
    paintCount();
    layout();
    if (was.x != opts.x || was.y != opts.y || was.colorBy != opts.colorBy) emitter.emit('change', { x: opts.x, y: opts.y, colorBy: opts.colorBy });
    if (!fromPicker) lc.schedule();
    else lc.schedule().catch(() => {});
  };
  const layout = () => {
    root.style.height = opts.height == null ? '100%' : opts.height + 'px';
  };
  lc.listen(selX, 'change', () => apply({ x: selX.value }, true));
  lc.listen(selY, 'change', () => apply({ y: selY.value }, true));
  lc.listen(selC, 'change', () => apply({ colorBy: selC.value || null }, true));
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
      if (!partial || typeof partial != 'object') throw fail('type', 'options', 'a partial options object', partial);
      checkOptions(partial);
      apply(partial, false);
    },
    on: (type, fn) => emitter.on(type, fn),
    whenRendered: () => lc.whenRendered(),
    destroy: () => lc.destroy(),
    get count() {
      return table.length;
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
    toPNG: (scale) => cloud.toPNG(scale),
    get listenerCount() {
      return emitter.listenerCount;
    },
  };
  return handle;
}
