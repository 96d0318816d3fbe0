import { describe, expect, it } from 'vitest';
import { encodePNG } from '../src/atlas/png';
import { packAtlasIcons } from '../src/atlas/icons';
import { loadAtlas, parseAtlas, serializeAtlas } from '../src/atlas/format';
import type { RGBAImage } from '../src/atlas/types';
import { flatImages, handAtlas } from './atlas-fixtures';

/** Decodes PNG bytes with the browser (createImageBitmap) and reads the pixels back through a canvas. */
async function browserDecode(png: Uint8Array): Promise<RGBAImage> {
  const bitmap = await createImageBitmap(new Blob([png as Uint8Array<ArrayBuffer>], { type: 'image/png' }), { premultiplyAlpha: 'none', colorSpaceConversion: 'none' });
  const c = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = c.getContext('2d')!;
  ctx.drawImage(bitmap, 0, 0);
  return { width: bitmap.width, height: bitmap.height, data: ctx.getImageData(0, 0, bitmap.width, bitmap.height).data };
}

/** Seeded pixels; alpha only 0 or 255 when `binaryAlpha` (a 2D canvas stores premultiplied colour, so other alphas round). */
function pixels(width: number, height: number, grey: boolean, binaryAlpha: boolean): RGBAImage {
  const data = new Uint8ClampedArray(width * height * 4);
  let s = 99;
  const next = () => ((s = (s * 1103515245 + 12345) >>> 0) >>> 16) & 255;
  for (let i = 0; i < data.length; i += 4) {
    const a = binaryAlpha ? (next() > 40 ? 255 : 0) : next();
    const r = a ? next() : 0;
    data.set([r, grey ? r : a ? next() : 0, grey ? r : a ? next() : 0, a], i);
  }
  return { width, height, data };
}

describe('PNG pages in Chromium', () => {
  it('encodePNG output decodes in the browser to the same pixels (RGBA, grey + alpha, opaque RGB and grey)', async () => {
    for (const [grey, opaque] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ]) {
      const img = pixels(37, 23, grey, true);
      if (opaque) for (let i = 3; i < img.data.length; i += 4) img.data[i] = 255;
      const back = await browserDecode(await encodePNG(img));
      expect([back.width, back.height]).toEqual([37, 23]);
      expect(Array.from(back.data), `grey ${grey}, opaque ${opaque}`).toEqual(Array.from(img.data));
    }
    // Partial alpha: the canvas keeps premultiplied colour, so colour comes back within rounding of alpha.
    const img = pixels(16, 16, false, false);
    const back = await browserDecode(await encodePNG(img));
    for (let i = 0; i < img.data.length; i += 4) {
      expect(back.data[i + 3]).toBe(img.data[i + 3]);
      const tol = img.data[i + 3] ? Math.ceil(255 / img.data[i + 3]) + 1 : 255;
      for (let c = 0; c < 3; c++) expect(Math.abs(back.data[i + c] - img.data[i + c])).toBeLessThanOrEqual(tol);
    }
  });

  it('serializes a page given as a decoded image (kind "image") to the same pixels', async () => {
    const img = pixels(20, 12, false, true);
    const bitmap = await createImageBitmap(new ImageData(img.data as Uint8ClampedArray<ArrayBuffer>, 20, 12), { premultiplyAlpha: 'none' });
    const atlas = handAtlas(2, [{ grid: 1, cells: [{ index: 0, examples: [0] }] }]);
    const sprites = await packAtlasIcons(atlas, { images: flatImages(2, 4, 4), iconSize: 4, thumbnails: 0 });
    sprites.pages = [{ kind: 'image', width: 20, height: 12, image: bitmap }];
    const { files } = await serializeAtlas(atlas, sprites);
    const back = await browserDecode(files[1].data as Uint8Array);
    expect(Array.from(back.data)).toEqual(Array.from(img.data));
  });
});

describe('loadAtlas in Chromium', () => {
  const manifest = new URL('../../elements/test/fixtures/atlas/atlas.json', import.meta.url).href;

  it('fetches a manifest written by serializeAtlas and resolves its pages against it; the pages decode', async () => {
    const { atlas, sprites } = await loadAtlas(manifest);
    expect(atlas.n).toBe(12);
    expect(atlas.levels.map((l) => l.grid)).toEqual([2, 4]);
    expect(sprites.pages.length).toBeGreaterThan(1);
    for (const [i, p] of sprites.pages.entries()) {
      expect(p.kind).toBe('url');
      if (p.kind !== 'url') continue;
      expect(p.url).toBe(manifest.replace(/atlas\.json$/, `atlas-${i}.png`));
      const img = await browserDecode(new Uint8Array(await (await fetch(p.url)).arrayBuffer()));
      expect([img.width, img.height]).toEqual([p.width, p.height]);
    }
  });

  it('serializes a loaded atlas again: its URL pages are fetched and kept as the same PNG files', async () => {
    const { atlas, sprites } = await loadAtlas(manifest);
    const { files } = await serializeAtlas(atlas, sprites, { name: 'again' });
    for (let i = 0; i < sprites.pages.length; i++) {
      const original = new Uint8Array(await (await fetch(manifest.replace(/atlas\.json$/, `atlas-${i}.png`))).arrayBuffer());
      expect(files[i + 1].path).toBe(`again-${i}.png`);
      expect(Array.from(files[i + 1].data as Uint8Array)).toEqual(Array.from(original));
    }
    const text = JSON.parse(files[0].data as string) as { levels: unknown[] };
    expect(text.levels).toEqual(JSON.parse(await (await fetch(manifest)).text()).levels);
  });

  it('rejects with the HTTP status for a missing manifest, and an AbortError when aborted', async () => {
    await expect(loadAtlas(manifest.replace('atlas.json', 'nothing-here.json'))).rejects.toThrow(/nothing-here\.json: HTTP 404/);
    const ac = new AbortController();
    ac.abort();
    await expect(loadAtlas(manifest, { signal: ac.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('round-trips an atlas through files served as blob URLs', async () => {
    const atlas = handAtlas(18, [{ grid: 3, cells: Array.from({ length: 9 }, (_, k) => ({ index: k, examples: [k, k + 9] })) }]);
    const sprites = await packAtlasIcons(atlas, { images: flatImages(18, 5, 5), iconSize: 8, pageSize: 16 });
    const { files } = await serializeAtlas(atlas, sprites, { name: 'x' });
    // Point each page path at a blob URL (absolute URLs are allowed in a manifest), then load through fetch.
    const m = JSON.parse(files[0].data as string) as { sprites: { pages: { path: string }[] } };
    m.sprites.pages.forEach((p, i) => (p.path = URL.createObjectURL(new Blob([files[i + 1].data as Uint8Array<ArrayBuffer>], { type: 'image/png' }))));
    const url = URL.createObjectURL(new Blob([JSON.stringify(m)], { type: 'application/json' }));
    const back = await loadAtlas(url);
    expect(back.atlas.levels[0].examples).toEqual(atlas.levels[0].examples);
    for (const [i, p] of back.sprites.pages.entries()) {
      const img = await browserDecode(new Uint8Array(await (await fetch((p as { url: string }).url)).arrayBuffer()));
      expect(Array.from(img.data)).toEqual(Array.from((sprites.pages[i] as RGBAImage).data));
    }
    expect(() => parseAtlas({ ...m, format: 'x' })).toThrow(/manifest\.format/);
  });
});
