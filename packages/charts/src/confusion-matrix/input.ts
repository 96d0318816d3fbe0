import { TensorLensError, describe, fail } from '@tensorlens/core';

/**
 * The most classes a confusion matrix holds. Its C×C cells are kept as Float64 counts, their per-cell example
 * offsets and the normalised values (about 20 bytes a cell: 335 MB at 4096 classes), so larger class counts are
 * refused up front with a 'range' error instead of freezing the page while allocating.
 */
export const MAX_CLASSES = 4096;

/** A duck-typed tensor (tf.Tensor fits): only `shape`, `dtype` and `data()` are used. */
export interface TensorInput {
  shape: number[];
  dtype: string;
  data(): Promise<ArrayLike<number> | string[]>;
  dispose?(): void;
}

/** Labels: numbers (class indices), class names, or a tensor of labels `[N]`. */
export type LabelInput = ArrayLike<number> | string[] | TensorInput;
/** Predictions: labels, or class probabilities / scores `[N, C]` (argmax is taken). */
export type PredInput = LabelInput | { data: ArrayLike<number>; shape: number[] } | number[][];
/** Sample weights, one per example. */
export type WeightInput = ArrayLike<number> | TensorInput;

/** Labels read from any input, before they are mapped to class indices. */
export type RawLabels =
  | { kind: 'codes'; data: ArrayLike<number> }
  | { kind: 'strings'; data: string[] }
  | { kind: 'probs'; data: ArrayLike<number>; n: number; c: number };

interface ChainedTensor extends TensorInput {
  argMax?(axis?: number): ChainedTensor;
  isFinite?(): ChainedTensor;
  all?(): ChainedTensor;
  dispose(): void;
}

export function isTensorInput(x: unknown): x is TensorInput {
  return !!x && typeof x === 'object' && Array.isArray((x as TensorInput).shape) && typeof (x as TensorInput).data === 'function' && typeof (x as TensorInput).dtype === 'string';
}

function badType(name: string, x: unknown): TensorLensError {
  return new TensorLensError('type', name, 'labels (numbers or strings), a tensor, or probabilities [N, C]', describe(x));
}

/** Finds the first non-finite value of probabilities and throws 'nan' naming it. */
function checkFinite(name: string, d: ArrayLike<number>, c: number): void {
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (v - v !== 0) {
      throw new TensorLensError('nan', `${name}[${Math.floor(i / c)}, ${i % c}]`, 'finite probabilities', describe(v));
    }
  }
}

/** Argmax over rows of a row-major [n, c] array (first maximum wins, like numpy). */
export function argmaxRows(d: ArrayLike<number>, n: number, c: number): Int32Array {
  const out = new Int32Array(n);
  for (let r = 0, o = 0; r < n; r++, o += c) {
    let best = 0;
    let bv = d[o];
    for (let j = 1; j < c; j++) {
      const v = d[o + j];
      if (v > bv) {
        bv = v;
        best = j;
      }
    }
    out[r] = best;
  }
  return out;
}

function fromShaped(name: string, data: ArrayLike<number> | string[], shape: number[], allowProbs: boolean): RawLabels {
  if (shape.length === 1 || (shape.length === 2 && shape[1] === 1)) {
    if (data.length && typeof data[0] === 'string') return { kind: 'strings', data: data as string[] };
    return { kind: 'codes', data: data as ArrayLike<number> };
  }
  if (shape.length === 2 && allowProbs) {
    const [n, c] = shape;
    if (c > MAX_CLASSES) throw fail('range', name, `probabilities [N, C] with C ≤ ${MAX_CLASSES} (the confusion matrix's class limit)`, `[${n}, ${c}]`);
    if (data.length !== n * c) throw new TensorLensError('shape', name, `${n * c} values for shape [${n}, ${c}]`, `${data.length}`);
    checkFinite(name, data as ArrayLike<number>, c);
    return { kind: 'probs', data: data as ArrayLike<number>, n, c };
  }
  throw new TensorLensError('shape', name, allowProbs ? 'shape [N] (labels) or [N, C] (probabilities)' : 'shape [N]', `[${shape.join(', ')}]`);
}

