import * as tf from '@tensorflow/tfjs-core';
import type { AttributionOptions, ModelFn } from './types';
import { ANY_BATCH, checkInput, common, sliceRows, targetGradient, targetScores } from './internal';

async function gradients(model: ModelFn, x: tf.Tensor, opts: AttributionOptions, timesInput: boolean): Promise<tf.Tensor> {
  const { batchSize, step, progress } = common(opts);
  await checkInput(x, ANY_BATCH);
  const { targets, classes } = await targetScores(model, x, opts.target, batchSize);
  const B = x.shape[0];
  const parts: tf.Tensor[] = [];
  try {
    for (let s = 0; s < B; s += batchSize) {
      await step();
      const e = Math.min(B, s + batchSize);
      parts.push(
        tf.tidy(() => {
          const xs = sliceRows(x, s, e);
          const g = targetGradient(model, xs, targets.subarray(s, e), classes);
          return timesInput ? tf.mul(g, xs) : g;
        }),
      );
      progress(e, B);
    }
    return parts.length == 1 ? parts.pop()! : tf.concat(parts, 0);
  } finally {
    tf.dispose(parts);
  }
}

/**
 * Vanilla gradients (Simonyan et al., 2014): ∂f_c(x)/∂x for each row of `x`, where f_c is the model's score
 * for the target class. Signed, in the shape of `x`; aggregate channels with {@link aggregateChannels}.
 */
export function vanillaGradients(model: ModelFn, x: tf.Tensor, opts: AttributionOptions): Promise<tf.Tensor> {
  return gradients(model, x, opts, false);
}

/** Gradient × input (Shrikumar et al., 2016): x ⊙ ∂f_c(x)/∂x, in the shape of `x`, signed. */
export function gradientTimesInput(model: ModelFn, x: tf.Tensor, opts: AttributionOptions): Promise<tf.Tensor> {
  return gradients(model, x, opts, true);
}
