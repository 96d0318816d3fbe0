import { afterEach, beforeEach, describe as suite, expect, it } from 'vitest';
import { createPointCloud, type PointCloudHandle } from '@tensorlens/gl';
import { categoricalColors, interpolateScheme, luminance, parseColor, rgbToHex } from '@tensorlens/core';
import { makeBox, near, pixel, ringClusters } from '../../../test/support';

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
    pc = createPointCloud(box, { x, y, color: category, size: 12, transition: 0 });
    await pc.whenRendered();
    const pal = categoricalColors(n);
    for (let i = 0; i < n; i++) {
      const [sx, sy] = pc.screenPosition(i)!;
      expect(near(pixel(pc, sx, sy), parseColor(pal[i]).slice(0, 3), 3), `category ${i}`).toBe(true);
    }
    expect(pc.bytesPerPoint).toBe(12);
  });
});

suite('values, density', () => {
  it('colours values with the continuous scheme: the domain ends get its end colours', async () => {
    pc = createPointCloud(box, { x: new Float32Array([0, 1]), y: new Float32Array([0, 1]), color: [5, 15], colorType: 'continuous', colorDomain: [5, 15], scheme: 'viridis', size: 12, transition: 0 });
    await pc.whenRendered();
    const lo = interpolateScheme('viridis')(0), hi = interpolateScheme('viridis')(1);
    expect(near(pixel(pc, ...pc.screenPosition(0)!), parseColor(lo).slice(0, 3), 4)).toBe(true);
    expect(near(pixel(pc, ...pc.screenPosition(1)!), parseColor(hi).slice(0, 3), 4)).toBe(true);
  });

  it('density mode maps mass to a ramp: the centre of a cluster is darker than its rim', async () => {
    const { x, y } = ringClusters(20_000, 1, 3, 1);
    pc = createPointCloud(box, { x, y, density: 'on', transition: 0 });
    await pc.whenRendered();
    expect(pc.densityActive).toBe(true);
    // The cluster is centred on (10, 0): compare its centre with a point 2.2σ out.
    const centre = toScreen(pc, { x, y }, 10, 0), rim = toScreen(pc, { x, y }, 12.2, 0);
    const a = pixel(pc, ...centre), b = pixel(pc, ...rim);
    expect(a[3]).toBeGreaterThan(0);
    expect(b[3]).toBeGreaterThan(0);
    expect(luminance(rgbToHex(a[0], a[1], a[2]))).toBeLessThan(luminance(rgbToHex(b[0], b[1], b[2])));
  });

  it('density mode still shows the mass where the points are after zooming in and panning (grid resampled and rebuilt)', async () => {
    const { x, y } = ringClusters(20_000, 2, 5, 1);
    pc = createPointCloud(box, { x, y, density: 'on', transition: 0 });
    await pc.whenRendered();
    const check = (label: string) => {
      // Cluster centres (10, 0) and (-10, 0); an empty spot half-way between them.
      const centre = toScreen(pc!, { x, y }, 10, 0), rim = toScreen(pc!, { x, y }, 12.2, 0), empty = toScreen(pc!, { x, y }, 0, 0);
      const a = pixel(pc!, ...centre), b = pixel(pc!, ...rim);
      expect(a[3], `${label}: centre drawn`).toBeGreaterThan(0);
      expect(b[3], `${label}: rim drawn`).toBeGreaterThan(0);
      expect(luminance(rgbToHex(a[0], a[1], a[2])), `${label}: centre darker`).toBeLessThan(luminance(rgbToHex(b[0], b[1], b[2])));
      if (empty[0] > 0 && empty[0] < 400 && empty[1] > 0 && empty[1] < 300) expect(pixel(pc!, ...empty)[3], `${label}: nothing between clusters`).toBe(0);
    };
    check('fit');
    // Zoom in on the cluster at (10, 0) (even rows) so the grid must be rebuilt, then pan: the picture follows the data.
    pc.zoomToIndices(Uint32Array.from({ length: 10_000 }, (_, i) => 2 * i));
    pc.element.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true }));
    await pc.whenRendered();
    expect(pc.densityActive).toBe(true);
    check('zoomed');
    pc.resetView();
    await pc.whenRendered();
    check('reset');
  });

  it("turns density on by itself when points pile up, and keeps it off for a few points ('auto')", async () => {
    const many = ringClusters(50_000, 2, 4, 0.3);
    pc = createPointCloud(box, { x: many.x, y: many.y, color: many.category, transition: 0 });
    await pc.whenRendered();
    expect(pc.densityActive).toBe(true);
    pc.update({ x: many.x.slice(0, 200), y: many.y.slice(0, 200), color: many.category.slice(0, 200) });
    await pc.whenRendered();
    expect(pc.densityActive).toBe(false);
  });
});

/** CSS px of data point (x, y), from two rows' screen positions (the 2D view is affine). */
export function toScreen(h: PointCloudHandle, d: { x: ArrayLike<number>; y: ArrayLike<number> }, x: number, y: number): [number, number] {
  const p = h.screenPosition(0)!, q = h.screenPosition(1)!;
  const kx = (q[0] - p[0]) / (d.x[1] - d.x[0]), ky = (q[1] - p[1]) / (d.y[1] - d.y[0]);
  return [p[0] + (x - d.x[0]) * kx, p[1] + (y - d.y[0]) * ky];
}
