import { makeTable, type ColumnTable } from './column';
import { isTypedArray } from './tensor';

/** The part of an Arrow vector tensorlens reads (apache-arrow's `Vector` fits). */
export interface ArrowVectorLike {
  length: number;
  nullCount: number;
  toArray(): ArrayLike<unknown>;
  isValid(index: number): boolean;
}

/** The part of an Arrow table tensorlens reads (apache-arrow's `Table` fits; never imported). */
export interface ArrowTableLike {
  numRows: number;
  schema: { fields: Array<{ name: string }> };
  getChild(name: string): ArrowVectorLike | null;
}

/** Duck-typed test for an Apache Arrow table: `numRows`, `schema.fields`, `getChild(name)`. */
export function isArrowTable(x: unknown): x is ArrowTableLike {
  const t = x as ArrowTableLike;
  return !!t && typeof t.numRows == 'number' && Array.isArray(t.schema?.fields) && typeof t.getChild == 'function';
}

/**
 * Reads an Arrow table into columns. Numeric columns without nulls of a single chunk are zero-copy views;
 * nulls become NaN (numbers) or '' (strings); 64-bit integers become Float64Array.
 */
export function fromArrow(t: ArrowTableLike, name = 'table'): ColumnTable {
  // A Map keeps the schema's order and any field name (`__proto__` included) as it is.
  const cols = new Map<string, ArrayLike<unknown>>();
  for (const { name: field } of t.schema.fields) {
    const vector = t.getChild(field)!;
    let values = vector.toArray();
    if (ArrayBuffer.isView(values) && (!isTypedArray(values) || vector.nullCount)) {
      const numbers = Float64Array.from(values as ArrayLike<number>, Number);
      if (vector.nullCount) for (let i = 0; i < numbers.length; i++) if (!vector.isValid(i)) numbers[i] = NaN;
      values = numbers;
    }
    cols.set(field, values);
  }
  return makeTable(cols, name);
}
