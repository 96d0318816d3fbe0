import { afterEach, beforeEach, describe as suite, expect, it, vi } from 'vitest';
import { createPointCloud, type PointCloudHandle } from '@tensorlens/gl';
import { tableFromArrays } from 'apache-arrow';
import { glStats } from '../src/point-cloud/renderer';
import { liveWorkers } from '../src/point-cloud/spatial-client';
import { makeBox, near, pixel, ringClusters, until } from '../../../test/support';

let box: HTMLDivElement;
let pc: PointCloudHandle | null = null;
beforeEach(() => (box = makeBox(400, 300)));
afterEach(() => {
  pc?.destroy();
  pc = null;
  box.remove();
  vi.restoreAllMocks();
});

const err = (code: string, argument?: string) => expect.objectContaining({ name: 'TensorLensError', code, ...(argument ? { argument } : {}) });

suite('robustness', () => {
  it('recovers from a WebGL context loss: data re-uploaded and pixels drawn again', async () => {
    pc = createPointCloud(box, { x: new Float32Array([0, 10]), y: new Float32Array([0, 10]), color: [0, 1], size: 12, transition: 0 });
    await pc.whenRendered();
    const p = pc.screenPosition(1)!;
    const before = pixel(pc, ...p);
    expect(before[3]).toBe(255);
    const canvas = pc.element.querySelector('canvas')!;
    const ext = canvas.getContext('webgl')!.getExtension('WEBGL_lose_context')!;
    const lost = new Promise((r) => canvas.addEventListener('webglcontextlost', r, { once: true }));
    ext.loseContext();
    await lost;
    await new Promise((r) => setTimeout(r, 50)); // Chromium ignores a restore in the task that lost the context
    const restored = new Promise((r) => pc!.on('contextrestored', r));
    ext.restoreContext();
    await restored;
    await pc.whenRendered();
    expect(pixel(pc, ...p)).toEqual(before);
    // Selection still works after the restore (the packed words are re-uploaded too).
    pc.selection.set([1]);
    await pc.whenRendered();
    expect(pixel(pc, ...pc.screenPosition(0)!)[3]).toBeLessThan(100);
  });

  it('frees every GL object and worker over 30 create/destroy cycles', async () => {
    const { x, y, category } = ringClusters(2000, 4, 2);
    const workers = liveWorkers.count;
    for (let k = 0; k < 30; k++) {
      const h = createPointCloud(box, { x, y, color: 'c', data: { c: category }, search: '1', transition: 0 });
      await h.whenRendered();
      h.selection.set([1, 2, 3]);
      h.destroy();
      h.destroy(); // idempotent
    }
    expect(glStats.renderers).toBe(0);
    expect(glStats.leakedBuffers).toBe(0);
    expect(glStats.leakedTextures).toBe(0);
    expect(glStats.leakedFramebuffers).toBe(0);
    expect(liveWorkers.count).toBe(workers);
    expect(box.children.length).toBe(0);
    // And a new one still draws.
    pc = createPointCloud(box, { x, y, color: '#00ff00', transition: 0 });
    await pc.whenRendered();
    expect(pixel(pc, ...pc.screenPosition(0)!)[3]).toBeGreaterThan(0);
  });

  it('skips and counts NaN/Infinity positions, never drawing them at the origin', async () => {
    const x = new Float64Array([-10, 10, NaN, 0, Infinity]), y = new Float64Array([-10, 10, 0, NaN, 0]);
    pc = createPointCloud(box, { x, y, color: '#000000', size: 14, transition: 0, data: { id: ['a', 'b', 'c', 'd', 'e'] } });
    await pc.whenRendered();
    expect(pc.skipped).toBe(3);
    expect(pc.count).toBe(5);
    expect(pc.screenPosition(2)).toBeNull();
    const a = pc.screenPosition(0)!, b = pc.screenPosition(1)!;
    const origin: [number, number] = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
    expect(pixel(pc, ...origin)[3]).toBe(0);
    expect(pixel(pc, ...b)[3]).toBe(255);
    expect(box.querySelector('.tl-pc-summary')!.textContent).toContain('3 skipped');
    // Indices stay row indices: a box around point 1 selects row 1.
    pc.update({ tool: 'box' });
    const c = pc.element.querySelector('canvas')!, r = c.getBoundingClientRect();
    const ev = (type: string, px: number, py: number) => c.dispatchEvent(new PointerEvent(type, { clientX: r.left + px, clientY: r.top + py, bubbles: true, pointerId: 1 }));
    ev('pointerdown', b[0] - 10, b[1] - 10);
    ev('pointermove', b[0] + 10, b[1] + 10);
    ev('pointerup', b[0] + 10, b[1] + 10);
    await until(() => pc!.selection.size > 0);
    expect(Array.from(pc.selection.toArray())).toEqual([1]);
  });

  it('shows a clear message when WebGL is unavailable', async () => {
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
    pc = createPointCloud(box, { x: [1, 2], y: [3, 4] });
    await pc.whenRendered();
    const msg = box.querySelector('[role=alert]')!;
    expect(msg.textContent).toMatch(/WebGL is not available/);
    expect(box.querySelector('canvas')).toBeNull();
  });

  it('rejects bad input with TensorLensErrors naming the argument', () => {
    expect(() => createPointCloud(box, { x: [1, 2, 3], y: [1, 2] })).toThrowError(err('length', 'options.y'));
    expect(() => createPointCloud(box, { positions: { data: new Float32Array(8), shape: [2, 4] } })).toThrowError(err('shape', 'options.positions'));
    expect(() => createPointCloud(box, { positions: [[1, 2, 3, 4]] })).toThrowError(err('shape'));
    expect(() => createPointCloud(box, { x: new Float32Array(0), y: new Float32Array(0) })).toThrowError(err('empty'));
    expect(() => createPointCloud(box, { data: { a: [1], b: [2] }, x: 'a', y: 'nope' })).toThrowError(err('option', 'options.y'));
    expect(() => createPointCloud(box, { x: [1], y: [2], data: { a: ['x'] }, color: 'kind' })).toThrowError(err('option', 'options.color'));
    expect(() => createPointCloud(box, { x: [1], y: [2], color: [0, 1] })).toThrowError(err('length', 'options.color'));
    expect(() => createPointCloud(box, { x: [1], y: [2], density: 'sometimes' as 'on' })).toThrowError(err('option', 'options.density'));
    expect(() => createPointCloud(box, { x: [1], y: [2], size: -1 })).toThrowError(err('option', 'options.size'));
    expect(() => createPointCloud(box, { x: [1], y: [2], data: { a: ['x', 'y'] } })).toThrowError(err('length', 'options.data'));
    expect(box.children.length).toBe(0);
  });
});

