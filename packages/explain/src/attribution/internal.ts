// Shared machinery of the attribution methods: validation, target scores, batching with yield/abort/progress.
import * as tf from '@tensorflow/tfjs-core';
import { fail, assertFinite, isTensorLike } from '@tensorlens/core';
import type { AttributionOptions, ModelFn } from './types';

/** Checks `x` is a float tensor of one of the given ranks with finite values; returns its values. */
export async function checkInput(input: unknown, ranks: number[], name = 'x'): Promise<Float32Array> {
  // Duck-typed (a tensor of another tfjs-core copy still works with our ops when they share the engine).
  if (!isTensorLike(input) || typeof (input as tf.Tensor).rank != 'number') throw fail('type', name, 'a tf.Tensor', input);
  const x = input as tf.Tensor;
  const expected = ranks[0] == 0 ? 'a tensor of rank ≥ 2 [B, …]' : ranks.length > 1 ? `a ${ranks.join('-D or ')}-D tensor` : `a ${ranks[0]}-D tensor${ranks[0] == 4 ? ' [B, H, W, C]' : ''}`;
  if (!ranks.includes(x.rank) && !(ranks[0] == 0 && x.rank >= 2)) throw fail('shape', name, expected, `shape [${x.shape}]`);
  if (x.size == 0) throw fail('empty', name, 'at least one element', `shape [${x.shape}]`);
  if (x.dtype != 'float32') throw fail('dtype', name, 'a float32 tensor', x.dtype);
  const data = (await x.data()) as Float32Array;
  assertFinite(data, name, x.shape);
  return data;
}

/** Any rank ≥ 2 (batch first). */
export const ANY_BATCH = [0];

/** Positive integer option check. */
export function checkInt(value: number | undefined, name: string, dflt: number, min = 1): number {
  if (value === undefined) return dflt;
  if (!Number.isInteger(value) || value < min) throw fail('range', name, `an integer ≥ ${min}`, value);
  return value;
}

/** Runs the model once on `x` (in batches), checks the output is [B, C], validates the targets; returns per-row target scores and targets. */
export async function targetScores(
  model: ModelFn,
  x: tf.Tensor,
  target: AttributionOptions['target'],
  batchSize: number,
): Promise<{ scores: Float32Array; targets: Int32Array; classes: number }> {
  if (typeof model != 'function') throw fail('type', 'model', 'a function (x: tf.Tensor) => tf.Tensor', model);
  const B = x.shape[0];
  const scores = new Float32Array(B);
  let classes = -1;
  let targets: Int32Array | undefined;
  for (let s = 0; s < B; s += batchSize) {
    const e = Math.min(B, s + batchSize);
    const out = tf.tidy(() => {
      const y = model(sliceRows(x, s, e));
      if (!isTensorLike(y) || y.rank != 2 || y.shape[0] != e - s)
        throw fail('shape', 'model(x)', `a [${e - s}, C] tensor (one row of class scores per input row)`, isTensorLike(y) ? `shape [${y.shape}]` : y);
      return y;
    });
    try {
      if (classes < 0) {
        classes = out.shape[1]!;
        targets = resolveTargets(target, B, classes);
      }
      const v = (await out.data()) as Float32Array;
      for (let i = s; i < e; i++) scores[i] = v[(i - s) * classes + targets![i]];
    } finally {
      out.dispose();
    }
  }
  return { scores, targets: targets!, classes };
}

/** One class index per row, checked against the class count. */
export function resolveTargets(target: AttributionOptions['target'], rows: number, classes: number): Int32Array {
  const t = new Int32Array(rows);
  if (typeof target == 'number') t.fill(target);
  else if (target && typeof (target as ArrayLike<number>).length == 'number') {
    if (target.length != rows) throw fail('length', 'options.target', `one class index per row of x (${rows})`, `${target.length} indices`);
    for (let i = 0; i < rows; i++) t[i] = target[i];
  } else throw fail('type', 'options.target', 'a class index or one per row', target);
  for (let i = 0; i < rows; i++) {
    const v = typeof target == 'number' ? target : target[i];
    if (!Number.isInteger(v) || v < 0 || v >= classes)
      throw fail('range', typeof target == 'number' ? 'options.target' : `options.target[${i}]`, `an integer class index in [0, ${classes - 1}]`, v);
  }
  return t;
}

