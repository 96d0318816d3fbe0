import { TensorLensError, describe, fail, fetchResource, fromArrow, makeTable, parseCSV, type ArrowTableLike, type ColumnTable } from '@tensorlens/core';
import { LoadError } from './load';

/**
 * Loaders for embeddings and point tables: the TensorBoard Embedding Projector's own files
 * (tensor TSV + metadata TSV), CSV, JSON and Apache Arrow IPC.
 *
 * Arrow: apache-arrow is a large library, so tensorlens never bundles it. Register its reader
 * once (`setArrowReader(tableFromIPC)` or `TlEmbeddingProjector.arrowReader = tableFromIPC`)
 * and `.arrow` / `.feather` / `.ipc` files (or any body starting with Arrow's magic bytes) load;
 * without a reader they fail with a TensorLensError that says how to register one.
 */

/** A `[N, D]` float matrix, row-major. */
export interface EmbeddingMatrix {
  data: Float32Array;
  shape: [number, number];
}

/** What {@link loadEmbedding} and {@link parseEmbedding} return. */
export interface EmbeddingSource {
  /** The `[N, D]` vectors. */
  embedding: EmbeddingMatrix;
  /** Per-row metadata (labels, classes...), or null. */
  metadata: ColumnTable | null;
  /** The format the vectors were read from. */
  format: EmbeddingFormat;
}

/** The file formats an embedding is read from. */
export type EmbeddingFormat = 'tsv' | 'csv' | 'json' | 'arrow';

/** Reads Arrow IPC bytes into a table; apache-arrow's `tableFromIPC` fits. */
export type ArrowReader = (bytes: Uint8Array) => ArrowTableLike;

let arrowReader: ArrowReader | null = null;

/**
 * Registers the function that reads Arrow IPC bytes (apache-arrow's `tableFromIPC`), or removes it with null.
 * Arrow files fail to load until one is registered: tensorlens does not bundle apache-arrow.
 */
export function setArrowReader(reader: ArrowReader | null): void {
  if (reader !== null && typeof reader !== 'function') throw fail('type', 'reader', "a function such as apache-arrow's tableFromIPC, or null", reader);
  arrowReader = reader;
}

/** The registered Arrow reader, or null. */
export function getArrowReader(): ArrowReader | null {
  return arrowReader;
}

/** Options of {@link loadEmbedding}. */
export interface LoadEmbeddingOptions {
  /** A metadata file (the Projector's metadata TSV, CSV, JSON or Arrow), one row per vector. */
  metadataUrl?: string | URL | null;
  /** Force a format instead of guessing it from the extension, content type and first bytes. */
  format?: EmbeddingFormat;
  /** Table inputs (CSV/JSON records/Arrow): the columns that form the vectors (default: every numeric column not in `metadataFields`). */
  fields?: string[] | null;
  /** Table inputs: numeric columns that are metadata, not vector components (e.g. a numeric label). */
  metadataFields?: string[] | null;
  signal?: AbortSignal;
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
}

/** A fetched body: its bytes, and how to read it. */
interface Fetched {
  url: string;
  bytes: Uint8Array;
  contentType: string;
}

async function fetchBytes(url: string | URL, signal: AbortSignal | undefined, f: typeof fetch): Promise<Fetched> {
  const href = String(url);
  let res: Response;
  try {
    res = await fetchResource(href, { signal, credentials: 'same-origin' }, f);
  } catch (e) {
    if ((e as { name?: string })?.name === 'AbortError') throw e;
    throw new LoadError(href, null, `Could not load ${href}: ${(e as Error)?.message ?? String(e)}`);
  }
  if (!res.ok) throw new LoadError(href, res.status, `Could not load ${href}: HTTP ${res.status}${res.statusText ? ' ' + res.statusText : ''}`);
  return { url: href, bytes: new Uint8Array(await res.arrayBuffer()), contentType: res.headers.get('content-type') ?? '' };
}

/** True when `bytes` start with Arrow's file magic (`ARROW1`) or an IPC stream's continuation marker. */
export function isArrowBytes(bytes: Uint8Array): boolean {
  const magic = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31];
  if (bytes.length >= 6 && magic.every((b, i) => bytes[i] === b)) return true;
  return bytes.length >= 8 && bytes[0] === 0xff && bytes[1] === 0xff && bytes[2] === 0xff && bytes[3] === 0xff;
}

