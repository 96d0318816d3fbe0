import { fail } from './errors';
import { makeTable, type ColumnTable } from './column';
import { parseCSV } from './csv';
import { fromArrow, isArrowTable, type ArrowTableLike } from './arrow';
import { assertFinite } from './tensor';

/** Everything {@link toTable} accepts. */
export type TableInput =
  | Record<string, ArrayLike<unknown>>
  | Map<string, ArrayLike<unknown>>
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
  /**
   * Keep the values of records and of record/Map columns as given — numbers, strings, booleans, Dates, mixed —
   * instead of converting each column to numbers or strings (default false). For components that type columns
   * themselves (parallel coordinates: dates, booleans, a few bad cells in a numeric column). The table is then a
   * {@link RawTable}. CSV and Arrow input is read as usual.
   */
  keepValues?: boolean;
}

/** What {@link toTable} gives with `keepValues`: equal-length columns of any values, in a null-prototype object. */
export interface RawTable {
  length: number;
  names: string[];
  columns: Record<string, ArrayLike<unknown>>;
}

/** Like makeTable, but the columns keep their values as given (only their lengths are checked). */
function makeRawTable(cols: Map<string, ArrayLike<unknown>> | Record<string, ArrayLike<unknown>>, name: string): ColumnTable {
  const entries: Array<[string, ArrayLike<unknown>]> = cols instanceof Map ? [...cols] : Object.keys(cols).map((k) => [k, cols[k]]);
  const columns = Object.create(null) as Record<string, ArrayLike<unknown>>;
  let length = -1;
  for (const [k, values] of entries) {
    if (typeof values !== 'object' || values === null || typeof values.length !== 'number') throw fail('type', `${name}.${k}`, 'an array', values);
    if (length < 0) length = values.length;
    if (values.length !== length) throw fail('length', `${name}.${k}`, `${length} rows`, `${values.length}`);
    columns[k] = values;
  }
  return { length: Math.max(length, 0), names: entries.map(([k]) => k), columns } as ColumnTable;
}

/**
 * Columns from an array of records. Keys are read with `Object.keys` (own keys only, never inherited ones) into
 * a Map, so a record key such as `__proto__` or `constructor` becomes a column of that name and never writes
 * into a prototype. Columns are in order of first appearance; a key missing from a row is a missing value.
 */
function fromRecords(rows: unknown[], name: string, keepValues = false): ColumnTable {
  const columns = new Map<string, unknown[]>();
  rows.forEach((row, i) => {
    if (typeof row !== 'object' || row === null || Array.isArray(row)) throw fail('type', `${name}[${i}]`, 'a record', row);
    for (const key of Object.keys(row)) {
      let column = columns.get(key);
      if (!column) columns.set(key, (column = []));
      column[i] = (row as Record<string, unknown>)[key];
    }
  });
  for (const column of columns.values()) column.length = rows.length;
  return keepValues ? makeRawTable(columns, name) : makeTable(columns, name);
}

/** A {@link ColumnTable} already (names, columns and a row count), rather than a record of columns. */
function isColumnTable(input: object): input is ColumnTable {
  const t = input as ColumnTable;
  return Array.isArray(t.names) && typeof t.columns === 'object' && t.columns !== null && typeof t.length === 'number';
}

/** Parses JSON text holding an array of records or an object of columns (keys kept as given, `__proto__` included). */
export function parseJSON(text: string, name = 'text', keepValues = false): ColumnTable {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw fail('parse', name, 'JSON', text, (e as Error).message);
  }
  return toTable(v as TableInput, { name, keepValues });
}

/**
 * Reads any {@link TableInput} into a {@link ColumnTable} — the one table reader of tensorlens: columns (a record
 * or a Map; TypedArrays kept as they are), an array of records, an Apache Arrow table, a ColumnTable, or
 * CSV/TSV/JSON text. Column names are kept exactly as given, in a null-prototype `columns` object, so keys such as
 * `__proto__` or `constructor` are ordinary columns and never touch `Object.prototype`. Columns must have equal
 * length ('length' error); a table with no columns or no rows is an 'empty' error.
 */
export function toTable(input: TableInput, opts: TableOptions & { keepValues: true }): RawTable;
export function toTable(input: TableInput, opts: TableOptions): ColumnTable;
export function toTable(input: TableInput, opts: TableOptions): ColumnTable {
  const { name, format, keepValues = false } = opts;
  const columnsOf = keepValues ? makeRawTable : makeTable;
  if (typeof input === 'string') {
    const json = format === 'json' || ((format === undefined || format === 'auto') && /^\s*[[{]/.test(input));
    return checked(json ? parseJSON(input, name, keepValues) : parseCSV(input, { name, delimiter: format === 'tsv' ? '\t' : opts.delimiter }), opts);
  }
  if (typeof input !== 'object' || input === null) throw fail('type', name, 'a table', input);
  if (isArrowTable(input)) return checked(fromArrow(input, name), opts);
  if (Array.isArray(input)) return checked(fromRecords(input, name, keepValues), opts);
  if (input instanceof Map) return checked(columnsOf(input as Map<string, ArrayLike<unknown>>, name), opts);
  if (isColumnTable(input)) return checked(columnsOf(new Map(input.names.map((k) => [k, input.columns[k]])), name), opts);
  return checked(columnsOf(input as Record<string, ArrayLike<unknown>>, name), opts);
}

/** The checks every table passes: rows and columns present, finite numbers where asked. */
function checked(table: ColumnTable, opts: TableOptions): ColumnTable {
  const { name } = opts;
  if (!table.length || !table.names.length) throw fail('empty', name, 'rows', `${table.length} rows`);
  if (opts.finite) {
    for (const k of table.names) {
      const column = table.columns[k];
      if (!Array.isArray(column)) assertFinite(column, `${name}.${k}`);
    }
  }
  return table;
}
