import { select } from 'd3-selection';
import { Emitter, Lifecycle, colorLut, createTooltip, defineOptions, el, fail, formatSafe, isBoolean, isNumber, isString, isTheme, nullable, oneOf } from '@tensorlens/core';
import type { ColorLut, ComponentHandle, DivergingScheme, NDArray, OptionCheck, SequentialScheme, Theme } from '@tensorlens/core';
import { isSyncInput, readRaw, toImage, toMap } from './input';
import type { ChannelReduce, SalImage, SalMap, SaliencyImageInput, SaliencyMapInput } from './input';
import { percentile } from './percentile';
import { paintMap } from './paint';
import { LARGEST_NUMBER } from './format';
import { drawSaliencyLegend } from './saliency-legend';
import { injectSaliencyStyles } from './styles';
import { exportChartPNG } from '../shared/export-png';

/** One map of a grid: a method or a class, with its label and (optionally) its own image. */
export interface SaliencyEntry {
  label: string;
  map: SaliencyMapInput;
  /** Default: the overlay's `image`. */
  image?: SaliencyImageInput | null;
}

/** How a map is shown: over its image, beside it, or alone. */
export type SaliencyMode = 'blend' | 'side-by-side' | 'map';

/** Options of {@link createSaliencyOverlay}; every one but `attributions` has a default. */
export interface SaliencyOverlayOptions {
  /** The input image the maps explain; without one, only the maps are drawn. Default null. */
  image?: SaliencyImageInput | null;
  /** One map, or an array of labelled maps drawn as a grid. Required. */
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
  /** Sequential scheme of magnitude maps (|a|). Default 'magma'. (Was `magnitudeScheme`.) */
  scheme?: SequentialScheme;
  /** Diverging scheme of signed maps, centred on 0. Default 'rdbu' (negative red, positive blue). (Was `colorScheme`.) */
  divergingScheme?: DivergingScheme;
  /** Grid columns; default null (as many as fit the width). */
  columns?: number | null;
  /** CSS width of each panel in pixels. Default 160. */
  size?: number;
  /** One clip value over all maps (true) or one per map (false, default). */
  shared?: boolean;
  /** How channels of an [H, W, C] map are reduced to one value per pixel. Default 'sum'. */
  channels?: ChannelReduce;
  /** Value range of array images; default null: [0, 1] if all values are in it, else [0, 255] if all are in that, else [min, max]. */
  imageRange?: [number, number] | null;
  /** A colour legend for each scale in use (core's legend). Default true; false hides it. */
  legend?: boolean;
  /** The accessible name, shown as a title above the grid when not empty. Default ''. */
  title?: string;
  /** Default 'auto' (follows the page); 'light' or 'dark' set `data-theme` on the root. */
  theme?: Theme;
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
  /** Pixels whose channel sum overflowed the largest number (±1.8e308) and are shown clamped to it. */
  overflowed: number;
}

/** The pixel under the pointer (or the keyboard cursor) and its attribution. */
export interface SaliencyHoverEvent {
  /** The map's index in the grid. */
  index: number;
  label: string;
  x: number;
  y: number;
  value: number;
}

/** Events of the saliency overlay. */
export interface SaliencyOverlayEvents {
  /** The pixel under the pointer or keyboard cursor; null when the pointer leaves the grid. */
  hover: SaliencyHoverEvent | null;
  /** Each time a state reaches the screen. */
  render: { maps: number };
  /** Asynchronous input (a tensor, a loading image) turned out bad; `whenRendered()` rejects with the same error. */
  error: { error: unknown; message: string };
}

/** The handle {@link createSaliencyOverlay} returns. */
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

/** The options with every default applied (every option has one, `attributions` is required). */
type Options = Required<SaliencyOverlayOptions>;

const isImageRange: OptionCheck<[number, number] | null> = nullable((value: [number, number], argument: string) => {
  const ok = Array.isArray(value) && value.length == 2 && Number.isFinite(value[0]) && Number.isFinite(value[1]) && value[1] > value[0];
  if (!ok) throw fail('option', argument, '[low, high] with high > low (finite numbers), or null', value);
});

const SEQUENTIAL: SequentialScheme[] = ['viridis', 'magma', 'blues', 'greys'];
const DIVERGING: DivergingScheme[] = ['rdbu', 'puor'];

