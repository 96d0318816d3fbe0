// createEmbeddingProjector: a point cloud of an [N, D] embedding projected by PCA, UMAP, t-SNE (in a worker, with
// progress, streamed layouts, pause/resume and cancel) or custom axes from searches, with a projection picker, a
// "Parameters" panel per method, spherize, isolate selection, colour-by, search, the nearest neighbours of the
// selected point listed with their distances, and the view as JSON (getState/setState). Every control is DOM text.
import { Emitter, Lifecycle, createSelection, el, fail, hasColumn, injectTheme, isTensorLike, resolveChannel, toNDArraySync, toTable } from '@tensorlens/core';
import type { ArrayInput, ChannelValue, Column, ColumnTable, Selection, TableInput, Unsubscribe } from '@tensorlens/core';
import { createNeighborIndex, createProjectionControl, project } from '@tensorlens/explain';
import type { NeighborIndex, NeighborResult, ProjectionControl, ProjectionProgress, ProjectionResult } from '@tensorlens/explain';
import { canCompileShaders, createPointCloud, isCssColor, type PointCloudHandle, type PointCloudOptions } from '@tensorlens/gl';
import { createParamsPanel, percent } from './controls';
import { SIDES, customMatches, customProjectionSteps, readRows, sliced, type Side } from './custom-projection';
import {
  METHOD_NAMES,
  formatDistance,
  projectorOptions,
  type EmbeddingProjectorEvents,
  type EmbeddingProjectorHandle,
  type EmbeddingProjectorOptions,
  type ProjectorMethod,
  type ProjectorResult,
  type ResolvedOptions,
} from './options';
import { PROJECTOR_STATE_VERSION, validateState, type ProjectorState } from './state';
import { injectProjectorStyles } from './styles';
import { attachProjectorBookmarks, type BookmarksController } from './bookmarks';
import { createConfiguredProjector } from './config-projector';

type Opts = ResolvedOptions;

const isAbort = (e: unknown) => (e as { name?: string })?.name === 'AbortError';

/** PCA computes this many components once; switching the drawn ones needs no new computation. */
const PCA_COMPONENTS = 10;

/** Components PCA keeps for an embedding with `d` columns drawn in `dims` (zero-padded axes when d < dims). */
const pcaComponents = (d: number, dims: number) => Math.max(Math.min(PCA_COMPONENTS, d), dims);

/** The components drawn: the given axes (as many as `dims`), completed by the lowest ones not used yet. */
function effectiveAxes(given: readonly number[] | undefined, dims: number): number[] {
  const axes = (given ?? []).slice(0, dims);
  for (let c = 0; axes.length < dims; c++) if (!axes.includes(c)) axes.push(c);
  return axes;
}

/** The rows of `isolate`, checked against N (a TensorLensError naming options.isolate[i]); null: all rows. */
function readIsolate(rows: ArrayLike<number> | null, n: number): Uint32Array | null {
  if (rows == null) return null;
  const out = new Uint32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    if (!(rows[i] < n)) throw fail('range', `options.isolate[${i}]`, `a row in [0, ${n - 1}]`, rows[i]);
    out[i] = rows[i];
  }
  return out;
}

/** The shape of the embedding, and the input explain's functions will read (validated here, synchronously). */
function readEmbedding(input: ArrayInput): { shape: [number, number]; matrix: ArrayInput } {
  const name = 'options.embedding';
  if (input == null) throw fail('type', name, 'an [N, D] matrix (tensor, {data, shape} or nested arrays)', input);
  if (isTensorLike(input)) {
    if (input.shape.length !== 2) throw fail('shape', name, 'shape [N, D]', `shape [${input.shape}]`);
    if (input.dtype === 'string') throw fail('dtype', name, 'numbers', 'a string tensor');
    const [n, d] = input.shape;
    if (!(n >= 2 && d >= 1)) throw fail('shape', name, 'at least 2 rows and 1 column', `shape [${input.shape}]`);
    return { shape: [n, d], matrix: input };
  }
  const a = toNDArraySync(input, { name, rank: 2 });
  const [n, d] = a.shape;
  if (n < 2) throw fail('shape', name, 'at least 2 rows', `shape [${a.shape}]`);
  return { shape: [n, d], matrix: { data: a.data, shape: [n, d] } };
}

/** Reads `data` into a table with one row per vector (core's toTable). */
function readData(data: TableInput | null, n: number): ColumnTable | null {
  if (data == null) return null;
  const t = toTable(data, { name: 'options.data' });
  if (t.length !== n) throw fail('length', 'options.data', `${n} rows (one per vector)`, `${t.length}`);
  return t;
}

/** The label and colour channels against the table: label column and the colour given to the point cloud (checked). */
interface Channels {
  label: Column | null;
  /** A column name (the table's) when the label is one, for the point cloud's search. */
  labelName: string | null;
  color: ChannelValue | null;
}

