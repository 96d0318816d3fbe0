import { Emitter, Lifecycle, TensorLensError, createLegend, describe, onThemeChange } from '@tensorlens/core';
import type { ComponentHandle, LegendHandle, LegendOptions, Selection, Unsubscribe } from '@tensorlens/core';
import { select } from 'd3-selection';
import type { Selection as D3Selection } from 'd3-selection';
import { scaleLinear } from 'd3-scale';
import { checkWeights, encodeLabels, isTensorInput, readLabels, readLabelsSync, readWeights, readWeightsSync } from './input';
import type { RawLabels } from './input';
import { cellExamples, countConfusion } from './counts';
import type { ConfusionCounts } from './counts';
import { computeStats, statsFromMatrix } from './stats';
import type { ConfusionStats } from './stats';
import { fmtCount, fmtPct, fmtRatio, foldMatrix, layoutClasses, maxAbs, normalizeMatrix, topConfusions } from './view';
import type { ClassLayout, Normalize } from './view';
import { colorLut } from './colors';
import type { ColorLut } from './colors';
import { htmlEl, svgEl } from './dom';
import { buildSvgCells, paintSvgCells } from './render-svg';
import type { SvgCells } from './render-svg';
import { drawCells, paintCellImage } from './render-canvas';
import { createZoom } from './zoom';
import type { Zoom, ZoomTransform } from './zoom';
import { injectConfusionStyles } from './styles';
import { exportPng, exportSvg } from './export';
import { confusionOptions, DATA_OPTIONS } from './options';
import type { ConfusionCompare, ConfusionMatrixOptions, MatrixInput } from './options';

export type { ConfusionCompare, ConfusionMatrixOptions, MatrixInput } from './options';

/** @deprecated Use `Selection` from `@tensorlens/core` (the `selection` option takes one). */
export type SelectionLike = Selection;

/** The payload of `select`: the clicked (or keyboard-selected) cell and the examples in it. */
export interface ConfusionSelectEvent {
  trueIndex: number;
  predIndex: number;
  trueClass: string;
  predClass: string;
  /** Number of examples (weighted sum when weights were given). */
  count: number;
  /** Example indices in the cell, ascending (empty for a matrix given without labels). */
  indices: Uint32Array;
}

/** Events of the confusion matrix. */
export interface ConfusionMatrixEvents {
  select: ConfusionSelectEvent;
  hover: { trueIndex: number; predIndex: number; value: number } | null;
  /** A state reached the screen; `classes` is the number of displayed classes. */
  render: { classes: number };
  /** Data read asynchronously (tensors) turned out invalid; the chart shows the message as an alert. */
  error: { error: TensorLensError | Error; message: string };
}

/** What {@link createConfusionMatrix} returns. */
export interface ConfusionMatrixHandle extends ComponentHandle<ConfusionMatrixOptions, ConfusionMatrixEvents> {
  /** Statistics over all classes (before top-k folding); null before data is read. */
  stats(): ConfusionStats | null;
  /** The current view as a standalone SVG document. */
  toSVG(): string;
  /** The current view as a PNG (scale defaults to devicePixelRatio). */
  toPNG(scale?: number): Promise<Blob>;
  /** Back to the whole matrix (zoom 1). (Was `resetZoom`.) */
  resetView(): void;
  /** The current zoom: plot pixel = offset + k · unzoomed pixel. */
  zoomTransform(): ZoomTransform;
  /** Sets the zoom (clamped so the cells cover the plot, k from 1 to max(8, 40 px per cell)). */
  zoomTo(t: Partial<ZoomTransform>): void;
  /** Listeners registered through `on` (for leak checks). */
  readonly listenerCount: number;
}

/** The options with their defaults applied (every option but the data ones has a default). */
type DataKey = 'yTrue' | 'yPred' | 'matrix' | 'classes' | 'sampleWeight';
type Opts = Required<Omit<ConfusionMatrixOptions, DataKey>> & Pick<ConfusionMatrixOptions, DataKey>;

const NORM_TEXT: Record<Normalize, string> = { none: 'count', true: '% of true class', pred: '% of predicted class', all: '% of all examples' };
const TABLE_MAX = 50;

interface DataState {
  counts: ConfusionCounts | null;
  stats: ConfusionStats;
}

let uid = 0;

function matrixArray(m: MatrixInput): ArrayLike<number> | number[][] {
  if (Array.isArray(m)) return m;
  if (m && typeof m === 'object' && m.data && Array.isArray(m.shape)) {
    const [r, c] = m.shape;
    if (m.shape.length !== 2 || r !== c || m.data.length !== r * c) throw new TensorLensError('shape', 'matrix', 'shape [C, C] with C×C values', `[${m.shape.join(', ')}] with ${m.data.length} values`);
    return m.data;
  }
  throw new TensorLensError('type', 'matrix', 'number[][] or { data, shape: [C, C] }', describe(m));
}

function hasTensors(o: Opts): boolean {
  const c = o.compare;
  return [o.yTrue, o.yPred, o.sampleWeight, c?.yTrue, c?.yPred, c?.sampleWeight].some(isTensorInput);
}

/** Counts and statistics from raw labels or a matrix (the only O(N) step). */
function buildData(o: { matrix?: MatrixInput; classes?: string[] }, t: RawLabels | null, p: RawLabels | null, w: ArrayLike<number> | undefined, name: string, modelA?: string[]): DataState {
  if (o.matrix != null) {
    const stats = statsFromMatrix(matrixArray(o.matrix), o.classes);
    // model B's matrix takes model A's class names when it has as many classes (buildCompare checks the count)
    if (modelA && stats.size === modelA.length) return { counts: null, stats: { ...stats, classes: modelA, perClass: stats.perClass.map((c, i) => ({ ...c, name: modelA[i] })) } };
    return { counts: null, stats };
  }
  if (!t || !p) throw new TensorLensError('type', t ? `${name}yPred` : `${name}yTrue`, 'labels (or a matrix)', 'undefined');
  const enc = encodeLabels(t, p, modelA ?? o.classes, name);
  const counts = countConfusion(enc.yTrue, enc.yPred, enc.classes.length, w && checkWeights(w, enc.yTrue.length));
  return { counts, stats: computeStats(counts.matrix, enc.classes.length, enc.classes) };
}

