// The `sprite` option: per-point images from a sprite sheet (TensorBoard's `sprite { image_path, single_image_dim }`:
// images in row-major order, one per row of data, the sheet ⌈√N⌉ images wide) or from raw pixels (e.g. MNIST
// arrays). Reads and checks a sprite against the number of rows, loads an image given by URL, and lays the images
// out in texture pages (sprite-packer.ts).
import { fail } from '@tensorlens/core';
import type { OptionCheck } from '@tensorlens/core';
import { packBytes, packSheet, spriteLayout, type ByteImages, type SpriteLayout } from './sprite-packer';

/** A sprite sheet: an image URL or an image already in the page. */
export type SpriteImage = string | HTMLImageElement | HTMLCanvasElement | ImageBitmap | ImageData;

/**
 * Per-point images: a sprite sheet (`image`, one `size` = [width, height] px image per row of data, row-major, as
 * TensorBoard lays them out) or raw `pixels` (row after row of images, `channels` bytes a pixel: 1 grey, 3 RGB,
 * 4 RGBA; default: what the length says).
 */
export type PointCloudSprite =
  | { image: SpriteImage; size: [number, number] }
  | { pixels: Uint8Array | Uint8ClampedArray; size: [number, number]; channels?: 1 | 3 | 4 };

/** One texture page as uploaded. */
export interface SpritePage {
  data: Uint8Array | TexImageSource;
  width: number;
  height: number;
  format: 'luminance' | 'rgb' | 'rgba';
}

/** Sprites read and checked: their layout in pages, each page built when asked (at upload and after a context loss). */
export interface SpriteSet {
  layout: SpriteLayout;
  page(k: number): SpritePage;
  /** Texture bytes of all pages. */
  bytes: number;
}

const SPRITE = 'options.sprite';
const FORMATS = { 1: 'luminance', 3: 'rgb', 4: 'rgba' } as const;

/** Checks the shape of the option (its content is checked against the data when read: readSprite). */
export const isSprite: OptionCheck<unknown> = (value, argument) => {
  const expected = '{ image, size: [width, height] } or { pixels, size: [width, height], channels? } (one image per row of data)';
  if (value === null || typeof value !== 'object') throw fail('option', argument, expected, value);
  const s = value as Record<string, unknown>;
  const size = s.size as unknown[];
  if (!Array.isArray(size) || size.length !== 2 || !size.every((v) => Number.isInteger(v) && (v as number) > 0)) throw fail('option', `${argument}.size`, '[width, height]: the size of one image in px (positive integers)', s.size);
  if ('pixels' in s) {
    if (!(s.pixels instanceof Uint8Array || s.pixels instanceof Uint8ClampedArray)) throw fail('option', `${argument}.pixels`, 'a Uint8Array or Uint8ClampedArray of the images, one after another', s.pixels);
    if (s.channels !== undefined && s.channels !== 1 && s.channels !== 3 && s.channels !== 4) throw fail('option', `${argument}.channels`, '1 (grey), 3 (RGB) or 4 (RGBA)', s.channels);
  } else if (!(typeof s.image === 'string' || isImageData(s.image) || isDomImage(s.image))) throw fail('option', `${argument}.image`, 'an image URL, an HTMLImageElement, an HTMLCanvasElement, an ImageBitmap or ImageData', s.image);
};

const isImageData = (v: unknown): v is ImageData => typeof ImageData !== 'undefined' && v instanceof ImageData;
const isDomImage = (v: unknown): v is HTMLImageElement | HTMLCanvasElement | ImageBitmap =>
  (typeof HTMLImageElement !== 'undefined' && v instanceof HTMLImageElement) || (typeof HTMLCanvasElement !== 'undefined' && v instanceof HTMLCanvasElement) || (typeof ImageBitmap !== 'undefined' && v instanceof ImageBitmap);

/**
 * Reads a sprite for `n` rows into pages of at most `maxSide` px: a SpriteSet, or a promise of one while an image
 * loads. Throws (or rejects with) a TensorLensError naming `options.sprite…` and what was expected.
 */