function resolveChannels(o: Opts, table: ColumnTable | null, n: number): Channels {
  const labelGiven = o.label === undefined ? defaultLabelField(table) : o.label;
  const label = resolveChannel(labelGiven, table, 'options.label', n);
  const labelName = typeof labelGiven === 'string' ? labelGiven : null;
  const color = o.color === undefined ? defaultColorField(table, labelName) : o.color;
  // A colour name that is not a column must be a CSS colour; arrays must have one value a row.
  if (typeof color === 'string' && !hasColumn(table, color)) {
    if (!isCssColor(color)) throw fail('option', 'options.color', `${table ? `a column of data (${table.names.slice(0, 12).map((k) => `'${k}'`).join(', ')}), ` : ''}an array of values or a CSS colour`, color);
  } else if (color != null) resolveChannel(color, table, 'options.color', n);
  return { label, labelName, color };
}

/** The column naming points: a column called label/name/title, else the first text column, else the first. */
function defaultLabelField(t: ColumnTable | null): string | null {
  if (!t || !t.names.length) return null;
  return (
    t.names.find((k) => /^(label|labels|name|title|word|token)$/i.test(k)) ??
    t.names.find((k) => typeof t.columns[k][0] === 'string') ??
    t.names[0]
  );
}

/** Distinct values of a column, counted up to `max + 1`. */
function distinctCount(c: ArrayLike<unknown>, max: number): number {
  const seen = new Set<unknown>();
  for (let i = 0; i < c.length && seen.size <= max; i++) seen.add(c[i]);
  return seen.size;
}

/** Colour by the label column when it has at most 64 values, else the first such column (class-like names first), else none. */
function defaultColorField(t: ColumnTable | null, label: string | null): string | null {
  if (!t) return null;
  const few = (k: string) => distinctCount(t.columns[k], 64) <= 64 && (typeof t.columns[k][0] === 'string' || Array.prototype.every.call(t.columns[k], Number.isInteger));
  if (label && few(label)) return label;
  const order = [...t.names.filter((k) => /^(label|class|category|group|cluster|target|y)$/i.test(k)), ...t.names];
  return order.find(few) ?? null;
}

/** The point cloud's text and colour options for the channels (text and ≤ 64 integers are categories there too). */
function cloudChannels(o: Opts, table: ColumnTable | null, c: Channels): Partial<PointCloudOptions> {
  return { data: table, label: c.label, searchField: c.labelName, color: c.color, colorType: o.colorType, scheme: o.scheme, legend: o.legend, theme: o.theme };
}

/** Options the projector hands to its point cloud as they are. */
const PASSED = ['labels', 'sprite', 'spriteMinSize', 'spriteScale'] as const;
function passed(o: Opts): Partial<PointCloudOptions> {
  const out: Partial<PointCloudOptions> = {};
  for (const k of PASSED) (out as Record<string, unknown>)[k] = o[k];
  return out;
}

/**
 * Draws an `[N, D]` embedding as a point cloud laid out by PCA (default), UMAP or t-SNE, in 2D or 3D.
 * Projections run in a Web Worker with a progress bar and a Cancel button; UMAP and t-SNE stream their
 * layouts as they converge; when a method fits only a sample, a note says so. Selecting one point lists its
 * `k` nearest neighbours in the original space (cosine or euclidean), nearest first, and rings them in the cloud.
 */
