// The component contract as one test suite (docs/architecture.md, "The component contract"): every factory is
// run through the same checks, so a component that breaks the contract fails in one place with a named check.
//
//   describeContract('point cloud', { create: (box) => createPointCloud(box, {...}), validUpdate: {...}, ... });
//
// What "released" means here, check by check:
// - DOM listeners: every addEventListener made while the component lived, on a target that is still part of the
//   page after destroy() (window, document, the container, a MediaQueryList, any non-Node target, a node still
//   connected), has a matching removeEventListener (same target, type, listener and capture) or was added with an
//   AbortSignal that has aborted. Listeners on nodes the component created and detached go with those nodes, and
//   { once: true } listeners remove themselves; neither is counted.
// - Observers (Resize/Intersection/Mutation): each one created has been disconnect()ed, or every target it
//   observe()d has been unobserve()d.
// - Workers: each one created has been terminate()d.
// - WebGL: each context created through HTMLCanvasElement.getContext('webgl' | 'webgl2' | 'experimental-webgl')
//   reports gl.isContextLost() after destroy(): the component called WEBGL_lose_context.loseContext(), which
//   is what frees the context at once (Chromium keeps at most 16 live contexts and drops the oldest beyond that;
//   regl.destroy() and removing the canvas do not free it until garbage collection).
// - Tensors: `countTensors()` (e.g. tf.memory().numTensors) is the same before create and after destroy.
// - The page: the container is empty after destroy() and the document has no more nodes than before create.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TensorLensError } from '@tensorlens/core';
import { canvasPixels, frames, until } from './dom';

/** What the harness needs of a component handle (every tensorlens factory returns at least this). */
export interface ContractHandle {
  readonly element: HTMLElement;
  update(options: never): void;
  on(type: never, listener: (event: never) => void): () => void;
  whenRendered(): Promise<void>;
  destroy(): void;
}

/** How to drive one component through the contract. */
export interface ContractSpec<H extends ContractHandle = ContractHandle> {
  /** Creates the component in `container` with small real data. */
  create(container: HTMLElement): H;
  /** A valid partial update that changes what is drawn. */
  validUpdate: Record<string, unknown>;
  /** Bad partial updates: each must throw a TensorLensError and change nothing. */
  badUpdates: Array<Record<string, unknown>>;
  /** Whether the component draws with WebGL (adds the context checks). */
  webgl: boolean;
  /** The container's size in CSS px (default 400 × 300). */
  size?: [number, number];
  /** State beyond the DOM and pixels that a bad update must not change (e.g. a view transform). */
  snapshot?(handle: H): unknown;
  /** Live tensors now (e.g. `() => tf.memory().numTensors`), for components that take tensors. */
  countTensors?(): number;
  /** Attributes left out of the DOM comparison because they change on their own (animation, timers). */
  volatileAttributes?: string[];
  /** Runs once before the suite (e.g. set a tfjs backend, build a model). */
  beforeAll?(): void | Promise<void>;
  /** Runs once after the suite (e.g. dispose the model's tensors). */
  afterAll?(): void | Promise<void>;
}

type Listener = EventListenerOrEventListenerObject;

interface ListenerRecord {
  target: EventTarget;
  type: string;
  listener: Listener;
  capture: boolean;
}

interface ObserverRecord {
  kind: string;
  observed: Set<unknown>;
  disconnected: boolean;
}

/** Counts what a component allocates between install() and uninstall(). */
export interface ResourceProbe {
  /** Listeners added and not removed since install. */
  readonly listeners: ListenerRecord[];
  readonly observers: ObserverRecord[];
  readonly workers: Array<{ terminated: boolean; url: string }>;
  /** WebGL contexts created since install (one per canvas). */
  readonly contexts: Array<{ canvas: HTMLCanvasElement; gl: WebGLRenderingContext | WebGL2RenderingContext }>;
  uninstall(): void;
}

const captureOf = (options: boolean | AddEventListenerOptions | EventListenerOptions | undefined) => (typeof options === 'boolean' ? options : !!options?.capture);