/** Rows `[s, e)` of a batch-first tensor. */
export function sliceRows(x: tf.Tensor, s: number, e: number): tf.Tensor {
  return s == 0 && e == x.shape[0] ? x : tf.slice(x, [s], [e - s]);
}

/**
 * Gradient of Σ_rows model(inputs)[row, target[row]] with respect to `inputs`: each row's gradient of its own
 * target score (rows of a batch do not interact in an inference-mode model).
 */
export function targetGradient(model: ModelFn, inputs: tf.Tensor, targets: Int32Array | number[], classes: number): tf.Tensor {
  return tf.tidy(() => {
    const mask = targetMask(targets, classes);
    return gradientOf((z: tf.Tensor) => tf.sum(tf.mul(model(z), mask)), inputs);
  });
}

/**
 * `tf.grad(f)(x)`, where a kernel whose gradient tfjs-core has not registered becomes a TensorLensError that says
 * how to register them (tfjs-core's own Node build registers none; with a bundler one import does).
 */
export function gradientOf(f: (z: tf.Tensor) => tf.Tensor, x: tf.Tensor): tf.Tensor {
  try {
    return tf.grad(f)(x);
  } catch (error) {
    const kernel = /gradient function not found for (\w+)/.exec(error instanceof Error ? error.message : '')?.[1];
    if (kernel === undefined) throw error;
    throw fail(
      'type',
      'model',
      "a model tfjs-core can differentiate, with its gradients registered (import '@tensorflow/tfjs-core/dist/register_all_gradients' where a bundler resolves it, or use @tensorflow/tfjs or @tensorflow/tfjs-node, which register them)",
      `no gradient registered for the ${kernel} kernel`,
    );
  }
}

export function abortError(): DOMException {
  return new DOMException('The attribution was cancelled', 'AbortError');
}

/** Yields to the event loop when the last yield is older than `budgetMs`, then rejects if aborted. */
export function makeYielder(signal: AbortSignal | undefined, budgetMs = 25): () => Promise<void> {
  let last = performance.now();
  return async () => {
    if (signal?.aborted) throw abortError();
    if (performance.now() - last >= budgetMs) {
      await new Promise<void>((r) => setTimeout(r, 0));
      last = performance.now();
      if (signal?.aborted) throw abortError();
    }
  };
}

/** Keeps a running tensor sum outside of tidy scopes; `add` consumes nothing it was given. */
export class Accumulator {
  declare value: tf.Tensor | null;
  constructor() {
    this.value = null;
  }
  add(t: tf.Tensor): void {
    if (!this.value) this.value = tf.keep(t.clone());
    else {
      const prev = this.value;
      this.value = tf.keep(tf.add(prev, t));
      prev.dispose();
    }
  }
  dispose(): void {
    this.value?.dispose();
    this.value = null;
  }
}

/** Common option handling; returns batch size, yielder and progress reporter. */
export function common(opts: AttributionOptions | undefined): {
  batchSize: number;
  step: () => Promise<void>;
  progress: (done: number, total: number) => void;
} {
  if (!opts || typeof opts != 'object') throw fail('type', 'options', 'an options object with a target class', opts);
  const batchSize = checkInt(opts.batchSize, 'options.batchSize', 16);
  if (opts.signal?.aborted) throw abortError();
  const cb = opts.onProgress;
  return { batchSize, step: makeYielder(opts.signal), progress: (done, total) => cb?.({ done, total }) };
}

/** A [rows, classes] float mask with a 1 at each row's target (tf.oneHot needs ≥ 2 classes; a single-output model has 1). */
export function targetMask(targets: ArrayLike<number>, classes: number): tf.Tensor2D {
  const m = new Float32Array(targets.length * classes);
  for (let i = 0; i < targets.length; i++) m[i * classes + targets[i]] = 1;
  return tf.tensor2d(m, [targets.length, classes]);
}
