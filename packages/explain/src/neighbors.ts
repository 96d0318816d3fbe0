// createNeighborIndex(): the matrix is sent to a worker once; each query scans all N rows there.
import { assertFinite, fail, isTypedArray, startWorker } from '@tensorlens/core';
import { deserializeError, finiteSteps } from './jobs';
import { inverseNorms, knnSteps, type Metric, type NeighborResult } from './knn';
import { startProjectionWorker } from './projection';
import { abortError, canUseWorker, copyFloat32, readMatrix, runSliced, sendMatrix } from './run';
import type { Matrix } from './types';

/** Options of {@link createNeighborIndex}. */
export interface NeighborIndexOptions {
  /** Distance, default `'euclidean'`. Cosine distance is 1 − cos; a zero row is at distance 1 from everything. */
  metric?: Metric;
  /** Hold the data in a Web Worker (default where `Worker` exists); `false` answers on the calling thread in ~20 ms slices. */
  worker?: boolean;
  /** Cancels building: the worker is terminated and the promise rejects with an AbortError. */
  signal?: AbortSignal;
}

/** Options of {@link NeighborIndex.query}. */
export interface QueryOptions {
  /** Rejects the query with an AbortError (the index stays usable). */
  signal?: AbortSignal;
}

/** An exact nearest-neighbour index over all N rows. */
export interface NeighborIndex {
  readonly n: number;
  readonly dims: number;
  readonly metric: Metric;
  /**
   * The k nearest rows to row `i` (itself excluded) or to a vector of length `dims`, sorted by distance
   * (ties: lower index first). `1 ≤ k < n`.
   */
  query(i: number | Float32Array | ArrayLike<number>, k: number, opts?: QueryOptions): Promise<NeighborResult>;
  /** Terminates the worker; later queries reject with a 'destroyed' error. Idempotent. */
  destroy(): void;
}

/** Builds an exact neighbour index over the rows of an [N, D] matrix (copied once into a worker). */
export async function createNeighborIndex(data: Matrix, options: NeighborIndexOptions = {}): Promise<NeighborIndex> {
  const metric = options.metric ?? 'euclidean';
  if (metric !== 'euclidean' && metric !== 'cosine') throw fail('option', 'options.metric', "'euclidean' or 'cosine'", metric);
  const signal = options.signal;
  if (signal?.aborted) throw abortError();
  const { data: raw, n, d } = await readMatrix(data, 'data');
  let destroyed = false;
  const check = (q: number | Float32Array | ArrayLike<number>, k: number): Float32Array | null => {
    if (destroyed) throw fail('destroyed', 'index', 'a live index', 'a destroyed one');
    if (!(Number.isInteger(k) && k >= 1 && k < n)) throw fail('range', 'k', `an integer in [1, ${n - 1}] (k < N = ${n})`, k);
    if (typeof q === 'number') {
      if (!(Number.isInteger(q) && q >= 0 && q < n)) throw fail('range', 'query', `a row index in [0, ${n - 1}]`, q);
      return null;
    }
    if (!(isTypedArray(q) || Array.isArray(q))) throw fail('type', 'query', 'a row index or a vector', q);
    if (q.length !== d) throw fail('shape', 'query', `a vector of length ${d}`, `length ${q.length}`);
    assertFinite(q, 'query');
    return Float32Array.from(q);
  };

  /** The index on the calling thread, answering in ~20 ms slices. */
  const here = async (): Promise<NeighborIndex> => {
    destroyed = false;
    const f32 = await copyFloat32(raw);
    await runSliced(finiteSteps(f32, n, d, 'data'), () => {}, signal);
    const inv = metric === 'cosine' ? inverseNorms(f32, n, d) : null;
    return {
      n,
      dims: d,
      metric,
      async query(q, k, opts = {}) {
        const vec = check(q, k);
        const i = vec ? -1 : (q as number);
        return runSliced(knnSteps(f32, n, d, vec ?? f32.subarray(i * d, (i + 1) * d), k, metric, inv, i), () => {}, opts.signal);
      },
      destroy() {
        destroyed = true;
      },
    };
  };
  if (!(options.worker ?? canUseWorker())) return here();

  if (signal?.aborted) throw abortError(); // aborted while the matrix was read: start no worker
  // Where the browser refuses the worker (a Content-Security-Policy without worker-src blob:), the index is
  // built here instead (core's startWorker says so once in the console).
  const pending = new Map<number, { resolve: (r: NeighborResult) => void; reject: (e: unknown) => void }>();
  let nextId = 0;
  // Set below; a refusal is an event, so it comes after the promise that waits for the index exists.
  let onRefused = () => {};
  const w = startWorker(startProjectionWorker, { what: 'nearest neighbours', onRefused: () => onRefused() });
  if (!w) return here();
  const kill = (why: unknown) => {
    destroyed = true;
    w.terminate();
    for (const p of pending.values()) p.reject(why);
    pending.clear();
  };
  const built = await new Promise<boolean>((resolve, reject) => {
    onRefused = () => {
      destroyed = true;
      signal?.removeEventListener('abort', onAbort);
      resolve(false);
    };
    const onAbort = () => {
      kill(abortError());
      reject(abortError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    w.onmessage = (e: MessageEvent) => {
      const m = e.data;
      if (m.t === 'ready') {
        signal?.removeEventListener('abort', onAbort);
        resolve(true);
      } else if (m.t === 'error') {
        signal?.removeEventListener('abort', onAbort);
        kill(deserializeError(m.error));
        reject(deserializeError(m.error));
      }
    };
    w.onerror = (e: ErrorEvent) => {
      const err = new Error(`The Web Worker for nearest neighbours failed: ${e.message || 'an error without a message'}`);
      kill(err);
      reject(err);
    };
    sendMatrix(w, raw, n, d).then(
      () => !destroyed && w.postMessage({ t: 'index', metric }),
      (err) => {
        kill(err);
        reject(err);
      },
    );
  });
  if (!built) return here();
  w.onmessage = (e: MessageEvent) => {
    const m = e.data;
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.t === 'result') p.resolve({ indices: m.indices, distances: m.distances });
    else p.reject(deserializeError(m.error));
  };
  w.onerror = (e: ErrorEvent) => kill(new Error(`The Web Worker for nearest neighbours failed: ${e.message || 'an error without a message'}`));
  return {
    n,
    dims: d,
    metric,
    query(q, k, opts = {}) {
      return new Promise<NeighborResult>((resolve, reject) => {
        const vec = check(q, k);
        const sig = opts.signal;
        if (sig?.aborted) throw abortError();
        const id = nextId++;
        const onAbort = () => {
          pending.delete(id);
          reject(abortError());
        };
        sig?.addEventListener('abort', onAbort, { once: true });
        const done = () => sig?.removeEventListener('abort', onAbort);
        pending.set(id, {
          resolve: (r) => (done(), resolve(r)),
          reject: (e) => (done(), reject(e)),
        });
        w.postMessage({ t: 'query', id, i: vec ? -1 : q, vector: vec, k });
      });
    },
    destroy() {
      if (!destroyed) kill(fail('destroyed', 'index', 'a live index', 'a destroyed one'));
    },
  };
}

/** The k nearest rows of `data` to row `query` (itself excluded) or to a vector: a one-off index, queried once and destroyed. */
export async function nearestNeighbors(data: Matrix, query: number | Float32Array | ArrayLike<number>, k: number, options: NeighborIndexOptions = {}): Promise<NeighborResult> {
  const index = await createNeighborIndex(data, options);
  try {
    return await index.query(query, k, { signal: options.signal });
  } finally {
    index.destroy();
  }
}
