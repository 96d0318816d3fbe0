import type { Tensor } from '@tensorflow/tfjs-core';
import { fail } from '@tensorlens/core';
import type { ModelFn } from './types';

/**
 * A model as a sequence of layers, so methods can stop at an inner layer: a tfjs-layers `Sequential` (its
 * `layers` have `name` and `apply`), the result of {@link sequentialFromWeights}, or a plain list of
 * `{ name, fn }` stages. Applying every layer in order must give the model's output `[B, C]`.
 */
export type LayeredModel =
  | { layers: ReadonlyArray<{ name?: string; apply(x: Tensor): unknown }> }
  | ReadonlyArray<{ name?: string; fn: ModelFn }>;

/** One stage of a layered model, normalised. */
export interface Stage {
  name: string;
  fn: ModelFn;
}

/** The stages of a {@link LayeredModel}, checked. */
export function stagesOf(model: LayeredModel, name = 'model'): Stage[] {
  const list: ReadonlyArray<unknown> | undefined = Array.isArray(model) ? model : (model as { layers?: unknown[] })?.layers;
  if (!Array.isArray(list) || list.length == 0)
    throw fail('type', name, 'a sequential model ({ layers: [{ name, apply }] }) or an array of { name, fn } stages', model);
  return list.map((l, i) => {
    const s = l as { name?: string; apply?: (x: Tensor) => unknown; fn?: ModelFn };
    if (typeof s?.fn == 'function') return { name: s.name ?? `layer${i}`, fn: s.fn };
    if (typeof s?.apply == 'function') {
      const apply = s.apply.bind(s);
      return { name: s.name ?? `layer${i}`, fn: (x: Tensor) => apply(x) as Tensor };
    }
    throw fail('type', `${name}.layers[${i}]`, 'a layer with apply(x) or a stage with fn(x)', l);
  });
}

/** Runs stages [from, to) on x. */
export function runStages(stages: Stage[], x: Tensor, from: number, to: number): Tensor {
  let h = x;
  for (let i = from; i < to; i++) h = stages[i].fn(h);
  return h;
}
