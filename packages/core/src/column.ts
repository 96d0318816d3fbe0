import { TensorLensError, describe } from './errors';
import { isTypedArray, type TypedArray } from './tensor';

/** One column: numbers in a TypedArray (Float64Array when converted), or strings. */
export type Column = TypedArray | string[];

/** Columns of equal length, in `names` order. Numeric columns are TypedArrays; missing numbers are NaN. */
export interface ColumnTable {
  /** Number of rows. */
  length: number;
  names: string[];
  columns: Record<string, Column>;
}

/**
 * Converts one column: a TypedArray is kept (zero copy), a string array with no missing values is kept,
 * numbers (and booleans as 0/1) become a Float64Array with null/undefined as NaN, strings with null as ''.
 */
export function toColumn(values: ArrayLike<unknown>, name: string): Column {
  if (isTypedArray(values)) return values;
  if (!values || typeof values.length != 'number' || typeof values == 'string') throw new TensorLensError('type', name, 'an array column', describe(values));
  const n = values.length;
  let kind = '';
  let copy = !Array.isArray(values);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    const t = v == null ? '' : typeof v == 'boolean' ? 'number' : typeof v;
    if (!t || t != (kind ||= t)) {
      copy = true;
      if (t) throw new TensorLensError('dtype', `${name}[${i}]`, `a ${kind} (like the first value)`, describe(v));
    }
  }
  if (kind == 'string') return copy ? Array.from(values, (v) => (v == null ? '' : (v as string))) : (values as string[]);
  if (kind && kind != 'number') throw new TensorLensError('dtype', name, 'numbers or strings', `${kind}s`);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = values[i] == null ? NaN : +(values[i] as number);
  return out;
}

/** Builds a table from named columns, checking every column has the length of the first. */
export function makeTable(cols: Record<string, ArrayLike<unknown>>, name: string): ColumnTable {
  const names = Object.keys(cols);
  const columns: Record<string, Column> = {};
  let length = -1;
  for (const k of names) {
    const c = (columns[k] = toColumn(cols[k], `${name}.${k}`));
    if (length < 0) length = c.length;
    else if (c.length !== length) throw new TensorLensError('length', `${name}.${k}`, `${length} rows (like ${names[0]})`, `${c.length} rows`);
  }
  return { length: Math.max(length, 0), names, columns };
}
