import { afterEach, beforeEach, describe as suite, expect, it } from 'vitest';
import { createPointCloud, type PointCloudHandle, type PointCloudOptions } from '@tensorlens/gl';
import { TensorLensError } from '@tensorlens/core';
import { glStats } from '../src/point-cloud/renderer';
import { makeBox, near, pixel } from '../../../test/support';

let box: HTMLDivElement;
let pc: PointCloudHandle | null = null;
beforeEach(() => (box = makeBox(400, 300)));
afterEach(() => {
  pc?.destroy();
  pc = null;
  box.remove();
});

// 16 points on a 4 × 4 grid; image i is 8 × 8 px: its top half colour top(i), its bottom half bottom(i).
const N = 16, S = 8;
const x = Float32Array.from({ length: N }, (_, i) => i % 4);
const y = Float32Array.from({ length: N }, (_, i) => Math.floor(i / 4));
const top = (i: number) => [15 * i, 200, 40];
const bottom = (i: number) => [60, 20 + 10 * i, 250 - 10 * i];

/** TensorBoard's sprite sheet: ⌈√N⌉ = 4 images wide, row-major. */
function sheet(count = N): HTMLCanvasElement {
  const c = document.createElement('canvas');
  const cols = Math.ceil(Math.sqrt(count));
  c.width = cols * S;
  c.height = Math.ceil(count / cols) * S;
  const g = c.getContext('2d')!;
  for (let i = 0; i < count; i++) {
    const [cx, cy] = [(i % cols) * S, Math.floor(i / cols) * S];
    g.fillStyle = `rgb(${top(i).join(',')})`;
    g.fillRect(cx, cy, S, S / 2);
    g.fillStyle = `rgb(${bottom(i).join(',')})`;
    g.fillRect(cx, cy + S / 2, S, S / 2);
  }
  return c;
}

/** CSS px of an image's width: spacing (3 / √16 data units) × scale × px per data unit. */
function imageSize(h: PointCloudHandle, scale = 1): number {
  const a = h.screenPosition(0)!, b = h.screenPosition(1)!;
  return 0.75 * scale * (b[0] - a[0]);
}

function expectImage(h: PointCloudHandle, i: number, colours = { top, bottom }, scale = 0.5) {
  const [px, py] = h.screenPosition(i)!;
  const s = imageSize(h, scale);
  expect(near(pixel(h, px, py - s / 4), colours.top(i), 6), `top of image ${i}: ${pixel(h, px, py - s / 4)}`).toBe(true);
  expect(near(pixel(h, px, py + s / 4), colours.bottom(i), 6), `bottom of image ${i}: ${pixel(h, px, py + s / 4)}`).toBe(true);
}

async function cloud(options: PointCloudOptions): Promise<PointCloudHandle> {
  // Images half as wide as the spacing of the points (they stay inside the canvas).
  pc = createPointCloud(box, { x, y, color: '#ff0000', transition: 0, spriteScale: 0.5, ...options });
  await pc.whenRendered();
  return pc;
}

