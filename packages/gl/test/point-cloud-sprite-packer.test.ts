import { describe as suite, expect, it } from 'vitest';
import { packBytes, spriteLayout } from '../src/point-cloud/sprite-packer';

suite('sprite packer', () => {
  it('lays images out about √N wide, as many lines as a page holds, the last page as tall as it needs', () => {
    const l = spriteLayout(60_000, 28, 28, 8192)!;
    expect(l.cols).toBe(245); // ⌈√60000⌉, as TensorBoard's sheet
    expect(l.pages).toBe(1);
    expect(l.pageWidth).toBe(6860);
    expect(l.pageHeights).toEqual([Math.ceil(60_000 / 245) * 28]);
    // 64 × 64 images do not fit one 8192 page: 128 columns × 128 lines a page.
    const big = spriteLayout(60_000, 64, 64, 8192)!;
    expect(big.cols).toBe(128);
    expect(big.perPage).toBe(128 * 128);
    expect(big.pages).toBe(4);
    expect(big.pageHeights).toEqual([8192, 8192, 8192, Math.ceil((60_000 - 3 * 16_384) / 128) * 64]);
    // The sheet's own columns are kept when they fit; an image larger than a page does not fit.
    expect(spriteLayout(10, 8, 8, 64, 5)!.cols).toBe(5);
    expect(spriteLayout(10, 100, 8, 64)).toBeNull();
  });

  it('copies each image of a page into its cell, line by line', () => {
    // 5 images of 2 × 3 px (w 2, h 3), one byte a pixel: image i's pixel (line y, column x) = 10·i + 3·y + x.
    const w = 2, h = 3, n = 5;
    const data = Uint8Array.from({ length: n * w * h }, (_, k) => {
      const i = Math.floor(k / (w * h)), p = k % (w * h);
      return 10 * i + 3 * Math.floor(p / w) + (p % w);
    });
    const layout = spriteLayout(n, w, h, 6)!; // 3 columns × 2 lines: one page
    expect(layout.cols).toBe(3);
    const small = spriteLayout(n, w, h, 4)!; // 2 columns × 1 line: 2 images a page, 3 pages
    expect(small.pages).toBe(3);
    const src = { data, channels: 1 as const, stride: w, offset: (i: number) => i * w * h };
    const page1 = packBytes(src, small, 1); // images 2 and 3
    expect(page1.length).toBe(4 * 3);
    const at = (page: Uint8Array, width: number, x: number, y: number) => page[y * width + x];
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        expect(at(page1, 4, x, y)).toBe(20 + 3 * y + x);
        expect(at(page1, 4, w + x, y)).toBe(30 + 3 * y + x);
      }
    const page2 = packBytes(src, small, 2); // image 4 alone, the page as wide as the others
    expect(page2.length).toBe(4 * 3);
    expect(at(page2, 4, 1, 2)).toBe(40 + 3 * 2 + 1);
    expect(at(page2, 4, 2, 0)).toBe(0);
  });
});
