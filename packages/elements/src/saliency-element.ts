import { fail, fetchResource } from '@tensorlens/core';
import { createSaliencyOverlay } from '@tensorlens/charts';
import type { SaliencyEntry, SaliencyOverlayHandle, SaliencyOverlayOptions } from '@tensorlens/charts';
import { TlElement, optionsFromSpecs, type AttributeSpec } from './element-base';

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

/** Attributes of `<tl-saliency>` that map to overlay options. */
const ATTRS: Record<string, AttributeSpec & { option: keyof SaliencyOverlayOptions }> = {
  mode: { option: 'mode', parse: (v) => v.trim() },
  opacity: { option: 'opacity', parse: Number },
  clip: { option: 'clip', parse: Number },
  signed: { option: 'signed', parse: (v) => (v == 'auto' ? 'auto' : !/^(false|off|no|0)$/i.test(v.trim())) },
  'color-scheme': { option: 'divergingScheme', parse: (v) => v.trim() },
  'magnitude-scheme': { option: 'scheme', parse: (v) => v.trim() },
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
  const res = await fetchResource(url, { signal, credentials: 'same-origin' });
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

/**
 * `<tl-saliency>`: precomputed attribution maps over their image, for articles.
 *
 * - `src`: a saliency JSON file (see {@link SaliencyJSON}) or a PNG map (`encoding` = `diverging` (default) or
 *   `grayscale`, see {@link mapFromPNG}); `image-src`: the picture under the map (overrides the JSON's image).
 *   Or the `data` property ({@link SaliencyData}).
 * - Attributes for the overlay's options: `mode`, `opacity`, `clip`, `signed` (auto | true | false),
 *   `color-scheme`, `magnitude-scheme`, `alpha`, `columns`, `size`, `shared`, `legend`, `chart-title`, `theme`;
 *   `label` names a PNG map.
 * - Lifecycle of every tensorlens element ({@link TlElement}): starts when scrolled into view (`eager` starts at
 *   once); "Loading…" (role="status") while the files load; dispatches `tl-render` and `tl-error` (also shown
 *   as text, role="alert"); on disconnect destroys the overlay and aborts fetches. It has no selection.
 */
export class TlSaliency extends TlElement<SaliencyOverlayHandle, SaliencyData> {
  /** The tag this class is registered under: `<tl-saliency>` (see {@link TlElement.define}). */
  static get tagName(): 'tl-saliency' {
    return 'tl-saliency';
  }
  static get observedAttributes(): string[] {
    return ['src', 'image-src', 'encoding', 'label', 'eager', ...Object.keys(ATTRS)];
  }
  protected readonly sourceAttributes = ['src', 'image-src', 'encoding', 'label'] as const;
  protected readonly optionSpecs = ATTRS;
  protected override readonly selectable = false;

  /** The overlay drawn (null before loading or after disconnect). */
  get overlay(): SaliencyOverlayHandle | null {
    return this.current;
  }

  protected load(signal: AbortSignal): Promise<SaliencyData> | null {
    const src = this.getAttribute('src');
    if (!src) return null;
    const encoding = this.getAttribute('encoding') ?? 'diverging';
    if (encoding != 'diverging' && encoding != 'grayscale') throw fail('option', 'attribute encoding', '"diverging" or "grayscale"', encoding);
    const url = new URL(src, this.ownerDocument.baseURI).href;
    const imageSrc = this.getAttribute('image-src');
    const label = this.getAttribute('label') ?? 'attribution';
    return (async () => {
      let data: SaliencyData;
      const res = await fetchOk(url, signal);
      if (/\.png([?#]|$)/i.test(url) || /^image\//.test(res.headers.get('content-type') ?? '')) {
        data = { attributions: [{ label, map: mapFromPNG(await loadPicture(await res.blob(), signal), encoding) }] };
      } else {
        const text = await res.text();
        let json: SaliencyJSON;
        try {
          json = JSON.parse(text);
        } catch (e) {
          throw fail('parse', 'src', 'JSON text', text.slice(0, 40), (e as Error).message);
        }
        data = await fromSaliencyJSON(json, url, signal);
        const title = (json as { title?: string }).title;
        if (title) data.title = String(title);
      }
      if (imageSrc) data.image = await loadPicture(new URL(imageSrc, this.ownerDocument.baseURI).href, signal);
      return data;
    })();
  }

  protected create(container: HTMLElement, data: SaliencyData): SaliencyOverlayHandle {
    return createSaliencyOverlay(container, { ...data, ...optionsFromSpecs(this, ATTRS) } as SaliencyOverlayOptions);
  }

  protected forward(): Array<() => void> {
    return [];
  }

  protected apply(overlay: SaliencyOverlayHandle, options: Record<string, unknown>): void {
    overlay.update(options as Partial<SaliencyOverlayOptions>);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-saliency': TlSaliency;
  }
}
