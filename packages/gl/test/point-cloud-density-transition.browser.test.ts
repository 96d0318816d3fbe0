// A density frame right after a transition: the projector draws its first layout over NaN positions with a
// transition, at tens of thousands of dense points (density on). The screen-space splat of the transition left its
// framebuffer bound and the resolve then read and wrote the same texture: WebGL refused every draw and the cloud
// stayed blank. The picture must be there once the transition ends.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createPointCloud, type PointCloudHandle } from '@tensorlens/gl';
import { canvasPixels, makeBox, rng } from '../../../test/support';

let box: HTMLDivElement;
let pc: PointCloudHandle | null = null;
beforeEach(() => (box = makeBox(500, 400)));
afterEach(() => {
  pc?.destroy();
  pc = null;
  box.remove();
});

it('draws dense clusters after a transition from NaN positions (density on)', async () => {
  const n = 60_000;
  const random = rng(3);
  const positions = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    const c = i % 10;
    positions[2 * i] = c + 0.05 * (random() - 0.5);
    positions[2 * i + 1] = (c % 3) + 0.05 * (random() - 0.5);
  }
  const label = Array.from({ length: n }, (_, i) => `class ${i % 10}`);
  pc = createPointCloud(box, { positions: { data: new Float32Array(n * 2).fill(NaN), shape: [n, 2] }, data: { label }, color: 'label', legend: false });
  await pc.whenRendered();
  const errors: string[] = [];
  const canvas = box.querySelector('canvas')!;
  const gl = canvas.getContext('webgl')!;
  pc.update({ positions: { data: positions, shape: [n, 2] }, transition: 200 });
  await pc.whenRendered();
  await new Promise((r) => setTimeout(r, 400)); // past the transition
  pc.renderFrame();
  for (let e = gl.getError(); e !== gl.NO_ERROR; e = gl.getError()) errors.push(`GL error ${e}`);
  expect(pc.densityActive).toBe(true);
  expect(errors).toEqual([]);
  const px = canvasPixels(canvas);
  let inked = 0;
  for (let i = 3; i < px.length; i += 4) if (px[i] > 0) inked++;
  expect(inked).toBeGreaterThan(200); // ten clusters drawn, not a blank canvas
});
