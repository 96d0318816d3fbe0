// The worker behind buildActivationAtlas(): receives the activations in float32 chunks (copies made and
// transferred by the caller's side, see sendMatrix), then the other inputs with a 'build' message; runs the
// job flat out, posting progress about every 50 ms, and transfers the result back.
import { TensorLensError } from '@tensorlens/core';
import { atlasResultBuffers, atlasSteps, type AtlasJobInput, type AtlasJobOptions } from './job';

interface WorkerScope {
  onmessage: ((e: MessageEvent) => void) | null;
  postMessage(message: unknown, transfer?: Transferable[]): void;
}
const scope = self as unknown as WorkerScope;

let n = 0;
let d = 0;
let data = new Float32Array(0);

type In =
  | { t: 'alloc'; n: number; d: number }
  | { t: 'chunk'; offset: number; data: Float32Array }
  | { t: 'build'; input: Omit<AtlasJobInput, 'activations' | 'n' | 'd'>; options: AtlasJobOptions };

scope.onmessage = (e: MessageEvent<In>) => {
  const m = e.data;
  if (m.t === 'alloc') {
    n = m.n;
    d = m.d;
    data = new Float32Array(n * d);
  } else if (m.t === 'chunk') data.set(m.data, m.offset);
  else if (m.t === 'build') build({ ...m.input, activations: data, n, d }, m.options);
};

function build(input: AtlasJobInput, options: AtlasJobOptions): void {
  try {
    const g = atlasSteps(input, options);
    let last = -Infinity;
    let r = g.next();
    for (; !r.done; r = g.next()) {
      const s = r.value;
      if (!s) continue;
      const now = performance.now();
      if (now - last < 50) continue;
      last = now;
      scope.postMessage({ t: 'progress', phase: s.phase, fraction: s.fraction });
    }
    scope.postMessage({ t: 'done', result: r.value }, atlasResultBuffers(r.value));
  } catch (err) {
    const tl = err instanceof TensorLensError ? [err.code, err.argument, err.expected, err.received] : undefined;
    scope.postMessage({ t: 'error', error: { tl, message: err instanceof Error ? err.message : String(err) } });
  }
}
