import { fail, isTensorLike, toNDArraySync } from '@tensorlens/core';
import type { TensorLike } from '@tensorlens/core';

/** A tensor the explorer may dispose (every tf.Tensor is one). */
export interface DisposableTensor extends TensorLike {
  dispose(): void;
}

/** `tf.tidy` (typed loosely so charts needs no tfjs types): runs `fn` and frees the tensors it made but returns. */
export type TidyFn = (fn: () => never) => unknown;

/** One layer given as a function of the previous layer's output. */
export interface LayerSpec {
  name: string;
  fn: (x: DisposableTensor) => DisposableTensor;
  /** Convolution kernel [kh, kw, inChannels, outChannels] (or [k, in, out] for 1-D), shown in a channel's detail. */
  kernel?: TensorLike | { data: ArrayLike<number>; shape: number[] } | null;
}

/** A tfjs-layers Sequential model (or anything shaped like one): layers with a name and `apply`. */
export interface SequentialLike {
  layers: ReadonlyArray<{ name: string; apply(x: DisposableTensor): unknown; getWeights?(): TensorLike[] }>;
}

/** One layer's output for the shown batch row. */
export interface LayerActivation {
  name: string;
  /** The layer's full output shape, batch first. */
  shape: number[];
  /** Height, width and channels of one row as drawn ([B, N] → N values in a grid of one channel; [B, L, C] → 1×L). */
  h: number;
  w: number;
  c: number;
  /** Values of the shown row (h·w·c, channels last); vectors have n ≤ h·w. */
  data: Float32Array;
  n: number;
  kernel: { data: Float32Array; shape: number[] } | null;
}

/** The layer list of either model form, validated. */
export function layersOf(model: unknown): LayerSpec[] {
  const m = model as SequentialLike | LayerSpec[];
  const list = Array.isArray(m) ? m : (m as SequentialLike)?.layers;
  if (!Array.isArray(list)) throw fail('type', 'options.model', 'an array of {name, fn} or a Sequential-like {layers: [{name, apply}]}', model);
  if (!list.length) throw fail('empty', 'options.model', 'at least one layer', 'none');
  return list.map((l: LayerSpec | SequentialLike['layers'][number], i: number) => {
    const name = l?.name;
    if ('fn' in l && typeof l.fn == 'function') return { name: String(name ?? `layer ${i}`), fn: l.fn, kernel: l.kernel ?? null };
    if (typeof (l as SequentialLike['layers'][number])?.apply == 'function') {
      const layer = l as SequentialLike['layers'][number];
      const w = layer.getWeights?.() ?? [];
      return { name: String(name ?? `layer ${i}`), fn: (x) => layer.apply(x) as DisposableTensor, kernel: w.find((t) => t.shape.length >= 3) ?? null };
    }
    throw fail('type', `options.model[${i}]`, '{name, fn} or a layer with apply()', l);
  });
}

/** How one row of an output of `shape` is drawn: [h, w, c, n]. */
export function dimsOf(shape: number[], name: string): [number, number, number, number] {
  const s = shape.slice(1);
  if (s.length == 3) return [s[0], s[1], s[2], s[0] * s[1] * s[2]];
  if (s.length == 2) return [1, s[0], s[1], s[0] * s[1]];
  if (s.length == 1) {
    const n = s[0];
    const w = n <= 16 ? 1 : Math.ceil(Math.sqrt(n));
    return [Math.ceil(n / w), w, 1, n];
  }
  throw fail('shape', name, 'a batch of [H, W, C], [L, C] or [N] (rank 2 to 4, batch first)', `shape [${shape}]`);
}

/**
 * Checks the input and the row to show without running anything: a tensor batch-first of rank 2 to 4, and a row
 * inside its batch. Throws a TensorLensError naming `options.input` or `options.index`.
 */
export function checkInput(input: unknown, index: number): void {
  if (!isTensorLike(input)) throw fail('type', 'options.input', 'a tensor [B, H, W, C] (batch first)', input);
  dimsOf(input.shape, 'options.input');
  const batch = input.shape[0];
  if (!(index >= 0 && index < batch && Number.isInteger(index))) throw fail('range', 'options.index', `a batch row from 0 to ${batch - 1}`, index);
}

/**
 * Runs `input` through every layer (each call inside `tidy` when given), reads every output for batch row
 * `index`, and disposes every tensor it created — the caller's input is never disposed, also when a layer throws.
 */
export async function runLayers(
  layers: LayerSpec[],
  input: DisposableTensor,
  index: number,
  tidy: TidyFn | null,
): Promise<LayerActivation[]> {
  checkInput(input, index);
  const dims = [dimsOf(input.shape, 'options.input')];
  const outs: DisposableTensor[] = [];
  try {
    let x = input;
    for (let i = 0; i < layers.length; i++) {
      const f = layers[i].fn;
      const y = (tidy ? tidy(() => f(x) as never) : f(x)) as DisposableTensor;
      if (!isTensorLike(y)) throw fail('type', `options.model[${i}] (${layers[i].name})`, 'a layer that returns one tensor', y);
      outs.push(y);
      dims.push(dimsOf(y.shape, `output of ${layers[i].name}`));
      x = y;
    }
    const all = [input, ...outs];
    const datas = await Promise.all(all.map((t) => t.data()));
    const kernels = await Promise.all(
      layers.map(async (l, i) => {
        const k = l.kernel;
        if (!k) return null;
        const nd = isTensorLike(k) ? { data: await k.data(), shape: k.shape } : k;
        const a = toNDArraySync(nd, { name: `kernel of ${l.name}` });
        return { data: Float32Array.from(a.data), shape: a.shape.slice(), i };
      }),
    );
    return all.map((t, j) => {
      const [h, w, c, n] = dims[j];
      const d = datas[j] as ArrayLike<number>;
      const row = new Float32Array(h * w * c);
      for (let k = 0, o = index * n; k < n; k++) row[k] = d[o + k];
      const kernel = j ? kernels[j - 1] : null;
      const cout = kernel?.shape[kernel.shape.length - 1];
      return {
        name: j ? layers[j - 1].name : 'input',
        shape: t.shape.slice(),
        h,
        w,
        c,
        n,
        data: row,
        kernel: kernel && cout == c ? { data: kernel.data, shape: kernel.shape } : null,
      };
    });
  } finally {
    for (const t of new Set(outs)) if (t !== input) t.dispose();
  }
}
