import type { ColorLut } from './colors';
import { textOn } from './colors';
import { svgEl } from './dom';

/** SVG cells (for small class counts): one focusable rect per cell in an ARIA grid. */
export interface SvgCells {
  grid: SVGGElement;
  rects: SVGRectElement[];
  texts: SVGTextElement[];
  K: number;
}

/** Builds K×K cells of size `cell` (content pixels) inside `parent`: rows are `role=row` groups. */
export function buildSvgCells(doc: Document, parent: SVGGElement, K: number, cell: number, label: string): SvgCells {
  const grid = svgEl(doc, 'g', { class: 'tl-cm-grid', role: 'grid', 'aria-label': label, 'aria-rowcount': K, 'aria-colcount': K }, parent);
  const rects: SVGRectElement[] = [];
  const texts: SVGTextElement[] = [];
  const fs = Math.min(12, cell / 3);
  for (let i = 0; i < K; i++) {
    const row = svgEl(doc, 'g', { role: 'row', 'aria-rowindex': i + 1 }, grid);
    for (let j = 0; j < K; j++) {
      rects.push(
        svgEl(doc, 'rect', {
          class: 'tl-cm-cell',
          role: 'gridcell',
          'aria-colindex': j + 1,
          tabindex: -1,
          'data-i': i,
          'data-j': j,
          x: j * cell,
          y: i * cell,
          width: Math.max(0, cell - 1),
          height: Math.max(0, cell - 1),
        }, row),
      );
    }
    if (cell >= 18) {
      for (let j = 0; j < K; j++) {
        texts.push(
          svgEl(doc, 'text', {
            class: 'tl-cm-value',
            'aria-hidden': 'true',
            x: (j + 0.5) * cell - 0.5,
            y: (i + 0.5) * cell - 0.5,
            'text-anchor': 'middle',
            'dominant-baseline': 'central',
            'font-size': fs,
            'pointer-events': 'none',
          }, row),
        );
      }
    }
  }
  if (rects.length) rects[0].setAttribute('tabindex', '0');
  return { grid, rects, texts, K };
}

/** Sets the fill, text and accessible label of every cell. */
export function paintSvgCells(c: SvgCells, values: Float64Array, lut: ColorLut, text: ((i: number, j: number) => string) | null, label: (i: number, j: number) => string): void {
  const K = c.K;
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      const k = i * K + j;
      const v = values[k];
      const r = c.rects[k];
      r.setAttribute('fill', lut.css(v));
      r.setAttribute('aria-label', label(i, j));
      const t = c.texts[k];
      if (t) {
        t.textContent = text ? text(i, j) : '';
        t.setAttribute('fill', textOn(lut, lut.index(v)));
      }
    }
  }
}
