import { TensorLensError, fail } from './errors';
import { explainPolicyRefusal } from './policy';
import { pixelRatio } from './dom';
import { THEME_LIGHT } from './theme';

/** The computed properties inlined into an exported SVG (root and classed elements), so page styles survive. */
const INLINED_PROPERTIES = ['fill', 'stroke', 'color', 'font-family', 'font-size', 'font-weight'];

/**
 * The current view of an SVG as a standalone SVG document string: `xmlns` declared, `width`/`height` set
 * from the layout when missing, `var(--tl-*)` and `currentColor` in attributes replaced by their computed
 * values, and the computed fill/stroke/colour/font of the root and of every element with a class inlined
 * (so stylesheet and theme colours survive outside the page). The root's own inline style (page placement)
 * is dropped.
 */
export function exportSVG(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const cloned = [clone, ...clone.querySelectorAll('*')] as SVGElement[];
  const originals = [svg, ...svg.querySelectorAll('*')];
  const layout = svg.getBoundingClientRect();
  clone.removeAttribute('style');
  originals.forEach((original, i) => {
    const copy = cloned[i];
    const style = getComputedStyle(original);
    // currentColor → the computed colour; var(--x, fallback) → the computed value of --x, else the fallback,
    // else the light theme's value.
    const resolve = (value: string) =>
      value
        .replace(/currentcolor/gi, style.color || 'var(--tl-fg)')
        .replace(/var\((--[\w-]+),?\s*((?:[^()]|\([^()]*\))*)\)/g, (_, name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback || THEME_LIGHT[name] || '');
    for (const attribute of copy.attributes) attribute.value = resolve(attribute.value);
    if (i === 0 || original.hasAttribute('class')) {
      for (const property of INLINED_PROPERTIES) {
        const value = style.getPropertyValue(property);
        if (value) copy.style.setProperty(property, resolve(value));
      }
    }
  });
  for (const side of ['width', 'height'] as const) if (!clone.hasAttribute(side) && layout[side]) clone.setAttribute(side, String(layout[side]));
  return new XMLSerializer().serializeToString(clone);
}

/** Options of {@link exportPNG}. */
export interface PNGOptions {
  /** Pixels per CSS pixel (default: devicePixelRatio). */
  scale?: number;
  /** A CSS colour painted first (default: transparent). Components pass their theme's `readThemeColor(root, '--tl-bg')`. */
  background?: string;
  /**
   * Called after every SVG layer is decoded and right before the layers are drawn, in the same task as the
   * drawing: a WebGL view draws its frame here, so its drawing buffer holds the picture without
   * `preserveDrawingBuffer`.
   */
  beforeCapture?: () => void | Promise<void>;
  /** Smooth canvases that are scaled (default true); false keeps their pixels sharp (heatmaps, sprite grids). */
  smoothing?: boolean;
  /**
   * A selector of HTML elements (outside any SVG) drawn as one line of text at their place, in their computed font
   * and colour — labels and legends written as HTML (default `'.tl-text'`); false draws none.
   */
  text?: string | false;
}

/** The layers {@link exportPNG} composes, in document order: canvases, outermost SVGs and images. */
const LAYERS = 'canvas,svg:not(svg svg),img';
const DEFAULT_TEXT = '.tl-text';

/** Position and size of an element in CSS pixels (an SVG's width/height attributes when it has no layout). */
function boxOf(element: Element): { x: number; y: number; width: number; height: number } {
  const r = element.getBoundingClientRect();
  return { x: r.left, y: r.top, width: r.width || Number(element.getAttribute('width')) || 0, height: r.height || Number(element.getAttribute('height')) || 0 };
}

/** An SVG as a decoded image of its {@link exportSVG}. */
async function svgImage(svg: SVGSVGElement): Promise<HTMLImageElement> {
  const image = new Image();
  const url = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(exportSVG(svg));
  image.src = url;
  // A page whose Content-Security-Policy has no img-src data: refuses the image: say which directive.
  await explainPolicyRefusal('img-src', url, () => image.decode(), () => new TensorLensError('csp', 'img-src', "data: in the page's Content-Security-Policy", 'a policy without it', 'PNG export draws SVG layers through a data: image'));
  return image;
}

/**
 * Rasterises the current view to a PNG Blob: an SVG (through an Image of its {@link exportSVG}), a canvas, or a
 * component's root element, whose canvas, SVG and image layers (and `text` elements) are composed in document
 * order at their positions — hidden layers skipped, CSS opacity kept. SVG layers are decoded first; then
 * `beforeCapture` runs and every layer is drawn in the same task, so a WebGL canvas drawn in `beforeCapture` is
 * read before the browser clears it.
 *
 * ```ts
 * toPNG: (scale) => exportPNG(root, { scale, background: readThemeColor(root, '--tl-bg'), beforeCapture: () => drawFrame() })
 * ```
 */
export async function exportPNG(source: SVGSVGElement | HTMLCanvasElement | HTMLElement, opts: PNGOptions = {}): Promise<Blob> {
  const scale = opts.scale ?? pixelRatio();
  const origin = boxOf(source);
  const textSelector = opts.text === false ? null : (opts.text ?? DEFAULT_TEXT);
  const isLayer = source instanceof SVGSVGElement || source instanceof HTMLCanvasElement;
  const candidates: Element[] = isLayer ? [source] : [...source.querySelectorAll(textSelector ? `${LAYERS},${textSelector}` : LAYERS)];
  const drawn = candidates.filter((element) => {
    const style = getComputedStyle(element);
    return style.display !== 'none' && style.visibility !== 'hidden';
  });
  // Decode every SVG before anything is drawn: drawing must then happen in one task (see beforeCapture).
  const images = new Map<Element, CanvasImageSource>();
  for (const element of drawn) if (element instanceof SVGSVGElement) images.set(element, await svgImage(element));

  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(origin.width * scale) || 1;
  canvas.height = Math.ceil(origin.height * scale) || 1;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw fail('type', 'source', 'a browser with 2D canvas support', 'none');
  await opts.beforeCapture?.();
  ctx.scale(scale, scale);
  if (opts.background) {
    ctx.fillStyle = opts.background;
    ctx.fillRect(0, 0, origin.width, origin.height);
  }
  ctx.imageSmoothingEnabled = opts.smoothing ?? true;
  ctx.textBaseline = 'top';
  for (const element of drawn) {
    const box = boxOf(element);
    if (!box.width || !box.height) continue;
    const style = getComputedStyle(element);
    ctx.globalAlpha = element === source ? 1 : Number(style.opacity) || 0;
    const x = box.x - origin.x;
    const y = box.y - origin.y;
    if (element instanceof HTMLCanvasElement || element instanceof HTMLImageElement || element instanceof SVGSVGElement) {
      const image = images.get(element) ?? (element as HTMLCanvasElement | HTMLImageElement);
      if (element instanceof HTMLCanvasElement && !(element.width && element.height)) continue;
      if (element instanceof HTMLImageElement && !element.complete) continue;
      ctx.drawImage(image, x, y, box.width, box.height);
    } else if (!element.closest('svg') && element.textContent) {
      ctx.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      ctx.fillStyle = style.color;
      ctx.fillText(element.textContent, x + (parseFloat(style.paddingLeft) || 0), y + (parseFloat(style.paddingTop) || 0) + 1);
    }
  }
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(fail('range', 'source', 'a smaller view', `${origin.width}×${origin.height}`))), 'image/png'),
  );
}
