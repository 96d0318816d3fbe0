// A small PNG encoder (8-bit greyscale, grey + alpha, RGB or RGBA; zlib through CompressionStream('deflate'),
// which browsers and Node ≥ 18 provide) and a decoder for 8-bit, non-interlaced PNGs (what the encoder writes,
// and what common Python imaging libraries write by default), for Node and tests. In a browser, prefer
// createImageBitmap to decode.
import { fail } from '@tensorlens/core';
import type { RGBAImage } from './types';

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

let crcTable: Uint32Array | null = null;

/** CRC-32 (ISO 3309, the polynomial PNG uses) of `bytes`, continuing from `crc` (default: a fresh CRC). */
export function crc32(bytes: Uint8Array, crc = 0): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = ~crc >>> 0;
  for (let i = 0; i < bytes.length; i++) c = crcTable[(c ^ bytes[i]) & 255] ^ (c >>> 8);
  return ~c >>> 0;
}

/** Runs bytes through a (de)compression stream and collects the output. */
async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const writer = stream.writable.getWriter();
  // Write and close without awaiting: reading below drains the stream, so back-pressure cannot stall.
  const written = writer.write(bytes as Uint8Array<ArrayBuffer>).then(() => writer.close());
  written.catch(() => {});
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    total += value.length;
  }
  await written;
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

function streams(): { C: typeof CompressionStream; D: typeof DecompressionStream } {
  if (typeof CompressionStream === 'undefined' || typeof DecompressionStream === 'undefined') {
    throw fail('type', 'CompressionStream', 'a runtime with CompressionStream (browsers, Node ≥ 18)', 'none');
  }
  return { C: CompressionStream, D: DecompressionStream };
}

/** zlib (RFC 1950) compression. */
export function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  return pipe(bytes, new (streams().C)('deflate'));
}

/** zlib (RFC 1950) decompression. */
export function inflate(bytes: Uint8Array): Promise<Uint8Array> {
  return pipe(bytes, new (streams().D)('deflate'));
}

/** How the encoder stores pixels: 'auto' picks the smallest type that holds the image exactly. */
export type PNGColor = 'auto' | 'grey' | 'grey-alpha' | 'rgb' | 'rgba';

const COLOR_TYPE = { grey: 0, rgb: 2, 'grey-alpha': 4, rgba: 6 } as const;
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

function checkImage(image: RGBAImage, name: string): void {
  const { width, height, data } = image ?? ({} as RGBAImage);
  if (!Number.isInteger(width) || width < 1 || !Number.isInteger(height) || height < 1) {
    throw fail('shape', `${name}.width/height`, 'positive integers', `${width} × ${height}`);
  }
  if (!(data instanceof Uint8Array || data instanceof Uint8ClampedArray)) throw fail('type', `${name}.data`, 'a Uint8Array or Uint8ClampedArray', data);
  if (data.length !== width * height * 4) throw fail('length', `${name}.data`, `${width * height * 4} bytes (width × height × 4)`, `${data.length}`);
}

/** The smallest colour type that stores `data` (RGBA) without loss. */
function pickColor(data: Uint8Array | Uint8ClampedArray): Exclude<PNGColor, 'auto'> {
  let grey = true;
  let opaque = true;
  for (let i = 0; i < data.length && (grey || opaque); i += 4) {
    if (data[i] !== data[i + 1] || data[i] !== data[i + 2]) grey = false;
    if (data[i + 3] !== 255) opaque = false;
  }
  return grey ? (opaque ? 'grey' : 'grey-alpha') : opaque ? 'rgb' : 'rgba';
}

function chunk(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, body.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(body, 8);
  view.setUint32(8 + body.length, crc32(out.subarray(4, 8 + body.length)));
  return out;
}

const paeth = (a: number, b: number, c: number) => {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
};

/**
 * Encodes RGBA pixels (row-major, top row first, not premultiplied) as a PNG file, 8 bits per sample.
 * `color` 'auto' (default) writes greyscale when every pixel has r = g = b, and drops alpha when every pixel is
 * opaque; other values force a type (a forced 'grey' keeps the red channel, 'rgb'/'grey' drop alpha). Each row
 * takes the filter (None, Sub, Up, Average, Paeth) with the smallest sum of absolute differences.
 */
