// createPointCloud: a WebGL (regl) point cloud for embeddings — 2D and 3D views, categories and values,
// density mode, transitions, hover from an off-thread spatial index, click/box/lasso selection into the shared
// Selection, labels, search, keyboard, context-loss recovery.
import { Emitter, Lifecycle, categoricalColors, createSelection, createTooltip, el, exportPNG, fail, injectTheme, interpolateScheme, MISSING_COLOR, observeSize, parseColor, pixelRatio, readThemeColor, svgEl } from '@tensorlens/core';
import type { Selection, Unsubscribe } from '@tensorlens/core';
import { computeBounds, compactPositions, packCategoryValue, quantize3, writeFlags, bytesPerPoint as bpp, FLAG_HIGHLIGHT, FLAG_MATCH, FLAG_SELECTED } from './packing';
import { fitOrbit, fitView, orbitMatrix, panBy, project, toData2D, toScreen2D, viewMatrix2D, zoomAt, type Orbit, type View2D } from './camera';
import { Renderer, type CpuSet, type FrameProps } from './renderer';
import { SpatialIndex } from './spatial-client';
import { readInput, type PointInput } from './input';
import { runSearch, searchMatcher } from './search';
import { injectPointCloudStyles } from './styles';
import { attachGestures } from '@tensorlens/core';
import { checkOptions, DEFAULTS, type PointCloudEvents, type PointCloudHandle, type PointCloudOptions } from './options';

type Opts = Omit<PointCloudOptions, keyof typeof DEFAULTS> & { [K in keyof typeof DEFAULTS]-?: NonNullable<PointCloudOptions[K]> | (typeof DEFAULTS)[K] };
type RGB = [number, number, number];

const DATA_KEYS = ['x', 'y', 'z', 'positions', 'data', 'xField', 'yField', 'zField', 'category', 'categoryNames', 'value', 'valueDomain', 'metadata', 'view'] as const;
const rgb = (c: string): RGB => parseColor(c).slice(0, 3) as RGB;
const unit = (c: RGB, a = 1): [number, number, number, number] => [c[0] / 255, c[1] / 255, c[2] / 255, a];
const ramp = (f: (t: number) => string, lo = 0, hi = 1): RGB[] => Array.from({ length: 256 }, (_, i) => rgb(f(lo + ((hi - lo) * i) / 255)));
const fmt = (v: unknown) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toPrecision(4)) : String(v ?? ''));