/**
 * A typed array of numbers as is; BigInt64Array / BigUint64Array and DataView are refused with a 'dtype' error
 * naming the argument (their elements are not numbers, so every comparison below would throw a raw TypeError).
 */
function numericView(input: ArrayBufferView, name: string): ArrayLike<number> {
  if (input instanceof DataView || (typeof BigInt64Array === 'function' && (input instanceof BigInt64Array || input instanceof BigUint64Array))) {
    throw fail('dtype', name, 'numbers (an Int32Array, a Float64Array, number[]…) or strings; convert BigInt labels with Int32Array.from(labels, Number)', input);
  }
  return input as unknown as ArrayLike<number>;
}

/** Reads labels or probabilities that are already in memory (no tensors). */
export function readLabelsSync(input: unknown, name: string, allowProbs = true): RawLabels {
  if (input == null) throw new TensorLensError('type', name, 'labels', describe(input));
  if (isTensorInput(input)) {
    throw new TensorLensError('type', name, 'an array (use the async confusionMatrixStats for tensors)', 'a tensor');
  }
  if (ArrayBuffer.isView(input)) return { kind: 'codes', data: numericView(input, name) };
  if (Array.isArray(input)) {
    if (input.length === 0) return { kind: 'codes', data: input };
    const first = input[0];
    if (typeof first === 'string') return { kind: 'strings', data: input as string[] };
    if (typeof first === 'number') return { kind: 'codes', data: input as number[] };
    if (Array.isArray(first) || ArrayBuffer.isView(first)) {
      if (!allowProbs) throw new TensorLensError('shape', name, 'shape [N]', 'a nested array');
      const n = input.length;
      const c = (first as ArrayLike<number>).length;
      if (c > MAX_CLASSES) throw fail('range', `${name}[0]`, `at most ${MAX_CLASSES} probabilities (one per class; the confusion matrix's class limit)`, `${c}`);
      if (c === 1) return { kind: 'codes', data: Float64Array.from(input as number[][], (r) => r[0]) };
      const flat = new Float64Array(n * c);
      for (let i = 0; i < n; i++) {
        const row = input[i] as ArrayLike<number>;
        if (!row || row.length !== c) throw new TensorLensError('shape', `${name}[${i}]`, `${c} probabilities`, describe(row));
        for (let j = 0; j < c; j++) flat[i * c + j] = row[j];
      }
      checkFinite(name, flat, c);
      return { kind: 'probs', data: flat, n, c };
    }
    throw badType(name, input);
  }
  const o = input as { data?: unknown; shape?: unknown };
  if (typeof o === 'object' && o.data && Array.isArray(o.shape)) {
    return fromShaped(name, o.data as ArrayLike<number>, o.shape as number[], allowProbs);
  }
  throw badType(name, input);
}

/**
 * Reads labels or probabilities from anything, tensors included. For a probability tensor with
 * tfjs' chained ops, argmax runs on the tensor's backend; the tensors created for it are
 * disposed here, the caller's tensor never.
 */
export async function readLabels(input: unknown, name: string, allowProbs = true): Promise<RawLabels> {
  if (!isTensorInput(input)) return readLabelsSync(input, name, allowProbs);
  const t = input as ChainedTensor;
  const shape = t.shape;
  if (allowProbs && shape.length === 2 && shape[1] > MAX_CLASSES) throw fail('range', name, `probabilities [N, C] with C ≤ ${MAX_CLASSES} (the confusion matrix's class limit)`, `[${shape.join(', ')}]`);
  if (allowProbs && shape.length === 2 && shape[1] > 1 && typeof t.argMax === 'function' && typeof t.isFinite === 'function') {
    const created: ChainedTensor[] = [];
    try {
      const fin = t.isFinite();
      created.push(fin);
      const all = fin.all!();
      created.push(all);
      if (!(await all.data())[0]) {
        const d = (await t.data()) as ArrayLike<number>;
        checkFinite(name, d, shape[1]);
      }
      const am = t.argMax(-1);
      created.push(am);
      const codes = await am.data();
      return { kind: 'codes', data: Int32Array.from(codes as ArrayLike<number>) };
    } finally {
      for (const c of created) c.dispose();
    }
  }
  return fromShaped(name, await t.data(), shape, allowProbs);
}

