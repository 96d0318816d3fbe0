import { fail } from './errors';
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
  const cols: Record<string, unknown[]> = {};
  rows.forEach((r, i) => {
    if (typeof r != 'object' || !r || Array.isArray(r)) throw fail('type', `${name}[${i}]`, 'a record', r);
    for (const k in r) (cols[k] ||= [])[i] = (r as Record<string, unknown>)[k];
  });
  for (const k in cols) cols[k].length = rows.length;
  return makeTable(cols, name);
}

/** Parses JSON text holding an array of records or an object of columns. */
export function parseJSON(text: string, name = 'text'): ColumnTable {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw fail('parse', name, 'JSON', text, (e as Error).message);
  }
  return toTable(v as TableInput, { name });
}

/**
 * Reads any {@link TableInput} into a {@link ColumnTable}: columns (TypedArrays kept as they are), an array of
 * records, an Apache Arrow table, or CSV/TSV/JSON text. Columns must have equal length ('length' error);
 * a table with no columns or no rows is an 'empty' error.
 */
export function toTable(input: TableInput, opts: TableOptions): ColumnTable {
  const { name, format: f } = opts;
  const c = input as ColumnTable;
  if (!c || typeof c != 'object' && typeof c != 'string') throw fail('type', name, 'a table', c);
  const t =
    typeof c == 'string'
      ? f == 'json' || (!f || f == 'auto') && /^\s*[[{]/.test(c)
        ? parseJSON(c, name)
        : parseCSV(c, { name, delimiter: f == 'tsv' ? '\t' : opts.delimiter })
      : isArrowTable(c)
        ? fromArrow(c, name)
        : Array.isArray(c)
          ? fromRecords(c, name)
          : makeTable(c.names && c.columns ? c.columns : (c as unknown as Record<string, ArrayLike<unknown>>), name);
  if (!t.length || !t.names.length) throw fail('empty', name, 'rows', `${t.length} rows`);
  if (opts.finite) for (const k of t.names) if (typeof t.columns[k][0] != 'string') assertFinite(t.columns[k] as ArrayLike<number>, `${name}.${k}`);
  return t;
}