/** A WebGL point cloud; see docs/point-cloud.md. */
export function createPointCloud(container: HTMLElement, options: PointCloudOptions): PointCloudHandle {
  if (!container || typeof (container as HTMLElement).appendChild !== 'function') throw fail('type', 'container', 'an HTMLElement', container);
  if (!options || typeof options !== 'object') throw fail('type', 'options', 'an options object', options);
  checkOptions(options);
  let opts = { ...DEFAULTS, ...options } as Opts;
  const emitter = new Emitter<PointCloudEvents>();
  const life = new Lifecycle(render);
  const self = {};

  // ---- DOM ----
  injectTheme(container.getRootNode() as Document | ShadowRoot);
  injectPointCloudStyles(container);
  const root = el('div', { class: 'tl-root tl-pc', tabindex: 0, role: 'figure', 'aria-roledescription': 'point cloud', 'data-tool': opts.tool }, container);
  life.own(() => root.remove());
  // A container with a height of its own is filled; one without gets the minimum height.
  if (container.clientHeight > 0) root.style.minHeight = '0';
  const canvas = el('canvas', { class: 'tl-pc-canvas', 'aria-hidden': 'true' }, root);
  const overlay = svgEl('svg', { class: 'tl-pc-overlay', 'aria-hidden': 'true' }, root);
  const lassoPath = svgEl('path', { d: '' }, overlay);
  const labels = el('div', { class: 'tl-pc-labels', 'aria-hidden': 'true' }, root);
  const summary = el('p', { class: 'tl-pc-summary tl-visually-hidden', 'aria-live': 'polite' }, root);
  const resetBtn = el('button', { class: 'tl-pc-reset', type: 'button', text: 'Reset view', hidden: true }, root);
  const tooltip = createTooltip(root);
  life.own(() => tooltip.destroy());

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
  let orbit: Orbit = fitOrbit([0, 0, 0], 1);
  let fitDist = 1;
  let userMoved = false;
  let W = 0, H = 0;
  let loading: Promise<void> | null = null;
  let searching: Promise<void> | null = null;
  let searchToken = 0;
  let matchMask: Uint8Array | null = null;
  let matchCount = 0;
  let highlightMask: Uint8Array | null = null;
  let transitionStart = -1;
  let hovered = -1;
  let densityOn = false;
  let lost = false;
  let ownSelection: Selection | null = null;
  let selection: Selection = opts.selection ?? (ownSelection = createSelection());
  let unsubSel: Unsubscribe = selection.on('change', onSelectionChange);
  life.own(() => {
    unsubSel();
    ownSelection?.destroy();
  });
  life.own(() => emitter.clear());

  // ---- WebGL ----
  const gl = canvas.getContext('webgl', { antialias: false, alpha: true, premultipliedAlpha: true, preserveDrawingBuffer: true, depth: false, stencil: false }) as WebGLRenderingContext | null;
  let renderer: Renderer | null = null;
  let index: SpatialIndex | null = null;
  if (!gl) {
    canvas.remove();
    el('div', { class: 'tl-pc-message', role: 'alert', text: 'WebGL is not available in this browser, so the point cloud cannot be drawn. Try another browser or enable hardware acceleration.' }, root);
  } else {
    renderer = new Renderer(gl);
    index = new SpatialIndex();
    life.own(() => {
      index!.destroy();
      renderer!.finalize(true);
    });
    life.listen(canvas, 'webglcontextlost', (e) => {
      e.preventDefault();
      lost = true;
      renderer!.finalize(false);
    });
    life.listen(canvas, 'webglcontextrestored', () => {
      lost = false;
      renderer!.initialize();
      setColors();
      emitter.emit('contextrestored', {});
      life.schedule();
    });
  }

  // ---- data ----
  const dims = (): 2 | 3 => (opts.view === '3d' ? 3 : opts.view === '2d' ? 2 : input?.z ? 3 : 2);

  function load(first: boolean) {
    const r = readInput(opts);
    const apply = (inp: PointInput) => {
      if (life.destroyed) return;
      const prev = cpu;
      input = inp;
      buildSet(prev, first);
    };
    if (r instanceof Promise) {
      const p = r.then(apply);
      loading = p;
      p.finally(() => loading === p && (loading = null)).catch(() => {});
    } else apply(r);
  }

  function buildSet(prev: CpuSet | null, first: boolean) {
    const inp = input!;
    const d = dims();
    const z = d === 3 ? (inp.z ?? new Float32Array(inp.n)) : null;
    const b = computeBounds(inp.x, inp.y, z);
    skipped = b.skipped;
    let X: Float32Array, Y: Float32Array, Z: Float32Array | null = null;
    let origin: [number, number, number] = [0, 0, 0];
    if (d === 2 && !skipped && inp.x instanceof Float32Array && inp.y instanceof Float32Array) {
      // Zero copy: the caller's columns are uploaded as they are.
      X = inp.x;
      Y = inp.y;
      rowOf = null;
    } else {
      if (b.count) origin = [0, 1, 2].map((k) => (b.min[k] + b.max[k]) / 2) as [number, number, number];
      const c = compactPositions(inp.x, inp.y, z, b.count, origin);
      X = c.x;
      Y = c.y;
      Z = c.z;
      rowOf = c.rowOf;
    }
    gpuOf = null;
    const min = b.min.map((v, k) => (b.count ? v - origin[k] : 0)) as [number, number, number];
    const max = b.max.map((v, k) => (b.count ? v - origin[k] : 0)) as [number, number, number];
    const next: CpuSet = { dims: d, count: b.count, x: X, y: Y, q: Z ? quantize3(X, Y, Z, min, max) : null, min, max, origin, cv: null };
    packCV(next);
    peak = d === 2 ? peakDensity(X, Y, min, max) : 0;
    const t = opts.transition;
    const mode = !prev || first || !t ? 'none' : prev.count === next.count && prev.dims === next.dims ? 'interpolate' : 'crossfade';
    cpu = next;
    if (renderer) {
      renderer.setData(next, mode);
      if (!lost) setColors();
    }
    transitionStart = mode === 'none' ? -1 : 0;
    index?.load(d, X, Y, Z);
    sendVisible();
    if (first || !userMoved || (prev && prev.dims !== d)) fit();
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

  function colorMode(): number {
    const by = opts.colorBy === 'auto' ? (input?.category ? 'category' : input?.value ? 'value' : 'none') : opts.colorBy;
    return by === 'category' && input?.category ? 1 : by === 'value' && input?.value ? 2 : 0;
  }

  function packCV(set: CpuSet) {
    const inp = input!;
    const needed = !!(inp.category || inp.value);
    cvBase = needed ? packCategoryValue(new Uint16Array(set.count * 2), set.count, rowOf, inp.category, inp.value, inp.valueDomain, null) : null;
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
    if (opts.hideUnselected && selection.size > 0) {
      const v = new Uint8Array(cpu.count);
      const words = selection.words;
      for (let g = 0; g < cpu.count; g++) {
        const r = rowOf ? rowOf[g] : g;
        v[g] = words[r >>> 5] & (1 << (r & 31)) ? 1 : 0;
      }
      index.setVisible(v);
    } else index.setVisible(null);
  }

  function setColors() {
    if (!renderer || !input) return;
    const pal = categoricalColors(Math.max(1, input.categoryNames.length)).map(rgb);
    renderer.setColors(pal, ramp(interpolateScheme(opts.colorScheme)), ramp(interpolateScheme('magma'), 0.97, 0.12));
  }

  // ---- selection, highlight, search ----
  function onSelectionChange() {
    computeFlags();
    sendVisible();
    updateSummary();
    life.schedule();
  }

  function setHighlight() {
    const h = opts.highlight;
    if (!h || !h.length || !input) highlightMask = null;
    else {
      highlightMask = new Uint8Array(input.n);
      for (let i = 0; i < h.length; i++) if (h[i] >= 0 && h[i] < input.n) highlightMask[h[i]] = 1;
    }
  }

  function searchColumn(): ArrayLike<unknown> | null {
    const m = input?.metadata;
    if (!m) return null;
    const f = opts.searchField ?? opts.labelField ?? m.names.find((k) => typeof m.columns[k][0] === 'string') ?? m.names[0];
    if (!m.names.includes(f)) throw fail('option', opts.searchField ? 'options.searchField' : 'options.labelField', `a metadata field (${m.names.map((k) => `'${k}'`).join(', ')})`, f);
    return m.columns[f];
  }

  function runSearchNow() {
    const token = ++searchToken;
    const matcher = searchMatcher(opts.search);
    const col = input ? searchColumn() : null;
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
    if (cpu.dims === 2) {
      view = fitView([cpu.min[0], cpu.min[1], cpu.max[0], cpu.max[1]], W, H);
      fitK = view.kx;
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
    emitter.emit('view', { zoom: zoomLevel() });
    life.schedule();
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
    return opts.sizeUnits === 'data' && cpu?.dims !== 3 ? opts.size * view.kx : opts.size;
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
    const density = opts.density === 'on' || (opts.density === 'auto' && ov > 12);
    densityOn = density;
    const fg = readThemeColor(root, '--tl-fg');
    const cm = colorMode();
    return {
      width: canvas.width,
      height: canvas.height,
      matrix: matrix(),
      size: opts.size,
      sizeScale: opts.sizeUnits === 'data' && cpu!.dims === 2 ? view.kx * k : k,
      perspective: opts.sizeUnits === 'data' && cpu!.dims === 3 ? (k * H) / (2 * Math.tan(orbit.fov / 2)) : 0,
      colorMode: cm,
      opacity: opts.opacity === 'auto' ? (ov <= 1 ? 1 : Math.max(0.3, 1 / Math.sqrt(ov))) : opts.opacity,
      density,
      logMax: Math.log(1 + Math.max(2, ov)),
      active: [selection.size > 0 ? 1 : 0, highlightMask ? 1 : 0, matchMask ? 1 : 0],
      hideUnselected: opts.hideUnselected,
      t,
      constColor: unit(rgb(opts.color ?? (readThemeColor(root, '--tl-accent') || '#0969da'))),
      missingColor: unit(rgb(MISSING_COLOR)),
      ringColor: unit(rgb(fg || '#1f2328')),
    };
  }

  const ease = (t: number) => (t < 0.5 ? 4 * t * t * t : 1 - (-2 * t + 2) ** 3 / 2);

  /** Draws one frame; returns true while a transition is running. */
  function drawFrame(now: number): boolean {
    if (!renderer || !cpu || lost || !W || !H) return false;
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
    return t < 1;
  }

  async function render(): Promise<void> {
    while (loading || searching) await (loading ?? searching);
    if (life.destroyed) return;
    if (drawFrame(performance.now())) return life.schedule();
  }

  // ---- labels, tooltip, summary ----
  function labelText(row: number): string {
    const m = input?.metadata;
    if (opts.labelField && m?.columns[opts.labelField]) return fmt(m.columns[opts.labelField][row]);
    if (input?.category) return `${input.categoryNames[input.category[row]] ?? ''} #${row}`;
    return `#${row}`;
  }

  function placeLabels() {
    labels.replaceChildren();
    if (!cpu) return;
    const m = matrix();
    const add = (row: number, hover: boolean) => {
      const g = gpuIndex(row);
      const p = g >= 0 ? screenOf(g, m) : null;
      if (!p || p[0] < 0 || p[1] < 0 || p[0] > W || p[1] > H) return;
      const s = el('span', { class: 'tl-pc-label', text: labelText(row), 'data-hover': hover || null }, labels);
      s.style.left = p[0] + pointSizeCss() / 2 + 'px';
      s.style.top = p[1] + 'px';
    };
    let k = 0;
    if (selection.size <= 10_000)
      selection.forEach((r) => {
        if (k++ < opts.maxLabels && r !== hovered) add(r, false);
      });
    if (hovered >= 0) add(hovered, true);
  }

  function tooltipRows(row: number): Array<[string, string]> {
    const rows: Array<[string, string]> = [['index', String(row)]];
    const inp = input!;
    if (inp.category) rows.push(['category', inp.categoryNames[inp.category[row]] ?? 'missing']);
    if (inp.value) rows.push(['value', fmt(inp.value[row])]);
    const m = inp.metadata;
    if (m) {
      const fields = opts.tooltipFields ?? m.names.slice(0, 6);
      for (const f of fields) if (m.columns[f]) rows.push([f, fmt(m.columns[f][row])]);
    }
    return rows;
  }

  function updateSummary() {
    const inp = input;
    const parts = [`${opts.title}: ${inp ? inp.n.toLocaleString('en') : 0} points`];
    if (skipped) parts.push(`${skipped.toLocaleString('en')} skipped (not finite)`);
    if (inp?.category) parts.push(`${inp.categoryNames.length} categories`);
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
    const r = Math.max(5, pointSizeCss() / 2 + 3);
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
      tooltip.show(p[0], p[1], tooltipRows(row));
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
    if (cpu.dims === 2) view = panBy(view, dx, dy);
    else {
      orbit = { ...orbit, yaw: orbit.yaw - dx * 0.008, pitch: Math.max(-1.5, Math.min(1.5, orbit.pitch + dy * 0.008)) };
    }
    moved();
  }

  function zoomBy(f: number, at: [number, number] = [W / 2, H / 2]) {
    if (!cpu || !(f > 0)) return;
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
    setHighlight();
    load(true);
  } catch (e) {
    life.destroy();
    throw e;
  }
  updateSummary();
  life.schedule();

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
    get metadata() {
      return input?.metadata ?? null;
    },
    update(o) {
      life.assertAlive();
      checkOptions(o);
      const before = opts;
      opts = { ...opts, ...o } as Opts;
      if ('selection' in o && o.selection !== before.selection) {
        unsubSel();
        ownSelection?.destroy();
        ownSelection = null;
        selection = o.selection ?? (ownSelection = createSelection());
        unsubSel = selection.on('change', onSelectionChange);
      }
      if (o.tool) root.dataset.tool = o.tool;
      try {
        if (DATA_KEYS.some((k) => k in o && o[k] !== before[k])) {
          setHighlight();
          load(false);
        } else {
          if ('colorScheme' in o) setColors();
          if ('highlight' in o) setHighlight();
          if ('search' in o || 'searchField' in o || 'labelField' in o) runSearchNow();
          computeFlags();
          sendVisible();
        }
      } catch (e) {
        opts = before;
        throw e;
      }
      updateSummary();
      life.schedule();
    },
    on: (type, fn) => emitter.on(type, fn),
    whenRendered: () => life.whenRendered(),
    destroy: () => life.destroy(),
    resetView() {
      fit();
      emitter.emit('view', { zoom: 1 });
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
