// Shared plumbing: reading the matrix, sending it to a worker in copied chunks, running a job inline
// in slices, abort errors.
import { fail, startWorker, toNDArray, type TypedArray } from '@tensorlens/core';
import type { Matrix } from './types';
import { deserializeError } from './jobs';

/** The rejection of an aborted call. */
export function abortError(): DOMException {
  return new DOMException('The operation was aborted', 'AbortError');
}

/** Resolves on the next macrotask (a MessageChannel tick where available: no 4 ms timer clamp). */
export function nextTask(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((r) => setTimeout(r, 0));
  return new Promise((r) => {
    const c = new MessageChannel();
    c.port1.onmessage = () => {
      c.port1.close();
      r();
    };
    c.port2.postMessage(0);
  });
}

/** Reads and checks an [N, D] matrix (N ≥ 2, D ≥ 1). Finiteness is checked later, off the main thread. */
export async function readMatrix(input: Matrix | unknown, name = 'data'): Promise<{ data: TypedArray; n: number; d: number }> {
  const a = await toNDArray(input, { name, rank: 2, finite: false });
  const [n, d] = a.shape;
  if (n < 2) throw fail('empty', name, 'at least 2 rows', `${n} row${n == 1 ? '' : 's'} (shape [${a.shape}])`);
  if (d < 1) throw fail('shape', name, 'at least 1 column', `shape [${a.shape}]`);
  return { data: a.data, n, d };
}

const CHUNK = 1 << 22; // 4M elements, 16 MB: a few ms to copy

/** Sends a float32 copy of `data` to `worker` in transferred chunks, yielding to the event loop between chunks. */
export async function sendMatrix(worker: Worker, data: TypedArray, n: number, d: number): Promise<void> {
  worker.postMessage({ t: 'alloc', n, d });
  for (let o = 0; o < data.length; o += CHUNK) {
    if (o) await nextTask();
    const part = new Float32Array(data.subarray(o, Math.min(data.length, o + CHUNK)));
    worker.postMessage({ t: 'chunk', offset: o, data: part }, [part.buffer]);
  }
}

/** A float32 copy of `data`, made in slices. */
export async function copyFloat32(data: TypedArray): Promise<Float32Array> {
  const out = new Float32Array(data.length);
  for (let o = 0; o < data.length; o += CHUNK) {
    if (o) await nextTask();
    out.set(data.subarray(o, Math.min(data.length, o + CHUNK)), o);
  }
  return out;
}

/**
 * Pauses and resumes a running projection (t-SNE, UMAP): pass it as `options.control` to {@link project}. A paused
 * projection stops stepping (in the worker too) and continues where it stopped on `resume()`, with the same
 * result as a run that was never paused.
 */
export interface ProjectionControl {
  /** True while paused. */
  readonly paused: boolean;
  /** Stops stepping at the next turn (within about 20 ms). */
  pause(): void;
  /** Continues from where it stopped. */
  resume(): void;
  /** Calls `fn` with the new state on every pause() and resume() that changes it; returns an unsubscribe function. */
  onChange(fn: (paused: boolean) => void): () => void;
}

/** A new {@link ProjectionControl}, not paused (or paused from the start with `{ paused: true }`). */
export function createProjectionControl(init: { paused?: boolean } = {}): ProjectionControl {
  let paused = !!init.paused;
  const listeners = new Set<(paused: boolean) => void>();
  const set = (p: boolean) => {
    if (p === paused) return;
    paused = p;
    for (const fn of [...listeners]) fn(p);
  };
  return {
    get paused() {
      return paused;
    },
    pause: () => set(true),
    resume: () => set(false),
    onChange(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
}

/** Resolves once `control` is not paused; rejects with an AbortError when `signal` aborts first. */
export function whilePaused(control: Pick<ProjectionControl, 'paused' | 'onChange'>, signal?: AbortSignal): Promise<void> {
  if (!control.paused) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = () => {
      off();
      signal?.removeEventListener('abort', onAbort);
    };
    const off = control.onChange((p) => {
      if (p) return;
      done();
      resolve();
    });
    const onAbort = () => {
      done();
      reject(abortError());
    };
    signal?.addEventListener('abort', onAbort);
  });
}