export async function encodePNG(image: RGBAImage, options: { color?: PNGColor } = {}): Promise<Uint8Array> {
  checkImage(image, 'image');
  const { width, height, data } = image;
  const want = options.color ?? 'auto';
  if (!['auto', 'grey', 'grey-alpha', 'rgb', 'rgba'].includes(want)) throw fail('option', 'options.color', '"auto", "grey", "grey-alpha", "rgb" or "rgba"', want);
  const color = want === 'auto' ? pickColor(data) : want;
  const type = COLOR_TYPE[color];
  const ch = CHANNELS[type];
  const pick = color === 'grey' ? [0] : color === 'grey-alpha' ? [0, 3] : color === 'rgb' ? [0, 1, 2] : [0, 1, 2, 3];
  const stride = width * ch;
  const raw = new Uint8Array((stride + 1) * height);
  let prev = new Uint8Array(stride);
  let row = new Uint8Array(stride);
  const trial = new Uint8Array(stride);
  const best = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    for (let x = 0, o = 0, i = y * width * 4; x < width; x++, i += 4) for (const c of pick) row[o++] = data[i + c];
    let bestFilter = 0;
    let bestScore = Infinity;
    for (let f = 0; f < 5; f++) {
      let score = 0;
      for (let i = 0; i < stride; i++) {
        const a = i >= ch ? row[i - ch] : 0;
        const b = prev[i];
        const c = i >= ch ? prev[i - ch] : 0;
        const v = (row[i] - (f === 0 ? 0 : f === 1 ? a : f === 2 ? b : f === 3 ? (a + b) >> 1 : paeth(a, b, c))) & 255;
        trial[i] = v;
        score += v < 128 ? v : 256 - v;
      }
      if (score < bestScore) {
        bestScore = score;
        bestFilter = f;
        best.set(trial);
      }
    }
    raw[y * (stride + 1)] = bestFilter;
    raw.set(best, y * (stride + 1) + 1);
    [prev, row] = [row, prev];
  }
  const ihdr = new Uint8Array(13);
  const hv = new DataView(ihdr.buffer);
  hv.setUint32(0, width);
  hv.setUint32(4, height);
  ihdr[8] = 8; // bit depth
  ihdr[9] = type;
  // compression 0, filter method 0, interlace 0
  const idat = await deflate(raw);
  const parts = [Uint8Array.from(SIGNATURE), chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** One PNG chunk as read by {@link readPNGChunks}. */
export interface PNGChunk {
  type: string;
  data: Uint8Array;
  /** The stored CRC and whether it matches the type and data. */
  crc: number;
  crcOk: boolean;
}

/** Splits a PNG file into its chunks, checking the signature; throws 'parse' naming `name` when it is not a PNG. */
export function readPNGChunks(bytes: Uint8Array, name = 'png'): PNGChunk[] {
  if (!(bytes instanceof Uint8Array)) throw fail('type', name, 'PNG bytes (a Uint8Array)', bytes);
  if (bytes.length < 8 || SIGNATURE.some((b, i) => bytes[i] !== b)) throw fail('parse', name, 'a PNG file (signature 89 50 4E 47 0D 0A 1A 0A)', `${bytes.length} bytes without it`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: PNGChunk[] = [];
  for (let o = 8; o < bytes.length; ) {
    if (o + 12 > bytes.length) throw fail('parse', name, 'whole chunks', `a chunk cut off at byte ${o}`);
    const len = view.getUint32(o);
    if (o + 12 + len > bytes.length) throw fail('parse', name, 'whole chunks', `a chunk of ${len} bytes cut off at byte ${o}`);
    const type = String.fromCharCode(...bytes.subarray(o + 4, o + 8));
    const crc = view.getUint32(o + 8 + len);
    out.push({ type, data: bytes.subarray(o + 8, o + 8 + len), crc, crcOk: crc32(bytes.subarray(o + 4, o + 8 + len)) === crc });
    o += 12 + len;
    if (type === 'IEND') break;
  }
  return out;
}

/**
 * Decodes an 8-bit, non-interlaced PNG (greyscale, grey + alpha, RGB, RGBA or palette, with tRNS) into RGBA
 * pixels. Other PNGs (16-bit, sub-byte depths, Adam7) throw 'parse' naming what was found; so do CRC errors.
 */
export async function decodePNG(bytes: Uint8Array, name = 'png'): Promise<RGBAImage> {
  const chunks = readPNGChunks(bytes, name);
  const bad = chunks.find((c) => !c.crcOk);
  if (bad) throw fail('parse', name, 'chunks with matching CRCs', `a bad CRC in ${bad.type}`);
  const head = chunks[0];
  if (head?.type !== 'IHDR' || head.data.length !== 13) throw fail('parse', name, 'IHDR as the first chunk', head?.type ?? 'no chunks');
  const hv = new DataView(head.data.buffer, head.data.byteOffset, 13);
  const width = hv.getUint32(0);
  const height = hv.getUint32(4);
  const [depth, type, , , interlace] = head.data.subarray(8);
  if (depth !== 8 || !(type in CHANNELS) || interlace !== 0) {
    throw fail('parse', name, 'an 8-bit, non-interlaced PNG', `bit depth ${depth}, colour type ${type}, interlace ${interlace}`);
  }
  if (!width || !height) throw fail('parse', name, 'a non-empty image', `${width} × ${height}`);
  const ch = CHANNELS[type];
  const idats = chunks.filter((c) => c.type === 'IDAT');
  const joined = new Uint8Array(idats.reduce((s, c) => s + c.data.length, 0));
  idats.reduce((o, c) => (joined.set(c.data, o), o + c.data.length), 0);
  let raw: Uint8Array;
  try {
    raw = await inflate(joined);
  } catch (e) {
    throw fail('parse', name, 'zlib-compressed IDAT data', String((e as Error)?.message ?? e));
  }
  const stride = width * ch;
  if (raw.length < (stride + 1) * height) throw fail('parse', name, `${(stride + 1) * height} bytes of image data`, `${raw.length}`);
  const plte = chunks.find((c) => c.type === 'PLTE')?.data;
  const trns = chunks.find((c) => c.type === 'tRNS')?.data;
  if (type === 3 && !plte) throw fail('parse', name, 'a PLTE chunk in a palette image', 'none');
  const out = new Uint8ClampedArray(width * height * 4);
  let prev = new Uint8Array(stride);
  let row = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)];
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    if (f > 4) throw fail('parse', name, 'filter types 0..4', `${f} on row ${y}`);
    for (let i = 0; i < stride; i++) {
      const a = i >= ch ? row[i - ch] : 0;
      const b = prev[i];
      const c = i >= ch ? prev[i - ch] : 0;
      row[i] = src[i] + (f === 0 ? 0 : f === 1 ? a : f === 2 ? b : f === 3 ? (a + b) >> 1 : paeth(a, b, c));
    }
    for (let x = 0, o = y * width * 4; x < width; x++, o += 4) {
      const i = x * ch;
      if (type === 0 || type === 4) {
        out[o] = out[o + 1] = out[o + 2] = row[i];
        out[o + 3] = type === 4 ? row[i + 1] : trns && trns.length >= 2 && ((trns[0] << 8) | trns[1]) === row[i] ? 0 : 255;
      } else if (type === 3) {
        const p = row[i];
        if (3 * p + 2 >= plte!.length) throw fail('parse', name, `palette indices below ${plte!.length / 3}`, `${p}`);
        out[o] = plte![3 * p];
        out[o + 1] = plte![3 * p + 1];
        out[o + 2] = plte![3 * p + 2];
        out[o + 3] = trns && p < trns.length ? trns[p] : 255;
      } else {
        out[o] = row[i];
        out[o + 1] = row[i + 1];
        out[o + 2] = row[i + 2];
        const key = type === 2 && trns && trns.length >= 6;
        out[o + 3] = type === 6 ? row[i + 3] : key && trns[1] === row[i] && trns[3] === row[i + 1] && trns[5] === row[i + 2] && !trns[0] && !trns[2] && !trns[4] ? 0 : 255;
      }
    }
    [prev, row] = [row, prev];
  }
  return { width, height, data: out };
}
