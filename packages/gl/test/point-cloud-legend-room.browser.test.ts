// The colour legend sits over the canvas's top-left corner: a fitted 2D view leaves it its room, so no point starts
// hidden under it; legendRoom: false (the XY plot) fills the whole canvas.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createPointCloud, type PointCloudHandle } from '@tensorlens/gl';
import { makeBox } from '../../../test/support';

let box: HTMLDivElement;
let pc: PointCloudHandle | null = null;
beforeEach(() => (box = makeBox(600, 300)));
afterEach(() => {
  pc?.destroy();
  pc = null;
  box.remove();
});

/** 200 points on a 20 × 10 grid, five classes. */
const grid = () => ({
  x: Float32Array.from({ length: 200 }, (_, i) => i % 20),
  y: Float32Array.from({ length: 200 }, (_, i) => Math.floor(i / 20)),
  color: Array.from({ length: 200 }, (_, i) => `class ${i % 5}`),
});

function leftmost(h: PointCloudHandle): number {
  let min = Infinity;
  for (let i = 0; i < h.count; i++) min = Math.min(min, h.screenPosition(i)![0]);
  return min;
}

it('fits the points beside the legend, and over the whole canvas once the legend is off or legendRoom is false', async () => {
  pc = createPointCloud(box, { ...grid(), transition: 0 });
  await pc.whenRendered();
  const legend = box.querySelector<HTMLElement>('.tl-pc-legend')!;
  expect(legend.hidden).toBe(false);
  const right = legend.getBoundingClientRect().right - box.getBoundingClientRect().left;
  expect(right).toBeGreaterThan(20);
  expect(leftmost(pc)).toBeGreaterThan(right);
  // The camera state is the same whatever the room: zoom 1 is the fitted view.
  expect(pc.getCamera().zoom).toBeCloseTo(1, 6);

  pc.update({ legend: false });
  await pc.whenRendered();
  const withoutLegend = leftmost(pc);
  expect(withoutLegend).toBeLessThan(right);

  pc.update({ legend: true, legendRoom: false });
  await pc.whenRendered();
  expect(leftmost(pc)).toBeCloseTo(withoutLegend, 3);
});