/** The format of a body, from the URL's extension, then the content type, then the first bytes. */
export function guessEmbeddingFormat(url: string, contentType: string, bytes: Uint8Array): EmbeddingFormat {
  const path = url.split(/[?#]/)[0].toLowerCase();
  const ext = path.slice(path.lastIndexOf('.') + 1);
  if (ext === 'arrow' || ext === 'feather' || ext === 'ipc' || ext === 'arrows') return 'arrow';
  if (ext === 'json') return 'json';
  if (ext === 'csv') return 'csv';
  if (ext === 'tsv' || ext === 'tab' || ext === 'txt' || ext === 'bytes') return 'tsv';
  if (/arrow/i.test(contentType) || isArrowBytes(bytes)) return 'arrow';
  if (/json/i.test(contentType)) return 'json';
  if (/csv/i.test(contentType)) return 'csv';
  if (/tab-separated/i.test(contentType)) return 'tsv';
  let i = 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09 || bytes[i] === 0xef || bytes[i] === 0xbb || bytes[i] === 0xbf)) i++;
  if (bytes[i] === 0x7b || bytes[i] === 0x5b) return 'json';
  // Tabs before the first newline: TSV; else CSV.
  for (let j = i; j < bytes.length && bytes[j] !== 0x0a; j++) if (bytes[j] === 0x09) return 'tsv';
  return 'csv';
}

const decode = (bytes: Uint8Array) => new TextDecoder('utf-8').decode(bytes);

/**
 * Fetches an embedding (and, with `metadataUrl`, its metadata) and reads it:
 * - **tsv**: the Projector's tensor file — one row per vector, tab-separated numbers, no header;
 * - **csv**, **json**, **arrow**: a table whose numeric columns are the vector components (see `fields`),
 *   its other columns metadata; JSON may also be `number[][]`, `{shape, data}` (numbers or base64 Float32)
 *   or `{embedding, metadata}`.
 *
 * Rejects with LoadError for HTTP/network failures, TensorLensError for content it cannot read
 * ('shape' naming the line for ragged rows, 'length' when metadata rows differ), AbortError on abort.
 */
export async function loadEmbedding(url: string | URL, options: LoadEmbeddingOptions = {}): Promise<EmbeddingSource> {
  const f = options.fetch ?? fetch;
  const [main, meta] = await Promise.all([
    fetchBytes(url, options.signal, f),
    options.metadataUrl ? fetchBytes(options.metadataUrl, options.signal, f) : null,
  ]);
  const format = options.format ?? guessEmbeddingFormat(main.url, main.contentType, main.bytes);
  const source = parseEmbedding(main.bytes, format, options);
  if (meta) {
    const metadata = parseMetadata(meta.bytes, guessEmbeddingFormat(meta.url, meta.contentType, meta.bytes), {
      name: 'metadata-src',
      rows: source.embedding.shape[0],
    });
    source.metadata = metadata;
  }
  return source;
}

/** Reads an embedding from text or bytes in a known format (see {@link loadEmbedding}). */
export function parseEmbedding(
  body: string | Uint8Array,
  format: EmbeddingFormat,
  options: Pick<LoadEmbeddingOptions, 'fields' | 'metadataFields'> & { name?: string } = {},
): EmbeddingSource {
  const name = options.name ?? 'src';
  if (format === 'tsv') return { embedding: parseTensorTSV(asText(body), name), metadata: null, format };
  if (format === 'arrow') {
    const table = readArrow(asBytes(body), name);
    return { ...splitTable(table, options, name), format };
  }
  if (format === 'csv') {
    const table = parseCSV(asText(body), { name, delimiter: ',' });
    return { ...splitTable(table, options, name), format };
  }
  if (format === 'json') return { ...fromEmbeddingJSON(parseJSONText(asText(body), name), options, name), format };
  throw fail('option', 'format', '"tsv", "csv", "json" or "arrow"', format);
}

const asText = (body: string | Uint8Array) => (typeof body === 'string' ? body : decode(body));
const asBytes = (body: string | Uint8Array) => (typeof body === 'string' ? new TextEncoder().encode(body) : body);

function parseJSONText(text: string, name: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw fail('parse', name, 'JSON text', text, (e as Error).message);
  }
}

function readArrow(bytes: Uint8Array, name: string): ColumnTable {
  if (!arrowReader) {
    throw new TensorLensError(
      'type',
      name,
      "an Arrow reader: call setArrowReader(tableFromIPC) (or set TlEmbeddingProjector.arrowReader) with apache-arrow's tableFromIPC",
      'Arrow IPC bytes and no reader registered',
    );
  }
  let table: ArrowTableLike;
  try {
    table = arrowReader(bytes);
  } catch (e) {
    throw fail('parse', name, 'Arrow IPC data', `${bytes.length} bytes`, (e as Error)?.message);
  }
  return fromArrow(table, name);
}

