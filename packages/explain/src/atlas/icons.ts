// Icons of an activation atlas: per-cell thumbnails of representative inputs (or a user's icon function),
// area-averaged to the icon size and packed into paged RGBA sprite atlases. Pure pixel work, so it runs in Node
// (tensor or RGBA inputs) as well as in browsers (URLs, ImageBitmap, canvas, <img> too).
import { fail, isTensorLike, toNDArray, type TypedArray } from '@tensorlens/core';
import { abortError, nextTask } from '../run';
import { decodePNG } from './png';
import type { ActivationAtlas, AtlasIconCell, AtlasIconOptions, AtlasIconSource, AtlasImages, AtlasPage, AtlasSprites, RGBAImage } from './types';

/** Pixels as floats: RGBA, colour premultiplied by alpha, everything on a 0..255 scale. */
interface Pixels {
  width: number;
  height: number;
  data: Float32Array;
}

/** Where each example's image comes from. */
interface ImageSource {
  /** Pixels of example `i`, or null when its image is missing (failed to load, unreadable, null entry). */
  load(i: number, signal: AbortSignal | undefined): Promise<Pixels | null>;
  /** How many loads may run at once. */
  concurrency: number;
}

/** Parallel URL loads (image decodes) at most. */
const URL_CONCURRENCY = 6;

const int = (v: unknown, name: string, def: number, min: number, max: number): number => {
  if (v === undefined) return def;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw fail('range', name, `an integer in ${min}..${max}`, v);
  return v;
};

// ---------------------------------------------------------------------------------------------------------
// Reading pixels

/** Premultiplied float pixels from 8-bit RGBA. */
function fromRGBA8(width: number, height: number, src: ArrayLike<number>): Pixels {
  const data = new Float32Array(width * height * 4);
  for (let i = 0; i < data.length; i += 4) {
    const a = src[i + 3];
    const k = a / 255;
    data[i] = src[i] * k;
    data[i + 1] = src[i + 1] * k;
    data[i + 2] = src[i + 2] * k;
    data[i + 3] = a;
  }
  return { width, height, data };
}

const isRGBALike = (x: unknown): x is RGBAImage => {
  const r = x as RGBAImage;
  return !!r && typeof r === 'object' && typeof r.width === 'number' && typeof r.height === 'number' && ArrayBuffer.isView(r.data);
};

const has = (name: string) => typeof (globalThis as Record<string, unknown>)[name] === 'function';
const isA = (x: unknown, name: string) => has(name) && x instanceof ((globalThis as Record<string, unknown>)[name] as new () => object);

/** A 2D context of a scratch canvas that pixels can be read from (internal; used by format.ts too). */
export function scratch(width: number, height: number): CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D {
  let ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null = null;
  if (has('OffscreenCanvas')) ctx = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
  else if (typeof document !== 'undefined') {
    const c = document.createElement('canvas');
    c.width = width;
    c.height = height;
    ctx = c.getContext('2d', { willReadFrequently: true });
  }
  if (!ctx) throw fail('type', 'canvas', 'a 2D canvas to read image pixels (a browser or worker)', 'none');
  return ctx;
}

type Drawable = ImageBitmap | HTMLCanvasElement | OffscreenCanvas | HTMLImageElement;

const isDrawable = (x: unknown): x is Drawable => isA(x, 'ImageBitmap') || isA(x, 'HTMLCanvasElement') || isA(x, 'OffscreenCanvas') || isA(x, 'HTMLImageElement');

/** Reads a drawable's pixels through a canvas; null when it has no pixels or cannot be read (cross-origin taint). */
async function fromDrawable(x: Drawable): Promise<Pixels | null> {
  if (isA(x, 'HTMLImageElement')) {
    const img = x as HTMLImageElement;
    try {
      if (!img.complete || !img.naturalWidth) await img.decode();
    } catch {
      return null;
    }
  }
  const width = isA(x, 'HTMLImageElement') ? (x as HTMLImageElement).naturalWidth : x.width;
  const height = isA(x, 'HTMLImageElement') ? (x as HTMLImageElement).naturalHeight : x.height;
  if (!width || !height) return null;
  const ctx = scratch(width, height);
  ctx.drawImage(x, 0, 0);
  try {
    return fromRGBA8(width, height, ctx.getImageData(0, 0, width, height).data);
  } catch {
    return null; // a tainted canvas: the image came from another origin without CORS
  }
}

