import { fail as err } from './errors';

/** Every numeric TypedArray tensorlens reads without copying. */
export type TypedArray =
  | Float32Array
  | Float64Array
  | Int32Array
  | Uint32Array
  | Int16Array
  | Uint16Array
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray;

/** A duck-typed tensor (a tf.Tensor fits): only `shape`, `dtype` and `data()` are used; it is never disposed. */
export interface TensorLike {
  shape: number[];
  dtype: string;
  data(): Promise<ArrayLike<number> | string[]>;
  dispose?(): void;
}

/** A flat row-major view and its shape. */
export interface NDArray<T extends TypedArray | string[] = TypedArray> {
  data: T;
  shape: number[];
}

/** Nested arrays of numbers, e.g. `[[1, 2], [3, 4]]`. */
export type NestedArray = number[] | NestedArray[];

/** Everything the array adapters accept. */
export type ArrayInput =
  | TensorLike
  | TypedArray
  | ArrayLike<number>
  | NestedArray
  | NDArray
  | { data: ArrayLike<number>; shape: number[] }
  | string[];

/** Options of {@link toNDArray} and {@link toNDArraySync}. */
export interface NDArrayOptions {
  /** The argument name used in errors, e.g. `yPred`. */
  name: string;
  /** The required rank (number of dimensions). */
  rank?: number;
  /** The required shape; `-1` accepts any size in that dimension. */
  shape?: number[];
  /** Reject NaN and ±Infinity (default true), naming the first bad index. */
  finite?: boolean;
  /** Accept zero elements (default false). */
  allowEmpty?: boolean;
}

/** True for anything shaped like a tf.Tensor: `shape` array, `dtype` string, `data()` function. */
export function isTensorLike(x: unknown): x is TensorLike {
  const t = x as TensorLike;
  return typeof t?.data == 'function' && Array.isArray(t.shape) && typeof t.dtype == 'string';
}

/** True for numeric TypedArrays (not DataView, not BigInt arrays). */
export function isTypedArray(x: unknown): x is TypedArray {
  return ArrayBuffer.isView(x) && /^[FIU]/.test(x.constructor.name);
}

/** `name[i, j]` for the flat index `i` of an array of shape `shape`. */
export function indexName(name: string, i: number, shape: number[]): string {
  const idx: number[] = [];
  for (let d = shape.length; d-- > 1; i = Math.floor(i / shape[d])) idx[d] = i % shape[d];
  idx[0] = i;
  return `${name}[${idx.join(', ')}]`;
}

/** Throws 'nan' naming the first element of `data` that is NaN or ±Infinity. */
export function assertFinite(data: ArrayLike<number>, name: string, shape: number[] = [data.length]): void {
  // Integer arrays cannot hold NaN: skip the scan.
  if (!/^[IU]/.test(data.constructor.name))
    for (let i = 0, v; i < data.length; i++) if ((v = data[i]) - v != 0) throw err('nan', indexName(name, i, shape), 'a finite number', v);
}

const sh = (shape: number[]) => `shape [${shape}]`;

/**
 * Reads every synchronous array input (TypedArray, nested arrays, `{data, shape}`, array-likes) into a flat
 * typed view and its shape. A TypedArray is never copied. Tensors throw 'type': use {@link toNDArray}.
 */
export function toNDArraySync(input: Exclude<ArrayInput, TensorLike> | unknown, opts: NDArrayOptions): NDArray {
  const { name, rank, shape: want } = opts;
  const bad = (expected: string, received: string) => err('shape', name, expected, received);
  if (isTensorLike(input)) throw err('type', name, 'an array', 'a tensor', 'use toNDArray()');
  let data = input as ArrayLike<unknown>;
  let shape = (input as NDArray)?.shape;
  if (shape) {
    data = (input as NDArray).data;
    if (!Array.isArray(shape) || shape.some((s) => !(s >= 0 && s % 1 == 0))) throw err('shape', name + '.shape', 'sizes', shape);
  } else {
    shape = [];
    for (let x = data; Array.isArray(x); x = x[0]) shape.push(x.length);
    if (shape[1] >= 0) data = (data as unknown[]).flat(shape.length - 1);
    else shape = [data?.length];
  }
  if (!isTypedArray(data)) {
    if (typeof data != 'object' || !(data?.length >= 0)) throw err('type', name, 'an array', data);
    data = Float64Array.from(data as ArrayLike<number>, (v, i) => {
      if (typeof v != 'number') throw err('dtype', indexName(name, i, shape), 'a number', v);
      return v;
    });
  }
  const n = shape.reduce((a, b) => a * b, 1);
  if (n != data.length) throw bad(`${n} elements`, `${data.length} (${sh(shape)})`);
  if (rank != null && shape.length != rank) throw bad(`rank ${rank}`, sh(shape));
  if (want && (want.length != shape.length || want.some((w, i) => w >= 0 && w != shape[i]))) throw bad(sh(want), sh(shape));
  if (!n && !opts.allowEmpty) throw err('empty', name, 'elements', 'none');
  if (opts.finite ?? 1) assertFinite(data as TypedArray, name, shape);
  return { data: data as TypedArray, shape };
}

/**
 * Reads any {@link ArrayInput} — a tensor included (async, via `data()`) — into a flat typed view and its
 * shape. Never copies a TypedArray and never disposes the caller's tensor.
 */
export async function toNDArray(input: ArrayInput | unknown, opts: NDArrayOptions): Promise<NDArray> {
  if (!isTensorLike(input)) return toNDArraySync(input, opts);
  if (input.dtype == 'string') throw err('dtype', opts.name, 'numbers', 'a string tensor');
  return toNDArraySync({ data: await input.data(), shape: input.shape.slice() }, opts);
}

/**
 * Class labels from arrays or tensors: integer labels as an Int32Array (an Int32Array input is not copied),
 * string labels as a string[]. Rank 1, or `[N, 1]`.
 */
export async function toLabels(input: ArrayInput | unknown, opts: { name: string }): Promise<Int32Array | string[]> {
  const { name } = opts;
  let x = input as NDArray<TypedArray | string[]>;
  if (isTensorLike(x)) x = { data: await x.data(), shape: x.shape } as NDArray;
  const shape = x?.shape;
  if (shape && (shape.length > 2 || shape[1] > 1)) throw err('shape', name, 'labels [N]', sh(shape));
  const d = shape ? x.data : x;
  const str = typeof (d as string[])?.[0] == 'string';
  const a = str ? (d as string[]) : toNDArraySync(d, { name, rank: 1 }).data;
  if (a instanceof Int32Array) return a;
  const out = (str ? a : Int32Array.from(a as TypedArray)) as Int32Array | string[];
  out.forEach((v: unknown, i: number) => {
    if (str ? typeof v != 'string' : v !== a[i]) throw err('dtype', `${name}[${i}]`, str ? 'a string' : 'an integer', a[i]);
  });
  return out;
}
