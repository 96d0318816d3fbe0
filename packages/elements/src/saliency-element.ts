import { fail, injectTheme } from '@tensorlens/core';
import { createSaliencyOverlay } from '@tensorlens/charts';
import type { SaliencyEntry, SaliencyOverlayHandle, SaliencyOverlayOptions } from '@tensorlens/charts';

/** An array in saliency JSON: numbers, or a base64 string of little-endian float32 (or uint8 with `dtype: "uint8"`). */
export interface SaliencyArrayJSON {
  shape: number[];
  data: number[] | string;
  dtype?: 'float32' | 'uint8';
}

/** One map in saliency JSON. */
export interface SaliencyMapJSON extends SaliencyArrayJSON {
  label?: string;
  /** The map's own image (array or URL relative to the JSON file). */
  image?: SaliencyArrayJSON | string;
}

/**
 * The `src` JSON of `<tl-saliency>`: one map (`{shape, data, label?, image?}`) or several
 * (`{maps: [...], image?}`); `image` is an array or the URL of a picture, relative to the JSON file.
 */
export type SaliencyJSON = SaliencyMapJSON | { maps: SaliencyMapJSON[]; image?: SaliencyArrayJSON | string; title?: string };

/** Maps and image as the overlay takes them. */
export interface SaliencyData {
  attributions: SaliencyEntry[];
  image?: SaliencyOverlayOptions['image'];
  /** The JSON's `title` (the `chart-title` attribute wins). */
  title?: string;
}

const ATTRS: Record<string, { option: keyof SaliencyOverlayOptions; parse(v: string): unknown }> = {
  mode: { option: 'mode', parse: (v) => v.trim() },
  opacity: { option: 'opacity', parse: Number },
  clip: { option: 'clip', parse: Number },
  signed: { option: 'signed', parse: (v) => (v == 'auto' ? 'auto' : !/^(false|off|no|0)$/i.test(v.trim())) },
  'color-scheme': { option: 'colorScheme', parse: (v) => v.trim() },
  'magnitude-scheme': { option: 'magnitudeScheme', parse: (v) => v.trim() },
  columns: { option: 'columns', parse: (v) => (v.trim() ? Number(v) : null) },
  size: { option: 'size', parse: Number },
  shared: { option: 'shared', parse: (v) => !/^(false|off|no|0)$/i.test(v.trim()) },
  legend: { option: 'legend', parse: (v) => !/^(false|off|no|0)$/i.test(v.trim()) },
  alpha: { option: 'alpha', parse: (v) => v.trim() },
  'chart-title': { option: 'title', parse: (v) => v },
  theme: { option: 'theme', parse: (v) => v.trim() },
};

