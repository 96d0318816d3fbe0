import { afterEach, beforeEach, describe as suite, expect, it } from 'vitest';
import { createSaliencyOverlay } from '@tensorlens/charts';
import type { SaliencyOverlayHandle, SaliencyOverlayOptions } from '@tensorlens/charts';

let box: HTMLDivElement;
let handles: SaliencyOverlayHandle[] = [];
const make = async (o: SaliencyOverlayOptions) => {
  const h = createSaliencyOverlay(box, o);
  handles.push(h);
  await h.whenRendered();
  return h;
};
beforeEach(() => {
  box = document.createElement('div');
  box.style.width = '700px';
  document.body.appendChild(box);
});
afterEach(() => {
  for (const h of handles) h.destroy();
  handles = [];
  box.remove();
});

/** RGBA of every pixel of a canvas. */
const pixels = (c: HTMLCanvasElement) => c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
const canvases = () => Array.from(box.querySelectorAll<HTMLCanvasElement>('.tl-sal-grid canvas'));

/** 8×8 map: +1 in the left half, −1 in the right half; a mid-grey image. */
const N = 8;
const halves = { data: Float32Array.from({ length: N * N }, (_, i) => (i % N < N / 2 ? 1 : -1)), shape: [N, N] };
const grey = { data: new Float32Array(N * N).fill(0.5), shape: [N, N, 1] };