suite('data formats', () => {
  it('reads an Arrow table with column names, a positions tensor, and string categories', async () => {
    const table = tableFromArrays({ px: new Float32Array([0, 5, 10]), py: new Float32Array([0, 5, 0]), kind: ['b', 'a', 'b'] });
    pc = createPointCloud(box, { data: table, x: 'px', y: 'py', color: 'kind', size: 10, transition: 0 });
    await pc.whenRendered();
    expect(pc.count).toBe(3);
    expect(pc.data!.names).toEqual(['px', 'py', 'kind']);
    // Sorted names: a → palette 0, b → palette 1.
    expect(near(pixel(pc, ...pc.screenPosition(1)!), [0x4e, 0x79, 0xa7], 3)).toBe(true);
    expect(near(pixel(pc, ...pc.screenPosition(0)!), [0xf2, 0x8e, 0x2c], 3)).toBe(true);
    pc.destroy();
    const tensor = { shape: [3, 2], dtype: 'float32', data: async () => new Float32Array([0, 0, 1, 1, 2, 0]) };
    pc = createPointCloud(box, { positions: tensor, color: '#ff0000', size: 10, transition: 0 });
    await pc.whenRendered();
    expect(pc.count).toBe(3);
    expect(pixel(pc, ...pc.screenPosition(1)!)[0]).toBeGreaterThan(200);
  });

  it('draws 3D points with an orbit camera, 10 bytes a point, and picks them through the worker', async () => {
    const n = 500;
    const x = new Float32Array(n), y = new Float32Array(n), z = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      x[i] = Math.cos(i) * 5;
      y[i] = Math.sin(i) * 5;
      z[i] = (i / n) * 10 - 5;
    }
    pc = createPointCloud(box, { x, y, z, color: z, colorType: 'continuous', size: 6, transition: 0 });
    await pc.whenRendered();
    expect(pc.bytesPerPoint).toBe(10);
    const p = pc.screenPosition(250)!;
    expect(p[0]).toBeGreaterThan(0);
    expect(p[0]).toBeLessThan(400);
    expect(pixel(pc, ...p)[3]).toBeGreaterThan(0);
    const r = box.getBoundingClientRect();
    let got = -1;
    await until(() => {
      void pc!.pick(r.left + p[0], r.top + p[1]).then((i) => (got = i));
      return got >= 0;
    });
    const d = (i: number) => Math.hypot(pc!.screenPosition(i)![0] - p[0], pc!.screenPosition(i)![1] - p[1]);
    expect(d(got)).toBeLessThanOrEqual(1);
    // Orbit: a drag rotates, the point moves on screen.
    const c = pc.element.querySelector('canvas')!;
    const ev = (type: string, px: number) => c.dispatchEvent(new PointerEvent(type, { clientX: r.left + px, clientY: r.top + 150, bubbles: true, pointerId: 1 }));
    ev('pointerdown', 100);
    ev('pointermove', 160);
    ev('pointerup', 160);
    expect(pc.screenPosition(250)![0]).not.toBeCloseTo(p[0], 1);
  });

  it('animates a change of positions from the old places to the new', async () => {
    pc = createPointCloud(box, { x: new Float32Array([0, 10, 0]), y: new Float32Array([0, 10, 10]), color: '#000000', size: 12, transition: 0 });
    await pc.whenRendered();
    const start = pc.screenPosition(2)!;
    // A long transition, so that even on a loaded machine (frames of hundreds of ms) some frame falls inside it.
    pc.update({ x: new Float32Array([0, 10, 10]), y: new Float32Array([0, 10, 0]), transition: 3000 });
    const end = pc.screenPosition(2)!;
    const t0 = performance.now();
    let mid = false;
    // Somewhere in between, the point is drawn neither at its start nor at its end.
    while (performance.now() - t0 < 6000 && !mid) {
      await new Promise((r) => requestAnimationFrame(r));
      if (pixel(pc, ...start)[3] < 50 && pixel(pc, ...end)[3] < 50) mid = true;
    }
    expect(mid).toBe(true);
    await pc.whenRendered();
    expect(pixel(pc, ...end)[3]).toBe(255);
    expect(pixel(pc, ...start)[3]).toBe(0);
    // N changes: the new set fades in.
    pc.update({ x: new Float32Array([0, 10, 5, 5]), y: new Float32Array([0, 10, 5, 0]) });
    await pc.whenRendered();
    expect(pixel(pc, ...pc.screenPosition(3)!)[3]).toBe(255);
  });
});
