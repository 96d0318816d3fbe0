// A tiny sequential CNN with hand-set weights, and an independent plain-JS convolution to check it against.
import type * as TF from '@tensorflow/tfjs-core';
import type { LayerSpec } from '@tensorlens/charts';

/** 'valid' 2-D convolution of one [h, w] single-channel image with a [kh, kw, 1, C] kernel, by loops; per output channel. */
export function conv2dValid(x: number[], h: number, w: number, k: number[], kh: number, kw: number): number[][] {
  const C = k.length / (kh * kw);
  const out: number[][] = Array.from({ length: C }, () => []);
  for (let c = 0; c < C; c++)
    for (let i = 0; i + kh <= h; i++)
      for (let j = 0; j + kw <= w; j++) {
        let s = 0;
        for (let a = 0; a < kh; a++) for (let b = 0; b < kw; b++) s += x[(i + a) * w + j + b] * k[(a * kw + b) * C + c];
        out[c].push(s);
      }
  return out;
}

/**
 * input [1, 4, 4, 1] (values 0..15), conv 2×2 'valid' with two hand-set channels (top-left tap; 2×2 box sum)
 * → relu(x − 2) → dense to 3 outputs.
 */
export function tinyModel(tf: typeof TF) {
  const x = Array.from({ length: 16 }, (_, i) => i);
  // kernel [2, 2, 1, 2], channels last: channel 0 = [[1, 0], [0, 0]], channel 1 = [[1, 1], [1, 1]]
  const k = [1, 1, 0, 1, 0, 1, 0, 1];
  const input = tf.tensor4d(x, [1, 4, 4, 1]);
  const kernel = tf.tensor4d(k, [2, 2, 1, 2]);
  const W = tf.tensor2d(Array.from({ length: 18 * 3 }, (_, i) => ((i % 7) - 3) / 10), [18, 3]);
  const layers: LayerSpec[] = [
    { name: 'conv', fn: (t) => tf.conv2d(t as TF.Tensor4D, kernel, 1, 'valid'), kernel },
    { name: 'relu', fn: (t) => tf.relu(tf.sub(t as TF.Tensor, 2)) },
    { name: 'dense', fn: (t) => tf.matMul(tf.reshape(t as TF.Tensor, [1, 18]), W) },
  ];
  return {
    x,
    k,
    input,
    layers,
    dispose() {
      input.dispose();
      kernel.dispose();
      W.dispose();
    },
  };
}

/** The tiny model's outputs (logits) for input `x`, by plain loops: conv (kernel k) → relu(x − 2) → flatten → · W. */
export function tinyLogits(x: number[]): number[] {
  const k = [1, 1, 0, 1, 0, 1, 0, 1];
  const conv = conv2dValid(x, 4, 4, k, 2, 2); // [channel][position]
  const flat: number[] = [];
  for (let p = 0; p < 9; p++) for (let c = 0; c < 2; c++) flat.push(Math.max(0, conv[c][p] - 2)); // channels last
  const weight = (i: number, j: number) => (((i * 3 + j) % 7) - 3) / 10;
  return [0, 1, 2].map((j) => flat.reduce((sum, v, i) => sum + v * weight(i, j), 0));
}
