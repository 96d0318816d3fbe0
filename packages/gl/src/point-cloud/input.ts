// Reads the point cloud's data options (columns, a positions matrix, tensors, tables, Arrow) into typed
// arrays in row order, checking lengths and shapes. Synchronous unless a tensor is given.
import { fail, isArrowTable, isTensorLike, toNDArray, toNDArraySync, toTable } from '@tensorlens/core';
import type { ArrayInput, ArrowTableLike, ColumnTable, NDArray, TensorLike } from '@tensorlens/core';

/** One numeric column: a Float32Array, any array of numbers, or a tensor [N]. */
export type NumericInput = Float32Array | ArrayLike<number> | TensorLike;
/** A tabular input: core's ColumnTable, an Apache Arrow table, or named columns. */
export type TableLike = ColumnTable | ArrowTableLike | Record<string, ArrayLike<unknown>>;

export interface DataOptions {
  x?: NumericInput;
  y?: NumericInput;
  z?: NumericInput;
  positions?: ArrayInput;
  data?: TableLike;
  xField?: string;
  yField?: string;
  zField?: string;
  category?: ArrayLike<number> | string[] | TensorLike | string;
  categoryNames?: string[];
  value?: ArrayLike<number> | TensorLike | string;
  valueDomain?: [number, number];
  metadata?: TableLike;
}

/** The data in row order. */
export interface PointInput {
  n: number;
  dims: 2 | 3;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  z: ArrayLike<number> | null;
  /** Category codes (row order), or null. */
  category: ArrayLike<number> | null;
  categoryNames: string[];
  value: ArrayLike<number> | null;
  valueDomain: [number, number];
  metadata: ColumnTable | null;
}

const asTable = (t: TableLike | undefined, name: string): ColumnTable | null =>
  t == null ? null : (t as ColumnTable).names && (t as ColumnTable).columns && !isArrowTable(t) ? (t as ColumnTable) : toTable(t as Record<string, ArrayLike<unknown>>, { name });

/** A column of `data` or `metadata` by name, or an 'option' error naming the option. */
function field(name: string, option: string, tables: Array<ColumnTable | null>): ArrayLike<unknown> {
  for (const t of tables) if (t && t.names.includes(name)) return t.columns[name];
  const known = tables.flatMap((t) => t?.names ?? []);
  throw fail('option', `options.${option}`, known.length ? `a field of the data (${known.map((k) => `'${k}'`).join(', ')})` : 'a field name, with options.data or options.metadata', name);
}

type Maybe<T> = T | Promise<T>;
const then = <T, U>(v: Maybe<T>, f: (v: T) => U): Maybe<U> => (v instanceof Promise ? v.then(f) : f(v));
const all = <T>(vs: Array<Maybe<T>>): Maybe<T[]> => (vs.some((v) => v instanceof Promise) ? Promise.all(vs) : (vs as T[]));

/** A numeric column (sync unless a tensor): never copies a TypedArray. */
function numeric(v: unknown, name: string): Maybe<ArrayLike<number>> {
  if (isTensorLike(v)) return toNDArray(v, { name, rank: 1, finite: false, allowEmpty: true }).then((a) => a.data);
  if (typeof v === 'string' || v == null || typeof v !== 'object') throw fail('type', name, 'a Float32Array, an array of numbers or a tensor [N]', v);
  if (ArrayBuffer.isView(v)) return v as unknown as ArrayLike<number>;
  return toNDArraySync(v, { name, rank: 1, finite: false, allowEmpty: true }).data;
}

/** Category codes from numbers or strings, and the names. */
function categories(c: ArrayLike<unknown>, names: string[] | undefined, arg: string): { codes: ArrayLike<number>; names: string[] } {
  if (typeof c[0] === 'string' || (Array.isArray(c) && c.some((v) => typeof v === 'string'))) {
    const list = names ? names.slice() : [...new Set(c as string[])].sort();
    const index = new Map(list.map((k, i) => [k, i]));
    const codes = new Uint16Array(c.length);
    for (let i = 0; i < c.length; i++) {
      const k = String(c[i] ?? '');
      let j = index.get(k);
      if (j === undefined) index.set(k, (j = list.push(k) - 1));
      codes[i] = j;
    }
    if (list.length > 65535) throw fail('range', arg, 'at most 65535 categories', `${list.length}`);
    return { codes, names: list };
  }
  const codes = c as ArrayLike<number>;
  let max = -1;
  for (let i = 0; i < codes.length; i++) if (codes[i] > max && codes[i] % 1 === 0) max = codes[i];
  if (max >= 65535) throw fail('range', arg, 'category codes below 65535', max);
  const out = names ? names.slice() : [];
  for (let k = out.length; k <= max; k++) out.push(String(k));
  return { codes, names: out };
}

