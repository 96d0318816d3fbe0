// Loads the small MNIST CNN trained by scripts/make-mnist-cnn.mjs and its 20 held-out test digits.
// Everything is bundled JSON: nothing is fetched at run time.
import * as tf from '@tensorflow/tfjs-core';
import { sequentialFromWeights, type SequentialModel, type SequentialSpec } from '@tensorlens/explain/attribution';
import modelJson from './model.json';
import digitsJson from './digits.json';

function decodeBase64(s: string): Uint8Array {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The model file: layer specs, weight manifest and the weights (float32 LE, base64). */
export const mnistCnnSpec = modelJson as unknown as SequentialSpec & {
  classes: string[];
  testAccuracy: number;
  testSize: number;
  description: string;
  weightsData: { data: string; length: number };
};

/** The flat float32 weights of the trained model, in manifest order. */
export function mnistCnnWeights(): Float32Array {
  const bytes = decodeBase64(mnistCnnSpec.weightsData.data);
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
}

/** The 20 test digits (two per class) as plain data: pixels in [0, 1], row-major [20, 28, 28, 1]. */
export function mnistDigits(): { pixels: Float32Array; shape: [number, number, number, number]; labels: number[] } {
  const bytes = decodeBase64(digitsJson.pixels);
  const pixels = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) pixels[i] = bytes[i] / 255;
  return { pixels, shape: digitsJson.shape as [number, number, number, number], labels: digitsJson.labels };
}

/**
 * The trained CNN (a {@link SequentialModel}: `predict` for methods taking a function, `layers` for Grad-CAM and
 * the layer explorer) and the test digits as a tensor `[20, 28, 28, 1]`. The caller owns both: call
 * `model.dispose()` and `digits.dispose()`.
 */
export function loadMnistCnn(): { model: SequentialModel; digits: tf.Tensor4D; labels: number[]; classes: string[]; testAccuracy: number } {
  const model = sequentialFromWeights(mnistCnnSpec, mnistCnnWeights());
  const d = mnistDigits();
  return { model, digits: tf.tensor4d(d.pixels, d.shape), labels: d.labels, classes: mnistCnnSpec.classes, testAccuracy: mnistCnnSpec.testAccuracy };
}
