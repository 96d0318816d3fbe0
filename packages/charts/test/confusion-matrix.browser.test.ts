import { afterEach, beforeEach, describe as suite, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { createConfusionMatrix } from '@tensorlens/charts';
import type { ConfusionMatrixHandle } from '@tensorlens/charts';
import { pixel } from '../../../test/support';

let box: HTMLDivElement;
beforeEach(() => {
  box = document.createElement('div');
  box.style.cssText = 'width:800px;height:700px;font:12px sans-serif';
  document.body.appendChild(box);
});
afterEach(() => box.remove());

/** 1M examples over C classes: class i predicted right 90% of the time, else as i+1. */
function labels(C: number, N = 1_000_000) {
  const yTrue = new Int32Array(N);
  const yPred = new Int32Array(N);
  for (let i = 0; i < N; i++) {
    const t = i % C;
    yTrue[i] = t;
    yPred[i] = ((i / C) | 0) % 10 === 3 ? (t + 1) % C : t;
  }
  return { yTrue, yPred, classes: Array.from({ length: C }, (_, i) => `class ${i}`) };
}

const BLUES_MAX = [8, 48, 107];
const BLUES_MIN = [247, 251, 255];

function plotRect() {
  const r = box.querySelector('.tl-cm-plot, .tl-cm-plot-area')!;
  const side = +(box.querySelector('.tl-cm-plot') ?? r).getAttribute('width')!;
  return { x: +box.querySelector('.tl-cm-plot')!.getAttribute('x')!, y: +box.querySelector('.tl-cm-plot')!.getAttribute('y')!, side };
}

/** RGB of the matrix's canvas at CSS px (x, y). */
const rgb = (canvas: HTMLCanvasElement, x: number, y: number): number[] => pixel(canvas, x, y).slice(0, 3);

suite('1000 classes, 1M examples (canvas)', () => {
  let cm: ConfusionMatrixHandle;
  const data = labels(1000);
  afterEach(() => cm.destroy());

  it('draws cells on a canvas; a diagonal cell has the top colour and an empty cell the bottom colour', async () => {
    const t0 = performance.now();
    cm = createConfusionMatrix(box, data);
    await cm.whenRendered();
    const first = performance.now() - t0;
    const canvas = box.querySelector<HTMLCanvasElement>('canvas.tl-cm-canvas')!;
    expect(canvas).not.toBeNull();
    expect(canvas.getAttribute('aria-hidden')).toBe('true');
    expect(box.querySelectorAll('rect.tl-cm-cell').length).toBe(0);
    const { side } = plotRect();
    // zoom so that a cell is 20 px, with cell (500, 500) in view
    const k = (20 * 1000) / side;
    cm.zoomTo({ k, x: -500 * 20 + 40, y: -500 * 20 + 40 });
    const t = cm.zoomTransform();
    const cell = (side / 1000) * t.k;
    const centre = (i: number) => t.x + (i + 0.5) * cell;
    expect(rgb(canvas, centre(500), centre(500))).toEqual(BLUES_MAX); // 900 examples: the maximum
    expect(rgb(canvas, centre(502), centre(500))).toEqual(BLUES_MIN); // true 500, predicted 502: none
    const renorm = performance.now();
    cm.update({ normalize: 'true' });
    await cm.whenRendered();
    const re = performance.now() - renorm;
    const ninety = rgb(canvas, centre(500), centre(500)); // 90% on the domain [0, 1]: a little lighter than the top
    expect(ninety).not.toEqual(BLUES_MAX);
    for (let c = 0; c < 3; c++) expect(Math.abs(ninety[c] - BLUES_MAX[c])).toBeLessThan(40);
    console.info(`1000 classes, 1M labels: first render ${first.toFixed(0)} ms, renormalise ${re.toFixed(0)} ms`);
    expect(first).toBeLessThan(5000);
    expect(re).toBeLessThan(1000);
  });

  it('thins labels to what fits and shows more (all visible rows) when zoomed in', async () => {
    cm = createConfusionMatrix(box, data);
    await cm.whenRendered();
    const rowLabels = () => Array.from(box.querySelectorAll('.tl-cm-row-label'));
    const { side } = plotRect();
    const few = rowLabels().length;
    expect(few).toBeGreaterThan(5);
    expect(few).toBeLessThanOrEqual(Math.ceil(side / 12) + 1);
    // labels never overlap
    const ys = rowLabels().map((t) => +t.getAttribute('y')!);
    for (let i = 1; i < ys.length; i++) expect(ys[i] - ys[i - 1]).toBeGreaterThanOrEqual(11.9);
    cm.zoomTo({ k: (16 * 1000) / side, x: 0, y: 0 });
    const names = rowLabels().map((t) => t.textContent);
    expect(names.slice(0, 3)).toEqual(['class 0', 'class 1', 'class 2']); // every row once zoomed in
    expect(names.length).toBeGreaterThanOrEqual(Math.floor(side / 16));
  });

  it('lists only the top confusions in the data table and says so', async () => {
    cm = createConfusionMatrix(box, data);
    await cm.whenRendered();
    const table = box.querySelector('table')!;
    expect(table.querySelector('caption')!.textContent).toContain('Only the 50 most confused pairs of 1000 classes');
    expect(table.querySelectorAll('tbody tr').length).toBe(50);
  });

  it('is keyboard navigable through one focusable plot and a live region', async () => {
    cm = createConfusionMatrix(box, data);
    await cm.whenRendered();
    const plot = box.querySelector<SVGRectElement>('.tl-cm-plot')!;
    expect(plot.getAttribute('tabindex')).toBe('0');
    plot.focus();
    await userEvent.keyboard('{ArrowRight}{ArrowDown}');
    expect(box.querySelector('.tl-cm-live')!.textContent).toBe('true class 1, predicted class 1: 900 (90%)');
    const focus = box.querySelector('.tl-cm-focus')!;
    expect(focus).not.toBeNull();
    // the SVG overlay (focus ring, selection outlines) is drawn above the canvas
    const fr = focus.getBoundingClientRect();
    const canvas = box.querySelector<HTMLCanvasElement>('canvas')!;
    canvas.style.pointerEvents = 'auto'; // so that hit testing sees the canvas if it were on top
    const hit = document.elementFromPoint(fr.left + fr.width / 2, fr.top + fr.height / 2)!;
    canvas.style.pointerEvents = '';
    expect(hit.closest('svg')).toBe(box.querySelector('svg'));
    const events: number[][] = [];
    cm.on('select', (e) => events.push([e.trueIndex, e.predIndex, e.indices.length]));
    await userEvent.keyboard('{Enter}');
    expect(events).toEqual([[1, 1, 900]]);
  });

  it('exports a PNG that decodes, with the canvas layer inside', async () => {
    cm = createConfusionMatrix(box, data);
    await cm.whenRendered();
    const blob = await cm.toPNG(1);
    expect(blob.type).toBe('image/png');
    const bmp = await createImageBitmap(blob);
    expect(bmp.width).toBe(+box.querySelector('svg')!.getAttribute('width')!);
    expect(cm.toSVG()).toContain('<image');
  });
});

suite('interaction in Chromium (SVG)', () => {
  const opts = { yTrue: [0, 1, 2, 2, 2], yPred: [0, 0, 2, 2, 1], classes: ['cat', 'dog', 'emu'] };

  it('shows a tooltip when a cell is hovered and selects it on click', async () => {
    const cm = createConfusionMatrix(box, opts);
    await cm.whenRendered();
    const cell = page.elementLocator(box.querySelectorAll<SVGRectElement>('rect.tl-cm-cell')[3]); // true dog, predicted cat
    await cell.hover();
    const tip = box.querySelector<HTMLElement>('.tl-tooltip')!;
    expect(tip.hidden).toBe(false);
    expect(tip.textContent).toBe('true: dog\npredicted: cat\ncount: 1\n100% of true class');
    const tr = tip.getBoundingClientRect();
    expect(tr.width).toBeGreaterThan(0);
    const got: number[][] = [];
    cm.on('select', (e) => got.push(Array.from(e.indices)));
    await cell.click();
    expect(got).toEqual([[1]]);
    await cell.unhover();
    cm.destroy();
  });

  it('zooms with the wheel, pans by dragging and resets', async () => {
    const cm = createConfusionMatrix(box, opts);
    await cm.whenRendered();
    const svg = box.querySelector('svg')!;
    const { x, y, side } = plotRect();
    const r = svg.getBoundingClientRect();
    // Chromium gives mouse and wheel events whole-pixel client coordinates: aim at the whole pixel nearest the centre.
    const at = { clientX: Math.round(r.left + x + side / 2), clientY: Math.round(r.top + y + side / 2) };
    const under = at.clientX - r.left - x; // the plot x under the pointer
    svg.dispatchEvent(new WheelEvent('wheel', { deltaY: -500, bubbles: true, cancelable: true, ...at }));
    const z = cm.zoomTransform();
    expect(z.k).toBeCloseTo(2, 5);
    expect(z.x).toBeCloseTo(-under, 5); // the point under the pointer stays put
    const reset = box.querySelector<HTMLButtonElement>('.tl-cm-reset')!;
    expect(reset.hidden).toBe(false);
    const g = box.querySelector('.tl-cm-cells')!;
    expect(g.getAttribute('transform')).toContain('scale(2)');
    const ptr = (type: string, dx: number) => svg.dispatchEvent(new PointerEvent(type, { pointerId: 1, button: 0, bubbles: true, clientX: at.clientX + dx, clientY: at.clientY }));
    ptr('pointerdown', 0);
    ptr('pointermove', 30);
    ptr('pointermove', 60);
    ptr('pointerup', 60);
    expect(cm.zoomTransform().x).toBeCloseTo(-under + 60, 5);
    await userEvent.click(reset);
    expect(cm.zoomTransform()).toEqual({ k: 1, x: 0, y: 0 });
    expect(reset.hidden).toBe(true);
    // two-finger pinch: fingers 40 px apart move to 120 px apart around the centre → 3×
    const touch = (type: string, id: number, dx: number) =>
      svg.dispatchEvent(new PointerEvent(type, { pointerId: id, pointerType: 'touch', button: 0, bubbles: true, clientX: at.clientX + dx, clientY: at.clientY }));
    touch('pointerdown', 11, -20);
    touch('pointerdown', 12, 20);
    touch('pointermove', 11, -60);
    touch('pointermove', 12, 60);
    touch('pointerup', 11, -60);
    touch('pointerup', 12, 60);
    expect(cm.zoomTransform().k).toBeCloseTo(3, 5);
    expect(cm.zoomTransform().x).toBeCloseTo(-2 * under, 5); // the point between the fingers stays under them
    cm.destroy();
  });

  it('leaves the wheel to the page outside the plot; double-click zooms in, Shift+double-click out', async () => {
    const cm = createConfusionMatrix(box, opts);
    await cm.whenRendered();
    const svg = box.querySelector('svg')!;
    const { x, y, side } = plotRect();
    const r = svg.getBoundingClientRect();
    const outside = new WheelEvent('wheel', { deltaY: -500, bubbles: true, cancelable: true, clientX: r.left + 4, clientY: r.top + y + side / 2 });
    svg.dispatchEvent(outside);
    expect(outside.defaultPrevented).toBe(false);
    expect(cm.zoomTransform().k).toBe(1);
    const at = { clientX: Math.round(r.left + x + side / 4), clientY: Math.round(r.top + y + side / 4) }; // whole pixels, as Chromium gives them
    const inside = new WheelEvent('wheel', { deltaY: 250, ctrlKey: true, bubbles: true, cancelable: true, ...at }); // a trackpad pinch out: 5× faster
    svg.dispatchEvent(inside);
    expect(inside.defaultPrevented).toBe(true);
    expect(cm.zoomTransform().k).toBe(1); // clamped at 1
    svg.dispatchEvent(new MouseEvent('dblclick', { bubbles: true, cancelable: true, ...at }));
    expect(cm.zoomTransform().k).toBeCloseTo(2, 9);
    expect(cm.zoomTransform().x).toBeCloseTo(-(at.clientX - r.left - x), 9); // the point under the pointer stays put
    svg.dispatchEvent(new WheelEvent('wheel', { deltaY: -100, ctrlKey: true, bubbles: true, cancelable: true, ...at }));
    expect(cm.zoomTransform().k).toBeCloseTo(4, 9); // 2^(100 · 0.002 · 5)
    svg.dispatchEvent(new MouseEvent('dblclick', { bubbles: true, cancelable: true, shiftKey: true, ...at }));
    expect(cm.zoomTransform().k).toBeCloseTo(2, 9);
    cm.resetView();
    expect(cm.zoomTransform()).toEqual({ k: 1, x: 0, y: 0 });
    cm.destroy();
  });

  it('draws the legend ramp in the cell colours, under the plot', async () => {
    const cm = createConfusionMatrix(box, opts);
    await cm.whenRendered();
    const ramp = box.querySelector<HTMLCanvasElement>('.tl-cm-legend canvas')!;
    const rr = ramp.getBoundingClientRect();
    const plot = box.querySelector('.tl-cm-plot')!.getBoundingClientRect();
    expect(rr.top).toBeGreaterThanOrEqual(plot.bottom);
    expect(Math.abs(rr.left - plot.left)).toBeLessThan(20); // the legend's padding and half a tick label
    const copy = document.createElement('canvas');
    copy.width = ramp.width;
    copy.height = ramp.height;
    const ctx = copy.getContext('2d')!;
    ctx.drawImage(ramp, 0, 0);
    const end = (i: number) => Array.from(ctx.getImageData(i, 0, 1, 1).data.slice(0, 3));
    for (const [got, want] of [[end(0), BLUES_MIN], [end(ramp.width - 1), BLUES_MAX]]) for (let c = 0; c < 3; c++) expect(Math.abs(got[c] - want[c])).toBeLessThanOrEqual(3);
    cm.destroy();
  });

  it('exports a PNG whose cell pixels have the cell colours', async () => {
    const cm = createConfusionMatrix(box, opts);
    await cm.whenRendered();
    const blob = await cm.toPNG(1);
    const bmp = await createImageBitmap(blob);
    const c = new OffscreenCanvas(bmp.width, bmp.height);
    const ctx = c.getContext('2d')!;
    ctx.drawImage(bmp, 0, 0);
    const { x, y, side } = plotRect();
    const cell = side / 3;
    const px = (i: number, j: number) => Array.from(ctx.getImageData(Math.round(x + (j + 0.15) * cell), Math.round(y + (i + 0.15) * cell), 1, 1).data.slice(0, 3));
    expect(px(2, 2)).toEqual(BLUES_MAX); // 2 examples: the maximum
    expect(px(0, 2)).toEqual(BLUES_MIN); // 0
    cm.destroy();
  });

  it('is themeable: dark theme, an ancestor data-tl-theme, and --tl-* properties from the page', async () => {
    const cm = createConfusionMatrix(box, { ...opts, theme: 'light' });
    await cm.whenRendered();
    const fill = () => getComputedStyle(box.querySelector('.tl-cm-summary')!).fill;
    expect(fill()).toBe('rgb(31, 35, 40)');
    cm.update({ theme: 'dark' });
    expect(fill()).toBe('rgb(230, 237, 243)');
    cm.update({ theme: 'auto' });
    box.setAttribute('data-tl-theme', 'dark');
    expect(fill()).toBe('rgb(230, 237, 243)');
    box.style.setProperty('--tl-fg', 'rgb(1, 2, 3)');
    expect(fill()).toBe('rgb(1, 2, 3)');
    expect(cm.toSVG()).toContain('fill:rgb(1, 2, 3)'); // resolved colours inlined in the export
    cm.destroy();
  });

  it('follows the container size (ResizeObserver)', async () => {
    const cm = createConfusionMatrix(box, opts);
    await cm.whenRendered();
    expect(box.querySelector('svg')!.getAttribute('width')).toBe('800');
    box.style.width = '500px';
    await new Promise((r) => setTimeout(r, 100));
    await cm.whenRendered();
    expect(box.querySelector('svg')!.getAttribute('width')).toBe('500');
    cm.destroy();
  });
});

suite('layout', () => {
  const opts = { yTrue: [0, 1, 2, 2, 2], yPred: [0, 0, 2, 2, 1] };
  const frames = (n: number) => new Promise<void>((r) => (function f(k: number) { if (k) requestAnimationFrame(() => f(k - 1)); else r(); })(n));

  it('fits a container with a fixed height, the pairs list included', async () => {
    box.style.cssText = 'width:600px;height:500px;padding:10px';
    const cm = createConfusionMatrix(box, opts);
    await cm.whenRendered();
    await frames(5);
    await cm.whenRendered();
    expect(cm.element.offsetHeight).toBeLessThanOrEqual(500);
    expect(cm.element.offsetHeight).toBeGreaterThan(400);
    cm.destroy();
  });

  it('keeps a stable height in an auto-height container (no resize feedback loop)', async () => {
    box.style.cssText = 'width:600px;padding:10px';
    const cm = createConfusionMatrix(box, opts);
    await cm.whenRendered();
    const h = box.querySelector('svg')!.getAttribute('height');
    let renders = 0;
    cm.on('render', () => renders++);
    await frames(10);
    expect(box.querySelector('svg')!.getAttribute('height')).toBe(h);
    expect(renders).toBe(0);
    cm.destroy();
  });
});

suite('destroy', () => {
  it('removes every DOM listener it added, and survives many create/destroy cycles', async () => {
    const live = new Map<EventTarget, Set<string>>();
    const add = EventTarget.prototype.addEventListener;
    const remove = EventTarget.prototype.removeEventListener;
    const key = (type: string, fn: unknown, o?: boolean | AddEventListenerOptions) => {
      const capture = typeof o === 'boolean' ? o : !!o?.capture;
      return `${type}|${capture}|${registry.get(fn) ?? registry.set(fn, registry.size).get(fn)}`;
    };
    const registry = new Map<unknown, number>();
    EventTarget.prototype.addEventListener = function (this: EventTarget, type: string, fn: EventListenerOrEventListenerObject | null, o?: boolean | AddEventListenerOptions) {
      if (!live.has(this)) live.set(this, new Set());
      live.get(this)!.add(key(type, fn, o));
      return add.call(this, type, fn, o);
    };
    EventTarget.prototype.removeEventListener = function (this: EventTarget, type: string, fn: EventListenerOrEventListenerObject | null, o?: boolean | EventListenerOptions) {
      live.get(this)?.delete(key(type, fn, o as AddEventListenerOptions));
      return remove.call(this, type, fn, o);
    };
    try {
      const opts = { yTrue: [0, 1, 2, 2, 2], yPred: [0, 0, 2, 2, 1] };
      for (let n = 0; n < 100; n++) {
        const cm = createConfusionMatrix(box, { ...opts, normalize: n % 2 ? 'true' : 'none' });
        const off = cm.on('select', () => {});
        if (n % 3 === 0) await cm.whenRendered();
        if (n % 10 === 0) {
          await cm.whenRendered();
          await page.elementLocator(box.querySelector('rect.tl-cm-cell')!).hover();
          off();
        }
        cm.destroy();
        cm.destroy();
        expect(cm.listenerCount).toBe(0);
      }
      const big = createConfusionMatrix(box, labels(200, 20_000));
      await big.whenRendered();
      big.destroy();
    } finally {
      EventTarget.prototype.addEventListener = add;
      EventTarget.prototype.removeEventListener = remove;
    }
    const leftover = [...live.entries()].filter(([, s]) => s.size).map(([t, s]) => `${(t as Element).nodeName ?? t}: ${[...s].join(', ')}`);
    expect(leftover).toEqual([]);
    expect(box.children.length).toBe(0);
  });
});
