// 60 000 Fashion-MNIST images of 28 × 28 as per-point sprites (raw pixels): packed, uploaded, drawn at zoom.
// Prints the upload time, frame times and texture bytes (SwiftShader in CI).
import { afterEach, expect, it } from 'vitest';
import { createPointCloud, type PointCloudHandle } from '@tensorlens/gl';
import { makeBox, pixel } from '../../../test/support';
import { loadFashionMnist } from '../../../test/support/fashion-mnist';

let pc: PointCloudHandle | null = null;
let box: HTMLDivElement | null = null;
afterEach(() => {
  pc?.destroy();
  box?.remove();
});

it('60k images of 28 × 28: packed and uploaded, each point shows its own image at zoom', async () => {
  const n = 60_000, S = 28;
  const { images } = await loadFashionMnist(n);
  // The points on a 245 × 245 grid (row-major), so zoom shows a known neighbourhood.
  const cols = Math.ceil(Math.sqrt(n));
  const x = Float32Array.from({ length: n }, (_, i) => i % cols);
  const y = Float32Array.from({ length: n }, (_, i) => -Math.floor(i / cols));
  box = makeBox(600, 400);
  const t0 = performance.now();
  pc = createPointCloud(box, { x, y, transition: 0, sprite: { pixels: images, size: [S, S] } });
  await pc.whenRendered();
  const upload = performance.now() - t0;
  expect(pc.sprites.state).toBe('ready');
  expect(pc.sprites.bytes).toBe(cols * S * Math.ceil(n / cols) * S); // one grey texture page of 6860 × 6860
  // Zoomed out: dots (images would be ~2 px).
  const frame = (): number => {
    const a = performance.now();
    pc!.renderFrame();
    pixel(pc!, 0, 0); // waits for the GPU
    return performance.now() - a;
  };
  const dots = Math.min(frame(), frame());
  // Zoomed in on row 30 000: images of about 60 px.
  const row = 30_000;
  pc.setCamera({ view: '2d', center: [x[row], y[row]], zoom: 30, aspect: 1 });
  const sprites = Math.min(frame(), frame());
  const p = pc.screenPosition(row)!;
  const s = Math.abs(pc.screenPosition(row + 1)![0] - p[0]); // image width = spacing (1 unit)
  // Pixels of image `row` where its 28 × 28 pixels say (a 3 × 3 sample of pixel centres away from edges).
  let worst = 0;
  for (const [i, j] of [[7, 7], [7, 14], [7, 20], [14, 7], [14, 14], [14, 20], [20, 7], [20, 14], [20, 20]]) {
    const want = images[row * S * S + i * S + j];
    const got = pixel(pc, p[0] - s / 2 + ((j + 0.5) / S) * s, p[1] - s / 2 + ((i + 0.5) / S) * s)[0];
    worst = Math.max(worst, Math.abs(got - want));
  }
  console.log(`sprites 60k × 28×28: create + pack + upload + first frame ${upload.toFixed(0)} ms, texture ${(pc.sprites.bytes / 2 ** 20).toFixed(1)} MiB, frame ${dots.toFixed(1)} ms with dots, ${sprites.toFixed(1)} ms with images (${s.toFixed(0)} px); worst pixel error ${worst}`);
  expect(worst).toBeLessThan(40);
});
