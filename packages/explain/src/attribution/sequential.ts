import * as tf from '@tensorflow/tfjs-core';
import { fail } from '@tensorlens/core';
import type { ModelFn } from './types';

/** A 2-D convolution (cross-correlation) with kernel `[k, k, C_in, filters]` and bias `[filters]`, named `<name>/kernel`, `<name>/bias`. */
export interface Conv2dSpec {
  type: 'conv2d';
  name: string;
  filters: number;
  kernelSize: number;
  /** Default 1. */
  strides?: number;
  /** Default 'valid'. */
  padding?: 'same' | 'valid';
  /** Default 'linear'. */
  activation?: 'relu' | 'linear';
  /** Default true. */
  useBias?: boolean;
}
/** Max or average pooling. */
export interface PoolSpec {
  type: 'maxPool' | 'avgPool';
  name: string;
  poolSize: number;
  /** Default `poolSize`. */
  strides?: number;
  /** Default 'valid'. */
  padding?: 'same' | 'valid';
}
/** A fully connected layer with kernel `[inputs, units]` and bias `[units]`. */
export interface DenseSpec {
  type: 'dense';
  name: string;
  units: number;
  activation?: 'relu' | 'linear' | 'softmax';
  useBias?: boolean;
}
/** Parameter-free layers: `[B, …] → [B, n]`, ReLU, softmax. */
export interface PlainSpec {
  type: 'flatten' | 'relu' | 'softmax';
  name: string;
}
/** One layer of a {@link SequentialSpec}. */
export type LayerSpec = Conv2dSpec | PoolSpec | DenseSpec | PlainSpec;

/** One weight in a flat float32 buffer. */
export interface WeightEntry {
  name: string;
  shape: number[];
  /** Element offset in the flat buffer; default: right after the previous entry. */
  offset?: number;
}

/** A tiny model description: layer specs, and where their weights are in a flat buffer. */
export interface SequentialSpec {
  /** One row's shape, e.g. [28, 28, 1]. */
  inputShape?: number[];
  layers: LayerSpec[];
  /** Manifest of the flat weight buffer (needed when weights are given as one Float32Array). */
  weights?: WeightEntry[];
}

/** A layer of a {@link SequentialModel}: `apply` runs it eagerly on a tensor. */
export interface SequentialLayer {
  name: string;
  type: LayerSpec['type'];
  spec: LayerSpec;
  apply(x: tf.Tensor): tf.Tensor;
  /** Like `apply`, with guided-backpropagation ReLUs (same forward values). */
  applyGuided(x: tf.Tensor): tf.Tensor;
}

/** What {@link sequentialFromWeights} builds; its `layers` make it a {@link LayeredModel}. */
export interface SequentialModel {
  layers: SequentialLayer[];
  /** All layers in order: a {@link ModelFn}. */
  predict: ModelFn;
  /**
   * The same function with every ReLU's backward pass replaced by guided backpropagation's: its gradient
   * (`vanillaGradients(model.guidedPredict, x, opts)`) is guided backpropagation, and that times an upsampled
   * `gradCam` map is Guided Grad-CAM (Selvaraju et al., 2017).
   */
  guidedPredict: ModelFn;
  /** The weight tensors by name (owned by the model: `dispose()` frees them). */
  weights: Map<string, tf.Tensor>;
  /** Frees the weight tensors. */
  dispose(): void;
}

/**
 * ReLU whose backward pass is guided backpropagation's (Springenberg et al., 2015): the gradient passes only where
 * the input and the incoming gradient are both positive.
 */
export function guidedRelu(x: tf.Tensor): tf.Tensor {
  // Made on first use: importing this module must not touch the tfjs engine.
  guided ??= tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const t = args[0] as tf.Tensor;
    (args[1] as tf.GradSaveFunc)([t]);
    return { value: tf.relu(t), gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.mul(dy, tf.mul(tf.step(saved[0]), tf.step(dy))) };
  }) as (x: tf.Tensor) => tf.Tensor;
  return guided(x);
}
let guided: ((x: tf.Tensor) => tf.Tensor) | undefined;

