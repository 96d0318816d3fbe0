import { TensorLensError } from './errors';
import { makeTable, type ColumnTable } from './column';

/** Options of {@link parseCSV}. */
export interface CSVOptions {
  /** Field separator; default ',' — or '\t' when the header row has tabs and no commas (TSV). */
  delimiter?: string;
  /** Argument name used in errors (default 'text'). */
  name?: string;
}

const NUM = /^\s*[-+]?(\d+\.?\d*(e[-+]?\d+)?|\.\d+(e[-+]?\d+)?|inf(inity)?|nan)\s*$/i;

/**
 * Parses CSV (RFC 4180: quoted fields with `""` escapes, separators and newlines inside quotes, CRLF or LF)
 * whose first row is the header. A column whose non-empty cells are all numbers becomes a Float64Array
 * (empty cells are NaN); any other column stays a string[].
 */
export function parseCSV(text: string, opts: CSVOptions = {}): ColumnTable {
  const name = opts.name ?? 'text';
  const fail = (expected: string, received: string) => new TensorLensError('parse', name, expected, received);
  if (typeof text != 'string') throw new TensorLensError('type', name, 'CSV text', typeof text);
  if (text.charCodeAt(0) == 0xfeff) text = text.slice(1);
  const first = text.slice(0, text.indexOf('\n') >>> 0);
  const sep = opts.delimiter ?? (first.includes('\t') && !first.includes(',') ? '\t' : ',');
  const n = text.length;
  let header: string[] | null = null;
  let cols: string[][] = [];
  let row: string[] = [];
  let r = 1;
  for (let i = 0; i <= n; ) {
    let v: string;
    if (text[i] == '"') {
      v = '';
      for (let j = i + 1; ; ) {
        const q = text.indexOf('"', j);
        if (q < 0) throw fail('a closing quote', `an open quote on row ${r}`);
        v += text.slice(j, q);
        if (text[q + 1] == '"') {
          v += '"';
          j = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
    } else {
      let j = i;
      for (let c; j < n && (c = text[j]) != sep && c != '\n' && c != '\r'; ) j++;
      v = text.slice(i, j);
      i = j;
    }
    row.push(v);
    const c = text[i];
    if (c == sep) {
      i++;
      continue;
    }
    if (i < n && c != '\n' && c != '\r') throw fail(`'${sep}' or a newline after a quoted field`, `${JSON.stringify(c)} on row ${r}`);
    i += c == '\r' && text[i + 1] == '\n' ? 2 : 1;
    if (!header) {
      header = row.map((h) => h.trim());
      cols = header.map(() => []);
    } else if (row.length > 1 || row[0]) {
      if (row.length != cols.length) throw fail(`${cols.length} fields (like the header)`, `${row.length} fields on row ${r}`);
      for (let k = 0; k < row.length; k++) cols[k].push(row[k]);
    }
    r++;
    row = [];
    if (i >= n) break;
  }
  if (!header || (header.length == 1 && !header[0])) throw new TensorLensError('empty', name, 'a header row', 'no text');
  const table: Record<string, ArrayLike<unknown>> = {};
  header.forEach((h, k) => {
    while (h in table) h += '_';
    const c = cols[k];
    let any = 0;
    for (const s of c) if (s.trim() && (any = 1) && !NUM.test(s)) return (table[h] = c);
    if (!any) return (table[h] = c);
    const f = new Float64Array(c.length);
    for (let m = 0, s; m < c.length; m++) {
      const x = (f[m] = (s = c[m]).trim() ? +s : NaN);
      if (x != x && /inf/i.test(s)) f[m] = s.includes('-') ? -Infinity : Infinity;
    }
    table[h] = f;
  });
  return makeTable(table, name);
}
