// createPointCloud: a WebGL (regl) point cloud for embeddings — 2D and 3D views, categories and values,
// density mode, transitions, hover from an off-thread spatial index, click/box/lasso selection into the shared
// Selection, labels, search, keyboard, a colour legend, context-loss recovery.
import {
  Emitter,
  Lifecycle,
  attachGestures,
  categoricalColors,
  createLegend,
  createSelection,
  createTooltip,
  el,
  exportPNG,
  fail,
  hasColumn,
  injectTheme,
  onThemeChange,
  interpolateScheme,
  MISSING_COLOR,
  observeSize,
  parseColor,
  pixelRatio,
  readThemeColor,
  resolveChannel,
  svgEl,
} from '@tensorlens/core';
import type { Column, LegendHandle, LegendOptions, Selection, Unsubscribe } from '@tensorlens/core';
import { computeBounds, compactPositions, packCategoryValue, positionFrame, quantize3, writeFlags, bytesPerPoint as bpp, FLAG_HIGHLIGHT, FLAG_MATCH, FLAG_SELECTED } from './packing';
import { checkCamera, fitOrbit, fitView, orbitMatrix, panBy, project, toData2D, toScreen2D, viewMatrix2D, zoomAt, type Orbit, type PointCloudCamera, type View2D } from './camera';
import { Renderer, type CpuSet, type FrameProps } from './renderer';
import { SpatialIndex } from './spatial-client';
import { readInput, readTable, type PointInput } from './input';
import { runSearch, searchMatcher } from './search';
import { injectPointCloudStyles } from './styles';
import { UNSAFE_EVAL_TEXT, canCompileShaders, unsafeEvalError, watchContextLoss } from '../shared';
import { autoOpacity } from './opacity';
import { pointCloudOptions, type PointCloudEvents, type PointCloudHandle, type PointCloudOptions } from './options';
import { readSprite, type SpriteSet } from './sprites';

/** The options with every default applied (every option has one). */
type Opts = { [K in keyof PointCloudOptions]-?: Exclude<PointCloudOptions[K], undefined> };
type RGB = [number, number, number];

/** The text columns of the current options and data: labels, the searched column, the tooltip's columns. */
interface TextColumns {
  label: Column | null;
  search: ArrayLike<unknown> | null;
  tooltipFields: string[];
}

/** Resolves the label, search and tooltip columns against the data (throws naming the option; changes nothing). */
function resolveText(o: Opts, inp: PointInput): TextColumns {
  const table = inp.table;
  const label = resolveChannel(o.label, table, 'options.label', inp.n);
  let search: ArrayLike<unknown> | null = null;
  if (o.searchField != null) search = resolveChannel(o.searchField, table, 'options.searchField', inp.n);
  else if (label) search = label;
  else if (table) search = table.columns[table.names.find((k) => Array.isArray(table.columns[k])) ?? table.names[0]];
  const fields = o.tooltipFields ?? table?.names.slice(0, 6) ?? [];
  fields.forEach((f, i) => {
    if (!hasColumn(table, f)) throw fail('option', `options.tooltipFields[${i}]`, table ? `a column of data (${table.names.slice(0, 12).map((k) => `'${k}'`).join(', ')})` : 'a column name, with options.data', f);
  });
  return { label, search, tooltipFields: fields };
}

/** A CSS colour as bytes (core's parseColor: any CSS syntax; currentColor is `element`'s colour). */
const rgb = (c: string, element?: Element): RGB => parseColor(c, 'color', element).slice(0, 3) as RGB;
const unit = (c: RGB, a = 1): [number, number, number, number] => [c[0] / 255, c[1] / 255, c[2] / 255, a];
const ramp = (f: (t: number) => string, lo = 0, hi = 1): RGB[] => Array.from({ length: 256 }, (_, i) => rgb(f(lo + ((hi - lo) * i) / 255)));
const fmt = (v: unknown) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toPrecision(4)) : String(v ?? ''));