/** What {@link runSliced} does while paused. */
export interface SlicedPause<S> {
  control: Pick<ProjectionControl, 'paused' | 'onChange'>;
  /** Called once each time the run stops, with the last non-empty step (null before the first). */
  onPaused?: (last: S | null) => void;
}

/**
 * Runs a generator on the calling thread in slices of about `sliceMs`, giving the event loop a turn
 * between slices; checks `signal` at each turn. `onStep` receives every non-empty yield. With `pause`, the run
 * waits at a turn while its control is paused and then goes on from the same step.
 */
export async function runSliced<S, T>(g: Generator<S | undefined, T>, onStep: (s: S) => void, signal?: AbortSignal, sliceMs = 20, pause?: SlicedPause<S>): Promise<T> {
  let t0 = performance.now();
  let last: S | null = null;
  for (;;) {
    if (signal?.aborted) throw abortError();
    if (pause?.control.paused) {
      pause.onPaused?.(last);
      await whilePaused(pause.control, signal);
      t0 = performance.now();
    }
    const r = g.next();
    if (r.done) return r.value;
    if (r.value !== undefined) {
      last = r.value;
      onStep(r.value);
    }
    if (performance.now() - t0 > sliceMs) {
      await nextTask();
      t0 = performance.now();
    }
  }
}

/** True when a Web Worker can be started here. */
export const canUseWorker = (): boolean => typeof Worker !== 'undefined' && typeof URL !== 'undefined';

/**
 * The rejection of {@link runWorkerJob} when the browser refused the worker (a Content-Security-Policy without
 * `worker-src blob:`): the caller runs the job on the calling thread instead (core's startWorker has said so once
 * in the console).
 */
export class WorkerRefusedError extends Error {
  constructor(what: string) {
    super(`The browser refused the Web Worker for ${what}`);
    this.name = 'WorkerRefusedError';
  }
}

/** Runs `inWorker()`; where the browser refuses the worker, runs `here()` on the calling thread instead. */
export async function withMainThreadFallback<T>(inWorker: () => Promise<T>, here: () => Promise<T>): Promise<T> {
  try {
    return await inWorker();
  } catch (error) {
    if (error instanceof WorkerRefusedError) return here();
    throw error;
  }
}

/**
 * Runs one job in a fresh worker: `send` posts its input (e.g. sendMatrix then the job message); 'progress'
 * messages go to `onStep`; 'done' resolves with `result`, 'error' rejects with the deserialised error. The
 * worker is terminated when the job ends, fails or `signal` aborts (rejecting with an AbortError). A worker the
 * browser refuses (core's startWorker) rejects with a {@link WorkerRefusedError}; `what` names the job for the
 * console line and error messages ("projections").
 */
export function runWorkerJob<R, S>(start: () => Worker, what: string, send: (w: Worker) => Promise<void>, onStep: (s: S) => void, signal?: AbortSignal): Promise<R> {
  // The abort may have come while the input was read (its 'abort' event is gone by now): no worker then.
  if (signal?.aborted) return Promise.reject(abortError());
  return new Promise<R>((resolve, reject) => {
    let over = false;
    const w = startWorker(start, { what, onRefused: () => fail(new WorkerRefusedError(what)) });
    if (!w) return reject(new WorkerRefusedError(what));
    const finish = () => {
      over = true;
      w.terminate();
      signal?.removeEventListener('abort', onAbort);
    };
    const fail = (err: unknown) => {
      if (over) return;
      finish();
      reject(err);
    };
    const onAbort = () => fail(abortError());
    signal?.addEventListener('abort', onAbort);
    w.onmessage = (e: MessageEvent) => {
      if (over) return;
      const m = e.data;
      if (m.t === 'progress') onStep(m as S);
      else if (m.t === 'done') {
        finish();
        resolve(m.result as R);
      } else if (m.t === 'error') fail(deserializeError(m.error));
    };
    w.onerror = (e: ErrorEvent) => fail(new Error(`The Web Worker for ${what} failed: ${e.message || 'an error without a message'}`));
    send(w).then(
      () => undefined,
      (err) => fail(err),
    );
  });
}
