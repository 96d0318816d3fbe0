import { afterEach, beforeEach, describe as suite, expect, it } from 'vitest';
import { createPointCloud, type PointCloudCamera, type PointCloudHandle } from '@tensorlens/gl';
import { TensorLensError } from '@tensorlens/core';
import { makeBox, until } from '../../../test/support';

let box: HTMLDivElement;
let pc: PointCloudHandle | null = null;
beforeEach(() => (box = makeBox(400, 300)));
afterEach(() => {
  pc?.destroy();
  pc = null;
  box.remove();
});

// Points away from the origin (the cloud draws relative to their centre) on an uneven grid.
const n = 40;
const x = Float64Array.from({ length: n }, (_, i) => 1000 + (i % 8) * 3 + (i % 3));
const y = Float64Array.from({ length: n }, (_, i) => -50 + Math.floor(i / 8) * 2);
const z = Float64Array.from({ length: n }, (_, i) => (i * 7) % 11);
const positions = (h: PointCloudHandle) => Array.from({ length: n }, (_, i) => h.screenPosition(i)!);

function expectSameScreen(a: Array<[number, number]>, b: Array<[number, number]>) {
  for (let i = 0; i < a.length; i++) {
    expect(b[i][0], `point ${i} x`).toBeCloseTo(a[i][0], 4);
    expect(b[i][1], `point ${i} y`).toBeCloseTo(a[i][1], 4);
  }
}