const act = (h: tf.Tensor, a: string | undefined, where: string, guided = false): tf.Tensor => {
  if (a === undefined || a == 'linear') return h;
  if (a == 'relu') return guided ? guidedRelu(h) : tf.relu(h);
  if (a == 'softmax') return tf.softmax(h);
  throw fail('option', where, "'relu', 'linear' or 'softmax'", a);
};

/** Expected weight shapes of each layer given the input shape of one row (for checks). */
function paramShapes(spec: LayerSpec, inShape: number[] | undefined): Array<[string, number[] | null]> {
  if (spec.type == 'conv2d') {
    const cin = inShape ? inShape[inShape.length - 1] : -1;
    const k: [string, number[] | null] = [`${spec.name}/kernel`, cin > 0 ? [spec.kernelSize, spec.kernelSize, cin, spec.filters] : null];
    return spec.useBias === false ? [k] : [k, [`${spec.name}/bias`, [spec.filters]]];
  }
  if (spec.type == 'dense') {
    const k: [string, number[] | null] = [`${spec.name}/kernel`, inShape ? [inShape.reduce((a, b) => a * b, 1), spec.units] : null];
    return spec.useBias === false ? [k] : [k, [`${spec.name}/bias`, [spec.units]]];
  }
  return [];
}

/**
 * Builds a sequential model from layer specs and weights (conv2d, maxPool/avgPool, dense, flatten, relu, softmax;
 * NHWC, weight layouts as tfjs-layers/Keras). `weights` is a flat Float32Array laid out by `spec.weights`, or a
 * record of tensors/arrays by name (`<layer>/kernel`, `<layer>/bias`). The model owns the weight tensors it makes.
 */
