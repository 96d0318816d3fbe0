import type { Tensor } from '@tensorflow/tfjs-core';

/** A model as a function: a batch `[B, ...]` in, logits or probabilities `[B, C]` out. A tfjs-layers model fits as `(x) => model.predict(x)`. */
export type ModelFn = (x: Tensor) => Tensor;

/** Progress of a long attribution: `done` of `total` model evaluations (one per input row, step or sample). */
export interface AttributionProgress {
  done: number;
  total: number;
}

/** Options every attribution method takes. */
export interface AttributionOptions {
  /** The class explained, one for all rows or one per row of `x`. */
  target: number | ArrayLike<number>;
  /** Model inputs per forward/backward pass (rows × steps or samples are flattened into batches of this size). Default 16. */
  batchSize?: number;
  /** Cancels the computation: the promise rejects with a DOMException named `AbortError`; no tensor is left behind. */
  signal?: AbortSignal;
  /** Called after each batch. */
  onProgress?: (p: AttributionProgress) => void;
}
