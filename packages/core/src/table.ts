import { TensorLensError, describe } from './errors';
import { makeTable, type ColumnTable } from './column';
import { parseCSV } from './csv';
import { fromArrow, isArrowTable, type ArrowTableLike } from './arrow';
import { assertFinite } from './tensor';

/** Everything {@link toTable} accepts. */
export type TableInput =
  | Record<string, ArrayLike<unknown>>
  | ArrowTableLike
  | Array<Record<string, unknown>>
  | ColumnTable
  | string; /* CSV, TSV or JSON text */

/** Options of {@link toTable}. */
export interface TableOptions {
  /** The argument name used in errors. */
  name: string;
  /** How to read text: 'auto' (default) is JSON when it starts with `[` or `{`, else CSV. */
  format?: 'csv' | 'tsv' | 'json' | 'auto';
  /** CSV field separator (see {@link parseCSV}). */
  delimiter?: string;
  /** Reject NaN/±Infinity (including empty CSV cells) in numeric columns (default false). */
  finite?: boolean;
}

function fromRecords(rows: unknown[], name: string): ColumnTable {
  const keys = new Set<string>();
  rows.forEach((r, i) => {
    if (!r || typeof r != 'object' || Array.isArray(r)) throw new TensorLensError('type', `${name}[${i}]`, 'a record (object)', describe(r));
    for (const k in r) keys.add(k);
  });
  const cols: Record<string, unknown[]> = {};
  for (const k of keys) cols[k] = rows.map((r) => (r as Record<string, unknown>)[k]);
  return makeTable(cols, name);
}

/** Parses JSON text holding an array of records or an object of columns. */
export function parseJSON(text: string, name = 'text'): ColumnTable {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new TensorLensError('parse', name, 'JSON text', describe(text), (e as Error).message);
  }
  if (Array.isArray(v)) return fromRecords(v, name);
  if (v && typeof v == 'object') return makeTable(v as Record<string, unknown[]>, name);
  throw new TensorLensError('type', name, 'a JSON array of records or object of columns', describe(v));
}

/**
 * Reads any {@link TableInput} into a {@link ColumnTable}: columns (TypedArrays kept as they are), an array of
 * records, an Apache Arrow table, or CSV/TSV/JSON text. Columns must have equal length ('length' error);
 * a table with no columns or no rows is an 'empty' error.
 */
export function toTable(input: TableInput, opts: TableOptions): ColumnTable {
  const { name, format: f = 'auto' } = opts;
  const c = input as ColumnTable;
  const t =
    typeof input == 'string'
      ? f == 'json' || (f == 'auto' && /^\s*[[{]/.test(input))
        ? parseJSON(input, name)
        : parseCSV(input, { name, delimiter: f == 'tsv' ? '\t' : opts.delimiter })
      : isArrowTable(input)
        ? fromArrow(input, name)
        : Array.isArray(input)
          ? fromRecords(input, name)
          : c && typeof c == 'object'
            ? Array.isArray(c.names) && c.columns
              ? makeTable(c.columns, name)
              : makeTable(c as unknown as Record<string, ArrayLike<unknown>>, name)
            : null;
  if (!t) throw new TensorLensError('type', name, 'columns, records, an Arrow table or CSV/JSON text', describe(input));
  if (!t.length || !t.names.length) throw new TensorLensError('empty', name, 'at least one row and column', `${t.names.length} columns, ${t.length} rows`);
  if (opts.finite) for (const k of t.names) if (typeof t.columns[k][0] != 'string') assertFinite(t.columns[k] as ArrayLike<number>, `${name}.${k}`);
  return t;
}