export function sequentialFromWeights(spec: SequentialSpec, weights: Float32Array | Record<string, tf.Tensor | Float32Array | number[]>): SequentialModel {
  if (!spec || !Array.isArray(spec.layers) || spec.layers.length == 0) throw fail('type', 'spec', 'an object with a non-empty layers array', spec);
  const byName = new Map<string, tf.Tensor>();
  const raw = new Map<string, Float32Array | number[]>();
  const shapeOf = new Map<string, number[]>();
  (spec.weights ?? []).forEach((w) => shapeOf.set(w.name, w.shape));
  try {
    if (weights instanceof Float32Array) {
      if (!spec.weights) throw fail('type', 'spec.weights', 'a manifest [{ name, shape, offset }] for a flat weight buffer', spec.weights);
      let off = 0;
      for (const w of spec.weights) {
        const n = w.shape.reduce((a, b) => a * b, 1);
        off = w.offset ?? off;
        if (off + n > weights.length) throw fail('length', 'weights', `at least ${off + n} values for '${w.name}'`, `${weights.length} values`);
        byName.set(w.name, tf.tensor(weights.subarray(off, off + n), w.shape, 'float32'));
        off += n;
      }
    } else if (weights && typeof weights == 'object') {
      for (const [name, v] of Object.entries(weights)) {
        if (v instanceof tf.Tensor) byName.set(name, v.clone());
        else if (shapeOf.has(name)) byName.set(name, tf.tensor(v, shapeOf.get(name), 'float32'));
        else raw.set(name, v); // shaped below from the layer spec
      }
    } else throw fail('type', 'weights', 'a Float32Array or a record of weights by name', weights);

    let inShape = spec.inputShape ? [...spec.inputShape] : undefined;
    const layers: SequentialLayer[] = spec.layers.map((l, i) => {
      const where = `spec.layers[${i}]`;
      for (const [name, shape] of paramShapes(l, inShape)) {
        const r = raw.get(name);
        if (r && !byName.has(name)) {
          if (!shape || r.length != shape.reduce((a, b) => a * b, 1))
            throw fail('shape', `weights['${name}']`, shape ? `${shape.reduce((a, b) => a * b, 1)} values (shape [${shape}])` : 'a tensor (spec.inputShape is needed to shape plain arrays)', `${r.length} values`);
          byName.set(name, tf.tensor(r, shape, 'float32'));
        }
        const t = byName.get(name);
        if (!t) throw fail('type', 'weights', `a weight named '${name}' for ${where}`, 'none');
        if (shape && (t.rank != shape.length || t.shape.some((d, j) => d != shape[j])))
          throw fail('shape', `weights['${name}']`, `shape [${shape}]`, `shape [${t.shape}]`);
      }
      const kernel = byName.get(`${l.name}/kernel`);
      const bias = byName.get(`${l.name}/bias`);
      let apply: (x: tf.Tensor, guided?: boolean) => tf.Tensor;
      switch (l.type) {
        case 'conv2d': {
          const s = l.strides ?? 1;
          const p = l.padding ?? 'valid';
          apply = (x, g) => tf.tidy(() => act(bias ? tf.add(tf.conv2d(x as tf.Tensor4D, kernel as tf.Tensor4D, s, p), bias) : tf.conv2d(x as tf.Tensor4D, kernel as tf.Tensor4D, s, p), l.activation, `${where}.activation`, g));
          if (inShape) inShape = outSize(inShape, l.kernelSize, s, p, l.filters);
          break;
        }
        case 'maxPool':
        case 'avgPool': {
          const s = l.strides ?? l.poolSize;
          const p = l.padding ?? 'valid';
          const f = l.type == 'maxPool' ? tf.maxPool : tf.avgPool;
          apply = (x) => f(x as tf.Tensor4D, l.poolSize, s, p);
          if (inShape) inShape = outSize(inShape, l.poolSize, s, p, inShape[2]);
          break;
        }
        case 'dense':
          apply = (x, g) => tf.tidy(() => act(bias ? tf.add(tf.matMul(x as tf.Tensor2D, kernel as tf.Tensor2D), bias) : tf.matMul(x as tf.Tensor2D, kernel as tf.Tensor2D), l.activation, `${where}.activation`, g));
          if (inShape) inShape = [l.units];
          break;
        case 'flatten':
          apply = (x) => tf.reshape(x, [x.shape[0], -1]);
          if (inShape) inShape = [inShape.reduce((a, b) => a * b, 1)];
          break;
        case 'relu':
          apply = (x, g) => (g ? guidedRelu(x) : tf.relu(x));
          break;
        case 'softmax':
          apply = (x) => tf.softmax(x);
          break;
        default:
          throw fail('option', `${where}.type`, "'conv2d', 'maxPool', 'avgPool', 'dense', 'flatten', 'relu' or 'softmax'", (l as { type: unknown }).type);
      }
      const run = apply;
      return { name: l.name ?? `layer${i}`, type: l.type, spec: l, apply: (x: tf.Tensor) => run(x), applyGuided: (x: tf.Tensor) => run(x, true) };
    });
    const predict: ModelFn = (x) => tf.tidy(() => layers.reduce((h, l) => l.apply(h), x));
    const guidedPredict: ModelFn = (x) => tf.tidy(() => layers.reduce((h, l) => l.applyGuided(h), x));
    return { layers, predict, guidedPredict, weights: byName, dispose: () => byName.forEach((t) => t.dispose()) };
  } catch (e) {
    byName.forEach((t) => t.dispose());
    throw e;
  }
}

function outSize(shape: number[], k: number, s: number, p: 'same' | 'valid', c: number): number[] {
  const o = (n: number) => (p == 'same' ? Math.ceil(n / s) : Math.floor((n - k) / s) + 1);
  return [o(shape[0]), o(shape[1]), c];
}
