// createEmbeddingProjector: a point cloud of an [N, D] embedding projected by PCA, UMAP or t-SNE (in a
// worker, with progress, streamed layouts and cancel), with a projection picker, colour-by, search and the
// nearest neighbours of the selected point listed with their distances. Every control is DOM text.
import { Emitter, Lifecycle, createSelection, el, fail, hasColumn, injectTheme, isTensorLike, resolveChannel, toNDArraySync, toTable } from '@tensorlens/core';
import type { ArrayInput, ChannelValue, Column, ColumnTable, Selection, TableInput, Unsubscribe } from '@tensorlens/core';
import { createNeighborIndex, project } from '@tensorlens/explain';
import type { NeighborIndex, NeighborResult, ProjectionProgress, ProjectionResult } from '@tensorlens/explain';
import { canCompileShaders, createPointCloud, isCssColor, type PointCloudHandle, type PointCloudOptions } from '@tensorlens/gl';
import {
  METHOD_NAMES,
  formatDistance,
  projectorOptions,
  type EmbeddingProjectorEvents,
  type EmbeddingProjectorHandle,
  type EmbeddingProjectorOptions,
  type ProjectorMethod,
  type ResolvedOptions,
} from './options';
import { injectProjectorStyles } from './styles';

type Opts = ResolvedOptions;

const isAbort = (e: unknown) => (e as { name?: string })?.name === 'AbortError';
const percent = (v: number) => `${(v * 100).toFixed(1)} %`;

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

/**
 * Draws an `[N, D]` embedding as a point cloud laid out by PCA (default), UMAP or t-SNE, in 2D or 3D.
 * Projections run in a Web Worker with a progress bar and a Cancel button; UMAP and t-SNE stream their
 * layouts as they converge; when a method fits only a sample, a note says so. Selecting one point lists its
 * `k` nearest neighbours in the original space (cosine or euclidean), nearest first, and rings them in the cloud.
 */
