import * as tf from '@tensorflow/tfjs-core';
import { fail } from '@tensorlens/core';
import type { AttributionOptions, ModelFn } from './types';
import { ANY_BATCH, Accumulator, checkInput, checkInt, common, targetGradient, targetScores } from './internal';
import { gaussian, mulberry32 } from '../random';

/** Options of {@link smoothGrad}. */
export interface SmoothGradOptions extends AttributionOptions {
  /** Noisy copies per row. Default 25. */
  samples?: number;
  /** Standard deviation of the Gaussian noise as a fraction of each row's value range (max − min). Default 0.15. */
  noise?: number;
  /** Seed of the noise (an integer), so a result can be reproduced; independent of batchSize. Default 0. */
  seed?: number;
  /** Average squared gradients instead of gradients (SmoothGrad-Squared, non-negative). Default false. */
  squared?: boolean;
}

/**
 * SmoothGrad (Smilkov et al., 2017): the mean gradient over `samples` copies of each row with Gaussian noise
 * N(0, σ²), σ = noise · (max − min of that row). Signed (unless `squared`), in the shape of `x`.
 */
export async function smoothGrad(model: ModelFn, x: tf.Tensor, opts: SmoothGradOptions): Promise<tf.Tensor> {
  const { batchSize, step, progress } = common(opts);
  const samples = checkInt(opts.samples, 'options.samples', 25);
  const noise = opts.noise ?? 0.15;
  if (!(noise >= 0) || !Number.isFinite(noise)) throw fail('range', 'options.noise', 'a finite number ≥ 0 (fraction of the input range)', noise);
  const seed = opts.seed ?? 0;
  if (!Number.isFinite(seed)) throw fail('range', 'options.seed', 'a finite number', seed);
  const data = await checkInput(x, ANY_BATCH);
  const { targets, classes } = await targetScores(model, x, opts.target, batchSize);
  const B = x.shape[0];
  const per = x.size / B;
  const sigma = new Float32Array(B);
  for (let r = 0; r < B; r++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = r * per; i < (r + 1) * per; i++) {
      lo = Math.min(lo, data[i]);
      hi = Math.max(hi, data[i]);
    }
    sigma[r] = noise * (hi - lo);
  }
  const total = B * samples;
  const acc = new Accumulator();
  try {
    for (let s = 0; s < total; s += batchSize) {
      await step();
      const e = Math.min(total, s + batchSize);
      const rows = Int32Array.from({ length: e - s }, (_, k) => Math.floor((s + k) / samples));
      // Noise of sample j comes from its own stream (seed, j), so results do not depend on batchSize.
      const eps = new Float32Array((e - s) * per);
      for (let j = s; j < e; j++) {
        const rand = mulberry32((Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(j + 1, 0x85ebca6b)) >>> 0);
        const sd = sigma[rows[j - s]];
        for (let i = (j - s) * per, end = i + per; i < end; i++) eps[i] = sd * gaussian(rand);
      }
      const contrib = tf.tidy(() => {
        const idx = tf.tensor1d(rows, 'int32');
        const noisy = tf.add(tf.gather(x, idx), tf.tensor(eps, [e - s, ...x.shape.slice(1)]));
        const g = targetGradient(model, noisy, Array.from(rows, (r) => targets[r]), classes);
        return tf.unsortedSegmentSum(opts.squared ? tf.square(g) : g, idx, B);
      });
      acc.add(contrib);
      contrib.dispose();
      progress(e, total);
    }
    return tf.tidy(() => tf.div(acc.value!, samples));
  } finally {
    acc.dispose();
  }
}
