// Correctness of the attribution methods against independent references: closed forms, numerical
// integration in float64, central finite differences, and the model-randomization sanity check.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import { integratedGradients, vanillaGradients, gradientTimesInput, smoothGrad, aggregateChannels, sequentialFromWeights, spearman, type ModelFn } from '@tensorlens/explain/attribution';
import { loadMnistCnn, mnistCnnSpec } from '../../../stories/data/mnist-cnn/load';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const w = [0.5, -1.5, 2, 0.25];
/** f(x) = [w·x, −w·x]. */
const linear: ModelFn = (x) => tf.tidy(() => { const s = tf.sum(tf.mul(x, tf.tensor1d(w)), 1, true); return tf.concat([s, tf.neg(s)], 1); });
/** f(x) = [Σ x_i², 0]. */
const quadratic: ModelFn = (x) => tf.tidy(() => tf.concat([tf.sum(tf.square(x), 1, true), tf.zeros([x.shape[0], 1])], 1));
/** f(x) = [σ(w·x + c), 0] with c = 0.3. */
const sigmoidLinear: ModelFn = (x) => tf.tidy(() => tf.concat([tf.sigmoid(tf.add(tf.sum(tf.mul(x, tf.tensor1d(w)), 1, true), 0.3)), tf.zeros([x.shape[0], 1])], 1));
/** f(x) = [x0·x1·x2·x3, 0] (products of slices: tfjs-core's Prod gradient needs its chained-op API). */
const product: ModelFn = (x) =>
  tf.tidy(() => {
    const c = tf.split(x, 4, 1);
    return tf.concat([tf.mul(tf.mul(c[0], c[1]), tf.mul(c[2], c[3])), tf.zeros([x.shape[0], 1])], 1);
  });

const X = [
  [1, 2, -0.5, 0.75],
  [-1.2, 0.4, 0.9, 2],
];
const Bl = [0.2, -0.3, 0.1, 0.5];

async function arr(t: tf.Tensor): Promise<number[][]> {
  const a = (await t.array()) as number[][];
  t.dispose();
  return a;
}

