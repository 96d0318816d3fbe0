import { select as d3Select } from 'd3-selection';
import { Emitter, Lifecycle, colorLut, createTooltip, defineOptions, el, fail, formatSafe, isBoolean, isFunction, isNumber, isString, isTheme, nullable, oneOf } from '@tensorlens/core';
import type { ColorLut, ComponentHandle, DivergingScheme, LegendOptions, OptionCheck, SequentialScheme, Theme } from '@tensorlens/core';
import { checkInput, layersOf, runLayers } from './run';
import type { DisposableTensor, LayerActivation, LayerSpec, SequentialLike, TidyFn } from './run';
import { toImage } from '../saliency/input';
import { createLegendSlots } from '../saliency/legend-slots';
import { injectSaliencyStyles } from '../saliency/styles';
import { exportChartPNG } from '../shared/export-png';

/** Options of {@link createLayerExplorer}; every one but `model` and `input` has a default. */
export interface LayerExplorerOptions {
  /** Layers as `[{name, fn}]` (each fn maps the previous output to the next), or a Sequential-like `{layers: [{name, apply}]}`. Required. */
  model: LayerSpec[] | SequentialLike;
  /** The input batch, batch first ([B, H, W, C] for a CNN); never disposed. Required. */
  input: DisposableTensor;
  /** Which batch row is shown. Default 0. */
  index?: number;
  /** Pass `tf.tidy` so the temporaries inside each layer call are freed (recommended). Default null. */
  tidy?: TidyFn | null;
  /** Colour range of each heatmap: its own channel, its layer (default) or every layer. */
  range?: 'channel' | 'layer' | 'global';
  /** At most this many channels per layer are drawn. Default 32. */
  maxChannels?: number;
  /** Show the input as the first column (as an image: greys for one channel, RGB for three or four). Default true. */
  showInput?: boolean;
  /** CSS size of a channel heatmap in pixels. Default 40. */
  size?: number;
  /** CSS size of the detail heatmap. Default 196. */
  detailSize?: number;
  /** Sequential scheme of ranges that are ≥ 0. Default 'viridis'. (Was `colorScheme`.) */
  scheme?: SequentialScheme;
  /** Diverging scheme of ranges with negative values (centred on 0). Default 'rdbu'. */
  divergingScheme?: DivergingScheme;
  /**
   * Class names of the last layer's outputs (the logits), shown beside each output with its value; the predicted
   * class (the largest output) is marked. Default null: the class indices '0', '1', …
   */
  classes?: string[] | null;
  /** A colour legend for the heatmaps (core's legend). Default true; false hides it. */
  legend?: boolean;
  /** The accessible name, shown as a title when not empty. Default ''. */
  title?: string;
  /** Default 'auto' (follows the page); 'light' or 'dark' set `data-theme` on the root. */
  theme?: Theme;
}

/** The payload of `select`: the channel clicked (or chosen with the keyboard), and the example it belongs to. */
export interface LayerSelectEvent {
  /** The example shown (the batch row `index`), as the one-element list every `select` event carries. */
  indices: Uint32Array;
  /** Column index: 0 is the input when `showInput`, else the first layer. */
  layer: number;
  layerName: string;
  channel: number;
}

/** Events of the layer explorer. */
export interface LayerExplorerEvents {
  /** A channel was selected (click, Enter/Space, or `select()`). */
  select: LayerSelectEvent;
  /** Each time a state reaches the screen. */
  render: { layers: number };
  /** Running the model failed (a layer threw, a bad output); `whenRendered()` rejects with the same error. */
  error: { error: unknown; message: string };
}

/** The selected channel, as shown in the detail panel. */
export interface ChannelDetail {
  layer: number;
  layerName: string;
  channel: number;
  width: number;
  height: number;
  /** The channel's values, row-major (h·w; vectors: their n values). For the input shown in RGB: h·w·c values, channels last. */
  values: Float32Array;
  min: number;
  max: number;
  /** Weights of this output channel, [kh, kw, inChannels] (1-D: [k, inChannels]), when the layer has a kernel. */
  kernel: { data: Float32Array; shape: number[] } | null;
  /** True for the input drawn as an image (greys or RGB) rather than on the colour scale. */
  image: boolean;
}