/** Model B's counts: its labels (yTrue defaults to A's) or matrix, with A's classes; it must have A's class count. */
function buildCompare(c: ConfusionCompare, a: DataState, t: RawLabels | null, p: RawLabels | null, w: ArrayLike<number> | undefined): DataState {
  const classes = a.stats.classes;
  const b = buildData({ matrix: c.matrix }, t, p, w, 'compare.', classes);
  if (b.stats.size !== a.stats.size) throw new TensorLensError('shape', 'compare', `${a.stats.size} classes (as model A)`, `${b.stats.size}`);
  return b;
}

/**
 * Reads and counts the data options (and model B's) without touching any component state: in-memory data is
 * read, checked and counted now (a bad value throws), tensors are read asynchronously (`pending`).
 */
function deriveData(o: Opts): DerivedData {
  const c = o.compare;
  if (!hasTensors(o)) {
    const labels = (x: unknown, name: string) => (x == null ? null : readLabelsSync(x, name));
    const a = buildData(o, labels(o.yTrue, 'yTrue'), labels(o.yPred, 'yPred'), readWeightsSync(o.sampleWeight), '');
    const b = c ? buildCompare(c, a, labels(c.yTrue ?? o.yTrue, 'compare.yTrue'), labels(c.yPred, 'compare.yPred'), readWeightsSync(c.sampleWeight ?? o.sampleWeight)) : null;
    return { data: a, other: b, pending: null };
  }
  const pending = (async (): Promise<[DataState, DataState | null]> => {
    const labels = (x: unknown, name: string) => (x == null ? null : readLabels(x, name));
    const [t, p, w] = await Promise.all([labels(o.yTrue, 'yTrue'), labels(o.yPred, 'yPred'), readWeights(o.sampleWeight)]);
    const a = buildData(o, t, p, w, '');
    if (!c) return [a, null];
    const [bt, bp, bw] = await Promise.all([labels(c.yTrue ?? o.yTrue, 'compare.yTrue'), labels(c.yPred, 'compare.yPred'), readWeights(c.sampleWeight ?? o.sampleWeight)]);
    return [a, buildCompare(c, a, bt, bp, bw)];
  })();
  pending.catch(() => {});
  return { data: null, other: null, pending };
}

/** Vertical padding of an element (clientHeight includes it). */
function padY(e: HTMLElement): number {
  const cs = e.ownerDocument.defaultView?.getComputedStyle(e);
  return (parseFloat(cs?.paddingTop ?? '') || 0) + (parseFloat(cs?.paddingBottom ?? '') || 0);
}

function signed(s: string, v: number): string {
  return v > 0 ? `+${s}` : s;
}

/** Data derived from the data options, computed before any state changes (so a throw changes nothing). */
interface DerivedData {
  /** Model A, or null while tensors are read. */
  data: DataState | null;
  /** Model B (compare), or null. */
  other: DataState | null;
  /** The reading of tensor data, when there is some: resolves to [A, B]. */
  pending: Promise<[DataState, DataState | null]> | null;
}

/** A text of the SVG's fixed layer (title, summary, axis names, margin headers), joined by `key`. */
interface FixedText {
  key: string;
  text: string;
  className: string;
  x?: number;
  y?: number;
  anchor?: 'start' | 'middle' | 'end';
  transform?: string;
  bold?: boolean;
}

/** One margin figure (support, precision, recall, F1) of displayed row `row`. */
interface MarginText {
  row: number;
  column: number;
  text: string;
}

/** Width of one margin column (support, precision, recall, F1). */
const MARGIN_COLUMN = 44;

/**
 * A confusion matrix of a classifier: labels, probabilities or a precomputed matrix in; SVG cells
 * for small class counts, a canvas above `canvasThreshold`; margins, most-confused pairs,
 * legend, zoom, keyboard navigation, a data-table fallback and SVG/PNG export.
 */
