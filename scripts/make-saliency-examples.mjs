// Precomputes the attribution maps of docs/examples/saliency.html: the MNIST CNN of stories/data/mnist-cnn
// (trained by scripts/make-mnist-cnn.mjs) explained by every method of @tensorlens/explain/attribution on held-out test
// digits, written as saliency JSON for <tl-saliency> (float32 maps and uint8 images, base64) and one map as a
// diverging-encoded PNG (value = (R − 128) / 127 of the map divided by its 99th percentile of |a|).
//
//   docs/examples/saliency/methods-<digit>.json   six methods on one digit (predicted class)
//   docs/examples/saliency/randomization.json     gradients of the trained CNN vs the same architecture re-initialized
//   docs/examples/saliency/ig-<digit>.png          integrated gradients as a PNG map, and digit-<digit>.png its image
//
// Run: node scripts/make-saliency-examples.mjs (deterministic: seeded SmoothGrad noise and random weights).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { deflateSync } from 'node:zlib';
import { build } from 'esbuild';
import { sourceAliases } from './workspace.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = resolve(root, 'docs/examples/saliency');

// tfjs-core's Node build registers no gradients and its ES modules cannot be imported by Node directly: bundle
// tfjs-core (+ gradients, CPU backend) with the attribution sources into one module and import that.
async function load() {
  const file = resolve(root, 'node_modules/.cache/tensorlens/saliency-examples.mjs');
  await build({
    stdin: {
      contents:
        "export * as tf from '@tensorflow/tfjs-core';\n" +
        "import '@tensorflow/tfjs-core/dist/register_all_gradients';\n" +
        "import '@tensorflow/tfjs-backend-cpu';\n" +
        "export * from './packages/explain/src/attribution/index.ts';\n",
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
    logLevel: 'warning',
  });
  return import(pathToFileURL(file).href);
}

const ex = await load();
const { tf } = ex;
await tf.setBackend('cpu');

const spec = JSON.parse(readFileSync(resolve(root, 'stories/data/mnist-cnn/model.json'), 'utf8'));
const digits = JSON.parse(readFileSync(resolve(root, 'stories/data/mnist-cnn/digits.json'), 'utf8'));
const wbytes = Buffer.from(spec.weightsData.data, 'base64');
const weights = new Float32Array(wbytes.buffer.slice(wbytes.byteOffset, wbytes.byteOffset + wbytes.length));
const model = ex.sequentialFromWeights(spec, weights);

// The same architecture, re-initialized: Glorot-uniform kernels, zero biases (seeded mulberry32).
function glorot(n, seed) {
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const w = new Float32Array(n);
  let off = 0;
  for (const e of spec.weights) {
    const size = e.shape.reduce((x, y) => x * y, 1);
    off = e.offset ?? off;
    if (e.shape.length > 1) {
      const fanOut = e.shape[e.shape.length - 1];
      const fanIn = size / fanOut;
      const lim = e.shape.length == 4 ? Math.sqrt(6 / (fanIn + fanOut * e.shape[0] * e.shape[1])) : Math.sqrt(6 / (fanIn + fanOut));
      for (let i = 0; i < size; i++) w[off + i] = (rand() * 2 - 1) * lim;
    }
    off += size;
  }
  return w;
}
const random = ex.sequentialFromWeights(spec, glorot(weights.length, 7));

const px = Buffer.from(digits.pixels, 'base64');
const all = tf.tensor4d(Float32Array.from(px, (v) => v / 255), digits.shape);
const b64f32 = (a) => Buffer.from(new Float32Array(a).buffer).toString('base64');
const image = (i) => ({ shape: [28, 28, 1], dtype: 'uint8', data: px.subarray(i * 784, (i + 1) * 784).toString('base64') });

async function run(method, i, m = model) {
  const x = tf.slice(all, [i, 0, 0, 0], [1, 28, 28, 1]);
  const target = digits.predicted[i];
  const f = m.predict;
  let t;
  let note = '';
  if (method == 'gradients') t = await ex.vanillaGradients(f, x, { target });
  else if (method == 'gradient × input') t = await ex.gradientTimesInput(f, x, { target });
  else if (method == 'SmoothGrad') t = await ex.smoothGrad(f, x, { target, samples: 50, noise: 0.15, seed: 1 });
  else if (method == 'integrated gradients') {
    const r = await ex.integratedGradients(f, x, { target, steps: 64 });
    t = r.attributions;
    note = ` (completeness error ${((100 * r.completenessError[0]) / Math.abs(r.delta[0])).toFixed(2)} %)`;
  } else if (method == 'Grad-CAM') t = await ex.gradCam(m, x, { target, layer: 'conv2' });
  else t = await ex.occlusionSensitivity(f, x, { target, patch: 4, stride: 2 });
  const data = Float32Array.from(await t.data());
  t.dispose();
  x.dispose();
  return { data, note };
}

const METHODS = ['gradients', 'gradient × input', 'SmoothGrad', 'integrated gradients', 'Grad-CAM', 'occlusion'];
const SHOW = [4, 7, 14]; // a 2, a 3 and a 7
mkdirSync(outDir, { recursive: true });
const before = tf.memory().numTensors;

for (const i of SHOW) {
  const maps = [];
  for (const m of METHODS) {
    const { data, note } = await run(m, i);
    maps.push({ label: m + note, shape: [28, 28], data: b64f32(data) });
  }
  const title = `Test digit ${digits.labels[i]}, predicted ${digits.predicted[i]}: attributions for class ${digits.predicted[i]}`;
  writeFileSync(resolve(outDir, `methods-${i}.json`), JSON.stringify({ title, image: image(i), maps }) + '\n');
}

// Model randomization (Adebayo et al., 2018): trained vs re-initialized weights, Spearman ρ of |a|.
const rand = { title: 'Model randomization: gradients of the trained CNN and of the same architecture re-initialized', maps: [] };
const rhos = [];
for (const i of [2, 9, 16]) {
  const a = (await run('gradients', i)).data;
  const b = (await run('gradients', i, random)).data;
  const rho = ex.spearman(a.map(Math.abs), b.map(Math.abs));
  rhos.push({ digit: digits.labels[i], rho });
  rand.maps.push({ label: `trained, digit ${digits.labels[i]}`, shape: [28, 28], data: b64f32(a), image: image(i) });
  rand.maps.push({ label: `re-initialized, ρ = ${rho.toFixed(2)}`, shape: [28, 28], data: b64f32(b), image: image(i) });
}
writeFileSync(resolve(outDir, 'randomization.json'), JSON.stringify(rand) + '\n');

// PNG encoding (8-bit RGB, no filter) with node's zlib.
const CRC = Int32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});
const crc32 = (buf) => {
  let c = -1;
  for (const b of buf) c = CRC[(c ^ b) & 255] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
};
function png(w, h, rgbAt) {
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) raw.set(rgbAt(x, y), y * (w * 3 + 1) + 1 + x * 3);
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
const ig = (await run('integrated gradients', 7)).data;
const sorted = Float32Array.from(ig, Math.abs).sort();
const p99 = sorted[Math.floor(0.99 * (sorted.length - 1))] || 1;
writeFileSync(resolve(outDir, 'ig-7.png'), png(28, 28, (x, y) => {
  const r = Math.round(128 + 127 * Math.max(-1, Math.min(1, ig[y * 28 + x] / p99)));
  return [r, r, r];
}));
writeFileSync(resolve(outDir, 'digit-7.png'), png(28, 28, (x, y) => {
  const v = px[7 * 784 + y * 28 + x];
  return [v, v, v];
}));

if (tf.memory().numTensors != before) console.warn(`tensors: ${before} before, ${tf.memory().numTensors} after`);
all.dispose();
console.log(JSON.stringify({ wrote: outDir, digits: SHOW, randomization: rhos }));