describe('integrated gradients match closed forms', () => {
  test('linear model: IG = (x − b) ⊙ w for every rule, completeness error ~0', async () => {
    for (const rule of ['riemann-left', 'riemann-right', 'riemann-middle', 'trapezoid'] as const) {
      const x = tf.tensor2d(X);
      const b = tf.tensor1d(Bl);
      const r = await integratedGradients(linear, x, { target: 0, steps: 7, rule, baseline: b });
      const ig = await arr(r.attributions);
      X.forEach((row, i) => row.forEach((v, j) => expect(ig[i][j]).toBeCloseTo((v - Bl[j]) * w[j], 5)));
      for (const e of r.completenessError) expect(e).toBeLessThan(1e-5);
      // target 1 is −w·x
      const r1 = await integratedGradients(linear, x, { target: 1, steps: 3, rule, baseline: b });
      const ig1 = await arr(r1.attributions);
      expect(ig1[1][2]).toBeCloseTo(-(X[1][2] - Bl[2]) * w[2], 5);
      tf.dispose([x, b]);
    }
  });

  test('f = Σ x²: IG_i = x_i² − b_i² (trapezoid and midpoint are exact on a linear gradient), left Riemann off by exactly (x_i − b_i)²/m', async () => {
    const x = tf.tensor2d(X);
    const b = tf.tensor2d([Bl, Bl]);
    for (const rule of ['trapezoid', 'riemann-middle'] as const) {
      const r = await integratedGradients(quadratic, x, { target: 0, steps: 5, rule, baseline: b });
      const ig = await arr(r.attributions);
      X.forEach((row, i) => row.forEach((v, j) => expect(ig[i][j]).toBeCloseTo(v * v - Bl[j] * Bl[j], 5)));
    }
    const m = 8;
    // left rule: Σ_k (1/m)·2(b + (k/m)(x − b))·(x − b) = x² − b² − (x − b)²/m; right rule adds it.
    const left = await arr((await integratedGradients(quadratic, x, { target: 0, steps: m, rule: 'riemann-left', baseline: b })).attributions);
    const right = await arr((await integratedGradients(quadratic, x, { target: 0, steps: m, rule: 'riemann-right', baseline: b })).attributions);
    X.forEach((row, i) =>
      row.forEach((v, j) => {
        const d = v - Bl[j];
        expect(left[i][j]).toBeCloseTo(v * v - Bl[j] * Bl[j] - (d * d) / m, 5);
        expect(right[i][j]).toBeCloseTo(v * v - Bl[j] * Bl[j] + (d * d) / m, 5);
      }),
    );
    tf.dispose([x, b]);
  });

  test('sigmoid of a linear function: IG_i = (x_i − b_i)·w_i·(σ(z_x) − σ(z_b))/(z_x − z_b)', async () => {
    const x = tf.tensor2d(X);
    const b = tf.tensor1d(Bl);
    const r = await integratedGradients(sigmoidLinear, x, { target: 0, steps: 64, baseline: b });
    const ig = await arr(r.attributions);
    const sig = (z: number) => 1 / (1 + Math.exp(-z));
    const zb = Bl.reduce((s, v, j) => s + v * w[j], 0.3);
    X.forEach((row, i) => {
      const zx = row.reduce((s, v, j) => s + v * w[j], 0.3);
      const avgSlope = (sig(zx) - sig(zb)) / (zx - zb);
      row.forEach((v, j) => expect(ig[i][j]).toBeCloseTo((v - Bl[j]) * w[j] * avgSlope, 4));
      expect(r.delta[i]).toBeCloseTo(sig(zx) - sig(zb), 5);
      expect(r.completenessError[i]).toBeLessThan(1e-4);
    });
    tf.dispose([x, b]);
  });

  test('product x0·x1·x2·x3 from a non-zero baseline: matches a float64 midpoint integral at 10 000 steps', async () => {
    const x = tf.tensor2d(X);
    const b = tf.tensor1d(Bl);
    // 512 trapezoid steps: the rule's O(1/m²) error on this cubic-in-α integrand falls below float32 noise.
    const r = await integratedGradients(product, x, { target: 0, steps: 512, batchSize: 256, baseline: b });
    const ig = await arr(r.attributions);
    const n = 10000;
    X.forEach((row, i) => {
      const ref = [0, 0, 0, 0];
      for (let k = 0; k < n; k++) {
        const a = (k + 0.5) / n;
        const p = row.map((v, j) => Bl[j] + a * (v - Bl[j]));
        for (let j = 0; j < 4; j++) ref[j] += (p.reduce((s, v, q) => (q == j ? s : s * v), 1) * (row[j] - Bl[j])) / n;
      }
      ref.forEach((v, j) => expect(ig[i][j]).toBeCloseTo(v, 4));
      // and completeness: Σ IG = f(x) − f(b)
      const fx = row.reduce((s, v) => s * v, 1);
      const fb = Bl.reduce((s, v) => s * v, 1);
      expect(ref.reduce((s, v) => s + v, 0)).toBeCloseTo(fx - fb, 6);
      expect(r.delta[i]).toBeCloseTo(fx - fb, 5);
    });
    tf.dispose([x, b]);
  });

  test('batch size does not change the result', async () => {
    const x = tf.tensor2d(X);
    const a = await arr((await integratedGradients(product, x, { target: 0, steps: 10, batchSize: 1 })).attributions);
    const c = await arr((await integratedGradients(product, x, { target: 0, steps: 10, batchSize: 7 })).attributions);
    a.forEach((row, i) => row.forEach((v, j) => expect(c[i][j]).toBeCloseTo(v, 6)));
    x.dispose();
  });
});

