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
  return !!x && typeof (x as TensorLike).data == 'function' && Array.isArray((x as TensorLike).shape) && typeof (x as TensorLike).dtype == 'string';
}

/** True for numeric TypedArrays (not DataView, not BigInt arrays). */
export function isTypedArray(x: unknown): x is TypedArray {
  return ArrayBuffer.isView(x) && !(x instanceof DataView) && !(x instanceof BigInt64Array || x instanceof BigUint64Array);
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
  if (data instanceof Float32Array || data instanceof Float64Array || !isTypedArray(data))
    for (let i = 0, v; i < data.length; i++) if ((v = data[i]) - v !== 0) throw err('nan', indexName(name, i, shape), 'a finite number', v);
}

/** Flattens nested number arrays into `out`, checking every row has the shape of the first. */
function flatten(x: unknown, shape: number[], d: number, out: number[], name: string): void {
  const n = (x as unknown[]).length;
  if (n !== shape[d]) throw err('shape', name, `${shape[d]} elements at depth ${d} (rows of equal length)`, x);
  for (let i = 0; i < n; i++) {
    const v = (x as unknown[])[i];
    if (d < shape.length - 1) {
      if (!Array.isArray(v)) throw err('shape', `${name}[${i}]`, 'an array', v);
      flatten(v, shape, d + 1, out, `${name}[${i}]`);
    } else if (typeof v == 'number') out.push(v);
    else throw err('dtype', `${name}[${i}]`, 'a number', v);
  }
}

function validate(data: TypedArray, shape: number[], o: NDArrayOptions): NDArray {
  const { name, rank, shape: want } = o;
  if (rank != null && shape.length !== rank) throw err('shape', name, `rank ${rank}`, `shape [${shape}]`);
  if (want && (want.length !== shape.length || want.some((w, i) => w >= 0 && w !== shape[i])))
    throw err('shape', name, `shape [${want.map((w) => (w < 0 ? '*' : w))}]`, `shape [${shape}]`);
  if (!data.length && !o.allowEmpty) throw err('empty', name, 'at least one element', 'none');
  if (o.finite !== false) assertFinite(data, name, shape);
  return { data, shape };
}

/**
 * Reads every synchronous array input (TypedArray, nested arrays, `{data, shape}`, array-likes) into a flat
 * typed view and its shape. A TypedArray is never copied. Tensors throw 'type': use {@link toNDArray}.
 */
export function toNDArraySync(input: Exclude<ArrayInput, TensorLike> | unknown, opts: NDArrayOptions): NDArray {
  const { name } = opts;
  if (isTensorLike(input)) throw err('type', name, 'an array (not a tensor)', input, 'use await toNDArray() for tensors');
  let data: unknown = input;
  let shape: number[] | undefined;
  if (input && typeof input == 'object' && 'shape' in input && 'data' in input) {
    ({ data, shape } = input as NDArray);
    if (!Array.isArray(shape) || shape.some((s) => !(s >= 0 && s % 1 == 0))) throw err('shape', `${name}.shape`, 'an array of sizes', shape);
  }
  if (isTypedArray(data)) {
    // zero copy
  } else if (Array.isArray(data)) {
    if (shape) {
      data = toFloat64(data, name);
    } else {
      const s: number[] = [];
      for (let x: unknown = data; Array.isArray(x); x = x[0]) s.push(x.length);
      const out: number[] = [];
      flatten(data, (shape = s), 0, out, name);
      data = new Float64Array(out);
    }
  } else if (data && typeof (data as ArrayLike<number>).length == 'number' && typeof data == 'object') {
    data = toFloat64(data as ArrayLike<unknown>, name);
  } else if (ArrayBuffer.isView(data)) {
    throw err('dtype', name, 'a numeric TypedArray', data);
  } else throw err('type', name, 'an array, TypedArray, tensor or {data, shape}', data);
  const d = data as TypedArray;
  shape ??= [d.length];
  if (shape.reduce((a, b) => a * b, 1) !== d.length) throw err('shape', name, `${d.length} elements to fill shape [${shape}]`, `shape [${shape}]`);
  return validate(d, shape, opts);
}

function toFloat64(a: ArrayLike<unknown>, name: string): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0, v; i < a.length; i++) {
    if (typeof (v = a[i]) != 'number') throw err('dtype', `${name}[${i}]`, 'a number', v);
    out[i] = v;
  }
  return out;
}

/**
 * Reads any {@link ArrayInput} — a tensor included (async, via `data()`) — into a flat typed view and its
 * shape. Never copies a TypedArray and never disposes the caller's tensor.
 */
export async function toNDArray(input: ArrayInput | unknown, opts: NDArrayOptions): Promise<NDArray> {
  if (!isTensorLike(input)) return toNDArraySync(input, opts);
  if (input.dtype == 'string') throw err('dtype', opts.name, 'a numeric tensor', 'a string tensor');
  const d = await input.data();
  return toNDArraySync({ data: isTypedArray(d) ? d : Float64Array.from(d as ArrayLike<number>), shape: input.shape.slice() }, opts);
}

/**
 * Class labels from arrays or tensors: integer labels as an Int32Array (an Int32Array input is not copied),
 * string labels as a string[]. Rank 1, or `[N, 1]`.
 */
export async function toLabels(input: ArrayInput | unknown, opts: { name: string }): Promise<Int32Array | string[]> {
  const { name } = opts;
  let x = input;
  if (isTensorLike(x)) x = { data: await x.data(), shape: x.shape };
  const o = x as NDArray<TypedArray | string[]>;
  const shape = o && !isTypedArray(x) && !Array.isArray(x) && Array.isArray(o.shape) ? o.shape : null;
  if (shape && (shape.length > 2 || shape[1] > 1)) throw err('shape', name, 'rank 1 labels [N]', `shape [${shape}]`);
  const d = shape ? o.data : x;
  if (Array.isArray(d) && typeof d[0] == 'string') {
    for (let i = 0; i < d.length; i++) if (typeof d[i] != 'string') throw err('dtype', `${name}[${i}]`, 'a string (like the first label)', d[i]);
    return d as string[];
  }
  const nd = toNDArraySync(d, { name, rank: 1 });
  if (nd.data instanceof Int32Array) return nd.data;
  const out = new Int32Array(nd.data.length);
  for (let i = 0, v; i < out.length; i++) {
    out[i] = v = nd.data[i];
    if (out[i] !== v) throw err('dtype', `${name}[${i}]`, 'an integer label', v);
  }
  return out;
}