/** A sequential scheme name; a diverging name gets an error that points to `divergingScheme`. */
const isSequentialScheme: OptionCheck<SequentialScheme> = (value, argument) => {
  if (!SEQUENTIAL.includes(value)) throw fail('option', argument, `${SEQUENTIAL.map((s) => `'${s}'`).join(' | ')}${DIVERGING.includes(value as never) ? ` (the scheme of magnitude maps; signed maps take divergingScheme: '${value}')` : ''}`, value);
};

/** The options, declared once: how each is checked, its default, and what a change of it redraws. */
const saliencyOptions = defineOptions<SaliencyOverlayOptions>(
  'saliency overlay',
  {
    attributions: { required: true, invalidates: 'data' }, // checked when read (load)
    image: { default: null, invalidates: 'data' }, // checked when read (load)
    label: { default: 'attribution', check: isString, invalidates: 'data' },
    channels: { default: 'sum', check: oneOf<ChannelReduce>('sum', 'abs-sum', 'max-abs', 'l2'), invalidates: 'data' },
    imageRange: { default: null, check: isImageRange, invalidates: 'data', equals: (a, b) => a === b || (!!a && !!b && a[0] == b[0] && a[1] == b[1]) },
    signed: { default: 'auto', check: oneOf<boolean | 'auto'>('auto', true, false), invalidates: 'layout' },
    clip: { default: 99, check: isNumber({ min: 0, max: 100 }), invalidates: 'layout' },
    shared: { default: false, check: isBoolean, invalidates: 'layout' },
    mode: { default: 'blend', check: oneOf<SaliencyMode>('blend', 'side-by-side', 'map'), invalidates: 'layout' },
    columns: { default: null, check: nullable(isNumber({ min: 1, integer: true })), invalidates: 'layout' },
    size: { default: 160, check: isNumber({ min: 1, max: 1e4 }), invalidates: 'layout' },
    legend: { default: true, check: isBoolean, invalidates: 'layout' },
    opacity: { default: 0.6, check: isNumber({ min: 0, max: 1 }), invalidates: 'paint' },
    alpha: { default: 'magnitude', check: oneOf('magnitude', 'constant'), invalidates: 'paint' },
    scheme: { default: 'magma', check: isSequentialScheme, invalidates: 'paint' },
    divergingScheme: { default: 'rdbu', check: oneOf<DivergingScheme>(...DIVERGING), invalidates: 'paint' },
    title: { default: '', check: isString, invalidates: 'paint' },
    theme: { default: 'auto', check: isTheme, invalidates: 'paint' },
  },
  { renamed: { colorScheme: 'divergingScheme', magnitudeScheme: 'scheme' } },
);