describe('gradients match central finite differences', () => {
  // A small smooth conv model (tanh), so finite differences are well defined everywhere.
  const k = tf.tensor4d([0.3, -0.2, 0.5, 0.1, 0.4, -0.6, 0.2, 0.7, -0.3, 0.25, 0.15, -0.45, 0.35, -0.1, 0.05, 0.6, -0.5, 0.2], [3, 3, 1, 2]);
  const dense = tf.tensor2d(Array.from({ length: 5 * 5 * 2 * 3 }, (_, i) => Math.sin(i * 1.7) * 0.4), [50, 3]);
  const smooth: ModelFn = (x) => tf.tidy(() => tf.matMul(tf.reshape(tf.tanh(tf.conv2d(x as tf.Tensor4D, k, 1, 'same')), [x.shape[0], -1]), dense));

  test('vanilla gradients of a conv-tanh-dense model, every pixel, two rows and two classes', async () => {
    const xs = Array.from({ length: 2 * 25 }, (_, i) => Math.cos(i * 0.77));
    const x = tf.tensor4d(xs, [2, 5, 5, 1]);
    const g = (await vanillaGradients(smooth, x, { target: [2, 0] })).arraySync() as number[][][][];
    // Central differences in float32 with h = 1e-2: truncation ~h²·f''' ≈ 1e-5, rounding ~1e-7·|f|/h ≈ 1e-5.
    const h = 1e-2;
    const targets = [2, 0];
    const plus: number[][] = [];
    for (let r = 0; r < 2; r++)
      for (let i = 0; i < 25; i++)
        for (const s of [h, -h]) {
          const v = xs.slice(r * 25, r * 25 + 25);
          v[i] += s;
          plus.push(v);
        }
    const out = tf.tidy(() => smooth(tf.tensor4d(plus.flat(), [plus.length, 5, 5, 1]))).arraySync() as number[][];
    let maxErr = 0;
    let maxG = 0;
    for (let r = 0; r < 2; r++)
      for (let i = 0; i < 25; i++) {
        const fd = (out[(r * 25 + i) * 2][targets[r]] - out[(r * 25 + i) * 2 + 1][targets[r]]) / (2 * h);
        const an = g[r][Math.floor(i / 5)][i % 5][0];
        maxErr = Math.max(maxErr, Math.abs(fd - an));
        maxG = Math.max(maxG, Math.abs(an));
      }
    expect(maxG).toBeGreaterThan(0.1);
    expect(maxErr).toBeLessThan(2e-3 * Math.max(1, maxG));
    const gi = (await gradientTimesInput(smooth, x, { target: [2, 0] })).arraySync() as number[][][][];
    expect(gi[1][2][3][0]).toBeCloseTo(g[1][2][3][0] * xs[25 + 13], 6);
    x.dispose();
  });
});

describe('SmoothGrad', () => {
  test('on a linear model every noisy gradient is w, so the mean is w; on Σ x² the mean of 2(x + ε) tends to 2x', async () => {
    const x = tf.tensor2d(X);
    const lin = await arr(await smoothGrad(linear, x, { target: 0, samples: 5, noise: 0.3, seed: 1 }));
    lin.forEach((row) => row.forEach((v, j) => expect(v).toBeCloseTo(w[j], 5)));
    const q = await arr(await smoothGrad(quadratic, x, { target: 0, samples: 400, noise: 0.1, seed: 2, batchSize: 100 }));
    // σ = 0.1·range; the mean of 400 draws of 2ε has sd 2σ/20.
    X.forEach((row, i) => {
      const sigma = 0.1 * (Math.max(...row) - Math.min(...row));
      row.forEach((v, j) => expect(Math.abs(q[i][j] - 2 * v)).toBeLessThan(4 * ((2 * sigma) / 20)));
    });
    // squared: E[(2(x + ε))²] = 4(x² + σ²)
    const sq = await arr(await smoothGrad(quadratic, x, { target: 0, samples: 400, noise: 0.5, seed: 3, squared: true, batchSize: 100 }));
    const sigma0 = 0.5 * 2.5;
    const expected = 4 * (X[0][1] ** 2 + sigma0 ** 2);
    expect(Math.abs(sq[0][1] - expected) / expected).toBeLessThan(0.15);
    x.dispose();
  });

  test('the same seed gives the same map, another seed another', async () => {
    const x = tf.tensor2d(X);
    const a = await arr(await smoothGrad(quadratic, x, { target: 0, samples: 4, seed: 7 }));
    const b = await arr(await smoothGrad(quadratic, x, { target: 0, samples: 4, seed: 7, batchSize: 3 }));
    const c = await arr(await smoothGrad(quadratic, x, { target: 0, samples: 4, seed: 8 }));
    expect(b[1][1]).toBeCloseTo(a[1][1], 6);
    expect(Math.abs(c[1][1] - a[1][1])).toBeGreaterThan(1e-4);
    x.dispose();
  });
});

