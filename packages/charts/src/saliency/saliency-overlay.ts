import { Emitter, Lifecycle, colorLut, createTooltip, el, fail, pixelRatio } from '@tensorlens/core';
import type { ColorLut, ComponentHandle, DivergingScheme, NDArray, SequentialScheme } from '@tensorlens/core';
import { isSyncInput, readRaw, toImage, toMap } from './input';
import type { ChannelReduce, SalImage, SalMap, SaliencyImageInput, SaliencyMapInput } from './input';
import { percentile } from './percentile';
import { paintMap } from './paint';
import { fmt, legendBar } from './legend';
import { injectSaliencyStyles } from './styles';
import { composePNG } from './export';

/** One map of a grid: a method or a class, with its label and (optionally) its own image. */
export interface SaliencyEntry {
  label: string;
  map: SaliencyMapInput;
  /** Default: the overlay's `image`. */
  image?: SaliencyImageInput | null;
}

export type SaliencyMode = 'blend' | 'side-by-side' | 'map';

export interface SaliencyOverlayOptions {
  /** The input image the maps explain; without one, only the maps are drawn. */
  image?: SaliencyImageInput | null;
  /** One map, or an array of labelled maps drawn as a grid. */
  attributions: SaliencyMapInput | SaliencyEntry[];
  /** Label of a single map. Default 'attribution'. */
  label?: string;
  /** 'auto' (default): a map with any negative value is signed (diverging scale centred on 0); false shows |a| on a sequential scale. */
  signed?: boolean | 'auto';
  /** Percentile of |a| mapped to the end colours (values beyond saturate). Default 99. */
  clip?: number;
  /** Largest weight of the map colour over the image in blend mode, 0…1. Default 0.6. */
  opacity?: number;
  /** Default 'blend' (map over image); 'side-by-side' (image, then map); 'map' (the map alone). */
  mode?: SaliencyMode;
  /** Blend weighting: 'magnitude' (default; opacity·min(1, |a|/clip), so zero attribution shows the image) or 'constant'. */
  alpha?: 'magnitude' | 'constant';
  /** Scheme of signed maps. Default 'rdbu' (negative red, positive blue). */
  colorScheme?: DivergingScheme;
  /** Scheme of magnitude maps. Default 'magma'. */
  magnitudeScheme?: SequentialScheme;
  /** Grid columns; default null (as many as fit the width). */
  columns?: number | null;
  /** CSS width of each panel in pixels. Default 160. */
  size?: number;
  /** One clip value over all maps (true) or one per map (false, default). */
  shared?: boolean;
  /** How channels of an [H, W, C] map are reduced to one value per pixel. Default 'sum'. */
  channels?: ChannelReduce;
  /** Value range of array images; default [0, 1] if all values are in it, else [0, 255] if all are in that, else [min, max]. */
  imageRange?: [number, number] | null;
  /** Default true. */
  legend?: boolean;
  /** Default ''. */
  title?: string;
  /** Default 'auto'. */
  theme?: 'auto' | 'light' | 'dark';
}

/** What was drawn for one map. */
export interface SaliencyMapStats {
  label: string;
  width: number;
  height: number;
  min: number;
  max: number;
  /** The |a| value mapped to the end colours. */
  clip: number;
  signed: boolean;
}

export interface SaliencyHoverEvent {
  index: number;
  label: string;
  x: number;
  y: number;
  value: number;
}

export interface SaliencyOverlayEvents {
  hover: SaliencyHoverEvent | null;
  render: { maps: number };
}

export interface SaliencyOverlayHandle extends ComponentHandle<SaliencyOverlayOptions, SaliencyOverlayEvents> {
  /** Per map: its range, clip value and signedness; null until drawn. */
  stats(): SaliencyMapStats[] | null;
  /** The attribution at pixel (x, y) of map `index`. */
  valueAt(index: number, x: number, y: number): number;
  /** The view as a PNG: panels, labels and legend (scale defaults to devicePixelRatio). */
  toPNG(scale?: number): Promise<Blob>;
  /** Listeners registered through `on` (for leak checks). */
  readonly listenerCount: number;
}

interface Item {
  label: string;
  map: SalMap;
  image: SalImage | null;
}

type Opts = Required<Omit<SaliencyOverlayOptions, 'image'>> & { image?: SaliencyImageInput | null };

const DEFAULTS = {
  label: 'attribution',
  signed: 'auto',
  clip: 99,
  opacity: 0.6,
  mode: 'blend',
  alpha: 'magnitude',
  colorScheme: 'rdbu',
  magnitudeScheme: 'magma',
  columns: null,
  size: 160,
  shared: false,
  channels: 'sum',
  imageRange: null,
  legend: true,
  title: '',
  theme: 'auto',
} as const;

