import { afterEach, beforeEach, describe as suite, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { createPointCloud, type PointCloudHandle } from '@tensorlens/gl';
import { createSelection } from '@tensorlens/core';
import { makeBox, pixel, pointer, ringClusters, until } from '../../../test/support';

let box: HTMLDivElement;
let pc: PointCloudHandle | null = null;
beforeEach(() => (box = makeBox(400, 300)));
afterEach(() => {
  pc?.destroy();
  pc = null;
  box.remove();
});

const canvasOf = (h: PointCloudHandle) => h.element.querySelector('canvas')!;

/** Dispatches a pointer event at CSS px (x, y) of the cloud. */
function pointerAt(h: PointCloudHandle, type: string, x: number, y: number, extra: PointerEventInit = {}) {
  pointer(canvasOf(h), type, x, y, extra);
}

async function drag(h: PointCloudHandle, path: Array<[number, number]>, extra: PointerEventInit = {}) {
  pointerAt(h, 'pointerdown', ...path[0], extra);
  for (const p of path.slice(1)) pointerAt(h, 'pointermove', ...p, extra);
  pointerAt(h, 'pointerup', ...path[path.length - 1], extra);
}

/** Winding number of a closed polygon around (x, y): nonzero inside (independent of the cloud's even-odd test). */
function winding(poly: Array<[number, number]>, x: number, y: number): number {
  let w = 0;
  for (let i = 0; i < poly.length; i++) {
    const [x0, y0] = poly[i], [x1, y1] = poly[(i + 1) % poly.length];
    const cross = (x1 - x0) * (y - y0) - (x - x0) * (y1 - y0);
    if (y0 <= y) {
      if (y1 > y && cross > 0) w++;
    } else if (y1 <= y && cross < 0) w--;
  }
  return w;
}

const { x: clusterX, y: clusterY, category: clusterCategory } = ringClusters(3000, 3, 7, 2);
const data = { x: clusterX, y: clusterY, color: clusterCategory };
const names = Array.from({ length: data.x.length }, (_, i) => `point ${i} ${['alpha', 'beta', 'gamma'][i % 3]}`);

suite('hover', () => {
  it('shows the tooltip of the point under a real mouse pointer, once the worker index is ready', async () => {
    pc = createPointCloud(box, { ...data, data: { name: names, score: Float32Array.from(data.x, (v) => v * 2) }, label: 'name', transition: 0 });
    await pc.whenRendered();
    const hovers: Array<number | null> = [];
    pc.on('hover', (e) => hovers.push(e && e.index));
    const i = 1234;
    const [sx, sy] = pc.screenPosition(i)!;
    // Is there a point drawn closer to that pixel? The cloud answers the nearest; the test accepts i or an equally near one.
    const tip = box.querySelector<HTMLElement>('.tl-tooltip')!;
    for (let k = 0; k < 100 && tip.hidden; k++) {
      // Real mouse moves (Playwright): off the point and back, until the worker's index answers.
      await userEvent.hover(canvasOf(pc), { position: { x: sx + 40, y: sy + 40 } });
      await userEvent.hover(canvasOf(pc), { position: { x: sx, y: sy } });
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(tip.hidden).toBe(false);
    const got = hovers.filter((v) => v != null).pop()!;
    const d = (j: number) => Math.hypot(pc!.screenPosition(j)![0] - sx, pc!.screenPosition(j)![1] - sy);
    expect(d(got)).toBeLessThanOrEqual(d(i) + 1e-3);
    expect(tip.textContent).toContain(names[got]);
    expect(tip.textContent).toContain('score');
    expect(box.querySelector('.tl-pc-label[data-hover]')!.textContent).toBe(names[got]);
    // Away from every point: nothing.
    expect(await pc.pick(box.getBoundingClientRect().left + 2, box.getBoundingClientRect().top + 2)).toBe(-1);
  });
});

suite('selection', () => {
  it('box selection selects exactly the points inside the rectangle, into the shared selection', async () => {
    const selection = createSelection();
    pc = createPointCloud(box, { ...data, selection, tool: 'box', transition: 0 });
    await pc.whenRendered();
    const events: Uint32Array[] = [];
    pc.on('select', (e) => events.push(e.indices));
    const [x0, y0, x1, y1] = [120, 60, 330, 200];
    await drag(pc, [[x0, y0], [200, 150], [x1, y1]]);
    await until(() => events.length > 0);
    const want: number[] = [];
    for (let i = 0; i < data.x.length; i++) {
      const [sx, sy] = pc.screenPosition(i)!;
      if (sx >= x0 && sx <= x1 && sy >= y0 && sy <= y1) want.push(i);
    }
    expect(want.length).toBeGreaterThan(50);
    expect(Array.from(events[0])).toEqual(want);
    expect(Array.from(selection.toArray())).toEqual(want);
    expect(box.querySelector('.tl-pc-summary')!.textContent).toContain(`${want.length.toLocaleString('en')} selected`);
  });

  it('lasso (shift-drag) selects the points inside the drawn polygon, as an independent winding-number test says', async () => {
    pc = createPointCloud(box, { ...data, transition: 0 });
    await pc.whenRendered();
    const events: Uint32Array[] = [];
    pc.on('select', (e) => events.push(e.indices));
    // A concave star around the centre.
    const poly: Array<[number, number]> = [];
    for (let k = 0; k < 10; k++) {
      const r = k % 2 ? 50 : 140, a = (k / 10) * 2 * Math.PI;
      poly.push([200 + r * Math.cos(a), 150 + r * Math.sin(a)]);
    }
    await drag(pc, poly, { shiftKey: true });
    await until(() => events.length > 0);
    const want: number[] = [];
    for (let i = 0; i < data.x.length; i++) if (winding(poly, ...pc.screenPosition(i)!) !== 0) want.push(i);
    expect(want.length).toBeGreaterThan(20);
    expect(Array.from(events[0])).toEqual(want);
    expect(pc.selection.size).toBe(want.length);
  });

  it('a click selects the point under the pointer, Escape clears, showOnlySelected hides the others', async () => {
    const x = new Float32Array([0, 10, 20]), y = new Float32Array([0, 10, 0]);
    pc = createPointCloud(box, { x, y, size: 10, color: '#000000', transition: 0 });
    await pc.whenRendered();
    const clicks: number[] = [];
    pc.on('click', (e) => clicks.push(e.index));
    const p = pc.screenPosition(1)!;
    await until(() => {
      pointerAt(pc!, 'pointerdown', ...p);
      pointerAt(pc!, 'pointerup', ...p);
      return clicks.length > 0;
    });
    await until(() => pc!.selection.size === 1);
    expect(pc.selection.has(1)).toBe(true);
    pc.update({ showOnlySelected: true });
    await pc.whenRendered();
    expect(pixel(pc, ...pc.screenPosition(0)!)[3]).toBe(0);
    expect(pixel(pc, ...pc.screenPosition(1)!)[3]).toBe(255);
    pc.element.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(pc.selection.size).toBe(0);
    await pc.whenRendered();
    expect(pixel(pc, ...pc.screenPosition(0)!)[3]).toBe(255);
  });

  it('zooms to the selection: its points fill the view', async () => {
    pc = createPointCloud(box, { ...data, transition: 0 });
    await pc.whenRendered();
    pc.selection.set([0, 3, 6, 9]);
    pc.zoomToSelection();
    for (const i of [0, 3, 6, 9]) {
      const [sx, sy] = pc.screenPosition(i)!;
      expect(sx).toBeGreaterThanOrEqual(39);
      expect(sx).toBeLessThanOrEqual(361);
      expect(sy).toBeGreaterThanOrEqual(39);
      expect(sy).toBeLessThanOrEqual(261);
    }
  });
});

suite('view', () => {
  it('wheel zooms around the pointer (the point under it stays), arrow keys pan, +/- zoom, reset returns', async () => {
    pc = createPointCloud(box, { ...data, transition: 0 });
    await pc.whenRendered();
    const before = pc.screenPosition(5)!;
    const c = canvasOf(pc), r = c.getBoundingClientRect();
    c.dispatchEvent(new WheelEvent('wheel', { deltaY: -200, clientX: r.left + before[0], clientY: r.top + before[1], bubbles: true, cancelable: true }));
    const after = pc.screenPosition(5)!;
    expect(after[0]).toBeCloseTo(before[0], 0);
    expect(after[1]).toBeCloseTo(before[1], 0);
    const q0 = pc.screenPosition(6)!;
    pc.element.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    const q1 = pc.screenPosition(6)!;
    expect(q1[0]).toBeCloseTo(q0[0] - 30, 3); // 10% of the shorter side (300 px)
    const zooms: number[] = [];
    pc.on('view', (e) => zooms.push(e.zoom));
    pc.element.dispatchEvent(new KeyboardEvent('keydown', { key: '+', bubbles: true }));
    pc.element.dispatchEvent(new KeyboardEvent('keydown', { key: '-', bubbles: true }));
    expect(zooms[1] / zooms[0]).toBeCloseTo(0.8, 6);
    pc.resetView();
    const again = pc.screenPosition(5)!;
    expect(again[0]).toBeCloseTo(before[0], 6);
    expect(again[1]).toBeCloseTo(before[1], 6);
  });

  it('drag pans by the pointer movement', async () => {
    pc = createPointCloud(box, { ...data, transition: 0 });
    await pc.whenRendered();
    const a = pc.screenPosition(7)!;
    await drag(pc, [[100, 100], [130, 110], [160, 140]]);
    const b = pc.screenPosition(7)!;
    expect(b[0] - a[0]).toBeCloseTo(60, 3);
    expect(b[1] - a[1]).toBeCloseTo(40, 3);
  });
});

suite('search', () => {
  it('highlights the matches of a substring or a regex and counts them; an invalid regex is an error', async () => {
    pc = createPointCloud(box, { ...data, data: { name: names }, size: 8, transition: 0 });
    await pc.whenRendered();
    const counts: number[] = [];
    pc.on('search', (e) => counts.push(e.matches));
    pc.update({ search: 'GAMMA' });
    await pc.whenRendered();
    expect(pc.matches).toBe(names.filter((s) => s.toLowerCase().includes('gamma')).length);
    pc.update({ search: '/^point 1\\d alpha$/' });
    await pc.whenRendered();
    expect(pc.matches).toBe(names.filter((s) => /^point 1\d alpha$/.test(s)).length);
    expect(counts.length).toBe(2);
    expect(box.querySelector('.tl-pc-summary')!.textContent).toContain(`${pc.matches} match`);
    expect(() => pc!.update({ search: '/(unclosed/' })).toThrowError(expect.objectContaining({ name: 'TensorLensError', code: 'option', argument: 'options.search' }));
  });

  it('draws matches emphasised and the rest faded', async () => {
    const x = new Float32Array([0, 10]), y = new Float32Array([0, 0]);
    pc = createPointCloud(box, { x, y, data: { name: ['apple', 'pear'] }, color: '#0000ff', size: 10, transition: 0 });
    await pc.whenRendered();
    const full = pixel(pc, ...pc.screenPosition(1)!)[3];
    pc.update({ search: 'app' });
    await pc.whenRendered();
    expect(pixel(pc, ...pc.screenPosition(0)!)[3]).toBe(255);
    expect(pixel(pc, ...pc.screenPosition(1)!)[3]).toBeLessThan(full / 2);
  });
});
