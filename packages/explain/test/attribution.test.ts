// The attribution API: Grad-CAM and occlusion on models with known answers, validation, tensor bookkeeping,
// cancellation, progress and the training callback.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import { TensorLensError } from '@tensorlens/core';
import { expectRejection } from '../../../test/support';
import {
  vanillaGradients,
  gradientTimesInput,
  smoothGrad,
  integratedGradients,
  gradCam,
  occlusionSensitivity,
  aggregateChannels,
  attributionCallback,
  gaussianBlur,
  sequentialFromWeights,
  type ModelFn,
  type AttributionEpochResult,
} from '@tensorlens/explain/attribution';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** Looks only at rows 0–3, columns 4–7 of an 8×8×1 image: class 0 = 2·Σ of that block, class 1 = −Σ. */
const regionModel: ModelFn = (x) =>
  tf.tidy(() => {
    const s = tf.sum(tf.slice(x, [0, 0, 4, 0], [x.shape[0], 4, 4, 1]), [1, 2, 3]);
    return tf.stack([tf.mul(s, 2), tf.neg(s)], 1);
  });

const image = (fn: (y: number, x: number) => number, n = 1, H = 8, W = 8) =>
  tf.tensor4d(Array.from({ length: n * H * W }, (_, i) => fn(Math.floor((i % (H * W)) / W), i % W) + Math.floor(i / (H * W)) * 0.1), [n, H, W, 1]);

describe('occlusionSensitivity', () => {
  test('a model that only looks at one block gets non-zero values only there, equal to the score drop', async () => {
    const x = image((y, c) => 1 + ((y * 8 + c) % 5) * 0.1, 2);
    const m = (await occlusionSensitivity(regionModel, x, { target: 0, patch: 4 })).arraySync() as number[][][];
    const xa = x.arraySync() as number[][][][];
    for (let r = 0; r < 2; r++) {
      let block = 0;
      for (let y = 0; y < 4; y++) for (let c = 4; c < 8; c++) block += xa[r][y][c][0];
      for (let y = 0; y < 8; y++)
        for (let c = 0; c < 8; c++) {
          if (y < 4 && c >= 4) expect(m[r][y][c]).toBeCloseTo(2 * block, 4);
          else expect(m[r][y][c]).toBe(0);
        }
    }
    x.dispose();
  });

  test('overlapping patches average the drops; a fill value above the pixels makes the drop negative', async () => {
    const x = image(() => 1);
    const m = (await occlusionSensitivity(regionModel, x, { target: 0, patch: 2, stride: 1, fill: 3 })).arraySync() as number[][][];
    // every 2×2 patch fully inside the block raises the sum by 4·(3 − 1) = 8, so the drop is −16 there
    expect(m[0][1][5]).toBeCloseTo(-16, 4);
    expect(m[0][6][1]).toBe(0);
    // patch 3, stride 3 on 8 pixels: corners 0, 3, 6, the last patch clipped to columns 6–7, so every pixel is covered
    // and a pixel in the block's clipped patch (rows 6–7 are outside the block) sees the drop of that patch alone
    const c = (await occlusionSensitivity(regionModel, x, { target: 0, patch: 3 })).arraySync() as number[][][];
    // patch at (0, 6) covers rows 0–2, columns 6–7 of the block: drop 2·6 = 12
    expect(c[0][0][7]).toBeCloseTo(12, 4);
    // patch at (3, 3) covers rows 3–5, columns 3–5: the block part is row 3, columns 4–5 → drop 2·2 = 4
    expect(c[0][4][4]).toBeCloseTo(4, 4);
    x.dispose();
  });
});