/**
 * Parses the Embedding Projector's tensor TSV: one row per vector, tab-separated numbers, no header.
 * Blank lines (a trailing newline) are skipped; CRLF is accepted. A row with another number of values
 * than the first is a 'shape' error naming its line; a value that is not a number is a 'parse' error
 * naming line and column. Stores the values as Float32 (no per-row arrays are kept).
 */
export function parseTensorTSV(text: string, name = 'src'): EmbeddingMatrix {
  if (typeof text !== 'string') throw fail('type', name, 'tensor TSV text', text);
  let cap = 1024;
  let data = new Float32Array(cap);
  let len = 0;
  let dims = -1;
  let rows = 0;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 0;
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    line++;
    let stop = end;
    if (stop > pos && text.charCodeAt(stop - 1) === 13) stop--;
    if (text.slice(pos, stop).trim() !== '') {
      let count = 0;
      let start = pos;
      for (;;) {
        let tab = text.indexOf('\t', start);
        if (tab < 0 || tab > stop) tab = stop;
        const cell = text.slice(start, tab);
        const v = cell.trim() === '' ? NaN : Number(cell);
        if (Number.isNaN(v) && !/^\s*nan\s*$/i.test(cell)) {
          throw fail('parse', name, 'a number', cell === '' ? 'an empty cell' : describe(cell), `line ${line}, column ${count + 1}`);
        }
        if (len === cap) {
          const grown = new Float32Array((cap *= 2));
          grown.set(data);
          data = grown;
        }
        data[len++] = v;
        count++;
        if (tab >= stop) break;
        start = tab + 1;
      }
      if (dims < 0) dims = count;
      else if (count !== dims) throw fail('shape', name, `${dims} values on every line (like line 1)`, `${count} on line ${line}`);
      rows++;
    }
    pos = end + 1;
  }
  if (!rows) throw fail('empty', name, 'at least one row of numbers', 'none');
  return { data: len === cap ? data : data.slice(0, len), shape: [rows, dims] };
}

/** Splits a line of TSV into cells (the Projector's format has no quoting). */
function lines(text: string): string[] {
  const out = text.replace(/^\ufeff/, '').split(/\r?\n/);
  while (out.length && out[out.length - 1].trim() === '') out.pop();
  return out;
}

/**
 * Parses the Embedding Projector's metadata TSV. With several columns the first line is the header.
 * With a single column the Projector writes no header; when `rows` (the number of vectors) is given and the
 * file has `rows + 1` lines, the first line is read as a header, else every line is a value (column `label`).
 * Columns whose cells are all numbers become Float64Array; others stay strings. A line with a different
 * number of cells than the header is a 'shape' error naming the line.
 */
export function parseMetadataTSV(text: string, options: { name?: string; rows?: number } = {}): ColumnTable {
  const name = options.name ?? 'metadata-src';
  if (typeof text !== 'string') throw fail('type', name, 'metadata TSV text', text);
  const all = lines(text);
  if (!all.length) throw fail('empty', name, 'metadata rows', 'none');
  const multi = all[0].includes('\t');
  let header: string[];
  let body: string[];
  let first: number;
  if (multi || (options.rows != null && all.length === options.rows + 1)) {
    header = all[0].split('\t').map((h) => h.trim());
    body = all.slice(1);
    first = 2;
  } else {
    header = ['label'];
    body = all;
    first = 1;
  }
  const cols: string[][] = header.map(() => new Array<string>(body.length));
  body.forEach((row, r) => {
    const cells = row.split('\t');
    // The Projector drops trailing empty cells of the last column in some writers: accept fewer cells only when empty.
    if (cells.length !== header.length && !(row.trim() === '' && header.length > 0)) {
      throw fail('shape', name, `${header.length} cells on every line (like the header)`, `${cells.length} on line ${r + first}`);
    }
    for (let k = 0; k < header.length; k++) cols[k][r] = cells[k] ?? '';
  });
  const table: Record<string, ArrayLike<unknown>> = {};
  header.forEach((h, k) => {
    let key = h || `column ${k + 1}`;
    while (key in table) key += '_';
    const c = cols[k];
    table[key] = c.length && c.every((s) => s.trim() !== '' && Number.isFinite(Number(s))) ? Float64Array.from(c, Number) : c;
  });
  const t = makeTable(table, name);
  if (options.rows != null && t.length !== options.rows) {
    throw fail('length', name, `${options.rows} rows (one per vector)`, `${t.length}`);
  }
  return t;
}