export function readSprite(sprite: PointCloudSprite, n: number, maxSide: number): SpriteSet | Promise<SpriteSet> {
  const [w, h] = sprite.size;
  if ('pixels' in sprite) {
    const len = sprite.pixels.length, one = n * w * h;
    const channels = sprite.channels ?? (([1, 3, 4] as const).find((c) => c * one === len) ?? 0);
    if (!channels || len !== one * channels)
      throw fail('length', `${SPRITE}.pixels`, `${n} images of ${w}×${h} px (one per row of data): ${one}${sprite.channels ? ` × ${channels}` : ' × 1, 3 or 4'} values`, `${len} values`);
    const layout = pageLayout(n, w, h, maxSide, 0);
    return bytePages({ data: sprite.pixels, channels, stride: w * channels, offset: (i) => i * w * h * channels }, layout);
  }
  const image = sprite.image;
  if (typeof image === 'string') return loadImage(image).then((img) => readSheet(img, w, h, n, maxSide));
  if (typeof HTMLImageElement !== 'undefined' && image instanceof HTMLImageElement && !(image.complete && image.naturalWidth > 0)) {
    return new Promise<HTMLImageElement>((resolve, reject) => {
      if (image.complete) reject(loadError(image.src));
      image.addEventListener('load', () => resolve(image), { once: true });
      image.addEventListener('error', () => reject(loadError(image.src)), { once: true });
    }).then((img) => readSheet(img, w, h, n, maxSide));
  }
  return readSheet(image, w, h, n, maxSide);
}

const loadError = (src: string) => fail('type', `${SPRITE}.image`, 'an image that loads', src, 'the sprite image failed to load');

function loadImage(url: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    // Cross-origin sheets must be served with CORS to be used as a texture.
    if (!url.startsWith('data:') && !url.startsWith('blob:')) img.crossOrigin = 'anonymous';
    img.onload = () => resolve(img);
    img.onerror = () => reject(loadError(url));
    img.src = url;
  });
}

/** A sheet image checked against n images of w × h (row-major, as many columns as fit its width). */
function readSheet(image: HTMLImageElement | HTMLCanvasElement | ImageBitmap | ImageData, w: number, h: number, n: number, maxSide: number): SpriteSet {
  const W = image instanceof HTMLImageElement ? image.naturalWidth : image.width;
  const H = image instanceof HTMLImageElement ? image.naturalHeight : image.height;
  const cols = Math.floor(W / w), lines = Math.floor(H / h);
  if (cols * lines < n) {
    const s = Math.ceil(Math.sqrt(n));
    throw fail('shape', `${SPRITE}.image`, `a sheet of at least ${n} images of ${w}×${h} px, one per row of data (TensorBoard's layout: ${s} wide, ${s * w}×${Math.ceil(n / s) * h} px)`, `${W}×${H} px: ${cols * lines} images`);
  }
  const layout = pageLayout(n, w, h, maxSide, cols);
  if (isImageData(image)) return bytePages({ data: image.data, channels: 4, stride: W * 4, offset: (i) => (Math.floor(i / cols) * h * W + (i % cols) * w) * 4 }, layout);
  // A sheet that fits one texture is uploaded as it is.
  const whole = layout.pages === 1 && layout.cols === cols && W <= maxSide && H <= maxSide;
  return {
    layout,
    bytes: whole ? W * H * 4 : layout.pageHeights.reduce((s, ph) => s + ph * layout.pageWidth * 4, 0),
    page: (k) => {
      if (whole) return { data: image, width: W, height: H, format: 'rgba' };
      const canvas = packSheet(image, cols, layout, k);
      return { data: canvas, width: canvas.width, height: canvas.height, format: 'rgba' };
    },
  };
}

function pageLayout(n: number, w: number, h: number, maxSide: number, sheetCols: number): SpriteLayout {
  const layout = spriteLayout(n, w, h, maxSide, sheetCols);
  if (!layout) throw fail('range', `${SPRITE}.size`, `images at most ${maxSide} px a side (the largest texture this GPU holds)`, `${w}×${h}`);
  return layout;
}

function bytePages(src: ByteImages, layout: SpriteLayout): SpriteSet {
  return {
    layout,
    bytes: layout.pageHeights.reduce((s, ph) => s + ph * layout.pageWidth * src.channels, 0),
    page: (k) => ({ data: packBytes(src, layout, k), width: layout.pageWidth, height: layout.pageHeights[k], format: FORMATS[src.channels] }),
  };
}