/** Wraps addEventListener, the observers, Worker and getContext('webgl…') to record what is created and freed. */
export function installProbe(): ResourceProbe {
  const listeners: ListenerRecord[] = [];
  const observers: ObserverRecord[] = [];
  const workers: Array<{ terminated: boolean; url: string }> = [];
  const contexts: ResourceProbe['contexts'] = [];
  const restore: Array<() => void> = [];

  // EventTarget.prototype, and window's own methods where a test runner has put its own wrapper there (vitest does).
  const originalAdd = EventTarget.prototype.addEventListener;
  const forget = (record: ListenerRecord) => {
    const i = listeners.indexOf(record);
    if (i >= 0) listeners.splice(i, 1);
  };
  const owners: Array<Pick<EventTarget, 'addEventListener' | 'removeEventListener'>> = [EventTarget.prototype];
  if (Object.prototype.hasOwnProperty.call(window, 'addEventListener')) owners.push(window);
  for (const owner of owners) {
    const add = owner.addEventListener;
    const remove = owner.removeEventListener;
    owner.addEventListener = function (this: EventTarget, type: string, listener: Listener | null, options?: boolean | AddEventListenerOptions) {
      if (listener) {
        const capture = captureOf(options);
        const known = listeners.some((r) => r.target === this && r.type === type && r.listener === listener && r.capture === capture);
        const once = typeof options === 'object' && options?.once;
        const signal = typeof options === 'object' ? options?.signal : undefined;
        if (!known && !once && !signal?.aborted) {
          const record = { target: this, type, listener, capture };
          listeners.push(record);
          // A listener added with { signal } is removed when the signal aborts.
          if (signal) originalAdd.call(signal, 'abort', () => forget(record), { once: true });
        }
      }
      return add.call(this, type, listener, options);
    };
    owner.removeEventListener = function (this: EventTarget, type: string, listener: Listener | null, options?: boolean | EventListenerOptions) {
      const capture = captureOf(options);
      const record = listeners.find((r) => r.target === this && r.type === type && r.listener === listener && r.capture === capture);
      if (record) forget(record);
      return remove.call(this, type, listener, options);
    };
    restore.push(() => {
      owner.addEventListener = add;
      owner.removeEventListener = remove;
    });
  }

  for (const kind of ['ResizeObserver', 'IntersectionObserver', 'MutationObserver'] as const) {
    const Original = window[kind] as unknown as new (...args: never[]) => { observe(target: unknown, options?: unknown): void; unobserve?(target: unknown): void; disconnect(): void };
    if (!Original) continue;
    class Tracked extends Original {
      record: ObserverRecord;
      constructor(...args: never[]) {
        super(...args);
        this.record = { kind, observed: new Set(), disconnected: false };
        observers.push(this.record);
      }
      override observe(target: unknown, options?: unknown) {
        this.record.observed.add(target);
        this.record.disconnected = false;
        super.observe(target, options);
      }
      override unobserve(target: unknown) {
        this.record.observed.delete(target);
        super.unobserve?.(target);
      }
      override disconnect() {
        this.record.observed.clear();
        this.record.disconnected = true;
        super.disconnect();
      }
    }
    (window as unknown as Record<string, unknown>)[kind] = Tracked;
    restore.push(() => ((window as unknown as Record<string, unknown>)[kind] = Original));
  }

  const OriginalWorker = window.Worker;
  class TrackedWorker extends OriginalWorker {
    record: { terminated: boolean; url: string };
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      this.record = { terminated: false, url: String(url).slice(0, 80) };
      workers.push(this.record);
    }
    override terminate() {
      this.record.terminated = true;
      super.terminate();
    }
  }
  window.Worker = TrackedWorker;
  restore.push(() => (window.Worker = OriginalWorker));

  const getContext = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, type: string, attributes?: unknown) {
    const context = (getContext as (type: string, attributes?: unknown) => RenderingContext | null).call(this, type, attributes);
    if (context && /^(webgl|webgl2|experimental-webgl)$/.test(type) && !contexts.some((c) => c.canvas === this)) {
      contexts.push({ canvas: this, gl: context as WebGLRenderingContext });
    }
    return context;
  } as typeof getContext;
  restore.push(() => (HTMLCanvasElement.prototype.getContext = getContext));

  return {
    listeners,
    observers,
    workers,
    contexts,
    uninstall() {
      for (const undo of restore.splice(0).reverse()) undo();
    },
  };
}