/** One output of the last layer (a logit), as listed beside its cell. */
export interface LogitRow {
  /** The output's index (the class index). */
  index: number;
  /** The class name (`classes[index]`, or the index). */
  label: string;
  value: number;
  /** The largest output: the predicted class. */
  predicted: boolean;
}

/** The handle {@link createLayerExplorer} returns. */
export interface LayerExplorerHandle extends ComponentHandle<LayerExplorerOptions, LayerExplorerEvents> {
  /** Every drawn layer's output for the shown row (input first when shown); null before the first run. */
  activations(): LayerActivation[] | null;
  /** The last layer's outputs with their class labels and the predicted class, when it outputs a vector [B, N]; else null. */
  logits(): LogitRow[] | null;
  /** Selects a channel (as a click does) and shows its detail. */
  select(layer: number, channel: number): void;
  /** The selected channel's detail, or null. */
  detail(): ChannelDetail | null;
  /** The view as a PNG (scale defaults to devicePixelRatio). */
  toPNG(scale?: number): Promise<Blob>;
  /** Listeners registered through `on` (for leak checks). */
  readonly listenerCount: number;
}

/** The options with every default applied. */
type Options = Required<LayerExplorerOptions>;

const TABLE_MAX = 256;
/** Vectors longer than this are drawn as a near-square grid (see dimsOf) and their logits are not listed one by one. */
const LISTED_LOGITS_MAX = 16;

const isStringArray: OptionCheck<string[]> = (value, argument) => {
  if (!Array.isArray(value)) throw fail('option', argument, 'an array of class names (strings)', value);
  value.forEach((name, i) => {
    if (typeof name !== 'string') throw fail('option', `${argument}[${i}]`, 'a string', name);
  });
};

const isModel: OptionCheck<LayerSpec[] | SequentialLike> = (value) => {
  layersOf(value);
};

/** The options, declared once: how each is checked, its default, and what a change of it redraws. */
const explorerOptions = defineOptions<LayerExplorerOptions>(
  'layer explorer',
  {
    model: { required: true, check: isModel, invalidates: 'data' },
    input: { required: true, invalidates: 'data' }, // checked with index by checkInput
    index: { default: 0, check: isNumber({ min: 0, integer: true }), invalidates: 'data' },
    tidy: { default: null, check: nullable(isFunction), invalidates: 'data' },
    classes: { default: null, check: nullable(isStringArray), invalidates: 'layout' },
    range: { default: 'layer', check: oneOf('channel', 'layer', 'global'), invalidates: 'layout' },
    maxChannels: { default: 32, check: isNumber({ min: 1, integer: true }), invalidates: 'layout' },
    showInput: { default: true, check: isBoolean, invalidates: 'layout' },
    size: { default: 40, check: isNumber({ min: 1, integer: true }), invalidates: 'layout' },
    detailSize: { default: 196, check: isNumber({ min: 1, integer: true }), invalidates: 'layout' },
    legend: { default: true, check: isBoolean, invalidates: 'layout' },
    scheme: { default: 'viridis', check: oneOf<SequentialScheme>('viridis', 'magma', 'blues', 'greys'), invalidates: 'paint' },
    divergingScheme: { default: 'rdbu', check: oneOf<DivergingScheme>('rdbu', 'puor'), invalidates: 'paint' },
    title: { default: '', check: isString, invalidates: 'paint' },
    theme: { default: 'auto', check: isTheme, invalidates: 'paint' },
  },
  {
    renamed: { colorScheme: 'scheme' },
    validate: (options) => checkInput(options.input, options.index ?? 0),
  },
);

