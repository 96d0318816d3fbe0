// Main-thread side of the spatial index: owns the worker, sends copies of the positions, and turns replies
// into promises. Until the index is ready, hover answers -1 at once (hover never blocks); polygon queries wait.
// The worker starts late on purpose: `load` only records the positions; the worker is created and sent them on
// `startSoon()` (the point cloud calls it once a frame is drawn, so indexing never competes with the first
// frame for the CPU), on the first query, or after at most 500 ms.
// Where the page refuses the worker (a Content-Security-Policy without worker-src blob:), the same handler answers
// on the main thread (core's startWorker says so once in the console), so hover and lasso keep working.
import { startWorker } from '@tensorlens/core';
import { createIndexHandler } from './spatial-handler';
import type { IndexRequest, IndexResponse } from './spatial-protocol';

/** What the index computes, for the console line when its worker is refused. */
const WHAT = "the point cloud's hover and lasso index";

/** Workers alive across all point clouds (for leak tests). */
export const liveWorkers = { count: 0 };

export interface HoverQuery {
  x: number;
  y: number;
  radius: number;
  scaleY: number;
  matrix?: number[];
  w: number;
  h: number;
}

export class SpatialIndex {
  declare private worker: Worker | null;
  /** The handler answering on the main thread, once the worker was refused (or where there is no Worker). */
  declare private local: ((q: IndexRequest) => void) | null;
  /** The positions and visibility sent before the worker first answered, to send again to the main-thread handler after a late refusal. */
  declare private workerRan: boolean;
  declare private sent: { load: { id: number; dims: 2 | 3; x: Float32Array; y: Float32Array; z: Float32Array | null } | null; visible: Uint8Array | null };
  declare private ids: number;
  declare private waiting: Map<number, (r: IndexResponse) => void>;
  declare private readyId: number;
  declare ready: boolean;
  declare private readyWaiters: Array<() => void>;
  declare private pendingLoad: { id: number; dims: 2 | 3; x: Float32Array; y: Float32Array; z: Float32Array | null } | null;
  declare private pendingVisible: { v: Uint8Array | null } | null;
  declare private timer: ReturnType<typeof setTimeout> | null;
  declare private destroyed: boolean;

  constructor() {
    this.ids = 0;
    this.waiting = new Map();
    this.readyId = -1;
    this.ready = false;
    this.readyWaiters = [];
    this.worker = null;
    this.local = null;
    this.sent = { load: null, visible: null };
    this.workerRan = false;
    this.pendingLoad = null;
    this.pendingVisible = null;
    this.timer = null;
    this.destroyed = false;
  }

  /** True while positions wait to be sent (the index is not being built yet). */
  get pending(): boolean {
    return !!this.pendingLoad;
  }

  private start(): void {
    if (this.worker || this.local || this.destroyed) return;
    const w = startWorker(() => new Worker(new URL('./spatial-index.worker.ts', import.meta.url), { type: 'module' }), { what: WHAT, onRefused: () => this.refused() });
    if (!w) return this.useMainThread();
    liveWorkers.count++;
    w.onmessage = (e: MessageEvent<IndexResponse>) => {
      // It runs: nothing needs sending again (and the old positions need not be kept).
      this.workerRan = true;
      this.sent = { load: null, visible: null };
      this.receive(e.data);
    };
    this.worker = w;
  }

  /** The worker never started (refused after creation): answer on the main thread from the last data sent. */
  private refused(): void {
    if (!this.worker) return;
    this.worker = null;
    liveWorkers.count--;
    if (this.destroyed) return;
    this.useMainThread();
    const { load, visible } = this.sent;
    if (load) this.send({ type: 'init', ...load });
    if (visible) this.send({ type: 'visible', visible });
  }

  /** Answers every request with the worker's handler on this thread (answers still arrive asynchronously). */
  private useMainThread(): void {
    this.local = createIndexHandler((r) => {
      void Promise.resolve().then(() => !this.destroyed && this.receive(r));
    });
  }

  private receive(r: IndexResponse): void {
    if (r.type === 'ready') {
      if (r.id !== this.readyId) return;
      this.ready = true;
      for (const f of this.readyWaiters.splice(0)) f();
      return;
    }
    const f = this.waiting.get(r.id);
    this.waiting.delete(r.id);
    f?.(r);
  }

