// createActivationAtlas: an interactive activation atlas in WebGL (regl). Every level is one draw of textured
// quads per sprite page; the level of detail follows the zoom, two levels blending while a wheel or pinch zoom is in
// progress and exactly one drawn at rest; class tint/filter, density sizing and the top-class wash are uniforms over
// per-tile class attributes, so switching class re-uploads nothing. Hover tooltip with thumbnails, click → shared
// selection, minimap, keyboard, context-loss recovery.
import { attachGestures, categoricalColors, createLegend, createSelection, createTooltip, el, Emitter, exportPNG, fail, injectTheme, Lifecycle, localPoint, MISSING_COLOR, observeSize, onThemeChange, parseColor, pixelRatio, readThemeColor } from '@tensorlens/core';
import type { LegendHandle, LegendOptions, Selection, Unsubscribe } from '@tensorlens/core';
import type { ActivationAtlas, AtlasLevel, AtlasPage, AtlasSprites } from '@tensorlens/core';
import { buildTiles, chooseLod, classScoreMax, findCell, levelOrder, type LevelTiles, type Lod } from './lod';
import { Renderer, type Frame, type Layer, type PageSource } from './renderer';
import { injectAtlasStyles } from './styles';
import { UNSAFE_EVAL_TEXT, canCompileShaders, unsafeEvalError, watchContextLoss } from '../shared';
import { atlasOptions, checkAtlas, isPromise, type ActivationAtlasEvents, type ActivationAtlasHandle, type ActivationAtlasOptions, type AtlasCellEvent, type AtlasView } from './options';

/** The options once resolved: every option has a default except the required atlas and sprites. */
type Opts = Required<ActivationAtlasOptions>;
type RGB = [number, number, number];
const rgb = (c: string): RGB => parseColor(c).slice(0, 3) as RGB;
const unit = (c: RGB): RGB => [c[0] / 255, c[1] / 255, c[2] / 255];
/** Default cross-fade duration in ms. */
const FADE_MS = 300;
/** A wheel or pinch zoom counts as in progress until this long after its last event. */
const SETTLE_MS = 200;

/** Sprites with no pages: every icon absent (while the real ones are being packed). */
const noSprites = (atlas: ActivationAtlas): AtlasSprites => ({
  iconSize: 1,
  pageSize: 1,
  pages: [],
  icons: atlas.levels.map((l) => new Int32Array(l.cellCount * 3).fill(-1)),
  thumbIds: new Int32Array(0),
  thumbSlots: new Int32Array(0),
  thumbSize: 0,
  missing: new Int32Array(0),
});

/** Everything derived from an atlas and its sprites, computed before any of the component's state changes. */
interface Prepared {
  atlas: ActivationAtlas;
  sprites: AtlasSprites;
  /** Level indices the automatic level of detail chooses among (those with cells), coarsest first. */
  order: number[];
  sortedGrids: number[];
  tiles: LevelTiles[];
}

/** Derives the tiles of every level; throws (changing nothing) when a page exceeds the GPU's texture size. */
function prepare(atlas: ActivationAtlas, sprites: AtlasSprites, maxTexture: number): Prepared {
  sprites.pages.forEach((p, i) => {
    if (p.width > maxTexture || p.height > maxTexture) throw fail('range', `options.sprites.pages[${i}]`, `a page at most ${maxTexture} × ${maxTexture} px (this GPU's MAX_TEXTURE_SIZE)`, `${p.width} × ${p.height}`, 'pack the icons with a smaller pageSize');
  });
  const grids = atlas.levels.map((l) => l.grid);
  // The automatic level of detail chooses among the levels with cells (all of them when none has any).
  const all = levelOrder(grids);
  const kept = all.filter((i) => atlas.levels[i].cellCount > 0);
  const order = kept.length ? kept : all;
  const tiles = atlas.levels.map((l, i) => buildTiles(l, sprites.icons[i], atlas.topK, sprites.pages.length));
  return { atlas, sprites, order, sortedGrids: order.map((i) => grids[i]), tiles };
}

/** What is drawn: level `from` at weight 1 − `weight` and level `to` at `weight` (`from === to`: one level). */
interface Blend {
  from: number;
  to: number;
  weight: number;
}
const single = (level: number): Blend => ({ from: level, to: level, weight: 1 });