describe('gradCam', () => {
  // A model whose last conv layer is known: channel 0 = the image, channel 1 = 1 − image;
  // global average pooling, then class 0 reads channel 0 and class 1 reads channel 1.
  const model = [
    { name: 'features', fn: (x: tf.Tensor) => tf.tidy(() => tf.concat([x, tf.sub(1, x)], 3)) },
    { name: 'gap', fn: (x: tf.Tensor) => tf.mean(x, [1, 2]) },
    { name: 'logits', fn: (x: tf.Tensor) => tf.matMul(x, tf.tensor2d([[1, 0], [0, 1]])) },
  ];
  const square = () => image((y, c) => (y >= 2 && y < 5 && c >= 1 && c < 4 ? 1 : 0));

  test('highlights the bright square for class 0 and everything but the square for class 1', async () => {
    const x = square();
    const [c0, c1] = [0, 1].map(async (t) => (await gradCam(model, x, { target: t })).arraySync() as number[][][]);
    const m0 = await c0;
    const m1 = await c1;
    for (let y = 0; y < 8; y++)
      for (let c = 0; c < 8; c++) {
        const inside = y >= 2 && y < 5 && c >= 1 && c < 4;
        // α = 1/64 for the read channel, 0 for the other: the map is A_k / 64
        expect(m0[0][y][c]).toBeCloseTo(inside ? 1 / 64 : 0, 6);
        expect(m1[0][y][c]).toBeCloseTo(inside ? 0 : 1 / 64, 6);
      }
    x.dispose();
  });

  test('picks the last 4-D layer by default, a layer by name or index, and upsamples a coarse layer to the input size', async () => {
    const x = square();
    const pooled = [{ name: 'pool', fn: (t: tf.Tensor) => tf.maxPool(t as tf.Tensor4D, 2, 2, 'valid') }, ...model];
    const byDefault = await gradCam(pooled, x, { target: 0 });
    const byName = await gradCam(pooled, x, { target: 0, layer: 'features' });
    const byIndex = await gradCam(pooled, x, { target: 0, layer: 1 });
    expect(byDefault.shape).toEqual([1, 8, 8]);
    const a = byDefault.arraySync() as number[][][];
    expect(a[0][3][2]).toBeGreaterThan(a[0][7][7]);
    expect(byName.arraySync()).toEqual(byIndex.arraySync());
    // the pool layer is 4-D too: layer 0
    const first = await gradCam(pooled, x, { target: 0, layer: 0 });
    expect(first.shape).toEqual([1, 8, 8]);
    tf.dispose([byDefault, byName, byIndex, first, x]);
  });

  test('guided gradients drop negative gradients; relu: false keeps the signed map', async () => {
    const x = square();
    const neg = [model[0], model[1], { name: 'logits', fn: (t: tf.Tensor) => tf.matMul(t, tf.tensor2d([[1, 0], [-1, 1]])) }];
    // class 0 = mean(x) − mean(1 − x): plain α = [1/64, −1/64] → map (2x − 1)/64. Guided keeps a gradient only where it
    // and the activation are positive: channel 0 keeps 1/64 on the 9 square pixels (α₀ = 9/64²), channel 1 keeps nothing.
    const plain = (await gradCam(neg, x, { target: 0, relu: false })).arraySync() as number[][][];
    const guided = (await gradCam(neg, x, { target: 0, guided: true, relu: false })).arraySync() as number[][][];
    expect(plain[0][0][0]).toBeCloseTo(-1 / 64, 6);
    expect(plain[0][3][2]).toBeCloseTo(1 / 64, 6);
    expect(guided[0][0][0]).toBeCloseTo(0, 6);
    expect(guided[0][3][2]).toBeCloseTo(9 / 64 ** 2, 7);
    x.dispose();
  });

  test('works on a model built with sequentialFromWeights (conv layers known: one edge detector)', async () => {
    // conv 1×1 copies the image into one channel; flatten + dense sums the right half.
    const dense = new Float32Array(64).map((_, i) => (i % 8 >= 4 ? 1 : 0));
    const m = sequentialFromWeights(
      {
        inputShape: [8, 8, 1],
        layers: [
          { type: 'conv2d', name: 'c', filters: 1, kernelSize: 1, activation: 'relu' },
          { type: 'flatten', name: 'f' },
          { type: 'dense', name: 'd', units: 1 },
        ],
      },
      { 'c/kernel': [1], 'c/bias': [0], 'd/kernel': dense, 'd/bias': [0] },
    );
    const x = image(() => 1);
    // Grad-CAM averages the gradient over space: α = 32/64 everywhere, so the map is uniform 0.5 (its known weakness)
    const cam = (await gradCam(m, x, { target: 0 })).arraySync() as number[][][];
    expect(cam[0][0][0]).toBeCloseTo(0.5, 6);
    expect(cam[0][7][7]).toBeCloseTo(0.5, 6);
    // while vanilla gradients see the right half only
    const g = (await vanillaGradients(m.predict, x, { target: 0 })).arraySync() as number[][][][];
    expect(g[0][0][0][0]).toBe(0);
    expect(g[0][0][7][0]).toBe(1);
    m.dispose();
    x.dispose();
  });
});

