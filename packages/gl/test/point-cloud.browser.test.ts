import { afterEach, beforeEach, describe as suite, expect, it } from 'vitest';
import { createPointCloud, type PointCloudHandle } from '@tensorlens/gl';
import { categoricalColors, parseColor } from '@tensorlens/core';
import { makeBox, near, pixel } from './point-cloud-helpers';

let box: HTMLDivElement;
let pc: PointCloudHandle | null = null;
beforeEach(() => (box = makeBox()));
afterEach(() => {
  pc?.destroy();
  pc = null;
  box.remove();
});

suite('drawing', () => {
  it('draws a red point where its coordinates say and leaves the rest background', async () => {
    pc = createPointCloud(box, { x: new Float32Array([0, 100, 50]), y: new Float32Array([0, 100, 80]), color: '#ff0000', size: 10, transition: 0 });
    await pc.whenRendered();
    const [sx, sy] = pc.screenPosition(2)!;
    // Data (50, 80) in a view that fits [0, 100]²: x at the middle, y 80% of the way up.
    const top = pc.screenPosition(1)!, bottom = pc.screenPosition(0)!;
    expect(sx).toBeCloseTo((top[0] + bottom[0]) / 2, 3);
    expect(sy).toBeCloseTo(bottom[1] + 0.8 * (top[1] - bottom[1]), 3);
    expect(near(pixel(pc, sx, sy), [255, 0, 0])).toBe(true);
    expect(pixel(pc, sx, sy)[3]).toBe(255);
    expect(pixel(pc, sx + 20, sy + 20)[3]).toBe(0);
    expect(pc.bytesPerPoint).toBe(8);
  });

  it('colours categories as the categorical palette says', async () => {
    const n = 12;
    const x = new Float32Array(n), y = new Float32Array(n), category = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      x[i] = i % 4;
      y[i] = Math.floor(i / 4);
      category[i] = i;
    }
    pc = createPointCloud(box, { x, y, category, size: 12, transition: 0 });
    await pc.whenRendered();
    const pal = categoricalColors(n);
    for (let i = 0; i < n; i++) {
      const [sx, sy] = pc.screenPosition(i)!;
      expect(near(pixel(pc, sx, sy), parseColor(pal[i]).slice(0, 3), 3), `category ${i}`).toBe(true);
    }
    expect(pc.bytesPerPoint).toBe(12);
  });
});
