// The paged sprite packer: per-point images (one per row, row-major as in TensorBoard's sprite sheet) laid out in
// texture pages no larger than the GPU allows. Page k holds images [k·perPage, (k+1)·perPage) in `cols` columns;
// the renderer draws each page with one call, and a point finds its image from its row alone:
//   page = ⌊row / perPage⌋, cell = row − page·perPage, column = cell mod cols, line = ⌊cell / cols⌋.
// Pages are built on demand from the source (at upload and again after a context loss), never kept on the CPU.

/** How the images are laid out in pages. */
export interface SpriteLayout {
  /** One image, in px. */
  w: number;
  h: number;
  /** Images (= rows of data). */
  count: number;
  cols: number;
  perPage: number;
  pages: number;
  /** Width of every page in px (cols × w). */
  pageWidth: number;
  /** Height of page k in px (its used lines × h). */
  pageHeights: number[];
}

/**
 * Lays out `count` images of w × h px in pages of at most `maxSide` px a side: `cols` columns (the sheet's own
 * when given and it fits, else about √count so pages are square), as many lines as a page holds. Null when one
 * image does not fit a page.
 */
export function spriteLayout(count: number, w: number, h: number, maxSide: number, sheetCols = 0): SpriteLayout | null {
  if (w > maxSide || h > maxSide) return null;
  const most = Math.floor(maxSide / w);
  const cols = Math.max(1, Math.min(most, sheetCols > 0 ? sheetCols : Math.ceil(Math.sqrt(count))));
  const perPage = cols * Math.floor(maxSide / h);
  const pages = Math.ceil(count / perPage);
  const pageHeights = Array.from({ length: pages }, (_, k) => Math.ceil(Math.min(perPage, count - k * perPage) / cols) * h);
  return { w, h, count, cols, perPage, pages, pageWidth: cols * w, pageHeights };
}

/** Bytes of images in memory: image i's top-left byte is `offset(i)`, lines `stride` bytes apart, `channels` bytes a pixel. */
export interface ByteImages {
  data: Uint8Array | Uint8ClampedArray;
  channels: 1 | 3 | 4;
  stride: number;
  offset: (i: number) => number;
}

/** Copies the images of page k from `src` into a new tightly packed page (same channels). */
export function packBytes(src: ByteImages, layout: SpriteLayout, k: number): Uint8Array {
  const { w, h, cols, perPage, pageWidth } = layout;
  const c = src.channels, line = w * c, pageStride = pageWidth * c;
  const out = new Uint8Array(pageStride * layout.pageHeights[k]);
  const first = k * perPage, last = Math.min(layout.count, first + perPage);
  const data = src.data;
  for (let i = first; i < last; i++) {
    const cell = i - first;
    let to = Math.floor(cell / cols) * h * pageStride + (cell % cols) * line;
    let from = src.offset(i);
    for (let y = 0; y < h; y++, to += pageStride, from += src.stride) out.set(data.subarray(from, from + line), to);
  }
  return out;
}

/** Images drawn from a sheet image (row-major, `sheetCols` wide) as page k, on a canvas (one copy per band of lines when the layout keeps the sheet's columns, else one per image). */
export function packSheet(sheet: CanvasImageSource, sheetCols: number, layout: SpriteLayout, k: number): HTMLCanvasElement {
  const { w, h, cols, perPage } = layout;
  const canvas = document.createElement('canvas');
  canvas.width = layout.pageWidth;
  canvas.height = layout.pageHeights[k];
  const ctx = canvas.getContext('2d')!;
  const first = k * perPage, last = Math.min(layout.count, first + perPage);
  if (cols === sheetCols) {
    // The page is a band of the sheet's lines.
    const y0 = (first / cols) * h;
    ctx.drawImage(sheet, 0, y0, canvas.width, canvas.height, 0, 0, canvas.width, canvas.height);
  } else {
    for (let i = first; i < last; i++) {
      const cell = i - first;
      ctx.drawImage(sheet, (i % sheetCols) * w, Math.floor(i / sheetCols) * h, w, h, (cell % cols) * w, Math.floor(cell / cols) * h, w, h);
    }
  }
  return canvas;
}