suite('createSaliencyOverlay in Chromium', () => {
  it('blend: +1 (left half) is blue-ish and −1 (right half) red-ish over the grey image', async () => {
    await make({ image: grey, attributions: halves });
    const [c] = canvases();
    const d = pixels(c);
    for (let y = 0; y < N; y++)
      for (let x = 0; x < N; x++) {
        const q = (y * N + x) * 4;
        const [r, g, b] = [d[q], d[q + 1], d[q + 2]];
        if (x < N / 2) expect(b - r).toBeGreaterThan(40);
        else expect(r - b).toBeGreaterThan(30);
        expect(g).toBeLessThan(128); // darker than the grey: the scheme's ends are saturated, not white
      }
    // opacity 0 leaves the image itself
    handles[0].update({ opacity: 0 });
    await handles[0].whenRendered();
    const e = pixels(canvases()[0]);
    for (let q = 0; q < e.length; q += 4) expect([e[q], e[q + 1], e[q + 2]]).toEqual([128, 128, 128]);
  });

  it('a lower clip percentile saturates more pixels: colours change', async () => {
    // a ramp 0.01 … 1 in map mode: with clip 100 the middle is pale, with clip 50 it is at the end colour
    const ramp = { data: Float32Array.from({ length: 100 }, (_, i) => (i + 1) / 100), shape: [10, 10] };
    const s = await make({ attributions: ramp, mode: 'map', clip: 100 });
    const at = (d: Uint8ClampedArray, i: number) => [d[i * 4], d[i * 4 + 1], d[i * 4 + 2]];
    const a = pixels(canvases()[0]);
    s.update({ clip: 50 });
    await s.whenRendered();
    const b = pixels(canvases()[0]);
    expect(at(b, 60)).toEqual(at(b, 99)); // both beyond the clip: the same end colour
    expect(at(a, 60)).not.toEqual(at(a, 99));
    const lum = (p: number[]) => p[0] + p[1] + p[2];
    // magma: brighter is larger; the 61st value is brighter with the lower clip
    expect(lum(at(b, 60))).toBeGreaterThan(lum(at(a, 60)) + 60);
    expect(s.stats()![0].clip).toBeCloseTo(0.505, 6);
  });

  it('side-by-side draws two panels: the image unchanged and the map colours', async () => {
    const img = { data: Float32Array.from({ length: N * N }, (_, i) => (i % N) / (N - 1)), shape: [N, N] };
    await make({ image: img, attributions: halves, mode: 'side-by-side' });
    const cs = canvases();
    expect(cs).toHaveLength(2);
    expect(cs.map((c) => c.dataset.kind)).toEqual(['image', 'map']);
    const d = pixels(cs[0]);
    for (let x = 0; x < N; x++) expect(d[x * 4]).toBe(Math.round((x / (N - 1)) * 255));
    const m = pixels(cs[1]);
    // rdbu ends: #053061 for +1, #67001f for −1
    expect([m[0], m[1], m[2]]).toEqual([5, 48, 97]);
    expect([m[(N - 1) * 4], m[(N - 1) * 4 + 1], m[(N - 1) * 4 + 2]]).toEqual([103, 0, 31]);
    const r0 = cs[0].getBoundingClientRect();
    const r1 = cs[1].getBoundingClientRect();
    expect(r1.left).toBeGreaterThanOrEqual(r0.right);
    expect(r0.width).toBe(160);
  });

  it('a grid with labels lays maps out in the given columns; the tooltip shows the value under the pointer', async () => {
    const maps = [1, 2, 3, 4].map((k) => ({ label: `m${k}`, map: { data: Float32Array.from(halves.data, (v) => v * k), shape: [N, N] } }));
    const s = await make({ image: grey, attributions: maps, columns: 2, size: 80 });
    const cs = canvases();
    expect(cs).toHaveLength(4);
    const top = cs.map((c) => Math.round(c.getBoundingClientRect().top));
    expect(top[0]).toBe(top[1]);
    expect(top[2]).toBeGreaterThan(top[0]);
    const hovers: unknown[] = [];
    s.on('hover', (e) => hovers.push(e));
    const r = cs[2].getBoundingClientRect();
    cs[2].dispatchEvent(new PointerEvent('pointermove', { bubbles: true, clientX: r.left + r.width * 0.9, clientY: r.top + 5 }));
    const tip = box.querySelector<HTMLElement>('.tl-tooltip')!;
    expect(tip.hidden).toBe(false);
    expect(tip.textContent).toContain('m3');
    expect(tip.textContent).toContain('-3');
    expect(hovers).toEqual([{ index: 2, label: 'm3', x: 7, y: 0, value: -3 }]);
  });

  it('toPNG gives a decodable PNG of the whole view', async () => {
    const s = await make({ image: grey, attributions: halves, title: 'Gradients' });
    const blob = await s.toPNG(1);
    expect(blob.type).toBe('image/png');
    const bmp = await createImageBitmap(blob);
    const r = s.element.getBoundingClientRect();
    expect(bmp.width).toBe(Math.ceil(r.width));
    expect(bmp.height).toBe(Math.ceil(r.height));
    // the panel is in the PNG: a blue pixel at its left half
    const c = document.createElement('canvas');
    c.width = bmp.width;
    c.height = bmp.height;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(bmp, 0, 0);
    const pr = canvases()[0].getBoundingClientRect();
    const [red, , blue] = ctx.getImageData(pr.left - r.left + 10, pr.top - r.top + 10, 1, 1).data;
    expect(blue - red).toBeGreaterThan(40);
    // the core legend's ramp is in the PNG too: red at its −clip end, blue at its +clip end
    const ramp = box.querySelector('.tl-legend canvas')!.getBoundingClientRect();
    const at = (x: number) => ctx.getImageData(Math.round(x - r.left), Math.round(ramp.top - r.top + ramp.height / 2), 1, 1).data;
    const [lr, , lb] = at(ramp.left + 2);
    const [rr, , rb] = at(ramp.right - 3);
    expect(lr - lb).toBeGreaterThan(60);
    expect(rb - rr).toBeGreaterThan(60);
  });

  it('create/destroy cycles leave no DOM, no listeners and no error', async () => {
    for (let i = 0; i < 15; i++) {
      const s = createSaliencyOverlay(box, { image: grey, attributions: halves, mode: i % 2 ? 'side-by-side' : 'blend' });
      s.on('render', () => {});
      if (i % 3) await s.whenRendered();
      s.destroy();
      expect(s.listenerCount).toBe(0);
    }
    expect(box.children).toHaveLength(0);
  });
});

suite('createSaliencyOverlay theming', () => {
  it('follows --tl-* variables and the dark theme', async () => {
    const s = await make({ image: grey, attributions: halves, label: 'g' });
    const label = box.querySelector('.tl-sal-label span')!;
    // core's theme rules have zero specificity: any page rule or inline style on the root wins
    s.element.style.setProperty('--tl-fg', 'rgb(200, 0, 0)');
    expect(getComputedStyle(label).color).toBe('rgb(200, 0, 0)');
    s.element.style.removeProperty('--tl-fg');
    s.update({ theme: 'dark' });
    await s.whenRendered();
    const c = getComputedStyle(box.querySelector(".tl-sal-label span")!).color; // cells are redrawn
    expect(c).toMatch(/\d/);
    const [r, g, b] = c.match(/\d+/g)!.map(Number);
    expect(r + g + b).toBeGreaterThan(600); // light text on the dark theme
  });
});