export function createEmbeddingProjector(container: HTMLElement, options: EmbeddingProjectorOptions): EmbeddingProjectorHandle {
  if (!container || typeof (container as HTMLElement).appendChild !== 'function') throw fail('type', 'container', 'an HTMLElement', container);
  // A projector config (engineer E's config-projector.ts): loads it, then creates this projector with its first embedding.
  if (options && typeof options === 'object' && options.config != null) return createConfiguredProjector(container, options, createEmbeddingProjector);
  let opts = projectorOptions.resolve(options) as Opts;
  let { shape, matrix } = readEmbedding(opts.embedding);
  let table = readData(opts.data, shape[0]);
  let channels = resolveChannels(opts, table, shape[0]);

  const emitter = new Emitter<EmbeddingProjectorEvents>();
  // A state is on screen once the running projection (if any) has finished or stopped and the cloud has drawn it.
  const life = new Lifecycle(async () => {
    while (run) await handle.whenProjected();
    await pointCloud.whenRendered();
  });
  life.own(() => emitter.clear());
  const self = {};

  // ---- DOM ----
  injectTheme(container);
  injectProjectorStyles(container);
  const root = el('div', { class: 'tl-root tl-ep', role: 'region' }, container);
  life.own(() => root.remove());
  const toolbar = el('div', { class: 'tl-ep-toolbar' }, root);
  const methodLabel = el('label', { text: 'Projection ' }, toolbar);
  const methodSelect = el('select', { class: 'tl-ep-method' }, methodLabel);
  for (const m of Object.keys(METHOD_NAMES) as ProjectorMethod[]) el('option', { value: m, text: METHOD_NAMES[m] }, methodSelect);
  const dimsLabel = el('label', { text: 'Dimensions ' }, toolbar);
  const dimsSelect = el('select', { class: 'tl-ep-dims' }, dimsLabel);
  el('option', { value: '2', text: '2D' }, dimsSelect);
  el('option', { value: '3', text: '3D' }, dimsSelect);
  const colorLabel = el('label', { text: 'Colour by ' }, toolbar);
  const colorSelect = el('select', { class: 'tl-ep-color' }, colorLabel);
  const searchLabel = el('label', { text: 'Search ' }, toolbar);
  const searchInput = el('input', { class: 'tl-ep-search', type: 'search', placeholder: 'label or /regex/', autocomplete: 'off' }, searchLabel);
  const matchesText = el('span', { class: 'tl-ep-matches', 'aria-live': 'polite' }, toolbar);
  const spherizeLabel = el('label', { title: 'Centre on the mean and scale each vector to unit length before projecting' }, toolbar);
  const spherizeBox = el('input', { class: 'tl-ep-spherize', type: 'checkbox' }, spherizeLabel);
  spherizeLabel.append(' Spherize');
  const isolateButton = el('button', { class: 'tl-ep-isolate', type: 'button', hidden: true }, toolbar);
  const showAllButton = el('button', { class: 'tl-ep-show-all', type: 'button', text: 'Show all', hidden: true }, toolbar);
  const panel = createParamsPanel(root, life, {
    update: (o) => handle.update(o as Partial<EmbeddingProjectorOptions>),
    rerun: () => handle.rerun(),
    error: (e) => showError(e),
  });

  const status = el('div', { class: 'tl-ep-status' }, root);
  const progressBar = el('progress', { class: 'tl-ep-progress', max: 1, value: 0, hidden: true }, status);
  const statusText = el('span', { class: 'tl-ep-status-text', role: 'status', 'aria-live': 'polite' }, status);
  const pauseButton = el('button', { class: 'tl-ep-pause', type: 'button', text: 'Pause', hidden: true, 'aria-pressed': 'false' }, status);
  const cancelButton = el('button', { class: 'tl-ep-cancel', type: 'button', text: 'Cancel', hidden: true }, status);
  const note = el('p', { class: 'tl-ep-note', hidden: true }, root);
  const variance = el('p', { class: 'tl-ep-variance', hidden: true }, root);
  const errorText = el('p', { class: 'tl-ep-error', role: 'alert', hidden: true }, root);

  const main = el('div', { class: 'tl-ep-main' }, root);
  const cloudBox = el('div', { class: 'tl-ep-cloud' }, main);
  const side = el('aside', { class: 'tl-ep-side', 'aria-label': 'Nearest neighbours' }, main);
  el('h3', { text: 'Nearest neighbours' }, side);
  const sideHead = el('p', { class: 'tl-ep-side-empty', text: 'Click a point to list its nearest neighbours.' }, side);
  const list = el('ol', { class: 'tl-ep-neighbors' }, side);

  // ---- state ----
  let ownSelection: Selection | null = null;
  let selection: Selection = opts.selection ?? (ownSelection = createSelection(shape[0]));
  let result: ProjectorResult | null = null;
  let run: { ctrl: AbortController; method: ProjectorMethod; dims: 2 | 3; control: ProjectionControl; iteration: number } | null = null;
  let runToken = 0;
  const waiters: Array<(r: ProjectorResult | null) => void> = [];
  let isolated = readIsolate(opts.isolate, shape[0]);
  /** PCA's first 10 components of the current embedding (spherized and isolated as now): axis switches read it. */
  let pcaCache: { matrix: ArrayInput; spherize: boolean; isolate: ArrayLike<number> | null; result: ProjectionResult } | null = null;
  let customCounts: Record<Side, number> | null = null;
  let indexPromise: Promise<NeighborIndex> | null = null;
  let index: NeighborIndex | null = null;
  let focusRow = -1;
  let neighborToken = 0;
  let neighborCtrl: AbortController | null = null;
  let layoutDims: 2 | 3 = opts.dims;

  const nanPositions = (n: number, d: number) => ({ data: new Float32Array(n * d).fill(NaN), shape: [n, d] });
  const pointCloud: PointCloudHandle = createPointCloud(cloudBox, {
    positions: nanPositions(shape[0], opts.dims),
    view: opts.dims === 3 ? '3d' : '2d',
    selection,
    size: opts.size,
    search: opts.search,
    title: opts.title,
    ...cloudChannels(opts, table, channels),
    ...passed(opts),
  });
  life.own(() => pointCloud.destroy());
  if (opts.theme !== 'auto') root.dataset.theme = opts.theme;
  // Where the page's Content-Security-Policy forbids 'unsafe-eval' the cloud cannot draw (it says why, emits
  // 'error', and its whenRendered() rejects, so ours does): no controls and no projection for a picture never shown.
  const drawable = canCompileShaders();
  if (!drawable) for (const part of [toolbar, panel.element, status, side]) part.style.display = 'none';

  // ---- controls ----
  function fillColorSelect(): void {
    colorSelect.replaceChildren();
    el('option', { value: '', text: '(none)' }, colorSelect);
    const current = typeof channels.color === 'string' && hasColumn(table, channels.color) ? channels.color : null;
    if (channels.color != null && current == null) el('option', { value: '\u0000', text: typeof channels.color === 'string' ? '(one colour)' : '(values)' }, colorSelect);
    for (const k of table?.names ?? []) el('option', { value: k, text: k }, colorSelect);
    colorSelect.value = channels.color == null ? '' : (current ?? '\u0000');
    colorLabel.hidden = !table && channels.color == null;
  }
  function syncControls(): void {
    methodSelect.value = opts.method;
    dimsSelect.value = String(opts.dims);
    dimsSelect.disabled = opts.method === 'custom'; // custom axes are 2D
    searchInput.value = opts.search ?? '';
    searchLabel.hidden = !channels.label;
    spherizeBox.checked = opts.spherize;
    syncIsolate();
    fillColorSelect();
    syncPanel();
    root.setAttribute('aria-label', `${opts.title}: ${shape[0]} points in ${shape[1]} dimensions`);
  }
  function syncPanel(): void {
    const pcaResult = pcaCache?.result;
    panel.sync({
      method: opts.method,
      dims: opts.dims,
      tsne: opts.tsne,
      umap: opts.umap,
      axes: effectiveAxes(opts.pca?.axes, opts.dims),
      components: pcaComponents(shape[1], opts.dims),
      variance: pcaResult?.explainedVarianceRatio ?? null,
      custom: opts.custom,
      matches: customCounts,
    });
  }
  function syncIsolate(): void {
    const count = selection.size;
    isolateButton.hidden = count < 2;
    isolateButton.textContent = `Isolate ${count} point${count === 1 ? '' : 's'}`;
    showAllButton.hidden = !opts.isolate;
  }
  syncControls();

  /** Applies an update from a control; a bad value is shown, not thrown (the control goes back to what is in force). */
  const fromControl = (o: Partial<EmbeddingProjectorOptions>) => {
    try {
      handle.update(o);
    } catch (e) {
      showError(e);
      syncControls();
    }
  };
  life.listen(methodSelect, 'change', () => fromControl({ method: methodSelect.value as ProjectorMethod }));
  life.listen(dimsSelect, 'change', () => fromControl({ dims: Number(dimsSelect.value) as 2 | 3 }));
  life.listen(spherizeBox, 'change', () => fromControl({ spherize: spherizeBox.checked }));
  life.listen(isolateButton, 'click', () => fromControl({ isolate: selection.toArray() }));
  life.listen(showAllButton, 'click', () => fromControl({ isolate: null }));
  life.listen(pauseButton, 'click', () => (handle.paused ? handle.resume() : handle.pause()));
  life.listen(colorSelect, 'change', () => colorSelect.value !== '\u0000' && handle.update({ color: colorSelect.value || null }));
  life.listen(searchInput, 'input', () => {
    try {
      opts = { ...opts, search: searchInput.value || null };
      pointCloud.update({ search: opts.search });
      errorText.hidden = true;
    } catch (e) {
      showError(e); // an invalid /regex/ while typing
    }
  });
  life.listen(cancelButton, 'click', () => handle.cancel());
  life.own(pointCloud.on('search', ({ matches }) => {
    matchesText.textContent = opts.search ? `${matches} match${matches === 1 ? '' : 'es'}` : '';
  }));
  life.own(pointCloud.on('select', (e) => emitter.emit('select', e)));
  life.own(pointCloud.on('render', (e) => emitter.emit('render', e)));
  life.own(pointCloud.on('error', (e) => emitter.emit('error', e)));

  function showError(e: unknown): void {
    errorText.textContent = e instanceof Error ? e.message : String(e);
    errorText.hidden = false;
  }

  // ---- projection ----
  function settle(r: ProjectorResult | null): void {
    for (const w of waiters.splice(0)) w(r);
  }

  function showLayout(positions: Float32Array, dims: 2 | 3, transition?: number): void {
    const o: Partial<PointCloudOptions> = { positions: { data: positions, shape: [shape[0], dims] } };
    if (dims !== layoutDims) o.view = dims === 3 ? '3d' : '2d';
    if (transition !== undefined) o.transition = transition;
    layoutDims = dims;
    pointCloud.update(o);
  }

  /** N×dims positions from a layout of the isolated rows (NaN for the others: not drawn), or the layout itself. */
  function expand(positions: Float32Array, width: number, cols: number[], rows: Uint32Array | null): Float32Array {
    const dims = cols.length;
    const n = shape[0];
    if (!rows && width === dims) return positions;
    const out = new Float32Array(n * dims);
    if (rows) out.fill(NaN);
    const m = rows ? rows.length : n;
    for (let i = 0; i < m; i++) {
      const r = rows ? rows[i] : i;
      for (let t = 0; t < dims; t++) out[r * dims + t] = positions[i * width + cols[t]];
    }
    return out;
  }

  /** PCA's drawn result from the cached 10 components: the chosen axes' columns. */
  function pcaView(res: ProjectionResult, ms: number): ProjectorResult {
    const dims = opts.dims;
    const axes = effectiveAxes(opts.pca?.axes, dims);
    return {
      ...res,
      positions: expand(res.positions, res.dims, axes, isolated),
      dims,
      method: 'pca',
      rows: isolated,
      axes,
      ms,
    };
  }

  /** Shows a finished projection and tells whoever waits for it. */
  function finish(res: ProjectorResult, transition = DEFAULT_TRANSITION): void {
    result = res;
    endProgress();
    showLayout(res.positions, res.dims as 2 | 3, transition);
    const name = METHOD_NAMES[res.method];
    const of = res.rows ? `${res.rows.length} isolated of ${shape[0]}` : `${res.n}`;
    statusText.textContent = `${name} ${res.dims}D of ${of} points in ${Math.round(res.ms)} ms`;
    note.hidden = !res.sampled;
    note.textContent = res.sampled
      ? `${name} was fitted on a random sample of ${res.sampled.fitted} of ${res.sampled.total} points; the others are placed by their nearest fitted neighbours. ${res.sampled.reason}`
      : '';
    const ratio = res.method === 'pca' ? res.explainedVarianceRatio : undefined;
    variance.hidden = !ratio;
    if (ratio && res.axes) {
      let total = 0;
      for (const c of res.axes) total += ratio[c] ?? 0;
      variance.textContent = `Variance explained: ${res.axes.map((c) => `PC${c + 1} ${percent(ratio[c] ?? 0)}`).join(', ')} (total ${percent(total)})`;
    }
    syncPanel();
    emitter.emit('projection', res);
    settle(res);
  }

  function startProjection(): void {
    stopProjection();
    if (!drawable) return;
    const method = opts.method;
    const dims: 2 | 3 = method === 'custom' ? 2 : opts.dims;
    const rows = isolated;
    // PCA of the same vectors is cached with 10 components: a new axis or dims choice only redraws.
    if (method === 'pca' && pcaCache && pcaCache.matrix === matrix && pcaCache.spherize === opts.spherize && pcaCache.isolate === opts.isolate && pcaComponents(shape[1], dims) <= pcaCache.result.dims) {
      errorText.hidden = true;
      finish(pcaView(pcaCache.result, pcaCache.result.ms));
      return;
    }
    // A custom projection waits for its four searches (the previous layout stays; the panel opens to type them).
    if (method === 'custom' && SIDES.some((k) => !opts.custom?.[k])) {
      errorText.hidden = true;
      if (opts.custom) customCounts = customMatches(opts.custom, labelText, rows ? rows.length : shape[0], rows).counts;
      panel.element.open = true;
      syncPanel();
      statusText.textContent = 'Custom projection: type a search (a label or /regex/) for each end of the two axes in Parameters.';
      settle(null);
      return;
    }
    const ctrl = new AbortController();
    const control = createProjectionControl();
    const token = ++runToken;
    const current = (run = { ctrl, method, dims, control, iteration: 0 });
    errorText.hidden = true;
    progressBar.hidden = false;
    progressBar.value = 0;
    cancelButton.hidden = false;
    pauseButton.hidden = method !== 'tsne' && method !== 'umap';
    syncPause();
    statusText.textContent = `${METHOD_NAMES[method]} ${dims}D: starting…`;
    if (method !== 'pca') variance.hidden = true; // streamed layouts of another method replace the PCA drawn
    root.setAttribute('aria-busy', 'true');
    const live = () => token === runToken && !life.destroyed;
    const step = method === 'umap' ? 'epoch' : 'iteration';
    const onProgress = (p: ProjectionProgress) => {
      if (!live()) return;
      if (p.paused) {
        statusText.textContent = `${METHOD_NAMES[method]} ${dims}D: paused at ${step} ${p.iteration}`;
        emitter.emit('progress', p);
        return;
      }
      if (control.paused) return;
      current.iteration = p.iteration;
      progressBar.value = p.progress;
      statusText.textContent = `${METHOD_NAMES[method]} ${dims}D: ${percent(p.progress)}${p.iteration ? ` · ${step} ${p.iteration}` : ''}`;
      if (p.positions) showLayout(expand(p.positions, dims, dims === 3 ? [0, 1, 2] : [0, 1], rows), dims, 0);
      emitter.emit('progress', p);
    };
    const spherize = opts.spherize;
    const compute = async (): Promise<ProjectorResult> => {
      const t0 = performance.now();
      if (method === 'custom') return customProjection(rows, ctrl.signal, t0);
      const input: ArrayInput = rows ? await readRows(matrix, rows).then(({ data, n, d }) => ({ data, shape: [n, d] })) : matrix;
      const params: Record<string, unknown> = { dims, signal: ctrl.signal, seed: opts.seed, spherize, control, onProgress };
      if (method !== 'pca' && opts.maxPoints != null) params.maxPoints = opts.maxPoints;
      if (method === 'umap') Object.assign(params, opts.umap);
      if (method === 'tsne') Object.assign(params, opts.tsne);
      // every axis the picker offers, also for fewer isolated rows than components (those have zero variance)
      if (method === 'pca' && pcaComponents(shape[1], dims) <= shape[1]) params.components = pcaComponents(shape[1], dims);
      const res = await project(method, input, params);
      if (method === 'pca') {
        if (live()) pcaCache = { matrix, spherize, isolate: opts.isolate, result: res };
        return pcaView(res, performance.now() - t0);
      }
      return { ...res, positions: expand(res.positions, dims, dims === 3 ? [0, 1, 2] : [0, 1], rows), n: res.n, rows, ms: performance.now() - t0 };
    };
    compute().then(
      (res) => {
        if (!live()) return;
        run = null;
        finish(res);
      },
      (e) => {
        if (!live()) return;
        run = null;
        endProgress();
        if (isAbort(e)) {
          cancelled(method);
          return;
        }
        showError(e);
        statusText.textContent = `${METHOD_NAMES[method]} failed.`;
        syncPanel();
        emitter.emit('error', { error: e, message: e instanceof Error ? e.message : String(e) });
        settle(null);
      },
    );
  }

  /** The text a custom projection's searches match: the label, or the row number where there is no label column. */
  const labelText = (row: number) => (channels.label ? String(channels.label[row] ?? '') : String(row));

  /** The custom projection of the current (isolated) rows: searches over the label column, on this thread in slices. */
  async function customProjection(rows: Uint32Array | null, signal: AbortSignal, t0: number): Promise<ProjectorResult> {
    const custom = opts.custom;
    if (!custom) throw fail('option', 'options.custom', "the four searches { left, right, up, down } of the 'custom' method", custom);
    const n = rows ? rows.length : shape[0];
    const masks = customMatches(custom, labelText, n, rows);
    customCounts = masks.counts;
    syncPanel();
    const { data, d } = await readRows(matrix, rows);
    const positions = await sliced(customProjectionSteps(data, n, d, masks, custom, opts.spherize), signal);
    return { positions: expand(positions, 2, [0, 1], rows), dims: 2, n, method: 'custom', sampled: null, rows, matches: masks.counts, ms: performance.now() - t0 };
  }

  function syncPause(): void {
    const paused = !!run?.control.paused;
    pauseButton.textContent = paused ? 'Resume' : 'Pause';
    pauseButton.setAttribute('aria-pressed', String(paused));
  }

  function endProgress(): void {
    progressBar.hidden = true;
    cancelButton.hidden = true;
    pauseButton.hidden = true;
    root.removeAttribute('aria-busy');
  }

  /** After a cancel: back to the last finished layout (and its method/dims in the pickers). */
  function cancelled(method: ProjectorMethod): void {
    if (result) {
      opts = { ...opts, method: result.method, dims: result.dims as 2 | 3 };
      showLayout(result.positions, result.dims as 2 | 3, 0);
    }
    methodSelect.value = opts.method;
    dimsSelect.value = String(opts.dims);
    statusText.textContent = `${METHOD_NAMES[method]} cancelled${result ? `; showing ${METHOD_NAMES[result.method]} ${result.dims}D` : ''}.`;
    syncPanel();
    emitter.emit('cancel', { method });
    settle(null);
  }

  /** Aborts a running projection without touching the layout (a new one follows). */
  function stopProjection(): void {
    if (!run) return;
    const r = run;
    run = null;
    runToken++;
    r.ctrl.abort();
    endProgress();
  }
  life.own(() => {
    stopProjection();
    settle(null);
  });

  // ---- neighbours ----
  function neighborIndex(): Promise<NeighborIndex> {
    if (!indexPromise) {
      const p = createNeighborIndex(matrix, { metric: opts.metric });
      indexPromise = p;
      p.then(
        (ix) => {
          if (indexPromise !== p || life.destroyed) ix.destroy();
          else index = ix;
        },
        () => {
          if (indexPromise === p) indexPromise = null;
        },
      );
    }
    return indexPromise;
  }
  function dropIndex(): void {
    index?.destroy();
    index = null;
    const p = indexPromise;
    indexPromise = null;
    p?.then((ix) => ix.destroy(), () => {});
  }
  life.own(() => {
    neighborCtrl?.abort();
    dropIndex();
  });

  const labelOf = (row: number): string => {
    const v = channels.label ? channels.label[row] : undefined;
    return v === undefined || v === '' ? `#${row}` : `${v}`;
  };

  function clearNeighbors(): void {
    focusRow = -1;
    neighborToken++;
    neighborCtrl?.abort();
    neighborCtrl = null;
    list.replaceChildren();
    sideHead.textContent = 'Click a point to list its nearest neighbours.';
    pointCloud.update({ highlight: null });
  }

  async function listNeighbors(row: number): Promise<NeighborResult | null> {
    const k = Math.min(opts.k, shape[0] - 1);
    const token = ++neighborToken;
    focusRow = row;
    neighborCtrl?.abort();
    const ctrl = (neighborCtrl = new AbortController());
    sideHead.textContent = `Neighbours of ${labelOf(row)} (#${row}): searching…`;
    try {
      const ix = await neighborIndex();
      const res = await ix.query(row, k, { signal: ctrl.signal });
      if (token !== neighborToken || life.destroyed) return null;
      neighborCtrl = null;
      sideHead.textContent = `${k} nearest to ${labelOf(row)} (#${row}), ${opts.metric} distance:`;
      list.replaceChildren();
      for (let j = 0; j < res.indices.length; j++) {
        const i = res.indices[j];
        const li = el('li', {}, list);
        const b = el('button', { type: 'button', 'data-index': i, 'aria-label': `${labelOf(i)}, row ${i}, distance ${formatDistance(res.distances[j])}` }, li);
        el('span', { class: 'tl-ep-neighbor-label', text: `${labelOf(i)} (#${i})` }, b);
        el('span', { class: 'tl-ep-distance', text: formatDistance(res.distances[j]) }, b);
      }
      pointCloud.update({ highlight: res.indices });
      emitter.emit('neighbors', { index: row, indices: res.indices, distances: res.distances, metric: opts.metric });
      return res;
    } catch (e) {
      if (token !== neighborToken || life.destroyed || isAbort(e)) return null;
      sideHead.textContent = `Neighbours of #${row} could not be computed.`;
      showError(e);
      emitter.emit('error', { error: e, message: e instanceof Error ? e.message : String(e) });
      return null;
    }
  }

  life.listen(list, 'click', (ev) => {
    const b = (ev.target as Element).closest?.('button[data-index]');
    if (!b) return;
    const i = Number(b.getAttribute('data-index'));
    selection.set([i], self);
    emitter.emit('select', { indices: Uint32Array.of(i), tool: 'list' });
    void listNeighbors(i);
  });

  function onSelectionChange(): void {
    if (life.destroyed) return;
    syncIsolate();
    if (selection.size === 1) {
      const row = selection.toArray()[0];
      if (row !== focusRow && row < shape[0]) void listNeighbors(row);
    } else if (focusRow >= 0) clearNeighbors();
  }
  let unsubSel: Unsubscribe = selection.on('change', onSelectionChange);
  life.own(() => {
    unsubSel();
    ownSelection?.destroy();
  });

  startProjection();
  life.schedule();

  const handle: EmbeddingProjectorHandle = {
    get bookmarks() {
      return bookmarks;
    },
    config: null,
    embeddingName: null,
    selectEmbedding: (which) => Promise.reject(fail('option', 'options.config', 'a projector config (selectEmbedding switches between its embeddings)', `none (asked for ${JSON.stringify(which)})`)),
    element: root,
    pointCloud,
    get projection() {
      return result;
    },
    get paused() {
      return !!run?.control.paused;
    },
    get busy() {
      return !!run;
    },
    get workers() {
      return (run && run.method !== 'custom' ? 1 : 0) + (indexPromise ? 1 : 0);
    },
    get shape() {
      return [shape[0], shape[1]] as [number, number];
    },
    get data() {
      return table;
    },
    update(o) {
      life.assertAlive();
      // Everything that can throw comes first (options, embedding, table, channels): a bad update changes nothing.
      const before = opts;
      const change = projectorOptions.merge(opts, o);
      const next = change.options as Opts;
      const changed = change.changed;
      if (changed.has('config')) throw fail('option', 'options.config', 'given when the projector is created (create another projector for a config)', o.config);
      let nextShape = shape;
      let nextMatrix = matrix;
      let nextTable = table;
      const newData = changed.has('embedding');
      if (newData) ({ shape: nextShape, matrix: nextMatrix } = readEmbedding(next.embedding));
      if (newData || changed.has('data')) nextTable = readData(next.data, nextShape[0]);
      const nextChannels = resolveChannels(next, nextTable, nextShape[0]);
      const nextIsolated = newData || changed.has('isolate') ? readIsolate(next.isolate, nextShape[0]) : isolated;
      const axes = next.pca?.axes;
      const comps = pcaComponents(nextShape[1], next.dims);
      axes?.forEach((c, i) => {
        if (c >= comps) throw fail('range', `options.pca.axes[${i}]`, `a component from 0 to ${comps - 1} (the embedding has ${nextShape[1]} dimensions)`, c);
      });
      const textChanged = newData || ['data', 'label', 'color', 'colorType', 'scheme', 'legend', 'theme'].some((k) => changed.has(k as keyof EmbeddingProjectorOptions));
      // The point cloud checks the rest (e.g. a CSS colour) before this projector commits anything.
      const pc: Partial<PointCloudOptions> = textChanged ? cloudChannels(next, nextTable, nextChannels) : {};
      for (const k of PASSED) if (changed.has(k)) (pc as Record<string, unknown>)[k] = next[k];
      opts = next;
      shape = nextShape;
      matrix = nextMatrix;
      table = nextTable;
      channels = nextChannels;
      isolated = nextIsolated;
      if (changed.has('theme')) {
        if (next.theme === 'auto') delete root.dataset.theme;
        else root.dataset.theme = next.theme;
      }
      if ('selection' in o && o.selection !== before.selection) {
        unsubSel();
        ownSelection?.destroy();
        ownSelection = null;
        selection = o.selection ?? (ownSelection = createSelection(shape[0]));
        unsubSel = selection.on('change', onSelectionChange);
        pc.selection = selection;
      }
      if (newData) {
        stopProjection();
        result = null;
        pcaCache = null;
        dropIndex();
        clearNeighbors();
        pc.positions = nanPositions(shape[0], opts.dims);
        pc.view = opts.dims === 3 ? '3d' : '2d';
        layoutDims = opts.dims;
      }
      if (changed.has('search')) pc.search = opts.search;
      if (changed.has('size')) pc.size = opts.size;
      if (changed.has('title')) pc.title = opts.title;
      pointCloud.update(pc);
      syncControls();
      if ('metric' in o && o.metric !== before.metric) {
        dropIndex();
        if (focusRow >= 0) void listNeighbors(focusRow);
      } else if ('k' in o && o.k !== before.k && focusRow >= 0) void listNeighbors(focusRow);
      const differs = (k: keyof EmbeddingProjectorOptions) => k in o && o[k] !== before[k];
      const reproject =
        (['method', 'dims', 'seed', 'maxPoints', 'spherize', 'isolate'] as const).some(differs) ||
        (differs('umap') && opts.method === 'umap') ||
        (differs('tsne') && opts.method === 'tsne') ||
        (differs('pca') && opts.method === 'pca') || // redrawn from the cached components
        ((differs('custom') || differs('label') || differs('data')) && opts.method === 'custom');
      if (differs('custom') || differs('label') || differs('data')) customCounts = null;
      if (changed.has('bookmarks') || changed.has('urlState')) bookmarks.configure({ ...('bookmarks' in o ? { bookmarks: opts.bookmarks } : {}), ...('urlState' in o ? { urlState: opts.urlState } : {}) });
      if (newData || reproject) startProjection();
      else syncPanel();
      life.schedule();
    },
    on: (type, fn) => emitter.on(type, fn),
    // The cloud's too: where it cannot draw (a CSP without 'unsafe-eval') that rejects also after the frame.
    whenRendered: () => life.whenRendered().then(() => pointCloud.whenRendered()),
    destroy: () => life.destroy(),
    cancel() {
      if (!run) return;
      const method = run.method;
      stopProjection();
      cancelled(method);
    },
    pause() {
      life.assertAlive();
      if (!run || run.control.paused || (run.method !== 'tsne' && run.method !== 'umap')) return;
      run.control.pause();
      statusText.textContent = `${METHOD_NAMES[run.method]} ${run.dims}D: pausing…`;
      syncPause();
    },
    resume() {
      life.assertAlive();
      if (!run?.control.paused) return;
      run.control.resume();
      syncPause();
    },
    rerun() {
      life.assertAlive();
      if (opts.method === 'pca') pcaCache = null;
      startProjection();
      life.schedule();
    },
    getState() {
      life.assertAlive();
      const state: ProjectorState = { version: PROJECTOR_STATE_VERSION, method: opts.method, dims: opts.dims, seed: opts.seed, spherize: opts.spherize };
      if (opts.tsne) state.tsne = pick(opts.tsne, ['perplexity', 'learningRate', 'iterations']);
      if (opts.umap) state.umap = pick(opts.umap, ['nNeighbors', 'minDist', 'nEpochs']);
      state.pca = { axes: effectiveAxes(opts.pca?.axes, opts.dims) as [number, number] };
      state.custom = opts.custom ? { ...opts.custom } : null;
      state.isolate = isolated ? Array.from(isolated) : null;
      if (channels.color === null || typeof channels.color === 'string') state.color = channels.color;
      if (opts.label === null || typeof opts.label === 'string') state.label = opts.label;
      else if (opts.label === undefined && typeof channels.labelName === 'string') state.label = channels.labelName;
      state.search = opts.search;
      state.selection = Array.from(selection.toArray());
      if (result) state.camera = pointCloud.getCamera();
      return state;
    },
    async setState(value) {
      life.assertAlive();
      const s = validateState(value);
      s.selection?.forEach((r, i) => {
        if (r >= shape[0]) throw fail('range', `state.selection[${i}]`, `a row in [0, ${shape[0] - 1}]`, r);
      });
      const o: Partial<EmbeddingProjectorOptions> = { method: s.method, dims: s.dims };
      if (s.seed !== undefined) o.seed = s.seed;
      if (s.tsne) o.tsne = s.tsne;
      if (s.umap) o.umap = s.umap;
      if (s.pca) o.pca = s.pca;
      for (const k of ['custom', 'spherize', 'isolate', 'color', 'label', 'search'] as const) if (s[k] !== undefined) (o as Record<string, unknown>)[k] = s[k];
      // Unchanged values are left out, so an unchanged projection is not run again.
      for (const k of Object.keys(o) as Array<keyof EmbeddingProjectorOptions>) if (JSON.stringify(o[k]) === JSON.stringify(k === 'isolate' ? (isolated ? Array.from(isolated) : null) : opts[k])) delete o[k];
      handle.update(o); // throws (changing nothing) for values that do not fit this embedding
      const res = await handle.whenProjected();
      if (life.destroyed) return;
      if (s.selection) selection.set(s.selection, self);
      if (s.camera && res) pointCloud.setCamera(s.camera);
      await handle.whenRendered();
    },
    whenProjected() {
      if (life.destroyed) return Promise.resolve(null);
      if (!run) return Promise.resolve(result);
      return new Promise((resolve) => waiters.push(resolve));
    },
    showNeighbors(i) {
      life.assertAlive();
      if (!(Number.isInteger(i) && i >= 0 && i < shape[0])) throw fail('range', 'index', `a row in [0, ${shape[0] - 1}]`, i);
      selection.set([i], self);
      return listNeighbors(i);
    },
  };
  // Bookmarks panel, the `bookmarks` and `urlState` options (engineer E's bookmarks.ts).
  const bookmarks: BookmarksController = attachProjectorBookmarks(handle, root, opts, (e) => {
    showError(e);
    emitter.emit('error', { error: e, message: e instanceof Error ? e.message : String(e) });
  });
  life.own(() => bookmarks.destroy());
  return handle;
}

const DEFAULT_TRANSITION = 300;

/** The keys of `o` named in `keys` whose value is defined (a copy). */
function pick<T extends object, K extends keyof T>(o: T, keys: K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}
