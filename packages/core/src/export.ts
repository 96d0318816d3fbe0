import { fail } from './errors';
import { pixelRatio } from './dom';
import { THEME_LIGHT } from './theme';

/**
 * The current view of an SVG as a standalone SVG document string: `xmlns` declared, `width`/`height` set
 * from the layout when missing, `var(--tl-*)` and `currentColor` in attributes replaced by their computed
 * values, and the computed fill/stroke/colour/font of the root and of every element with a class inlined
 * (so stylesheet and theme colours survive outside the page). The root's own inline style (page placement)
 * is dropped.
 */
export function exportSVG(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const dst = clone.querySelectorAll('*');
  const r = svg.getBoundingClientRect();
  clone.removeAttribute('style');
  [svg, ...svg.querySelectorAll('*')].forEach((s, i) => {
    const d = (i ? dst[i - 1] : clone) as SVGElement;
    const cs = getComputedStyle(s);
    const resolve = (v: string) =>
      v
        .replace(/currentcolor/gi, cs.color || 'var(--tl-fg)')
        .replace(/var\((--[\w-]+),?\s*((?:[^()]|\([^()]*\))*)\)/g, (_, n, f) => cs.getPropertyValue(n).trim() || f || THEME_LIGHT[n] || '');
    for (const a of d.attributes) a.value = resolve(a.value);
    if (!i || s.hasAttribute('class'))
      for (const p of ['fill', 'stroke', 'color', 'font-family', 'font-size', 'font-weight']) {
        const v = cs.getPropertyValue(p);
        if (v) d.style.setProperty(p, resolve(v));
      }
  });
  for (const k of ['width', 'height'] as const) if (!clone.hasAttribute(k) && r[k]) clone.setAttribute(k, '' + r[k]);
  return new XMLSerializer().serializeToString(clone);
}

/** Options of {@link exportPNG}. */
export interface PNGOptions {
  /** Pixels per CSS pixel (default: devicePixelRatio). */
  scale?: number;
  /** A CSS colour painted first (default: transparent). */
  background?: string;
}

const box = (e: Element) => {
  const r = e.getBoundingClientRect();
  return [r.left, r.top, r.width || +e.getAttribute('width')!, r.height || +e.getAttribute('height')!];
};

/**
 * Rasterises the current view to a PNG Blob: an SVG (through an Image of its {@link exportSVG}), a canvas,
 * or an element whose canvas and svg layers are composited in document order at their positions.
 * WebGL canvases need `preserveDrawingBuffer` (or a draw in the same task) to be read.
 */
export async function exportPNG(source: SVGSVGElement | HTMLCanvasElement | HTMLElement, opts: PNGOptions = {}): Promise<Blob> {
  const k = opts.scale ?? pixelRatio();
  const [x0, y0, w, h] = box(source);
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(w * k) || 1;
  canvas.height = Math.ceil(h * k) || 1;
  const ctx = canvas.getContext('2d')!;
  ctx.scale(k, k);
  ctx.fillStyle = opts.background || '#0000';
  ctx.fillRect(0, 0, w, h);
  for (const l of /^(svg|canvas)$/i.test(source.tagName) ? [source] : source.querySelectorAll('canvas,svg:not(svg svg)')) {
    const [x, y, lw, lh] = box(l);
    let img = l as HTMLCanvasElement | HTMLImageElement;
    if (l instanceof SVGSVGElement) {
      img = new Image();
      img.src = 'data:image/svg+xml,' + encodeURIComponent(exportSVG(l));
      await img.decode();
    }
    if (lw && lh) ctx.drawImage(img, x - x0, y - y0, lw, lh);
  }
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(fail('range', 'source', 'a smaller view', `${w}×${h}`))), 'image/png'));
}
