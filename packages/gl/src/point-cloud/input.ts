// Reads the point cloud's data options — the `data` table and the channels x, y, z (arrays or column names), or a
// positions matrix, and the colour channel — into typed arrays in row order, checking lengths and shapes.
// Synchronous unless a tensor is given. Nothing here changes any state: a component calls it before it commits.
import { fail, hasColumn, isCssColor, isTensorLike, resolveChannel, toNDArray, toNDArraySync, toTable } from '@tensorlens/core';
import type { ColumnTable, NDArray, TableInput, TensorLike } from '@tensorlens/core';
import type { PointCloudOptions } from './options';

/**
 * One numeric channel: the name of a column of `data`, a Float32Array, any array of numbers, a BigInt64Array /
 * BigUint64Array (read as float64), or a tensor [N].
 */
export type NumericChannel = string | ArrayLike<number> | BigInt64Array | BigUint64Array | TensorLike;
/** The colour channel: a column name, values (numbers or strings, one per row), a tensor [N], or one CSS colour. */
export type ColorChannel = string | ArrayLike<number> | ArrayLike<string> | TensorLike;
/** How colour values are read: 'auto' (text and few integers: categories; other numbers: a continuous scale). */
export type ColorType = 'auto' | 'categorical' | 'continuous';
/** A tabular input: anything core's `toTable` reads (columns, rows, an Arrow table, CSV/JSON text). */
export type TableLike = TableInput;

/** The options this module reads (declared, with their docs, in PointCloudOptions). */
export type DataOptions = Pick<PointCloudOptions, 'data' | 'x' | 'y' | 'z' | 'positions' | 'color' | 'colorType' | 'colorDomain' | 'categories'>;

/** The colour encoding read from the colour channel. */
export type ColorEncoding =
  | { kind: 'none' }
  | { kind: 'constant'; color: string }
  | { kind: 'categorical'; codes: ArrayLike<number>; names: string[]; counts: Uint32Array }
  | { kind: 'continuous'; values: ArrayLike<number>; domain: [number, number] };

/** The data in row order. */
export interface PointInput {
  n: number;
  dims: 2 | 3;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  z: ArrayLike<number> | null;
  color: ColorEncoding;
  /** The `data` table, or null. */
  table: ColumnTable | null;
}

/** At most this many distinct integers make a numeric colour channel categorical under colorType 'auto'. */
export const AUTO_CATEGORIES = 64;

type Maybe<T> = T | Promise<T>;
const then = <T, U>(value: Maybe<T>, next: (value: T) => U): Maybe<U> => (value instanceof Promise ? value.then(next) : next(value));
const all = <T>(values: Array<Maybe<T>>): Maybe<T[]> => (values.some((v) => v instanceof Promise) ? Promise.all(values) : (values as T[]));

const isBigIntArray = (v: unknown): v is BigInt64Array | BigUint64Array =>
  (typeof BigInt64Array !== 'undefined' && v instanceof BigInt64Array) || (typeof BigUint64Array !== 'undefined' && v instanceof BigUint64Array);

/**
 * A BigInt64Array / BigUint64Array as float64. Every 64-bit integer is a finite float64 (rounded to 53 bits
 * above 2^53), which is far finer than the float32 the GPU draws, so the conversion is safe for positions.
 */
function fromBigInt(values: BigInt64Array | BigUint64Array): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Number(values[i]);
  return out;
}

/** Whether text is a CSS colour in any syntax the browser accepts (core's isCssColor; re-exported for the views). */
export { isCssColor };

/** A numeric channel (sync unless a tensor): never copies a numeric TypedArray. */
function numeric(value: unknown, argument: string, table: ColumnTable | null): Maybe<ArrayLike<number>> {
  if (typeof value === 'string') {
    const column = resolveChannel(value, table, argument)!;
    if (Array.isArray(column)) throw fail('dtype', argument, `a column of numbers ('${value}' holds text)`, column[0]);
    return column;
  }
  if (isTensorLike(value)) return toNDArray(value, { name: argument, rank: 1, finite: false, allowEmpty: true }).then((a) => a.data);
  if (value == null || typeof value !== 'object') throw fail('type', argument, 'a column name, a Float32Array, an array of numbers or a tensor [N]', value);
  if (isBigIntArray(value)) return fromBigInt(value);
  if (ArrayBuffer.isView(value)) {
    if (value instanceof DataView) throw fail('type', argument, 'a TypedArray of numbers', 'a DataView');
    return value as unknown as ArrayLike<number>;
  }
  return toNDArraySync(value, { name: argument, rank: 1, finite: false, allowEmpty: true }).data;
}