/** The attribution entries of the options, named for errors. */
function entriesOf(o: Options): Array<{ label: string; map: unknown; image: unknown; name: string; imageName: string }> {
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
function load(o: Options): Item[] | Promise<Item[]> {
  const entries = entriesOf(o);
  const raws = entries.map((e) => [readRaw(e.map, e.name), e.image == null ? null : readRaw(e.image, e.imageName)] as const);
  const finish = (read: ReadonlyArray<readonly [NDArray | ImageData, NDArray | ImageData | null]>) =>
    read.map(([rawMap, rawImage], i) => {
      const e = entries[i];
      const map = toMap(rawMap, e.name, o.channels);
      const image = rawImage && toImage(rawImage, e.imageName, o.imageRange ?? undefined);
      if (image && (image.w != map.w || image.h != map.h)) throw fail('shape', e.name, `a map of the image's size ${image.h}×${image.w}`, `${map.h}×${map.w}`);
      return { label: e.label, map, image };
    });
  const sync = entries.every((e) => isSyncInput(e.map) && isSyncInput(e.image));
  if (sync) return finish(raws as Array<[NDArray | ImageData, NDArray | ImageData | null]>);
  return Promise.all(raws.map((r) => Promise.all(r))).then(finish);
}

/** A clip value that is positive and finite: the percentile, or the largest |a| when that is 0, or 1 for an all-zero map. */
function usableClip(clip: number, min: number, max: number): number {
  if (clip > 0 && 1 / clip < Infinity) return clip;
  return Math.max(Math.abs(min), Math.abs(max)) || 1;
}

/** What the legend and every cell show of one map's scale. */
interface MapScale {
  clip: number;
  signed: boolean;
}

/** A cell's text: its label and (when each map has its own clip) the clip value. */
interface CellText {
  index: number;
  label: string;
  clipText: string;
  width: number;
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
  let current = saliencyOptions.resolve(options) as Options;
  // Synchronous inputs are read now, so bad input throws from the call and nothing is created.
  const first = load(current);
  let items: Item[] | null = Array.isArray(first) ? first : null;
  let loading: Promise<Item[]> | null = Array.isArray(first) ? null : first;
  loading?.catch(() => {});

  const id = `tl-sal-${++uid}`;
  const emitter = new Emitter<SaliencyOverlayEvents>();
  const life = new Lifecycle(render);
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
  const legendDrawing = drawSaliencyLegend(legend);
  life.own(() => legendDrawing.destroy());
  const cursor = el('div', { class: 'tl-sal-cursor', hidden: true }, root);
  const focusPixel = new Map<number, [number, number]>();

  function applyTheme(): void {
    if (current.theme == 'auto') root.removeAttribute('data-theme');
    else root.setAttribute('data-theme', current.theme);
  }

  function showError(e: unknown): void {
    errorBox.hidden = false;
    errorBox.textContent = e instanceof Error ? e.message : String(e);
    grid.replaceChildren();
    legendDrawing.clear();
    emitter.emit('error', { error: e, message: errorBox.textContent });
  }

  async function render(): Promise<void> {
    const gen = ++generation;
    if (loading) {
      const pending = loading;
      try {
        const read = await pending;
        if (loading === pending) {
          items = read;
          loading = null;
        }
      } catch (e) {
        if (loading === pending) loading = null;
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

  /** The clip value of each map (> 0, finite) and whether it is signed. */
  function scalesOf(list: Item[]): MapScale[] {
    const signedOf = (m: SalMap) => (current.signed == 'auto' ? m.min < 0 : current.signed);
    if (current.shared) {
      let total = 0;
      for (const item of list) total += item.map.data.length;
      const all = new Float64Array(total);
      let offset = 0;
      for (const item of list) {
        all.set(item.map.data, offset);
        offset += item.map.data.length;
      }
      const min = Math.min(...list.map((i) => i.map.min));
      const max = Math.max(...list.map((i) => i.map.max));
      const clip = usableClip(percentile(all, current.clip, true), min, max);
      const anySigned = list.some((i) => signedOf(i.map));
      return list.map(() => ({ clip, signed: current.signed == 'auto' ? anySigned : !!current.signed }));
    }
    return list.map((item) => ({ clip: usableClip(percentile(item.map.data, current.clip, true), item.map.min, item.map.max), signed: signedOf(item.map) }));
  }

  function panelCanvas(parent: Element, w: number, h: number, attrs: Record<string, string | number>): CanvasRenderingContext2D | null {
    const canvas = el('canvas', { class: 'tl-px', width: w, height: h, ...attrs }, parent);
    canvas.style.width = current.size + 'px';
    return canvas.getContext('2d');
  }

  /** The text summary of one map (its panel's aria-label): range, strongest pixels, clip; overflow said in words. */
  function summaryOf(item: Item, scale: MapScale, blend: boolean): string {
    const { label, map } = item;
    let lowest = 0;
    let highest = 0;
    for (let p = 0; p < map.data.length; p++) {
      if (map.data[p] < map.data[lowest]) lowest = p;
      if (map.data[p] > map.data[highest]) highest = p;
    }
    const at = (p: number) => `(${p % map.w}, ${Math.floor(p / map.w)})`;
    const overflow = map.overflowed
      ? ` ${map.overflowed} pixel${map.overflowed > 1 ? 's' : ''} overflowed: the sum of ${map.overflowed > 1 ? 'their' : 'its'} channels is beyond the largest number (±${formatSafe(LARGEST_NUMBER)}) and is shown as ±${formatSafe(LARGEST_NUMBER)}.`
      : '';
    return (
      `${label}: ${scale.signed ? 'signed' : 'magnitude'} attribution from ${formatSafe(map.min)} to ${formatSafe(map.max)}, largest ${formatSafe(map.max)} at ${at(highest)}` +
      `${map.min < 0 ? `, most negative at ${at(lowest)}` : ''}; colours clipped at ${formatSafe(scale.clip)}${blend ? ', over the image' : ''}.${overflow} Arrow keys read pixel values.`
    );
  }

  async function draw(list: Item[], gen: number): Promise<void> {
    const scales = scalesOf(list);
    // Tables over the normalised domains: paintMap divides by the clip itself.
    const divergingLut: ColorLut = colorLut(current.divergingScheme, [-1, 1]);
    const sequentialLut: ColorLut = colorLut(current.scheme, [0, 1]);
    title.textContent = current.title;
    title.hidden = !current.title;
    const sideBySide = current.mode == 'side-by-side';
    grid.style.gridTemplateColumns = current.columns ? `repeat(${current.columns}, max-content)` : `repeat(auto-fill, ${current.size * (sideBySide ? 2 : 1) + 4}px)`;
    // Cells and their captions: one cell per map, joined on the map's index (d3-selection's data join).
    const texts: CellText[] = list.map((item, index) => ({
      index,
      label: item.label,
      clipText: current.shared ? '' : ` ${scales[index].signed ? '±' : '≤ '}${formatSafe(scales[index].clip)}${item.map.overflowed ? ' (overflowed)' : ''}`,
      // The cell is as wide as its panels: long labels wrap instead of widening the grid column.
      width: sideBySide && item.image ? 2 * current.size + 4 : current.size,
    }));
    const cells = select(grid)
      .selectAll<HTMLDivElement, CellText>('div.tl-sal-cell')
      .data(texts, (d) => String(d.index))
      .join((enter) => {
        const cell = enter.append('div').attr('class', 'tl-sal-cell').attr('role', 'group');
        cell.append('div').attr('class', 'tl-sal-panels');
        const caption = cell.append('div').attr('class', 'tl-sal-label');
        caption.append('span').attr('class', 'tl-text tl-sal-name');
        caption.append('span').attr('class', 'tl-text tl-muted tl-sal-clip');
        return cell;
      })
      .attr('aria-label', (d) => d.label)
      .style('width', (d) => `${d.width}px`);
    cells.select('.tl-sal-name').text((d) => d.label);
    cells.select('.tl-sal-clip').text((d) => d.clipText);
    const panelsOf = cells.select<HTMLDivElement>('.tl-sal-panels').nodes();
    for (const panels of panelsOf) panels.replaceChildren();
    const stats: SaliencyMapStats[] = [];
    let sliceStart = performance.now();
    for (let i = 0; i < list.length; i++) {
      const item = list[i];
      const { map, image } = item;
      const scale = scales[i];
      const panels = panelsOf[i];
      const blend = current.mode == 'blend' && !!image;
      if (sideBySide && image) {
        const context = panelCanvas(panels, image.w, image.h, { 'data-index': i, 'data-kind': 'image', role: 'img', 'aria-label': `${item.label}: input image` });
        if (context) {
          const picture = context.createImageData(image.w, image.h);
          picture.data.set(image.rgba);
          context.putImageData(picture, 0, 0);
        }
      }
      const context = panelCanvas(panels, map.w, map.h, { 'data-index': i, 'data-kind': 'map', role: 'img', tabindex: 0, 'aria-label': summaryOf(item, scale, blend) });
      if (context) {
        const picture = context.createImageData(map.w, map.h);
        paintMap(picture.data, map, blend ? image : null, { signed: scale.signed, clip: scale.clip, lut: scale.signed ? divergingLut : sequentialLut, opacity: current.opacity, alpha: current.alpha });
        context.putImageData(picture, 0, 0);
      }
      stats.push({ label: item.label, width: map.w, height: map.h, min: map.min, max: map.max, clip: scale.clip, signed: scale.signed, overflowed: map.overflowed });
      // Long grids are drawn in slices: yield a frame every ~30 ms.
      if (performance.now() - sliceStart > 30 && i < list.length - 1) {
        await new Promise((resolve) => (typeof requestAnimationFrame == 'function' ? requestAnimationFrame(resolve) : setTimeout(resolve, 0)));
        if (life.destroyed || gen != generation) return;
        sliceStart = performance.now();
      }
    }
    cursor.hidden = true;
    tip.hide();
    legend.hidden = !current.legend;
    if (current.legend) {
      legendDrawing.draw({
        signed: scales.some((s) => s.signed),
        magnitude: scales.some((s) => !s.signed),
        sharedClip: current.shared ? scales[0].clip : null,
        percentile: current.clip,
        divergingScheme: current.divergingScheme,
        scheme: current.scheme,
        theme: current.theme,
        overflowed: list.reduce((n, item) => n + item.map.overflowed, 0),
      });
    } else legendDrawing.clear();
    const n = list.length;
    root.setAttribute('aria-label', `${current.title ? current.title + '. ' : ''}Saliency: ${n} map${n > 1 ? 's' : ''} of ${list[0].map.w}×${list[0].map.h} pixels, ${current.mode}.`);
    drawn = stats;
    emitter.emit('render', { maps: n });
  }

  function valueAt(index: number, x: number, y: number): number {
    const map = items?.[index]?.map;
    if (!map) throw fail('range', 'index', `a map index below ${items?.length ?? 0}`, index);
    if (!(x >= 0 && x < map.w && y >= 0 && y < map.h)) throw fail('range', 'x, y', `a pixel inside ${map.w}×${map.h}`, `(${x}, ${y})`);
    return map.data[Math.floor(y) * map.w + Math.floor(x)];
  }

  function show(canvas: HTMLCanvasElement, x: number, y: number, keyboard: boolean): void {
    const index = +canvas.dataset.index!;
    const item = items?.[index];
    if (!item) return;
    const value = valueAt(index, x, y);
    const stat = drawn?.[index];
    const rows: Array<[string, string]> = [
      [item.label, `x ${x}, y ${y}`],
      ['attribution', formatSafe(value) + (stat && Math.abs(value) > stat.clip ? ' (beyond clip)' : '')],
    ];
    const rootBox = root.getBoundingClientRect();
    const box = canvas.getBoundingClientRect();
    const cssPerPixel = box.width / canvas.width;
    tip.show(box.left - rootBox.left + (x + 0.5) * cssPerPixel, box.top - rootBox.top + (y + 0.5) * cssPerPixel, rows);
    if (keyboard) {
      cursor.hidden = false;
      Object.assign(cursor.style, { left: box.left - rootBox.left + x * cssPerPixel + 'px', top: box.top - rootBox.top + y * cssPerPixel + 'px', width: cssPerPixel + 'px', height: cssPerPixel + 'px' });
      live.textContent = `${item.label}, x ${x}, y ${y}: ${formatSafe(value)}`;
    }
    emitter.emit('hover', { index, label: item.label, x, y, value });
  }

  const canvasOf = (target: EventTarget | null) => (target instanceof HTMLCanvasElement && target.dataset.index != null ? target : null);
  life.listen(grid, 'pointermove', ((e: PointerEvent) => {
    const canvas = canvasOf(e.target);
    if (!canvas) return;
    const box = canvas.getBoundingClientRect();
    const x = Math.floor(((e.clientX - box.left) / box.width) * canvas.width);
    const y = Math.floor(((e.clientY - box.top) / box.height) * canvas.height);
    if (x >= 0 && y >= 0 && x < canvas.width && y < canvas.height) show(canvas, x, y, false);
  }) as EventListener);
  life.listen(grid, 'pointerleave', () => {
    tip.hide();
    emitter.emit('hover', null);
  });
  const ARROWS: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
  life.listen(grid, 'keydown', ((e: KeyboardEvent) => {
    const canvas = canvasOf(e.target);
    const step = ARROWS[e.key];
    if (!canvas || !step) return;
    e.preventDefault();
    const index = +canvas.dataset.index!;
    const [x0, y0] = focusPixel.get(index) ?? [Math.floor(canvas.width / 2) - step[0], Math.floor(canvas.height / 2) - step[1]];
    const x = Math.max(0, Math.min(canvas.width - 1, x0 + step[0]));
    const y = Math.max(0, Math.min(canvas.height - 1, y0 + step[1]));
    focusPixel.set(index, [x, y]);
    show(canvas, x, y, true);
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
      // Everything that can throw happens before any state changes: a bad update leaves the overlay as it was.
      const change = saliencyOptions.merge(current, partial);
      if (!change.changed.size) return;
      const next = change.options as Options;
      const reread = change.invalidated.has('data') ? load(next) : null;
      current = next;
      if (reread) {
        if (Array.isArray(reread)) {
          items = reread;
          loading = null;
        } else {
          loading = reread;
          reread.catch(() => {});
        }
        focusPixel.clear();
      }
      if (change.invalidated.size) life.schedule();
    },
    on: (type, listener) => emitter.on(type, listener),
    whenRendered: () => life.whenRendered(),
    stats: () => drawn && drawn.map((s) => ({ ...s })),
    valueAt,
    toPNG: (scale) => exportChartPNG(root, life, scale),
    get listenerCount() {
      return emitter.listenerCount;
    },
    destroy() {
      if (life.destroyed) return;
      generation++;
      life.destroy();
      emitter.clear();
      items = null;
      loading = null;
    },
  };
}
