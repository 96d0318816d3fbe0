// Plain Node with tfjs-core and its CPU backend installed: attributions of a tiny linear model through
// @tensorlens/explain/attribution, checked against their closed forms. Exits non-zero when one is wrong.
//
// tfjs-core's Node (CommonJS) build registers no gradients, and its gradient modules cannot be loaded by Node
// without a bundler; so in plain Node with tfjs-core alone the forward-only method (occlusion) works, and the
// gradient methods must reject with a TensorLensError that says how to register gradients. (With a bundler — the
// browser half of this test — every method runs: see src/attribution.ts.)
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { occlusionSensitivity, vanillaGradients } from '@tensorlens/explain/attribution';

await tf.setBackend('cpu');
const side = 4;
const weights = Array.from({ length: side * side * 2 }, (_, i) => Math.sin(i + 1));
const w = tf.tensor2d(weights, [side * side, 2]);
const pixels = Array.from({ length: side * side }, (_, i) => (i + 1) / (side * side));
const x = tf.tensor4d(pixels, [1, side, side, 1]);
const model = (input) => tf.matMul(tf.reshape(input, [-1, side * side]), w);

// Occlusion with 2 × 2 patches, no overlap, fill 0: each pixel gets the drop of its patch, Σ x_i · W[i, 1] over it.
const occlusion = await (await occlusionSensitivity(model, x, { target: 1, patch: 2, stride: 2 })).data();
for (let r = 0; r < side; r++) {
  for (let c = 0; c < side; c++) {
    let drop = 0;
    for (let pr = r - (r % 2); pr < r - (r % 2) + 2; pr++) for (let pc = c - (c % 2); pc < c - (c % 2) + 2; pc++) drop += pixels[pr * side + pc] * weights[(pr * side + pc) * 2 + 1];
    const got = occlusion[r * side + c];
    if (Math.abs(got - drop) > 1e-5) throw new Error(`occlusion at (${r}, ${c}) is ${got}, expected ${drop}`);
  }
}

// Gradients: either tfjs-core has them registered (then the gradient is column 1 of W) or the call must reject with
// the TensorLensError that names the missing kernel and the way to register gradients.
let gradients = 'computed';
try {
  const g = await (await vanillaGradients(model, x, { target: 1 })).data();
  for (let i = 0; i < side * side; i++) if (Math.abs(g[i] - weights[i * 2 + 1]) > 1e-5) throw new Error(`gradient ${i} is ${g[i]}, expected ${weights[i * 2 + 1]}`);
} catch (error) {
  if (error?.name !== 'TensorLensError' || error.argument !== 'model' || !/no gradient registered for the \w+ kernel/.test(error.message) || !error.message.includes('register_all_gradients')) throw error;
  gradients = `rejected as documented (${error.received})`;
}
console.log(`occlusion of a ${side} x ${side} linear model matches its closed form; gradients: ${gradients}`);
