import { describe, expect, it } from 'vitest';
import { TensorLensError } from '@tensorlens/core';
import { packAtlasIcons } from '../src/atlas/icons';
import type { AtlasSprites, RGBAImage } from '../src/atlas/types';
import { colourOf, flatImages, handAtlas, rgbaAt } from './atlas-fixtures';

const pageOf = (s: AtlasSprites, p: number) => s.pages[p] as RGBAImage;
const slotOf = (s: AtlasSprites, level: number, cell: number) => Array.from(s.icons[level].subarray(cell * 3, cell * 3 + 3));
const rejection = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as TensorLensError);

describe('packAtlasIcons resamples by area averaging', () => {
  it('averages 2 × 2 blocks when halving a greyscale image (values in [0, 255])', async () => {
    // One 4 × 4 greyscale image: each 2 × 2 block holds four known values; the icon is 2 × 2.
    const img = [
      [0, 100, 200, 200],
      [100, 200, 200, 200],
      [10, 20, 255, 0],
      [30, 40, 0, 255],
    ];
    const atlas = handAtlas(1, [{ grid: 1, cells: [{ index: 0, examples: [0] }] }]);
    const s = await packAtlasIcons(atlas, { images: [img.map((r) => r.map((v) => [v]))] as unknown as number[][][][], iconSize: 2, thumbnails: 0 });
    const [p, x, y] = slotOf(s, 0, 0);
    expect(p).toBe(0);
    const page = pageOf(s, p);
    // Block means by hand: (0+100+100+200)/4 = 100, 200, (10+20+30+40)/4 = 25, (255+0+0+255)/4 = 127.5.
    expect(rgbaAt(page, x, y)).toEqual([100, 100, 100, 255]);
    expect(rgbaAt(page, x + 1, y)).toEqual([200, 200, 200, 255]);
    expect(rgbaAt(page, x, y + 1)).toEqual([25, 25, 25, 255]);
    expect(rgbaAt(page, x + 1, y + 1)[0]).toBeCloseTo(127.5, -0.5);
    // Nearest-neighbour sampling would have given pure 0 or 255 on the checkerboard block; the average is mid-grey.
    expect([127, 128]).toContain(rgbaAt(page, x + 1, y + 1)[0]);
  });

  it('weights partly covered source pixels by the covered fraction (3 px → 2 px), and maps [0, 1] to [0, 255]', async () => {
    // A 3 × 1 row [a, b, c] to 2 px: left = (a + b/2) / 1.5, right = (b/2 + c) / 1.5. Height 3 → 2 likewise.
    const row = [0, 0.6, 0.9];
    const img = [row, row, row].map((r) => r.map((v) => [v]));
    const atlas = handAtlas(1, [{ grid: 1, cells: [{ index: 0, examples: [0] }] }]);
    const s = await packAtlasIcons(atlas, { images: { data: Float32Array.from(img.flat(2)), shape: [1, 3, 3, 1] }, iconSize: 2, thumbnails: 0 });
    const page = pageOf(s, 0);
    const left = ((0 + 0.6 / 2) / 1.5) * 255;
    const right = ((0.6 / 2 + 0.9) / 1.5) * 255;
    expect(Math.abs(rgbaAt(page, 0, 0)[0] - left)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(rgbaAt(page, 1, 1)[0] - right)).toBeLessThanOrEqual(0.5);
  });

  it('upscales a 2 × 2 image to 4 px by covering each icon pixel with the one source pixel it lies in', async () => {
    const atlas = handAtlas(1, [{ grid: 1, cells: [{ index: 0, examples: [0] }] }]);
    const s = await packAtlasIcons(atlas, { images: { data: Uint8Array.of(10, 20, 30, 40), shape: [1, 2, 2, 1] }, iconSize: 4, thumbnails: 0 });
    const page = pageOf(s, 0);
    const grid = [0, 1, 2, 3].map((y) => [0, 1, 2, 3].map((x) => rgbaAt(page, x, y)[0]));
    expect(grid).toEqual([
      [10, 10, 20, 20],
      [10, 10, 20, 20],
      [30, 30, 40, 40],
      [30, 30, 40, 40],
    ]);
  });

  it('keeps the aspect ratio: a 4 × 2 image fills a centred 4 × 2 band of a 4 px icon, the rest transparent', async () => {
    const atlas = handAtlas(1, [{ grid: 1, cells: [{ index: 0, examples: [0] }] }]);
    const data = new Uint8ClampedArray(4 * 2 * 4).fill(200);
    const s = await packAtlasIcons(atlas, { images: [{ width: 4, height: 2, data }], iconSize: 4, thumbnails: 0 });
    const page = pageOf(s, 0);
    expect(rgbaAt(page, 0, 0)).toEqual([0, 0, 0, 0]);
    expect(rgbaAt(page, 0, 1)).toEqual([200, 200, 200, 200]);
    expect(rgbaAt(page, 3, 2)).toEqual([200, 200, 200, 200]);
    expect(rgbaAt(page, 3, 3)).toEqual([0, 0, 0, 0]);
  });

  it('reads RGB and RGBA tensors; alpha is averaged premultiplied (no dark fringe)', async () => {
    // Two pixels side by side: opaque red and fully transparent black → one pixel: red at half alpha.
    const atlas = handAtlas(2, [{ grid: 2, cells: [{ index: 0, examples: [0] }, { index: 1, examples: [1] }] }]);
    const rgba = { data: Float32Array.of(1, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0), shape: [2, 1, 2, 4] };
    const s = await packAtlasIcons(atlas, { images: rgba, iconSize: 1, thumbnails: 0 });
    const [p, x, y] = slotOf(s, 0, 0);
    const v = rgbaAt(pageOf(s, p), x, y);
    expect(v[0]).toBe(255);
    expect(v[3]).toBeGreaterThanOrEqual(127);
    expect(v[3]).toBeLessThanOrEqual(128);
  });
});

