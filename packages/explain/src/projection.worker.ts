// The worker behind every projection and neighbour index. It receives the matrix in float32 chunks
// (copies made by the caller's side, transferred), then either runs one projection or holds the
// matrix as a neighbour index and answers queries.
import { finiteSteps, projectionSteps, serializeError, type JobOptions } from './jobs';
import { inverseNorms, knnSteps, type Metric } from './knn';
import type { ProjectionMethod } from './types';
import { drain } from './eigen';
import { createProjectionControl, runSliced } from './run';
import type { Step } from './tsne';

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
// Pause/resume of the running projection: the job runs in slices, so these messages arrive between them.
const control = createProjectionControl();

type In =
  | { t: 'alloc'; n: number; d: number }
  | { t: 'chunk'; offset: number; data: Float32Array }
  | { t: 'project'; method: ProjectionMethod; options: JobOptions; paused?: boolean }
  | { t: 'pause' }
  | { t: 'resume' }
  | { t: 'index'; metric: Metric }
  | { t: 'query'; id: number; i: number; vector: Float32Array | null; k: number };

scope.onmessage = (e: MessageEvent<In>) => {
  const m = e.data;
  if (m.t === 'alloc') {
    n = m.n;
    d = m.d;
    data = new Float32Array(n * d);
  } else if (m.t === 'chunk') data.set(m.data, m.offset);
  else if (m.t === 'project') {
    if (m.paused) control.pause();
    void project(m.method, m.options);
  } else if (m.t === 'pause') control.pause();
  else if (m.t === 'resume') control.resume();
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

/** Runs one projection in slices of ~25 ms (so 'pause' and 'resume' are heard between them), posting progress. */
async function project(method: ProjectionMethod, options: JobOptions): Promise<void> {
  try {
    let last = 0;
    const post = (s: Step, paused?: boolean) => {
      if (paused) scope.postMessage({ t: 'progress', progress: s.progress, iteration: s.iteration, paused: true });
      else if (s.positions) scope.postMessage({ t: 'progress', progress: s.progress, iteration: s.iteration, positions: s.positions }, [s.positions.buffer]);
      else {
        const now = performance.now();
        if (now - last < 50) return;
        last = now;
        scope.postMessage({ t: 'progress', progress: s.progress, iteration: s.iteration });
      }
    };
    const onPaused = (s: Step | null) => post({ progress: s?.progress ?? 0, iteration: s?.iteration ?? 0 }, true);
    const res = await runSliced(projectionSteps(method, data, n, d, options), (s) => post(s), undefined, 25, { control, onPaused });
    const transfer = [res.positions.buffer, res.explainedVariance?.buffer, res.explainedVarianceRatio?.buffer, res.components?.buffer, res.mean?.buffer].filter(Boolean) as ArrayBuffer[];
    scope.postMessage({ t: 'done', result: res }, transfer);
  } catch (err) {
    scope.postMessage({ t: 'error', error: serializeError(err) });
  }
}