export function createEmbeddingProjector(container: HTMLElement, options: EmbeddingProjectorOptions): EmbeddingProjectorHandle {
  if (!container || typeof (container as HTMLElement).appendChild !== 'function') throw fail('type', 'container', 'an HTMLElement', container);
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

  const status = el('div', { class: 'tl-ep-status' }, root);
  const progressBar = el('progress', { class: 'tl-ep-progress', max: 1, value: 0, hidden: true }, status);
  const statusText = el('span', { class: 'tl-ep-status-text', role: 'status', 'aria-live': 'polite' }, status);
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
  let result: ProjectionResult | null = null;
  let run: { ctrl: AbortController; method: ProjectorMethod; dims: 2 | 3 } | null = null;
  let runToken = 0;
  const waiters: Array<(r: ProjectionResult | null) => void> = [];
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
  });
  life.own(() => pointCloud.destroy());
  if (opts.theme !== 'auto') root.dataset.theme = opts.theme;
  // Where the page's Content-Security-Policy forbids 'unsafe-eval' the cloud cannot draw (it says why, emits
  // 'error', and its whenRendered() rejects, so ours does): no controls and no projection for a picture never shown.
  const drawable = canCompileShaders();
  if (!drawable) for (const part of [toolbar, status, side]) part.style.display = 'none';

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
    searchInput.value = opts.search ?? '';
    searchLabel.hidden = !channels.label;
    fillColorSelect();
    root.setAttribute('aria-label', `${opts.title}: ${shape[0]} points in ${shape[1]} dimensions`);
  }
  syncControls();

  life.listen(methodSelect, 'change', () => handle.update({ method: methodSelect.value as ProjectorMethod }));
  life.listen(dimsSelect, 'change', () => handle.update({ dims: Number(dimsSelect.value) as 2 | 3 }));
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
  function settle(r: ProjectionResult | null): void {
    for (const w of waiters.splice(0)) w(r);
  }

  function showLayout(positions: Float32Array, dims: 2 | 3, transition?: number): void {
    const o: Partial<PointCloudOptions> = { positions: { data: positions, shape: [shape[0], dims] } };
    if (dims !== layoutDims) o.view = dims === 3 ? '3d' : '2d';
    if (transition !== undefined) o.transition = transition;
    layoutDims = dims;
    pointCloud.update(o);
  }

  function startProjection(): void {
    stopProjection();
    if (!drawable) return;
    const method = opts.method;
    const dims = opts.dims;
    const ctrl = new AbortController();
    const token = ++runToken;
    run = { ctrl, method, dims };
    errorText.hidden = true;
    progressBar.hidden = false;
    progressBar.value = 0;
    cancelButton.hidden = false;
    statusText.textContent = `${METHOD_NAMES[method]} ${dims}D: starting…`;
    root.setAttribute('aria-busy', 'true');
    const params: Record<string, unknown> = { dims, signal: ctrl.signal, seed: opts.seed };
    if (method !== 'pca' && opts.maxPoints != null) params.maxPoints = opts.maxPoints;
    if (method === 'umap') Object.assign(params, opts.umap);
    if (method === 'tsne') Object.assign(params, opts.tsne);
    params.onProgress = (p: ProjectionProgress) => {
      if (token !== runToken || life.destroyed) return;
      progressBar.value = p.progress;
      const step = p.iteration ? ` · ${method === 'umap' ? 'epoch' : 'iteration'} ${p.iteration}` : '';
      statusText.textContent = `${METHOD_NAMES[method]} ${dims}D: ${percent(p.progress)}${step}`;
      if (p.positions) showLayout(p.positions, dims, 0);
      emitter.emit('progress', p);
    };
    project(method, matrix, params).then(
      (res) => {
        if (token !== runToken || life.destroyed) return;
        run = null;
        result = res;
        endProgress();
        showLayout(res.positions, dims, DEFAULT_TRANSITION);
        statusText.textContent = `${METHOD_NAMES[method]} ${dims}D of ${res.n} points in ${Math.round(res.ms)} ms`;
        note.hidden = !res.sampled;
        note.textContent = res.sampled
          ? `${METHOD_NAMES[method]} was fitted on a random sample of ${res.sampled.fitted} of ${res.sampled.total} points; the others are placed by their nearest fitted neighbours. ${res.sampled.reason}`
          : '';
        const ratio = res.explainedVarianceRatio;
        variance.hidden = !ratio;
        if (ratio) {
          let total = 0;
          for (const r of ratio) total += r;
          variance.textContent = `Variance explained: ${Array.from(ratio, (r, i) => `PC${i + 1} ${percent(r)}`).join(', ')} (total ${percent(total)})`;
        }
        emitter.emit('projection', res);
        settle(res);
      },
      (e) => {
        if (token !== runToken || life.destroyed) return;
        run = null;
        endProgress();
        if (isAbort(e)) {
          cancelled(method);
          return;
        }
        showError(e);
        statusText.textContent = `${METHOD_NAMES[method]} failed.`;
        emitter.emit('error', { error: e, message: e instanceof Error ? e.message : String(e) });
        settle(null);
      },
    );
  }

  function endProgress(): void {
    progressBar.hidden = true;
    cancelButton.hidden = true;
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
    element: root,
    pointCloud,
    get projection() {
      return result;
    },
    get busy() {
      return !!run;
    },
    get workers() {
      return (run ? 1 : 0) + (indexPromise ? 1 : 0);
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
      let nextShape = shape;
      let nextMatrix = matrix;
      let nextTable = table;
      const newData = changed.has('embedding');
      if (newData) ({ shape: nextShape, matrix: nextMatrix } = readEmbedding(next.embedding));
      if (newData || changed.has('data')) nextTable = readData(next.data, nextShape[0]);
      const nextChannels = resolveChannels(next, nextTable, nextShape[0]);
      const textChanged = newData || ['data', 'label', 'color', 'colorType', 'scheme', 'legend', 'theme'].some((k) => changed.has(k as keyof EmbeddingProjectorOptions));
      // The point cloud checks the rest (e.g. a CSS colour) before this projector commits anything.
      const pc: Partial<PointCloudOptions> = textChanged ? cloudChannels(next, nextTable, nextChannels) : {};
      opts = next;
      shape = nextShape;
      matrix = nextMatrix;
      table = nextTable;
      channels = nextChannels;
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
      const reproject = ['method', 'dims', 'seed', 'maxPoints', 'umap', 'tsne'].some((k) => k in o && o[k as keyof typeof o] !== before[k as keyof typeof before]);
      if (newData || reproject) startProjection();
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
  return handle;
}

const DEFAULT_TRANSITION = 300;
