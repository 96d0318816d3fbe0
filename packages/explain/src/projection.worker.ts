// The worker behind every projection and neighbour index. It receives the matrix in float32 chunks
// (copies made by the caller's side, transferred), then either runs one projection or holds the
// matrix as a neighbour index and answers queries.
import { finiteSteps, projectionSteps, serializeError, type JobOptions } from './jobs';
import { inverseNorms, knnSteps, type Metric } from './knn';
import type { ProjectionMethod } from './types';
import { drain } from './eigen';

interface WorkerScope {
  onmessage: ((e: MessageEvent) => void) | null;
  postMessage(message: unknown, transfer?: Transferable[]): void;
}
const scope = self as unknown as WorkerScope;

let n = 0;
let d = 0;
let data = new Float32Array(0);
let metric: Metric = 'euclidean';
let inv: Float32Array | null = null;

type In =
  | { t: 'alloc'; n: number; d: number }
  | { t: 'chunk'; offset: number; data: Float32Array }
  | { t: 'project'; method: ProjectionMethod; options: JobOptions }
  | { t: 'index'; metric: Metric }
  | { t: 'query'; id: number; i: number; vector: Float32Array | null; k: number };

scope.onmessage = (e: MessageEvent<In>) => {
  const m = e.data;
  if (m.t === 'alloc') {
    n = m.n;
    d = m.d;
    data = new Float32Array(n * d);
  } else if (m.t === 'chunk') data.set(m.data, m.offset);
  else if (m.t === 'project') project(m.method, m.options);
  else if (m.t === 'index') {
    try {
      drain(finiteSteps(data, n, d, 'data'));
      metric = m.metric;
      inv = metric === 'cosine' ? inverseNorms(data, n, d) : null;
      scope.postMessage({ t: 'ready' });
    } catch (err) {
      scope.postMessage({ t: 'error', error: serializeError(err) });
    }
  } else if (m.t === 'query') {
    try {
      const q = m.vector ?? data.subarray(m.i * d, (m.i + 1) * d);
      const r = drain(knnSteps(data, n, d, q, m.k, metric, inv, m.vector ? -1 : m.i));
      scope.postMessage({ t: 'result', id: m.id, indices: r.indices, distances: r.distances }, [r.indices.buffer, r.distances.buffer]);
    } catch (err) {
      scope.postMessage({ t: 'qerror', id: m.id, error: serializeError(err) });
    }
  }
};

function project(method: ProjectionMethod, options: JobOptions): void {
  try {
    const g = projectionSteps(method, data, n, d, options);
    let last = 0;
    let r = g.next();
    for (; !r.done; r = g.next()) {
      const s = r.value;
      if (!s) continue;
      const now = performance.now();
      if (s.positions) scope.postMessage({ t: 'progress', progress: s.progress, iteration: s.iteration, positions: s.positions }, [s.positions.buffer]);
      else if (now - last >= 50) scope.postMessage({ t: 'progress', progress: s.progress, iteration: s.iteration });
      else continue;
      last = now;
    }
    const res = r.value;
    const transfer = [res.positions.buffer, res.explainedVariance?.buffer, res.explainedVarianceRatio?.buffer, res.components?.buffer, res.mean?.buffer].filter(Boolean) as ArrayBuffer[];
    scope.postMessage({ t: 'done', result: res }, transfer);
  } catch (err) {
    scope.postMessage({ t: 'error', error: serializeError(err) });
  }
}
