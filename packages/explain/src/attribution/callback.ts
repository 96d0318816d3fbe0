import type { Tensor } from '@tensorflow/tfjs-core';
import { fail, isTensorLike } from '@tensorlens/core';
import type { AttributionOptions, ModelFn } from './types';
import { vanillaGradients, gradientTimesInput } from './gradients';
import { smoothGrad } from './smooth-grad';
import { integratedGradients } from './integrated-gradients';
import { occlusionSensitivity } from './occlusion';
import { gradCam } from './grad-cam';
import type { LayeredModel } from './layered-model';

/** Methods the callback can run by name. */
export type AttributionMethodName = 'vanillaGradients' | 'gradientTimesInput' | 'smoothGrad' | 'integratedGradients' | 'occlusionSensitivity' | 'gradCam';

/** What the callback hands over each epoch: plain arrays the receiver owns (no tensors to dispose). */
export interface AttributionEpochResult {
  epoch: number;
  logs: Record<string, number> | undefined;
  method: string;
  /** The attributions, row-major, and their shape (x's shape, or [B, H, W] for occlusion and Grad-CAM). */
  data: Float32Array;
  shape: number[];
  /** Integrated gradients only. */
  completenessError?: Float32Array;
}

/** Options of {@link attributionCallback}. */
export interface AttributionCallbackOptions {
  /** The model being trained: a function for most methods, a layered model (e.g. the tfjs-layers model itself) for 'gradCam'. */
  model: ModelFn | LayeredModel;
  /** A method name, or any function with a method's signature that resolves to a tensor. */
  method: AttributionMethodName | ((model: ModelFn, x: Tensor, opts: AttributionOptions) => Promise<Tensor>);
  /** The fixed examples explained each epoch (kept by the caller; not disposed). */
  examples: Tensor;
  target: AttributionOptions['target'];
  /** Further options of the method (steps, samples, …). */
  options?: Record<string, unknown>;
  /** Run every `every` epochs (default 1). */
  every?: number;
  onResult(result: AttributionEpochResult): void | Promise<void>;
}

/**
 * A training callback, compatible with tfjs-layers' `model.fit(..., { callbacks })` (an object with
 * `onEpochEnd(epoch, logs)`), that computes an attribution of fixed examples at the end of each epoch and hands
 * the result to `onResult` — e.g. to update a saliency view while a model trains.
 */
export function attributionCallback(opts: AttributionCallbackOptions): { onEpochEnd(epoch: number, logs?: Record<string, number>): Promise<void> } {
  if (!opts || typeof opts.onResult != 'function') throw fail('type', 'options.onResult', 'a function', opts?.onResult);
  if (!isTensorLike(opts.examples)) throw fail('type', 'options.examples', 'a tf.Tensor', opts.examples);
  const every = opts.every ?? 1;
  if (!Number.isInteger(every) || every < 1) throw fail('range', 'options.every', 'an integer ≥ 1', every);
  const { method, model } = opts;
  const fnModel = (): ModelFn => {
    if (typeof model == 'function') return model;
    throw fail('type', 'options.model', `a function (x) => tf.Tensor for '${String(method)}'`, model);
  };
  const name = typeof method == 'function' ? method.name || 'custom' : method;
  const run = async (): Promise<{ t: Tensor; err?: Float32Array }> => {
    const o = { ...opts.options, target: opts.target } as AttributionOptions;
    const x = opts.examples;
    switch (method) {
      case 'vanillaGradients':
        return { t: await vanillaGradients(fnModel(), x, o) };
      case 'gradientTimesInput':
        return { t: await gradientTimesInput(fnModel(), x, o) };
      case 'smoothGrad':
        return { t: await smoothGrad(fnModel(), x, o) };
      case 'occlusionSensitivity':
        return { t: await occlusionSensitivity(fnModel(), x, o) };
      case 'gradCam':
        if (typeof model == 'function') throw fail('type', 'options.model', "a layered model ({ layers }) for 'gradCam'", model);
        return { t: await gradCam(model, x, o) };
      case 'integratedGradients': {
        const r = await integratedGradients(fnModel(), x, o);
        return { t: r.attributions, err: r.completenessError };
      }
      default:
        if (typeof method == 'function') return { t: await method(fnModel(), x, o) };
        throw fail('option', 'options.method', 'a method name or function', method);
    }
  };
  return {
    async onEpochEnd(epoch: number, logs?: Record<string, number>) {
      if ((epoch + 1) % every) return;
      const { t, err } = await run();
      let data: Float32Array;
      try {
        data = (await t.data()) as Float32Array;
      } finally {
        t.dispose();
      }
      await opts.onResult({ epoch, logs, method: name, data, shape: t.shape, completenessError: err });
    },
  };
}
