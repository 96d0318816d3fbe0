import * as tf from '@tensorflow/tfjs-core';
import { fail } from '@tensorlens/core';

/**
 * Gaussian blur of a batch of images `[B, H, W, C]`, each channel on its own: two depthwise 1-D convolutions
 * (rows, then columns) with a kernel of radius ⌈3σ⌉ normalised to sum 1; edges are mirrored ('reflect'), so a
 * constant image stays constant. The radius is capped at H − 1 and W − 1.
 */
export function gaussianBlur(x: tf.Tensor, sigma: number): tf.Tensor4D {
  if (x.rank != 4) throw fail('shape', 'x', 'a 4-D tensor [B, H, W, C]', `shape [${x.shape}]`);
  if (!(sigma >= 0) || !Number.isFinite(sigma)) throw fail('range', 'sigma', 'a finite number ≥ 0 (pixels)', sigma);
  const [, H, W, C] = x.shape;
  const pass = (img: tf.Tensor4D, size: number, vertical: boolean): tf.Tensor4D => {
    const r = Math.min(Math.ceil(3 * sigma), size - 1);
    if (r < 1 || sigma == 0) return img;
    const k: number[] = [];
    let sum = 0;
    for (let i = -r; i <= r; i++) sum += k[k.length] = Math.exp((-i * i) / (2 * sigma * sigma));
    const w = tf.tile(tf.reshape(tf.div(tf.tensor1d(k), sum), vertical ? [2 * r + 1, 1, 1, 1] : [1, 2 * r + 1, 1, 1]), [1, 1, C, 1]) as tf.Tensor4D;
    const padded = tf.mirrorPad(img, vertical ? [[0, 0], [r, r], [0, 0], [0, 0]] : [[0, 0], [0, 0], [r, r], [0, 0]], 'reflect');
    return tf.depthwiseConv2d(padded, w, 1, 'valid');
  };
  return tf.tidy(() => pass(pass(tf.clone(x) as tf.Tensor4D, H, true), W, false));
}