/** Whether a listener's target still belongs to the page (so a listener left on it keeps the component alive). */
function targetOutlivesComponent(target: EventTarget): boolean {
  if (!(target instanceof Node)) return true; // window, MediaQueryList, a Worker, a selection's EventTarget…
  return target.isConnected;
}

function describeTarget(target: EventTarget): string {
  if (target === window) return 'window';
  if (target === document) return 'document';
  if (target instanceof Element) return `<${target.localName}${target.className && typeof target.className === 'string' ? ` class="${target.className}"` : ''}>`;
  return target.constructor?.name ?? 'EventTarget';
}

/** What a probe saw left behind, as readable lines (empty: nothing leaked). */
export function leaks(probe: ResourceProbe): string[] {
  const out: string[] = [];
  for (const r of probe.listeners) if (targetOutlivesComponent(r.target)) out.push(`listener '${r.type}' on ${describeTarget(r.target)} not removed`);
  for (const o of probe.observers) if (!o.disconnected && o.observed.size) out.push(`${o.kind} still observing ${o.observed.size} target(s)`);
  for (const w of probe.workers) if (!w.terminated) out.push(`Worker ${w.url} not terminated`);
  return out;
}

/** A canvas's pixels as a short fingerprint (size + FNV-1a hash of the RGBA bytes). */
function fingerprint(canvas: HTMLCanvasElement): string {
  const bytes = canvasPixels(canvas);
  let hash = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193);
  return `${canvas.width}×${canvas.height}:${(hash >>> 0).toString(16)}`;
}

/** Whether a canvas has any pixel with alpha > 0 (drawn, not blank). */
export function hasInk(canvas: HTMLCanvasElement): boolean {
  const bytes = canvasPixels(canvas);
  for (let i = 3; i < bytes.length; i += 4) if (bytes[i] > 0) return true;
  return false;
}

/** The root's markup with volatile attributes removed. */
function serialize(element: Element, volatile: string[]): string {
  const copy = element.cloneNode(true) as Element;
  if (volatile.length) for (const node of [copy, ...copy.querySelectorAll('*')]) for (const name of volatile) node.removeAttribute(name);
  return copy.outerHTML;
}

/** Everything a user could see of a component, for "a bad update changes nothing". */
function picture<H extends ContractHandle>(spec: ContractSpec<H>, handle: H): { dom: string; pixels: string[]; state: unknown } {
  return {
    dom: serialize(handle.element, spec.volatileAttributes ?? []),
    pixels: Array.from(handle.element.querySelectorAll('canvas'), fingerprint),
    state: spec.snapshot?.(handle),
  };
}

/** Waits for what a component does after a call: its pending render, then two frames for anything it chains. */
async function settle(handle: ContractHandle): Promise<void> {
  await handle.whenRendered();
  await frames(2);
  await handle.whenRendered();
}

function countRenders(handle: ContractHandle): { count: () => number; stop: () => void } {
  let count = 0;
  const stop = (handle.on as unknown as (type: string, listener: () => void) => () => void)('render', () => count++);
  return { count: () => count, stop };
}

function update(handle: ContractHandle, partial: Record<string, unknown>): void {
  (handle.update as (options: Record<string, unknown>) => void)(partial);
}

