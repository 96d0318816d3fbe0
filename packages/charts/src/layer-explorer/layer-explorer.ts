import { Emitter, Lifecycle, colorLut, createTooltip, el, fail, pixelRatio } from '@tensorlens/core';
import type { ColorLut, ComponentHandle, DivergingScheme, SequentialScheme } from '@tensorlens/core';
import { layersOf, runLayers } from './run';
import type { DisposableTensor, LayerActivation, LayerSpec, SequentialLike, TidyFn } from './run';
import { fmt, legendBar } from '../saliency/legend';
import { injectSaliencyStyles } from '../saliency/styles';
import { composePNG } from '../saliency/export';

export interface LayerExplorerOptions {
  /** Layers as `[{name, fn}]` (each fn maps the previous output to the next), or a Sequential-like `{layers: [{name, apply}]}`. */
  model: LayerSpec[] | SequentialLike;
  /** The input batch, batch first ([B, H, W, C] for a CNN); never disposed. */
  input: DisposableTensor;
  /** Which batch row is shown. Default 0. */
  index?: number;
  /** Pass `tf.tidy` so the temporaries inside each layer call are freed (recommended). Default null. */
  tidy?: TidyFn | null;
  /** Colour range of each heatmap: its own channel, its layer (default) or every layer. */
  range?: 'channel' | 'layer' | 'global';
  /** At most this many channels per layer are drawn. Default 32. */
  maxChannels?: number;
  /** Show the input as the first column. Default true. */
  showInput?: boolean;
  /** CSS size of a channel heatmap in pixels. Default 40. */
  size?: number;
  /** CSS size of the detail heatmap. Default 196. */
  detailSize?: number;
  /** Scheme of ranges that are ≥ 0. Default 'viridis'. */
  colorScheme?: SequentialScheme;
  /** Scheme of ranges with negative values (centred on 0). Default 'rdbu'. */
  divergingScheme?: DivergingScheme;
  /** Default true. */
  legend?: boolean;
  /** Default ''. */
  title?: string;
  /** Default 'auto'. */
  theme?: 'auto' | 'light' | 'dark';
}

export interface LayerSelectEvent {
  /** Column index: 0 is the input when `showInput`, else the first layer. */
  layer: number;
  layerName: string;
  channel: number;
}

export interface LayerExplorerEvents {
  select: LayerSelectEvent;
  render: { layers: number };
}

/** The selected channel, as shown in the detail panel. */
export interface ChannelDetail extends LayerSelectEvent {
  width: number;
  height: number;
  /** The channel's values, row-major (h·w; vectors: their n values). */
  values: Float32Array;
  min: number;
  max: number;
  /** Weights of this output channel, [kh, kw, inChannels] (1-D: [k, inChannels]), when the layer has a kernel. */
  kernel: { data: Float32Array; shape: number[] } | null;
}

export interface LayerExplorerHandle extends ComponentHandle<LayerExplorerOptions, LayerExplorerEvents> {
  /** Every drawn layer's output for the shown row (input first when shown); null before the first run. */
  activations(): LayerActivation[] | null;
  /** Selects a channel (as a click does) and shows its detail. */
  select(layer: number, channel: number): void;
  /** The selected channel's detail, or null. */
  detail(): ChannelDetail | null;
  toPNG(scale?: number): Promise<Blob>;
  readonly listenerCount: number;
}

type Opts = Required<LayerExplorerOptions>;

const DEFAULTS = {
  index: 0,
  tidy: null,
  range: 'layer',
  maxChannels: 32,
  showInput: true,
  size: 40,
  detailSize: 196,
  colorScheme: 'viridis',
  divergingScheme: 'rdbu',
  legend: true,
  title: '',
  theme: 'auto',
} as const;

const ENUMS: Record<string, readonly unknown[]> = {
  range: ['channel', 'layer', 'global'],
  colorScheme: ['viridis', 'magma', 'blues', 'greys'],
  divergingScheme: ['rdbu', 'puor'],
  theme: ['auto', 'light', 'dark'],
};
const RUN_KEYS = ['model', 'input', 'index', 'tidy'] as const;
const TABLE_MAX = 256;

