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
  const cols: Record<string, ArrayLike<unknown>> = {};
  for (const { name: k } of t.schema.fields) {
    const v = t.getChild(k)!;
    let a = v.toArray();
    if (ArrayBuffer.isView(a) && (!isTypedArray(a) || v.nullCount)) {
      const f = Float64Array.from(a as ArrayLike<number>, Number);
      if (v.nullCount) for (let i = 0; i < f.length; i++) if (!v.isValid(i)) f[i] = NaN;
      a = f;
    }
    cols[k] = a;
  }
  return makeTable(cols, name);
}