describe('guided backpropagation (sequentialFromWeights().guidedPredict)', () => {
  test('passes gradients only where the ReLU input and the incoming gradient are positive; forward values unchanged', async () => {
    // h = relu(x·W1), y = h·W2; x = [1, 1] → pre-activations [1, −1, 2] (unit 1 off).
    const W1 = [1, -2, 1, 0, 1, 1]; // [2, 3]
    const W2 = [1, 0, -1, 1, 2, 1]; // [3, 2] (rows: hidden units): class 0 = h0 − h1 + 2·h2, class 1 = h1 + h2
    const m = sequentialFromWeights(
      { inputShape: [2], layers: [{ type: 'dense', name: 'h', units: 3, activation: 'relu', useBias: false }, { type: 'dense', name: 'y', units: 2, useBias: false }] },
      { 'h/kernel': W1, 'y/kernel': W2 },
    );
    const x = tf.tensor2d([[1, 1]]);
    const plain = (await vanillaGradients(m.predict, x, { target: 1 })).arraySync() as number[][];
    const guided = (await vanillaGradients(m.guidedPredict, x, { target: 1 })).arraySync() as number[][];
    // class 1: dy/dh = W2[:, 1] = [0, 1, 1]; ReLU mask (pre > 0) = [1, 0, 1]; plain: dh = [0, 0, 1] → dx = W1·dh = [W1[0][2], W1[1][2]] = [1, 1]
    expect(plain[0]).toEqual([1, 1]);
    // class 0: dy/dh = [1, −1, 2] → plain dh = [1, 0, 2] → dx = [1·1 + 1·2, 0·1 + 1·2] = [3, 2]; guided drops nothing negative here
    const plain0 = (await vanillaGradients(m.predict, x, { target: 0 })).arraySync() as number[][];
    expect(plain0[0]).toEqual([3, 2]);
    expect(guided[0]).toEqual([1, 1]);
    // a negative incoming gradient on an active unit: class 0 = −h0 − h1 + 2·h2 → guided keeps only the path through h2
    const m2 = sequentialFromWeights(
      { inputShape: [2], layers: [{ type: 'dense', name: 'h', units: 3, activation: 'relu', useBias: false }, { type: 'dense', name: 'y', units: 2, useBias: false }] },
      { 'h/kernel': W1, 'y/kernel': [-1, 0, -1, 1, 2, 1] },
    );
    const p2 = (await vanillaGradients(m2.predict, x, { target: 0 })).arraySync() as number[][];
    const g2 = (await vanillaGradients(m2.guidedPredict, x, { target: 0 })).arraySync() as number[][];
    expect(p2[0]).toEqual([-1 + 2, 0 + 2]);
    expect(g2[0]).toEqual([2, 2]);
    const a = m2.predict(x);
    const b = m2.guidedPredict(x);
    expect(b.arraySync()).toEqual(a.arraySync());
    tf.dispose([a, b, x]);
    m.dispose();
    m2.dispose();
  });
});

