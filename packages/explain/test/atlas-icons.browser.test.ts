import { afterEach, describe, expect, it } from 'vitest';
import { packAtlasIcons } from '../src/atlas/icons';
import { encodePNG } from '../src/atlas/png';
import type { AtlasSprites, RGBAImage } from '../src/atlas/types';
import { colourOf, handAtlas, rgbaAt } from './atlas-fixtures';

const slotOf = (s: AtlasSprites, level: number, cell: number) => Array.from(s.icons[level].subarray(cell * 3, cell * 3 + 3));
const pageOf = (s: AtlasSprites, p: number) => s.pages[p] as RGBAImage;

/** A flat-colour opaque w × h RGBA image. */
const flat = (c: number[], w = 6, h = 6): RGBAImage => {
  const data = new Uint8ClampedArray(w * h * 4);
  for (let i = 0; i < data.length; i += 4) data.set([c[0], c[1], c[2], 255], i);
  return { width: w, height: h, data };
};

const urls: string[] = [];
async function pngURL(img: RGBAImage): Promise<string> {
  const url = URL.createObjectURL(new Blob([(await encodePNG(img)) as Uint8Array<ArrayBuffer>], { type: 'image/png' }));
  urls.push(url);
  return url;
}
afterEach(() => {
  for (const u of urls.splice(0)) URL.revokeObjectURL(u);
});

describe('packAtlasIcons in Chromium', () => {
  it('loads URL images (only the examples it needs), and marks those that fail to load as missing', async () => {
    const n = 8;
    // Examples 0..3 are needed (tops and thumbnails); 4..7 are not. Example 2's URL is broken, and so are the
    // URLs of every unneeded example: had they been loaded, they would be listed as missing.
    const images: string[] = [];
    for (let i = 0; i < n; i++) images.push(i < 4 && i !== 2 ? await pngURL(flat(colourOf(i))) : `${location.origin}/no-such-image-${i}.png`);
    const atlas = handAtlas(n, [{ grid: 2, cells: [{ index: 0, examples: [0, 1, 4, 5] }, { index: 1, examples: [2, 3, 6, 7] }, { index: 2, examples: [3, 0] }] }]);
    const seen: number[] = [];
    const s = await packAtlasIcons(atlas, { images, iconSize: 4, thumbnails: 2, onProgress: (f) => seen.push(f) });
    expect(Array.from(s.missing)).toEqual([2]);
    expect(slotOf(s, 0, 1)[0]).toBe(-1);
    const [p, x, y] = slotOf(s, 0, 0);
    expect(rgbaAt(pageOf(s, p), x + 2, y + 2)).toEqual([...colourOf(0), 255]);
    const [q, u, v] = slotOf(s, 0, 2);
    expect(rgbaAt(pageOf(s, q), u, v)).toEqual([...colourOf(3), 255]);
    expect(Array.from(s.thumbIds)).toEqual([0, 1, 3]);
    // 4 loads (0, 1, 2, 3): progress after each.
    expect(seen).toEqual([0.25, 0.5, 0.75, 1]);
  });

  it('reads ImageBitmap, canvas, <img> and ImageData sources', async () => {
    const bitmap = await createImageBitmap(new ImageData(flat(colourOf(0)).data as Uint8ClampedArray<ArrayBuffer>, 6, 6));
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 6;
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = `rgb(${colourOf(1).join(',')})`;
    ctx.fillRect(0, 0, 6, 6);
    const img = new Image();
    img.src = await pngURL(flat(colourOf(2)));
    const data = new ImageData(flat(colourOf(3)).data as Uint8ClampedArray<ArrayBuffer>, 6, 6);
    const atlas = handAtlas(4, [{ grid: 2, cells: [0, 1, 2, 3].map((i) => ({ index: i, examples: [i] })) }]);
    const s = await packAtlasIcons(atlas, { images: [bitmap, canvas, img, data], iconSize: 3, thumbnails: 0 });
    expect(s.missing.length).toBe(0);
    for (let c = 0; c < 4; c++) {
      const [p, x, y] = slotOf(s, 0, c);
      expect(rgbaAt(pageOf(s, p), x + 1, y + 1), `source ${c}`).toEqual([...colourOf(c), 255]);
    }
  });

  it('uses what an async icon function draws on a canvas', async () => {
    const atlas = handAtlas(3, [{ grid: 3, cells: [{ index: 4, examples: [0, 1, 2] }] }]);
    const s = await packAtlasIcons(atlas, {
      iconSize: 8,
      icon: async (cell) => {
        await new Promise((r) => setTimeout(r, 5));
        const c = new OffscreenCanvas(16, 16);
        const g = c.getContext('2d')!;
        g.fillStyle = cell.col === 1 && cell.row === 1 ? '#00ff00' : '#ff0000';
        g.fillRect(0, 0, 16, 16);
        return c;
      },
    });
    const [p, x, y] = slotOf(s, 0, 0);
    expect(rgbaAt(pageOf(s, p), x + 4, y + 4)).toEqual([0, 255, 0, 255]);
  });
});
