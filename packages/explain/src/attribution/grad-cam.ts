import * as tf from '@tensorflow/tfjs-core';
import { fail } from '@tensorlens/core';
import type { AttributionOptions } from './types';
import { checkInput, common, gradientOf, resolveTargets, sliceRows, targetMask } from './internal';
import { type LayeredModel, runStages, stagesOf } from './layered-model';

/** Options of {@link gradCam}. */
export interface GradCamOptions extends AttributionOptions {
  /** The layer whose activations are weighted: an index into the model's layers or a layer name. Default: the last layer with a 4-D output. */
  layer?: number | string;
  /**
   * Guided gradients at that layer (as tf-explain's `use_guided_grads`): keep a gradient only where both it and
   * the activation are positive, before averaging. Default false (plain gradients, as in Selvaraju et al.).
   */
  guided?: boolean;
  /** Apply the final ReLU of Grad-CAM (keep only evidence for the class). Default true; false returns the signed map. */
  relu?: boolean;
}

/**
 * Grad-CAM (Selvaraju et al., 2017): with A the activations `[B, h, w, K]` of a convolutional layer and α_k the
 * spatial mean of ∂f_c/∂A_k, the map ReLU(Σ_k α_k A_k), upsampled bilinearly to the input's size.
 * Returns `[B, H, W]`. Needs the model as layers ({@link LayeredModel}) to stop at the chosen layer.
 */
export async function gradCam(model: LayeredModel, x: tf.Tensor, opts: GradCamOptions): Promise<tf.Tensor3D> {
  const { batchSize, step, progress } = common(opts);
  const stages = stagesOf(model);
  await checkInput(x, [4]);
  const [B, H, W] = x.shape;
  // Probe the layer shapes on one row.
  const shapes = tf.tidy(() => {
    const out: number[][] = [];
    let h = sliceRows(x, 0, 1);
    for (const s of stages) out.push((h = s.fn(h)).shape);
    return out;
  });
  const last = shapes[shapes.length - 1];
  if (last.length != 2) throw fail('shape', 'model(x)', 'a [B, C] tensor (one row of class scores per input row)', `shape [${last}]`);
  let k: number;
  if (opts.layer === undefined) {
    k = shapes.map((s) => s.length).lastIndexOf(4);
    if (k < 0) throw fail('shape', 'model', 'a layer with a 4-D output [B, h, w, K] for Grad-CAM', `output shapes ${shapes.map((s) => `[${s}]`).join(' ')}`);
  } else if (typeof opts.layer == 'string') {
    k = stages.findIndex((s) => s.name == opts.layer);
    if (k < 0) throw fail('option', 'options.layer', `one of ${stages.map((s) => `'${s.name}'`).join(', ')}`, opts.layer);
  } else {
    k = opts.layer;
    if (!Number.isInteger(k) || k < 0 || k >= stages.length - 1) throw fail('range', 'options.layer', `a layer index in [0, ${stages.length - 2}]`, k);
  }
  if (shapes[k].length != 4) throw fail('shape', 'options.layer', 'a layer with a 4-D output [B, h, w, K]', `layer ${k} ('${stages[k].name}') of output shape [${shapes[k]}]`);
  const targets = resolveTargets(opts.target, B, last[1]);
  const parts: tf.Tensor[] = [];
  try {
    for (let s = 0; s < B; s += batchSize) {
      await step();
      const e = Math.min(B, s + batchSize);
      parts.push(
        tf.tidy(() => {
          const A = runStages(stages, sliceRows(x, s, e), 0, k + 1);
          const mask = targetMask(targets.subarray(s, e), last[1]);
          let g = gradientOf((a: tf.Tensor) => tf.sum(tf.mul(runStages(stages, a, k + 1, stages.length), mask)), A);
          if (opts.guided) g = tf.mul(g, tf.mul(tf.cast(tf.greater(A, 0), 'float32'), tf.cast(tf.greater(g, 0), 'float32')));
          const alpha = tf.mean(g, [1, 2], true); // [b, 1, 1, K]
          let cam = tf.sum(tf.mul(A, alpha), 3, true); // [b, h, w, 1]
          if (opts.relu !== false) cam = tf.relu(cam);
          return tf.squeeze(tf.image.resizeBilinear(cam as tf.Tensor4D, [H, W], true), [3]);
        }),
      );
      progress(e, B);
    }
    return (parts.length == 1 ? parts.pop()! : tf.concat(parts, 0)) as tf.Tensor3D;
  } finally {
    tf.dispose(parts);
  }
}