function parseMetadata(bytes: Uint8Array, format: EmbeddingFormat, opts: { name: string; rows: number }): ColumnTable {
  let t: ColumnTable;
  if (format === 'tsv') return parseMetadataTSV(decode(bytes), opts);
  if (format === 'arrow') t = readArrow(bytes, opts.name);
  else if (format === 'csv') t = parseCSV(decode(bytes), { name: opts.name, delimiter: ',' });
  else t = metadataFromJSON(parseJSONText(decode(bytes), opts.name), opts.name);
  if (t.length !== opts.rows) throw fail('length', opts.name, `${opts.rows} rows (one per vector)`, `${t.length}`);
  return t;
}

function metadataFromJSON(v: unknown, name: string): ColumnTable {
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x === 'string' || typeof x === 'number')) return makeTable({ label: v as ArrayLike<unknown> }, name);
    return recordsTable(v, name);
  }
  if (v && typeof v === 'object') return makeTable(v as Record<string, ArrayLike<unknown>>, name);
  throw fail('type', name, 'an array of labels or records, or an object of columns', v);
}

function recordsTable(rows: unknown[], name: string): ColumnTable {
  const cols: Record<string, unknown[]> = {};
  rows.forEach((r, i) => {
    if (!r || typeof r !== 'object' || Array.isArray(r)) throw fail('type', `${name}[${i}]`, 'a record', r);
    for (const k in r) (cols[k] ||= new Array(rows.length))[i] = (r as Record<string, unknown>)[k];
  });
  return makeTable(cols, name);
}

