import { fail } from './errors';
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
  if (typeof values?.length != 'number' || typeof values != 'object') throw fail('type', name, 'an array', values);
  let kind = '';
  let copy = !Array.isArray(values);
  const a = Array.from(values, (v, i) => {
    if (v == null) {
      copy = true;
      return v;
    }
    const t = typeof v == 'boolean' ? 'number' : typeof v;
    if (t != (kind ||= t) || !/^[ns]/.test(t)) throw fail('dtype', `${name}[${i}]`, 'a number or string, like the first', v);
    return v;
  });
  return kind == 'string' ? (copy ? a.map((v) => (v ?? '') as string) : (values as string[])) : Float64Array.from(a, (v) => (v == null ? NaN : +v!));
}

/** Builds a table from named columns, checking every column has the length of the first. */
export function makeTable(cols: Record<string, ArrayLike<unknown>>, name: string): ColumnTable {
  const names = Object.keys(cols);
  const columns: Record<string, Column> = {};
  let length = -1;
  for (const k of names) {
    const n = (columns[k] = toColumn(cols[k], `${name}.${k}`)).length;
    if (length < 0) length = n;
    if (n != length) throw fail('length', `${name}.${k}`, `${length} rows`, `${n}`);
  }
  return { length: Math.max(length, 0), names, columns };
}