describe('aggregateChannels and gaussianBlur', () => {
  test('aggregateChannels folds the channel axis as named', () => {
    const a = tf.tensor4d([1, -2, 2, 3, -4, 0], [1, 1, 2, 3]);
    const get = (how: Parameters<typeof aggregateChannels>[1]) => {
      const t = aggregateChannels(a, how);
      const v = Array.from(t.dataSync());
      t.dispose();
      return v;
    };
    expect(get('sum')).toEqual([1, -1]);
    expect(get('abs-sum')).toEqual([5, 7]);
    expect(get('max-abs')).toEqual([2, 4]);
    const l2 = get('l2');
    expect(l2[0]).toBeCloseTo(3, 5);
    expect(l2[1]).toBeCloseTo(5, 5);
    expect(() => aggregateChannels(tf.zeros([2, 3]), 'sum')).toThrow(TensorLensError);
    expect(() => aggregateChannels(a, 'mean' as never)).toThrow(/how/);
    a.dispose();
  });

  test('gaussianBlur keeps constants constant and the mass of an impulse away from edges; spreads it with the right variance', () => {
    const c = tf.fill([1, 9, 9, 2], 3);
    const bc = gaussianBlur(c, 2);
    expect(Math.max(...Array.from(bc.dataSync()).map((v) => Math.abs(v - 3)))).toBeLessThan(1e-5);
    const imp = tf.buffer([1, 21, 21, 1]);
    imp.set(1, 0, 10, 10, 0);
    const t = imp.toTensor();
    const b = gaussianBlur(t, 1.5);
    const d = b.dataSync();
    let mass = 0;
    let varY = 0;
    for (let y = 0; y < 21; y++)
      for (let x = 0; x < 21; x++) {
        mass += d[y * 21 + x];
        varY += d[y * 21 + x] * (y - 10) ** 2;
      }
    expect(mass).toBeCloseTo(1, 5);
    expect(varY).toBeCloseTo(1.5 ** 2, 1);
    tf.dispose([c, bc, t, b]);
  });
});