/** Decodes a JSON array: numbers as they are, base64 as float32 (little-endian) or uint8. */
export function decodeArray(a: SaliencyArrayJSON, name: string): { data: Float32Array | Uint8Array | number[]; shape: number[] } {
  if (!a || !Array.isArray(a.shape)) throw fail('type', name, '{shape, data}', a);
  if (typeof a.data != 'string') {
    if (!Array.isArray(a.data)) throw fail('type', `${name}.data`, 'an array of numbers or a base64 string', a.data);
    return { data: a.data, shape: a.shape };
  }
  let bin: string;
  try {
    bin = atob(a.data);
  } catch {
    throw fail('parse', `${name}.data`, 'base64 text', a.data);
  }
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  if (a.dtype == 'uint8') return { data: bytes, shape: a.shape };
  if (bytes.length % 4) throw fail('length', `${name}.data`, 'a multiple of 4 bytes (float32)', `${bytes.length} bytes`);
  const dv = new DataView(bytes.buffer);
  const out = new Float32Array(bytes.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = dv.getFloat32(i * 4, true);
  return { data: out, shape: a.shape };
}

async function fetchOk(url: string, signal: AbortSignal): Promise<Response> {
  const res = await fetch(url, { signal, credentials: 'same-origin' });
  if (!res.ok) throw fail('parse', 'src', `a file at ${url}`, `HTTP ${res.status}`);
  return res;
}

/** The pixels of a picture at `url` (PNG, JPEG…). */
export async function loadPicture(url: string | Blob, signal: AbortSignal): Promise<ImageData> {
  const blob = typeof url == 'string' ? await (await fetchOk(url, signal)).blob() : url;
  const bmp = await createImageBitmap(blob);
  const c = document.createElement('canvas');
  c.width = bmp.width;
  c.height = bmp.height;
  const ctx = c.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw fail('type', 'image', 'a browser with 2D canvas support', 'none');
  ctx.drawImage(bmp, 0, 0);
  bmp.close();
  return ctx.getImageData(0, 0, c.width, c.height);
}

/**
 * A map from PNG pixels (the red channel R; alpha ignored). `diverging` (default): value = (R − 128) / 127,
 * clamped to [−1, 1], so 128 is zero, 255 is +1 and 1 (or 0) is −1. `grayscale`: value = R / 255.
 */
export function mapFromPNG(img: ImageData, encoding: 'diverging' | 'grayscale'): { data: Float32Array; shape: number[] } {
  const n = img.width * img.height;
  const out = new Float32Array(n);
  for (let p = 0; p < n; p++) {
    const r = img.data[p * 4];
    out[p] = encoding == 'grayscale' ? r / 255 : Math.max(-1, (r - 128) / 127);
  }
  return { data: out, shape: [img.height, img.width] };
}

/** Reads parsed saliency JSON; image URLs are resolved against `base` and fetched. */
export async function fromSaliencyJSON(json: SaliencyJSON, base: string, signal: AbortSignal): Promise<SaliencyData> {
  const image = async (im: SaliencyArrayJSON | string | undefined, name: string) =>
    im == null ? undefined : typeof im == 'string' ? loadPicture(new URL(im, base).href, signal) : decodeArray(im, name);
  if (json == null || typeof json != 'object') throw fail('type', 'src', 'a JSON object {shape, data} or {maps: [...]}', json);
  const multi = 'maps' in json;
  const maps = multi ? json.maps : [json];
  if (!Array.isArray(maps)) throw fail('type', 'src.maps', 'an array of {shape, data, label?}', maps);
  if (!maps.length) throw fail('empty', 'src.maps', 'at least one map', 'none');
  const attributions = await Promise.all(
    maps.map(async (m, i) => {
      const name = multi ? `src.maps[${i}]` : 'src';
      const e: SaliencyEntry = { label: String(m.label ?? (multi ? `map ${i}` : 'attribution')), map: decodeArray(m, name) };
      if (multi && m.image != null) e.image = await image(m.image, `${name}.image`);
      return e;
    }),
  );
  return { attributions, image: await image(multi ? json.image : (json as SaliencyMapJSON).image, 'src.image') };
}

// Custom elements are a browser API; keep the module importable in Node (SSR, tooling).
const Base = (typeof HTMLElement === 'undefined' ? class {} : HTMLElement) as typeof HTMLElement;

/**
 * `<tl-saliency>`: precomputed attribution maps over their image, for articles.
 *
 * - `src`: a saliency JSON file (see {@link SaliencyJSON}) or a PNG map (`encoding` = `diverging` (default) or
 *   `grayscale`, see {@link mapFromPNG}); `image-src`: the picture under the map (overrides the JSON's image).
 * - Attributes for the overlay's options: `mode`, `opacity`, `clip`, `signed` (auto | true | false),
 *   `color-scheme`, `magnitude-scheme`, `alpha`, `columns`, `size`, `shared`, `legend`, `chart-title`, `theme`;
 *   `label` names a PNG map.
 * - Starts when scrolled into view (`eager` starts at once); dispatches `tl-render` and `tl-error` (also shown as
 *   text, role="alert"); on disconnect destroys the overlay and aborts fetches.
 */
export class TlSaliency extends Base {
  static readonly tagName = 'tl-saliency';
  static get observedAttributes(): string[] {
    return ['src', 'image-src', 'encoding', 'label', 'eager', ...Object.keys(ATTRS)];
  }

  #overlay: SaliencyOverlayHandle | null = null;
  #observer: IntersectionObserver | null = null;
  #abort: AbortController | null = null;
  #started = false;
  #rendered: Promise<void> = Promise.resolve();

  /** The overlay drawn (null before loading or after disconnect). */
  get overlay(): SaliencyOverlayHandle | null {
    return this.#overlay;
  }

  /** Resolves when the maps are drawn; rejects with the loading or drawing error. */
  whenRendered(): Promise<void> {
    return this.#rendered;
  }

  connectedCallback(): void {
    injectTheme(this.ownerDocument);
    if (!this.ownerDocument.querySelector('style[data-tl-saliency-element]')) {
      const s = this.ownerDocument.createElement('style');
      s.setAttribute('data-tl-saliency-element', '');
      s.textContent = ':where(tl-saliency){display:block;position:relative}:where(tl-saliency)>.tl-error{color:#b00020;border-left:3px solid currentColor;padding:.5em .75em}';
      (this.ownerDocument.head ?? this.ownerDocument.documentElement).appendChild(s);
    }
    if (this.#started) return;
    if (this.hasAttribute('eager') || typeof IntersectionObserver == 'undefined') return this.#start();
    let done: () => void = () => {};
    this.#rendered = new Promise<void>((r) => (done = r)).then(() => this.#rendered);
    this.#observer = new IntersectionObserver(
      (es) => {
        if (!es.some((e) => e.isIntersecting)) return;
        this.#observer?.disconnect();
        this.#observer = null;
        this.#start();
        done();
      },
      { rootMargin: '200px' },
    );
    this.#observer.observe(this);
  }

  disconnectedCallback(): void {
    this.#observer?.disconnect();
    this.#observer = null;
    this.#stop();
    this.#started = false;
  }

  attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    if (old === value || !this.#started) return;
    const spec = ATTRS[name];
    if (spec && this.#overlay) {
      try {
        this.#overlay.update({ [spec.option]: value == null ? undefined : spec.parse(value) } as Partial<SaliencyOverlayOptions>);
        this.#track(this.#overlay.whenRendered());
      } catch (e) {
        this.#fail(e);
      }
    } else if (['src', 'image-src', 'encoding', 'label'].includes(name) || (spec && !this.#overlay)) this.#start();
  }

  #options(): Partial<SaliencyOverlayOptions> {
    const o: Record<string, unknown> = {};
    for (const [attr, spec] of Object.entries(ATTRS)) {
      const v = this.getAttribute(attr);
      if (v != null) o[spec.option] = spec.parse(v);
    }
    return o as Partial<SaliencyOverlayOptions>;
  }

  #stop(): void {
    this.#abort?.abort();
    this.#abort = null;
    this.#overlay?.destroy();
    this.#overlay = null;
    for (const n of Array.from(this.querySelectorAll(':scope > .tl-error'))) n.remove();
  }

  #start(): void {
    this.#stop();
    this.#started = true;
    const abort = (this.#abort = new AbortController());
    this.#track(
      (async () => {
        const src = this.getAttribute('src');
        if (!src) throw fail('type', 'src', 'the URL of a saliency JSON or PNG map', 'no src attribute');
        const url = new URL(src, this.ownerDocument.baseURI).href;
        const imageSrc = this.getAttribute('image-src');
        let data: SaliencyData;
        const res = await fetchOk(url, abort.signal);
        if (/\.png([?#]|$)/i.test(url) || /^image\//.test(res.headers.get('content-type') ?? '')) {
          const enc = this.getAttribute('encoding') ?? 'diverging';
          if (enc != 'diverging' && enc != 'grayscale') throw fail('option', 'attribute encoding', '"diverging" or "grayscale"', enc);
          data = { attributions: [{ label: this.getAttribute('label') ?? 'attribution', map: mapFromPNG(await loadPicture(await res.blob(), abort.signal), enc) }] };
        } else {
          const text = await res.text();
          let json: SaliencyJSON;
          try {
            json = JSON.parse(text);
          } catch (e) {
            throw fail('parse', 'src', 'JSON text', text.slice(0, 40), (e as Error).message);
          }
          data = await fromSaliencyJSON(json, url, abort.signal);
          const title = (json as { title?: string }).title;
          if (title) data.title = String(title);
        }
        if (imageSrc) data.image = await loadPicture(new URL(imageSrc, this.ownerDocument.baseURI).href, abort.signal);
        if (abort.signal.aborted) return;
        this.#overlay = createSaliencyOverlay(this, { ...data, ...this.#options() });
        await this.#overlay.whenRendered();
      })(),
      abort,
    );
  }

  #track(p: Promise<void>, abort = this.#abort): void {
    const r = p.then(
      () => {
        if (!abort?.signal.aborted) this.dispatchEvent(new CustomEvent('tl-render', { bubbles: true, composed: true }));
      },
      (e) => {
        if (abort?.signal.aborted || (e as Error)?.name == 'AbortError') return;
        this.#fail(e);
        throw e;
      },
    );
    r.catch(() => {});
    this.#rendered = r;
  }

  #fail(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    if (!this.querySelector('[role="alert"]:not([hidden])')) {
      const div = this.ownerDocument.createElement('div');
      div.className = 'tl-error';
      div.setAttribute('role', 'alert');
      div.textContent = message;
      this.appendChild(div);
    }
    this.dispatchEvent(new CustomEvent('tl-error', { detail: { error, message }, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-saliency': TlSaliency;
  }
}
