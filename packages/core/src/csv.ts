import { fail } from './errors';
import { makeTable, type ColumnTable } from './column';

/** Options of {@link parseCSV}. */
export interface CSVOptions {
  /** Field separator (one character); default ',' — or '\t' when the header row has tabs and no commas (TSV). */
  delimiter?: string;
  /** Argument name used in errors (default 'text'). */
  name?: string;
}

const NUM = /^\s*[-+]?(\d+\.?\d*(e[-+]?\d+)?|\.\d+(e[-+]?\d+)?|inf(inity)?|nan)\s*$/i;

/**
 * Parses CSV (RFC 4180: quoted fields with `""` escapes, separators and newlines inside quotes, CRLF or LF)
 * whose first row is the header; blank lines are skipped. A column whose non-empty cells are all numbers
 * (`inf`, `nan` included) becomes a Float64Array (empty cells are NaN); any other column stays a string[].
 */
export function parseCSV(text: string, opts: CSVOptions = {}): ColumnTable {
  const name = opts.name ?? 'text';
  if (typeof text != 'string') throw fail('type', name, 'CSV text', text);
  const first = text.slice(0, text.indexOf('\n') >>> 0);
  const sep = opts.delimiter ?? (/\t/.test(first) && !/,/.test(first) ? '\t' : ',');
  const e = sep.replace(/\W/g, '\\$&');
  // One field: quoted ("" escapes a quote) or bare, then its end: the separator, a newline or the end of the text.
  const field = new RegExp(`(?:"((?:[^"]|"")*)"|([^"${e}\\r\\n]*))(${e}|\\r?\\n|\\r|$)`, 'y');
  let header: string[] | undefined;
  let cols: string[][] = [];
  let row: string[] = [];
  let r = 1;
  field.lastIndex = +(text[0] == '\ufeff'); // skip a byte-order mark
  for (let m; ; ) {
    if (!(m = field.exec(text))) throw fail('parse', name, 'closed quotes', 'text on row ' + r);
    row.push(m[2] ?? m[1].replace(/""/g, '"'));
    if (m[3] != sep) {
      if (!header) cols = (header = row).map(() => []);
      else if (row[1] != null || row[0]) {
        if (row.length != cols.length) throw fail('parse', name, cols.length + ' fields', row.length + ' on row ' + r);
        row.forEach((v, k) => cols[k].push(v));
      }
      if (!m[3]) break;
      r++;
      row = [];
    }
  }
  if (!header[0] && !header[1]) throw fail('empty', name, 'a header row', 'none');
  const table: Record<string, ArrayLike<unknown>> = {};
  header.forEach((h, k) => {
    const c = cols[k];
    for (h = h.trim(); h in table; ) h += '_';
    table[h] =
      c.some((s) => s.trim()) && c.every((s) => !s.trim() || NUM.test(s))
        ? Float64Array.from(c, (s) => (/inf/i.test(s) ? (/-/.test(s) ? -1 : 1) / 0 : s.trim() ? +s : NaN))
        : c;
  });
  return makeTable(table, name);
}
