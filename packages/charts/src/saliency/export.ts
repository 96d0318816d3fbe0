import { fail, readThemeColor } from '@tensorlens/core';

/**
 * Rasterises a view made of canvases and text to a PNG: the root's background, every canvas at its place
 * (pixelated: no smoothing), and the text of every `.tl-text` element at its place in its computed font and
 * colour.
 */
export async function composePNG(root: HTMLElement, scale: number): Promise<Blob> {
  const doc = root.ownerDocument;
  const r0 = root.getBoundingClientRect();
  const out = doc.createElement('canvas');
  out.width = Math.max(1, Math.ceil(r0.width * scale));
  out.height = Math.max(1, Math.ceil(r0.height * scale));
  const ctx = out.getContext('2d');
  if (!ctx) throw fail('type', 'toPNG', 'a browser with 2D canvas support', 'none');
  ctx.scale(scale, scale);
  ctx.fillStyle = readThemeColor(root, '--tl-bg');
  ctx.fillRect(0, 0, r0.width, r0.height);
  ctx.imageSmoothingEnabled = false;
  for (const c of root.querySelectorAll('canvas')) {
    const r = c.getBoundingClientRect();
    if (r.width && r.height && c.width && c.height) ctx.drawImage(c, r.left - r0.left, r.top - r0.top, r.width, r.height);
  }
  ctx.textBaseline = 'top';
  for (const t of root.querySelectorAll<HTMLElement>('.tl-text')) {
    const r = t.getBoundingClientRect();
    if (!r.width || !t.textContent) continue;
    const cs = getComputedStyle(t);
    ctx.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
    ctx.fillStyle = cs.color;
    ctx.fillText(t.textContent, r.left - r0.left, r.top - r0.top + 1);
  }
  return new Promise((resolve, reject) => out.toBlob((b) => (b ? resolve(b) : reject(fail('range', 'toPNG', 'a smaller view', `${r0.width}×${r0.height}`))), 'image/png'));
}