/**
 * Checks sample weights: one per example, finite, ≥ 0, and with a finite sum (weights near 1e308 would make the
 * counts, the total and every ratio Infinity or NaN, so they are refused with a 'range' error instead).
 */
export function checkWeights(w: ArrayLike<number>, n: number): ArrayLike<number> {
  if (w.length !== n) throw new TensorLensError('length', 'sampleWeight', `${n} weights (one per example)`, `${w.length}`);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const v = w[i];
    if (v - v !== 0) throw new TensorLensError('nan', `sampleWeight[${i}]`, 'a finite weight', describe(v));
    if (v < 0) throw new TensorLensError('range', `sampleWeight[${i}]`, 'a weight ≥ 0', describe(v));
    total += v;
  }
  if (!Number.isFinite(total)) {
    throw fail('range', 'sampleWeight', 'weights whose sum is at most 1.8e308 (scale them down: only their ratios matter)', `weights summing past ${Number.MAX_VALUE.toPrecision(2)} (the sum overflows to Infinity)`);
  }
  return w;
}

export async function readWeights(w: unknown): Promise<ArrayLike<number> | undefined> {
  if (w == null) return undefined;
  if (isTensorInput(w)) return (await w.data()) as ArrayLike<number>;
  return readWeightsSync(w);
}

export function readWeightsSync(w: unknown): ArrayLike<number> | undefined {
  if (w == null) return undefined;
  if (isTensorInput(w)) throw new TensorLensError('type', 'sampleWeight', 'an array (use the async API for tensors)', 'a tensor');
  if (ArrayBuffer.isView(w)) return numericView(w, 'sampleWeight');
  if (Array.isArray(w)) return w as ArrayLike<number>;
  throw new TensorLensError('type', 'sampleWeight', 'an array of numbers', describe(w));
}

/** Labels mapped to class indices 0..C-1. */
export interface EncodedLabels {
  yTrue: Int32Array;
  yPred: Int32Array;
  classes: string[];
}

function rawLength(r: RawLabels): number {
  return r.kind === 'probs' ? r.n : r.data.length;
}

function toCodes(r: RawLabels, name: string, C: number, index: Map<string, number> | null, classes: string[] | null): Int32Array {
  if (r.kind === 'probs') {
    if (r.c !== C) throw new TensorLensError('shape', name, `probabilities [N, ${C}] (one column per class)`, `[${r.n}, ${r.c}]`);
    return argmaxRows(r.data, r.n, r.c);
  }
  if (r.kind === 'strings') {
    const d = r.data;
    const out = new Int32Array(d.length);
    for (let i = 0; i < d.length; i++) {
      const k = index!.get(d[i]);
      if (k === undefined) {
        throw new TensorLensError('unknown-class', `${name}[${i}]`, `one of the ${C} classes`, describe(d[i]), 'add it to `classes` or fix the label');
      }
      out[i] = k;
    }
    return out;
  }
  const d = r.data;
  // An Int32Array is used as is (no copy); its range is checked while counting.
  if (d instanceof Int32Array && classes) return d;
  const out = new Int32Array(d.length);
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (v - v !== 0) throw new TensorLensError('nan', `${name}[${i}]`, 'a finite label', describe(v));
    if (v < 0 || v >= C || v !== Math.floor(v)) {
      throw new TensorLensError('unknown-class', `${name}[${i}]`, `an integer class index in [0, ${C})`, describe(v), classes ? `classes has ${C} names` : undefined);
    }
    out[i] = v;
  }
  return out;
}