/** Decodes base64 little-endian Float32 values. */
export function decodeBase64Float32(b64: string, name = 'data'): Float32Array {
  let bin: string;
  try {
    bin = atob(b64.replace(/\s+/g, ''));
  } catch {
    throw fail('parse', name, 'base64 text', b64);
  }
  if (bin.length % 4) throw fail('shape', name, 'a multiple of 4 bytes (Float32)', `${bin.length} bytes`);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const view = new DataView(bytes.buffer);
  const out = new Float32Array(bin.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

/** Reads a JSON matrix: `number[][]`, or `{shape: [N, D], data: number[] | base64}`. Returns null for other shapes. */
function jsonMatrix(v: unknown, name: string): EmbeddingMatrix | null {
  if (Array.isArray(v) && v.length && Array.isArray(v[0])) {
    const n = v.length;
    const d = (v[0] as unknown[]).length;
    const data = new Float32Array(n * d);
    v.forEach((row, i) => {
      if (!Array.isArray(row) || row.length !== d) {
        throw fail('shape', name, `${d} numbers in every row (like row 0)`, `${Array.isArray(row) ? row.length : describe(row)} in row ${i}`);
      }
      for (let j = 0; j < d; j++) {
        const x = row[j];
        if (typeof x !== 'number') throw fail('dtype', `${name}[${i}][${j}]`, 'a number', x);
        data[i * d + j] = x;
      }
    });
    return { data, shape: [n, d] };
  }
  const o = v as { shape?: unknown; data?: unknown; dims?: unknown; n?: unknown };
  if (o && typeof o === 'object' && !Array.isArray(o) && (typeof o.data === 'string' || Array.isArray(o.data))) {
    let shape = o.shape as number[] | undefined;
    if (!shape && typeof o.n === 'number' && typeof o.dims === 'number') shape = [o.n, o.dims];
    if (!Array.isArray(shape) || shape.length !== 2 || !shape.every((s) => Number.isInteger(s) && s > 0)) {
      throw fail('shape', `${name}.shape`, '[N, D] (or n and dims)', shape === undefined ? 'none' : describe(shape));
    }
    const data = typeof o.data === 'string' ? decodeBase64Float32(o.data, `${name}.data`) : Float32Array.from(o.data as number[]);
    if (data.length !== shape[0] * shape[1]) throw fail('shape', `${name}.data`, `${shape[0] * shape[1]} values ([${shape}])`, `${data.length}`);
    return { data, shape: [shape[0], shape[1]] };
  }
  return null;
}

function fromEmbeddingJSON(v: unknown, options: Pick<LoadEmbeddingOptions, 'fields' | 'metadataFields'>, name: string): Omit<EmbeddingSource, 'format'> {
  const m = jsonMatrix(v, name);
  if (m) {
    const o = v as Record<string, unknown>;
    return { embedding: m, metadata: !Array.isArray(v) && o.metadata ? metadataFromJSON(o.metadata, `${name}.metadata`) : null };
  }
  const o = v as Record<string, unknown>;
  if (o && typeof o === 'object' && !Array.isArray(o) && 'embedding' in o) {
    const e = jsonMatrix(o.embedding, `${name}.embedding`);
    if (!e) throw fail('type', `${name}.embedding`, 'number[][] or {shape, data}', o.embedding);
    const metadata = o.metadata == null ? null : metadataFromJSON(o.metadata, `${name}.metadata`);
    if (metadata && metadata.length !== e.shape[0]) throw fail('length', `${name}.metadata`, `${e.shape[0]} rows (one per vector)`, `${metadata.length}`);
    return { embedding: e, metadata };
  }
  if (Array.isArray(v)) return splitTable(recordsTable(v, name), options, name);
  if (o && typeof o === 'object') return splitTable(makeTable(o as Record<string, ArrayLike<unknown>>, name), options, name);
  throw fail('type', name, 'number[][], {shape, data}, {embedding, metadata}, records or columns', v);
}

/**
 * Splits a table into vectors and metadata: the `fields` columns (default: every numeric column not named in
 * `metadataFields`) are the vector components; every other column is metadata.
 */
export function splitTable(
  table: ColumnTable,
  options: Pick<LoadEmbeddingOptions, 'fields' | 'metadataFields'> = {},
  name = 'src',
): Omit<EmbeddingSource, 'format'> {
  const skip = new Set(options.metadataFields ?? []);
  const fields = options.fields?.length ? options.fields : table.names.filter((k) => typeof table.columns[k][0] !== 'string' && !skip.has(k));
  for (const k of fields) {
    const c = table.columns[k];
    if (!c) throw fail('option', 'fields', `column names of ${name} (${table.names.join(', ')})`, k);
    if (typeof c[0] === 'string') throw fail('dtype', `${name}.${k}`, 'numbers (a vector component)', 'strings');
  }
  if (!fields.length) throw fail('empty', name, 'numeric columns (the vector components)', `columns ${table.names.join(', ') || 'none'}`);
  const n = table.length;
  const d = fields.length;
  const data = new Float32Array(n * d);
  fields.forEach((k, j) => {
    const c = table.columns[k] as ArrayLike<number>;
    for (let i = 0; i < n; i++) data[i * d + j] = c[i];
  });
  const rest = table.names.filter((k) => !fields.includes(k));
  const metadata = rest.length ? makeTable(Object.fromEntries(rest.map((k) => [k, table.columns[k]])), name) : null;
  return { embedding: { data, shape: [n, d] }, metadata };
}

/**
 * Fetches a table of points (CSV, JSON records/columns, Arrow, or a tensor TSV whose columns become
 * `x`, `y`, `z`) for `<tl-point-cloud>`.
 */
export async function loadPointTable(url: string | URL, options: Pick<LoadEmbeddingOptions, 'format' | 'signal' | 'fetch'> = {}): Promise<ColumnTable> {
  const body = await fetchBytes(url, options.signal, options.fetch ?? fetch);
  return parsePointTable(body.bytes, options.format ?? guessEmbeddingFormat(body.url, body.contentType, body.bytes));
}

/** Reads a table of points (see {@link loadPointTable}). */
export function parsePointTable(body: string | Uint8Array, format: EmbeddingFormat, name = 'src'): ColumnTable {
  if (format === 'tsv') {
    const text = asText(body);
    const first = text.replace(/^\ufeff/, '').split('\n', 1)[0];
    // A header row (a cell that is not a number) → a TSV table; else the Projector's tensor format.
    if (first.split('\t').some((c) => c.trim() !== '' && Number.isNaN(Number(c)) && !/^\s*nan\s*$/i.test(c))) {
      return parseCSV(text, { name, delimiter: '\t' });
    }
    const m = parseTensorTSV(text, name);
    const [n, d] = m.shape;
    const cols: Record<string, Float32Array> = {};
    for (let j = 0; j < d; j++) {
      const c = new Float32Array(n);
      for (let i = 0; i < n; i++) c[i] = m.data[i * d + j];
      cols[j < 3 ? 'xyz'[j] : `c${j}`] = c;
    }
    return makeTable(cols, name);
  }
  if (format === 'arrow') return readArrow(asBytes(body), name);
  if (format === 'csv') return parseCSV(asText(body), { name, delimiter: ',' });
  if (format === 'json') {
    const v = parseJSONText(asText(body), name);
    if (Array.isArray(v)) return recordsTable(v, name);
    if (v && typeof v === 'object') return makeTable(v as Record<string, ArrayLike<unknown>>, name);
    throw fail('type', name, 'an array of records or an object of columns', v);
  }
  throw fail('option', 'format', '"tsv", "csv", "json" or "arrow"', format);
}