describe('packAtlasIcons packs icons into pages', () => {
  it('fills as many pages as needed; slots never overlap or cross a page edge, and each shows its example', async () => {
    // 60 cells with distinct top examples, 8 px icons on 32 px pages (16 slots a page) → 4 pages.
    const n = 70;
    const cells = Array.from({ length: 60 }, (_, k) => ({ index: k, examples: [k + 5, (k + 6) % n] }));
    const atlas = handAtlas(n, [{ grid: 8, cells }]);
    const s = await packAtlasIcons(atlas, { images: flatImages(n, 12, 12), iconSize: 8, pageSize: 32, thumbnails: 0 });
    expect(s.pages.length).toBe(4);
    expect(s.iconSize).toBe(8);
    expect(s.pageSize).toBe(32);
    const seen = new Set<string>();
    for (let k = 0; k < 60; k++) {
      const [p, x, y] = slotOf(s, 0, k);
      const page = pageOf(s, p);
      expect(page.width).toBeLessThanOrEqual(32);
      expect(page.height).toBeLessThanOrEqual(32);
      expect(x + 8).toBeLessThanOrEqual(page.width);
      expect(y + 8).toBeLessThanOrEqual(page.height);
      // Slots lie on the 8 px grid here, so overlap would mean the same (page, x, y).
      expect(x % 8 + (y % 8)).toBe(0);
      seen.add(`${p},${x},${y}`);
      expect(rgbaAt(page, x, y)).toEqual([...colourOf(k + 5), 255]);
      expect(rgbaAt(page, x + 7, y + 7)).toEqual([...colourOf(k + 5), 255]);
    }
    expect(seen.size).toBe(60);
    // The last page is cut to the rows it uses: 60 - 48 = 12 slots = 3 rows of 4.
    expect([pageOf(s, 3).width, pageOf(s, 3).height]).toEqual([32, 24]);
  });

  it('packs thumbnails of a smaller size after the icons, deduplicated by example id, ascending', async () => {
    const n = 10;
    const atlas = handAtlas(n, [
      { grid: 1, cells: [{ index: 0, examples: [3, 1, 4, 1 + 5] }] },
      { grid: 2, cells: [{ index: 0, examples: [3, 9] }, { index: 3, examples: [2, 6, 5] }] },
    ]);
    const s = await packAtlasIcons(atlas, { images: flatImages(n, 8, 8), iconSize: 8, thumbSize: 4, thumbnails: 2, pageSize: 16 });
    // Thumbnails: first two examples per cell over all levels → {3, 1} ∪ {3, 9} ∪ {2, 6}.
    expect(Array.from(s.thumbIds)).toEqual([1, 2, 3, 6, 9]);
    expect(s.thumbSize).toBe(4);
    // The same top example (3) at two levels shares one icon slot.
    expect(slotOf(s, 0, 0)).toEqual(slotOf(s, 1, 0));
    const boxes: number[][] = [];
    for (const [l, c] of [[0, 0], [1, 1]]) boxes.push([...slotOf(s, l, c), 8]);
    s.thumbIds.forEach((id, i) => {
      const [p, x, y] = s.thumbSlots.subarray(i * 3, i * 3 + 3);
      expect(rgbaAt(pageOf(s, p), x + 3, y + 3)).toEqual([...colourOf(id), 255]);
      boxes.push([p, x, y, 4]);
    });
    for (const [p, x, y, size] of boxes) {
      expect(x + size).toBeLessThanOrEqual(pageOf(s, p).width);
      expect(y + size).toBeLessThanOrEqual(pageOf(s, p).height);
    }
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const [p, x, y, a] = boxes[i];
        const [q, u, v, b] = boxes[j];
        const overlap = p === q && x < u + b && u < x + a && y < v + b && v < y + a;
        expect(overlap, `boxes ${boxes[i]} and ${boxes[j]}`).toBe(false);
      }
  });

  it('mosaic 4 tiles the top four examples 2 × 2; a cell with fewer leaves the rest transparent', async () => {
    const n = 8;
    const atlas = handAtlas(n, [{ grid: 2, cells: [{ index: 0, examples: [4, 5, 6, 7] }, { index: 1, examples: [2, 3] }] }]);
    const s = await packAtlasIcons(atlas, { images: flatImages(n, 6, 6), iconSize: 8, mosaic: 4, thumbnails: 0 });
    const [p, x, y] = slotOf(s, 0, 0);
    const page = pageOf(s, p);
    expect(rgbaAt(page, x + 1, y + 1)).toEqual([...colourOf(4), 255]);
    expect(rgbaAt(page, x + 6, y + 1)).toEqual([...colourOf(5), 255]);
    expect(rgbaAt(page, x + 1, y + 6)).toEqual([...colourOf(6), 255]);
    expect(rgbaAt(page, x + 6, y + 6)).toEqual([...colourOf(7), 255]);
    const [q, u, v] = slotOf(s, 0, 1);
    expect(rgbaAt(pageOf(s, q), u + 6, v + 1)).toEqual([...colourOf(3), 255]);
    expect(rgbaAt(pageOf(s, q), u + 1, v + 6)).toEqual([0, 0, 0, 0]);
  });

  it('an empty level gets an empty slot table; an atlas with only empty levels gets no pages', async () => {
    const atlas = handAtlas(4, [{ grid: 2, cells: [{ index: 1, examples: [0, 1] }] }, { grid: 4, cells: [] }]);
    const s = await packAtlasIcons(atlas, { images: flatImages(4, 4, 4), iconSize: 4 });
    expect(s.icons.map((t) => t.length)).toEqual([3, 0]);
    const empty = await packAtlasIcons(handAtlas(4, [{ grid: 4, cells: [] }]), { images: flatImages(4, 4, 4) });
    expect(empty.pages).toEqual([]);
    expect(empty.icons.map((t) => t.length)).toEqual([0]);
    expect(empty.thumbIds.length).toBe(0);
  });
});

