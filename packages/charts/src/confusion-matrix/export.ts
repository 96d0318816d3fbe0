import { TensorLensError, explainPolicyRefusal } from '@tensorlens/core';

const SVG_NS = 'http://www.w3.org/2000/svg';

interface Geom {
  W: number;
  x: number;
  y: number;
  side: number;
}

/**
 * The current view as a standalone SVG document: theme colours resolved and inlined, the canvas
 * layer (large class counts) embedded as an image at its place.
 */
export function exportSvg(root: HTMLElement, svg: SVGSVGElement, canvas: HTMLCanvasElement | null, g: Geom): string {
  return serialize(exportedSvg(root, svg, canvas, g));
}

/** An exported SVG element as a standalone document's text. */
function serialize(clone: SVGSVGElement): string {
  const out = new XMLSerializer().serializeToString(clone);
  return out.includes('xmlns=') ? out : out.replace('<svg', '<svg xmlns="http://www.w3.org/2000/svg"');
}

/**
 * The export as an element, built in a document of its own that loads nothing and is never rendered: an <image>
 * made in the page would start loading its data: URL, which a Content-Security-Policy without img-src data: reports
 * (the subtree is kept out of that document's tree, so its <style> is never applied either).
 */
function exportedSvg(root: HTMLElement, svg: SVGSVGElement, canvas: HTMLCanvasElement | null, g: Geom): SVGSVGElement {
  const page = root.ownerDocument;
  const doc = page.implementation.createDocument(SVG_NS, 'svg', null);
  const clone = doc.importNode(svg, true);
  // resolves a theme colour through a probe element (custom properties may hold var() chains)
  const v = (name: string, d: string) => {
    const probe = page.createElement('span');
    probe.style.color = `var(${name})`;
    root.appendChild(probe);
    const c = page.defaultView?.getComputedStyle(probe).color ?? '';
    probe.remove();
    return c && !c.includes('var(') ? c : d;
  };
  const fg = v('--c-fg', '#1f2328');
  const style = doc.createElementNS('http://www.w3.org/2000/svg', 'style');
  style.textContent = `text:not([fill]){fill:${fg}}text{font:12px system-ui,sans-serif}.tl-cm-muted{fill:${v('--c-muted', '#656d76')}}.tl-cm-focus,.tl-cm-hl{fill:none;stroke:${v('--c-accent', '#0969da')};stroke-width:1.5px}`;
  const bg = doc.createElementNS('http://www.w3.org/2000/svg', 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', v('--c-bg', '#fff'));
  clone.prepend(style, bg);
  for (const el of clone.querySelectorAll('[tabindex]')) el.removeAttribute('tabindex');
  if (canvas) {
    const href = pngDataURL(canvas);
    if (href) {
      const img = doc.createElementNS('http://www.w3.org/2000/svg', 'image');
      for (const [k, val] of [['x', g.x], ['y', g.y], ['width', g.side], ['height', g.side], ['href', href], ['preserveAspectRatio', 'none']] as const) img.setAttribute(k, String(val));
      img.setAttribute('class', 'tl-cm-image');
      const plot = clone.querySelector('.tl-cm-plot-area');
      clone.insertBefore(img, plot);
    }
  }
  appendLegend(root, svg, clone);
  return clone;
}

/** A canvas's picture as a PNG data URL; null where it cannot be read (a tainted canvas, or one of zero size). */
function pngDataURL(canvas: HTMLCanvasElement): string | null {
  let href: string;
  try {
    href = canvas.toDataURL('image/png');
  } catch {
    return null;
  }
  return href && href !== 'data:,' ? href : null;
}

/** The current view as a PNG blob: the exported SVG rasterised at `scale`. */
export async function exportPng(root: HTMLElement, svg: SVGSVGElement, canvas: HTMLCanvasElement | null, g: Geom, scale: number): Promise<Blob> {
  const exported = exportedSvg(root, svg, canvas, g);
  const text = serialize(exported);
  const w = +(svg.getAttribute('width') ?? 0);
  const h = Math.max(+(svg.getAttribute('height') ?? 0), +(exported.getAttribute('height') ?? 0));
  const doc = root.ownerDocument;
  const out = doc.createElement('canvas');
  out.width = Math.max(1, Math.round(w * scale));
  out.height = Math.max(1, Math.round(h * scale));
  const ctx = out.getContext('2d');
  if (!ctx) throw new TensorLensError('type', 'toPNG', 'a browser with 2D canvas support', 'none');
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    const loaded = () =>
      new Promise<void>((resolve, reject) => {
        img.onload = () => resolve();
        img.onerror = () => reject(new TensorLensError('type', 'toPNG', 'an SVG the browser can rasterise', 'an image load error'));
        img.src = url;
      });
    // A page whose Content-Security-Policy has no img-src blob: refuses the image: say which directive.
    await explainPolicyRefusal('img-src', url, loaded, () => new TensorLensError('csp', 'img-src', "blob: in the page's Content-Security-Policy", 'a policy without it', 'PNG export draws the chart through a blob: image'));
    ctx.drawImage(img, 0, 0, out.width, out.height);
    return await new Promise<Blob>((resolve, reject) =>
      out.toBlob((b) => (b ? resolve(b) : reject(new TensorLensError('type', 'toPNG', 'a PNG blob', 'null'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

/**
 * Draws the legend (core's HTML legend below the SVG: a title, a canvas ramp and an SVG of ticks) into the exported
 * SVG at its place, and makes the export tall enough to hold it.
 */
function appendLegend(root: HTMLElement, svg: SVGSVGElement, clone: SVGSVGElement): void {
  const legend = root.querySelector<HTMLElement>('.tl-cm-legend:not([hidden]) .tl-legend');
  if (!legend) return;
  const doc = clone.ownerDocument;
  const origin = svg.getBoundingClientRect();
  const place = (e: Element, name: string) => {
    const r = e.getBoundingClientRect();
    const node = doc.createElementNS(SVG_NS, name);
    for (const [k, v] of [['x', r.left - origin.left], ['y', r.top - origin.top], ['width', r.width], ['height', r.height]] as const) node.setAttribute(k, String(v));
    return { node, bottom: r.bottom - origin.top };
  };
  const g = doc.createElementNS(SVG_NS, 'g');
  g.setAttribute('class', 'tl-cm-legend');
  let bottom = 0;
  const title = legend.querySelector('.tl-legend-title');
  if (title?.textContent) {
    const r = title.getBoundingClientRect();
    const text = doc.createElementNS(SVG_NS, 'text');
    text.setAttribute('x', String(r.left - origin.left));
    text.setAttribute('y', String(r.bottom - origin.top - 4));
    text.textContent = title.textContent;
    g.appendChild(text);
  }
  const canvas = legend.querySelector('canvas');
  if (canvas) {
    const { node, bottom: b } = place(canvas, 'image');
    const href = pngDataURL(canvas);
    if (href) {
      node.setAttribute('href', href);
      node.setAttribute('preserveAspectRatio', 'none');
      g.appendChild(node);
      bottom = Math.max(bottom, b);
    }
  }
  const ticks = legend.querySelector('svg');
  if (ticks) {
    const { node, bottom: b } = place(ticks, 'svg');
    for (const child of ticks.childNodes) node.appendChild(child.cloneNode(true));
    g.appendChild(node);
    bottom = Math.max(bottom, b);
  }
  clone.appendChild(g);
  const height = Math.ceil(Math.max(+(clone.getAttribute('height') ?? 0), bottom + 4));
  const width = clone.getAttribute('width') ?? '0';
  clone.setAttribute('height', String(height));
  clone.setAttribute('viewBox', `0 0 ${width} ${height}`);
}