const ENUMS: Record<string, readonly unknown[]> = {
  signed: ['auto', true, false],
  mode: ['blend', 'side-by-side', 'map'],
  alpha: ['magnitude', 'constant'],
  colorScheme: ['rdbu', 'puor'],
  magnitudeScheme: ['viridis', 'magma', 'blues', 'greys'],
  channels: ['sum', 'abs-sum', 'max-abs', 'l2'],
  theme: ['auto', 'light', 'dark'],
};
const DATA_KEYS = ['image', 'attributions', 'label', 'channels', 'imageRange'] as const;

function checkOptions(o: Partial<SaliencyOverlayOptions>): void {
  const r = o as Record<string, unknown>;
  for (const k in ENUMS) if (r[k] !== undefined && !ENUMS[k].includes(r[k])) throw fail('option', `options.${k}`, ENUMS[k].map((s) => (typeof s == 'string' ? `'${s}'` : s)).join(' | '), r[k]);
  const num = (k: string, lo: number, hi: number, what: string) => {
    if (r[k] !== undefined && !((r[k] as number) >= lo && (r[k] as number) <= hi)) throw fail('option', `options.${k}`, what, r[k]);
  };
  num('clip', 0, 100, 'a percentile from 0 to 100');
  num('opacity', 0, 1, 'a number from 0 to 1');
  num('size', 1, 1e4, 'a width in CSS pixels ≥ 1');
  if (o.columns != null && !(Number.isInteger(o.columns) && o.columns > 0)) throw fail('option', 'options.columns', 'a positive integer or null', o.columns);
  const ir = o.imageRange;
  if (ir != null && !(Array.isArray(ir) && ir.length == 2 && ir[1] > ir[0])) throw fail('option', 'options.imageRange', '[low, high] with high > low', ir);
}

/** The attribution entries of the options, named for errors. */
function entriesOf(o: Opts): Array<{ label: string; map: unknown; image: unknown; name: string; imageName: string }> {
  const a = o.attributions as unknown;
  if (a == null) throw fail('type', 'options.attributions', 'a map (tensor or {data, shape}) or an array of {label, map}', a);
  if (Array.isArray(a) && (a.length == 0 || (typeof a[0] == 'object' && a[0] != null && 'map' in a[0]))) {
    if (!a.length) throw fail('empty', 'options.attributions', 'at least one map', 'an empty array');
    return a.map((e: SaliencyEntry, i) => {
      if (typeof e?.label != 'string' || e.map == null) throw fail('type', `options.attributions[${i}]`, '{label: string, map}', e);
      return { label: e.label, map: e.map, image: e.image === undefined ? o.image : e.image, name: `options.attributions[${i}].map`, imageName: e.image ? `options.attributions[${i}].image` : 'options.image' };
    });
  }
  return [{ label: o.label, map: a, image: o.image, name: 'options.attributions', imageName: 'options.image' }];
}

/** Reads all maps and images; synchronous when every input is (so bad input throws at once), else a promise. */
function load(o: Opts): Item[] | Promise<Item[]> {
  const es = entriesOf(o);
  const raws = es.map((e) => [readRaw(e.map, e.name), e.image == null ? null : readRaw(e.image, e.imageName)] as const);
  const finish = (rs: ReadonlyArray<readonly [NDArray | ImageData, NDArray | ImageData | null]>) =>
    rs.map(([m, im], i) => {
      const e = es[i];
      const map = toMap(m, e.name, o.channels);
      const image = im && toImage(im, e.imageName, o.imageRange ?? undefined);
      if (image && (image.w != map.w || image.h != map.h)) throw fail('shape', e.name, `a map of the image's size ${image.h}×${image.w}`, `${map.h}×${map.w}`);
      return { label: e.label, map, image };
    });
  const sync = es.every((e) => isSyncInput(e.map) && isSyncInput(e.image));
  if (sync) return finish(raws as Array<[NDArray | ImageData, NDArray | ImageData | null]>);
  return Promise.all(raws.map((r) => Promise.all(r))).then(finish);
}

let uid = 0;

/**
 * Attribution maps over their image: signed maps on a diverging scale centred on zero, magnitudes on a sequential
 * one, clipped at a percentile of |a|; blend, side-by-side or map alone; a grid of labelled maps (methods or
 * classes), a colour legend, a tooltip with the value under the pointer, keyboard reading of pixel values and PNG
 * export. Tensors are read with `data()` and never disposed.
 */