/** Pixels of one icon source (RGBA image, ImageData or a drawable); throws 'type' naming `name` for anything else. */
async function readSource(x: unknown, name: string): Promise<Pixels | null> {
  if (isDrawable(x)) return fromDrawable(x);
  if (isRGBALike(x)) {
    const { width, height, data } = x;
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) throw fail('shape', `${name}.width/height`, 'positive integers', `${width} × ${height}`);
    if (data.length !== width * height * 4) throw fail('length', `${name}.data`, `${width * height * 4} values (width × height × 4, RGBA)`, `${data.length}`);
    return fromRGBA8(width, height, data as ArrayLike<number>);
  }
  throw fail('type', name, 'ImageData, an RGBA image {width, height, data}, an ImageBitmap, a canvas or an <img>', x);
}

/** Loads one URL: an <img> with crossOrigin 'anonymous' in a page; fetch + createImageBitmap (or the PNG decoder) elsewhere. */
async function loadURL(url: string, signal: AbortSignal | undefined): Promise<Pixels | null> {
  if (typeof document !== 'undefined' && has('Image')) {
    const img = new Image();
    img.crossOrigin = 'anonymous';
    img.decoding = 'async';
    const stop = () => img.removeAttribute('src');
    signal?.addEventListener('abort', stop, { once: true });
    img.src = url;
    try {
      await img.decode();
    } catch {
      if (signal?.aborted) throw abortError();
      return null;
    } finally {
      signal?.removeEventListener('abort', stop);
    }
    return fromDrawable(img);
  }
  try {
    const res = await fetch(url, { signal });
    if (!res.ok) return null;
    if (has('createImageBitmap')) return await fromDrawable(await createImageBitmap(await res.blob()));
    const img = await decodePNG(new Uint8Array(await res.arrayBuffer()), url);
    return fromRGBA8(img.width, img.height, img.data);
  } catch {
    if (signal?.aborted) throw abortError();
    return null;
  }
}

