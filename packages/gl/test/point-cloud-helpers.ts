// Shared helpers for the point cloud's browser tests.
import type { PointCloudHandle } from '@tensorlens/gl';

export function makeBox(w = 400, h = 300): HTMLDivElement {
  const box = document.createElement('div');
  box.style.cssText = `width:${w}px;height:${h}px;position:relative`;
  document.body.appendChild(box);
  return box;
}

/** RGBA of the WebGL canvas at CSS px (x, y) of the cloud's element. */
export function pixel(pc: PointCloudHandle, x: number, y: number): number[] {
  const canvas = pc.element.querySelector('canvas')!;
  const k = canvas.width / canvas.clientWidth;
  const c = document.createElement('canvas');
  c.width = canvas.width;
  c.height = canvas.height;
  const ctx = c.getContext('2d')!;
  ctx.drawImage(canvas, 0, 0);
  return Array.from(ctx.getImageData(Math.floor(x * k), Math.floor(y * k), 1, 1).data);
}

/** Seeded Gaussian clusters: k centres on a circle of radius 10, spread `s`. */
export function clusters(n: number, k: number, seed = 1, s = 1): { x: Float32Array; y: Float32Array; category: Uint8Array } {
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const x = new Float32Array(n), y = new Float32Array(n), category = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % k;
    const g = Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
    const h = Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
    x[i] = 10 * Math.cos((2 * Math.PI * c) / k) + g * s;
    y[i] = 10 * Math.sin((2 * Math.PI * c) / k) + h * s;
    category[i] = c;
  }
  return { x, y, category };
}

export const near = (a: number[], b: number[], tol = 12) => a.slice(0, 3).every((v, i) => Math.abs(v - b[i]) <= tol);

export const frames = (n = 2) => new Promise<void>((r) => {
  const step = () => (n-- <= 0 ? r() : requestAnimationFrame(step));
  step();
});

export async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const t0 = performance.now();
  while (!cond()) {
    if (performance.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
