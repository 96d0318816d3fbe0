// With tfjs-core installed: gradients of a tiny linear model through @tensorlens/explain/attribution, drawn by the
// saliency overlay of @tensorlens/charts. For f(x) = flatten(x) · W the gradient of class c is column c of W.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import { vanillaGradients } from '@tensorlens/explain/attribution';
import { createSaliencyOverlay } from '@tensorlens/charts';
import { report } from './report';

report('attribution', async () => {
  await tf.setBackend('cpu');
  const side = 8;
  const weights = Array.from({ length: side * side * 2 }, (_, i) => Math.sin(i + 1));
  const w = tf.tensor2d(weights, [side * side, 2]);
  const x = tf.tensor4d(Array.from({ length: side * side }, (_, i) => i / (side * side)), [1, side, side, 1]);
  const model = (input: tf.Tensor) => tf.matMul(tf.reshape(input, [-1, side * side]), w);

  const attributions = await vanillaGradients(model, x, { target: 1 });
  const values = await attributions.data();
  for (let i = 0; i < side * side; i++) {
    if (Math.abs(values[i] - weights[i * 2 + 1]) > 1e-5) throw new Error(`gradient ${i} is ${values[i]}, expected ${weights[i * 2 + 1]}`);
  }

  const container = document.createElement('div');
  container.id = 'saliency';
  container.className = 'box';
  document.body.append(container);
  const overlay = createSaliencyOverlay(container, { image: x, attributions, label: 'gradients' });
  await overlay.whenRendered();
});