/** Reads the data options; throws TensorLensError ('length', 'shape', 'empty', 'option', 'type'). */
export function readInput(o: DataOptions): Maybe<PointInput> {
  const data = asTable(o.data, 'options.data');
  const meta = asTable(o.metadata, 'options.metadata') ?? data;
  const tables = [data, meta];
  const col = (v: unknown, f: string | undefined, option: string, name: string): Maybe<ArrayLike<number>> | null => {
    if (typeof v === 'string') return numeric(field(v, option, tables), name);
    if (v != null) return numeric(v, name);
    if (f != null) return numeric(field(f, option + 'Field', tables), name);
    return null;
  };
  let pos: Maybe<Array<ArrayLike<number> | null>>;
  if (o.positions != null) {
    const read = (a: NDArray) => {
      const [n, d] = a.shape;
      if (a.shape.length !== 2 || (d !== 2 && d !== 3)) throw fail('shape', 'options.positions', 'shape [N, 2] or [N, 3]', `shape [${a.shape}]`);
      const cols = [new Float32Array(n), new Float32Array(n), d === 3 ? new Float32Array(n) : null];
      const src = a.data;
      for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) cols[k]![i] = src[i * d + k];
      return cols;
    };
    const nd = isTensorLike(o.positions)
      ? toNDArray(o.positions, { name: 'options.positions', finite: false, allowEmpty: true })
      : toNDArraySync(o.positions, { name: 'options.positions', finite: false, allowEmpty: true });
    pos = then(nd, read);
  } else {
    const dx = data && !o.xField && data.names.includes('x') ? 'x' : o.xField;
    const dy = data && !o.yField && data.names.includes('y') ? 'y' : o.yField;
    const dz = data && !o.zField && o.z == null && data.names.includes('z') ? 'z' : o.zField;
    const x = col(o.x, dx, 'x', 'options.x');
    const y = col(o.y, dy, 'y', 'options.y');
    if (!x || !y) throw fail('type', x ? 'options.y' : 'options.x', 'coordinates: x and y columns, positions [N, 2|3], or data with xField/yField', 'undefined');
    pos = all([x, y, col(o.z, dz, 'z', 'options.z')]);
  }
  const catRaw: Maybe<ArrayLike<unknown> | null> =
    o.category == null ? null : typeof o.category === 'string' ? field(o.category, 'category', tables) : isTensorLike(o.category) ? toNDArray(o.category, { name: 'options.category', finite: false, allowEmpty: true }).then((a) => a.data) : (o.category as ArrayLike<unknown>);
  const valRaw = o.value == null ? null : typeof o.value === 'string' ? numeric(field(o.value, 'value', tables), 'options.value') : numeric(o.value, 'options.value');
  return then(all<unknown>([pos, catRaw, valRaw]), ([p, c, v]) => {
    const [x, y, z] = p as Array<ArrayLike<number> | null>;
    const n = x!.length;
    const same = (a: ArrayLike<unknown> | null, name: string) => {
      if (a && a.length !== n) throw fail('length', name, `${n} values (one per point, like x)`, `${a.length}`);
    };
    same(y, 'options.y');
    same(z, 'options.z');
    if (!n) throw fail('empty', o.positions != null ? 'options.positions' : 'options.x', 'at least one point', 'none');
    same(c as ArrayLike<unknown> | null, 'options.category');
    same(v as ArrayLike<number> | null, 'options.value');
    if (meta && meta.length !== n) throw fail('length', 'options.metadata', `${n} rows (one per point)`, `${meta.length}`);
    const cat = c ? categories(c as ArrayLike<unknown>, o.categoryNames, 'options.category') : null;
    const val = v as ArrayLike<number> | null;
    let domain = o.valueDomain;
    if (val && !domain) {
      let lo = Infinity, hi = -Infinity;
      for (let i = 0; i < n; i++) {
        const e = val[i];
        if (e < lo) lo = e;
        if (e > hi) hi = e;
      }
      domain = lo <= hi ? [lo, hi] : [0, 1];
    }
    return {
      n,
      dims: z ? 3 : 2,
      x: x!,
      y: y!,
      z,
      category: cat?.codes ?? null,
      categoryNames: cat?.names ?? o.categoryNames ?? [],
      value: val,
      valueDomain: domain ?? [0, 1],
      metadata: meta,
    } as PointInput;
  });
}
