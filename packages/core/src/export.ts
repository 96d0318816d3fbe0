import { TensorLensError, describe } from './errors';
import { pixelRatio } from './dom';
import { THEME_LIGHT } from './theme';

const PROPS = ['fill', 'stroke', 'color', 'font-family', 'font-size', 'font-weight'];

/**
 * The current view of an SVG as a standalone SVG document string: `xmlns` set, `width`/`height` set from
 * the layout when missing, `var(--tl-*)` and `currentColor` in attributes replaced by their computed
 * values, and the computed fill/stroke/colour/font of the root and of every element with a class inlined
 * (so stylesheet and theme colours survive outside the page).
 */
export function exportSVG(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const dst = [clone, ...clone.querySelectorAll('*')];
  [svg, ...svg.querySelectorAll('*')].forEach((s, i) => {
    const d = dst[i] as SVGElement;
    const cs = getComputedStyle(s);
    const resolve = (v: string) =>
      v
        .replace(/currentcolor/gi, cs.color || 'var(--tl-fg)')
        .replace(/var\((--[\w-]+)\s*(?:,\s*([^()]*(\([^()]*\))?[^()]*))?\)/g, (_, n, f) => cs.getPropertyValue(n).trim() || f?.trim() || THEME_LIGHT[n] || '');
    for (const a of d.attributes) if (/var\(|currentcolor/i.test(a.value)) a.value = resolve(a.value);
    if (!i || s.hasAttribute('class'))
      for (const p of PROPS) {
        const v = cs.getPropertyValue(p);
        if (v) d.style.setProperty(p, resolve(v));
      }
  });
  // placement on the page means nothing inside the exported document
  for (const p of ['position', 'inset', 'left', 'top', 'right', 'bottom', 'margin', 'transform']) clone.style.removeProperty(p);
  clone.setAttributeNS('http://www.w3.org/2000/xmlns/', 'xmlns', 'http://www.w3.org/2000/svg');
  if (clone.querySelector('[*|href]')) clone.setAttributeNS('http://www.w3.org/2000/xmlns/', 'xmlns:xlink', 'http://www.w3.org/1999/xlink');
  const r = svg.getBoundingClientRect();
  if (!clone.hasAttribute('width') && r.width) clone.setAttribute('width', '' + r.width);
  if (!clone.hasAttribute('height') && r.height) clone.setAttribute('height', '' + r.height);
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
  return [r.left, r.top, r.width || +(e.getAttribute('width') ?? 0), r.height || +(e.getAttribute('height') ?? 0)];
};

/**
 * Rasterises the current view to a PNG Blob: an SVG (through an Image of its {@link exportSVG}), a canvas,
 * or an element whose canvas and svg layers are composited in document order at their positions.
 * WebGL canvases need `preserveDrawingBuffer` (or a draw in the same task) to be read.
 */
export async function exportPNG(source: SVGSVGElement | HTMLCanvasElement | HTMLElement, opts: PNGOptions = {}): Promise<Blob> {
  if (!(source instanceof Element)) throw new TensorLensError('type', 'source', 'an svg, canvas or element', describe(source));
  const k = opts.scale ?? pixelRatio();
  const [x0, y0, w, h] = box(source);
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(w * k) || 1;
  canvas.height = Math.ceil(h * k) || 1;
  const ctx = canvas.getContext('2d')!;
  ctx.scale(k, k);
  if (opts.background) {
    ctx.fillStyle = opts.background;
    ctx.fillRect(0, 0, w, h);
  }
  const layers = /^(svg|canvas)$/i.test(source.tagName) ? [source] : source.querySelectorAll('canvas,svg:not(svg svg)');
  for (const l of layers) {
    const [x, y, lw, lh] = box(l);
    let img: CanvasImageSource = l as HTMLCanvasElement;
    if (l instanceof SVGSVGElement) {
      const i = (img = new Image());
      i.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(exportSVG(l));
      await i.decode();
    }
    if (lw && lh) ctx.drawImage(img, x - x0, y - y0, lw, lh);
  }
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new TensorLensError('range', 'source', 'a size the browser can encode', `${w}×${h}`))), 'image/png'),
  );
}
