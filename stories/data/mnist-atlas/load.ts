/// <reference types="vite/client" />
// The data of the activation atlas stories: 3500 MNIST digits the CNN of ../mnist-cnn never trained on (a
// greyscale sprite sheet served by Storybook, labels, the CNN's predictions and a precomputed UMAP layout, all
// written by scripts/make-mnist-atlas.mjs), and the CNN's flatten-layer activations computed here, in the browser,
// with tfjs-core. Nothing is downloaded from elsewhere: the sheet is a file of this repository.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { sequentialFromWeights } from '@tensorlens/explain/attribution';
import { mnistCnnSpec, mnistCnnWeights } from '../mnist-cnn/load';
import digitsJson from './digits.json';
import sheetUrl from './digits.png?url';

export interface MnistAtlasDigits {
  /** 3500 */
  n: number;
  /** 28 */
  side: number;
  /** Pixels in [0, 1], row-major [n, 28, 28, 1]: the model input. */
  pixels: Float32Array;
  /** True digit of each example. */
  labels: Int32Array;
  /** The CNN's prediction for each example. */
  predicted: Int32Array;
  /** [n * 2] a 2D UMAP of the flatten-layer activations (cosine, seed 42), precomputed. */
  layout: Float32Array;
  classes: string[];
  description: string;
  /** The CNN's accuracy on its test images (from model.json) and on these 3500 digits. */
  testAccuracy: number;
  heldOutAccuracy: number;
}

export interface MnistAtlasActivations {
  /** [n, 784] ReLU outputs of the CNN's second convolution, flattened (the input of the logits layer). */
  activations: Float32Array;
  d: number;
  /** The logits layer: weights [784, 10] (row-major) and bias [10]. */
  weights: Float32Array;
  bias: Float32Array;
}

const meta = digitsJson as unknown as {
  n: number;
  side: number;
  columns: number;
  classes: string[];
  description: string;
  labels: number[];
  predicted: number[];
  layout: number[];
  model: { testAccuracy: number; heldOutAccuracy: number };
};

/** How many digits the sheet holds (known without loading it). */
export const MNIST_ATLAS_N = meta.n;
/** The description written by the generator. */
export const mnistAtlasDescription = meta.description;
/** Labels (known without loading the sheet). */
export const mnistAtlasLabels = Int32Array.from(meta.labels);
/** Predictions of the CNN (known without loading the sheet). */
export const mnistAtlasPredicted = Int32Array.from(meta.predicted);
/** The CNN's accuracy on its test images and on the 3500 held-out digits. */
export const mnistAtlasAccuracy = { test: meta.model.testAccuracy, heldOut: meta.model.heldOutAccuracy };

let digitsPromise: Promise<MnistAtlasDigits> | null = null;

/** Loads and decodes the sprite sheet once per page. */
export function loadMnistAtlasDigits(): Promise<MnistAtlasDigits> {
  digitsPromise ??= (async () => {
    const res = await fetch(sheetUrl);
    if (!res.ok) throw new Error(`Could not load the MNIST sprite sheet ${sheetUrl}: HTTP ${res.status}`);
    const bitmap = await createImageBitmap(await res.blob());
    const canvas = document.createElement('canvas');
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    ctx.drawImage(bitmap, 0, 0);
    bitmap.close();
    const rgba = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    const { n, side, columns } = meta;
    const pixels = new Float32Array(n * side * side);
    for (let k = 0; k < n; k++) {
      const x0 = (k % columns) * side;
      const y0 = Math.floor(k / columns) * side;
      for (let y = 0; y < side; y++)
        for (let x = 0; x < side; x++) pixels[k * side * side + y * side + x] = rgba[((y0 + y) * canvas.width + x0 + x) * 4] / 255;
    }
    return {
      n,
      side,
      pixels,
      labels: mnistAtlasLabels,
      predicted: mnistAtlasPredicted,
      layout: Float32Array.from(meta.layout),
      classes: meta.classes,
      description: meta.description,
      testAccuracy: meta.model.testAccuracy,
      heldOutAccuracy: meta.model.heldOutAccuracy,
    };
  })();
  digitsPromise.catch(() => (digitsPromise = null));
  return digitsPromise;
}

let actsPromise: Promise<MnistAtlasActivations> | null = null;
let actsDone = false;
const listeners = new Set<(fraction: number) => void>();

/**
 * The CNN's flatten-layer activations of the 3500 digits, computed once per page with tfjs-core (CPU backend) in
 * batches of 100 that give the page a turn in between. `onProgress` gets the fraction of digits done.
 */
export function mnistAtlasActivations(onProgress?: (fraction: number) => void): Promise<MnistAtlasActivations> {
  if (onProgress && !actsDone) listeners.add(onProgress);
  actsPromise ??= (async () => {
    const digits = await loadMnistAtlasDigits();
    if (tf.getBackend() !== 'cpu') await tf.setBackend('cpu');
    await tf.ready();
    const model = sequentialFromWeights(mnistCnnSpec, mnistCnnWeights());
    try {
      const flat = model.layers.findIndex((l) => l.type === 'flatten');
      const { n, side } = digits;
      const d = 784;
      const activations = new Float32Array(n * d);
      const B = 100;
      for (let s = 0; s < n; s += B) {
        const e = Math.min(n, s + B);
        const h = tf.tidy(() => {
          let t: tf.Tensor = tf.tensor4d(digits.pixels.subarray(s * side * side, e * side * side), [e - s, side, side, 1]);
          for (let l = 0; l <= flat; l++) t = model.layers[l].apply(t);
          return t;
        });
        activations.set(await h.data(), s * d);
        h.dispose();
        for (const fn of listeners) fn(e / n);
        await new Promise((r) => setTimeout(r, 0));
      }
      const weights = Float32Array.from(await model.weights.get('logits/kernel')!.data());
      const bias = Float32Array.from(await model.weights.get('logits/bias')!.data());
      actsDone = true;
      return { activations, d, weights, bias };
    } finally {
      model.dispose();
      listeners.clear();
    }
  })();
  actsPromise.catch(() => (actsPromise = null));
  return actsPromise;
}