/**
 * Checks the `classes` option: a non-empty array of at most {@link MAX_CLASSES} distinct names. Returns the names as
 * strings. Duplicates are refused because two classes with one name could not be told apart (string labels would
 * all be counted in the first of them).
 */
export function checkClassNames(classes: unknown, argument = 'classes'): string[] {
  if (!Array.isArray(classes) || classes.length === 0) throw fail('option', argument, 'a non-empty array of class names', classes);
  if (classes.length > MAX_CLASSES) throw fail('range', argument, `at most ${MAX_CLASSES} class names (the confusion matrix's class limit)`, `${classes.length} names`);
  const names = classes.map(String);
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    const first = seen.get(name);
    if (first !== undefined) throw fail('option', `${argument}[${i}]`, `distinct class names (${describe(name)} is also ${argument}[${first}])`, name);
    seen.set(name, i);
  });
  return names;
}

/**
 * The number of classes implied by numeric labels: the largest label + 1. Every label is checked first (finite,
 * an integer ≥ 0, below {@link MAX_CLASSES}), so a bad label (2147483647, 1e308, Infinity) is a typed error
 * naming its position, raised before anything is sized by it.
 */
function classCountOf(labels: ArrayLike<number>, name: string): number {
  let max = -1;
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i];
    if (v - v !== 0) throw fail('nan', `${name}[${i}]`, 'a finite label', v);
    if (v < 0 || v !== Math.floor(v)) throw fail('unknown-class', `${name}[${i}]`, 'an integer class index ≥ 0', v);
    if (v >= MAX_CLASSES) throw fail('range', `${name}[${i}]`, `a class index below ${MAX_CLASSES} (the confusion matrix's class limit)`, v);
    if (v > max) max = v;
  }
  return max + 1;
}

/**
 * Maps raw labels of both arguments onto one class list, validating lengths and labels. `prefix` goes before the
 * argument names in errors (`compare.` for a second model).
 */
export function encodeLabels(t: RawLabels, p: RawLabels, classes?: string[] | null, prefix = ''): EncodedLabels {
  const n = rawLength(t);
  if (n !== rawLength(p)) throw new TensorLensError('length', `${prefix}yPred`, `${n} predictions (as many as ${prefix}yTrue)`, `${rawLength(p)}`);
  if (n === 0) throw new TensorLensError('empty', `${prefix}yTrue`, 'at least one example', 'none');
  let names: string[] | null = classes != null ? checkClassNames(classes) : null;
  if (!names) {
    if (t.kind === 'strings' || p.kind === 'strings') {
      if (t.kind === 'codes' || p.kind === 'codes' || t.kind === 'probs' || p.kind === 'probs') {
        throw new TensorLensError('type', 'classes', `class names when ${prefix}yTrue and ${prefix}yPred mix strings and numbers`, 'none');
      }
      const set = new Set<string>(t.data);
      for (const s of p.data) set.add(s);
      if (set.size > MAX_CLASSES) throw fail('range', `${prefix}yTrue`, `labels of at most ${MAX_CLASSES} distinct classes (the confusion matrix's class limit)`, `${set.size} distinct labels`);
      names = [...set].sort();
    } else {
      // probabilities fix the class count (labels are then checked against it); else the largest label does
      let C = t.kind === 'probs' ? t.c : p.kind === 'probs' ? p.c : 0;
      if (!C) C = Math.max(classCountOf(t.data as ArrayLike<number>, `${prefix}yTrue`), classCountOf(p.data as ArrayLike<number>, `${prefix}yPred`));
      names = Array.from({ length: Math.max(1, C) }, (_, i) => String(i));
    }
  }
  const C = names.length;
  const index = t.kind === 'strings' || p.kind === 'strings' ? new Map(names.map((s, i) => [s, i])) : null;
  return { yTrue: toCodes(t, `${prefix}yTrue`, C, index, names), yPred: toCodes(p, `${prefix}yPred`, C, index, names), classes: names };
}