/** Resolves as `promise` does, or rejects with `message` after `ms`. */
function within<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer = 0;
  const timeout = new Promise<never>((_, reject) => (timer = window.setTimeout(() => reject(new Error(message)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Resolves at the next `type` event of `target`. */
function nextEvent(target: EventTarget, type: string): Promise<void> {
  return new Promise<void>((resolve) => target.addEventListener(type, () => resolve(), { once: true }));
}

/**
 * Runs the component contract over one factory. Each check is its own test, named after what it checks, so a
 * failure says which part of the contract a component breaks.
 */
export function describeContract<H extends ContractHandle>(name: string, spec: ContractSpec<H>, suite: typeof describe | typeof describe.skip = describe): void {
  suite(`${name}: the component contract`, () => {
    const [width, height] = spec.size ?? [400, 300];
    let box: HTMLDivElement;
    let handles: H[] = [];
    let probe: ResourceProbe | null = null;

    beforeAll(async () => {
      await spec.beforeAll?.();
    });
    afterAll(async () => {
      await spec.afterAll?.();
    });

    const newBox = () => {
      const element = document.createElement('div');
      element.style.cssText = `width:${width}px;height:${height}px;position:relative;font:12px sans-serif`;
      document.body.appendChild(element);
      return element;
    };
    const make = (container: HTMLElement = box): H => {
      const handle = spec.create(container);
      handles.push(handle);
      return handle;
    };

    // Every test starts from a fresh box; handles it made are destroyed and probes removed even when it fails.
    afterEach(() => {
      probe?.uninstall();
      probe = null;
      for (const handle of handles.splice(0)) handle.destroy();
      for (const element of document.querySelectorAll('[data-contract-box]')) element.remove();
    });
    const start = () => {
      box = newBox();
      box.dataset.contractBox = '';
      handles = [];
    };

    it('create: whenRendered() resolves and a render event fires (subscribed before the first frame)', async () => {
      start();
      const handle = make();
      const renders = countRenders(handle);
      await handle.whenRendered();
      // A state is on screen when whenRendered() resolves, and every state that reaches the screen emits render.
      expect(renders.count(), 'render events when whenRendered() resolved').toBeGreaterThanOrEqual(1);
      expect(box.contains(handle.element)).toBe(true);
    });

    it('whenRendered() resolves once the picture is complete: nothing changes on its own afterwards', async () => {
      start();
      const handle = make();
      await settle(handle);
      const drawn = picture(spec, handle);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await frames(2);
      const later = picture(spec, handle);
      expect(later.dom, 'DOM 1 s after whenRendered()').toBe(drawn.dom);
      expect(later.pixels, 'canvas pixels 1 s after whenRendered()').toEqual(drawn.pixels);
    });

    it('a valid update re-renders (a render event) and whenRendered() resolves', async () => {
      start();
      const handle = make();
      await settle(handle);
      const renders = countRenders(handle);
      update(handle, spec.validUpdate);
      await settle(handle);
      expect(renders.count()).toBeGreaterThanOrEqual(1);
    });

    it('a bad update throws a TensorLensError and leaves the component as it was (DOM, pixels, state); a valid update still works', async () => {
      start();
      const handle = make();
      await settle(handle);
      const before = picture(spec, handle);
      for (const bad of spec.badUpdates) {
        let thrown: unknown = null;
        try {
          update(handle, bad);
        } catch (e) {
          thrown = e;
        }
        expect(thrown, `update(${Object.keys(bad).join(', ')}) should throw`).toBeInstanceOf(TensorLensError);
        await settle(handle);
        const after = picture(spec, handle);
        expect(after.dom, `DOM after the bad update(${Object.keys(bad).join(', ')})`).toBe(before.dom);
        expect(after.pixels, `canvas pixels after the bad update(${Object.keys(bad).join(', ')})`).toEqual(before.pixels);
        expect(after.state, 'state after the bad update').toEqual(before.state);
      }
      const renders = countRenders(handle);
      update(handle, spec.validUpdate);
      await settle(handle);
      expect(renders.count()).toBeGreaterThanOrEqual(1);
      const changed = picture(spec, handle);
      expect(changed.dom !== before.dom || changed.pixels.join() !== before.pixels.join(), 'the valid update after the bad ones changed the DOM or the pixels').toBe(true);
    });

    it('on() returns an unsubscribe function that stops delivery', async () => {
      start();
      const handle = make();
      await settle(handle);
      const kept = countRenders(handle);
      const dropped = countRenders(handle);
      dropped.stop();
      update(handle, spec.validUpdate);
      await settle(handle);
      expect(kept.count()).toBeGreaterThanOrEqual(1);
      expect(dropped.count()).toBe(0);
    });

    it("destroy() twice is fine; then update() throws a 'destroyed' TensorLensError and the container is empty", async () => {
      start();
      const handle = make();
      await settle(handle);
      handle.destroy();
      expect(() => handle.destroy()).not.toThrow();
      let thrown: unknown = null;
      try {
        update(handle, spec.validUpdate);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(TensorLensError);
      expect((thrown as TensorLensError).code).toBe('destroyed');
      expect(box.childNodes.length).toBe(0);
    });

    it('destroy() leaves no DOM listener, observer, worker, node or tensor behind', async () => {
      start();
      const tensorsBefore = spec.countTensors?.();
      const nodesBefore = document.getElementsByTagName('*').length;
      probe = installProbe();
      const handle = make();
      await settle(handle);
      update(handle, spec.validUpdate);
      await settle(handle);
      handle.destroy();
      await frames(2);
      expect(leaks(probe)).toEqual([]);
      expect(document.getElementsByTagName('*').length, 'elements in the document after destroy').toBe(nodesBefore);
      if (spec.countTensors) expect(spec.countTensors(), 'live tensors after destroy').toBe(tensorsBefore);
    });

    if (!spec.webgl) return;

    it('destroy() releases every WebGL context it created (gl.isContextLost() afterwards)', async () => {
      start();
      probe = installProbe();
      const handle = make();
      await settle(handle);
      expect(probe.contexts.length, 'WebGL contexts created').toBeGreaterThanOrEqual(1);
      const contexts = [...probe.contexts];
      handle.destroy();
      await frames(1);
      expect(contexts.map((c) => c.gl.isContextLost())).toEqual(contexts.map(() => true));
    });

    it('draws again after its WebGL context is lost and restored', async () => {
      start();
      probe = installProbe();
      const handle = make();
      await settle(handle);
      const { canvas, gl } = probe.contexts[0];
      expect(hasInk(canvas), 'drawn before the loss').toBe(true);
      const extension = gl.getExtension('WEBGL_lose_context')!;
      const lost = nextEvent(canvas, 'webglcontextlost');
      extension.loseContext();
      await within(lost, 3000, 'no webglcontextlost event after loseContext()');
      // Restore in a later task: while the lost event is still being dispatched, the browser has not yet seen
      // whether a listener called preventDefault(), and restoreContext() would be ignored.
      await new Promise((resolve) => setTimeout(resolve, 50));
      // The context comes back only when the page called preventDefault() on webglcontextlost.
      const restored = nextEvent(canvas, 'webglcontextrestored');
      extension.restoreContext();
      await within(restored, 3000, 'no webglcontextrestored event: nothing called preventDefault() on webglcontextlost');
      await until(() => !gl.isContextLost() && hasInk(canvas), 5000).catch(() => {});
      await within(settle(handle), 5000, 'whenRendered() did not resolve after the context was restored');
      expect(gl.isContextLost()).toBe(false);
      expect(hasInk(canvas), 'drawn after the restore').toBe(true);
      // and it keeps working
      update(handle, spec.validUpdate);
      await within(settle(handle), 5000, 'whenRendered() did not resolve for an update after the restore');
      expect(hasInk(canvas)).toBe(true);
    });

    it('50 mounts and destroys in a row do not make Chromium drop the context of a live one', async () => {
      start();
      probe = installProbe();
      const live = make();
      await settle(live);
      const { canvas, gl } = probe.contexts[0];
      const other = newBox();
      other.dataset.contractBox = '';
      for (let i = 0; i < 50; i++) {
        const handle = spec.create(other);
        await handle.whenRendered();
        handle.destroy();
      }
      await frames(2);
      expect(gl.isContextLost(), 'the live component lost its context').toBe(false);
      update(live, spec.validUpdate);
      await settle(live);
      expect(hasInk(canvas)).toBe(true);
    }, 120_000);
  });
}