function checkOptions(o: Partial<LayerExplorerOptions>): void {
  const r = o as Record<string, unknown>;
  for (const k in ENUMS) if (r[k] !== undefined && !ENUMS[k].includes(r[k])) throw fail('option', `options.${k}`, ENUMS[k].map((s) => `'${s}'`).join(' | '), r[k]);
  for (const k of ['maxChannels', 'size', 'detailSize']) if (r[k] !== undefined && !(Number.isInteger(r[k]) && (r[k] as number) > 0)) throw fail('option', `options.${k}`, 'a positive integer', r[k]);
  if (o.tidy != null && typeof o.tidy != 'function') throw fail('option', 'options.tidy', 'tf.tidy or null', o.tidy);
}

/** min and max of channel `ch` of an activation (vectors: their n values). */
function channelRange(a: LayerActivation, ch: number): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  const m = a.c == 1 ? a.n : a.h * a.w;
  for (let p = 0; p < m; p++) {
    const v = a.data[p * a.c + ch];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/** The values of channel `ch`, row-major. */
function channelValues(a: LayerActivation, ch: number): Float32Array {
  const m = a.c == 1 ? a.n : a.h * a.w;
  const out = new Float32Array(m);
  for (let p = 0; p < m; p++) out[p] = a.data[p * a.c + ch];
  return out;
}

let uid = 0;

/**
 * CNN Explainer's view for any sequential model: runs the input through the layers, draws every layer's channels as
 * small heatmaps in one column per layer (colour range per channel, layer or globally), and shows a clicked channel's
 * values, range and kernel weights. Keyboard: arrows move between channels and layers, Enter selects. Every tensor
 * it creates is disposed as soon as its values are read.
 */
export function createLayerExplorer(container: HTMLElement, options: LayerExplorerOptions): LayerExplorerHandle {
  if (!container || typeof container.appendChild != 'function') throw fail('type', 'container', 'an HTMLElement', container);
  if (options == null || typeof options != 'object') throw fail('type', 'options', 'an options object', options);
  checkOptions(options);
  let opts = { ...DEFAULTS, ...options } as Opts;
  let layers = layersOf(opts.model);
  const emitter = new Emitter<LayerExplorerEvents>();
  const life = new Lifecycle(render);
  let acts: LayerActivation[] | null = null;
  let running: Promise<LayerActivation[]> | null = null;
  let rerun = true;
  let generation = 0;
  let active: [number, number] = [0, 0];
  let selected: [number, number] | null = null;
  let chans: HTMLCanvasElement[][] = [];
  let shown: LayerActivation[] = [];

  const root = el('div', { class: 'tl-root tl-lx', id: `tl-lx-${++uid}` }, container);
  life.own(() => root.remove());
  injectSaliencyStyles(root);
  const title = el('div', { class: 'tl-sal-title tl-text' }, root);
  el('div', { class: 'tl-muted tl-text', text: 'Click a channel (or focus one, move with the arrow keys and press Enter) for its values.' }, root);
  const cols = el('div', { class: 'tl-lx-cols', role: 'group' }, root);
  const legend = el('div', { class: 'tl-sal-legend' }, root);
  const detailBox = el('div', { class: 'tl-lx-detail', 'aria-live': 'polite' }, root);
  const errorBox = el('div', { class: 'tl-error', role: 'alert', hidden: true }, root);
  const tip = createTooltip(root);
  life.own(() => tip.destroy());

  /** Diverging (centred on 0) when the range holds negatives, else sequential over [lo, hi]. */
  function lutFor(lo: number, hi: number): ColorLut {
    if (lo < 0) {
      const m = Math.max(-lo, Math.abs(hi)) || 1;
      return colorLut(opts.divergingScheme, [-m, m]);
    }
    return colorLut(opts.colorScheme, [lo, hi > lo ? hi : lo + 1]);
  }

  async function render(): Promise<void> {
    const gen = ++generation;
    if (rerun) {
      rerun = false;
      const p = runLayers(layers, opts.input, opts.index, opts.tidy);
      running = p;
      p.catch(() => {});
    }
    if (running) {
      const p = running;
      try {
        const r = await p;
        if (running === p) {
          acts = r;
          running = null;
        }
      } catch (e) {
        if (running === p) running = null;
        if (life.destroyed || gen != generation) return;
        errorBox.hidden = false;
        errorBox.textContent = e instanceof Error ? e.message : String(e);
        cols.replaceChildren();
        throw e;
      }
      if (life.destroyed || gen != generation) return;
    }
    if (!acts) return;
    errorBox.hidden = true;
    draw(acts);
  }

  function draw(all: LayerActivation[]): void {
    if (opts.theme == 'auto') root.removeAttribute('data-theme');
    else root.setAttribute('data-theme', opts.theme);
    title.textContent = opts.title;
    title.hidden = !opts.title;
    shown = opts.showInput ? all : all.slice(1);
    // Ranges
    const layerRange = shown.map((a) => {
      let lo = Infinity;
      let hi = -Infinity;
      for (let ch = 0; ch < a.c; ch++) {
        const [l, h] = channelRange(a, ch);
        lo = Math.min(lo, l);
        hi = Math.max(hi, h);
      }
      return [lo, hi] as [number, number];
    });
    const glob: [number, number] = [Math.min(...layerRange.map((r) => r[0])), Math.max(...layerRange.map((r) => r[1]))];
    const cache = new Map<string, ColorLut>();
    const lutOf = (r: [number, number]) => {
      const k = r.join();
      let l = cache.get(k);
      if (!l) cache.set(k, (l = lutFor(r[0], r[1])));
      return l;
    };
    chans = [];
    const columns = shown.map((a, li) => {
      const col = el('section', { class: 'tl-lx-col', 'aria-label': `${a.name}, output ${a.shape.slice(1).join('×')}` });
      el('div', { class: 'tl-lx-head tl-text', text: a.name }, col);
      el('div', { class: 'tl-muted tl-text', text: a.shape.slice(1).join('×') }, col);
      const grid = el('div', { class: 'tl-lx-chs' }, col);
      const C = Math.min(a.c, opts.maxChannels);
      grid.style.gridTemplateColumns = `repeat(${Math.ceil(C / 16)}, max-content)`;
      grid.style.gridAutoFlow = 'column';
      grid.style.gridTemplateRows = `repeat(${Math.min(C, 16)}, max-content)`;
      const list: HTMLCanvasElement[] = [];
      for (let ch = 0; ch < C; ch++) {
        const cr = channelRange(a, ch);
        const r = opts.range == 'channel' ? cr : opts.range == 'layer' ? layerRange[li] : glob;
        const c = el('canvas', {
          class: 'tl-px tl-lx-ch',
          width: a.w,
          height: a.h,
          role: 'button',
          tabindex: -1,
          'data-layer': li,
          'data-channel': ch,
          'aria-label': `${a.name} channel ${ch}: values ${fmt(cr[0])} to ${fmt(cr[1])}`,
        }, grid);
        // a column vector (a dense layer's outputs) gets cells of at least 12 px, not a hairline
        const k = a.w == 1 ? Math.max(12, opts.size / a.h) : opts.size / Math.max(a.w, a.h);
        c.style.width = a.w * k + 'px';
        c.style.height = a.h * k + 'px';
        paint(c, a, ch, lutOf(r));
        list.push(c);
      }
      if (a.c > C) el('div', { class: 'tl-muted tl-text', text: `+${a.c - C} more` }, col);
      chans.push(list);
      return col;
    });
    cols.replaceChildren(...columns);
    cols.setAttribute('aria-label', `Activations of ${shown.length} layers; arrow keys move between channels and layers, Enter shows a channel's values`);
    root.setAttribute('aria-label', `${opts.title ? opts.title + '. ' : ''}Layer explorer: ${shown.map((a) => `${a.name} ${a.shape.slice(1).join('×')}`).join(', ')}`);
    active = [Math.min(active[0], chans.length - 1), 0];
    active[1] = Math.min(active[1], chans[active[0]].length - 1);
    const c0 = chans[active[0]][active[1]];
    if (c0) c0.tabIndex = 0;
    legend.replaceChildren();
    legend.hidden = !opts.legend;
    if (opts.legend) {
      const what = { channel: 'each channel its own range', layer: 'one range per layer', global: 'one range over all layers' }[opts.range];
      if (opts.range == 'global') {
        const l = lutOf(glob);
        legendBar(legend, l, [fmt(l.domain[0]), glob[0] < 0 ? '0' : '', fmt(l.domain[1])], `activation (${what})`);
      } else {
        legendBar(legend, lutFor(0, 1), ['low', '', 'high'], `activation ≥ 0 (${what})`);
        if (layerRange.some((r) => r[0] < 0)) legendBar(legend, lutFor(-1, 1), ['−max|a|', '0', '+max|a|'], 'activation with negatives, centred on 0');
      }
    }
    if (selected) {
      const [l, ch] = selected;
      if (chans[l]?.[ch]) showDetail(l, ch);
      else {
        selected = null;
        detailBox.replaceChildren();
      }
    }
    emitter.emit('render', { layers: shown.length });
  }

  function paint(c: HTMLCanvasElement, a: LayerActivation, ch: number, lut: ColorLut): void {
    const ctx = c.getContext('2d');
    if (!ctx) return;
    const img = ctx.createImageData(a.w, a.h);
    const px = new Uint32Array(img.data.buffer);
    const m = a.c == 1 ? a.n : a.h * a.w;
    for (let p = 0; p < m; p++) px[p] = lut.rgba[lut.index(a.data[p * a.c + ch])];
    ctx.putImageData(img, 0, 0);
  }

  function detailOf(l: number, ch: number): ChannelDetail {
    const a = shown[l];
    const values = channelValues(a, ch);
    const [min, max] = channelRange(a, ch);
    let kernel: ChannelDetail['kernel'] = null;
    if (a.kernel) {
      const s = a.kernel.shape;
      const cout = s[s.length - 1];
      const per = a.kernel.data.length / cout;
      const d = new Float32Array(per);
      for (let i = 0; i < per; i++) d[i] = a.kernel.data[i * cout + ch];
      kernel = { data: d, shape: s.slice(0, -1) };
    }
    return { layer: l, layerName: a.name, channel: ch, width: a.w, height: a.h, values, min, max, kernel };
  }

  function table(parent: HTMLElement, values: ArrayLike<number>, rows: number, colsN: number, label: string): void {
    const t = el('table', { 'aria-label': label }, parent);
    const body = el('tbody', {}, t);
    for (let y = 0; y < rows; y++) {
      const tr = el('tr', {}, body);
      for (let x = 0; x < colsN; x++) if (y * colsN + x < values.length) el('td', { text: fmt(values[y * colsN + x]) }, tr);
    }
  }

  function showDetail(l: number, ch: number): void {
    const d = detailOf(l, ch);
    const a = shown[l];
    const box = el('div', {});
    el('div', { class: 'tl-lx-head tl-text', text: `${d.layerName} · channel ${ch}` }, box);
    el('div', { class: 'tl-muted tl-text', text: `${a.w}×${a.h}, min ${fmt(d.min)}, max ${fmt(d.max)}` }, box);
    const big = el('canvas', { class: 'tl-px tl-lx-big', width: a.w, height: a.h, 'data-layer': l, 'data-channel': ch, role: 'img', 'aria-label': `${d.layerName} channel ${ch}, from ${fmt(d.min)} to ${fmt(d.max)}` }, box);
    const k = a.w == 1 ? Math.max(16, opts.detailSize / a.h) : opts.detailSize / Math.max(a.w, a.h);
    big.style.width = a.w * k + 'px';
    big.style.height = a.h * k + 'px';
    paint(big, a, ch, lutFor(d.min, d.max));
    const parts: HTMLElement[] = [box];
    const vals = el('div', {});
    if (d.values.length <= TABLE_MAX) {
      el('div', { class: 'tl-muted tl-text', text: 'values' }, vals);
      table(vals, d.values, a.c == 1 && a.w == 1 ? d.values.length : a.h, a.c == 1 && a.w == 1 ? 1 : a.w, `${d.layerName} channel ${ch} values`);
    } else el('div', { class: 'tl-muted tl-text', text: `${d.values.length} values: hover the heatmap to read them` }, vals);
    parts.push(vals);
    if (d.kernel) {
      const s = d.kernel.shape;
      const kb = el('div', {});
      const cin = s[s.length - 1];
      const kh = s.length == 3 ? s[0] : 1;
      const kw = s.length == 3 ? s[1] : s[0];
      el('div', { class: 'tl-muted tl-text', text: `kernel weights ${kh}×${kw}, ${cin} input channel${cin > 1 ? 's' : ''}${cin > 8 ? ' (first 8)' : ''}` }, kb);
      const ks = el('div', { class: 'tl-lx-kernels' }, kb);
      for (let i = 0; i < Math.min(cin, 8); i++) {
        const w = new Float32Array(kh * kw);
        for (let p = 0; p < kh * kw; p++) w[p] = d.kernel.data[p * cin + i];
        const one = el('div', {}, ks);
        el('div', { class: 'tl-muted tl-text', text: `in ${i}` }, one);
        table(one, w, kh, kw, `kernel of ${d.layerName}, output channel ${ch}, input channel ${i}`);
      }
      parts.push(kb);
    }
    detailBox.replaceChildren(...parts);
  }

  function setActive(l: number, ch: number, focus: boolean): void {
    const old = chans[active[0]]?.[active[1]];
    if (old) old.tabIndex = -1;
    active = [l, ch];
    const c = chans[l][ch];
    c.tabIndex = 0;
    if (focus) c.focus();
  }

  function select(l: number, ch: number): void {
    life.assertAlive();
    if (!chans[l]?.[ch]) throw fail('range', 'layer, channel', 'a drawn layer and channel', `(${l}, ${ch})`);
    for (const c of root.querySelectorAll('.tl-lx-ch.tl-on')) c.classList.remove('tl-on');
    chans[l][ch].classList.add('tl-on');
    chans[l][ch].setAttribute('aria-pressed', 'true');
    setActive(l, ch, false);
    selected = [l, ch];
    showDetail(l, ch);
    emitter.emit('select', { layer: l, layerName: shown[l].name, channel: ch });
  }

  const chanOf = (t: EventTarget | null): [number, number] | null =>
    t instanceof HTMLCanvasElement && t.dataset.layer != null ? [+t.dataset.layer, +t.dataset.channel!] : null;

  life.listen(cols, 'click', ((e: MouseEvent) => {
    const at = chanOf(e.target);
    if (at && chans[at[0]]?.[at[1]] === e.target) select(at[0], at[1]);
  }) as EventListener);
  life.listen(cols, 'keydown', ((e: KeyboardEvent) => {
    const at = chanOf(e.target);
    if (!at) return;
    let [l, ch] = at;
    if (e.key == 'Enter' || e.key == ' ') select(l, ch);
    else if (e.key == 'ArrowDown') ch++;
    else if (e.key == 'ArrowUp') ch--;
    else if (e.key == 'ArrowRight') l++;
    else if (e.key == 'ArrowLeft') l--;
    else if (e.key == 'Home') ch = 0;
    else if (e.key == 'End') ch = 1e9;
    else return;
    e.preventDefault();
    l = Math.max(0, Math.min(chans.length - 1, l));
    ch = Math.max(0, Math.min(chans[l].length - 1, ch));
    setActive(l, ch, true);
  }) as EventListener);
  life.listen(root, 'pointermove', ((e: PointerEvent) => {
    const t = e.target;
    const at = chanOf(t);
    if (!at || !shown[at[0]]) return tip.hide();
    const c = t as HTMLCanvasElement;
    const a = shown[at[0]];
    const r = c.getBoundingClientRect();
    const x = Math.floor(((e.clientX - r.left) / r.width) * a.w);
    const y = Math.floor(((e.clientY - r.top) / r.height) * a.h);
    const p = y * a.w + x;
    if (x < 0 || y < 0 || x >= a.w || y >= a.h || (a.c == 1 && p >= a.n)) return tip.hide();
    const rr = root.getBoundingClientRect();
    tip.show(e.clientX - rr.left, e.clientY - rr.top, [
      [`${a.name} · ch ${at[1]}`, a.c == 1 && a.h * a.w != a.n ? `#${p}` : `x ${x}, y ${y}`],
      ['value', fmt(a.data[p * a.c + at[1]])],
    ]);
  }) as EventListener);
  life.listen(root, 'pointerleave', () => tip.hide());

  life.schedule();

  return {
    element: root,
    update(partial) {
      life.assertAlive();
      checkOptions(partial ?? {});
      const prev = opts;
      opts = { ...opts, ...partial } as Opts;
      if ('model' in partial && partial.model !== prev.model) {
        try {
          layers = layersOf(opts.model);
        } catch (e) {
          opts = prev;
          throw e;
        }
      }
      if (RUN_KEYS.some((k) => k in partial && partial[k] !== prev[k])) {
        rerun = true;
        selected = null;
        detailBox.replaceChildren();
      }
      life.schedule();
    },
    on: (type, fn) => emitter.on(type, fn),
    whenRendered: () => life.whenRendered(),
    activations: () => (acts ? shown.slice() : null),
    select,
    detail: () => (selected ? detailOf(selected[0], selected[1]) : null),
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
      acts = null;
      chans = [];
    },
  };
}
