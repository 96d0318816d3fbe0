/// <reference types="vite/client" />
// The names a code example in the docs may use without declaring them (scripts/doc-examples.mjs imports every
// export of this file into every ts/js block; any other undeclared name fails the typecheck). All of it is real
// data of this repository — MNIST digits, predictions and models trained by scripts/make-*.mjs — so an example
// runs on what a reader would have, not on a stub. Give one name one meaning across the docs.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { sequentialFromWeights, type SequentialModel } from '@tensorlens/explain/attribution';
import { loadAtlas, type ActivationAtlas, type AtlasSprites } from '@tensorlens/explain';
import predictionsText from '../../docs/examples/article-predictions.csv?raw';
import embeddingLayoutText from '../../docs/examples/article-embedding.csv?raw';
import sweepText from '../../stories/data/sweep.csv?raw';
import { mnistEmbedding } from '../../stories/data/mnist-embedding';
import { mnistCnnSpec, mnistCnnWeights, mnistDigits } from '../../stories/data/mnist-cnn/load';
import { loadMnistAtlasDigits } from '../../stories/data/mnist-atlas/load';

await tf.setBackend('cpu');

// ── A digit classifier's predictions: docs/examples/article-predictions.csv ────────────────────────────────────

/** The text of docs/examples/article-predictions.csv: `y_true,y_pred` for 2000 held-out MNIST digits. */
export const predictionsCsv: string = predictionsText;
const predictionRows = predictionsText.trim().split('\n').slice(1).map((line) => line.split(','));
/** The true digit of each of the 2000 examples. */
export const yTrue: Int32Array = Int32Array.from(predictionRows, (r) => Number(r[0]));
/** The classifier's (an MLP's) predicted digit of each example. */
export const yPred: Int32Array = Int32Array.from(predictionRows, (r) => Number(r[1]));
/** The ten class names, '0' … '9'. */
export const classNames: string[] = Array.from({ length: 10 }, (_, i) => String(i));

// ── An embedding of the same 2000 digits ────────────────────────────────────────────────────────────────────────

const mnist = mnistEmbedding();
/** `[2000, 64]`: a CNN's penultimate-layer activations of the same 2000 digits (row i = example i of yTrue). */
export const embedding: { data: Float32Array; shape: [number, number] } = mnist.embedding;
/** Metadata columns of the embedding: the true digit, the MLP's prediction, and 'yes'/'no' for correct. */
export const label: string[] = mnist.metadata.label;
export const predicted: string[] = mnist.metadata.predicted;
export const correct: string[] = mnist.metadata.correct;
/** The text of docs/examples/article-embedding.csv: a 2-D layout of that embedding, `x,y,label,predicted,correct`. */
export const embeddingCsv: string = embeddingLayoutText;

// ── A hyperparameter sweep: stories/data/sweep.csv ──────────────────────────────────────────────────────────────

/**
 * 80 small MLPs trained by scripts/make-sweep.mjs: `run, optimizer, learning_rate, hidden_units, hidden_layers,
 * activation, batch_size, dropout, l2, epochs, seed, params, train_loss, val_loss, val_accuracy, train_time_ms`.
 */
export const sweepCsv: string = sweepText;

// ── A small CNN and digits it never trained on ─────────────────────────────────────────────────────────────────

/** The MNIST CNN of scripts/make-mnist-cnn.mjs: `model.predict(x)` gives logits `[B, 10]`; `model.layers`. */
export const model: SequentialModel = sequentialFromWeights(mnistCnnSpec, mnistCnnWeights());
const testDigits = mnistDigits();
/** One held-out digit 3, the model's input: a tensor `[1, 28, 28, 1]`, pixels in [0, 1]. */
export const x: tf.Tensor4D = tf.tensor4d(testDigits.pixels.slice(6 * 784, 7 * 784), [1, 28, 28, 1]);

/** How many digits of the activation-atlas set the examples use (of 3500; fewer keeps the UMAP layout quick). */
const ATLAS_N = 500;
const atlasDigits = await loadMnistAtlasDigits();
/** `[500, 28, 28, 1]`: held-out digits for the activation atlas (stories/data/mnist-atlas), pixels in [0, 1]. */
export const images: tf.Tensor4D = tf.tensor4d(atlasDigits.pixels.slice(0, ATLAS_N * 784), [ATLAS_N, 28, 28, 1]);
/** The true digit of each of those images. */
export const labels: Int32Array = atlasDigits.labels.slice(0, ATLAS_N);
const flatten = model.layers.findIndex((layer) => layer.type === 'flatten');
const flat = tf.tidy(() => model.layers.slice(0, flatten + 1).reduce((t: tf.Tensor, layer) => layer.apply(t), images));
/** `[500, 784]`: the CNN's flatten-layer activations of those images (the input of its logits layer). */
export const activations: { data: Float32Array; shape: [number, number] } = { data: (await flat.data()) as Float32Array, shape: [ATLAS_N, 784] };
flat.dispose();
/** The CNN's logits layer, `[784, 10]` weights and `[10]` bias: activations · weights + bias = logits. */
export const weights: { data: Float32Array; shape: [number, number] } = { data: (await model.weights.get('logits/kernel')!.data()) as Float32Array, shape: [784, 10] };
export const bias: Float32Array = (await model.weights.get('logits/bias')!.data()) as Float32Array;

const saved = await loadAtlas('/docs/examples/atlas/atlas.json');
/** The activation atlas of docs/examples/atlas/ (that CNN's flatten layer over all 3500 held-out digits). */
export const atlas: ActivationAtlas = saved.atlas;
/** Its icons: sprite pages as URLs (docs/examples/atlas/atlas-0.png). */
export const sprites: AtlasSprites = saved.sprites;

// ── The page ────────────────────────────────────────────────────────────────────────────────────────────────────

/** Empty 640 × 400 boxes in the page, fresh for each example (test/docs/doc-examples.browser.test.ts calls resetPage). */
export let container: HTMLDivElement = makeBox();
export let el: HTMLDivElement = makeBox();
export let a: HTMLDivElement = makeBox();
export let b: HTMLDivElement = makeBox();
export let c: HTMLDivElement = makeBox();
export let d: HTMLDivElement = makeBox();
export let box: HTMLDivElement = makeBox();
/** A `<progress>` bar for examples that report progress. */
export let bar: HTMLProgressElement = document.body.appendChild(document.createElement('progress'));

function makeBox(): HTMLDivElement {
  const div = document.createElement('div');
  div.style.cssText = 'width:640px;height:400px;position:relative';
  return document.body.appendChild(div);
}

/** Removes the previous example's boxes and makes new ones; returns them. */
export function resetPage(): HTMLElement[] {
  for (const node of [container, el, a, b, c, d, box, bar]) node.remove();
  [container, el, a, b, c, d, box] = [makeBox(), makeBox(), makeBox(), makeBox(), makeBox(), makeBox(), makeBox()];
  bar = document.body.appendChild(document.createElement('progress'));
  return [container, el, a, b, c, d, box, bar];
}
