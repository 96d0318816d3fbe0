import { fail } from './errors';
import { isTypedArray, type TypedArray } from './tensor';

/** One column: numbers in a TypedArray (Float64Array when converted), or strings. */
export type Column = TypedArray | string[];

/**
 * Columns of equal length, in `names` order. Numeric columns are TypedArrays; missing numbers are NaN.
 * `columns` has no prototype (`Object.create(null)`), so a column may be called `__proto__`, `constructor` or
 * `toString` and `name in table.columns` is true only for real columns.
 */
export interface ColumnTable {
  /** Number of rows. */
  length: number;
  /** Column names, in the order they were given (a CSV header's order, the first record's keys first). */
  names: string[];
  /** The columns by name (a null-prototype object). */
  columns: Record<string, Column>;
}

/** Named columns as {@link makeTable} takes them: a record (own enumerable keys) or a Map (its order kept). */
export type ColumnsInput = Record<string, ArrayLike<unknown>> | Map<string, ArrayLike<unknown>>;

/** The kind of value a column holds, from its first non-missing value. */
type ValueKind = 'number' | 'string';

/**
 * Converts one column: a TypedArray is kept (zero copy), a string array with no missing values is kept,
 * numbers (and booleans as 0/1) become a Float64Array with null/undefined as NaN, strings with null as ''.
 */
export function toColumn(values: ArrayLike<unknown>, name: string): Column {
  if (isTypedArray(values)) return values;
  if (typeof values !== 'object' || values === null || typeof values.length !== 'number') throw fail('type', name, 'an array', values);
  let kind: ValueKind | null = null;
  let hasMissing = false;
  const items = Array.from(values);
  items.forEach((v, i) => {
    if (v === null || v === undefined) {
      hasMissing = true;
      return;
    }
    const valueKind = typeof v === 'number' || typeof v === 'boolean' ? 'number' : typeof v === 'string' ? 'string' : null;
    kind ??= valueKind;
    if (valueKind === null || valueKind !== kind) throw fail('dtype', `${name}[${i}]`, 'a number or string, like the first', v);
  });
  if (kind === 'string') return hasMissing || !Array.isArray(values) ? items.map((v) => (v ?? '') as string) : (values as string[]);
  return Float64Array.from(items, (v) => (v === null || v === undefined ? NaN : Number(v)));
}

/**
 * Builds a table from named columns (a record or a Map), checking every column has the length of the first.
 * Names are kept exactly as given — `__proto__`, `constructor` and `toString` included — in a null-prototype
 * `columns` object, so no column name can reach `Object.prototype`.
 */
export function makeTable(cols: ColumnsInput, name: string): ColumnTable {
  const entries: Array<[string, ArrayLike<unknown>]> = cols instanceof Map ? [...cols] : Object.keys(cols).map((k) => [k, cols[k]]);
  const names: string[] = [];
  const columns = Object.create(null) as Record<string, Column>;
  let length = -1;
  for (const [k, values] of entries) {
    const column = toColumn(values, `${name}.${k}`);
    if (length < 0) length = column.length;
    if (column.length !== length) throw fail('length', `${name}.${k}`, `${length} rows`, `${column.length}`);
    names.push(k);
    columns[k] = column;
  }
  return { length: Math.max(length, 0), names, columns };
}
