// The data of the activation atlas stories and of docs/examples/atlas.html: the MNIST CNN of
// stories/data/mnist-cnn (trained by scripts/make-mnist-cnn.mjs, not retrained here) run on every digit of the
// `mnist` package that its training did not use.
//
// Which digits: make-mnist-cnn.mjs trains on images 0..649 of each digit and tests on images 650..849
// (mnist.set(6500, 2000) takes them by index; only the order is random). Everything from image 650 on is held
// out: the 2000 test images and the ~1500 images the split never drew (the package holds 863 to 1127 per
// digit), 3500 digits in all, in a seeded random order.
//
//   stories/data/mnist-atlas/digits.png    the digits as one greyscale sprite sheet, 64 per row, 28 × 28 px each
//                                          (example i at column i % 64, row ⌊i / 64⌋; pixel / 255 = model input)
//   stories/data/mnist-atlas/digits.json   labels, the CNN's predictions, where each digit comes from in the
//                                          package, and a 2D UMAP layout of the CNN's flatten-layer activations
//   docs/examples/atlas/atlas.json, atlas-*.png   the activation atlas itself (buildActivationAtlas →
//                                          packAtlasIcons → serializeAtlas), read by <tl-activation-atlas src>
//
// Activations: the flatten layer (7 × 7 × 16 = 784 values per digit), the input of the dense logits layer, so the
// atlas's class scores are that layer's logits of each cell's mean activation (attributions = { weights, bias }).
// Deterministic: seeded order, seeded UMAP (this repository's umap(), worker: false), a deterministic forward pass
// on tfjs-core's CPU backend; a rerun on the same versions of tfjs-core, mnist and this repository writes the same files.
// Run: node scripts/make-mnist-atlas.mjs (about a minute on two cores).
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, writeFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { sourceAliases } from './workspace.mjs';
import { rng } from './lib/random.mjs';

const require = createRequire(import.meta.url);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = resolve(root, 'stories/data/mnist-atlas');
const exampleDir = resolve(root, 'docs/examples/atlas');

/** The first image index of each digit that make-mnist-cnn.mjs did not train on (650 training images per digit). */
const FIRST_HELD_OUT = 650;
/** Images 650..849 of each digit are the CNN's test set. */
const TEST_END = 850;
const SEED = 20240611;
const UMAP_SEED = 42;
const SHEET_COLUMNS = 64;
const SIDE = 28;
const LEVELS = [8, 16, 32, 64];
const MIN_COUNT = 2;

// tfjs-core's ES modules cannot be imported by Node directly: bundle tfjs-core, its CPU backend and the sources of
// @tensorlens/explain (umap, the atlas) and @tensorlens/explain/attribution (sequentialFromWeights) into one module and import that.
async function load() {
  const file = resolve(root, 'node_modules/.cache/tensorlens/mnist-atlas.mjs');
  await build({
    stdin: {
      contents:
        "export * as tf from '@tensorflow/tfjs-core';\n" +
        "import '@tensorflow/tfjs-backend-cpu';\n" +
        "export { umap, buildActivationAtlas, packAtlasIcons, serializeAtlas, encodePNG } from '@tensorlens/explain';\n" +
        "export { sequentialFromWeights } from '@tensorlens/explain/attribution';\n",
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'node',
    mainFields: ['module', 'main'],
    alias: sourceAliases(),
    outfile: file,
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'error',
  });
  return import(pathToFileURL(file).href);
}


/** Every held-out digit as [digit, image index in the package], in a seeded random order. */
function heldOut(mnist) {
  const list = [];
  for (let d = 0; d < 10; d++) for (let i = FIRST_HELD_OUT; i < mnist[d].length; i++) list.push([d, i]);
  const rand = rng(SEED + 3);
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [list[i], list[j]] = [list[j], list[i]];
  }
  return list;
}

const round = (v, k = 4) => Math.round(v * 10 ** k) / 10 ** k;