describe('on the trained MNIST CNN', () => {
  test('the loaded model reproduces the training script’s predictions on the 20 test digits', { timeout: 60_000 }, async () => {
    const { model, digits, labels } = loadMnistCnn();
    const pred = tf.tidy(() => tf.argMax(model.predict(digits), 1));
    const p = Array.from(await pred.data());
    pred.dispose();
    const digitsJson = (await import('../../../stories/data/mnist-cnn/digits.json')).default;
    expect(p).toEqual(digitsJson.predicted);
    expect(p.filter((v, i) => v == labels[i]).length).toBeGreaterThanOrEqual(17);
    model.dispose();
    digits.dispose();
  });

  // Σ|error| / Σ|f(x) − f(b)| over the digits. A ReLU network's integrand has kinks (most of them near the
  // all-black baseline, where units switch on), so single digits can exceed 1%; see docs/attribution.md.
  test('integrated gradients at 64 steps: completeness error under 1% of |f(x) − f(b)| (zeros + midpoint, blur + trapezoid)', { timeout: 120_000 }, async () => {
    const { model, digits, labels } = loadMnistCnn();
    const n = 6;
    const x = tf.slice(digits, [0], [n]);
    for (const [baseline, rule] of [['zeros', 'riemann-middle'], ['blur', 'trapezoid']] as const) {
      const r = await integratedGradients(model.predict, x, { target: labels.slice(0, n), steps: 64, batchSize: 32, baseline, rule });
      r.attributions.dispose();
      let err = 0;
      let delta = 0;
      for (let i = 0; i < n; i++) {
        expect(Math.abs(r.delta[i])).toBeGreaterThan(0.5);
        err += r.completenessError[i];
        delta += Math.abs(r.delta[i]);
      }
      console.log(`IG completeness on the CNN (${baseline}, ${rule}, 64 steps): ${((100 * err) / delta).toFixed(2)} % overall; per digit ${Array.from(r.completenessError, (e, i) => ((100 * e) / Math.abs(r.delta[i])).toFixed(2)).join(' ')} %`);
      expect(err / delta).toBeLessThan(0.01);
    }
    tf.dispose([x, digits]);
    model.dispose();
  });

  test('model-randomization sanity check (Adebayo et al., 2018): saliency of the trained and a re-initialized CNN are rank-uncorrelated', async () => {
    const { model, digits, labels } = loadMnistCnn();
    // Same architecture, He-normal weights drawn with a fixed seed (biases zero), like the training script's init.
    const random: Record<string, tf.Tensor> = {};
    mnistCnnSpec.weights!.forEach((e, i) => {
      const fanIn = e.shape.length > 1 ? e.shape.slice(0, -1).reduce((a, b) => a * b, 1) : 0;
      random[e.name] = fanIn ? tf.randomNormal(e.shape, 0, Math.sqrt(2 / fanIn), 'float32', 99 + i) : tf.zeros(e.shape);
    });
    const reinit = sequentialFromWeights(mnistCnnSpec, random);
    tf.dispose(Object.values(random));
    const n = 6;
    const x = tf.slice(digits, [0], [n]);
    const target = labels.slice(0, n);
    const maps = async (m: ModelFn) => {
      const g = await vanillaGradients(m, x, { target });
      const a = aggregateChannels(g, 'max-abs');
      const d = (await a.data()) as Float32Array;
      tf.dispose([g, a]);
      return d;
    };
    const trained = await maps(model.predict);
    const rand = await maps(reinit.predict);
    const rho: number[] = [];
    for (let i = 0; i < n; i++) rho.push(spearman(trained.subarray(i * 784, (i + 1) * 784), rand.subarray(i * 784, (i + 1) * 784)));
    const mean = rho.reduce((s, v) => s + v, 0) / n;
    console.log(`sanity check: Spearman rank correlation of |gradient| maps, trained vs re-initialized CNN: mean ${mean.toFixed(3)}, per digit ${rho.map((v) => v.toFixed(3)).join(' ')}`);
    expect(mean).toBeLessThan(0.5);
    // …while two runs on the trained model agree perfectly (the statistic is not just noise).
    expect(spearman(trained, await maps(model.predict))).toBeCloseTo(1, 6);
    tf.dispose([x, digits]);
    model.dispose();
    reinit.dispose();
  }, 120_000);
});

describe('spearman', () => {
  test('matches the published value of a textbook example with ties (scipy docs: 0.8207826816681233)', () => {
    expect(spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7])).toBeCloseTo(0.8207826816681233, 12);
    expect(spearman([1, 2, 3], [30, 20, 10])).toBeCloseTo(-1, 12);
  });
});