suite('sprites', () => {
  it('a sprite sheet drawn at zoom shows each point’s image at the point; dots below spriteMinSize', async () => {
    const h = await cloud({ sprite: { image: sheet(), size: [S, S] }, spriteScale: 0.1 });
    expect(h.sprites.state).toBe('ready');
    expect(imageSize(h, 0.1)).toBeLessThan(12);
    // Zoomed out the images would be under 12 px: red dots.
    for (const i of [0, 5, 15]) expect(near(pixel(h, ...h.screenPosition(i)!), [255, 0, 0]), `dot ${i}`).toBe(true);
    h.setCamera({ view: '2d', center: [1.5, 1.5], zoom: 3, aspect: 1 });
    h.renderFrame();
    expect(imageSize(h, 0.1)).toBeGreaterThan(12);
    for (const i of [5, 6, 9, 10]) expectImage(h, i, { top, bottom }, 0.1);
  });

  it('packs images into several texture pages when they do not fit one (forced small page): images of later pages are right', async () => {
    // Pages of 16 px: 2 × 2 images a page, 4 pages.
    const h = await cloud({ sprite: { image: sheet(), size: [S, S] }, spritePageSize: 16 });
    expect(h.sprites.pages).toBe(4);
    expect(h.sprites.bytes).toBe(4 * 16 * 16 * 4);
    for (let i = 0; i < N; i++) expectImage(h, i);
  });

  it('reads raw pixels (one channel, e.g. MNIST arrays; and RGB) as per-point images', async () => {
    const grey = new Uint8Array(N * S * S);
    for (let i = 0; i < N; i++) for (let p = 0; p < S * S; p++) grey[i * S * S + p] = p < (S * S) / 2 ? 10 + 10 * i : 250 - 10 * i;
    const g = (v: (i: number) => number) => (i: number) => [v(i), v(i), v(i)];
    const h = await cloud({ sprite: { pixels: grey, size: [S, S] }, spritePageSize: 24 });
    expect(h.sprites.pages).toBe(2); // 3 × 3 images a page
    for (const i of [0, 8, 9, 15]) expectImage(h, i, { top: g((k) => 10 + 10 * k), bottom: g((k) => 250 - 10 * k) });
    const rgb = new Uint8Array(N * S * S * 3);
    for (let i = 0; i < N; i++) for (let p = 0; p < S * S; p++) rgb.set(p < (S * S) / 2 ? top(i) : bottom(i), (i * S * S + p) * 3);
    h.update({ sprite: { pixels: rgb, size: [S, S], channels: 3 } });
    await h.whenRendered();
    for (const i of [1, 14]) expectImage(h, i);
  });

  it('takes the sheet as an ImageBitmap or ImageData too (one page, or several)', async () => {
    const bitmap = await createImageBitmap(sheet());
    const h = await cloud({ sprite: { image: bitmap, size: [S, S] } });
    expect(h.sprites.state).toBe('ready');
    for (const i of [2, 13]) expectImage(h, i);
    const c = sheet();
    h.update({ sprite: { image: c.getContext('2d')!.getImageData(0, 0, c.width, c.height), size: [S, S] }, spritePageSize: 16 });
    await h.whenRendered();
    expect(h.sprites.pages).toBe(4);
    for (const i of [3, 14]) expectImage(h, i);
  });

  it('loads a sheet from a URL; in 3D the images face the camera', async () => {
    const url = sheet().toDataURL();
    pc = createPointCloud(box, { x, y, z: new Float32Array(N), color: '#ff0000', transition: 0, sprite: { image: url, size: [S, S] }, spriteScale: 0.5 });
    await pc.whenRendered();
    expect(pc.sprites.state).toBe('ready');
    const [px, py] = pc.screenPosition(6)!;
    expect(near(pixel(pc, px, py - 3), top(6), 6), `${pixel(pc, px, py - 3)}`).toBe(true);
    expect(near(pixel(pc, px, py + 3), bottom(6), 6), `${pixel(pc, px, py + 3)}`).toBe(true);
  });

  it('a sprite that does not fit the data is an error event naming options.sprite; the points are still drawn as dots', async () => {
    const errors: unknown[] = [];
    pc = createPointCloud(box, { x, y, color: '#ff0000', transition: 0, sprite: { pixels: new Uint8Array(N * S * S - 1), size: [S, S] } });
    pc.on('error', (e) => errors.push(e.error));
    await pc.whenRendered();
    expect(pc.sprites.state).toBe('error');
    expect(errors[0]).toBeInstanceOf(TensorLensError);
    expect((errors[0] as TensorLensError).argument).toBe('options.sprite.pixels');
    expect((errors[0] as TensorLensError).message).toMatch(/16 images of 8×8 px/);
    expect(near(pixel(pc, ...pc.screenPosition(3)!), [255, 0, 0])).toBe(true);
    // Too few images in the sheet.
    pc.update({ sprite: { image: sheet(9), size: [S, S] } });
    await pc.whenRendered();
    expect((errors[1] as TensorLensError).argument).toBe('options.sprite.image');
    expect((errors[1] as TensorLensError).message).toMatch(/at least 16 images/);
    // An image that fails to load.
    pc.update({ sprite: { image: 'data:image/png;base64,AAAA', size: [S, S] } });
    await pc.whenRendered();
    expect((errors[2] as TensorLensError).argument).toBe('options.sprite.image');
    expect(pc.sprites.state).toBe('error');
    expect(near(pixel(pc, ...pc.screenPosition(3)!), [255, 0, 0])).toBe(true);
    // A malformed option throws like every option.
    expect(() => pc!.update({ sprite: { image: sheet(), size: [0, 8] } as never })).toThrow(/options\.sprite\.size/);
  });

  it('a selected image gets a frame and the others fade; a transition shows dots', async () => {
    const h = await cloud({ sprite: { image: sheet(), size: [S, S] } });
    h.selection.set([5]);
    await h.whenRendered();
    const s = imageSize(h, 0.5);
    const [px, py] = h.screenPosition(5)!;
    // 1 px inside the left edge of image 5: the frame (the theme's foreground, dark in the light theme).
    const frame = pixel(h, px - s / 2 + 1, py);
    expect(frame[0] + frame[1] + frame[2], `frame ${frame}`).toBeLessThan(150);
    expectImage(h, 5);
    // Image 6 is faded: a quarter of its colour (premultiplied, alpha 0.25).
    const [qx, qy] = h.screenPosition(6)!;
    const faded = pixel(h, qx, qy - s / 4);
    expect(faded[3]).toBeGreaterThan(50);
    expect(faded[3]).toBeLessThan(80);
    // During a position transition the points are dots (red), then images again.
    h.update({ transition: 10_000, x: x.map((v) => v + 0.001) });
    h.renderFrame();
    expect(near(pixel(h, ...h.screenPosition(6)!), [255, 0, 0], 30)).toBe(true);
  });

  it('destroy frees the sprite textures; a context loss restores them', async () => {
    const before = glStats.leakedTextures;
    const h = await cloud({ sprite: { image: sheet(), size: [S, S] }, spritePageSize: 16 });
    expectImage(h, 13);
    const canvas = h.element.querySelector('canvas')!;
    const ext = canvas.getContext('webgl')!.getExtension('WEBGL_lose_context')!;
    ext.loseContext();
    await new Promise((r) => setTimeout(r, 50));
    const restored = new Promise((r) => h.on('contextrestored', r));
    ext.restoreContext();
    await restored;
    await h.whenRendered();
    expectImage(h, 13);
    h.destroy();
    pc = null;
    expect(glStats.leakedTextures).toBe(before);
  });
});