export function createSaliencyOverlay(container: HTMLElement, options: SaliencyOverlayOptions): SaliencyOverlayHandle {
  if (!container || typeof container.appendChild != 'function') throw fail('type', 'container', 'an HTMLElement', container);
  if (options == null || typeof options != 'object') throw fail('type', 'options', 'an options object', options);
  checkOptions(options);
  const id = `tl-sal-${++uid}`;
  let opts = { ...DEFAULTS, ...options } as Opts;
  const emitter = new Emitter<SaliencyOverlayEvents>();
  const life = new Lifecycle(render);
  let items: Item[] | null = null;
  let loading: Promise<Item[]> | null = null;
  let drawn: SaliencyMapStats[] | null = null;
  let generation = 0;

  const root = el('div', { class: 'tl-root tl-sal', role: 'figure', id }, container);
  life.own(() => root.remove());
  injectSaliencyStyles(root);
  const title = el('div', { class: 'tl-sal-title tl-text' }, root);
  const grid = el('div', { class: 'tl-sal-grid' }, root);
  const legend = el('div', { class: 'tl-sal-legend' }, root);
  const live = el('div', { class: 'tl-visually-hidden', 'aria-live': 'polite' }, root);
  const errorBox = el('div', { class: 'tl-error', role: 'alert', hidden: true }, root);
  const tip = createTooltip(root);
  life.own(() => tip.destroy());
  const cursor = el('div', { class: 'tl-sal-cursor', hidden: true }, root);
  const focusPx = new Map<number, [number, number]>();

  /** Reads the data options: sync inputs now (so bad input throws from the call), tensors and images in the next render. */
  function read(): void {
    const r = load(opts);
    if (Array.isArray(r)) {
      items = r;
      loading = null;
    } else {
      loading = r;
      r.catch(() => {});
    }
  }
  try {
    read();
  } catch (e) {
    life.destroy();
    throw e;
  }

  function applyTheme(): void {
    if (opts.theme == 'auto') root.removeAttribute('data-theme');
    else root.setAttribute('data-theme', opts.theme);
  }

  function showError(e: unknown): void {
    errorBox.hidden = false;
    errorBox.textContent = e instanceof Error ? e.message : String(e);
    grid.replaceChildren();
    legend.replaceChildren();
  }

  async function render(): Promise<void> {
    const gen = ++generation;
    if (loading) {
      const p = loading;
      try {
        const r = await p;
        if (loading === p) {
          items = r;
          loading = null;
        }
      } catch (e) {
        if (loading === p) loading = null;
        if (life.destroyed || gen != generation) return;
        showError(e);
        throw e;
      }
      if (life.destroyed || gen != generation) return;
    }
    if (!items) return;
    errorBox.hidden = true;
    applyTheme();
    await draw(items, gen);
  }

  /** The clip value of each map (> 0) and whether it is signed. */
  function scales(list: Item[]): Array<{ clip: number; signed: boolean }> {
    const signedOf = (m: SalMap) => (opts.signed == 'auto' ? m.min < 0 : opts.signed);
    const safe = (c: number, m: SalMap) => (c > 0 ? c : Math.max(Math.abs(m.min), Math.abs(m.max)) || 1);
    if (opts.shared) {
      let n = 0;
      for (const it of list) n += it.map.data.length;
      const all = new Float32Array(n);
      let o = 0;
      for (const it of list) all.set(it.map.data, (o += it.map.data.length) - it.map.data.length);
      const c = safe(percentile(all, opts.clip, true), { min: Math.min(...list.map((i) => i.map.min)), max: Math.max(...list.map((i) => i.map.max)) } as SalMap);
      const s = list.some((i) => signedOf(i.map));
      return list.map(() => ({ clip: c, signed: opts.signed == 'auto' ? s : !!opts.signed }));
    }
    return list.map((it) => ({ clip: safe(percentile(it.map.data, opts.clip, true), it.map), signed: signedOf(it.map) }));
  }

  function panelCanvas(parent: HTMLElement, w: number, h: number, attrs: Record<string, string | number>): [HTMLCanvasElement, CanvasRenderingContext2D | null] {
    const c = el('canvas', { class: 'tl-px', width: w, height: h, ...attrs }, parent);
    c.style.width = opts.size + 'px';
    return [c, c.getContext('2d')];
  }

  async function draw(list: Item[], gen: number): Promise<void> {
    const sc = scales(list);
    const luts = new Map<string, ColorLut>();
    const lutOf = (signed: boolean, clip: number) => {
      const key = `${signed}${clip}`;
      let l = luts.get(key);
      if (!l) luts.set(key, (l = signed ? colorLut(opts.colorScheme, [-clip, clip]) : colorLut(opts.magnitudeScheme, [0, clip])));
      return l;
    };
    title.textContent = opts.title;
    title.hidden = !opts.title;
    grid.style.gridTemplateColumns = opts.columns ? `repeat(${opts.columns}, max-content)` : `repeat(auto-fill, ${opts.size * (opts.mode == 'side-by-side' ? 2 : 1) + 4}px)`;
    const cells: HTMLElement[] = [];
    const stats: SaliencyMapStats[] = [];
    let t0 = performance.now();
    for (let i = 0; i < list.length; i++) {
      const { label, map, image } = list[i];
      const { clip, signed } = sc[i];
      const cell = el('div', { class: 'tl-sal-cell', role: 'group', 'aria-label': label });
      const panels = el('div', { class: 'tl-sal-panels' }, cell);
      const blend = opts.mode == 'blend' && image;
      // The cell is as wide as its panels: long labels wrap instead of widening the grid column.
      cell.style.width = (opts.mode == 'side-by-side' && image ? 2 * opts.size + 4 : opts.size) + 'px';
      if (opts.mode == 'side-by-side' && image) {
        const [, ctx] = panelCanvas(panels, image.w, image.h, { 'data-index': i, 'data-kind': 'image', role: 'img', 'aria-label': `${label}: input image` });
        if (ctx) {
          const img = ctx.createImageData(image.w, image.h);
          img.data.set(image.rgba);
          ctx.putImageData(img, 0, 0);
        }
      }
      let lo = 0;
      let hi = 0;
      for (let p = 0; p < map.data.length; p++) {
        if (map.data[p] < map.data[lo]) lo = p;
        if (map.data[p] > map.data[hi]) hi = p;
      }
      const at = (p: number) => `(${p % map.w}, ${Math.floor(p / map.w)})`;
      const summary = `${label}: ${signed ? 'signed' : 'magnitude'} attribution from ${fmt(map.min)} to ${fmt(map.max)}, largest ${fmt(map.max)} at ${at(hi)}${map.min < 0 ? `, most negative at ${at(lo)}` : ''}; colours clipped at ${fmt(clip)}${blend ? ', over the image' : ''}. Arrow keys read pixel values.`;
      const [, ctx] = panelCanvas(panels, map.w, map.h, { 'data-index': i, 'data-kind': 'map', role: 'img', tabindex: 0, 'aria-label': summary });
      if (ctx) {
        const img = ctx.createImageData(map.w, map.h);
        paintMap(img.data, map, blend ? image : null, { signed, clip, lut: lutOf(signed, clip), opacity: opts.opacity, alpha: opts.alpha });
        ctx.putImageData(img, 0, 0);
      }
      const cap = el('div', { class: 'tl-sal-label' }, cell);
      el('span', { class: 'tl-text', text: label }, cap);
      if (!opts.shared) el('span', { class: 'tl-text tl-muted', text: ` ${signed ? '±' : '≤ '}${fmt(clip)}` }, cap);
      cells.push(cell);
      stats.push({ label, width: map.w, height: map.h, min: map.min, max: map.max, clip, signed });
      // Long grids are drawn in slices: yield a frame every ~30 ms.
      if (performance.now() - t0 > 30 && i < list.length - 1) {
        await new Promise((r) => (typeof requestAnimationFrame == 'function' ? requestAnimationFrame(r) : setTimeout(r, 0)));
        if (life.destroyed || gen != generation) return;
        t0 = performance.now();
      }
    }
    grid.replaceChildren(...cells);
    cursor.hidden = true;
    tip.hide();
    // Legend: one bar per scale in use.
    legend.replaceChildren();
    legend.hidden = !opts.legend;
    if (opts.legend) {
      const per = opts.shared ? '' : ' per map';
      const what = `clipped at the ${opts.clip}th percentile of |attribution|${per}`;
      if (sc.some((s) => s.signed)) {
        const c = opts.shared ? fmt(sc[0].clip) : 'clip';
        legendBar(legend, lutOf(true, opts.shared ? sc[0].clip : 1), [`−${c}`, '0', `+${c}`], `attribution (signed), ${what}`);
      }
      if (sc.some((s) => !s.signed)) legendBar(legend, lutOf(false, opts.shared ? sc[0].clip : 1), ['0', '', opts.shared ? fmt(sc[0].clip) : 'clip'], `|attribution|, ${what}`);
    }
    const n = list.length;
    root.setAttribute('aria-label', `${opts.title ? opts.title + '. ' : ''}Saliency: ${n} map${n > 1 ? 's' : ''} of ${list[0].map.w}×${list[0].map.h} pixels, ${opts.mode}.`);
    drawn = stats;
    emitter.emit('render', { maps: n });
  }

  function valueAt(i: number, x: number, y: number): number {
    const m = items?.[i]?.map;
    if (!m) throw fail('range', 'index', `a map index below ${items?.length ?? 0}`, i);
    if (!(x >= 0 && x < m.w && y >= 0 && y < m.h)) throw fail('range', 'x, y', `a pixel inside ${m.w}×${m.h}`, `(${x}, ${y})`);
    return m.data[(y | 0) * m.w + (x | 0)];
  }

  function show(c: HTMLCanvasElement, x: number, y: number, keyboard: boolean): void {
    const i = +c.dataset.index!;
    const it = items?.[i];
    if (!it) return;
    const v = valueAt(i, x, y);
    const s = drawn?.[i];
    const rows: Array<[string, string]> = [
      [it.label, `x ${x}, y ${y}`],
      ['attribution', fmt(v) + (s && Math.abs(v) > s.clip ? ' (beyond clip)' : '')],
    ];
    const rr = root.getBoundingClientRect();
    const r = c.getBoundingClientRect();
    const k = r.width / c.width;
    const px = r.left - rr.left + (x + 0.5) * k;
    const py = r.top - rr.top + (y + 0.5) * k;
    tip.show(px, py, rows);
    if (keyboard) {
      cursor.hidden = false;
      Object.assign(cursor.style, { left: r.left - rr.left + x * k + 'px', top: r.top - rr.top + y * k + 'px', width: k + 'px', height: k + 'px' });
      live.textContent = `${it.label}, x ${x}, y ${y}: ${fmt(v)}`;
    }
    emitter.emit('hover', { index: i, label: it.label, x, y, value: v });
  }

  const canvasOf = (t: EventTarget | null) => (t instanceof HTMLCanvasElement && t.dataset.index != null ? t : null);
  life.listen(grid, 'pointermove', ((e: PointerEvent) => {
    const c = canvasOf(e.target);
    if (!c) return;
    const r = c.getBoundingClientRect();
    const x = Math.floor(((e.clientX - r.left) / r.width) * c.width);
    const y = Math.floor(((e.clientY - r.top) / r.height) * c.height);
    if (x >= 0 && y >= 0 && x < c.width && y < c.height) show(c, x, y, false);
  }) as EventListener);
  life.listen(grid, 'pointerleave', () => {
    tip.hide();
    emitter.emit('hover', null);
  });
  life.listen(grid, 'keydown', ((e: KeyboardEvent) => {
    const c = canvasOf(e.target);
    const d = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[e.key];
    if (!c || !d) return;
    e.preventDefault();
    const i = +c.dataset.index!;
    const [x0, y0] = focusPx.get(i) ?? [Math.floor(c.width / 2) - d[0], Math.floor(c.height / 2) - d[1]];
    const x = Math.max(0, Math.min(c.width - 1, x0 + d[0]));
    const y = Math.max(0, Math.min(c.height - 1, y0 + d[1]));
    focusPx.set(i, [x, y]);
    show(c, x, y, true);
  }) as EventListener);
  life.listen(grid, 'focusout', () => {
    cursor.hidden = true;
    tip.hide();
  });

  life.schedule();

  return {
    element: root,
    update(partial) {
      life.assertAlive();
      checkOptions(partial ?? {});
      const prev = opts;
      opts = { ...opts, ...partial } as Opts;
      if (DATA_KEYS.some((k) => k in (partial ?? {}) && partial[k] !== prev[k])) {
        try {
          read();
        } catch (e) {
          opts = prev;
          throw e;
        }
        focusPx.clear();
      }
      life.schedule();
    },
    on: (type, fn) => emitter.on(type, fn),
    whenRendered: () => life.whenRendered(),
    stats: () => drawn && drawn.map((s) => ({ ...s })),
    valueAt,
    async toPNG(scale) {
      life.assertAlive();
      await life.whenRendered();
      return composePNG(root, scale ?? pixelRatio());
    },
    get listenerCount() {
      return emitter.listenerCount;
    },
    destroy() {
      if (life.destroyed) return;
      generation++;
      life.destroy();
      emitter.clear();
      items = null;
    },
  };
}
