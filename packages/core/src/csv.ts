import { fail } from './errors';
import { makeTable, type ColumnTable } from './column';

/** Options of {@link parseCSV}. */
export interface CSVOptions {
  /** Field separator (one character); default ',' — or '\t' when the header row has tabs and no commas (TSV). */
  delimiter?: string;
  /** Argument name used in errors (default 'text'). */
  name?: string;
}

/** A number cell: decimal or exponent notation, `inf`, `infinity` or `nan` (any case), spaces around. */
const NUMBER = /^\s*[-+]?(\d+\.?\d*(e[-+]?\d+)?|\.\d+(e[-+]?\d+)?|inf(inity)?|nan)\s*$/i;

/**
 * Parses CSV (RFC 4180: quoted fields with `""` escapes, separators and newlines inside quotes, CRLF or LF)
 * whose first row is the header; blank lines are skipped. A column whose non-empty cells are all numbers
 * (`inf`, `nan` included) becomes a Float64Array (empty cells are NaN); any other column stays a string[].
 */
export function parseCSV(text: string, opts: CSVOptions = {}): ColumnTable {
  const name = opts.name ?? 'text';
  if (typeof text !== 'string') throw fail('type', name, 'CSV text', text);
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0);
  const separator = opts.delimiter ?? (firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',');
  const escaped = separator.replace(/\W/g, '\\$&');
  // One field: quoted ("" escapes a quote; group 1) or bare (group 2), then its end (group 3): the separator,
  // a newline or the end of the text.
  const field = new RegExp(`(?:"((?:[^"]|"")*)"|([^"${escaped}\\r\\n]*))(${escaped}|\\r?\\n|\\r|$)`, 'y');
  let header: string[] | undefined;
  let cols: string[][] = [];
  let row: string[] = [];
  let rowNumber = 1;
  field.lastIndex = text.startsWith('\ufeff') ? 1 : 0; // skip a byte-order mark
  for (;;) {
    const match = field.exec(text);
    if (!match) throw fail('parse', name, 'closed quotes', `text on row ${rowNumber}`);
    const [, quoted, bare, end] = match;
    row.push(bare ?? quoted.replace(/""/g, '"'));
    if (end === separator) continue;
    // The end of a row (or of the text).
    const blank = row.length === 1 && !row[0];
    if (!header) cols = (header = row).map(() => []);
    else if (!blank) {
      if (row.length !== cols.length) throw fail('parse', name, `${cols.length} fields`, `${row.length} on row ${rowNumber}`);
      row.forEach((v, k) => cols[k].push(v));
    }
    if (!end) break;
    rowNumber++;
    row = [];
  }
  if (!header[0] && !header[1]) throw fail('empty', name, 'a header row', 'none');
  // A Map keeps the header's order (an object would put names like "2020" first) and any name, "__proto__" included.
  const table = new Map<string, ArrayLike<unknown>>();
  header.forEach((h, k) => {
    const cells = cols[k];
    let column = h.trim();
    while (table.has(column)) column += '_'; // a repeated name gets '_' until it is unique
    table.set(column, isNumericColumn(cells) ? Float64Array.from(cells, parseNumber) : cells);
  });
  return makeTable(table, name);
}

/** Whether every non-empty cell is a number (and at least one is not empty). */
function isNumericColumn(cells: string[]): boolean {
  return cells.some((s) => s.trim()) && cells.every((s) => !s.trim() || NUMBER.test(s));
}

/** A numeric cell's value: `inf`/`-Infinity` as ±Infinity, `nan` and empty cells as NaN. */
function parseNumber(cell: string): number {
  if (/inf/i.test(cell)) return cell.includes('-') ? -Infinity : Infinity;
  return cell.trim() ? Number(cell) : NaN;
}