/** min and max of channel `ch` of an activation (vectors: their n values). */
function channelRange(a: LayerActivation, ch: number): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  const count = a.c == 1 ? a.n : a.h * a.w;
  for (let p = 0; p < count; p++) {
    const v = a.data[p * a.c + ch];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/** The values of channel `ch`, row-major. */
function channelValues(a: LayerActivation, ch: number): Float32Array {
  const count = a.c == 1 ? a.n : a.h * a.w;
  const out = new Float32Array(count);
  for (let p = 0; p < count; p++) out[p] = a.data[p * a.c + ch];
  return out;
}

/** Whether an activation is drawn as an image: the input, H × W with 1 (greys), 3 (RGB) or 4 (RGBA) channels. */
const isImageInput = (a: LayerActivation, column: number, showInput: boolean): boolean => showInput && column == 0 && a.shape.length == 4 && [1, 3, 4].includes(a.c);

/** The last layer's outputs as labelled logits, when it outputs a vector [B, N]. */
function logitsOf(last: LayerActivation | undefined, classes: string[] | null): LogitRow[] | null {
  if (!last || last.shape.length != 2) return null;
  if (classes && classes.length != last.n) throw fail('length', 'options.classes', `one name per output of ${last.name} (${last.n})`, `${classes.length} names`);
  let predicted = 0;
  for (let i = 1; i < last.n; i++) if (last.data[i] > last.data[predicted]) predicted = i;
  return Array.from({ length: last.n }, (_, i) => ({ index: i, label: classes ? classes[i] : String(i), value: last.data[i], predicted: i == predicted }));
}

let uid = 0;

/**
 * CNN Explainer's view for any sequential model: runs the input through the layers, shows the input as an image and
 * every layer's channels as small heatmaps in one column per layer (colour range per channel, layer or globally),
 * lists the last layer's outputs with their class names and values (the predicted class marked), and shows a clicked
 * channel's values, range and kernel weights. Keyboard: arrows move between channels and layers, Enter selects.
 * Every tensor it creates is disposed as soon as its values are read.
 */
export function createLayerExplorer(container: HTMLElement, options: LayerExplorerOptions): LayerExplorerHandle {
  if (!container || typeof container.appendChild != 'function') throw fail('type', 'container', 'an HTMLElement', container);
  let current = explorerOptions.resolve(options) as Options;
  let layers = layersOf(current.model);
  const emitter = new Emitter<LayerExplorerEvents>();
  const life = new Lifecycle(render);
  let activations: LayerActivation[] | null = null;
  let running: Promise<LayerActivation[]> | null = null;
  let rerun = true;
  let generation = 0;
  let active: [number, number] = [0, 0];
  let selected: [number, number] | null = null;
  let channelCanvases: HTMLCanvasElement[][] = [];
  let shown: LayerActivation[] = [];
  let logits: LogitRow[] | null = null;

  const root = el('div', { class: 'tl-root tl-lx', id: `tl-lx-${++uid}` }, container);
  life.own(() => root.remove());
  injectSaliencyStyles(root);
  const title = el('div', { class: 'tl-sal-title tl-text' }, root);
  el('div', { class: 'tl-muted tl-text', text: 'Click a channel (or focus one, move with the arrow keys and press Enter) for its values.' }, root);
  const columnsBox = el('div', { class: 'tl-lx-cols', role: 'group' }, root);
  const legendBox = el('div', { class: 'tl-sal-legend' }, root);
  const legends = createLegendSlots(legendBox, ['sequential', 'diverging'] as const);
  life.own(() => legends.destroy());
  const detailBox = el('div', { class: 'tl-lx-detail', 'aria-live': 'polite' }, root);
  const errorBox = el('div', { class: 'tl-error', role: 'alert', hidden: true }, root);
  const tip = createTooltip(root);
  life.own(() => tip.destroy());

  /** Diverging (centred on 0) when the range holds negatives, else sequential over [lo, hi]. */
  function lutFor(lo: number, hi: number): ColorLut {
    if (lo < 0) {
      const m = Math.max(-lo, Math.abs(hi)) || 1;
      return colorLut(current.divergingScheme, [-m, m]);
    }
    return colorLut(current.scheme, [lo, hi > lo ? hi : lo + 1]);
  }

  async function render(): Promise<void> {
    const gen = ++generation;
    if (rerun) {
      rerun = false;
      const run = runLayers(layers, current.input, current.index, current.tidy);
      running = run;
      run.catch(() => {});
    }
    let next = activations;
    if (running) {
      const run = running;
      try {
        next = await run;
        if (running === run) running = null;
        if (life.destroyed || gen != generation) return;
        // The class names are checked against the outputs the model actually gave.
        logitsOf(next[next.length - 1], current.classes);
        activations = next;
      } catch (e) {
        if (running === run) running = null;
        if (life.destroyed || gen != generation) return;
        errorBox.hidden = false;
        errorBox.textContent = e instanceof Error ? e.message : String(e);
        columnsBox.replaceChildren();
        emitter.emit('error', { error: e, message: errorBox.textContent });
        throw e;
      }
    }
    if (!activations) return;
    errorBox.hidden = true;
    draw(activations);
  }

  /** The colour range of every drawn layer (the input drawn as an image has none: null). */
  function rangesOf(list: LayerActivation[]): Array<[number, number] | null> {
    return list.map((a, column) => {
      if (isImageInput(a, column, current.showInput)) return null;
      let lo = Infinity;
      let hi = -Infinity;
      for (let ch = 0; ch < a.c; ch++) {
        const [l, h] = channelRange(a, ch);
        lo = Math.min(lo, l);
        hi = Math.max(hi, h);
      }
      return [lo, hi];
    });
  }

  function draw(all: LayerActivation[]): void {
    if (current.theme == 'auto') root.removeAttribute('data-theme');
    else root.setAttribute('data-theme', current.theme);
    title.textContent = current.title;
    title.hidden = !current.title;
    shown = current.showInput ? all : all.slice(1);
    logits = logitsOf(all[all.length - 1], current.classes);
    const layerRanges = rangesOf(shown);
    const known = layerRanges.filter((r): r is [number, number] => r !== null);
    const globalRange: [number, number] = [Math.min(...known.map((r) => r[0])), Math.max(...known.map((r) => r[1]))];
    const luts = new Map<string, ColorLut>();
    const lutOf = (r: [number, number]) => {
      const key = r.join();
      let lut = luts.get(key);
      if (!lut) luts.set(key, (lut = lutFor(r[0], r[1])));
      return lut;
    };
    channelCanvases = [];
    const columns = shown.map((a, column) => {
      const section = el('section', { class: 'tl-lx-col', 'aria-label': `${a.name}, output ${a.shape.slice(1).join('×')}` });
      el('div', { class: 'tl-lx-head tl-text', text: a.name }, section);
      el('div', { class: 'tl-muted tl-text', text: a.shape.slice(1).join('×') }, section);
      const grid = el('div', { class: 'tl-lx-chs' }, section);
      const list: HTMLCanvasElement[] = [];
      if (isImageInput(a, column, current.showInput)) {
        // The input is a picture: greys for one channel, RGB for three (or four), as the saliency overlay shows images.
        const canvas = channelCanvas(grid, a, column, 0, `${a.name}: the input image, ${a.w}×${a.h}${a.c == 1 ? ', greys' : ', RGB'}`);
        paintImage(canvas, a);
        list.push(canvas);
      } else {
        const count = Math.min(a.c, current.maxChannels);
        grid.style.gridTemplateColumns = `repeat(${Math.ceil(count / 16)}, max-content)`;
        grid.style.gridAutoFlow = 'column';
        grid.style.gridTemplateRows = `repeat(${Math.min(count, 16)}, max-content)`;
        for (let ch = 0; ch < count; ch++) {
          const own = channelRange(a, ch);
          const range = current.range == 'channel' ? own : current.range == 'layer' ? layerRanges[column]! : globalRange;
          const canvas = channelCanvas(grid, a, column, ch, `${a.name} channel ${ch}: values ${formatSafe(own[0])} to ${formatSafe(own[1])}`);
          paint(canvas, a, ch, lutOf(range));
          list.push(canvas);
        }
        if (a.c > count) el('div', { class: 'tl-muted tl-text', text: `+${a.c - count} more` }, section);
      }
      if (logits && column == shown.length - 1) drawLogits(section, grid, a, logits);
      channelCanvases.push(list);
      return section;
    });
    columnsBox.replaceChildren(...columns);
    columnsBox.setAttribute('aria-label', `Activations of ${shown.length} layers; arrow keys move between channels and layers, Enter shows a channel's values`);
    const prediction = logits?.find((row) => row.predicted);
    root.setAttribute(
      'aria-label',
      `${current.title ? current.title + '. ' : ''}Layer explorer: ${shown.map((a) => `${a.name} ${a.shape.slice(1).join('×')}`).join(', ')}${prediction ? `. Predicted class ${prediction.label} (${formatSafe(prediction.value)})` : ''}`,
    );
    active = [Math.min(active[0], channelCanvases.length - 1), 0];
    active[1] = Math.min(active[1], channelCanvases[active[0]].length - 1);
    const first = channelCanvases[active[0]][active[1]];
    if (first) first.tabIndex = 0;
    drawLegend(globalRange, layerRanges);
    if (selected) {
      const [layer, channel] = selected;
      if (channelCanvases[layer]?.[channel]) showDetail(layer, channel);
      else {
        selected = null;
        detailBox.replaceChildren();
      }
    }
    emitter.emit('render', { layers: shown.length });
  }

  function channelCanvas(parent: HTMLElement, a: LayerActivation, column: number, channel: number, label: string): HTMLCanvasElement {
    const canvas = el('canvas', { class: 'tl-px tl-lx-ch', width: a.w, height: a.h, role: 'button', tabindex: -1, 'data-layer': column, 'data-channel': channel, 'aria-label': label }, parent);
    // a column vector (a dense layer's outputs) gets cells of at least 12 px, not a hairline
    const scale = cellScale(a, current.size, 12);
    canvas.style.width = a.w * scale + 'px';
    canvas.style.height = a.h * scale + 'px';
    return canvas;
  }

  /** CSS px per value: a vector (w = 1) gets cells of at least `least` px. */
  function cellScale(a: LayerActivation, size: number, least: number): number {
    return a.w == 1 ? Math.max(least, size / a.h) : size / Math.max(a.w, a.h);
  }

  /** Beside the last layer's cells: each output's class name and value, the predicted class marked (a data join). */
  function drawLogits(section: HTMLElement, grid: HTMLElement, a: LayerActivation, rows: LogitRow[]): void {
    const prediction = rows.find((row) => row.predicted)!;
    if (a.w != 1 || rows.length > LISTED_LOGITS_MAX) {
      el('div', { class: 'tl-text tl-lx-prediction', text: `predicted ${prediction.label} (${formatSafe(prediction.value)})` }, section);
      return;
    }
    // The cells and the list side by side, one list row per cell.
    const pair = el('div', { class: 'tl-lx-logits-pair' });
    grid.replaceWith(pair);
    pair.append(grid);
    const rowHeight = cellScale(a, current.size, 12);
    const list = d3Select(pair).append('ol').attr('class', 'tl-lx-logits').attr('aria-label', `${a.name}: output per class`);
    const items = list
      .selectAll<HTMLLIElement, LogitRow>('li')
      .data(rows, (row) => String(row.index))
      .join((enter) => {
        const item = enter.append('li').attr('class', 'tl-lx-logit');
        item.append('span').attr('class', 'tl-text tl-lx-class');
        item.append('span').attr('class', 'tl-text tl-lx-value');
        item.append('span').attr('class', 'tl-text tl-lx-mark');
        return item;
      })
      .style('height', `${rowHeight}px`)
      .classed('tl-lx-predicted', (row) => row.predicted)
      .attr('aria-current', (row) => (row.predicted ? 'true' : null));
    items.select('.tl-lx-class').text((row) => row.label);
    items.select('.tl-lx-value').text((row) => formatSafe(row.value));
    items.select('.tl-lx-mark').text((row) => (row.predicted ? '◀ predicted' : ''));
  }

  function drawLegend(globalRange: [number, number], layerRanges: Array<[number, number] | null>): void {
    legendBox.hidden = !current.legend;
    if (!current.legend) return legends.clear();
    const what = { channel: 'each channel its own range', layer: 'one range per layer', global: 'one range over all layers' }[current.range];
    const common = { orientation: 'horizontal', length: 200, theme: current.theme } as const;
    let sequential: LegendOptions | null = null;
    let diverging: LegendOptions | null = null;
    if (current.range == 'global') {
      const lut = lutFor(globalRange[0], globalRange[1]);
      const [low, high] = lut.domain;
      if (globalRange[0] < 0) diverging = { ...common, type: 'diverging', title: `activation (${what})`, domain: [low, high], center: 0, scheme: current.divergingScheme, format: formatSafe };
      else sequential = { ...common, type: 'continuous', title: `activation (${what})`, domain: [low, high], scheme: current.scheme, format: formatSafe };
    } else {
      sequential = { ...common, type: 'continuous', title: `activation ≥ 0 (${what})`, domain: [0, 1], ticks: 1, scheme: current.scheme, format: (t) => (t <= 0 ? 'low' : 'high') };
      if (layerRanges.some((r) => r && r[0] < 0)) {
        diverging = { ...common, type: 'diverging', title: 'activation with negatives, centred on 0', domain: [-1, 1], center: 0, ticks: 2, scheme: current.divergingScheme, format: (t) => (t == 0 ? '0' : t < 0 ? '−max|a|' : '+max|a|') };
      }
    }
    legends.show('sequential', sequential);
    legends.show('diverging', diverging);
  }

  function paint(canvas: HTMLCanvasElement, a: LayerActivation, ch: number, lut: ColorLut): void {
    const context = canvas.getContext('2d');
    if (!context) return;
    const picture = context.createImageData(a.w, a.h);
    const words = new Uint32Array(picture.data.buffer);
    const count = a.c == 1 ? a.n : a.h * a.w;
    for (let p = 0; p < count; p++) words[p] = lut.rgba[lut.index(a.data[p * a.c + ch])];
    context.putImageData(picture, 0, 0);
  }

  /** Draws the input as a picture: values read with the image rule ([0, 1], else [0, 255], else [min, max]). */
  function paintImage(canvas: HTMLCanvasElement, a: LayerActivation): void {
    const context = canvas.getContext('2d');
    if (!context) return;
    const image = toImage({ data: a.data, shape: [a.h, a.w, a.c] }, 'options.input');
    const picture = context.createImageData(a.w, a.h);
    picture.data.set(image.rgba);
    context.putImageData(picture, 0, 0);
  }

  function detailOf(layer: number, ch: number): ChannelDetail {
    const a = shown[layer];
    const image = isImageInput(a, layer, current.showInput);
    const values = image && a.c > 1 ? a.data.slice(0, a.h * a.w * a.c) : channelValues(a, ch);
    let min = Infinity;
    let max = -Infinity;
    for (const v of values) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    let kernel: ChannelDetail['kernel'] = null;
    if (a.kernel) {
      const s = a.kernel.shape;
      const outChannels = s[s.length - 1];
      const per = a.kernel.data.length / outChannels;
      const weights = new Float32Array(per);
      for (let i = 0; i < per; i++) weights[i] = a.kernel.data[i * outChannels + ch];
      kernel = { data: weights, shape: s.slice(0, -1) };
    }
    return { layer, layerName: a.name, channel: ch, width: a.w, height: a.h, values, min, max, kernel, image };
  }

  function table(parent: HTMLElement, values: ArrayLike<number>, rows: number, columns: number, label: string): void {
    const body = el('tbody', {}, el('table', { 'aria-label': label }, parent));
    for (let y = 0; y < rows; y++) {
      const row = el('tr', {}, body);
      for (let x = 0; x < columns; x++) if (y * columns + x < values.length) el('td', { text: formatSafe(values[y * columns + x]) }, row);
    }
  }

  function showDetail(layer: number, ch: number): void {
    const d = detailOf(layer, ch);
    const a = shown[layer];
    const box = el('div', {});
    el('div', { class: 'tl-lx-head tl-text', text: d.image ? `${d.layerName} · image` : `${d.layerName} · channel ${ch}` }, box);
    el('div', { class: 'tl-muted tl-text', text: `${a.w}×${a.h}${d.image && a.c > 1 ? `×${a.c}` : ''}, min ${formatSafe(d.min)}, max ${formatSafe(d.max)}` }, box);
    const big = el('canvas', { class: 'tl-px tl-lx-big', width: a.w, height: a.h, 'data-layer': layer, 'data-channel': ch, role: 'img', 'aria-label': `${d.layerName} ${d.image ? 'image' : `channel ${ch}`}, from ${formatSafe(d.min)} to ${formatSafe(d.max)}` }, box);
    const scale = cellScale(a, current.detailSize, 16);
    big.style.width = a.w * scale + 'px';
    big.style.height = a.h * scale + 'px';
    if (d.image) paintImage(big, a);
    else paint(big, a, ch, lutFor(d.min, d.max));
    const parts: HTMLElement[] = [box];
    const valuesBox = el('div', {});
    const vector = a.c == 1 && a.w == 1;
    if (d.values.length <= TABLE_MAX && !(d.image && a.c > 1)) {
      el('div', { class: 'tl-muted tl-text', text: 'values' }, valuesBox);
      table(valuesBox, d.values, vector ? d.values.length : a.h, vector ? 1 : a.w, `${d.layerName} channel ${ch} values`);
    } else el('div', { class: 'tl-muted tl-text', text: `${d.values.length} values: hover the heatmap to read them` }, valuesBox);
    parts.push(valuesBox);
    if (d.kernel) {
      const s = d.kernel.shape;
      const kernelBox = el('div', {});
      const inChannels = s[s.length - 1];
      const kh = s.length == 3 ? s[0] : 1;
      const kw = s.length == 3 ? s[1] : s[0];
      el('div', { class: 'tl-muted tl-text', text: `kernel weights ${kh}×${kw}, ${inChannels} input channel${inChannels > 1 ? 's' : ''}${inChannels > 8 ? ' (first 8)' : ''}` }, kernelBox);
      const kernels = el('div', { class: 'tl-lx-kernels' }, kernelBox);
      for (let i = 0; i < Math.min(inChannels, 8); i++) {
        const weights = new Float32Array(kh * kw);
        for (let p = 0; p < kh * kw; p++) weights[p] = d.kernel.data[p * inChannels + i];
        const one = el('div', {}, kernels);
        el('div', { class: 'tl-muted tl-text', text: `in ${i}` }, one);
        table(one, weights, kh, kw, `kernel of ${d.layerName}, output channel ${ch}, input channel ${i}`);
      }
      parts.push(kernelBox);
    }
    detailBox.replaceChildren(...parts);
  }

  function setActive(layer: number, ch: number, focus: boolean): void {
    const old = channelCanvases[active[0]]?.[active[1]];
    if (old) old.tabIndex = -1;
    active = [layer, ch];
    const canvas = channelCanvases[layer][ch];
    canvas.tabIndex = 0;
    if (focus) canvas.focus();
  }

  function selectChannel(layer: number, ch: number): void {
    life.assertAlive();
    if (!channelCanvases[layer]?.[ch]) throw fail('range', 'layer, channel', 'a drawn layer and channel', `(${layer}, ${ch})`);
    for (const canvas of root.querySelectorAll('.tl-lx-ch.tl-on')) {
      canvas.classList.remove('tl-on');
      canvas.removeAttribute('aria-pressed');
    }
    channelCanvases[layer][ch].classList.add('tl-on');
    channelCanvases[layer][ch].setAttribute('aria-pressed', 'true');
    setActive(layer, ch, false);
    selected = [layer, ch];
    showDetail(layer, ch);
    emitter.emit('select', { indices: Uint32Array.of(current.index), layer, layerName: shown[layer].name, channel: ch });
  }

  const channelOf = (target: EventTarget | null): [number, number] | null =>
    target instanceof HTMLCanvasElement && target.dataset.layer != null ? [+target.dataset.layer, +target.dataset.channel!] : null;

  life.listen(columnsBox, 'click', ((e: MouseEvent) => {
    const at = channelOf(e.target);
    if (at && channelCanvases[at[0]]?.[at[1]] === e.target) selectChannel(at[0], at[1]);
  }) as EventListener);
  life.listen(columnsBox, 'keydown', ((e: KeyboardEvent) => {
    const at = channelOf(e.target);
    if (!at) return;
    let [layer, ch] = at;
    if (e.key == 'Enter' || e.key == ' ') selectChannel(layer, ch);
    else if (e.key == 'ArrowDown') ch++;
    else if (e.key == 'ArrowUp') ch--;
    else if (e.key == 'ArrowRight') layer++;
    else if (e.key == 'ArrowLeft') layer--;
    else if (e.key == 'Home') ch = 0;
    else if (e.key == 'End') ch = Number.MAX_SAFE_INTEGER;
    else return;
    e.preventDefault();
    layer = Math.max(0, Math.min(channelCanvases.length - 1, layer));
    ch = Math.max(0, Math.min(channelCanvases[layer].length - 1, ch));
    setActive(layer, ch, true);
  }) as EventListener);
  life.listen(root, 'pointermove', ((e: PointerEvent) => {
    const target = e.target;
    const at = channelOf(target);
    if (!at || !shown[at[0]]) return tip.hide();
    const canvas = target as HTMLCanvasElement;
    const a = shown[at[0]];
    const box = canvas.getBoundingClientRect();
    const x = Math.floor(((e.clientX - box.left) / box.width) * a.w);
    const y = Math.floor(((e.clientY - box.top) / box.height) * a.h);
    const p = y * a.w + x;
    if (x < 0 || y < 0 || x >= a.w || y >= a.h || (a.c == 1 && p >= a.n)) return tip.hide();
    const rootBox = root.getBoundingClientRect();
    const image = isImageInput(a, at[0], current.showInput);
    const value = image && a.c > 1 ? Array.from(a.data.subarray(p * a.c, p * a.c + a.c), (v) => formatSafe(v)).join(', ') : formatSafe(a.data[p * a.c + at[1]]);
    const logit = logits && at[0] == shown.length - 1 && a.w == 1 ? logits[p] : null;
    tip.show(e.clientX - rootBox.left, e.clientY - rootBox.top, [
      [`${a.name}${image ? '' : ` · ch ${at[1]}`}`, logit ? `class ${logit.label}` : a.c == 1 && a.h * a.w != a.n ? `#${p}` : `x ${x}, y ${y}`],
      ['value', value],
    ]);
  }) as EventListener);
  life.listen(root, 'pointerleave', () => tip.hide());

  life.schedule();

  return {
    element: root,
    update(partial) {
      life.assertAlive();
      // Everything that can throw happens before any state changes: a bad update leaves the explorer as it was.
      const change = explorerOptions.merge(current, partial);
      if (!change.changed.size) return;
      const next = change.options as Options;
      const run = change.invalidated.has('data');
      const nextLayers = change.changed.has('model') ? layersOf(next.model) : layers;
      // New class names are checked against the outputs on screen now (after a re-run, against the new ones).
      if (!run && change.changed.has('classes') && activations) logitsOf(activations[activations.length - 1], next.classes);
      current = next;
      layers = nextLayers;
      if (run) {
        rerun = true;
        selected = null;
        detailBox.replaceChildren();
      }
      if (change.invalidated.size) life.schedule();
    },
    on: (type, listener) => emitter.on(type, listener),
    whenRendered: () => life.whenRendered(),
    activations: () => (activations ? shown.slice() : null),
    logits: () => (logits ? logits.map((row) => ({ ...row })) : null),
    select: selectChannel,
    detail: () => (selected ? detailOf(selected[0], selected[1]) : null),
    toPNG: (scale) => exportChartPNG(root, life, scale),
    get listenerCount() {
      return emitter.listenerCount;
    },
    destroy() {
      if (life.destroyed) return;
      generation++;
      life.destroy();
      emitter.clear();
      activations = null;
      channelCanvases = [];
    },
  };
}