  /** Sends what `load`/`setVisible` recorded (creating the worker first). */
  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.destroyed) return;
    this.start();
    const l = this.pendingLoad;
    this.pendingLoad = null;
    if (l) {
      if (!this.workerRan) this.sent.load = l;
      const X = l.x.slice(), Y = l.y.slice(), Z = l.z ? l.z.slice() : null;
      this.send({ type: 'init', id: l.id, dims: l.dims, x: X, y: Y, z: Z }, Z ? [X.buffer, Y.buffer, Z.buffer] : [X.buffer, Y.buffer]);
    }
    const v = this.pendingVisible;
    this.pendingVisible = null;
    if (v) {
      if (!this.workerRan) this.sent.visible = v.v;
      this.send({ type: 'visible', visible: v.v });
    }
  }

  /** Starts indexing after the current task (e.g. once the first frame is drawn). */
  startSoon(): void {
    if (this.destroyed || (!this.pendingLoad && !this.pendingVisible)) return;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), 0);
  }

  private send(q: IndexRequest, transfer: Transferable[] = []) {
    if (this.worker) this.worker.postMessage(q, transfer);
    else this.local?.(q);
  }

  /** True once requests can be answered (by the worker, or on the main thread). */
  private get answering(): boolean {
    return !!(this.worker || this.local);
  }

  /** Indexes new positions (compact order), from `startSoon`, the first query or 500 ms on. The arrays are copied then; the copies are transferred. */
  load(dims: 2 | 3, x: Float32Array, y: Float32Array, z: Float32Array | null): void {
    this.ready = false;
    const id = (this.readyId = ++this.ids);
    // Answer stale queries with nothing.
    for (const [k, f] of this.waiting) {
      this.waiting.delete(k);
      f({ type: 'polygon', id: k, indices: new Uint32Array(0) });
    }
    this.pendingLoad = { id, dims, x, y, z };
    if (this.timer === null && !this.destroyed) this.timer = setTimeout(() => this.flush(), 500);
  }

  /** Restricts queries to points with visible[g] = 1 (null: all). */
  setVisible(visible: Uint8Array | null): void {
    const v = visible ? visible.slice() : null;
    if (this.pendingLoad || !this.answering) this.pendingVisible = { v };
    else {
      if (!this.workerRan) this.sent.visible = v;
      this.send({ type: 'visible', visible: v });
    }
  }

  whenReady(): Promise<void> {
    if (this.pendingLoad) this.flush();
    return this.ready || !this.answering ? Promise.resolve() : new Promise((r) => this.readyWaiters.push(r));
  }

  /** The nearest point (compact index) or -1; -1 at once while the index is being built. */
  hover(q: HoverQuery): Promise<number> {
    if (this.pendingLoad) this.flush();
    if (!this.ready || !this.answering) return Promise.resolve(-1);
    const id = ++this.ids;
    return new Promise((resolve) => {
      this.waiting.set(id, (r) => resolve(r.type === 'hover' ? r.index : -1));
      this.send({ type: 'hover', id, ...q });
    });
  }

  /** Points (compact indices, ascending) inside a polygon: data units in 2D, screen pixels with `matrix` in 3D. */
  async polygon(polygon: Float64Array, matrix: number[] | undefined, w: number, h: number): Promise<Uint32Array> {
    await this.whenReady();
    if (!this.answering) return new Uint32Array(0);
    const id = ++this.ids;
    return new Promise((resolve) => {
      this.waiting.set(id, (r) => resolve(r.type === 'polygon' ? r.indices : new Uint32Array(0)));
      this.send({ type: 'polygon', id, polygon, matrix, w, h });
    });
  }

  destroy(): void {
    this.destroyed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.pendingLoad = this.pendingVisible = null;
    if (this.worker) {
      this.worker.terminate();
      this.worker = null;
      liveWorkers.count--;
    }
    this.local = null;
    this.sent = { load: null, visible: null };
    for (const f of this.waiting.values()) f({ type: 'hover', id: -1, index: -1 });
    this.waiting.clear();
    for (const f of this.readyWaiters.splice(0)) f();
  }
}