describe('validation', () => {
  const lin: ModelFn = (x) => tf.tidy(() => tf.stack([tf.sum(x, 1), tf.neg(tf.sum(x, 1))], 1));
  const code = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (e) {
      expect(e).toBeInstanceOf(TensorLensError);
      return [(e as TensorLensError).code, (e as TensorLensError).argument];
    }
    throw new Error('did not throw');
  };

  test('x of the wrong rank → shape', async () => {
    const v = tf.tensor1d([1, 2]);
    const m = tf.zeros([2, 3]);
    expect(await code(vanillaGradients(lin, v, { target: 0 }))).toEqual(['shape', 'x']);
    expect(await code(occlusionSensitivity(lin, m, { target: 0 }))).toEqual(['shape', 'x']);
    expect(await code(gradCam([{ name: 'a', fn: lin }], m, { target: 0 }))).toEqual(['shape', 'x']);
    expect(await code(integratedGradients(lin, m, { target: 0, baseline: 'blur' }))).toEqual(['shape', 'x']);
    expect(await code(integratedGradients(lin, m, { target: 0, baseline: tf.zeros([4]) }))).toEqual(['shape', 'options.baseline']);
    tf.dispose([v, m]);
  });

  test('target out of range → range, naming the row', async () => {
    const x = tf.ones([2, 3]);
    expect(await code(vanillaGradients(lin, x, { target: 2 }))).toEqual(['range', 'options.target']);
    expect(await code(smoothGrad(lin, x, { target: [0, -1] }))).toEqual(['range', 'options.target[1]']);
    expect(await code(integratedGradients(lin, x, { target: 0.5 }))).toEqual(['range', 'options.target']);
    expect(await code(gradientTimesInput(lin, x, { target: [0] }))).toEqual(['length', 'options.target']);
    x.dispose();
  });

  test('a kernel without a registered gradient → type on model, naming the kernel and how to register gradients', async () => {
    // TopK has no gradient in tfjs-core; in plain Node (tfjs-core's CommonJS build) no kernel has one.
    const top: ModelFn = (x) => tf.topk(x, 2).values;
    const x = tf.ones([1, 3]);
    const e = await expectRejection(vanillaGradients(top, x, { target: 0 }), 'type', 'model');
    expect(e.message).toContain('no gradient registered for the TopK kernel');
    expect(e.message).toContain('register_all_gradients');
    const image = tf.ones([1, 1, 1, 3]);
    const stages = [
      { name: 'a', fn: (z: tf.Tensor) => tf.relu(z) },
      { name: 'top', fn: (z: tf.Tensor) => tf.topk(tf.reshape(z, [-1, 3]), 2).values },
    ];
    await expectRejection(gradCam(stages, image, { target: 0, layer: 'a' }), 'type', 'model');
    // No tensor count here: when backprop throws, tfjs-core keeps the tensors it saved for the backward pass.
    tf.dispose([x, image]);
  });

  test('NaN in the input → nan, naming the element', async () => {
    const x = tf.tensor2d([[1, NaN, 3]]);
    const [c, arg] = await code(integratedGradients(lin, x, { target: 0 }));
    expect(c).toBe('nan');
    expect(arg).toBe('x[0, 1]');
    x.dispose();
  });

  test('model output not [B, C] → shape on model(x)', async () => {
    const x = tf.ones([2, 3]);
    const flat: ModelFn = (t) => tf.sum(t, 1);
    const wrongRows: ModelFn = (t) => tf.ones([t.shape[0] + 1, 2]);
    expect(await code(vanillaGradients(flat, x, { target: 0 }))).toEqual(['shape', 'model(x)']);
    expect(await code(integratedGradients(wrongRows, x, { target: 0 }))).toEqual(['shape', 'model(x)']);
    expect(await code(occlusionSensitivity(flat, tf.ones([1, 4, 4, 1]), { target: 0 }))).toEqual(['shape', 'model(x)']);
    expect(await code(gradCam([{ name: 'a', fn: (t) => t }], tf.ones([1, 4, 4, 1]), { target: 0 }))).toEqual(['shape', 'model(x)']);
    x.dispose();
  });

  test('bad options name themselves', async () => {
    const x = tf.ones([2, 3]);
    expect(await code(integratedGradients(lin, x, { target: 0, steps: 0 }))).toEqual(['range', 'options.steps']);
    expect(await code(integratedGradients(lin, x, { target: 0, rule: 'simpson' as never }))).toEqual(['option', 'options.rule']);
    expect(await code(smoothGrad(lin, x, { target: 0, noise: -1 }))).toEqual(['range', 'options.noise']);
    expect(await code(vanillaGradients(lin, x, { target: 0, batchSize: 0 }))).toEqual(['range', 'options.batchSize']);
    const cam = [
      { name: 'conv', fn: (t: tf.Tensor) => tf.relu(t) },
      { name: 'flat', fn: (t: tf.Tensor) => tf.reshape(t, [t.shape[0], -1]) },
    ];
    expect(await code(gradCam(cam, tf.ones([1, 4, 4, 1]), { target: 0, layer: 'nope' }))).toEqual(['option', 'options.layer']);
    expect(await code(gradCam(cam, tf.ones([1, 4, 4, 1]), { target: 0, layer: 1 }))).toEqual(['range', 'options.layer']);
    x.dispose();
  });
});