export function createConfusionMatrix(container: HTMLElement, options: ConfusionMatrixOptions): ConfusionMatrixHandle {
  if (!container || typeof (container as HTMLElement).appendChild !== 'function') {
    throw new TensorLensError('type', 'container', 'an HTMLElement', describe(container));
  }
  let opts = confusionOptions.resolve(options) as Opts;
  const first = deriveData(opts); // synchronous validation of in-memory data, before any DOM is made
  const doc = container.ownerDocument;
  const id = `tl-cm-${++uid}`;
  const emitter = new Emitter<ConfusionMatrixEvents>();
  const life = new Lifecycle(render);
  let data: DataState | null = null;
  let other: DataState | null = null; // model B
  let loading: Promise<void> | null = null;
  let current: object | null = null; // the latest data read
  let layout: ClassLayout | null = null;
  let topPairs: Array<[number, number, number]> = [];
  let otherFolded: ClassLayout['stats'] | null = null;
  let values: Float64Array | null = null;
  let baseValues: Float64Array | null = null;
  let normBuffer: Float64Array | null = null;
  let lut: ColorLut | null = null;
  let cellImage: HTMLCanvasElement | null = null;
  let svgCells: SvgCells | null = null;
  let marks: Uint8Array | null = null;
  let active: [number, number] = [0, 0];
  let hover: [number, number] | null = null;
  let geom = { W: 0, H: 0, x: 0, y: 0, side: 0, gutter: 0, marginsX: 0, marginsOn: false, top: 0 };
  let last: Promise<void> = Promise.resolve();
  let unsubSelection: Unsubscribe | null = null;
  const dirty = { layout: true, values: true, paint: true, dom: true };

  // ---- DOM skeleton: the SVG's layers are made once; renders update them ----
  injectConfusionStyles(container);
  const fixedHeight = container.clientHeight - padY(container) > 0;
  const root = htmlEl(doc, 'div', { class: 'tl-root tl-cm', role: 'figure' }, container);
  const svg = svgEl(doc, 'svg', { class: 'tl-cm-svg', role: 'group' }, root);
  const canvas = htmlEl(doc, 'canvas', { class: 'tl-cm-canvas', 'aria-hidden': 'true' });
  const legendBox = htmlEl(doc, 'div', { class: 'tl-cm-legend' }, root);
  let legend: LegendHandle | null = null;
  life.own(() => legend?.destroy());
  const reset = htmlEl(doc, 'button', { class: 'tl-cm-reset', type: 'button', hidden: '' }, root);
  reset.textContent = 'Reset zoom';
  const pairsBox = htmlEl(doc, 'div', { class: 'tl-cm-pairs-box' }, root);
  const table = htmlEl(doc, 'table', { class: 'tl-cm-table tl-visually-hidden' }, root);
  const live = htmlEl(doc, 'div', { class: 'tl-cm-live tl-visually-hidden', 'aria-live': 'polite' }, root);
  const tip = htmlEl(doc, 'div', { class: 'tl-tooltip', role: 'tooltip', id: `${id}-tip`, hidden: '' }, root);
  life.own(() => root.remove());
  // Many classes are painted on a canvas, over the theme's background: repaint when the theme's colours change.
  life.own(onThemeChange(root, () => void (useCanvas() && schedule())));
  const svgTitle = svgEl(doc, 'title', {}, svg);
  const clipRect = svgEl(doc, 'rect', {}, svgEl(doc, 'clipPath', { id: `${id}-clip` }, svgEl(doc, 'defs', {}, svg)));
  const gFixed = svgEl(doc, 'g', { class: 'tl-cm-fixed' }, svg);
  const plotHit = svgEl(doc, 'rect', { class: 'tl-cm-plot', fill: 'transparent' }, svg);
  const plot = svgEl(doc, 'g', { class: 'tl-cm-plot-area', 'clip-path': `url(#${id}-clip)` }, svg);
  const gCells = svgEl(doc, 'g', { class: 'tl-cm-cells' }, plot);
  const gOverlay = svgEl(doc, 'g', { class: 'tl-cm-overlay' }, plot);
  const gLabels = svgEl(doc, 'g', { class: 'tl-cm-labels' }, svg);

  const useCanvas = () => !!layout && layout.size > opts.canvasThreshold;
  const K = () => layout?.size ?? 0;

  const zoom: Zoom = createZoom(svg, life, {
    extent: () => [geom.x, geom.y, geom.side, geom.side],
    maxScale: () => Math.max(8, (K() * 40) / Math.max(1, geom.side)),
    onChange: () => {
      reset.hidden = zoom.transform.k === 1;
      drawView();
    },
    hover: (_p, e) => pointerMoved(e),
    leave: () => leave(),
  });
  life.listen(reset, 'click', () => zoom.reset());

  function setTheme() {
    if (opts.theme === 'auto') root.removeAttribute('data-theme');
    else root.setAttribute('data-theme', opts.theme);
  }
  setTheme();

  // ---- data ----
  /** Puts derived data in place (after everything that can throw has run). */
  function commitData(d: DerivedData): void {
    data = d.data;
    other = d.other;
    loading = null;
    current = null;
    const pending = d.pending;
    if (!pending) return;
    const ticket = {};
    current = ticket;
    const task = pending.then(([a, b]) => {
      if (current !== ticket) return;
      data = a;
      other = b;
      loading = null;
    });
    task.catch(() => {});
    loading = task;
  }

  function setSelection(s: Selection | null) {
    unsubSelection?.();
    unsubSelection = null;
    if (s) {
      unsubSelection = s.on('change', (e) => {
        if (e.source === handle) return;
        readSelection();
        drawView();
      });
    }
  }
  life.own(() => unsubSelection?.());

  /** Marks the displayed cells that hold selected examples. */
  function readSelection(): void {
    const s = opts.selection;
    const c = data?.counts;
    if (!s || !c || !layout) return void (marks = null);
    const k = layout.size;
    const d = layout.display;
    const m = new Uint8Array(k * k);
    const n = c.yTrue.length;
    let any = false;
    s.forEach((i) => {
      if (i < n) {
        m[d[c.yTrue[i]] * k + d[c.yPred[i]]] = 1;
        any = true;
      }
    });
    marks = any ? m : null;
  }

  // ---- rendering ----
  async function render(): Promise<void> {
    if (loading) {
      const task = loading;
      try {
        await task;
      } catch (e) {
        if (loading === task) loading = null;
        if (life.destroyed) return;
        showError(e);
        emitter.emit('error', { error: e as Error, message: e instanceof Error ? e.message : String(e) });
        throw e;
      }
      if (life.destroyed) return;
    }
    if (!data) return;
    root.querySelector('.tl-cm-error')?.remove();
    svg.removeAttribute('display');
    const s = data.stats;
    if (dirty.layout) {
      layout = layoutClasses(s.matrix, s.size, s.classes, opts.order, opts.topK, s);
      topPairs = topConfusions(layout.matrix, layout.size, Math.max(TABLE_MAX, opts.confusedPairs), layout.nonzero);
      otherFolded = other ? computeStats(foldMatrix(other.stats.matrix, s.size, layout.display, layout.size), layout.size, layout.names) : null;
      readSelection();
      dirty.layout = false;
      dirty.values = dirty.dom = true;
    }
    const L = layout!;
    if (dirty.values) {
      if (opts.normalize === 'none') baseValues = L.matrix; // counts as they are, no copy
      else baseValues = normBuffer = normalizeMatrix(L, opts.normalize, normBuffer?.length === L.size * L.size ? normBuffer : undefined, L.nonzero);
      if (otherFolded) {
        const b = normalizeMatrix({ matrix: otherFolded.matrix, size: L.size }, opts.normalize, undefined, null);
        for (let i = 0; i < b.length; i++) b[i] -= baseValues[i];
        values = b;
      } else values = baseValues;
      dirty.values = false;
      dirty.paint = true;
    }
    if (dirty.paint) {
      const m = maxAbs(values!, otherFolded ? null : L.nonzero);
      lut = otherFolded ? colorLut('rdbu', [-m || -1, m || 1]) : colorLut(opts.scheme, [0, opts.normalize === 'true' || opts.normalize === 'pred' ? 1 : m || 1]);
    }
    // the HTML parts below the SVG (legend, pairs) first: their height is taken from a fixed-height container
    if (dirty.paint || dirty.dom) buildLegend();
    if (dirty.dom) {
      buildPairs();
      buildTable();
    }
    const resized = measure();
    if (dirty.dom || resized) {
      buildStatic();
      dirty.dom = false;
      dirty.paint = true;
      zoom.set(zoom.transform);
    }
    if (dirty.paint) {
      if (useCanvas()) cellImage = paintCellImage(doc, cellImage, values!, L.size, lut!, otherFolded ? null : L.nonzero);
      else if (svgCells) paintSvgCells(svgCells, values!, lut!, cellText(), cellLabel);
      dirty.paint = false;
    }
    drawView();
    emitter.emit('render', { classes: L.size });
  }

  function showError(e: unknown) {
    svg.setAttribute('display', 'none');
    canvas.remove();
    let box = root.querySelector('.tl-cm-error');
    if (!box) box = htmlEl(doc, 'div', { class: 'tl-cm-error', role: 'alert' }, root);
    box.textContent = e instanceof Error ? e.message : String(e);
  }

  /**
   * Width and height for the SVG: the container's content box. The height is followed only when
   * the container had a height of its own before the chart was added (else width × 0.85), so an
   * auto-height container never feeds its content's height back into the chart.
   */
  function size(): [number, number] {
    const cs = doc.defaultView?.getComputedStyle(container);
    const px = (v: string | undefined) => parseFloat(v ?? '') || 0;
    const W = Math.max(200, container.clientWidth - px(cs?.paddingLeft) - px(cs?.paddingRight) || 640);
    let H = 0;
    if (fixedHeight) {
      const rest = root.offsetHeight - svg.getBoundingClientRect().height; // the pairs list
      H = container.clientHeight - padY(container) - Math.max(0, rest);
    }
    return [W, Math.max(200, H > 0 ? H : Math.min(800, Math.round(W * 0.85)))];
  }

  /** Reads the container size; true when it changed. */
  function measure(): boolean {
    const [W, H] = size();
    if (W === geom.W && H === geom.H) return false;
    geom.W = W;
    geom.H = H;
    return true;
  }

  function cellText(): ((i: number, j: number) => string) | null {
    const mode = opts.cellText === 'auto' ? (opts.normalize === 'none' ? 'count' : 'percent') : opts.cellText;
    if (mode === 'none') return null;
    const k = K();
    const v = values!;
    if (otherFolded) return mode === 'count' && opts.normalize === 'none' ? (i, j) => signed(fmtCount(v[i * k + j]), v[i * k + j]) : (i, j) => signed(fmtPct(v[i * k + j]), v[i * k + j]);
    if (mode === 'count') return (i, j) => fmtCount(layout!.matrix[i * k + j]);
    return (i, j) => fmtPct(opts.normalize === 'none' ? share(i, j) : v[i * k + j]);
  }

  /** Share of the cell in its row (when no normalisation is chosen, for labels). */
  function share(i: number, j: number): number {
    const L = layout!;
    const sup = L.stats.perClass[i].support;
    return sup > 0 ? L.matrix[i * L.size + j] / sup : 0;
  }

  function cellLabel(i: number, j: number): string {
    const L = layout!;
    const k = L.size;
    const n = L.matrix[i * k + j];
    const head = `true ${L.names[i]}, predicted ${L.names[j]}: `;
    if (otherFolded) {
      const d = values![i * k + j];
      const txt = opts.normalize === 'none' ? fmtCount(d) : fmtPct(d);
      return `${head}${compareLabel()} − A ${signed(txt, d)} (A ${fmtCount(n)}, ${compareLabel()} ${fmtCount(otherFolded.matrix[i * k + j])})`;
    }
    const pct = opts.normalize === 'none' ? share(i, j) : baseValues![i * k + j];
    return `${head}${fmtCount(n)} (${fmtPct(pct)})`;
  }

  const compareLabel = () => opts.compare?.label || 'B';

  function summaryText(): string {
    const s = data!.stats;
    const pct = (v: number | null) => (v == null ? '—' : fmtPct(v));
    const parts = [`${s.size} classes`, `${fmtCount(s.total)} examples`];
    if (other) {
      const b = other.stats;
      parts.unshift(`accuracy A ${pct(s.accuracy)} → ${compareLabel()} ${pct(b.accuracy)}`, `macro F1 ${fmtRatio(s.macroF1)} → ${fmtRatio(b.macroF1)}`);
    } else {
      parts.unshift(`Accuracy ${pct(s.accuracy)}`, `macro F1 ${fmtRatio(s.macroF1)}`, `weighted F1 ${fmtRatio(s.weightedF1)}`);
    }
    if (layout && layout.other >= 0) parts.push(`top ${layout.size - 1} shown, ${layout.members[layout.other].length} in "other"`);
    return parts.join(' · ');
  }

  function ariaSummary(): string {
    const s = data!.stats;
    const L = layout!;
    const top = L.other < 0 ? topPairs[0] : topConfusions(s.matrix, s.size, 1)[0];
    const name = (i: number) => (L.other < 0 ? L.names[i] : s.classes[i]);
    const worst = top ? ` Most confused: true ${name(top[0])} predicted as ${name(top[1])} (${fmtCount(top[2])}).` : '';
    return `${opts.title ? opts.title + '. ' : ''}Confusion matrix, ${summaryText()}.${worst}${L.other >= 0 ? ` Showing the ${L.size - 1} most frequent classes.` : ''}`;
  }


  /** Rebuilds everything that depends on size, layout and structural options. */
  function buildStatic(): void {
    const L = layout!;
    const k = L.size;
    const { W, H } = geom;
    const maxChars = Math.min(18, L.names.reduce((m, s) => Math.max(m, s.length), 1));
    const gutter = Math.max(36, Math.min(130, maxChars * 6.5 + 10));
    let marginsW = opts.margins ? 4 * MARGIN_COLUMN : 0;
    if (W - gutter - marginsW < 220) marginsW = 0;
    const top = 24 + (opts.title ? 18 : 0);
    const x = 18 + gutter;
    const y = Math.round(top + 18 + Math.min(100, gutter * 0.72 + 8));
    const side = Math.floor(Math.max(40, Math.min(W - x - marginsW - 8, H - y - 4)));
    geom = { ...geom, x, y, side, gutter, marginsX: x + side + 8, marginsOn: marginsW > 0, top };
    const height = Math.ceil(y + side + 4);
    svg.setAttribute('width', String(W));
    svg.setAttribute('height', String(height));
    svg.setAttribute('viewBox', `0 0 ${W} ${height}`);
    const summary = ariaSummary();
    root.setAttribute('aria-label', summary);
    svg.setAttribute('aria-label', summary);
    svgTitle.textContent = summary;

    // the fixed texts, one data join (title, summary, axis names, margin headers)
    const texts: FixedText[] = [];
    if (opts.title) texts.push({ key: 'title', text: opts.title, className: 'tl-cm-title', x: 0, y: 14, bold: true });
    texts.push(
      { key: 'summary', text: summaryText(), className: 'tl-cm-summary', x: 0, y: top - 8 },
      { key: 'true-axis', text: 'True class', className: 'tl-cm-muted', anchor: 'middle', transform: `translate(12 ${y + side / 2}) rotate(-90)` },
      { key: 'pred-axis', text: 'Predicted class', className: 'tl-cm-muted', anchor: 'middle', x: x + side / 2, y: top + 8 },
    );
    if (marginsW) {
      ['n', 'prec', 'rec', 'F1'].forEach((name, c) =>
        texts.push({ key: `margin-${c}`, text: other && c ? `Δ${name}` : name, className: 'tl-cm-muted', anchor: 'end', x: geom.marginsX + 40 + c * MARGIN_COLUMN, y: y - 6 }),
      );
    }
    select(gFixed)
      .selectAll<SVGTextElement, FixedText>('text')
      .data(texts, (d) => d.key)
      .join('text')
      .attr('class', (d) => d.className)
      .attr('x', (d) => d.x ?? null)
      .attr('y', (d) => d.y ?? null)
      .attr('text-anchor', (d) => d.anchor ?? null)
      .attr('transform', (d) => d.transform ?? null)
      .attr('font-weight', (d) => (d.bold ? 'bold' : null))
      .text((d) => d.text);

    legendBox.style.marginLeft = `${x}px`; // under the plot
    clipRect.setAttribute('width', String(side));
    clipRect.setAttribute('height', String(side));
    plot.setAttribute('transform', `translate(${x} ${y})`);
    for (const [name, v] of [['x', x], ['y', y], ['width', side], ['height', side]] as const) plotHit.setAttribute(name, String(v));
    gCells.replaceChildren();
    svgCells = null;
    if (useCanvas()) {
      plotHit.setAttribute('tabindex', '0');
      plotHit.setAttribute('role', 'group');
      plotHit.setAttribute('aria-roledescription', 'matrix');
      plotHit.setAttribute('aria-label', `${k} by ${k} cells; arrow keys move, Enter selects, + and − zoom`);
      root.insertBefore(canvas, svg);
      canvas.style.left = `${x}px`;
      canvas.style.top = `${y}px`;
    } else {
      for (const name of ['tabindex', 'role', 'aria-roledescription', 'aria-label']) plotHit.removeAttribute(name);
      canvas.remove();
      cellImage = null;
      svgCells = buildSvgCells(doc, gCells, k, side / k, `Confusion matrix cells, ${k} by ${k}`);
      const [ai, aj] = active;
      if (ai < k && aj < k) {
        svgCells.rects[0].setAttribute('tabindex', '-1');
        svgCells.rects[ai * k + aj].setAttribute('tabindex', '0');
      }
    }
  }

  /**
   * The legend (core's createLegend): a ramp of the cell values in the current normalisation — counts from 0 to
   * the largest cell, or 0 to 100 % for 'true'/'pred' — or, when comparing, a diverging ramp of B − A centred at 0.
   */
  function buildLegend(): void {
    if (!opts.legend || !lut) {
      legend?.destroy();
      legend = null;
      legendBox.hidden = true;
      return;
    }
    legendBox.hidden = false;
    const percent = opts.normalize !== 'none';
    const options: LegendOptions = {
      type: otherFolded ? 'diverging' : 'continuous',
      title: otherFolded ? `${compareLabel()} − A (${NORM_TEXT[opts.normalize]})` : NORM_TEXT[opts.normalize],
      domain: [lut.domain[0], lut.domain[1]],
      scheme: otherFolded ? 'rdbu' : opts.scheme,
      center: 0,
      orientation: 'horizontal',
      length: 200,
      format: (v: number) => (percent ? fmtPct(v) : fmtCount(v)),
      // counts: at most one tick per whole count (no "0.2" on a 0–1 count ramp)
      // and fewer ticks on a diverging ramp, whose labels carry signs and would touch
      ticks: Math.min(otherFolded ? 4 : 5, percent ? 5 : Math.max(1, Math.floor(Math.max(Math.abs(lut.domain[0]), lut.domain[1])))),
      theme: opts.theme,
    };
    if (legend) legend.update(options);
    else legend = createLegend(legendBox, options);
  }

  function buildPairs(): void {
    pairsBox.replaceChildren();
    const n = opts.confusedPairs;
    const L = layout!;
    if (!n) return;
    const pairs = n <= topPairs.length ? topPairs.slice(0, n) : topConfusions(L.matrix, L.size, n);
    const h = htmlEl(doc, 'div', { class: 'tl-cm-pairs-title' }, pairsBox);
    h.textContent = pairs.length ? `Most confused pairs (true → predicted)` : 'No confusions';
    const ol = htmlEl(doc, 'ol', { class: 'tl-cm-pairs' }, pairsBox);
    for (const [i, j, c] of pairs) {
      const li = htmlEl(doc, 'li', {}, ol);
      const b = htmlEl(doc, 'button', { type: 'button', 'data-i': i, 'data-j': j }, li);
      b.textContent = `${L.names[i]} → ${L.names[j]}: ${fmtCount(c)} (${fmtPct(share(i, j))} of ${L.names[i]})`;
    }
  }

  function buildTable(): void {
    const L = layout!;
    const k = L.size;
    table.replaceChildren();
    const cap = htmlEl(doc, 'caption', {}, table);
    const head = htmlEl(doc, 'tr', {}, htmlEl(doc, 'thead', {}, table));
    const body = htmlEl(doc, 'tbody', {}, table);
    const th = (t: string, p: Element, scope: string) => (htmlEl(doc, 'th', { scope }, p).textContent = t);
    const td = (t: string, p: Element) => (htmlEl(doc, 'td', {}, p).textContent = t);
    if (k <= TABLE_MAX) {
      cap.textContent = `Confusion matrix: rows are true classes, columns predicted classes (counts), then support, precision, recall and F1.`;
      th('true \\ predicted', head, 'col');
      L.names.forEach((n) => th(n, head, 'col'));
      ['support', 'precision', 'recall', 'F1'].forEach((n) => th(n, head, 'col'));
      for (let i = 0; i < k; i++) {
        const tr = htmlEl(doc, 'tr', {}, body);
        th(L.names[i], tr, 'row');
        for (let j = 0; j < k; j++) td(fmtCount(L.matrix[i * k + j]), tr);
        const p = L.stats.perClass[i];
        [fmtCount(p.support), fmtRatio(p.precision), fmtRatio(p.recall), fmtRatio(p.f1)].forEach((t) => td(t, tr));
      }
    } else {
      const pairs = topPairs.slice(0, TABLE_MAX);
      cap.textContent = `Only the ${pairs.length} most confused pairs of ${k} classes are listed (the full ${k}×${k} matrix is too large for a table).`;
      ['true class', 'predicted class', 'count', '% of true class'].forEach((n) => th(n, head, 'col'));
      for (const [i, j, c] of pairs) {
        const tr = htmlEl(doc, 'tr', {}, body);
        th(L.names[i], tr, 'row');
        [L.names[j], fmtCount(c), fmtPct(share(i, j))].forEach((t) => td(t, tr));
      }
    }
  }

  /** Displayed class index → pixel of the SVG, along rows (`axis` 'y') or columns ('x'), at the current zoom. */
  function cellScale(axis: 'x' | 'y') {
    const t = zoom.transform;
    const start = axis === 'x' ? geom.x + t.x : geom.y + t.y;
    return scaleLinear().domain([0, K()]).range([start, start + geom.side * t.k]);
  }

  /** Everything that moves with zoom: cells transform or canvas, thinned labels, margins, highlights. */
  function drawView(): void {
    if (!layout || !values || root.querySelector('.tl-cm-error')) return;
    const L = layout;
    const k = L.size;
    const t = zoom.transform;
    const { x, y, side } = geom;
    const cell = (side / k) * t.k;
    if (useCanvas()) {
      if (cellImage) {
        const bg = getComputedStyle(root).getPropertyValue('--c-bg').trim() || '#fff';
        drawCells(canvas, cellImage, { side, dpr: globalThis.devicePixelRatio || 1, t, K: k, background: bg, text: cellText(), values, lut: lut! });
      }
    } else {
      gCells.setAttribute('transform', `translate(${t.x} ${t.y}) scale(${t.k})`);
    }
    // labels: every `step`-th visible row/column so that texts never overlap; more appear when zoomed in
    const rowAt = cellScale('y');
    const columnAt = cellScale('x');
    const step = Math.max(1, Math.ceil(12 / cell));
    const cstep = Math.max(1, Math.ceil(14 / cell));
    const i0 = Math.max(0, Math.floor(rowAt.invert(y)));
    const i1 = Math.min(k - 1, Math.floor(rowAt.invert(y + side) - 1e-9));
    const j0 = Math.max(0, Math.floor(columnAt.invert(x)));
    const j1 = Math.min(k - 1, Math.floor(columnAt.invert(x + side) - 1e-9));
    const rows: number[] = [];
    for (let i = Math.ceil(i0 / step) * step; i <= i1; i += step) rows.push(i);
    const columns: number[] = [];
    for (let j = Math.ceil(j0 / cstep) * cstep; j <= j1; j += cstep) columns.push(j);
    const maxChars = Math.max(3, Math.floor((geom.gutter - 6) / 6.5));
    const clip = (s: string) => (s.length > maxChars ? s.slice(0, maxChars - 1) + '…' : s);
    const fontSize = Math.min(11, Math.max(8, cell * 0.8));
    const labels = select(gLabels);
    joinTexts(labels, 'tl-cm-row-label', rows, (i) => i)
      .attr('x', x - 4)
      .attr('y', (i) => rowAt(i + 0.5))
      .attr('text-anchor', 'end')
      .attr('dominant-baseline', 'central')
      .attr('font-size', fontSize)
      .text((i) => clip(L.names[i]));
    const margins: MarginText[] = [];
    if (geom.marginsOn) for (const i of rows) marginTexts(i).forEach((text, column) => margins.push({ row: i, column, text }));
    joinTexts(labels, 'tl-cm-margin', margins, (d) => `${d.row}:${d.column}`)
      .attr('x', (d) => geom.marginsX + 40 + d.column * MARGIN_COLUMN)
      .attr('y', (d) => rowAt(d.row + 0.5))
      .attr('text-anchor', 'end')
      .attr('dominant-baseline', 'central')
      .attr('font-size', fontSize)
      .text((d) => d.text);
    joinTexts(labels, 'tl-cm-col-label', columns, (j) => j)
      .attr('x', (j) => columnAt(j + 0.5))
      .attr('y', y - 6)
      .attr('transform', (j) => `rotate(-45 ${columnAt(j + 0.5)} ${y - 6})`)
      .attr('font-size', fontSize)
      .text((j) => clip(L.names[j]));
    // overlay: selection highlights and the active cell of the canvas
    gOverlay.replaceChildren();
    const rect = (i: number, j: number, cls: string) => svgEl(doc, 'rect', { class: cls, x: t.x + j * cell, y: t.y + i * cell, width: cell, height: cell }, gOverlay);
    if (marks) {
      let n = 0;
      for (let i = i0; i <= i1 && n < 2000; i++) {
        for (let j = j0; j <= j1 && n < 2000; j++) {
          if (marks[i * k + j]) {
            rect(i, j, 'tl-cm-hl');
            n++;
          }
        }
      }
    }
    if (useCanvas() && doc.activeElement === plotHit) rect(active[0], active[1], 'tl-cm-focus');
  }

  /** The margin figures of displayed row i: support, precision, recall, F1 (their changes B − A when comparing). */
  function marginTexts(i: number): string[] {
    const p = layout!.stats.perClass[i];
    if (!otherFolded) return [fmtCount(p.support), fmtRatio(p.precision), fmtRatio(p.recall), fmtRatio(p.f1)];
    const b = otherFolded.perClass[i];
    const change = (u: number | null, v: number | null) => (u == null || v == null ? '—' : signed((v - u).toFixed(2), v - u));
    return [fmtCount(p.support), change(p.precision, b.precision), change(p.recall, b.recall), change(p.f1, b.f1)];
  }

  // ---- interaction ----
  /** The displayed cell under a pointer event, or null outside the cells. */
  function cellAt(e: MouseEvent): [number, number] | null {
    if (!layout) return null;
    const r = svg.getBoundingClientRect();
    const px = e.clientX - r.left;
    const py = e.clientY - r.top;
    if (px < geom.x || py < geom.y || px >= geom.x + geom.side || py >= geom.y + geom.side) return null;
    const i = Math.floor(cellScale('y').invert(py));
    const j = Math.floor(cellScale('x').invert(px));
    return i >= 0 && j >= 0 && i < layout.size && j < layout.size ? [i, j] : null;
  }

  function tooltipRows(i: number, j: number): string {
    const L = layout!;
    const k = L.size;
    const lines = [`true: ${L.names[i]}`, `predicted: ${L.names[j]}`, `count: ${fmtCount(L.matrix[i * k + j])}`];
    if (otherFolded) {
      const d = values![i * k + j];
      lines.push(`${compareLabel()}: ${fmtCount(otherFolded.matrix[i * k + j])}`, `${compareLabel()} − A: ${signed(opts.normalize === 'none' ? fmtCount(d) : fmtPct(d), d)}`);
    } else if (opts.normalize !== 'none') lines.push(`${fmtPct(values![i * k + j])} ${NORM_TEXT[opts.normalize].slice(2)}`);
    else lines.push(`${fmtPct(share(i, j))} of true class`);
    return lines.join('\n');
  }

  function showTip(i: number, j: number, px: number, py: number) {
    tip.textContent = tooltipRows(i, j);
    tip.hidden = false;
    const left = Math.min(px + 12, geom.W - 160);
    tip.style.left = `${Math.max(0, left)}px`;
    tip.style.top = `${py + 12}px`;
  }

  /** The pointer moved over the SVG with no button pressed: tooltip and `hover` event. */
  function pointerMoved(e: MouseEvent): void {
    const c = cellAt(e);
    if (!c) return leave();
    if (opts.tooltip) {
      const r = root.getBoundingClientRect();
      showTip(c[0], c[1], e.clientX - r.left, e.clientY - r.top);
    }
    if (!hover || hover[0] !== c[0] || hover[1] !== c[1]) {
      hover = c;
      emitter.emit('hover', { trueIndex: c[0], predIndex: c[1], value: values![c[0] * K() + c[1]] });
    }
  }
  function leave(): void {
    tip.hidden = true;
    if (hover) {
      hover = null;
      emitter.emit('hover', null);
    }
  }
  life.listen(svg, 'click', ((e: MouseEvent) => {
    if (zoom.dragged()) return;
    const c = cellAt(e);
    if (c) {
      focusCell(c[0], c[1], false);
      selectCell(c[0], c[1]);
    }
  }) as EventListener);
  life.listen(pairsBox, 'click', ((e: MouseEvent) => {
    const b = (e.target as Element).closest?.('button[data-i]');
    if (b) selectCell(+b.getAttribute('data-i')!, +b.getAttribute('data-j')!);
  }) as EventListener);

  /** Example indices behind displayed cell (i, j) (all member cells for "other"). */
  function indicesOf(i: number, j: number): Uint32Array {
    const c = data?.counts;
    if (!c || !layout) return new Uint32Array(0);
    const mi = layout.members[i];
    const mj = layout.members[j];
    if (mi.length === 1 && mj.length === 1) return cellExamples(c, mi[0], mj[0]).slice();
    const parts: Uint32Array[] = [];
    let n = 0;
    for (const a of mi) for (const b of mj) {
      const p = cellExamples(c, a, b);
      if (p.length) {
        parts.push(p);
        n += p.length;
      }
    }
    const out = new Uint32Array(n);
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out.sort();
  }

  function selectCell(i: number, j: number): void {
    const L = layout!;
    const indices = indicesOf(i, j);
    const s = opts.selection;
    if (s) s.set(indices, handle);
    const m = new Uint8Array(L.size * L.size);
    m[i * L.size + j] = 1;
    marks = s ? m : null;
    drawView();
    emitter.emit('select', { trueIndex: i, predIndex: j, trueClass: L.names[i], predClass: L.names[j], count: L.matrix[i * L.size + j], indices });
  }

  function focusCell(i: number, j: number, move = true): void {
    const k = K();
    if (!k) return;
    i = Math.max(0, Math.min(k - 1, i));
    j = Math.max(0, Math.min(k - 1, j));
    active = [i, j];
    // keep the cell in view when zoomed
    const t = zoom.transform;
    const cell = (geom.side / k) * t.k;
    let { x: tx, y: ty } = t;
    if (t.x + j * cell < 0) tx = -j * cell;
    if (t.x + (j + 1) * cell > geom.side) tx = geom.side - (j + 1) * cell;
    if (t.y + i * cell < 0) ty = -i * cell;
    if (t.y + (i + 1) * cell > geom.side) ty = geom.side - (i + 1) * cell;
    if (tx !== t.x || ty !== t.y) zoom.set({ k: t.k, x: tx, y: ty });
    if (svgCells) {
      for (const r of svgCells.rects) if (r.getAttribute('tabindex') === '0') r.setAttribute('tabindex', '-1');
      const r = svgCells.rects[i * k + j];
      r.setAttribute('tabindex', '0');
      if (move) r.focus();
    } else {
      live.textContent = cellLabel(i, j);
      if (move && doc.activeElement !== plotHit) plotHit.focus();
      drawView();
    }
  }

  life.listen(svg, 'keydown', ((e: KeyboardEvent) => {
    const target = e.target as Element;
    if (!layout || !(target.classList?.contains('tl-cm-cell') || target === plotHit)) return;
    const k = layout.size;
    let [i, j] = active;
    switch (e.key) {
      case 'ArrowUp': i--; break;
      case 'ArrowDown': i++; break;
      case 'ArrowLeft': j--; break;
      case 'ArrowRight': j++; break;
      case 'PageUp': i -= 10; break;
      case 'PageDown': i += 10; break;
      case 'Home': j = 0; if (e.ctrlKey) i = 0; break;
      case 'End': j = k - 1; if (e.ctrlKey) i = k - 1; break;
      case 'Enter':
      case ' ':
        e.preventDefault();
        selectCell(i, j);
        return;
      case '+':
      case '=':
        zoomAtActive(2);
        break;
      case '-':
        zoomAtActive(0.5);
        break;
      case '0':
        zoom.reset();
        break;
      case 'Escape':
        opts.selection?.clear(handle);
        marks = null;
        drawView();
        break;
      default:
        return;
    }
    e.preventDefault();
    focusCell(i, j);
  }) as EventListener);
  life.listen(svg, 'focusin', () => {
    if (useCanvas()) {
      live.textContent = cellLabel(active[0], active[1]);
      drawView();
    }
  });
  life.listen(svg, 'focusout', () => useCanvas() && drawView());

  function zoomAtActive(f: number) {
    const t = zoom.transform;
    const cell = (geom.side / K()) * t.k;
    zoom.scaleBy(f, t.x + (active[1] + 0.5) * cell, t.y + (active[0] + 0.5) * cell);
  }

  // ---- size ----
  if (typeof ResizeObserver === 'function') {
    const ro = new ResizeObserver(() => {
      if (!life.destroyed && measureChanged()) schedule();
    });
    ro.observe(container);
    life.own(() => ro.disconnect());
  } else {
    life.listen(doc.defaultView ?? globalThis, 'resize', () => measureChanged() && schedule());
  }
  function measureChanged(): boolean {
    const [W, H] = size();
    return W !== geom.W || H !== geom.H;
  }

  function schedule(): Promise<void> {
    last = life.schedule();
    return last;
  }


  // ---- handle ----
  const handle: ConfusionMatrixHandle = {
    element: root,
    update(partial) {
      life.assertAlive();
      // everything that can throw runs first: option checks, then reading and counting new data
      const { options: merged, changed, invalidated } = confusionOptions.merge(opts, partial);
      const next = merged as Opts;
      const dataChanged = DATA_OPTIONS.some((key) => changed.has(key));
      const derived = dataChanged ? deriveData(next) : null;
      // nothing below throws
      opts = next;
      if (!changed.size) return;
      if (derived) commitData(derived);
      if (dataChanged || changed.has('order') || changed.has('topK')) dirty.layout = true;
      if (changed.has('normalize')) dirty.values = true;
      if (invalidated.has('layout')) dirty.dom = true;
      if (invalidated.has('paint')) dirty.paint = true;
      if (changed.has('theme')) setTheme();
      if (changed.has('tooltip') && !opts.tooltip) tip.hidden = true;
      if (changed.has('selection')) {
        setSelection(opts.selection);
        readSelection();
      }
      if (invalidated.size) schedule();
    },
    on(type, listener) {
      return emitter.on(type, listener);
    },
    whenRendered() {
      return last;
    },
    destroy() {
      if (life.destroyed) return;
      loading = current = null;
      life.destroy();
      emitter.clear();
      data = other = layout = null;
      values = baseValues = normBuffer = null;
      svgCells = null;
      cellImage = null;
    },
    stats: () => data?.stats ?? null,
    toSVG() {
      life.assertAlive();
      return exportSvg(root, svg, useCanvas() ? canvas : null, geom);
    },
    toPNG(scale) {
      life.assertAlive();
      return exportPng(root, svg, useCanvas() ? canvas : null, geom, scale ?? (globalThis.devicePixelRatio || 1));
    },
    resetView() {
      zoom.reset();
    },
    zoomTransform: () => ({ ...zoom.transform }),
    zoomTo(t) {
      zoom.set({ ...zoom.transform, ...t });
    },
    get listenerCount() {
      return emitter.listenerCount;
    },
  };

  commitData(first);
  setSelection(opts.selection);
  schedule();
  return handle;
}

/** Data join of the texts of class `className` in `parent`, one per datum (keyed), in the data's order. */
function joinTexts<D>(parent: D3Selection<SVGGElement, unknown, null, undefined>, className: string, data: D[], key: (d: D) => string | number) {
  return parent
    .selectAll<SVGTextElement, D>(`text.${className}`)
    .data(data, key)
    .join('text')
    .attr('class', className);
}
