// Integrated gradients, 64 steps (the default midpoint rule: 64 gradient evaluations per digit), on the small MNIST CNN of
// stories/data/mnist-cnn: batched (batchSize 32, i.e. 32 path points per forward/backward pass) versus one path
// point at a time (batchSize 1), same code, same run, on tfjs-core's WebGL backend (SwiftShader here) and on the
// CPU backend. Timings include reading the attributions back (data()), and are medians of repeated runs.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import { integratedGradients, sequentialFromWeights, type SequentialSpec } from '@tensorlens/explain/attribution';
import modelJson from '../../stories/data/mnist-cnn/model.json';
import digitsJson from '../../stories/data/mnist-cnn/digits.json';
import { emit, median, round, run } from './harness';

const BATCH = 32;
const N_DIGITS = 4;

const bytes = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

async function time(f: () => Promise<void>, reps: number): Promise<number> {
  const ts: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await f();
    ts.push(performance.now() - t0);
  }
  return median(ts);
}

run(async () => {
  for (const backend of ['webgl', 'cpu']) {
    if (!(await tf.setBackend(backend).catch(() => false))) {
      console.log(`backend ${backend} unavailable`);
      continue;
    }
    await tf.ready();
    const w = bytes(modelJson.weightsData.data);
    const model = sequentialFromWeights(modelJson as unknown as SequentialSpec, new Float32Array(w.buffer));
    const px = bytes(digitsJson.pixels);
    const x = tf.tensor4d(Float32Array.from(px.subarray(0, N_DIGITS * 784), (v) => v / 255), [N_DIGITS, 28, 28, 1]);
    const target = digitsJson.labels.slice(0, N_DIGITS);
    const ig = (batchSize: number) => async () => {
      const r = await integratedGradients(model.predict, x, { target, steps: 64, batchSize });
      await r.attributions.data();
      r.attributions.dispose();
    };
    // warm-up: shader compilation / kernel caches for both batch shapes
    await ig(BATCH)();
    await ig(1)();
    const reps = backend == 'cpu' ? 3 : 5;
    const before = tf.memory().numTensors;
    const ours = await time(ig(BATCH), reps);
    const peer = await time(ig(1), reps);
    if (tf.memory().numTensors != before) throw new Error(`leaked ${tf.memory().numTensors - before} tensors`);
    await emit({
      bench: 'attribution/integrated-gradients-64',
      n: N_DIGITS,
      ours_ms: round(ours),
      peer: 'one step at a time',
      peer_ms: round(peer),
      ratio: round(ours / peer, 3),
      backend,
      batchSize: BATCH,
      evaluations: N_DIGITS * 64,
      reps,
    });
    x.dispose();
    model.dispose();
  }
});