/** Reads a positions matrix [N, 2|3] into columns. */
function positionColumns(a: NDArray): Array<Float64Array | null> {
  const [n, d] = a.shape;
  if (a.shape.length !== 2 || (d !== 2 && d !== 3)) throw fail('shape', 'options.positions', 'shape [N, 2] or [N, 3]', `shape [${a.shape}]`);
  // Float64 columns: values beyond float32's range are normalised later, before the upload.
  const columns = [new Float64Array(n), new Float64Array(n), d === 3 ? new Float64Array(n) : null];
  const source = a.data;
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) columns[k]![i] = source[i * d + k];
  return columns;
}

function readPositions(o: DataOptions, table: ColumnTable | null): Maybe<Array<ArrayLike<number> | null>> {
  if (o.positions != null) {
    let matrix: unknown = o.positions;
    const shaped = matrix as { data?: unknown; shape?: number[] };
    if (shaped && isBigIntArray(shaped.data)) matrix = { data: fromBigInt(shaped.data), shape: shaped.shape };
    const options = { name: 'options.positions', finite: false, allowEmpty: true };
    const nd = isTensorLike(matrix) ? toNDArray(matrix, options) : toNDArraySync(matrix, options);
    return then(nd, positionColumns);
  }
  // Without x / y, columns of `data` called x, y (and z) are the coordinates.
  const x = o.x ?? (hasColumn(table, 'x') ? 'x' : null);
  const y = o.y ?? (hasColumn(table, 'y') ? 'y' : null);
  const z = o.z ?? (o.x == null && hasColumn(table, 'z') ? 'z' : null);
  if (x == null || y == null) throw fail('type', x == null ? 'options.x' : 'options.y', 'coordinates: x and y (arrays or columns of data), or positions [N, 2|3]', 'undefined');
  return all([numeric(x, 'options.x', table), numeric(y, 'options.y', table), z == null ? null : numeric(z, 'options.z', table)]);
}

/** Category codes (row order), names and counts from strings or numbers. */
function categorical(values: ArrayLike<unknown>, given: string[] | null | undefined, argument: string): ColorEncoding & { kind: 'categorical' } {
  const n = values.length;
  const codes = new Uint16Array(n);
  let names: string[];
  if (n && typeof values[0] === 'string') {
    names = given ? given.slice() : [...new Set(Array.from(values as ArrayLike<string>))].sort();
    const index = new Map(names.map((name, i) => [name, i]));
    for (let i = 0; i < n; i++) {
      const name = String(values[i] ?? '');
      let code = index.get(name);
      if (code === undefined) index.set(name, (code = names.push(name) - 1));
      codes[i] = code;
    }
  } else {
    const numbers = values as ArrayLike<number>;
    if (given) {
      // Integer codes name `categories[code]`.
      names = given.slice();
      for (let i = 0; i < n; i++) {
        const v = numbers[i];
        if (!(v >= 0 && v < 65535 && v % 1 === 0)) codes[i] = 65535;
        else {
          codes[i] = v;
          for (let k = names.length; k <= v; k++) names.push(String(k));
        }
      }
    } else {
      // The distinct values in ascending order; NaN is missing. Small non-negative integers (the usual category
      // codes) go through a lookup table, anything else through a Map.
      const table = smallIntegerCodes(numbers);
      if (table) {
        for (let i = 0; i < n; i++) {
          const v = numbers[i];
          codes[i] = v === v ? table.code[v] : 65535;
        }
        names = table.values.map(String);
      } else {
        const distinct = new Set<number>();
        for (let i = 0; i < n; i++) if (numbers[i] === numbers[i]) distinct.add(numbers[i]);
        const sorted = [...distinct].sort((a, b) => a - b);
        if (sorted.length > 65534) throw fail('range', argument, 'at most 65534 categories', `${sorted.length}`);
        const index = new Map(sorted.map((v, i) => [v, i]));
        for (let i = 0; i < n; i++) codes[i] = index.get(numbers[i]) ?? 65535;
        names = sorted.map(String);
      }
    }
  }
  if (names.length > 65534) throw fail('range', argument, 'at most 65534 categories', `${names.length}`);
  const counts = new Uint32Array(names.length);
  for (let i = 0; i < n; i++) if (codes[i] < names.length) counts[codes[i]]++;
  return { kind: 'categorical', codes, names, counts };
}

/**
 * When every value is NaN or an integer in [0, 65535): the distinct values ascending and a table value → code.
 * One pass over the values and one over the 65536 possible values (no per-row Set or Map).
 */