/** A WebGL point cloud; see docs/point-cloud.md. */
export function createPointCloud(container: HTMLElement, options: PointCloudOptions): PointCloudHandle {
  if (!container || typeof (container as HTMLElement).appendChild !== 'function') throw fail('type', 'container', 'an HTMLElement', container);
  let opts = pointCloudOptions.resolve(options) as Opts;
  // Everything that can throw is derived before anything is created.
  const firstInput = readInput(opts);
  let text: TextColumns | null = firstInput instanceof Promise ? null : resolveText(opts, firstInput);
  const emitter = new Emitter<PointCloudEvents>();
  const life = new Lifecycle(render);
  const self = {};

  // ---- DOM ----
  injectTheme(container.getRootNode() as Document | ShadowRoot);
  injectPointCloudStyles(container);
  const root = el('div', { class: 'tl-root tl-pc', tabindex: 0, role: 'figure', 'aria-roledescription': 'point cloud', 'data-tool': opts.tool, 'data-theme': opts.theme === 'auto' ? null : opts.theme }, container);
  life.own(() => root.remove());
  // What is drawn in canvas or WebGL reads the theme's colours itself: repaint when they change (dark mode, data-tl-theme, a class).
  life.own(onThemeChange(root, () => life.schedule()));
  // A container with a height of its own is filled; one without gets the minimum height.
  if (container.clientHeight > 0) root.style.minHeight = '0';
  const canvas = el('canvas', { class: 'tl-pc-canvas', 'aria-hidden': 'true' }, root);
  const overlay = svgEl('svg', { class: 'tl-pc-overlay', 'aria-hidden': 'true' }, root);
  const lassoPath = svgEl('path', { d: '' }, overlay);
  const labels = el('div', { class: 'tl-pc-labels', 'aria-hidden': 'true' }, root);
  const summary = el('p', { class: 'tl-pc-summary tl-visually-hidden', 'aria-live': 'polite' }, root);
  const resetBtn = el('button', { class: 'tl-pc-reset', type: 'button', text: 'Reset view', hidden: true }, root);
  const legendBox = el('div', { class: 'tl-pc-legend' }, root);
  const errorText = el('p', { class: 'tl-pc-message', role: 'alert', hidden: true }, root);
  const tooltip = createTooltip(root);
  life.own(() => tooltip.destroy());
  let legend: LegendHandle | null = null;
  let legendKey: unknown[] | null = null;
  let offLegend: Unsubscribe | null = null;
  life.own(() => {
    offLegend?.();
    legend?.destroy();
  });

  // ---- state ----
  let input: PointInput | null = null;
  let cpu: CpuSet | null = null;
  let rowOf: Uint32Array | null = null;
  let gpuOf: Int32Array | null = null;
  let skipped = 0;
  let cvBase: Uint16Array | null = null; // packed category/value, flags 0
  let flags: Uint8Array | null = null;
  let peak = 0; // 2D: points in the densest cell of a 64 × 64 grid
  let peakCell = 1; // its area in data units²
  let view: View2D = { cx: 0, cy: 0, kx: 1, ky: 1 };
  let fitK = 1;
  /** CSS px on the left that the fitted 2D view leaves to the legend (0: none). */
  let fittedInset = 0;
  let fitKy = 1;
  /** A camera given before the data arrived (applied by the first data set of its view). */
  let pendingCamera: PointCloudCamera | null = null;
  /** A camera animation of setCamera (start -1: starts at the next frame). */
  let cameraMove: { view: View2D; orbit: Orbit; toView: View2D; toOrbit: Orbit; start: number; ms: number } | null = null;
  let orbit: Orbit = fitOrbit([0, 0, 0], 1);
  let fitDist = 1;
  let userMoved = false;
  let W = 0, H = 0;
  let loading: Promise<void> | null = null;
  /** Why the last data given as a tensor could not be read (reported by the next render). */
  let loadFailure: unknown = null;
  let searching: Promise<void> | null = null;
  let searchToken = 0;
  let matchMask: Uint8Array | null = null;
  let matchCount = 0;
  let highlightMask: Uint8Array | null = null;
  let transitionStart = -1;
  let hovered = -1;
  let densityOn = false;
  let lastOpacity = 1;
  let ownSelection: Selection | null = null;
  // Per-point images: the packed set, its state, a failure the next render reports, the load it waits for.
  let sprites: SpriteSet | null = null;
  let spriteState: 'none' | 'loading' | 'ready' | 'error' = 'none';
  let spriteError: unknown = null;
  let spriteFailure: unknown = null;
  let spriteToken = 0;
  let spriteLoading: Promise<void> | null = null;
  /** Local units of an image's width at spriteScale 1: the mean spacing of the points (longest extent ÷ √N). */
  let spriteUnit = 0;
  let selection: Selection = (opts.selection as Selection | null) ?? (ownSelection = createSelection());
  let unsubSel: Unsubscribe = selection.on('change', onSelectionChange);
  life.own(() => {
    unsubSel();
    ownSelection?.destroy();
  });
  life.own(() => emitter.clear());

  // ---- WebGL ----
  // A page whose Content-Security-Policy forbids 'unsafe-eval' cannot run regl: said in the container, as an
  // 'error' event and by whenRendered() rejecting (before the canvas takes a context).
  const glFailure = canCompileShaders() ? null : unsafeEvalError();
  let glFailureReported = false;
  const gl = glFailure ? null : (canvas.getContext('webgl', { antialias: false, alpha: true, premultipliedAlpha: true, preserveDrawingBuffer: true, depth: false, stencil: false }) as WebGLRenderingContext | null);
  let renderer: Renderer | null = null;
  let index: SpatialIndex | null = null;
  let context: { readonly lost: boolean } = { lost: false };
  if (glFailure) {
    canvas.remove();
    errorText.textContent = UNSAFE_EVAL_TEXT;
    errorText.hidden = false;
  } else if (!gl) {
    canvas.remove();
    errorText.textContent = 'WebGL is not available in this browser, so the point cloud cannot be drawn. Try another browser or enable hardware acceleration.';
    errorText.hidden = false;
  } else {
    renderer = new Renderer(gl);
    index = new SpatialIndex();
    life.own(() => {
      index!.destroy();
      renderer!.finalize(true);
    });
    const watch = watchContextLoss(canvas, {
      lost: () => renderer!.finalize(false),
      restored: () => {
        renderer!.initialize();
        setColors();
        emitter.emit('contextrestored', {});
        if (!life.destroyed) life.schedule();
      },
    });
    life.own(watch.dispose);
    context = watch;
  }

  // ---- data ----
  const dims = (): 2 | 3 => (opts.view === '3d' ? 3 : opts.view === '2d' ? 2 : input?.z ? 3 : 2);

  /** Applies data read by readInput (at once, or when a tensor's data arrive). */
  function load(r: PointInput | Promise<PointInput>, first: boolean) {
    const apply = (inp: PointInput) => {
      if (life.destroyed) return;
      // Already checked for data read at once; data that arrived later are checked now (an error rejects whenRendered()).
      const nextText = resolveText(opts, inp);
      const prev = cpu;
      const rowsBefore = input?.n;
      input = inp;
      text = nextText;
      setHighlight();
      if (renderer) errorText.hidden = true;
      buildSet(prev, first);
      if (rowsBefore !== inp.n) loadSprites();
      updateLegend();
      updateSummary();
    };
    if (r instanceof Promise) {
      const p = r.then(apply);
      loading = p;
      loadFailure = null;
      p.then(
        () => {
          if (loading === p) loading = null;
        },
        (e: unknown) => {
          if (loading !== p) return;
          loading = null;
          loadFailure = e;
        },
      );
    } else {
      loading = null;
      loadFailure = null;
      apply(r);
    }
  }

  function buildSet(prev: CpuSet | null, first: boolean) {
    const inp = input!;
    const d = dims();
    const z = d === 3 ? (inp.z ?? new Float32Array(inp.n)) : null;
    // Bounds in float64; positions beyond float32's range are normalised before the float32 upload.
    const b = computeBounds(inp.x, inp.y, z);
    skipped = b.skipped;
    const frame = positionFrame(b, d);
    let X: Float32Array, Y: Float32Array, Z: Float32Array | null = null;
    let origin: [number, number, number] = [0, 0, 0];
    let scale = 1;
    if (d === 2 && !skipped && frame.scale === 1 && inp.x instanceof Float32Array && inp.y instanceof Float32Array) {
      // Zero copy: the caller's columns are uploaded as they are.
      X = inp.x;
      Y = inp.y;
      rowOf = null;
    } else {
      origin = frame.origin;
      scale = frame.scale;
      const c = compactPositions(inp.x, inp.y, z, b.count, origin, scale);
      X = c.x;
      Y = c.y;
      Z = c.z;
      rowOf = c.rowOf;
    }
    gpuOf = null;
    const toLocal = (v: number, k: number) => (b.count ? (scale < 1 ? v * scale - origin[k] * scale : (v - origin[k]) * scale) : 0);
    const min = b.min.map(toLocal) as [number, number, number];
    const max = b.max.map(toLocal) as [number, number, number];
    const next: CpuSet = { dims: d, count: b.count, x: X, y: Y, q: Z ? quantize3(X, Y, Z, min, max) : null, min, max, origin, scale, cv: null };
    packCV(next);
    peak = d === 2 ? peakDensity(X, Y, min, max) : 0;
    const t = opts.transition;
    const mode = !prev || first || !t ? 'none' : prev.count === next.count && prev.dims === next.dims && prev.scale === next.scale ? 'interpolate' : 'crossfade';
    cpu = next;
    if (renderer) {
      renderer.setData(next, mode);
      if (!context.lost) setColors();
    }
    spriteUnit = Math.max(max[0] - min[0], max[1] - min[1], d === 3 ? max[2] - min[2] : 0) / Math.sqrt(Math.max(1, next.count));
    if (sprites) renderer?.setSpriteRows(spriteRows());
    transitionStart = mode === 'none' ? -1 : 0;
    index?.load(d, X, Y, Z);
    sendVisible();
    if (first || !userMoved || (prev && prev.dims !== d)) fit();
    if (pendingCamera && pendingCamera.view === (d === 3 ? '3d' : '2d')) applyCamera(pendingCamera, 0);
    pendingCamera = null;
    hovered = -1;
    tooltip.hide();
    runSearchNow();
  }

  /** Points in the densest cell of a 64 × 64 grid (for the density ramp and the auto switch). */
  function peakDensity(X: Float32Array, Y: Float32Array, min: number[], max: number[]): number {
    const G = 64;
    const w = max[0] - min[0] || 1, h = max[1] - min[1] || 1;
    const cells = new Uint32Array(G * G);
    const sx = (G - 1e-6) / w, sy = (G - 1e-6) / h;
    let top = 0;
    // A sample is enough for an estimate (at most 200k points).
    const step = Math.max(1, Math.floor(X.length / 200_000));
    for (let i = 0; i < X.length; i += step) {
      const c = ((((Y[i] - min[1]) * sy) | 0) * G + (((X[i] - min[0]) * sx) | 0)) | 0;
      const v = ++cells[c];
      if (v > top) top = v;
    }
    peakCell = (w / G) * (h / G);
    return top * step;
  }

  /** 0 constant colour, 1 category palette, 2 continuous ramp. */
  function colorMode(): number {
    const kind = input?.color.kind;
    return kind === 'categorical' ? 1 : kind === 'continuous' ? 2 : 0;
  }

  function packCV(set: CpuSet) {
    const c = input!.color;
    const category = c.kind === 'categorical' ? c.codes : null;
    const value = c.kind === 'continuous' ? c.values : null;
    cvBase = category || value ? packCategoryValue(new Uint16Array(set.count * 2), set.count, rowOf, category, value, c.kind === 'continuous' ? c.domain : [0, 1], null) : null;
    flags = null;
    set.cv = cvBase;
    computeFlags(set, false);
  }

  /** Per-point flags (selected, highlighted, search match) into the packed words; uploads when `upload`. */
  function computeFlags(set: CpuSet | null = cpu, upload = true) {
    if (!set || !input) return;
    const selOn = selection.size > 0, hlOn = !!highlightMask, mOn = !!matchMask;
    if (!selOn && !hlOn && !mOn) {
      if (!flags) return;
      flags = null;
      set.cv = cvBase;
    } else {
      const n = set.count;
      const f = flags && flags.length === n ? flags : (flags = new Uint8Array(n));
      const words = selection.words;
      for (let g = 0; g < n; g++) {
        const r = rowOf ? rowOf[g] : g;
        f[g] = (selOn && words[r >>> 5] & (1 << (r & 31)) ? FLAG_SELECTED : 0) | (hlOn && highlightMask![r] ? FLAG_HIGHLIGHT : 0) | (mOn && matchMask![r] ? FLAG_MATCH : 0);
      }
      const cv = set.cv && set.cv !== cvBase ? set.cv : cvBase ? cvBase.slice() : new Uint16Array(n * 2).fill(4095 * 16);
      if (cv.length === 2 * n) {
        for (let g = 0; g < n; g++) cv[2 * g + 1] = cvBase ? cvBase[2 * g + 1] : 4095 * 16;
        writeFlags(cv, f);
      }
      set.cv = cv;
    }
    if (upload) renderer?.updateCV(set.cv);
  }

  function sendVisible() {
    if (!index || !cpu) return;
    if (opts.showOnlySelected && selection.size > 0) {
      const v = new Uint8Array(cpu.count);
      const words = selection.words;
      for (let g = 0; g < cpu.count; g++) {
        const r = rowOf ? rowOf[g] : g;
        v[g] = words[r >>> 5] & (1 << (r & 31)) ? 1 : 0;
      }
      index.setVisible(v);
    } else index.setVisible(null);
  }

  // ---- sprites ----
  /** The row (image) of each drawn point, as floats for the sprite pass. */
  const spriteRows = () => (rowOf ? Float32Array.from(rowOf) : Float32Array.from({ length: cpu?.count ?? 0 }, (_, i) => i));

  /** Reads the `sprite` option against the rows (at once, or when its image loads) and uploads its pages. */
  function loadSprites() {
    const token = ++spriteToken;
    sprites = null;
    spriteError = null;
    spriteLoading = null;
    renderer?.setSprites(null);
    const s = opts.sprite;
    spriteState = 'none';
    if (!s || !input || !renderer) return;
    const done = (set: SpriteSet) => {
      if (token !== spriteToken || life.destroyed) return;
      sprites = set;
      spriteState = 'ready';
      renderer!.setSprites(set);
      renderer!.setSpriteRows(spriteRows());
      life.schedule();
    };
    const failed = (e: unknown) => {
      if (token !== spriteToken || life.destroyed) return;
      spriteState = 'error';
      spriteError = spriteFailure = e;
      life.schedule();
    };
    try {
      const limit = (renderer.regl?.limits as { maxTextureSize: number } | undefined)?.maxTextureSize ?? 4096;
      const r = readSprite(s, input.n, Math.min(limit, opts.spritePageSize ?? 8192));
      if (r instanceof Promise) {
        spriteState = 'loading';
        const p = r.then(done, failed);
        spriteLoading = p;
        p.then(() => spriteLoading === p && (spriteLoading = null));
      } else done(r);
    } catch (e) {
      failed(e);
    }
  }

  /** The sprite part of a frame: image size in device px (3D: × depth), shown from spriteMinSize. */
  function spriteFrame(): { px: number; min: number; hover: number } | null {
    if (!sprites || !cpu) return null;
    const k = dpr();
    const u = spriteUnit * opts.spriteScale * k;
    const px = cpu.dims === 3 ? (u * H) / (2 * Math.tan(orbit.fov / 2)) : u * view.kx;
    return { px, min: opts.spriteMinSize * k, hover: hovered };
  }

  /** CSS px of the images at the camera's target (3D) or everywhere (2D): 0 while they are not shown. */
  function spriteCss(): number {
    const f = spriteFrame();
    if (!f || !cpu) return 0;
    const px = (cpu.dims === 3 ? f.px / orbit.dist : f.px) / dpr();
    return px * dpr() >= f.min ? px : 0;
  }

  const categoryCount = () => (input?.color.kind === 'categorical' ? input.color.names.length : 0);

  function setColors() {
    if (!renderer || !input) return;
    const pal = categoricalColors(Math.max(1, categoryCount())).map((c) => rgb(c));
    renderer.setColors(pal, ramp(interpolateScheme(opts.scheme)), ramp(interpolateScheme('magma'), 0.97, 0.12));
  }

  // ---- legend ----
  /** Shows core's legend while colour encodes data (and `legend` is on); rebuilt only when what it shows changes. */
  /** Shows or updates the legend, then refits a view the user has not moved when the room the legend takes changed. */
  function updateLegend() {
    showLegend();
    if (cpu && cpu.dims === 2 && !userMoved && legendInset() !== fittedInset) {
      fit();
      life.schedule();
    }
  }

  /**
   * Room for the legend at the left of a fitted 2D view: its right edge (+ 4 px) while it is shown and takes at most
   * 40 % of the width; else 0 (the points then pass under it).
   */
  function legendInset(): number {
    if (!opts.legendRoom || legendBox.hidden || !legend || !W) return 0;
    const right = legendBox.offsetLeft + legendBox.offsetWidth + 4;
    return right > 4 && right <= 0.4 * W ? right : 0;
  }

  function showLegend() {
    const c = input?.color;
    let next: LegendOptions | null = null;
    if (opts.legend && c?.kind === 'categorical') {
      let missing = 0;
      for (let i = 0; i < c.codes.length; i++) if (c.codes[i] >= c.names.length) missing++;
      let values: ArrayLike<number> = c.codes;
      const categories = c.names.slice();
      const colors = categoricalColors(Math.max(1, categories.length)).slice(0, categories.length);
      const counts = Array.from(c.counts);
      if (missing) {
        // The legend needs a code for every row: missing values get their own entry.
        const codes = Uint16Array.from(c.codes, (k) => (k < c.names.length ? k : c.names.length));
        values = codes;
        categories.push('(missing)');
        colors.push(MISSING_COLOR);
        counts.push(missing);
      }
      next = { type: 'categorical', categories, colors, counts, values, selection, theme: opts.theme };
    } else if (opts.legend && c?.kind === 'continuous') {
      next = { type: 'continuous', domain: c.domain[0] <= c.domain[1] ? c.domain : [c.domain[1], c.domain[0]], scheme: opts.scheme, theme: opts.theme };
    }
    legendBox.hidden = !next || !!glFailure;
    // Rebuilt only when what it shows changed (the encoding, the scheme, the theme or the selection store).
    const key = next ? [c, next.scheme, next.theme, selection] : null;
    if (key && legendKey && key.every((v, i) => v === legendKey![i])) return;
    offLegend?.();
    offLegend = null;
    legend?.destroy();
    legend = null;
    legendKey = key;
    if (!next) return;
    legend = createLegend(legendBox, next);
    offLegend = legend.on('select', (e) => emitter.emit('select', { indices: e.indices, tool: 'legend' }));
  }

  // ---- selection, highlight, search ----
  function onSelectionChange() {
    computeFlags();
    sendVisible();
    updateSummary();
    life.schedule();
  }

  function setHighlight() {
    const h = opts.highlight as ArrayLike<number> | null;
    if (!h || !h.length || !input) highlightMask = null;
    else {
      highlightMask = new Uint8Array(input.n);
      for (let i = 0; i < h.length; i++) if (h[i] >= 0 && h[i] < input.n) highlightMask[h[i]] = 1;
    }
  }

  function runSearchNow() {
    const token = ++searchToken;
    const matcher = searchMatcher(opts.search);
    const col = input ? (text?.search ?? null) : null;
    if (!matcher || !col) {
      const had = matchMask;
      matchMask = null;
      matchCount = 0;
      searching = null;
      if (had) computeFlags();
      return;
    }
    const p = runSearch(col, matcher, () => token !== searchToken || life.destroyed).then((r) => {
      if (!r || token !== searchToken) return;
      matchMask = r.mask;
      matchCount = r.count;
      computeFlags();
      updateSummary();
      emitter.emit('search', { matches: r.count });
    });
    searching = p;
    p.finally(() => searching === p && (searching = null)).catch(() => {});
  }

  // ---- view ----
  const dpr = () => pixelRatio();

  function fit() {
    if (!cpu || !W || !H) return;
    cameraMove = null;
    if (cpu.dims === 2) {
      // The data fill the width the legend leaves (its centre in the middle of that room).
      const inset = (fittedInset = legendInset());
      const v = fitView([cpu.min[0], cpu.min[1], cpu.max[0], cpu.max[1]], W - inset, H);
      view = { ...v, cx: v.cx - inset / (2 * v.kx) };
      fitK = view.kx;
      fitKy = view.ky;
    } else {
      const c = [0, 1, 2].map((k) => (cpu!.min[k] + cpu!.max[k]) / 2) as [number, number, number];
      const r = Math.hypot(cpu.max[0] - cpu.min[0], cpu.max[1] - cpu.min[1], cpu.max[2] - cpu.min[2]) / 2;
      orbit = fitOrbit(c, r || 1);
      fitDist = orbit.dist;
    }
    userMoved = false;
    resetBtn.hidden = true;
  }

  function moved() {
    userMoved = true;
    resetBtn.hidden = false;
    emitter.emit('view', { zoom: zoomLevel(), camera: getCamera() });
    life.schedule();
  }

  /** The camera as plain JSON in data coordinates (see PointCloudCamera). */
  function getCamera(): PointCloudCamera {
    const to = cameraMove ? { view: cameraMove.toView, orbit: cameraMove.toOrbit } : { view, orbit };
    const d = cpu ? cpu.dims : dims();
    if (!cpu) return pendingCamera ?? (d === 3 ? { view: '3d', target: [0, 0, 0], zoom: 1, yaw: 0.6, pitch: 0.35 } : { view: '2d', center: [0, 0], zoom: 1, aspect: 1 });
    const o = cpu.origin, k = cpu.scale;
    if (d === 2) {
      const v = to.view;
      return { view: '2d', center: [v.cx / k + o[0], v.cy / k + o[1]], zoom: v.kx / fitK, aspect: v.ky / v.kx / (fitKy / fitK) };
    }
    const b = to.orbit;
    // Yaw in −π…π (dragging winds it up).
    const yaw = b.yaw - 2 * Math.PI * Math.round(b.yaw / (2 * Math.PI));
    return { view: '3d', target: [b.target[0] / k + o[0], b.target[1] / k + o[1], b.target[2] / k + o[2]], zoom: fitDist / b.dist, yaw, pitch: b.pitch };
  }

  /** Moves the camera to a checked camera of the current view, at once or over `ms`. */
  function applyCamera(c: PointCloudCamera, ms: number) {
    if (!cpu) return;
    const o = cpu.origin, k = cpu.scale;
    let toView = view, toOrbit = orbit;
    if (c.view === '2d') toView = { cx: (c.center[0] - o[0]) * k, cy: (c.center[1] - o[1]) * k, kx: c.zoom * fitK, ky: c.zoom * c.aspect * fitKy };
    else toOrbit = { ...orbit, target: [(c.target[0] - o[0]) * k, (c.target[1] - o[1]) * k, (c.target[2] - o[2]) * k], dist: fitDist / c.zoom, yaw: c.yaw, pitch: c.pitch };
    cameraMove = null;
    if (ms > 0) cameraMove = { view, orbit, toView, toOrbit, start: -1, ms };
    else {
      view = toView;
      orbit = toOrbit;
    }
    moved();
  }

  /** Advances a setCamera animation; true while it runs. */
  function stepCamera(now: number): boolean {
    const m = cameraMove;
    if (!m) return false;
    if (m.start < 0) m.start = now;
    const t = Math.min(1, (now - m.start) / m.ms), e = ease(t);
    const lerp = (a: number, b: number) => a + (b - a) * e;
    // Zoom moves geometrically (a constant rate on screen).
    const geo = (a: number, b: number) => a * (b / a) ** e;
    const a = m.view, b = m.toView;
    view = { cx: lerp(a.cx, b.cx), cy: lerp(a.cy, b.cy), kx: geo(a.kx, b.kx), ky: geo(a.ky, b.ky) };
    const p = m.orbit, q = m.toOrbit;
    // The shorter way round.
    const dyaw = q.yaw - p.yaw - 2 * Math.PI * Math.round((q.yaw - p.yaw) / (2 * Math.PI));
    orbit = { ...q, target: [0, 1, 2].map((i) => lerp(p.target[i], q.target[i])) as [number, number, number], dist: geo(p.dist, q.dist), yaw: t < 1 ? p.yaw + dyaw * e : q.yaw, pitch: lerp(p.pitch, q.pitch) };
    if (t >= 1) cameraMove = null;
    return t < 1;
  }

  const zoomLevel = () => (cpu?.dims === 3 ? fitDist / orbit.dist : view.kx / fitK);
  const matrix = () => (cpu?.dims === 3 ? orbitMatrix(orbit, W, H) : viewMatrix2D(view, W, H));

  /** CSS px of compact point g. */
  function screenOf(g: number, m = matrix()): [number, number] | null {
    if (!cpu) return null;
    const p = cpu.dims === 3 ? project(m, W, H, cpu.x[g], cpu.y[g], cpuZ(g)) : toScreen2D(view, W, H, cpu.x[g], cpu.y[g]);
    return p[0] === p[0] ? p : null;
  }
  // 3D z of compact point g, from the quantised buffer (the exact z is not kept on the main thread).
  const cpuZ = (g: number) => cpu!.min[2] + (cpu!.q![3 * g + 2] / 65535) * (cpu!.max[2] - cpu!.min[2]);

  function gpuIndex(row: number): number {
    if (!cpu || row < 0 || !(row < (input?.n ?? 0))) return -1;
    if (!rowOf) return row;
    if (!gpuOf) {
      gpuOf = new Int32Array(input!.n).fill(-1);
      for (let g = 0; g < rowOf.length; g++) gpuOf[rowOf[g]] = g;
    }
    return gpuOf[row];
  }
  const rowIndex = (g: number) => (g < 0 ? -1 : rowOf ? rowOf[g] : g);

  function pointSizeCss(): number {
    return opts.sizeUnits === 'data' && cpu?.dims !== 3 ? opts.size * view.kx * cpu!.scale : opts.size;
  }

  /** Expected points covering one pixel where the data are densest. */
  function overlap(): number {
    if (!cpu) return 0;
    const s = pointSizeCss();
    const area = Math.max(1, (Math.PI * s * s) / 4);
    if (cpu.dims === 3) return ((cpu.count / Math.max(1, W * H)) * 4 * area);
    // Points of the densest cell pile up on each pixel as far as the cell is smaller than a point.
    return peak * Math.min(1, area / (peakCell * view.kx * view.ky));
  }

  function frameProps(t: number): FrameProps {
    const k = dpr();
    const ov = overlap();
    const sprite = spriteFrame();
    // Images shown at this zoom take the place of the density picture.
    const density = !spriteCss() && (opts.density === 'on' || (opts.density === 'auto' && ov > 12));
    densityOn = density;
    const fg = readThemeColor(root, '--tl-fg');
    const cm = colorMode();
    const auto = opts.opacity === 'auto';
    lastOpacity = auto ? autoOpacity(ov) : (opts.opacity as number);
    const constant = input?.color.kind === 'constant' ? input.color.color : readThemeColor(root, '--tl-accent') || '#0969da';
    return {
      width: canvas.width,
      height: canvas.height,
      matrix: matrix(),
      size: opts.size,
      sizeScale: opts.sizeUnits === 'data' && cpu!.dims === 2 ? view.kx * k * cpu!.scale : k,
      perspective: opts.sizeUnits === 'data' && cpu!.dims === 3 ? (k * H * cpu!.scale) / (2 * Math.tan(orbit.fov / 2)) : 0,
      colorMode: cm,
      opacity: lastOpacity,
      // The density picture encodes overlap itself: under 'auto' its densest pixels are opaque.
      densityOpacity: auto ? 1 : Math.min(1, (opts.opacity as number) * 1.25),
      density,
      logMax: Math.log(1 + Math.max(2, ov)),
      active: [selection.size > 0 ? 1 : 0, highlightMask ? 1 : 0, matchMask ? 1 : 0],
      hideUnselected: opts.showOnlySelected,
      t,
      constColor: unit(rgb(constant, root)),
      missingColor: unit(rgb(MISSING_COLOR)),
      ringColor: unit(rgb(fg || '#1f2328')),
      sprite,
    };
  }

  const ease = (t: number) => (t < 0.5 ? 4 * t * t * t : 1 - (-2 * t + 2) ** 3 / 2);

  /** Draws one frame; returns true while a transition is running. */
  function drawFrame(now: number): boolean {
    if (!renderer || !cpu || context.lost || !W || !H) return false;
    const camera = stepCamera(now);
    let t = 1;
    if (renderer.transitioning) {
      if (transitionStart <= 0) transitionStart = now;
      t = opts.transition ? Math.min(1, (now - transitionStart) / opts.transition) : 1;
      if (t >= 1) renderer.endTransition();
    }
    renderer.draw(frameProps(ease(t)));
    // Index the positions now that they are on screen (not before: it would compete with the first frame).
    index?.startSoon();
    placeLabels();
    return t < 1 || camera;
  }

  async function render(): Promise<void> {
    while (loading || searching) await (loading ?? searching)?.catch(() => {});
    // Dots first; images when their sheet has loaded.
    if (spriteLoading) {
      drawFrame(performance.now());
      while (spriteLoading) await spriteLoading;
    }
    if (spriteFailure && !life.destroyed) {
      // A sprite that does not fit the data: said as an event; the points stay dots.
      const e = spriteFailure;
      spriteFailure = null;
      emitter.emit('error', { error: e, message: e instanceof Error ? e.message : String(e) });
    }
    if (loadFailure) {
      // Data given as a tensor turned out invalid: said on screen and as an event; whenRendered() rejects.
      const e = loadFailure;
      loadFailure = null;
      errorText.textContent = e instanceof Error ? e.message : String(e);
      errorText.hidden = false;
      emitter.emit('error', { error: e, message: errorText.textContent });
      throw e;
    }
    if (life.destroyed) return;
    if (glFailure) {
      if (!glFailureReported) emitter.emit('error', { error: glFailure, message: UNSAFE_EVAL_TEXT });
      glFailureReported = true;
      throw glFailure;
    }
    if (drawFrame(performance.now())) return life.schedule();
    if (cpu && !context.lost) emitter.emit('render', { count: cpu.count });
  }

  // ---- labels, tooltip, summary ----
  function labelText(row: number): string {
    if (text?.label) return fmt(text.label[row]);
    const c = input?.color;
    if (c?.kind === 'categorical') return `${c.names[c.codes[row]] ?? ''} #${row}`;
    return `#${row}`;
  }

  /**
   * The labels: the hovered point, the selection, and (labels 'auto' zoomed in, or 'all') the points in view;
   * DOM text placed greedily so that none overlaps another (right of the point, else left, above, below).
   */
  function placeLabels() {
    labels.replaceChildren();
    if (!cpu) return;
    const m = matrix();
    const rows: number[] = [];
    const seen = new Set<number>();
    const want = (r: number) => {
      if (seen.has(r)) return;
      rows.push(r);
      seen.add(r);
    };
    if (hovered >= 0) want(hovered);
    let k = 0;
    if (selection.size <= 10_000)
      selection.forEach((r) => {
        if (k++ < opts.maxLabels) want(r);
      });
    const inView = opts.labels === 'all' || (opts.labels === 'auto' && zoomLevel() > 1 + 1e-9) ? pointsInView(m, opts.labels === 'all' ? 2 * opts.maxLabels : opts.maxLabels) : null;
    if (inView && (opts.labels === 'all' || inView.length <= opts.maxLabels)) inView.forEach(want);
    // Write all spans, then read their sizes at once (one layout), then place them.
    const spans: Array<{ s: HTMLElement; p: [number, number]; hover: boolean }> = [];
    for (const row of rows) {
      const g = gpuIndex(row);
      const p = g >= 0 ? screenOf(g, m) : null;
      if (!p || p[0] < 0 || p[1] < 0 || p[0] > W || p[1] > H) continue;
      const hover = row === hovered;
      spans.push({ s: el('span', { class: 'tl-pc-label', text: labelText(row), 'data-hover': hover || null }, labels), p, hover });
    }
    const r = Math.max(pointSizeCss(), cpu.dims === 2 ? spriteCss() : 0) / 2 + 2;
    const placed: number[][] = [];
    let shown = 0;
    for (const { s, p, hover } of spans) {
      const w = s.offsetWidth, h = s.offsetHeight;
      const [x, y] = p;
      const spots = [[x + r + 2, y - h / 2], [x - r - 2 - w, y - h / 2], [x - w / 2, y - r - h], [x - w / 2, y + r]];
      const spot = hover ? spots[0] : spots.find(([a, b]) => !placed.some(([c, d, e, f]) => a < e && c < a + w && b < f && d < b + h));
      if (!spot || (!hover && shown >= opts.maxLabels + 1)) {
        s.remove();
        continue;
      }
      shown++;
      placed.push([spot[0], spot[1], spot[0] + w, spot[1] + h]);
      s.style.left = spot[0] + 'px';
      s.style.top = spot[1] + 'px';
    }
  }

  /** Rows of the points in view (drawn, inside the canvas), stopping after `most` + 1. */
  function pointsInView(m: ArrayLike<number>, most: number): number[] {
    const out: number[] = [];
    const set = cpu!;
    const only = opts.showOnlySelected && selection.size > 0 ? selection.words : null;
    for (let g = 0; g < set.count && out.length <= most; g++) {
      const row = rowIndex(g);
      if (only && !(only[row >>> 5] & (1 << (row & 31)))) continue;
      const p = set.dims === 3 ? project(m, W, H, set.x[g], set.y[g], cpuZ(g)) : toScreen2D(view, W, H, set.x[g], set.y[g]);
      if (p[0] >= 0 && p[1] >= 0 && p[0] <= W && p[1] <= H) out.push(row);
    }
    return out;
  }

  function tooltipRows(row: number): Array<[string, string]> {
    const rows: Array<[string, string]> = [['index', String(row)]];
    const inp = input!;
    if (text?.label) rows.push(['label', fmt(text.label[row])]);
    const c = inp.color;
    if (c.kind === 'categorical') rows.push(['colour', c.names[c.codes[row]] ?? 'missing']);
    if (c.kind === 'continuous') rows.push(['colour', fmt(c.values[row])]);
    const m = inp.table;
    if (m) for (const f of text?.tooltipFields ?? []) rows.push([f, fmt(m.columns[f][row])]);
    return rows;
  }

  function updateSummary() {
    const inp = input;
    const parts = [`${opts.title}: ${inp ? inp.n.toLocaleString('en') : 0} points`];
    if (skipped) parts.push(`${skipped.toLocaleString('en')} skipped (not finite)`);
    if (inp?.color.kind === 'categorical') parts.push(`${inp.color.names.length} categories`);
    parts.push(`${selection.size.toLocaleString('en')} selected`);
    if (matchMask) parts.push(`${matchCount.toLocaleString('en')} match the search`);
    const text = parts.join(', ') + '.';
    summary.textContent = text;
    root.setAttribute('aria-label', text);
  }

  // ---- hover and picking ----
  let hoverBusy = false;
  let hoverNext: [number, number] | null = null;

  function query(sx: number, sy: number): Promise<number> {
    if (!index || !cpu) return Promise.resolve(-1);
    // Over an image, anywhere on it (2D; in 3D about its size at the target).
    const r = Math.max(5, pointSizeCss() / 2 + 3, spriteCss() / 2);
    if (cpu.dims === 3) return index.hover({ x: sx, y: sy, radius: r, scaleY: 1, matrix: Array.from(matrix()), w: W, h: H }).then(rowIndex);
    const [x, y] = toData2D(view, W, H, sx, sy);
    return index.hover({ x, y, radius: r / view.kx, scaleY: view.ky / view.kx, w: W, h: H }).then(rowIndex);
  }

  function hoverAt(sx: number, sy: number) {
    if (hoverBusy) {
      hoverNext = [sx, sy];
      return;
    }
    hoverBusy = true;
    query(sx, sy).then((row) => {
      hoverBusy = false;
      if (life.destroyed) return;
      if (hoverNext) {
        const [a, b] = hoverNext;
        hoverNext = null;
        return hoverAt(a, b);
      }
      setHover(row);
    });
  }

  function setHover(row: number) {
    if (row === hovered) return;
    hovered = row;
    if (row < 0) {
      tooltip.hide();
      emitter.emit('hover', null);
    } else {
      const p = screenOf(gpuIndex(row)) ?? [0, 0];
      if (opts.tooltip) tooltip.show(p[0], p[1], tooltipRows(row));
      emitter.emit('hover', { index: row, x: p[0], y: p[1] });
    }
    placeLabels();
  }

  const local = (e: { clientX: number; clientY: number }): [number, number] => {
    const r = canvas.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  };

  // ---- pointer interaction ----
  let drag: { kind: 'pan' | 'box' | 'lasso'; path: number[] } | null = null;
  attachGestures(
    life,
    canvas,
    {
      start: (p, e) => {
        drag = { kind: e.shiftKey && opts.tool === 'pan' ? 'lasso' : opts.tool, path: [p[0], p[1]] };
      },
      hover: (p) => hoverAt(p[0], p[1]),
      drag: (p, last, start) => {
        if (!drag) return;
        if (drag.kind === 'pan') {
          panPx(p[0] - last[0], p[1] - last[1]);
          setHover(-1);
        } else if (drag.kind === 'box') {
          lassoPath.setAttribute('d', `M${start[0]},${start[1]}H${p[0]}V${p[1]}H${start[0]}Z`);
        } else {
          drag.path.push(p[0], p[1]);
          lassoPath.setAttribute('d', 'M' + drag.path.join(' ').replace(/(\S+) (\S+)/g, '$1,$2').split(' ').join('L') + 'Z');
        }
      },
      end: (p, moved, start) => {
        const d = drag;
        drag = null;
        lassoPath.setAttribute('d', '');
        if (!d) return;
        if (!moved) return void clickAt(p[0], p[1]);
        if (d.kind === 'box') selectPolygon([start[0], start[1], p[0], start[1], p[0], p[1], start[0], p[1]], 'box');
        else if (d.kind === 'lasso') selectPolygon(d.path, 'lasso');
      },
      cancel: () => {
        drag = null;
        lassoPath.setAttribute('d', '');
      },
      leave: (pressed) => {
        if (!pressed) {
          hoverNext = null;
          setHover(-1);
        }
      },
      zoom: (f, at, pan) => {
        zoomBy(f, at);
        if (pan) panPx(pan[0], pan[1]);
      },
    },
    root,
  );

  function clickAt(sx: number, sy: number) {
    query(sx, sy).then((row) => {
      if (life.destroyed) return;
      if (row < 0) {
        if (selection.size) selection.clear(self);
        return;
      }
      emitter.emit('click', { index: row });
      selection.set([row], self);
      emitter.emit('select', { indices: Uint32Array.of(row), tool: 'click' });
    });
  }

  /** Selects the points inside a polygon of CSS px. */
  function selectPolygon(poly: number[], tool: 'box' | 'lasso'): Promise<Uint32Array> {
    if (!index || !cpu) return Promise.resolve(new Uint32Array(0));
    const set = cpu;
    let q: Float64Array;
    let m: number[] | undefined;
    if (cpu.dims === 3) {
      q = Float64Array.from(poly);
      m = Array.from(matrix());
    } else {
      q = new Float64Array(poly.length);
      for (let i = 0; i < poly.length; i += 2) [q[i], q[i + 1]] = toData2D(view, W, H, poly[i], poly[i + 1]);
    }
    return index.polygon(q, m, W, H).then((g) => {
      if (life.destroyed || set !== cpu) return new Uint32Array(0);
      const rows = rowOf ? g.map((i) => rowOf![i]).sort() : g;
      selection.set(rows, self);
      emitter.emit('select', { indices: rows, tool });
      return rows;
    });
  }

  function panPx(dx: number, dy: number) {
    if (!cpu) return;
    cameraMove = null;
    if (cpu.dims === 2) view = panBy(view, dx, dy);
    else {
      orbit = { ...orbit, yaw: orbit.yaw - dx * 0.008, pitch: Math.max(-1.5, Math.min(1.5, orbit.pitch + dy * 0.008)) };
    }
    moved();
  }

  function zoomBy(f: number, at: [number, number] = [W / 2, H / 2]) {
    if (!cpu || !(f > 0)) return;
    cameraMove = null;
    if (cpu.dims === 2) {
      const k = Math.max(fitK / 50, Math.min(fitK * 1e6, view.kx * f));
      view = zoomAt(view, W, H, at[0], at[1], k / view.kx);
    } else orbit = { ...orbit, dist: Math.max(fitDist / 1e4, Math.min(fitDist * 20, orbit.dist / f)) };
    moved();
  }

  // ---- keyboard ----
  life.listen(root, 'keydown', (ev) => {
    const e = ev as KeyboardEvent;
    const step = 0.1 * Math.min(W, H);
    const keys: Record<string, () => void> = {
      ArrowLeft: () => panPx(step, 0),
      ArrowRight: () => panPx(-step, 0),
      ArrowUp: () => panPx(0, step),
      ArrowDown: () => panPx(0, -step),
      '+': () => zoomBy(1.25),
      '=': () => zoomBy(1.25),
      '-': () => zoomBy(0.8),
      Escape: () => selection.size && selection.clear(self),
      Home: () => handle.resetView(),
      '0': () => handle.resetView(),
    };
    const f = keys[e.key];
    if (f && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      f();
    }
  });
  life.listen(resetBtn, 'click', () => handle.resetView());

  // ---- size ----
  observeSize(
    root,
    (w, h) => {
      const first = !W || !H;
      W = w;
      H = h;
      const k = dpr();
      canvas.width = Math.max(1, Math.round(w * k));
      canvas.height = Math.max(1, Math.round(h * k));
      overlay.setAttribute('viewBox', `0 0 ${w} ${h}`);
      if (first || !userMoved) fit();
      if (!life.destroyed) life.schedule();
    },
    life,
  );
  // Synchronous first size, so whenRendered() after create draws at once.
  W = root.clientWidth;
  H = root.clientHeight;
  canvas.width = Math.max(1, Math.round(W * dpr()));
  canvas.height = Math.max(1, Math.round(H * dpr()));

  // ---- load ----
  try {
    load(firstInput, true);
  } catch (e) {
    life.destroy();
    throw e;
  }
  updateSummary();
  life.schedule();

  /** Swaps the selection store the cloud reads and writes. */
  function useSelection(next: Selection | null) {
    unsubSel();
    ownSelection?.destroy();
    ownSelection = null;
    selection = next ?? (ownSelection = createSelection());
    unsubSel = selection.on('change', onSelectionChange);
  }

  const handle: PointCloudHandle = {
    element: root,
    get count() {
      return input?.n ?? 0;
    },
    get skipped() {
      return skipped;
    },
    get bytesPerPoint() {
      return cpu ? bpp(cpu.dims, !!cvBase) : 0;
    },
    get densityActive() {
      return densityOn;
    },
    get matches() {
      return matchCount;
    },
    get selection() {
      return selection;
    },
    get data() {
      return input?.table ?? null;
    },
    get pointOpacity() {
      return lastOpacity;
    },
    get sprites() {
      return { state: spriteState, pages: sprites?.layout.pages ?? 0, bytes: renderer?.spriteBytes ?? 0, error: spriteError };
    },
    update(partial) {
      life.assertAlive();
      // Everything that can throw comes first (options, data, text columns): a bad update changes nothing.
      const change = pointCloudOptions.merge(opts, partial);
      const next = change.options as Opts;
      const changed = change.changed;
      const dataChanged = [...changed].some((k) => pointCloudOptions.schema[k].invalidates === 'data');
      const nextInput = dataChanged ? readInput(next, changed.has('data') ? readTable(next.data) : (input?.table ?? readTable(next.data))) : input;
      const nextText = nextInput && !(nextInput instanceof Promise) ? resolveText(next, nextInput) : text;
      // Commit.
      const spriteTokenBefore = spriteToken;
      opts = next;
      if (changed.has('selection')) useSelection(next.selection as Selection | null);
      if (changed.has('tool')) root.dataset.tool = next.tool;
      if (changed.has('theme')) {
        if (next.theme === 'auto') delete root.dataset.theme;
        else root.dataset.theme = next.theme;
      }
      if (dataChanged && nextInput) load(nextInput, false);
      else {
        text = nextText;
        if (changed.has('scheme')) setColors();
        if (changed.has('highlight')) setHighlight();
        if (changed.has('search') || changed.has('searchField') || changed.has('label')) runSearchNow();
        computeFlags();
        sendVisible();
        updateLegend();
      }
      if (changed.has('tooltip') && !next.tooltip) tooltip.hide();
      // (New data with another number of rows has read the sprite again already.)
      if ((changed.has('sprite') || changed.has('spritePageSize')) && spriteToken === spriteTokenBefore) loadSprites();
      updateSummary();
      life.schedule();
    },
    on: (type, fn) => emitter.on(type, fn),
    // Where WebGL cannot compile, every state ends in that error, also for a caller that asks after the frame.
    whenRendered: () => (glFailure ? life.whenRendered().then(() => Promise.reject(glFailure)) : life.whenRendered()),
    destroy: () => life.destroy(),
    getCamera,
    setCamera(camera, options = {}) {
      life.assertAlive();
      const c = checkCamera(camera);
      const ms = options.transition ?? 0;
      if (typeof ms !== 'number' || !(ms >= 0) || ms === Infinity) throw fail('option', 'options.transition', 'a duration in ms ≥ 0', ms);
      // Before the data arrive the view is not known yet: kept, and applied if it is the data's view.
      if (!cpu) pendingCamera = c;
      else if (c.view !== (cpu.dims === 3 ? '3d' : '2d')) throw fail('option', 'camera.view', `'${cpu.dims}d' (the view the point cloud shows now)`, c.view);
      else applyCamera(c, ms);
      life.schedule();
    },
    resetView() {
      fit();
      emitter.emit('view', { zoom: 1, camera: getCamera() });
      life.schedule();
    },
    zoomToSelection() {
      handle.zoomToIndices(selection.toArray());
    },
    zoomToIndices(rows) {
      if (!cpu || !rows.length) return;
      let x0 = Infinity, y0 = Infinity, z0 = Infinity, x1 = -Infinity, y1 = -Infinity, z1 = -Infinity;
      for (let i = 0; i < rows.length; i++) {
        const g = gpuIndex(rows[i]);
        if (g < 0) continue;
        const x = cpu.x[g], y = cpu.y[g], z = cpu.dims === 3 ? cpuZ(g) : 0;
        x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y); z0 = Math.min(z0, z); z1 = Math.max(z1, z);
      }
      if (!(x0 <= x1)) return;
      if (cpu.dims === 2) {
        const v = fitView([x0, y0, x1, y1], W, H, 40);
        const k = x1 > x0 || y1 > y0 ? Math.min(v.kx, fitK * 1e5) : Math.max(view.kx, fitK * 8);
        view = { cx: v.cx, cy: v.cy, kx: k, ky: x1 > x0 || y1 > y0 ? Math.min(v.ky, fitK * 1e5) : k };
      } else {
        const r = Math.hypot(x1 - x0, y1 - y0, z1 - z0) / 2;
        orbit = { ...fitOrbit([(x0 + x1) / 2, (y0 + y1) / 2, (z0 + z1) / 2], r || fitDist / 20), yaw: orbit.yaw, pitch: orbit.pitch };
      }
      moved();
    },
    pick(clientX, clientY) {
      const [sx, sy] = local({ clientX, clientY });
      return query(sx, sy);
    },
    screenPosition(row) {
      const g = gpuIndex(row);
      return g >= 0 ? screenOf(g) : null;
    },
    async toPNG(scale) {
      handle.renderFrame();
      return exportPNG(root, { scale, background: readThemeColor(root, '--tl-bg') });
    },
    renderFrame() {
      life.assertAlive();
      drawFrame(performance.now());
    },
  };
  return handle;
}
