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

/** How {@link canvasPixels} reads a canvas. */
export interface CanvasPixelsOptions {
  /**
   * A CSS colour to composite the canvas over (as a reader sees it on a page of that colour); default none, so
   * clear pixels read as transparent black.
   */
  background?: string;
}

/** A copy of a canvas (2-D or WebGL) as RGBA bytes, read through a 2-D canvas so WebGL canvases read the same way. */
export function canvasPixels(canvas: HTMLCanvasElement, options: CanvasPixelsOptions = {}): Uint8ClampedArray {
  const copy = document.createElement('canvas');
  copy.width = canvas.width;
  copy.height = canvas.height;
  if (!canvas.width || !canvas.height) return new Uint8ClampedArray(0);
  const context = copy.getContext('2d')!;
  if (options.background !== undefined) {
    context.fillStyle = options.background;
    context.fillRect(0, 0, copy.width, copy.height);
  }
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

/** Which channels {@link near} compares. */
export interface NearOptions {
  /** Compare alpha as well (as many channels as `b` has, up to 4); default false: RGB only. */
  alpha?: boolean;
}

/** Whether two colours' RGB channels (and alpha with `{ alpha: true }`) are each within `tolerance`. */
export function near(a: ArrayLike<number>, b: ArrayLike<number>, tolerance = 12, options: NearOptions = {}): boolean {
  const channels = options.alpha ? Math.min(4, b.length) : 3;
  for (let i = 0; i < channels; i++) if (Math.abs(a[i] - b[i]) > tolerance) return false;
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

/**
 * Polls `condition` every 10 ms; rejects after `timeoutMs` (default 15 s: element and e2e tests load files and
 * start workers on a busy machine). `until(condition, 'the legend')` names what it waited for in the timeout error.
 */
export async function until(condition: () => boolean, timeoutMs?: number): Promise<void>;
export async function until(condition: () => boolean, what: string, timeoutMs?: number): Promise<void>;
export async function until(condition: () => boolean, whatOrTimeout?: string | number, timeoutMs?: number): Promise<void> {
  const what = typeof whatOrTimeout === 'string' ? whatOrTimeout : 'a condition';
  const limit = (typeof whatOrTimeout === 'number' ? whatOrTimeout : timeoutMs) ?? 15_000;
  const start = performance.now();
  while (!condition()) {
    if (performance.now() - start > limit) throw new Error(`timed out after ${limit} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Dispatches a bubbling pointer event of `type` (primary pointer 1, main button) at CSS px (x, y) of `target`'s
 * box; `init` adds to or overrides those fields.
 */
export function pointer(target: Element, type: string, x: number, y: number, init: PointerEventInit = {}): void {
  const rect = target.getBoundingClientRect();
  target.dispatchEvent(new PointerEvent(type, { clientX: rect.left + x, clientY: rect.top + y, pointerId: 1, bubbles: true, button: 0, isPrimary: true, ...init }));
}

/** An iframe loaded with an empty page whose policy is `csp` (a `<meta http-equiv>`), and what it reports. */
export interface PolicyFrame {
  frame: HTMLIFrameElement;
  win: Window & typeof globalThis;
  doc: Document;
  /** `"<violated directive> <blocked URI>"` of every `securitypolicyviolation` event in the frame. */
  violations: string[];
}

/** Appends an iframe whose document has `csp` as its Content-Security-Policy and waits for it to load; remove `frame` when done. */
export async function frameWithPolicy(csp: string): Promise<PolicyFrame> {
  const frame = document.createElement('iframe');
  const loaded = new Promise<void>((resolve) => frame.addEventListener('load', () => resolve(), { once: true }));
  frame.srcdoc = `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${csp}"></head><body></body></html>`;
  document.body.append(frame);
  await loaded;
  const doc = frame.contentDocument!;
  const violations: string[] = [];
  doc.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  return { frame, win: frame.contentWindow as Window & typeof globalThis, doc, violations };
}