suite('camera state', () => {
  it('2D: getCamera after zoom and pan is plain JSON; setCamera on a fresh cloud restores the same screen positions', async () => {
    pc = createPointCloud(box, { x, y, transition: 0 });
    await pc.whenRendered();
    expect(pc.getCamera()).toEqual({ view: '2d', center: [expect.any(Number), expect.any(Number)], zoom: 1, aspect: 1 });
    const c = pc.element.querySelector('canvas')!, r = c.getBoundingClientRect();
    c.dispatchEvent(new WheelEvent('wheel', { deltaY: -300, clientX: r.left + 120, clientY: r.top + 90, bubbles: true, cancelable: true }));
    pc.element.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true }));
    const camera = pc.getCamera();
    expect(camera.view).toBe('2d');
    expect(camera.zoom).toBeGreaterThan(1.5);
    const json = JSON.parse(JSON.stringify(camera)) as PointCloudCamera;
    expect(json).toEqual(camera);
    const before = positions(pc);
    pc.destroy();
    pc = createPointCloud(box, { x, y, transition: 0 });
    await pc.whenRendered();
    pc.setCamera(json);
    expectSameScreen(before, positions(pc));
    expect(pc.getCamera()).toEqual(camera);
    // The centre is in data coordinates: the data point there is at the middle of the canvas.
    pc.setCamera({ view: '2d', center: [x[9], y[9]], zoom: 3, aspect: 1 });
    const p = pc.screenPosition(9)!;
    expect(p[0]).toBeCloseTo(200, 4);
    expect(p[1]).toBeCloseTo(150, 4);
  });

  it('2D: a camera restores the same framing on a canvas of another size (zoom is relative to the fitted view)', async () => {
    pc = createPointCloud(box, { x, y, transition: 0 });
    await pc.whenRendered();
    pc.setCamera({ view: '2d', center: [x[0], y[0]], zoom: 1, aspect: 1 });
    const small = pc.getCamera();
    pc.destroy();
    box.style.width = '800px';
    box.style.height = '600px';
    pc = createPointCloud(box, { x, y, transition: 0 });
    await pc.whenRendered();
    pc.setCamera(small);
    const p = pc.screenPosition(0)!;
    expect(p[0]).toBeCloseTo(400, 4);
    expect(p[1]).toBeCloseTo(300, 4);
  });

  it('3D: orbit angles, target and zoom round-trip; the screen positions come back', async () => {
    pc = createPointCloud(box, { x, y, z, transition: 0 });
    await pc.whenRendered();
    await dragBy(pc, 50, -20);
    pc.element.dispatchEvent(new KeyboardEvent('keydown', { key: '+', bubbles: true }));
    const camera = pc.getCamera();
    if (camera.view !== '3d') throw new Error('expected a 3D camera');
    expect(camera.yaw).toBeCloseTo(0.6 - 50 * 0.008, 6);
    expect(camera.zoom).toBeCloseTo(1.25, 6);
    const before = positions(pc);
    pc.resetView();
    expect(positions(pc)[3][0]).not.toBeCloseTo(before[3][0], 1);
    pc.setCamera(JSON.parse(JSON.stringify(camera)));
    expectSameScreen(before, positions(pc));
  });

  it('animates to the camera with a transition and emits view events with the camera', async () => {
    pc = createPointCloud(box, { x, y, transition: 0 });
    await pc.whenRendered();
    const target: PointCloudCamera = { view: '2d', center: [x[20], y[20]], zoom: 4, aspect: 1 };
    const events: PointCloudCamera[] = [];
    pc.on('view', (e) => events.push(e.camera));
    pc.setCamera(target, { transition: 150 });
    expect(events.at(-1)).toEqual(target);
    // getCamera says where it is going; the screen gets there after the animation.
    expect(pc.getCamera()).toEqual(target);
    await until(() => Math.abs(pc!.screenPosition(20)![0] - 200) < 1e-6, 'the camera reached its target', 5000);
    expect(pc.screenPosition(20)![1]).toBeCloseTo(150, 4);
  });

  it('a bad camera is a TensorLensError naming the field, and changes nothing', async () => {
    pc = createPointCloud(box, { x, y, transition: 0 });
    await pc.whenRendered();
    const before = pc.getCamera();
    const bad: Array<[unknown, string]> = [
      [null, 'camera'],
      [{ view: '4d', center: [0, 0], zoom: 1 }, 'camera.view'],
      [{ view: '2d', center: [0], zoom: 1 }, 'camera.center'],
      [{ view: '2d', center: [0, NaN], zoom: 1 }, 'camera.center'],
      [{ view: '2d', center: [0, 0], zoom: 0 }, 'camera.zoom'],
      [{ view: '2d', center: [0, 0], zoom: 1, aspect: -1 }, 'camera.aspect'],
      [{ view: '2d', center: [0, 0], zoom: 1, zom: 2 }, 'camera.zom'],
      [{ view: '3d', target: [0, 0, 0], zoom: 1, yaw: 0, pitch: 0 }, 'camera.view'], // the cloud shows 2D
      [{ view: '3d', target: [0, 0, 0], zoom: 1, yaw: 0, pitch: 2 }, 'camera.pitch'],
    ];
    for (const [camera, argument] of bad) {
      let error: unknown = null;
      try {
        pc.setCamera(camera as PointCloudCamera);
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(camera)).toBeInstanceOf(TensorLensError);
      expect((error as TensorLensError).argument, JSON.stringify(camera)).toBe(argument);
    }
    expect(() => pc!.setCamera(before, { transition: -1 })).toThrow(/options\.transition/);
    expect(pc.getCamera()).toEqual(before);
  });
});

async function dragBy(h: PointCloudHandle, dx: number, dy: number) {
  const c = h.element.querySelector('canvas')!, r = c.getBoundingClientRect();
  const at = (type: string, px: number, py: number) => c.dispatchEvent(new PointerEvent(type, { clientX: r.left + px, clientY: r.top + py, bubbles: true, pointerId: 1, button: 0, buttons: type === 'pointerup' ? 0 : 1, isPrimary: true, pointerType: 'mouse' }));
  at('pointerdown', 100, 100);
  at('pointermove', 100 + dx / 2, 100 + dy / 2);
  at('pointermove', 100 + dx, 100 + dy);
  at('pointerup', 100 + dx, 100 + dy);
}