describe('packAtlasIcons with an icon function', () => {
  it('calls it per cell with the cell, accepts promises, and marks a throw or no result as page -1', async () => {
    const atlas = handAtlas(6, [{ grid: 3, cells: [{ index: 1, examples: [0, 1] }, { index: 5, examples: [2] }, { index: 7, examples: [3, 4, 5] }] }]);
    const seen: { col: number; row: number; examples: number[]; count: number; mean: number[] | null }[] = [];
    const s = await packAtlasIcons(atlas, {
      iconSize: 4,
      icon: async (cell) => {
        seen.push({ col: cell.col, row: cell.row, examples: Array.from(cell.examples), count: cell.count, mean: cell.mean && Array.from(cell.mean) });
        if (cell.cell === 1) throw new Error('no icon for this one');
        if (cell.cell === 2) return undefined as unknown as ImageData;
        return { width: 2, height: 2, data: new Uint8ClampedArray(16).fill(90) };
      },
    });
    expect(seen.map((c) => [c.col, c.row])).toEqual([[1, 0], [2, 1], [1, 2]]);
    expect(seen[2].examples).toEqual([3, 4, 5]);
    expect(seen[2].count).toBe(3);
    expect(seen[0].mean![0]).toBeCloseTo(0);
    expect(slotOf(s, 0, 1)[0]).toBe(-1);
    expect(slotOf(s, 0, 2)[0]).toBe(-1);
    const [p, x, y] = slotOf(s, 0, 0);
    expect(rgbaAt(pageOf(s, p), x + 3, y + 3)).toEqual([90, 90, 90, 90]);
    // No images: no thumbnails.
    expect(s.thumbIds.length).toBe(0);
  });

  it('rejects an icon result that is not an image, naming the cell', async () => {
    const atlas = handAtlas(1, [{ grid: 1, cells: [{ index: 0, examples: [0] }] }]);
    const e = await rejection(packAtlasIcons(atlas, { icon: () => 'red' as unknown as ImageData }));
    expect(e).toBeInstanceOf(TensorLensError);
    expect(e!.argument).toBe('options.icon() for level 0 cell 0');
  });
});

