import { fail } from './errors';
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
 * whose first row is the header; blank lines are skipped. A column whose non-empty cells are all numbers
 * (`inf`, `nan` included) becomes a Float64Array (empty cells are NaN); any other column stays a string[].
 */
export function parseCSV(text: string, opts: CSVOptions = {}): ColumnTable {
  const name = opts.name ?? 'text';
  if (typeof text != 'string') throw fail('type', name, 'CSV text', text);
  const first = text.slice(0, text.indexOf('\n') >>> 0);
  const sep = opts.delimiter ?? (/\t/.test(first) && !/,/.test(first) ? '\t' : ',');
  const n = text.length;
  let header: string[] | undefined;
  let cols: string[][] = [];
  let row: string[] = [];
  let r = 1;
  const bad = (expected: string, received: string) => fail('parse', name, expected, received + ' on row ' + r);
  for (let i = text.charCodeAt(0) == 0xfeff ? 1 : 0; i <= n; ) {
    let v = '';
    let c = text[i];
    if (c == '"') {
      for (let j = i + 1; ; ) {
        const q = text.indexOf('"', j);
        if (q < 0) throw bad('a closing quote', 'an open quote');
        v += text.slice(j, q);
        i = q + 1;
        if (text[i] != '"') break;
        v += '"';
        j = i + 1;
      }
    } else {
      const j = i;
      while (i < n && (c = text[i]) != sep && c != '\n' && c != '\r') i++;
      v = text.slice(j, i);
    }
    row.push(v);
    c = text[i];
    if (c == sep) {
      i++;
      continue;
    }
    if (i < n && c != '\n' && c != '\r') throw bad(`'${sep}' or a newline after a quote`, JSON.stringify(c));
    i += c == '\r' && text[i + 1] == '\n' ? 2 : 1;
    if (!header) cols = (header = row).map(() => []);
    else if (row[1] != null || row[0]) {
      if (row.length != cols.length) throw bad(`${cols.length} fields, like the header`, `${row.length}`);
      row.forEach((v, k) => cols[k].push(v));
    }
    r++;
    row = [];
  }
  if (!header?.[0] && !header?.[1]) throw fail('empty', name, 'a header row', 'none');
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