describe('tensor bookkeeping, progress and cancellation', () => {
  const x4 = () => image((y, c) => (y * 8 + c) / 64, 3);
  const methods: Array<[string, (m: ModelFn, x: tf.Tensor, o: { target: number; batchSize?: number; signal?: AbortSignal; onProgress?: (p: { done: number; total: number }) => void }) => Promise<tf.Tensor[]>]> = [
    ['vanillaGradients', async (m, x, o) => [await vanillaGradients(m, x, o)]],
    ['gradientTimesInput', async (m, x, o) => [await gradientTimesInput(m, x, o)]],
    ['smoothGrad', async (m, x, o) => [await smoothGrad(m, x, { ...o, samples: 6 })]],
    ['integratedGradients', async (m, x, o) => [(await integratedGradients(m, x, { ...o, steps: 8 })).attributions]],
    ['integratedGradients blur', async (m, x, o) => [(await integratedGradients(m, x, { ...o, steps: 8, baseline: 'blur' })).attributions]],
    ['occlusionSensitivity', async (m, x, o) => [await occlusionSensitivity(m, x, { ...o, patch: 2 })]],
    ['gradCam', async (m, x, o) => [await gradCam([{ name: 'id', fn: (t) => tf.relu(t) }, { name: 'm', fn: m }], x, o)]],
  ];

  test.each(methods)('%s: numTensors is unchanged except for the result; progress reaches total', async (_, run) => {
    const x = x4();
    const before = tf.memory().numTensors;
    const seen: Array<{ done: number; total: number }> = [];
    const out = await run(regionModel, x, { target: 0, batchSize: 2, onProgress: (p) => seen.push(p) });
    expect(tf.memory().numTensors).toBe(before + out.length);
    expect(seen.length).toBeGreaterThan(1);
    expect(seen[seen.length - 1].done).toBe(seen[seen.length - 1].total);
    tf.dispose(out);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  test.each(methods)('%s: cancel rejects with AbortError and leaks nothing', async (_, run) => {
    const x = x4();
    const before = tf.memory().numTensors;
    const ac = new AbortController();
    const p = run(regionModel, x, { target: 0, batchSize: 1, signal: ac.signal, onProgress: () => ac.abort() });
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
    expect(tf.memory().numTensors).toBe(before);
    // already aborted: rejects before any work
    await expect(run(regionModel, x, { target: 0, signal: ac.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  test.each(methods)('%s: a model that throws mid-way rejects with its error and leaks nothing', async (_, run) => {
    const x = x4();
    let calls = 0;
    const flaky: ModelFn = (t) => {
      if (++calls > 3) throw new Error('model broke');
      return regionModel(t);
    };
    const before = tf.memory().numTensors;
    await expect(run(flaky, x, { target: 0, batchSize: 1 })).rejects.toThrow('model broke');
    expect(tf.memory().numTensors).toBe(before);
    // validation errors leak nothing either
    await expect(run(regionModel, x, { target: 9 })).rejects.toBeInstanceOf(TensorLensError);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});

describe('attributionCallback', () => {
  test('computes the method on fixed examples at each epoch end and hands plain arrays over', async () => {
    const w = tf.variable(tf.tensor2d([[1, 0], [2, 0], [3, 0]]));
    const model: ModelFn = (x) => tf.matMul(x, w);
    const examples = tf.tensor2d([[1, 1, 1], [0, 2, 0]]);
    const results: AttributionEpochResult[] = [];
    const cb = attributionCallback({ model, method: 'integratedGradients', examples, target: 0, options: { steps: 4 }, onResult: (r) => void results.push(r) });
    const before = tf.memory().numTensors;
    await cb.onEpochEnd(0, { loss: 0.5 });
    // "training" changes the weights between epochs
    const next = tf.tensor2d([[-1, 0], [0, 0], [5, 0]]);
    w.assign(next);
    next.dispose();
    await cb.onEpochEnd(1, { loss: 0.25 });
    expect(tf.memory().numTensors).toBe(before);
    expect(results.map((r) => r.epoch)).toEqual([0, 1]);
    expect(results[0].logs).toEqual({ loss: 0.5 });
    expect(results[0].shape).toEqual([2, 3]);
    // linear model, zero baseline: IG = x ⊙ w
    expect(Array.from(results[0].data)).toEqual([1, 2, 3, 0, 4, 0]);
    expect(Array.from(results[1].data, (v) => v + 0)).toEqual([-1, 0, 5, 0, 0, 0]); // + 0 turns −0 into 0
    expect(results[1].completenessError![0]).toBeLessThan(1e-5);
    const every = attributionCallback({ model, method: 'vanillaGradients', examples, target: 0, every: 2, onResult: (r) => void results.push(r) });
    await every.onEpochEnd(0);
    expect(results.length).toBe(2);
    await every.onEpochEnd(1);
    expect(results.length).toBe(3);
    expect(results[2].method).toBe('vanillaGradients');
    tf.dispose([w, examples]);
  });

  test('rejects a missing onResult and gradCam without layers', async () => {
    const examples = tf.ones([1, 4, 4, 1]);
    expect(() => attributionCallback({ model: (x: tf.Tensor) => x, method: 'vanillaGradients', examples, target: 0 } as never)).toThrow(TensorLensError);
    const cb = attributionCallback({ model: (x) => x, method: 'gradCam', examples, target: 0, onResult: () => {} });
    await expect(cb.onEpochEnd(0)).rejects.toBeInstanceOf(TensorLensError);
    examples.dispose();
  });
});