/** Interprets `options.images` and checks there is one image per example. */
async function imageSource(images: AtlasImages | unknown, n: number): Promise<ImageSource> {
  const name = 'options.images';
  const count = (len: number, detail = '') => {
    if (len !== n) throw fail('length', name, `${n} images, one per example (atlas.n)`, `${len}${detail}`);
  };
  if (Array.isArray(images)) {
    if (!images.length) {
      count(0);
      return { concurrency: 1, load: () => Promise.resolve(null) };
    }
    const first = images.find((v) => v != null);
    if (typeof first === 'string' || first === undefined) {
      count(images.length);
      images.forEach((v, i) => {
        if (v != null && typeof v !== 'string') throw fail('type', `${name}[${i}]`, 'a URL string (or null for no image)', v);
      });
      return { concurrency: URL_CONCURRENCY, load: (i, signal) => (images[i] ? loadURL(images[i] as string, signal) : Promise.resolve(null)) };
    }
    if (first !== null && typeof first === 'object' && !Array.isArray(first)) {
      count(images.length);
      images.forEach((v, i) => {
        if (v != null && !isRGBALike(v) && !isDrawable(v)) throw fail('type', `${name}[${i}]`, 'ImageData, an RGBA image, an ImageBitmap, a canvas or an <img>', v);
      });
      return { concurrency: 4, load: (i) => (images[i] == null ? Promise.resolve(null) : readSource(images[i], `${name}[${i}]`)) };
    }
  }
  if (images == null || (typeof images !== 'object' && !isTensorLike(images))) {
    throw fail('type', name, 'URL strings, images (ImageData, RGBA, ImageBitmap, canvas, <img>) or an [N, H, W, C] tensor', images);
  }
  const a = await toNDArray(images, { name, allowEmpty: true });
  const shape = a.shape;
  const rank3 = shape.length === 3;
  if (!(shape.length === 4 && [1, 3, 4].includes(shape[3])) && !rank3) {
    throw fail('shape', name, '[N, H, W, C] with C = 1, 3 or 4 (or [N, H, W] greyscale)', `shape [${shape}]`);
  }
  count(shape[0], ` (shape [${shape}])`);
  const [, h, w] = shape;
  const c = rank3 ? 1 : shape[3];
  if (n > 0 && (!h || !w)) throw fail('shape', name, 'images at least 1 × 1 px', `shape [${shape}]`);
  const data = a.data as TypedArray;
  // [0, 1] unless any value exceeds 1 (8-bit arrays are always [0, 255]).
  let max = data instanceof Uint8Array || data instanceof Uint8ClampedArray ? 255 : 0;
  if (!max) for (let i = 0; i < data.length; i++) if (data[i] > max) max = data[i];
  const k = max > 1 ? 1 : 255;
  const px = h * w;
  const clamp = (v: number) => (v * k < 0 ? 0 : v * k > 255 ? 255 : v * k);
  return {
    concurrency: 1,
    load: (i) => {
      const out = new Float32Array(px * 4);
      const base = i * px * c;
      for (let p = 0; p < px; p++) {
        const s = base + p * c;
        if (c < 3) {
          out[p * 4] = out[p * 4 + 1] = out[p * 4 + 2] = clamp(data[s]);
          out[p * 4 + 3] = 255;
        } else {
          const alpha = c === 4 ? clamp(data[s + 3]) : 255;
          const m = alpha / 255;
          out[p * 4] = clamp(data[s]) * m;
          out[p * 4 + 1] = clamp(data[s + 1]) * m;
          out[p * 4 + 2] = clamp(data[s + 2]) * m;
          out[p * 4 + 3] = alpha;
        }
      }
      return Promise.resolve({ width: w, height: h, data: out });
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Area-averaging resampling

interface BoxWeights {
  start: Int32Array;
  len: Int32Array;
  w: Float32Array;
  stride: number;
}

const weightCache = new Map<number, BoxWeights>();

/** Box-filter weights mapping `sn` source pixels onto `dn` destination pixels: each destination pixel averages
 *  the source interval it covers, weighting partly covered source pixels by the covered fraction. */
function boxWeights(sn: number, dn: number): BoxWeights {
  const key = sn * 65536 + dn;
  const hit = weightCache.get(key);
  if (hit) return hit;
  const scale = sn / dn;
  const stride = Math.ceil(scale) + 2;
  const start = new Int32Array(dn);
  const len = new Int32Array(dn);
  const w = new Float32Array(dn * stride);
  for (let d = 0; d < dn; d++) {
    const lo = d * scale;
    const hi = (d + 1) * scale;
    const i0 = Math.floor(lo);
    const i1 = Math.min(sn, Math.ceil(hi));
    start[d] = i0;
    len[d] = i1 - i0;
    for (let i = i0; i < i1; i++) w[d * stride + i - i0] = (Math.min(hi, i + 1) - Math.max(lo, i)) / scale;
  }
  if (weightCache.size > 256) weightCache.clear();
  const out = { start, len, w, stride };
  weightCache.set(key, out);
  return out;
}

/** Scratch buffers reused across resamples (grown as needed). */
let tmpBuf = new Float32Array(0);
let outBuf = new Float32Array(0);

/** Resamples `src` to dw × dh by area averaging (separable box filter, premultiplied alpha). The result is a
 *  view of a shared scratch buffer (or `src.data` itself at the same size): use it before the next call. */
function resample(src: Pixels, dw: number, dh: number): Float32Array {
  const { width: sw, height: sh, data } = src;
  if (sw === dw && sh === dh) return data;
  const { start: xs, len: xl, w: xw, stride: xk } = boxWeights(sw, dw);
  const { start: ys, len: yl, w: yw, stride: yk } = boxWeights(sh, dh);
  if (tmpBuf.length < dw * sh * 4) tmpBuf = new Float32Array(dw * sh * 4);
  if (outBuf.length < dw * dh * 4) outBuf = new Float32Array(dw * dh * 4);
  const tmp = tmpBuf;
  const out = outBuf;
  // Horizontal pass: sw × sh → dw × sh.
  for (let y = 0; y < sh; y++) {
    const row = y * sw * 4;
    for (let x = 0; x < dw; x++) {
      let r = 0, g = 0, b = 0, a = 0;
      const n = xl[x];
      let s = row + xs[x] * 4;
      for (let j = 0, wi = x * xk; j < n; j++, wi++, s += 4) {
        const wt = xw[wi];
        r += data[s] * wt;
        g += data[s + 1] * wt;
        b += data[s + 2] * wt;
        a += data[s + 3] * wt;
      }
      const o = (y * dw + x) * 4;
      tmp[o] = r;
      tmp[o + 1] = g;
      tmp[o + 2] = b;
      tmp[o + 3] = a;
    }
  }
  // Vertical pass: dw × sh → dw × dh.
  const rowLen = dw * 4;
  for (let y = 0; y < dh; y++) {
    const o = y * rowLen;
    out.fill(0, o, o + rowLen);
    const n = yl[y];
    for (let j = 0, wi = y * yk; j < n; j++, wi++) {
      const wt = yw[wi];
      const row = (ys[y] + j) * rowLen;
      for (let i = 0; i < rowLen; i++) out[o + i] += tmp[row + i] * wt;
    }
  }
  return out;
}

/**
 * Draws `src` into the box (bx, by, bw, bh) of an RGBA page, scaled to fit (aspect kept, centred; the rest of
 * the box stays transparent).
 */
function drawInto(src: Pixels, page: { width: number; data: Uint8ClampedArray }, bx: number, by: number, bw: number, bh: number): void {
  const s = Math.min(bw / src.width, bh / src.height);
  const w = Math.max(1, Math.min(bw, Math.round(src.width * s)));
  const h = Math.max(1, Math.min(bh, Math.round(src.height * s)));
  const ox = bx + ((bw - w) >> 1);
  const oy = by + ((bh - h) >> 1);
  const px = resample(src, w, h);
  const out = page.data;
  const pw = page.width;
  for (let y = 0; y < h; y++) {
    let i = y * w * 4;
    let o = ((oy + y) * pw + ox) * 4;
    for (let x = 0; x < w; x++, i += 4, o += 4) {
      const a = px[i + 3];
      const k = a > 0 ? 255 / a : 0;
      // Rounded to nearest (and clamped to 0..255) by the Uint8ClampedArray store.
      out[o] = px[i] * k;
      out[o + 1] = px[i + 1] * k;
      out[o + 2] = px[i + 2] * k;
      out[o + 3] = a;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Checking the atlas

function checkAtlas(atlas: ActivationAtlas): void {
  if (!atlas || typeof atlas !== 'object' || !Array.isArray(atlas.levels)) throw fail('type', 'atlas', 'an ActivationAtlas (from buildActivationAtlas or parseAtlas)', atlas);
  if (!Number.isInteger(atlas.n) || atlas.n < 0) throw fail('range', 'atlas.n', 'an integer ≥ 0', atlas.n);
  const e = atlas.examplesPerCell;
  if (!Number.isInteger(e) || e < 0) throw fail('range', 'atlas.examplesPerCell', 'an integer ≥ 0', e);
  atlas.levels.forEach((L, l) => {
    const name = `atlas.levels[${l}]`;
    if (!L || !Number.isInteger(L.cellCount) || L.cellCount < 0) throw fail('range', `${name}.cellCount`, 'an integer ≥ 0', L?.cellCount);
    if (L.cells?.length !== L.cellCount) throw fail('length', `${name}.cells`, `${L.cellCount} (cellCount)`, `${L.cells?.length}`);
    if (L.examples?.length !== L.cellCount * e) throw fail('length', `${name}.examples`, `${L.cellCount * e} (cellCount × examplesPerCell)`, `${L.examples?.length}`);
    for (let i = 0; i < L.examples.length; i++) {
      const v = L.examples[i];
      if (!(v >= -1 && v < atlas.n) || v % 1) throw fail('range', `${name}.examples[${i}]`, `an example index in 0..${atlas.n - 1} (or -1)`, v);
    }
  });
}

/** Runs `fn` over `items` with at most `limit` in flight; yields to the event loop every ~30 ms. */
async function pool<T>(items: T[], limit: number, signal: AbortSignal | undefined, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let last = performance.now();
  const worker = async () => {
    while (next < items.length) {
      if (signal?.aborted) throw abortError();
      await fn(items[next++]);
      if (performance.now() - last > 30) {
        await nextTask();
        last = performance.now();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

/**
 * Packs the icons of an activation atlas into sprite pages of RGBA pixels (`kind: 'pixels'`), in Node or a browser.
 *
 * - **Icons**: each cell's icon is its top representative example (`mosaic` 1, the default) or a 2 × 2 mosaic of
 *   its top four (`mosaic` 4; quadrants of cells with fewer examples stay transparent), resampled to `iconSize`
 *   by area averaging (a box filter over premultiplied alpha), aspect kept and centred. With an `icon` function,
 *   the icon of every cell of every level is what it returns (it may return a Promise); calls are made one at a time.
 * - **Images**: `[N, H, W, C]` (or `[N, H, W]`) tensors and typed arrays with a shape (C = 1, 3 or 4; values in
 *   [0, 1], or [0, 255] when any exceeds 1 or the array is 8-bit); RGBA images and ImageData; ImageBitmap, canvas
 *   and `<img>` (browser); or URL strings (an `<img>` with `crossOrigin = 'anonymous'` in a page, `fetch` in a
 *   worker or Node), loaded six at a time. Only the examples an icon or thumbnail needs are read or loaded.
 * - **Thumbnails** (for tooltips, from `images` only): the first `thumbnails` examples of every cell of every level,
 *   deduplicated by example id, at `thumbSize`. A thumbnail at icon size shares its slot with the same example's
 *   single-example icon, and identical icons (the same top example at several levels) share one slot.
 * - **Pages**: slots are packed row by row into pages of at most `pageSize` × `pageSize` (icons first, then
 *   thumbnails on a new row), as many pages as needed; each page is cut to the extent its slots use.
 * - **Missing images**: an image that fails to load (network, decode, cross-origin taint), a null entry, or an
 *   `icon` call that throws or returns nothing leaves that icon at page -1 (mosaics: only when all of their
 *   examples are missing); the example ids whose images are missing are listed in `missing` (ascending) and have
 *   no thumbnail. Nothing is drawn blank silently.
 *
 * Throws TensorLensError for bad input: 'length' when the images are not one per example (`atlas.n`), 'shape'
 * for a tensor that is not `[N, H, W, C]`, 'type' for unusable entries, 'range'/'option' for bad options.
 * Rejects with an AbortError when `signal` aborts; `onProgress` gets the fraction of images/icons done.
 */
export async function packAtlasIcons(atlas: ActivationAtlas, options: AtlasIconOptions = {}): Promise<AtlasSprites> {
  checkAtlas(atlas);
  const o = options ?? {};
  const iconSize = int(o.iconSize, 'options.iconSize', 32, 1, 4096);
  const pageSize = int(o.pageSize, 'options.pageSize', 2048, iconSize, 16384);
  const mosaic = o.mosaic ?? 1;
  if (mosaic !== 1 && mosaic !== 4) throw fail('option', 'options.mosaic', '1 or 4', mosaic);
  const thumbnails = int(o.thumbnails, 'options.thumbnails', 4, 0, 1 << 16);
  const thumbSize = int(o.thumbSize, 'options.thumbSize', iconSize, 1, iconSize);
  const { icon, signal, onProgress } = o;
  if (icon !== undefined && typeof icon !== 'function') throw fail('option', 'options.icon', 'a function (cell) => image', icon);
  if (onProgress !== undefined && typeof onProgress !== 'function') throw fail('option', 'options.onProgress', 'a function', onProgress);
  if (o.images == null && !icon) throw fail('option', 'options.images', 'images (URLs, ImageData, an [N, H, W, C] tensor) or an icon function', 'neither');
  if (signal?.aborted) throw abortError();
  const source = o.images != null ? await imageSource(o.images, atlas.n) : null;
  const E = atlas.examplesPerCell;
  const thumbCount = source ? Math.min(thumbnails, E) : 0;

  // 1. Slots: one per distinct image (keyed), each with its size and the writes that fill it.
  const slotKey = new Map<string, number>();
  const slotSize: number[] = [];
  /** Per example: [slot, dx, dy, w, h] boxes its image is drawn into. */
  const writes = new Map<number, number[][]>();
  const fnCells: { level: number; cell: number; slot: number }[] = [];
  const iconSlot: Int32Array[] = [];
  const thumbSlot = new Map<number, number>();
  const slot = (key: string, size: number): [number, boolean] => {
    const s = slotKey.get(key);
    if (s !== undefined) return [s, false];
    slotKey.set(key, slotSize.length);
    slotSize.push(size);
    return [slotSize.length - 1, true];
  };
  const write = (id: number, box: number[]) => {
    const list = writes.get(id);
    if (list) list.push(box);
    else writes.set(id, [box]);
  };
  const half = iconSize >> 1;
  const quads = [
    [0, 0, half, half],
    [half, 0, iconSize - half, half],
    [0, half, half, iconSize - half],
    [half, half, iconSize - half, iconSize - half],
  ];
  atlas.levels.forEach((L, l) => {
    const slots = new Int32Array(L.cellCount).fill(-1);
    iconSlot.push(slots);
    for (let c = 0; c < L.cellCount; c++) {
      const ex: number[] = [];
      for (let j = 0; j < E; j++) if (L.examples[c * E + j] >= 0) ex.push(L.examples[c * E + j]);
      if (icon) {
        slots[c] = slot(`c${l},${c}`, iconSize)[0];
        fnCells.push({ level: l, cell: c, slot: slots[c] });
      } else if (ex.length && source) {
        const ids = ex.slice(0, mosaic);
        const [s, fresh] = slot(mosaic === 1 ? `i${ids[0]}` : `m${ids.join(',')}`, iconSize);
        slots[c] = s;
        if (fresh) ids.forEach((id, q) => write(id, mosaic === 1 ? [s, 0, 0, iconSize, iconSize] : [s, ...quads[q]]));
      }
      for (const id of ex.slice(0, thumbCount)) {
        if (thumbSlot.has(id)) continue;
        const [s, fresh] = slot(thumbSize === iconSize ? `i${id}` : `t${id}`, thumbSize);
        thumbSlot.set(id, s);
        if (fresh) write(id, [s, 0, 0, thumbSize, thumbSize]);
      }
    }
  });

  // 2. Layout: icon-size slots first, then thumbnail-size ones on a fresh row, row by row, page by page.
  const S = slotSize.length;
  const slotPage = new Int32Array(S);
  const slotX = new Int32Array(S);
  const slotY = new Int32Array(S);
  const extent: [number, number][] = [];
  let page = 0, x = 0, y = 0, rowH = 0;
  for (const size of thumbSize === iconSize ? [iconSize] : [iconSize, thumbSize]) {
    if (x > 0) {
      x = 0;
      y += rowH;
      rowH = 0;
    }
    for (let s = 0; s < S; s++) {
      if (slotSize[s] !== size) continue;
      if (x + size > pageSize) {
        x = 0;
        y += rowH;
        rowH = 0;
      }
      if (y + size > pageSize) {
        page++;
        x = y = rowH = 0;
      }
      slotPage[s] = page;
      slotX[s] = x;
      slotY[s] = y;
      const e = (extent[page] ??= [0, 0]);
      e[0] = Math.max(e[0], x + size);
      e[1] = Math.max(e[1], y + size);
      x += size;
      rowH = Math.max(rowH, size);
    }
  }
  const pages: { kind: 'pixels'; width: number; height: number; data: Uint8ClampedArray }[] = extent.map(([w, h]) => ({ kind: 'pixels', width: w, height: h, data: new Uint8ClampedArray(w * h * 4) }));

  // 3. Pixels: load each needed example once and draw it into every box that shows it; then the icon function.
  const filled = new Uint8Array(S);
  const missing: number[] = [];
  const loaded = new Uint8Array(atlas.n);
  const ids = [...writes.keys()].sort((a, b) => a - b);
  const total = ids.length + fnCells.length;
  let done = 0;
  const progress = () => onProgress?.(total ? ++done / total : 1);
  if (source && ids.length) {
    await pool(ids, source.concurrency, signal, async (id) => {
      const px = await source.load(id, signal);
      if (signal?.aborted) throw abortError();
      if (!px) missing.push(id);
      else {
        loaded[id] = 1;
        for (const [s, dx, dy, w, h] of writes.get(id)!) {
          drawInto(px, pages[slotPage[s]], slotX[s] + dx, slotY[s] + dy, w, h);
          filled[s] = 1;
        }
      }
      progress();
    });
  }
  await pool(fnCells, 1, signal, async ({ level, cell, slot: s }) => {
    const L = atlas.levels[level];
    const g = L.grid;
    const ex = Array.from(L.examples.subarray(cell * E, (cell + 1) * E)).filter((v) => v >= 0);
    const d = atlas.d;
    const info: AtlasIconCell = {
      level,
      cell,
      grid: g,
      col: L.cells[cell] % g,
      row: Math.floor(L.cells[cell] / g),
      count: L.counts?.[cell] ?? 0,
      examples: Int32Array.from(ex),
      mean: L.means && d ? L.means.slice(cell * d, (cell + 1) * d) : null,
    };
    let result: AtlasIconSource | null | undefined;
    try {
      result = await icon!(info);
    } catch (e) {
      if ((e as { name?: string })?.name === 'AbortError' || signal?.aborted) throw abortError();
      result = null; // a failing icon call leaves that icon missing (page -1)
    }
    if (signal?.aborted) throw abortError();
    const px = result == null ? null : await readSource(result, `options.icon() for level ${level} cell ${cell}`);
    if (px) {
      drawInto(px, pages[slotPage[s]], slotX[s], slotY[s], iconSize, iconSize);
      filled[s] = 1;
    }
    progress();
  });
  if (!total) onProgress?.(1);

  // 4. Slot tables: icons per level, thumbnails of the examples that loaded.
  const icons = iconSlot.map((slots) => {
    const t = new Int32Array(slots.length * 3).fill(-1);
    slots.forEach((s, c) => {
      if (s >= 0 && filled[s]) t.set([slotPage[s], slotX[s], slotY[s]], c * 3);
      else t.set([-1, 0, 0], c * 3);
    });
    return t;
  });
  const thumbIds = Int32Array.from([...thumbSlot.keys()].filter((id) => loaded[id])).sort();
  const thumbSlots = new Int32Array(thumbIds.length * 3);
  thumbIds.forEach((id, i) => {
    const s = thumbSlot.get(id)!;
    thumbSlots.set([slotPage[s], slotX[s], slotY[s]], i * 3);
  });
  return {
    iconSize,
    pageSize,
    pages: pages as AtlasPage[],
    icons,
    thumbIds,
    thumbSlots,
    thumbSize: thumbCount ? thumbSize : iconSize,
    missing: Int32Array.from(missing).sort(),
  };
}
