// DOM and pixel helpers for browser tests.

/** A sized, positioned box appended to the page (remove it in afterEach). */
export function makeBox(width = 400, height = 300): HTMLDivElement {
  const box = document.createElement('div');
  box.style.cssText = `width:${width}px;height:${height}px;position:relative`;
  document.body.appendChild(box);
  return box;
}

/** Something that has (or is) a root element: a component handle or an element. */
export type HasElement = Element | { element: Element };

function rootOf(target: HasElement): Element {
  return target instanceof Element ? target : target.element;
}

/** A copy of a canvas (2-D or WebGL) as RGBA bytes, read through a 2-D canvas so WebGL canvases read the same way. */
export function canvasPixels(canvas: HTMLCanvasElement): Uint8ClampedArray {
  const copy = document.createElement('canvas');
  copy.width = canvas.width;
  copy.height = canvas.height;
  if (!canvas.width || !canvas.height) return new Uint8ClampedArray(0);
  const context = copy.getContext('2d')!;
  context.drawImage(canvas, 0, 0);
  return context.getImageData(0, 0, canvas.width, canvas.height).data;
}

/**
 * RGBA of the first canvas of a component (or element) at CSS px (x, y) of that canvas. Works for WebGL canvases
 * (read through a 2-D copy) as well as 2-D ones, at any devicePixelRatio.
 */
export function pixel(target: HasElement, x: number, y: number): number[] {
  const root = rootOf(target);
  const canvas = root instanceof HTMLCanvasElement ? root : root.querySelector('canvas')!;
  const scale = canvas.width / canvas.clientWidth;
  const copy = document.createElement('canvas');
  copy.width = canvas.width;
  copy.height = canvas.height;
  const context = copy.getContext('2d')!;
  context.drawImage(canvas, 0, 0);
  return Array.from(context.getImageData(Math.floor(x * scale), Math.floor(y * scale), 1, 1).data);
}

/** Whether two colours' RGB channels are each within `tolerance` (alpha ignored). */
export function near(a: ArrayLike<number>, b: ArrayLike<number>, tolerance = 12): boolean {
  for (let i = 0; i < 3; i++) if (Math.abs(a[i] - b[i]) > tolerance) return false;
  return true;
}

/** Resolves after `count` animation frames. */
export function frames(count = 2): Promise<void> {
  return new Promise<void>((resolve) => {
    let left = count;
    const step = () => {
      if (left-- <= 0) resolve();
      else requestAnimationFrame(step);
    };
    step();
  });
}

/** Polls `condition` every 10 ms; rejects after `timeoutMs`. */
export async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = performance.now();
  while (!condition()) {
    if (performance.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for a condition`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
