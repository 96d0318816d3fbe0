import { afterEach, describe, expect, it } from 'vitest';
import { TlSaliency, defineElements, mapFromPNG } from '../src/index';

defineElements();

const url = (f: string) => new URL(`./fixtures/${f}`, import.meta.url).href;
const made: HTMLElement[] = [];
function make(attrs: Record<string, string>): TlSaliency {
  const el = document.createElement('tl-saliency');
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  made.push(el);
  document.body.append(el);
  return el;
}
afterEach(() => {
  for (const el of made.splice(0)) el.remove();
});

const canvases = (el: Element) => Array.from(el.querySelectorAll<HTMLCanvasElement>('.tl-sal-grid canvas'));
const rgb = (c: HTMLCanvasElement, x: number, y: number) => Array.from(c.getContext('2d')!.getImageData(x, y, 1, 1).data.slice(0, 3));

describe('<tl-saliency> in Chromium', () => {
  it('is registered', () => {
    expect(customElements.get('tl-saliency')).toBe(TlSaliency);
  });

  it('loads a JSON map with its uint8 image and draws +1 blue-ish, −1 red-ish', async () => {
    const el = make({ src: url('saliency-halves.json'), eager: '' });
    await el.whenRendered();
    const [c] = canvases(el);
    expect([c.width, c.height]).toEqual([8, 8]);
    const [r0, , b0] = rgb(c, 1, 4);
    const [r1, , b1] = rgb(c, 6, 4);
    expect(b0 - r0).toBeGreaterThan(40);
    expect(r1 - b1).toBeGreaterThan(30);
    expect(el.textContent).toContain('gradients');
    expect(el.overlay!.stats()![0]).toMatchObject({ min: -1, max: 1, signed: true });
  });

  it('maps attributes to options and updates the live overlay', async () => {
    const el = make({ src: url('saliency-halves.json'), eager: '', mode: 'side-by-side', clip: '90' });
    await el.whenRendered();
    expect(canvases(el)).toHaveLength(2);
    const overlay = el.overlay;
    el.setAttribute('mode', 'map');
    await el.whenRendered();
    expect(el.overlay).toBe(overlay);
    expect(canvases(el)).toHaveLength(1);
    expect(rgb(canvases(el)[0], 0, 0)).toEqual([5, 48, 97]); // rdbu's +1 end, no image under it
  });

  it('reads a grid of base64 float32 maps and the JSON title', async () => {
    const el = make({ src: url('saliency-grid.json'), eager: '', columns: '2' });
    await el.whenRendered();
    expect(canvases(el)).toHaveLength(2);
    expect(el.overlay!.valueAt(0, 7, 0)).toBe(1);
    expect(el.overlay!.valueAt(1, 0, 7)).toBe(1);
    expect(el.querySelector('.tl-sal-title')!.textContent).toBe('Two maps');
    expect(el.overlay!.stats()!.map((s) => s.signed)).toEqual([false, false]);
  });

  it('reads a diverging-encoded PNG map (128 = 0, 255 = +1, 1 = −1)', async () => {
    const c = document.createElement('canvas');
    c.width = 4;
    c.height = 1;
    const ctx = c.getContext('2d')!;
    const img = ctx.createImageData(4, 1);
    [255, 128, 1, 192].forEach((r, i) => img.data.set([r, r, r, 255], i * 4));
    ctx.putImageData(img, 0, 0);
    const blob = await new Promise<Blob>((r) => c.toBlob((b) => r(b!), 'image/png'));
    const src = URL.createObjectURL(blob);
    const el = make({ src, eager: '', label: 'png map' });
    await el.whenRendered();
    URL.revokeObjectURL(src);
    expect([0, 1, 2, 3].map((x) => el.overlay!.valueAt(0, x, 0))).toEqual([1, 0, -1, 64 / 127].map((v) => Math.fround(v)));
    expect(el.textContent).toContain('png map');
    expect(Array.from(mapFromPNG(img, 'grayscale').data)).toEqual([255, 128, 1, 192].map((v) => Math.fround(v / 255)));
  });

  it('shows NaN and missing files as an error (role="alert") and dispatches tl-error', async () => {
    const el = make({ src: url('saliency-nan.json'), eager: '' });
    const errors: string[] = [];
    el.addEventListener('tl-error', (e) => errors.push((e as CustomEvent).detail.message));
    await expect(el.whenRendered()).rejects.toMatchObject({ code: 'nan' });
    expect(el.querySelector('[role=alert]')!.textContent).toMatch(/finite/);
    expect(errors).toHaveLength(1);
    const missing = make({ src: url('no-such-file.json'), eager: '' });
    await expect(missing.whenRendered()).rejects.toThrow(/HTTP 404/);
  });

  it('starts lazily when scrolled into view, and cleans up on disconnect', async () => {
    const spacer = document.createElement('div');
    spacer.style.height = '3000px';
    document.body.prepend(spacer);
    const el = make({ src: url('saliency-halves.json') });
    await new Promise((r) => setTimeout(r, 100));
    expect(el.overlay).toBeNull();
    el.scrollIntoView();
    await el.whenRendered();
    expect(el.overlay).not.toBeNull();
    el.remove();
    expect(el.overlay).toBeNull();
    expect(el.querySelector('.tl-sal')).toBeNull();
    spacer.remove();
  });
});