/** An interactive activation atlas; see docs/activation-atlas.md. */
export function createActivationAtlas(container: HTMLElement, options: ActivationAtlasOptions): ActivationAtlasHandle {
  if (!container || typeof (container as HTMLElement).appendChild !== 'function') throw fail('type', 'container', 'an HTMLElement', container);
  let opts = atlasOptions.resolve(options) as Opts;
  const emitter = new Emitter<ActivationAtlasEvents>();
  const life = new Lifecycle(render);
  const self = {};
  life.own(() => emitter.clear());

  // ---- DOM ----
  injectTheme(container);
  injectAtlasStyles(container);
  const root = el('div', { class: 'tl-root tl-aa' }, container);
  life.own(() => root.remove());
  // What is drawn in canvas or WebGL reads the theme's colours itself: repaint when they change (dark mode, data-tl-theme, a class).
  life.own(onThemeChange(root, () => life.schedule()));
  if (container.clientHeight > 0) root.style.minHeight = '0';
  const canvas = el('canvas', { class: 'tl-aa-canvas', tabindex: 0, role: 'img' }, root);
  const note = el('div', { class: 'tl-aa-note', role: 'status', hidden: true }, root);
  const resetBtn = el('button', { class: 'tl-aa-reset', type: 'button', text: 'Reset view', hidden: true }, root);
  const mini = el('div', { class: 'tl-aa-minimap', 'aria-hidden': 'true' }, root);
  const miniCanvas = el('canvas', {}, mini);
  const miniRect = el('div', { class: 'tl-aa-viewport' }, mini);
  const legendBox = el('div', { class: 'tl-aa-legend', hidden: true }, root);
  const tooltip = createTooltip(root);
  life.own(() => tooltip.destroy());
  let topClassLegend: LegendHandle | null = null;
  let classLegend: LegendHandle | null = null;
  let classLegendNote: HTMLElement | null = null;
  life.own(() => {
    topClassLegend?.destroy();
    classLegend?.destroy();
  });

  // ---- state ----
  let atlas: ActivationAtlas = opts.atlas;
  let sprites: AtlasSprites = noSprites(atlas);
  let packing: Promise<void> | null = null;
  let packAbort: AbortController | null = null;
  let packError: unknown = null;
  const alert = el('div', { class: 'tl-aa-message', role: 'alert', hidden: true }, root);
  life.own(() => packAbort?.abort());
  let order: number[] = [];
  let sortedGrids: number[] = [];
  let inst: LevelTiles[] = [];
  let cellFlags: Uint8Array[] = [];
  let scoreMax: number[] = [];
  let W = 0, H = 0;
  let view = { cx: 0, cy: 0, k: 1 };
  let fitK = 1;
  let userMoved = false;
  let lod: Lod = { lod: 0, a: 0, b: 0, w: 0 };
  let shown = -1; // the level drawn at rest (the dominant one while two blend)
  let drawn: Blend | null = null; // what the last frame drew
  let fade: { from: number; to: number; w0: number; start: number; duration: number } | null = null;
  let gestureUntil = -Infinity; // a wheel/pinch zoom is in progress until then (performance.now() ms)
  let hovered: { level: number; cell: number } | null = null;
  let contextLost = () => false;
  let miniDirty = true;
  let loading: Promise<unknown> | null = null;
  let pageToken = 0;
  const failedPages = new Set<number>();
  const pageImages: Array<HTMLImageElement | null> = [];
  let ownSelection: Selection | null = null;
  let selection: Selection = opts.selection ?? (ownSelection = createSelection());
  let unsubSel: Unsubscribe = selection.on('change', onSelectionChange);
  life.own(() => {
    unsubSel();
    ownSelection?.destroy();
  });

  // ---- WebGL ----
  // A page whose Content-Security-Policy forbids 'unsafe-eval' cannot run regl: said in the container, as an
  // 'error' event and by whenRendered() rejecting (before the canvas takes a context).
  const glFailure = canCompileShaders() ? null : unsafeEvalError();
  let glFailureReported = false;
  const gl = glFailure ? null : (canvas.getContext('webgl', { antialias: false, alpha: true, premultipliedAlpha: true, preserveDrawingBuffer: true, depth: false, stencil: false }) as WebGLRenderingContext | null);
  const maxTexture = gl ? (gl.getParameter(gl.MAX_TEXTURE_SIZE) as number) : Infinity;
  let renderer: Renderer | null = null;
  if (glFailure) {
    canvas.remove();
    el('div', { class: 'tl-aa-message', role: 'alert', text: UNSAFE_EVAL_TEXT }, root);
  } else if (!gl) {
    canvas.remove();
    el('div', { class: 'tl-aa-message', role: 'alert', text: 'WebGL is not available in this browser, so the activation atlas cannot be drawn. Try another browser or enable hardware acceleration.' }, root);
  } else {
    renderer = new Renderer(gl);
    life.own(() => renderer!.finalize(true));
    const context = watchContextLoss(canvas, {
      lost: () => renderer!.finalize(false),
      restored: () => {
        renderer!.initialize();
        drawMinimap();
        emitter.emit('contextrestored', {});
        life.schedule();
      },
    });
    life.own(context.dispose);
    contextLost = () => context.lost;
  }

  // ---- data ----
  /** The prepared data of `o` (its sprites, or none while they are a promise). Throws before changing anything. */
  function prepareFor(o: Opts): Prepared {
    return prepare(o.atlas, isPromise(o.sprites) ? noSprites(o.atlas) : o.sprites, maxTexture);
  }

  /** Shows prepared data: the atlas of the current options, and, when its sprites are a promise, waits for them. */
  function load(p: Prepared) {
    packAbort?.abort();
    packAbort = null;
    packError = null;
    alert.hidden = true;
    useData(p);
    const given = opts.sprites;
    if (isPromise(given)) {
      const ac = (packAbort = new AbortController());
      const a = p.atlas;
      const pending = Promise.resolve(given)
        .then((s) => {
          if (ac.signal.aborted || life.destroyed) return;
          checkAtlas(a, s);
          useData(prepare(a, s, maxTexture));
          life.schedule();
        })
        .catch((error: unknown) => {
          if (ac.signal.aborted || life.destroyed) return;
          packError = error;
          const message = error instanceof Error ? error.message : String(error);
          alert.textContent = `The atlas's icons could not be made: ${message}`;
          alert.hidden = false;
          emitter.emit('error', { error, message });
        });
      packing = pending;
      pending.finally(() => packing === pending && (packing = null));
    }
  }

  function useData(p: Prepared) {
    atlas = p.atlas;
    sprites = p.sprites;
    order = p.order;
    sortedGrids = p.sortedGrids;
    inst = p.tiles;
    cellFlags = atlas.levels.map((l) => new Uint8Array(l.cellCount));
    hovered = null;
    tooltip.hide();
    fade = null;
    drawn = null;
    renderer?.setLevels(inst, sprites.iconSize);
    renderer?.setPalette(categoricalColors(Math.max(1, atlas.numClasses)).map(rgb));
    loadPages();
    computeScoreMax();
    computeFlags();
    drawMinimap();
    updateNote();
  }

  function loadPages() {
    const token = ++pageToken;
    failedPages.clear();
    pageImages.length = 0;
    renderer?.setPageCount(sprites.pages.length);
    const waits: Promise<void>[] = [];
    sprites.pages.forEach((p: AtlasPage, i) => {
      pageImages[i] = null;
      if (p.kind === 'pixels') renderer?.setPage(i, { data: p.data instanceof Uint8Array ? p.data : new Uint8Array(p.data.buffer, p.data.byteOffset, p.data.length), width: p.width, height: p.height });
      else if (p.kind === 'image') renderer?.setPage(i, p.image as PageSource);
      else {
        renderer?.setPage(i, null);
        const img = new Image();
        img.crossOrigin = 'anonymous';
        img.src = p.url;
        waits.push(
          img.decode().then(
            () => {
              if (token !== pageToken || life.destroyed) return;
              if (img.naturalWidth !== p.width || img.naturalHeight !== p.height) throw fail('shape', `options.sprites.pages[${i}]`, `an image of ${p.width} × ${p.height} px`, `${img.naturalWidth} × ${img.naturalHeight} px from ${p.url}`);
              pageImages[i] = img;
              renderer?.setPage(i, img);
              drawMinimap();
            },
            () => {
              throw fail('parse', `options.sprites.pages[${i}].url`, "an image that loads (same origin or CORS-enabled, and allowed by the page's Content-Security-Policy img-src)", p.url);
            },
          ).catch((error: unknown) => {
            if (token !== pageToken || life.destroyed) return;
            failedPages.add(i);
            emitter.emit('error', { error, message: error instanceof Error ? error.message : String(error), page: i });
            life.schedule();
          }),
        );
      }
    });
    if (waits.length) {
      const p = Promise.all(waits);
      loading = p;
      p.finally(() => loading === p && (loading = null));
    } else loading = null;
  }

  function computeScoreMax() {
    const c = opts.classIndex;
    scoreMax = atlas.levels.map((l, i) => (c == null ? 0 : classScoreMax(l, atlas.topK, c) / inst[i].scoreScale));
  }

  /** Outlines: the cells of every level that hold a selected example. */
  function computeFlags() {
    const words = selection.words, on = selection.size > 0;
    atlas.levels.forEach((l, li) => {
      const f = cellFlags[li];
      f.fill(0);
      if (on) {
        const useMembers = l.members.length > 0;
        for (let c = 0; c < l.cellCount; c++) {
          if (useMembers) {
            for (let j = l.offsets[c]; j < l.offsets[c + 1]; j++) {
              const r = l.members[j];
              if (words[r >>> 5] & (1 << (r & 31))) {
                f[c] = 1;
                break;
              }
            }
          } else {
            const E = atlas.examplesPerCell;
            for (let j = 0; j < E; j++) {
              const r = l.examples[c * E + j];
              if (r >= 0 && words[r >>> 5] & (1 << (r & 31))) {
                f[c] = 1;
                break;
              }
            }
          }
        }
      }
      renderer?.setFlags(li, f);
    });
  }

  function onSelectionChange() {
    computeFlags();
    updateSummary();
    life.schedule();
  }

  function membersOf(level: AtlasLevel, c: number): Uint32Array {
    if (level.members.length) return level.members.slice(level.offsets[c], level.offsets[c + 1]);
    const E = atlas.examplesPerCell;
    return Uint32Array.from(Array.from(level.examples.subarray(c * E, c * E + E)).filter((v) => v >= 0)).sort();
  }

  // ---- view ----
  const size = () => atlas.bounds[2] - atlas.bounds[0];
  const sizeY = () => atlas.bounds[3] - atlas.bounds[1];

  const fitScale = () => Math.max(1e-12, Math.min((W - 16) / size(), (H - 16) / sizeY()));

  function fit() {
    if (!W || !H) return;
    const b = atlas.bounds;
    fitK = fitScale();
    view = { cx: (b[0] + b[2]) / 2, cy: (b[1] + b[3]) / 2, k: fitK };
    userMoved = false;
    resetBtn.hidden = true;
  }

  const minK = () => fitK / 4;
  // Out to a quarter of the fitted size; in until one of the finest cells is twice the view.
  const maxK = () => Math.max(fitK * 16, (2 * Math.max(W, H) * sortedGrids[sortedGrids.length - 1]) / size());

  function clampView() {
    view.k = Math.max(minK(), Math.min(maxK(), view.k));
    const b = atlas.bounds;
    view.cx = Math.max(b[0], Math.min(b[2], view.cx));
    view.cy = Math.max(b[1], Math.min(b[3], view.cy));
  }

  function moved() {
    clampView();
    userMoved = true;
    resetBtn.hidden = false;
    const v = getView();
    emitter.emit('view', { ...v, lod: lod.lod });
    life.schedule();
  }

  function getView(): AtlasView {
    return { x: view.cx, y: view.cy, zoom: view.k / fitK };
  }

  const toData = (sx: number, sy: number): [number, number] => [view.cx + (sx - W / 2) / view.k, view.cy - (sy - H / 2) / view.k];
  const toScreen = (x: number, y: number): [number, number] => [W / 2 + (x - view.cx) * view.k, H / 2 - (y - view.cy) * view.k];

  function panPx(dx: number, dy: number) {
    view.cx -= dx / view.k;
    view.cy += dy / view.k;
    moved();
  }

  function zoomBy(f: number, at: [number, number] = [W / 2, H / 2]) {
    if (!(f > 0)) return;
    const [x, y] = toData(at[0], at[1]);
    view.k = Math.max(minK(), Math.min(maxK(), view.k * f));
    view.cx = x - (at[0] - W / 2) / view.k;
    view.cy = y + (at[1] - H / 2) / view.k;
    moved();
  }

  /**
   * What to draw at `now`: while a wheel or pinch zoom is in progress (automatic level), the two levels nearest the
   * zoom blend; otherwise exactly one level, the target, reached by a cross-fade from what was drawn before when that
   * differs (a fixed-level change, a jump of the view, the end of a zoom that stopped between two levels). Emits
   * `levelchange` when the target changes. `animating`: more frames must follow.
   */
  function chooseBlend(now: number): { blend: Blend; animating: boolean } {
    const fixed = opts.level !== 'auto';
    const crossFade = opts.crossFade !== false;
    let target: number;
    if (fixed) {
      target = opts.level as number;
      const at = order.indexOf(target);
      lod = { lod: at, a: at, b: at, w: 0 };
    } else {
      lod = chooseLod(sortedGrids, size(), view.k, opts.iconPx, crossFade);
      target = order[lod.w < 0.5 ? lod.a : lod.b];
    }
    if (target !== shown) {
      const previous = shown;
      shown = target;
      if (previous >= 0) emitter.emit('levelchange', { level: target, grid: atlas.levels[target].grid, previous });
      if (hovered && hovered.level !== target) setHover(null);
      updateNote();
      updateSummary();
      if (opts.classIndex != null) updateLegend();
    }
    if (!fixed && crossFade && now < gestureUntil) {
      // Zooming: the blend follows the zoom; one more frame once the gesture settles when it is a mix.
      fade = null;
      const mixed = lod.a !== lod.b && lod.w > 0 && lod.w < 1;
      return { blend: mixed ? { from: order[lod.a], to: order[lod.b], weight: lod.w } : single(target), animating: mixed };
    }
    if (fade && fade.to !== target) fade = null; // the target moved on: fade again from what is drawn now
    if (!crossFade) fade = null;
    else if (!fade && drawn && !(drawn.from === target && drawn.to === target)) {
      // The weight the target already has, and the level it fades in over.
      const w0 = drawn.to === target ? drawn.weight : drawn.from === target ? 1 - drawn.weight : 0;
      const from = drawn.to === target ? drawn.from : drawn.from === target ? drawn.to : drawn.weight < 0.5 ? drawn.from : drawn.to;
      const duration = (1 - w0) * (typeof opts.crossFade === 'number' ? opts.crossFade : FADE_MS);
      if (from !== target && w0 < 1) fade = { from, to: target, w0, start: now, duration };
    }
    if (fade) {
      const t = fade.duration > 0 ? Math.min(1, (now - fade.start) / fade.duration) : 1;
      if (t < 1) return { blend: { from: fade.from, to: fade.to, weight: fade.w0 + (1 - fade.w0) * t }, animating: true };
      fade = null;
    }
    return { blend: single(target), animating: false };
  }

  // ---- draw ----
  function layer(level: number, alpha: number): Layer {
    const g = atlas.levels[level].grid, b = atlas.bounds, k = pixelRatio();
    const cs = size() / g, csy = sizeY() / g;
    const h = hovered && hovered.level === level ? atlas.levels[level].cells[hovered.cell] : -1;
    return { level, alpha, cellPx: view.k * cs * k, center: [(view.cx - b[0]) / cs, (view.cy - b[1]) / csy], hover: h < 0 ? [-1, -1] : [h % g, Math.floor(h / g)] };
  }

  /** Draws one frame; returns true while more frames must follow (a cross-fade, a zoom that has not settled). */
  function drawFrame(now: number): boolean {
    const { blend, animating } = chooseBlend(now);
    placeMiniRect();
    if (!renderer || contextLost() || !W || !H) return false;
    drawn = blend;
    const layers = blend.from === blend.to ? [layer(blend.to, 1)] : [layer(blend.from, 1 - blend.weight), layer(blend.to, blend.weight)];
    const k = pixelRatio();
    const fg = rgb(readThemeColor(root, '--tl-fg') || '#1f2328');
    const accent = rgb(readThemeColor(root, '--tl-accent') || '#0969da');
    const c = opts.classIndex;
    const frame: Frame = {
      width: canvas.width,
      height: canvas.height,
      layers,
      gap: opts.gap * k,
      density: opts.sizeByDensity,
      classIndex: c == null ? -1 : c,
      filter: opts.classMode === 'filter',
      scoreMax,
      topWash: opts.colorByTopClass,
      classColor: unit(c == null ? [0, 0, 0] : rgb(classColor(c))),
      selColor: unit(accent),
      hoverColor: unit(fg),
      missA: unit(rgb(MISSING_COLOR)),
      missB: unit(rgb('#9a9a9a')),
      edgePx: 2 * k,
    };
    if (miniDirty && !packing && !loading) paintMinimap(frame);
    renderer.draw(frame);
    return animating;
  }

  async function render(): Promise<void> {
    if (glFailure) {
      if (!glFailureReported) emitter.emit('error', { error: glFailure, message: UNSAFE_EVAL_TEXT });
      glFailureReported = true;
      throw glFailure;
    }
    while (packing || loading) await (packing ?? loading);
    if (life.destroyed) return;
    if (packError) throw packError;
    updateNote();
    if (drawFrame(performance.now())) return life.schedule();
    emitter.emit('render', { level: shown, cells: atlas.levels[shown]?.cellCount ?? 0 });
  }

  // ---- notes, summary ----
  function updateNote() {
    const parts: string[] = [];
    const L = shown >= 0 ? shown : order[0];
    const l = atlas.levels[L], li = inst[L];
    if (l && l.cellCount === 0) parts.push(`Level ${L} (${l.grid} × ${l.grid}) has no cells: every cell held fewer examples than the minimum count.`);
    else if (l && li) {
      let without = li.missing;
      for (const g of li.groups) if (g.page >= 0 && (failedPages.has(g.page) || !renderer?.hasPage(g.page))) without += g.count;
      if (without === l.cellCount && !loading && !packing) parts.push(`No icon images for level ${L} (${l.grid} × ${l.grid}): every image is missing, so grey hatched placeholders are drawn.`);
      else if (li.missing) parts.push(`${li.missing} of ${l.cellCount} icons are missing (hatched placeholders).`);
    }
    if (failedPages.size) parts.push(`Sprite page${failedPages.size > 1 ? 's' : ''} ${[...failedPages].join(', ')} could not be loaded; ${failedPages.size > 1 ? 'their' : 'its'} icons show placeholders.`);
    const text = parts.join(' ');
    note.textContent = text;
    note.hidden = !text;
  }

  function updateSummary() {
    const L = shown >= 0 ? shown : order[0];
    const l = atlas.levels[L];
    const text =
      `${opts.title}: ${atlas.n.toLocaleString('en')} examples, level ${L} of ${atlas.levels.length} (${l.grid} × ${l.grid} grid, ${l.cellCount} cells)` +
      (opts.classIndex != null ? `, class ${className(opts.classIndex)} ${opts.classMode === 'filter' ? 'filtered' : 'highlighted'}` : '') +
      `, ${selection.size.toLocaleString('en')} selected. Arrow keys pan, + and - zoom, Enter selects the centre cell, 0 resets.`;
    canvas.setAttribute('aria-label', text);
  }

  const className = (c: number) => atlas.classNames?.[c] ?? `class ${c}`;
  const classColor = (c: number) => categoricalColors(Math.max(atlas.numClasses, c + 1))[c];
  const fmtScore = (s: number) => (atlas.scoreKind === 'labels' ? `${+(s * 100).toFixed(1)}%` : Math.abs(s) >= 100 ? s.toFixed(0) : s.toPrecision(3));

  // ---- legend ----
  /**
   * The legends of what colour means, while colour encodes data and `legend` is on: the classes with their colours
   * under `colorByTopClass`; for a selected class, a ramp of its wash strength over its scores at the level drawn.
   */
  function updateLegend() {
    const showTopClass = opts.legend && opts.colorByTopClass && atlas.numClasses > 0;
    if (showTopClass) {
      const categories = Array.from({ length: atlas.numClasses }, (_, c) => className(c));
      const options: LegendOptions = { type: 'categorical', title: 'Top class (icon wash)', categories, colors: categoricalColors(atlas.numClasses), theme: opts.theme, maxHeight: 160 };
      if (topClassLegend) topClassLegend.update(options);
      else topClassLegend = createLegend(legendBox, options);
    } else {
      topClassLegend?.destroy();
      topClassLegend = null;
    }
    const c = opts.classIndex;
    const level = atlas.levels[shown >= 0 ? shown : order[0]];
    if (opts.legend && c != null && level) {
      const highest = classScoreMax(level, atlas.topK, c);
      const colour = rgb(classColor(c));
      const wash = (t: number) => `rgb(${colour.map((v) => Math.round(255 + 0.55 * t * (v - 255))).join(',')})`;
      const options: LegendOptions = {
        type: 'continuous',
        title: `Tinted class: ${className(c)}`,
        domain: [0, highest > 0 ? highest : 1],
        interpolator: wash,
        format: atlas.scoreKind === 'labels' ? (v: number) => `${+(v * 100).toFixed(1)}%` : null,
        ticks: 3,
        length: 120,
        orientation: 'horizontal',
        theme: opts.theme,
      };
      if (classLegend) classLegend.update(options);
      else {
        classLegend = createLegend(legendBox, options);
        classLegendNote = el('div', { class: 'tl-aa-legend-note' }, classLegend.element);
      }
      const others = opts.classMode === 'filter' ? 'hidden' : 'dimmed';
      classLegendNote!.textContent = `Wash strength: a cell's score for ${className(c)}, relative to the highest at this level (${fmtScore(highest)}). Cells without ${className(c)} among their top ${atlas.topK} classes are ${others}.`;
    } else {
      classLegend?.destroy();
      classLegend = classLegendNote = null;
    }
    legendBox.hidden = (!topClassLegend && !classLegend) || !!glFailure;
  }

  // ---- hover, tooltip, click ----
  function cellAt(sx: number, sy: number, loose = false): { level: number; cell: number } | null {
    const L = shown;
    const l = atlas.levels[L];
    if (!l || !l.cellCount) return null;
    const [x, y] = toData(sx, sy);
    const b = atlas.bounds, g = l.grid;
    const fx = ((x - b[0]) / size()) * g, fy = ((y - b[1]) / sizeY()) * g;
    const col = Math.floor(fx), row = Math.floor(fy);
    if (col < 0 || row < 0 || col >= g || row >= g) return null;
    const c = findCell(l.cells, row * g + col);
    if (c < 0) return null;
    // Inside the drawn tile (density sizing, gap), and not hidden by the class filter.
    const cellPx = (view.k * size()) / g;
    const s = opts.sizeByDensity ? Math.sqrt(l.counts[c] / (inst[L].maxCount || 1)) : 1;
    const half = Math.max(0, cellPx * s - opts.gap) / 2;
    if (!loose && (Math.abs((fx - col - 0.5) * cellPx) > half || Math.abs((fy - row - 0.5) * cellPx) > half)) return null;
    if (opts.classIndex != null && opts.classMode === 'filter' && !hasClass(l, c, opts.classIndex)) return null;
    return { level: L, cell: c };
  }

  function hasClass(l: AtlasLevel, c: number, cls: number): boolean {
    const K = atlas.topK;
    for (let j = 0; j < K; j++) if (l.topClasses[c * K + j] === cls && l.topScores[c * K + j] === l.topScores[c * K + j]) return true;
    return false;
  }

  function cellEvent(level: number, c: number): AtlasCellEvent {
    const l = atlas.levels[level], gi = l.cells[c];
    return { level, cell: c, grid: l.grid, col: gi % l.grid, row: Math.floor(gi / l.grid), count: l.counts[c] };
  }

  function cellCentre(level: number, c: number): [number, number] {
    const l = atlas.levels[level], gi = l.cells[c], b = atlas.bounds;
    return toScreen(b[0] + ((gi % l.grid) + 0.5) * (size() / l.grid), b[1] + (Math.floor(gi / l.grid) + 0.5) * (sizeY() / l.grid));
  }

  function setHover(h: { level: number; cell: number } | null) {
    if (h?.level === hovered?.level && h?.cell === hovered?.cell) return;
    hovered = h;
    life.schedule();
    if (!h) {
      tooltip.hide();
      emitter.emit('hover', null);
      return;
    }
    const e = cellEvent(h.level, h.cell);
    const [x, y] = cellCentre(h.level, h.cell);
    if (opts.tooltip) showTooltip(e, x, y);
    emitter.emit('hover', { ...e, x, y });
  }

  function showTooltip(e: AtlasCellEvent, x: number, y: number) {
    const l = atlas.levels[e.level], K = atlas.topK;
    const rows: Array<[string, string]> = [
      ['cell', `${e.col}, ${e.row} of ${e.grid} × ${e.grid}`],
      ['examples', e.count.toLocaleString('en')],
    ];
    for (let j = 0; j < K; j++) {
      const cls = l.topClasses[e.cell * K + j], s = l.topScores[e.cell * K + j];
      if (cls < 0 || s !== s) continue;
      rows.push([className(cls), fmtScore(s)]);
    }
    tooltip.show(x, y, rows);
    const thumbs = thumbnails(l, e.cell);
    if (thumbs.length) {
      el('div', { class: 'tl-aa-thumbs' }, tooltip.element).append(...thumbs);
      // Re-place now that the thumbnails add height (flipped/clamped like core's tooltip).
      const t = tooltip.element, w = t.offsetWidth, hgt = t.offsetHeight;
      const at = (p: number, sz: number, max: number) => Math.max(0, Math.min(p + 12 + sz > max ? p - 12 - sz : p + 12, max - sz));
      t.style.left = at(x, w, root.clientWidth) + 'px';
      t.style.top = at(y, hgt, root.clientHeight) + 'px';
    }
  }

  /** Up to 6 example thumbnails of a cell, cut from the sprite pages' thumbnail slots into small canvases. */
  function thumbnails(l: AtlasLevel, c: number): HTMLCanvasElement[] {
    const out: HTMLCanvasElement[] = [];
    const ids = sprites.thumbIds, slots = sprites.thumbSlots, s = sprites.thumbSize, E = atlas.examplesPerCell;
    if (!ids?.length || !(s > 0)) return out;
    for (let j = 0; j < E && out.length < 6; j++) {
      const ex = l.examples[c * E + j];
      if (ex < 0) continue;
      let lo = 0, hi = ids.length - 1, at = -1;
      while (lo <= hi) {
        const m = (lo + hi) >> 1;
        if (ids[m] === ex) {
          at = m;
          break;
        }
        if (ids[m] < ex) lo = m + 1;
        else hi = m - 1;
      }
      if (at < 0) continue;
      const pg = slots[3 * at], sx = slots[3 * at + 1], sy = slots[3 * at + 2];
      const page = sprites.pages[pg];
      if (!page || sx < 0 || sy < 0 || sx + s > page.width || sy + s > page.height) continue;
      const cv = el('canvas', { width: s, height: s, title: `example ${ex}` });
      const ctx = cv.getContext('2d');
      if (!ctx) continue;
      if (page.kind === 'pixels') {
        const img = ctx.createImageData(s, s);
        for (let r = 0; r < s; r++) img.data.set(page.data.subarray(((sy + r) * page.width + sx) * 4, ((sy + r) * page.width + sx + s) * 4), r * s * 4);
        ctx.putImageData(img, 0, 0);
      } else {
        const src = page.kind === 'image' ? page.image : pageImages[pg];
        if (!src) continue;
        ctx.drawImage(src as CanvasImageSource, sx, sy, s, s, 0, 0, s, s);
      }
      out.push(cv);
    }
    return out;
  }

  function clickAt(sx: number, sy: number, loose = false) {
    const h = cellAt(sx, sy, loose);
    if (!h) {
      if (selection.size) selection.clear(self);
      return;
    }
    const l = atlas.levels[h.level];
    const indices = membersOf(l, h.cell);
    selection.set(indices, self);
    emitter.emit('select', { ...cellEvent(h.level, h.cell), indices });
  }

  const local = (e: { clientX: number; clientY: number }, t: Element = canvas): [number, number] => localPoint(e, t);

  // ---- pointer ----
  attachGestures(life, canvas, {
    hover: (p) => setHover(cellAt(p[0], p[1])),
    drag: (p, last) => {
      panPx(p[0] - last[0], p[1] - last[1]);
      setHover(null);
    },
    end: (p, moved) => {
      if (!moved) clickAt(p[0], p[1]);
    },
    leave: (down) => !down && setHover(null),
    zoom: (f, at, pan) => {
      // A continuous zoom: the two nearest levels blend until it settles (SETTLE_MS after its last event).
      gestureUntil = performance.now() + SETTLE_MS;
      zoomBy(f, at);
      if (pan) panPx(pan[0], pan[1]);
    },
    doubleClick: (p) => zoomBy(2, p),
  });

  // ---- keyboard ----
  life.listen(canvas, 'keydown', (ev) => {
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
      '0': () => handle.resetView(),
      Home: () => handle.resetView(),
      Escape: () => selection.size && selection.clear(self),
      // Enter: select the cell at the centre of the view (pan there with the arrows).
      Enter: () => clickAt(W / 2, H / 2, true),
    };
    const f = keys[e.key];
    if (f && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      f();
    }
  });
  life.listen(resetBtn, 'click', () => handle.resetView());

  // ---- minimap ----
  const MINI = 120;
  function miniSize(): [number, number] {
    const r = sizeY() / size();
    return r >= 1 ? [MINI / r, MINI] : [MINI, MINI * r];
  }

  /** Marks the overview for redrawing with the next frame (data, pages, size or context changed). */
  function drawMinimap() {
    mini.hidden = !opts.minimap || !!glFailure;
    miniDirty = opts.minimap;
  }

  /**
   * Redraws the overview: the coarsest level with cells drawn at the fitted view into the WebGL canvas, copied
   * into the minimap's canvas; the caller then draws the current view over it.
   */
  function paintMinimap(frame: Frame) {
    miniDirty = false;
    const L = order.find((i) => atlas.levels[i].cellCount > 0);
    const ctx = miniCanvas.getContext('2d');
    const [mw, mh] = miniSize();
    const k = pixelRatio();
    mini.style.width = mw + 'px';
    mini.style.height = mh + 'px';
    miniCanvas.width = Math.round(mw * k);
    miniCanvas.height = Math.round(mh * k);
    if (L === undefined || !ctx || !renderer) return;
    const saved = { ...view };
    view = { cx: (atlas.bounds[0] + atlas.bounds[2]) / 2, cy: (atlas.bounds[1] + atlas.bounds[3]) / 2, k: fitK };
    const ly: Layer = { ...layer(L, 1), hover: [-1, -1] };
    view = saved;
    renderer.draw({ ...frame, layers: [ly], classIndex: -1, density: false, gap: 0 });
    const sw = size() * fitK * k, sh = sizeY() * fitK * k;
    ctx.drawImage(canvas, (canvas.width - sw) / 2, (canvas.height - sh) / 2, sw, sh, 0, 0, miniCanvas.width, miniCanvas.height);
  }

  function placeMiniRect() {
    if (!opts.minimap || !W || !H) return;
    const [mw, mh] = miniSize();
    const b = atlas.bounds;
    const [x0, y1] = toData(0, 0), [x1, y0] = toData(W, H);
    const sx = mw / size(), sy = mh / sizeY();
    const L = Math.max(0, (x0 - b[0]) * sx), R = Math.min(mw, (x1 - b[0]) * sx);
    const T = Math.max(0, (b[3] - y1) * sy), B = Math.min(mh, (b[3] - y0) * sy);
    const s = miniRect.style;
    s.left = L + 'px';
    s.top = T + 'px';
    s.width = Math.max(2, R - L) + 'px';
    s.height = Math.max(2, B - T) + 'px';
  }

  let miniDrag = false;
  const miniPan = (e: PointerEvent) => {
    const [mx, my] = local(e, miniCanvas);
    const [mw, mh] = miniSize();
    const b = atlas.bounds;
    view.cx = b[0] + (mx / mw) * size();
    view.cy = b[3] - (my / mh) * sizeY();
    moved();
  };
  life.listen(mini, 'pointerdown', (ev) => {
    const e = ev as PointerEvent;
    if (e.button > 0) return;
    e.preventDefault();
    miniDrag = true;
    mini.setPointerCapture?.(e.pointerId);
    miniPan(e);
  });
  life.listen(mini, 'pointermove', (ev) => miniDrag && miniPan(ev as PointerEvent));
  const miniEnd = () => (miniDrag = false);
  life.listen(mini, 'pointerup', miniEnd);
  life.listen(mini, 'pointercancel', miniEnd);

  // ---- size ----
    function resize(w: number, h: number) {
    W = w;
    H = h;
    const k = pixelRatio();
    canvas.width = Math.max(1, Math.round(w * k));
    canvas.height = Math.max(1, Math.round(h * k));
  }
  observeSize(
    root,
    (w, h) => {
      const first = !W || !H;
      resize(w, h);
      if (first || !userMoved) fit();
      else fitK = fitScale();
      drawMinimap();
      if (!life.destroyed) life.schedule();
    },
    life,
  );
  resize(root.clientWidth, root.clientHeight);

  try {
    load(prepareFor(opts));
  } catch (e) {
    life.destroy();
    throw e;
  }
  applyLook();
  fit();
  chooseBlend(performance.now());
  updateLegend();
  updateNote();
  updateSummary();
  life.schedule();

  /** Options read by CSS: the background and the theme (data-theme on the root). */
  function applyLook() {
    root.style.setProperty('--tl-aa-bg', opts.background ?? null);
    root.dataset.theme = opts.theme;
  }

  const handle: ActivationAtlasHandle = {
    element: root,
    get level() {
      return shown;
    },
    get lod() {
      return lod.lod;
    },
    get selection() {
      return selection;
    },
    update(partial) {
      life.assertAlive();
      // Everything that can throw first (checks, the new data's tiles): a bad update changes nothing.
      const { options, changed } = atlasOptions.merge(opts, partial);
      const next = options as Opts;
      const dataChanged = changed.has('atlas') || changed.has('sprites');
      const prepared = dataChanged ? prepareFor(next) : null;
      opts = next;
      if (changed.has('selection')) {
        unsubSel();
        ownSelection?.destroy();
        ownSelection = null;
        selection = opts.selection ?? (ownSelection = createSelection());
        unsubSel = selection.on('change', onSelectionChange);
      }
      if (prepared) {
        shown = -1;
        load(prepared);
        fit();
        chooseBlend(performance.now());
      } else {
        if (changed.has('classIndex')) computeScoreMax();
        if (changed.has('selection')) computeFlags();
        if (changed.has('minimap')) drawMinimap();
      }
      if (!opts.tooltip) tooltip.hide();
      if (prepared || ['legend', 'colorByTopClass', 'classIndex', 'classMode', 'theme'].some((k) => changed.has(k as keyof ActivationAtlasOptions))) updateLegend();
      applyLook();
      updateNote();
      updateSummary();
      life.schedule();
    },
    on: (type, fn) => emitter.on(type, fn),
    // Where WebGL cannot compile, every state ends in that error, also for a caller that asks after the frame.
    whenRendered: () => (glFailure ? life.whenRendered().then(() => Promise.reject(glFailure)) : life.whenRendered()),
    destroy: () => life.destroy(),
    resetView() {
      life.assertAlive();
      fit();
      emitter.emit('view', { ...getView(), lod: lod.lod });
      life.schedule();
    },
    getView,
    setView(v) {
      life.assertAlive();
      if (v.x !== undefined) view.cx = v.x;
      if (v.y !== undefined) view.cy = v.y;
      if (v.zoom !== undefined) {
        if (!(v.zoom > 0)) throw fail('range', 'view.zoom', 'a zoom > 0', v.zoom);
        view.k = v.zoom * fitK;
      }
      if (![view.cx, view.cy].every(Number.isFinite)) throw fail('nan', 'view', 'finite x and y', `${v.x}, ${v.y}`);
      moved();
    },
    zoomToCell(level, cell) {
      life.assertAlive();
      const l = atlas.levels[level];
      if (!l) throw fail('range', 'level', `a level index 0..${atlas.levels.length - 1}`, level);
      if (!(Number.isInteger(cell) && cell >= 0 && cell < l.cellCount)) throw fail('range', 'cell', `a cell index 0..${l.cellCount - 1}`, cell);
      const gi = l.cells[cell], b = atlas.bounds;
      view.cx = b[0] + ((gi % l.grid) + 0.5) * (size() / l.grid);
      view.cy = b[1] + (Math.floor(gi / l.grid) + 0.5) * (sizeY() / l.grid);
      view.k = (opts.iconPx * l.grid) / size();
      moved();
    },
    cellPosition(level, cell) {
      const l = atlas.levels[level];
      if (!l || !(cell >= 0 && cell < l.cellCount)) return null;
      return cellCentre(level, cell);
    },
    renderFrame() {
      life.assertAlive();
      drawFrame(performance.now());
    },
    async toPNG(scale) {
      life.assertAlive();
      // The frame is drawn in the task that reads the canvas (exportPNG's beforeCapture).
      const beforeCapture = () => void (life.destroyed || drawFrame(performance.now()));
      return exportPNG(root, { scale, background: opts.background ?? readThemeColor(root, '--tl-bg'), beforeCapture });
    },
  };
  return handle;
}