describe('packAtlasIcons with missing images and bad input', () => {
  it('a null image leaves that icon at page -1, lists the example in missing and gives it no thumbnail', async () => {
    const n = 4;
    const img = (v: number) => ({ width: 2, height: 2, data: new Uint8ClampedArray(16).fill(v) });
    const atlas = handAtlas(n, [{ grid: 2, cells: [{ index: 0, examples: [1, 0] }, { index: 2, examples: [2, 3] }] }]);
    const s = await packAtlasIcons(atlas, { images: [img(10), null, img(30), img(40)] as unknown as ImageData[], iconSize: 2, thumbnails: 2 });
    expect(slotOf(s, 0, 0)).toEqual([-1, 0, 0]);
    expect(slotOf(s, 0, 1)[0]).toBe(0);
    expect(Array.from(s.missing)).toEqual([1]);
    expect(Array.from(s.thumbIds)).toEqual([0, 2, 3]);
  });

  it('a mosaic is missing only when all of its examples are', async () => {
    const img = { width: 2, height: 2, data: new Uint8ClampedArray(16).fill(70) };
    const atlas = handAtlas(3, [{ grid: 2, cells: [{ index: 0, examples: [0, 1] }, { index: 1, examples: [1] }] }]);
    const s = await packAtlasIcons(atlas, { images: [img, null, null] as unknown as ImageData[], iconSize: 4, mosaic: 4, thumbnails: 0 });
    expect(slotOf(s, 0, 0)[0]).toBe(0);
    expect(slotOf(s, 0, 1)[0]).toBe(-1);
    expect(Array.from(s.missing)).toEqual([1]);
  });

  it('images not one per example throw a length error naming options.images and atlas.n', async () => {
    const atlas = handAtlas(5, [{ grid: 1, cells: [{ index: 0, examples: [0] }] }]);
    for (const images of [flatImages(4, 2, 2), ['a.png', 'b.png'], [{ width: 1, height: 1, data: new Uint8ClampedArray(4) }]]) {
      const e = await rejection(packAtlasIcons(atlas, { images: images as never }));
      expect(e).toBeInstanceOf(TensorLensError);
      expect(e!.code).toBe('length');
      expect(e!.argument).toBe('options.images');
      expect(e!.message).toMatch(/5 images, one per example \(atlas\.n\)/);
    }
  });

  it('rejects a tensor of the wrong rank or channel count, entries of the wrong kind, bad options and no images', async () => {
    const atlas = handAtlas(2, [{ grid: 1, cells: [{ index: 0, examples: [0] }] }]);
    const cases: [unknown, string, string][] = [
      [{ images: { data: new Float32Array(2 * 3 * 3 * 2), shape: [2, 3, 3, 2] } }, 'shape', 'options.images'],
      [{ images: { data: new Float32Array(8), shape: [2, 4] } }, 'shape', 'options.images'],
      [{ images: ['a.png', 7] }, 'type', 'options.images[1]'],
      [{ images: [{ width: 2, height: 2, data: new Uint8ClampedArray(4) }, null] }, 'length', 'options.images[0].data'],
      [{ images: flatImages(2, 2, 2), mosaic: 2 }, 'option', 'options.mosaic'],
      [{ images: flatImages(2, 2, 2), iconSize: 64, pageSize: 32 }, 'range', 'options.pageSize'],
      [{ images: flatImages(2, 2, 2), thumbSize: 40 }, 'range', 'options.thumbSize'],
      [{}, 'option', 'options.images'],
    ];
    for (const [options, code, argument] of cases) {
      const e = await rejection(packAtlasIcons(atlas, options as never));
      expect(e, JSON.stringify(options)).toBeInstanceOf(TensorLensError);
      expect([e!.code, e!.argument]).toEqual([code, argument]);
    }
  });

  it('rejects an atlas whose example lists do not match cellCount × examplesPerCell or point past n', async () => {
    const atlas = handAtlas(2, [{ grid: 1, cells: [{ index: 0, examples: [0] }] }]);
    atlas.levels[0].examples = new Int32Array(3);
    let e = await rejection(packAtlasIcons(atlas, { images: flatImages(2, 2, 2) }));
    expect([e!.code, e!.argument]).toEqual(['length', 'atlas.levels[0].examples']);
    atlas.levels[0].examples = Int32Array.of(0, 2, -1, -1);
    e = await rejection(packAtlasIcons(atlas, { images: flatImages(2, 2, 2) }));
    expect([e!.code, e!.argument]).toEqual(['range', 'atlas.levels[0].examples[1]']);
  });
});

describe('packAtlasIcons progress and cancel', () => {
  it('reports rising progress up to 1 and rejects with an AbortError when aborted', async () => {
    const n = 40;
    const atlas = handAtlas(n, [{ grid: 8, cells: Array.from({ length: 40 }, (_, k) => ({ index: k, examples: [k] })) }]);
    const seen: number[] = [];
    await packAtlasIcons(atlas, { images: flatImages(n, 4, 4), onProgress: (f) => seen.push(f) });
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.every((f, i) => i === 0 || f >= seen[i - 1])).toBe(true);
    expect(seen.at(-1)).toBe(1);

    const ac = new AbortController();
    const e = await rejection(
      packAtlasIcons(atlas, {
        images: flatImages(n, 4, 4),
        signal: ac.signal,
        onProgress: (f) => {
          if (f > 0.2) ac.abort();
        },
      }),
    );
    expect((e as unknown as DOMException).name).toBe('AbortError');
  });
});