function smallIntegerCodes(values: ArrayLike<number>): { values: number[]; code: Uint16Array } | null {
  const seen = new Uint8Array(65536);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) continue;
    if (!(v >= 0 && v < 65535 && v % 1 === 0)) return null;
    seen[v] = 1;
  }
  const distinct: number[] = [];
  const code = new Uint16Array(65536);
  for (let v = 0; v < 65536; v++) if (seen[v]) code[v] = distinct.push(v) - 1;
  return { values: distinct, code };
}

/** Whether numbers are at most {@link AUTO_CATEGORIES} distinct integers (read as categories under 'auto'). */
function fewIntegers(values: ArrayLike<number>): boolean {
  const small = new Uint8Array(65536);
  let count = 0;
  let others: Set<number> | null = null;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) continue;
    if (v % 1 !== 0) return false;
    if (v >= 0 && v < 65536) {
      if (small[v]) continue;
      small[v] = 1;
      count++;
    } else {
      others ??= new Set();
      if (others.has(v)) continue;
      others.add(v);
      count++;
    }
    if (count > AUTO_CATEGORIES) return false;
  }
  return count > 0;
}

function domainOf(values: ArrayLike<number>): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi && Number.isFinite(lo) && Number.isFinite(hi) ? [lo, hi] : [0, 1];
}

/** The colour channel's raw values (or a constant colour), before its encoding is chosen. */
function readColorValues(o: DataOptions, table: ColumnTable | null, n: number): Maybe<ArrayLike<unknown> | string | null> {
  const c = o.color;
  if (c == null) return null;
  if (typeof c === 'string') {
    if (hasColumn(table, c)) return resolveChannel(c, table, 'options.color', n);
    if (!isCssColor(c)) {
      const names = table?.names ?? [];
      throw fail('option', 'options.color', `${names.length ? `a column of data (${names.slice(0, 12).map((k) => `'${k}'`).join(', ')}), ` : ''}an array of values or a CSS colour`, c);
    }
    return c;
  }
  if (isTensorLike(c)) return toNDArray(c, { name: 'options.color', rank: 1, finite: false, allowEmpty: true }).then((a) => a.data);
  if (isBigIntArray(c)) return fromBigInt(c);
  return resolveChannel(c as ArrayLike<number>, table, 'options.color', n);
}

function encodeColor(o: DataOptions, raw: ArrayLike<unknown> | string | null, n: number): ColorEncoding {
  if (raw == null) return { kind: 'none' };
  if (typeof raw === 'string') return { kind: 'constant', color: raw };
  if (raw.length !== n) throw fail('length', 'options.color', `${n} values (one per point)`, `${raw.length}`);
  const text = n > 0 && typeof raw[0] === 'string';
  const type = o.colorType ?? 'auto';
  if (type === 'continuous' && text) throw fail('option', 'options.colorType', "'categorical' or 'auto' (the colour values are text)", type);
  const isCategorical = type === 'categorical' || (type === 'auto' && (text || (!o.colorDomain && fewIntegers(raw as ArrayLike<number>))));
  if (isCategorical) return categorical(raw, o.categories, 'options.color');
  const values = raw as ArrayLike<number>;
  return { kind: 'continuous', values, domain: o.colorDomain ?? domainOf(values) };
}

/** Reads the table of `data` (null when absent). */
export function readTable(data: TableInput | null | undefined): ColumnTable | null {
  return data == null ? null : toTable(data, { name: 'options.data' });
}

/**
 * Reads the data options; throws TensorLensError ('length', 'shape', 'empty', 'option', 'type', 'dtype').
 * Returns a promise only when a tensor is given.
 */
export function readInput(o: DataOptions, table: ColumnTable | null = readTable(o.data)): Maybe<PointInput> {
  const positions = readPositions(o, table);
  const read = (columns: Array<ArrayLike<number> | null>): Maybe<PointInput> => {
    const [x, y, z] = columns;
    const n = x!.length;
    const same = (a: ArrayLike<unknown> | null, name: string) => {
      if (a && a.length !== n) throw fail('length', name, `${n} values (one per point, like x)`, `${a.length}`);
    };
    same(y, 'options.y');
    same(z, 'options.z');
    if (!n) throw fail('empty', o.positions != null ? 'options.positions' : 'options.x', 'at least one point', 'none');
    if (table && table.length !== n) throw fail('length', 'options.data', `${n} rows (one per point)`, `${table.length}`);
    return then(readColorValues(o, table, n), (raw: ArrayLike<unknown> | string | null): PointInput => ({ n, dims: z ? 3 : 2, x: x!, y: y!, z, color: encodeColor(o, raw, n), table }));
  };
  return positions instanceof Promise ? positions.then(read) : read(positions);
}
