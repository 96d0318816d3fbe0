import { TensorLensError } from '@tensorlens/core';

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
  const doc = root.ownerDocument;
  const clone = svg.cloneNode(true) as SVGSVGElement;
  // resolves a theme colour through a probe element (custom properties may hold var() chains)
  const v = (name: string, d: string) => {
    const probe = doc.createElement('span');
    probe.style.color = `var(${name})`;
    root.appendChild(probe);
    const c = doc.defaultView?.getComputedStyle(probe).color ?? '';
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
    let href = '';
    try {
      href = canvas.toDataURL('image/png');
    } catch {
      href = '';
    }
    if (href && href !== 'data:,') {
      const img = doc.createElementNS('http://www.w3.org/2000/svg', 'image');
      for (const [k, val] of [['x', g.x], ['y', g.y], ['width', g.side], ['height', g.side], ['href', href], ['preserveAspectRatio', 'none']] as const) img.setAttribute(k, String(val));
      img.setAttribute('class', 'tl-cm-image');
      const plot = clone.querySelector('.tl-cm-plot-area');
      clone.insertBefore(img, plot);
    }
  }
  const out = new XMLSerializer().serializeToString(clone);
  return out.includes('xmlns=') ? out : out.replace('<svg', '<svg xmlns="http://www.w3.org/2000/svg"');
}

/** The current view as a PNG blob: the exported SVG rasterised at `scale`. */
export async function exportPng(root: HTMLElement, svg: SVGSVGElement, canvas: HTMLCanvasElement | null, g: Geom, scale: number): Promise<Blob> {
  const text = exportSvg(root, svg, canvas, g);
  const w = +(svg.getAttribute('width') ?? 0);
  const h = +(svg.getAttribute('height') ?? 0);
  const doc = root.ownerDocument;
  const out = doc.createElement('canvas');
  out.width = Math.max(1, Math.round(w * scale));
  out.height = Math.max(1, Math.round(h * scale));
  const ctx = out.getContext('2d');
  if (!ctx) throw new TensorLensError('type', 'toPNG', 'a browser with 2D canvas support', 'none');
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new TensorLensError('type', 'toPNG', 'an SVG the browser can rasterise', 'an image load error'));
      img.src = url;
    });
    ctx.drawImage(img, 0, 0, out.width, out.height);
    return await new Promise<Blob>((resolve, reject) =>
      out.toBlob((b) => (b ? resolve(b) : reject(new TensorLensError('type', 'toPNG', 'a PNG blob', 'null'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