async function main() {
  const t0 = Date.now();
  const ex = await load();
  const { tf } = ex;
  await tf.setBackend('cpu');
  await tf.ready();

  // 1. The digits: the package stores pixel / 255 rounded to 3 decimals; round back to the byte.
  const mnist = require('mnist');
  const list = heldOut(mnist);
  const n = list.length;
  const bytes = new Uint8Array(n * SIDE * SIDE);
  const labels = new Int32Array(n);
  list.forEach(([d, i], k) => {
    const px = mnist[d].get(i);
    for (let p = 0; p < SIDE * SIDE; p++) bytes[k * SIDE * SIDE + p] = Math.round(px[p] * 255);
    labels[k] = d;
  });
  const pixels = Float32Array.from(bytes, (b) => b / 255);
  console.log(`mnist: ${n} held-out digits (${list.filter(([, i]) => i < TEST_END).length} of them the CNN's test images)`);

  // 2. The CNN's flatten-layer activations and its predictions.
  const spec = JSON.parse(readFileSync(resolve(root, 'stories/data/mnist-cnn/model.json'), 'utf8'));
  const wb = Buffer.from(spec.weightsData.data, 'base64');
  const model = ex.sequentialFromWeights(spec, new Float32Array(wb.buffer.slice(wb.byteOffset, wb.byteOffset + wb.length)));
  const flat = model.layers.findIndex((l) => l.type === 'flatten');
  const D = 784;
  const acts = new Float32Array(n * D);
  const predicted = new Int32Array(n);
  for (let s = 0; s < n; s += 250) {
    const e = Math.min(n, s + 250);
    const [a, p] = tf.tidy(() => {
      let h = tf.tensor4d(pixels.subarray(s * 784, e * 784), [e - s, SIDE, SIDE, 1]);
      for (let l = 0; l <= flat; l++) h = model.layers[l].apply(h);
      let y = h;
      for (let l = flat + 1; l < model.layers.length; l++) y = model.layers[l].apply(y);
      return [h, tf.argMax(y, 1)];
    });
    acts.set(a.dataSync(), s * D);
    predicted.set(p.dataSync(), s);
    tf.dispose([a, p]);
  }
  const correct = labels.reduce((c, t, i) => c + (t === predicted[i] ? 1 : 0), 0);
  const testIdx = list.map(([, i], k) => (i < TEST_END ? k : -1)).filter((k) => k >= 0);
  const testCorrect = testIdx.reduce((c, k) => c + (labels[k] === predicted[k] ? 1 : 0), 0);
  console.log(`CNN accuracy on the held-out digits: ${((100 * correct) / n).toFixed(2)} % (test images: ${((100 * testCorrect) / testIdx.length).toFixed(2)} %)`);
  const kernel = model.weights.get('logits/kernel').dataSync().slice();
  const bias = model.weights.get('logits/bias').dataSync().slice();
  model.dispose();

  // 3. UMAP of the activations (cosine, as buildActivationAtlas's default layout).
  const u = await ex.umap({ data: acts, shape: [n, D] }, { metric: 'cosine', seed: UMAP_SEED, worker: false });
  const layout = u.positions;
  console.log(`UMAP: ${n} × ${D} → 2D in ${(u.ms / 1000).toFixed(1)} s`);

  // 4. stories/data/mnist-atlas: the sprite sheet and the JSON beside it.
  mkdirSync(dataDir, { recursive: true });
  const rows = Math.ceil(n / SHEET_COLUMNS);
  const sheet = { width: SHEET_COLUMNS * SIDE, height: rows * SIDE, data: new Uint8Array(SHEET_COLUMNS * SIDE * rows * SIDE * 4) };
  for (let k = 0; k < n; k++) {
    const x0 = (k % SHEET_COLUMNS) * SIDE;
    const y0 = Math.floor(k / SHEET_COLUMNS) * SIDE;
    for (let y = 0; y < SIDE; y++)
      for (let x = 0; x < SIDE; x++) {
        const v = bytes[k * 784 + y * SIDE + x];
        const o = ((y0 + y) * sheet.width + x0 + x) * 4;
        sheet.data[o] = sheet.data[o + 1] = sheet.data[o + 2] = v;
        sheet.data[o + 3] = 255;
      }
  }
  const png = await ex.encodePNG(sheet, { color: 'grey' });
  writeFileSync(resolve(dataDir, 'digits.png'), png);
  const digits = {
    description:
      `${n} MNIST digits from the mnist npm package that the CNN of stories/data/mnist-cnn never trained on ` +
      `(images ${FIRST_HELD_OUT}.. of each digit: its ${testIdx.length} test images and the rest the split never drew), in a seeded order. ` +
      `Pixels: digits.png, a greyscale sprite sheet of ${SHEET_COLUMNS} digits per row, ${SIDE} × ${SIDE} px each (digit i at column i % ${SHEET_COLUMNS}, row floor(i / ${SHEET_COLUMNS}); value / 255 = model input). ` +
      'layout: a 2D UMAP (cosine, seed 42) of the CNN\'s flatten-layer activations (784 values per digit), [x0, y0, x1, y1, …]. ' +
      'Written by scripts/make-mnist-atlas.mjs.',
    n,
    side: SIDE,
    columns: SHEET_COLUMNS,
    classes: spec.classes,
    layer: 'flatten',
    activationSize: D,
    model: { file: 'stories/data/mnist-cnn/model.json', testAccuracy: spec.testAccuracy, heldOutAccuracy: round(correct / n), trainImages: spec.training.images },
    labels: Array.from(labels),
    predicted: Array.from(predicted),
    source: list.map(([d, i]) => d * 10000 + i),
    layout: Array.from(layout, (v) => round(v)),
    umap: { metric: 'cosine', seed: UMAP_SEED, nNeighbors: 15, minDist: 0.1 },
  };
  writeFileSync(resolve(dataDir, 'digits.json'), JSON.stringify(digits) + '\n');

  // 5. docs/examples/atlas: the atlas itself, built from the rounded layout the stories use.
  const atlas = await ex.buildActivationAtlas({
    activations: { data: acts, shape: [n, D] },
    layout: { data: Float32Array.from(digits.layout), shape: [n, 2] },
    levels: LEVELS,
    minCount: MIN_COUNT,
    labels,
    classNames: spec.classes,
    attributions: { weights: { data: kernel, shape: [D, 10] }, bias },
    worker: false,
  });
  const sprites = await ex.packAtlasIcons(atlas, { images: { data: pixels, shape: [n, SIDE, SIDE, 1] }, iconSize: SIDE, thumbnails: 4 });
  const { files } = await ex.serializeAtlas(atlas, sprites, { name: 'atlas', includeMembers: true });
  mkdirSync(exampleDir, { recursive: true });
  for (const f of readdirSync(exampleDir)) if (/^atlas(-\d+\.png|\.json)$/.test(f)) rmSync(resolve(exampleDir, f));
  for (const f of files) writeFileSync(resolve(exampleDir, f.path), typeof f.data === 'string' ? f.data : Buffer.from(f.data));
  const cells = atlas.levels.map((L) => `${L.grid}: ${L.cellCount} cells (${L.dropped} dropped)`).join(', ');
  console.log(`atlas: levels ${cells}; ${sprites.pages.length} sprite page(s)`);
  console.log(`wrote ${dataDir} (digits.png ${(png.length / 1024).toFixed(0)} kB) and ${exampleDir} (${files.map((f) => f.path).join(', ')}) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
