// TensorBoard's projector_config.pbtxt (and the standalone projector's JSON config) and the files it names: the
// tensor (TSV, or little-endian float32 bytes shaped by tensor_shape), the metadata TSV, the sprite image and the
// bookmarks. Every file is fetched through core's fetchResource (a Content-Security-Policy refusal is explained),
// relative paths resolve against the config's URL, and a missing file or a row-count mismatch is a typed error
// naming the file.
import { TensorLensError, describe, fail, fetchResource, makeTable, type ColumnTable, type OptionCheck } from '@tensorlens/core';
import { parsePbtxt, type PbtxtMessage, type PbtxtValue } from './pbtxt';
import { readBookmarks, type ProjectorBookmark } from './bookmarks';

/** A sprite sheet as the config names it: the image file and the [width, height] of one image in it. */
export interface ProjectorSpriteInfo {
  /** Path of the image (relative to the config, or a URL). */
  imagePath: string;
  /** [width, height] of one image in the sheet, in pixels. */
  singleImageDim: [number, number];
}

/** One embedding of a projector config (TensorBoard's `EmbeddingInfo`, camelCased). */
export interface ProjectorEmbeddingInfo {
  /** The name shown in the "Embedding" picker (`tensor_name`). */
  tensorName: string;
  /** `[N, D]` (`tensor_shape`); required for a binary tensor, checked against a TSV. Null: not given. */
  tensorShape: number[] | null;
  /** The tensor file (`tensor_path`): a TSV of one vector a line, or float32 bytes. Null: in a checkpoint (not readable here). */
  tensorPath: string | null;
  /** The metadata TSV (`metadata_path`), or null. */
  metadataPath: string | null;
  /** Saved views (`bookmarks_path`): a JSON file, TensorBoard's or ours; or null. */
  bookmarksPath: string | null;
  /** The sprite sheet (`sprite`), or null. */
  sprite: ProjectorSpriteInfo | null;
}

/** A projector config: TensorBoard's `ProjectorConfig` with its embeddings, and where its paths resolve. */
export interface ProjectorConfig {
  /** The embeddings, in file order (at least one). */
  embeddings: ProjectorEmbeddingInfo[];
  /** `model_checkpoint_path` (kept for reference; checkpoints are not read in the browser). */
  modelCheckpointPath: string | null;
  /** The URL relative paths resolve against (the config file's URL); null: the document's base URL. */
  baseUrl: string | null;
}

/** Options of {@link loadProjectorConfig} and {@link loadProjectorEmbedding}. */
export interface LoadProjectorConfigOptions {
  /** What relative paths resolve against. Default: the config's URL, else the document's base URL. */
  baseUrl?: string | URL | null;
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Aborts the requests. */
  signal?: AbortSignal;
}

/** Options of {@link loadProjectorEmbedding}. */
export interface LoadProjectorEmbeddingOptions extends LoadProjectorConfigOptions {
  /** Load the sprite image (needs `createImageBitmap`, a browser's). Default true. */
  sprite?: boolean;
}

/** A decoded sprite sheet: the image and the size of one image in it. */
export interface ProjectorSprite {
  /** The whole sheet. */
  image: ImageBitmap;
  /** [width, height] of one image; image i is at column i % columns, row floor(i / columns). */
  singleImageDim: [number, number];
  /** The sheet's URL. */
  url: string;
}

/** One embedding of a config with its files read. */
export interface LoadedProjectorEmbedding {
  /** The config's entry. */
  info: ProjectorEmbeddingInfo;
  /** The `[N, D]` vectors (float32, row-major). */
  embedding: { data: Float32Array; shape: [number, number] };
  /** The metadata table (one row a vector), or null. */
  metadata: ColumnTable | null;
  /** The sprite sheet, or null. */
  sprite: ProjectorSprite | null;
  /** The saved views of `bookmarks_path` (TensorBoard's are converted), or null. */
  bookmarks: ProjectorBookmark[] | null;
}

// ---------------------------------------------------------------------------------------------------------------
// The config

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The last value of a singular field (protobuf text lets a later one win), checked to be a string. */
function str(m: PbtxtMessage, field: string, where: string): string | null {
  const vs = m[field];
  if (!vs?.length) return null;
  const v = vs[vs.length - 1];
  if (typeof v !== 'string') throw fail('type', `${where}.${field}`, 'a quoted string', describe(v));
  return v;
}
function uints(m: PbtxtMessage, field: string, where: string): number[] | null {
  const vs = m[field];
  if (!vs?.length) return null;
  return vs.map((v, i) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw fail('type', `${where}.${field}[${i}]`, 'a non-negative integer', describe(v));
    return v;
  });
}
function sub(m: PbtxtMessage, field: string, where: string): PbtxtMessage | null {
  const vs = m[field];
  if (!vs?.length) return null;
  const v = vs[vs.length - 1] as PbtxtValue;
  if (!isRecord(v)) throw fail('type', `${where}.${field}`, 'a message { … }', describe(v));
  return v as PbtxtMessage;
}

function checkShape(shape: number[] | null, where: string): number[] | null {
  if (shape && (shape.length !== 2 || shape[0] < 1 || shape[1] < 1)) throw fail('shape', where, '[N, D] with N, D ≥ 1 (two tensor_shape values)', `[${shape.join(', ')}]`);
  return shape;
}

function embeddingFromPbtxt(e: PbtxtMessage, where: string): ProjectorEmbeddingInfo {
  const s = sub(e, 'sprite', where);
  let sprite: ProjectorSpriteInfo | null = null;
  if (s) {
    const image = str(s, 'image_path', `${where}.sprite`);
    const dim = uints(s, 'single_image_dim', `${where}.sprite`);
    if (!image) throw fail('empty', `${where}.sprite.image_path`, 'the path of the sprite image', 'none');
    if (!dim || dim.length !== 2 || !dim[0] || !dim[1]) throw fail('shape', `${where}.sprite.single_image_dim`, 'two positive values: width and height of one image', dim ? `[${dim.join(', ')}]` : 'none');
    sprite = { imagePath: image, singleImageDim: [dim[0], dim[1]] };
  }
  return {
    tensorName: str(e, 'tensor_name', where) ?? '',
    tensorShape: checkShape(uints(e, 'tensor_shape', where), `${where}.tensor_shape`),
    tensorPath: str(e, 'tensor_path', where),
    metadataPath: str(e, 'metadata_path', where),
    bookmarksPath: str(e, 'bookmarks_path', where),
    sprite,
  };
}

/** The standalone projector's `projector_config.json` (camelCase keys; snake_case accepted too). */
function embeddingFromJSON(e: unknown, where: string): ProjectorEmbeddingInfo {
  if (!isRecord(e)) throw fail('type', where, 'an object (an embedding)', e);
  const pick = (camel: string, snake: string) => (e[camel] !== undefined ? e[camel] : e[snake]);
  const text = (camel: string, snake: string): string | null => {
    const v = pick(camel, snake);
    if (v == null) return null;
    if (typeof v !== 'string') throw fail('type', `${where}.${camel}`, 'a string', v);
    return v;
  };
  const nums = (v: unknown, field: string): number[] | null => {
    if (v == null) return null;
    if (!Array.isArray(v) || !v.every((x) => Number.isInteger(x) && x >= 0)) throw fail('type', field, 'an array of non-negative integers', v);
    return v as number[];
  };
  const s = pick('sprite', 'sprite');
  let sprite: ProjectorSpriteInfo | null = null;
  if (s != null) {
    if (!isRecord(s)) throw fail('type', `${where}.sprite`, 'an object { imagePath, singleImageDim }', s);
    const image = s.imagePath ?? s.image_path;
    const dim = nums(s.singleImageDim ?? s.single_image_dim, `${where}.sprite.singleImageDim`);
    if (typeof image !== 'string' || !image) throw fail('type', `${where}.sprite.imagePath`, 'the path of the sprite image', image);
    if (!dim || dim.length !== 2 || !dim[0] || !dim[1]) throw fail('shape', `${where}.sprite.singleImageDim`, 'two positive values: width and height of one image', dim ? `[${dim.join(', ')}]` : 'none');
    sprite = { imagePath: image, singleImageDim: [dim[0], dim[1]] };
  }
  return {
    tensorName: text('tensorName', 'tensor_name') ?? '',
    tensorShape: checkShape(nums(pick('tensorShape', 'tensor_shape'), `${where}.tensorShape`), `${where}.tensorShape`),
    tensorPath: text('tensorPath', 'tensor_path'),
    metadataPath: text('metadataPath', 'metadata_path'),
    bookmarksPath: text('bookmarksPath', 'bookmarks_path'),
    sprite,
  };
}

/** Unnamed embeddings get "Embedding 1", "Embedding 2"…; names are made unique for the picker. */
function nameEmbeddings(list: ProjectorEmbeddingInfo[]): ProjectorEmbeddingInfo[] {
  const seen = new Set<string>();
  return list.map((e, i) => {
    let name = e.tensorName || `Embedding ${i + 1}`;
    while (seen.has(name)) name += ` (${i + 1})`;
    seen.add(name);
    return { ...e, tensorName: name };
  });
}

/**
 * Reads a projector config from text: TensorBoard's `projector_config.pbtxt` (protobuf text format, see
 * {@link parsePbtxt}) or the standalone projector's `projector_config.json`. Fields it does not know are ignored
 * (TensorBoard's later additions); a field of the wrong kind is a `TensorLensError` naming it
 * (`config.embeddings[1].tensor_shape[0]`), a syntax error names line and column.
 *
 * @param text the file's text
 * @param options `name`: what errors call the input (default `'config'`); `baseUrl`: recorded in the result
 */
export function parseProjectorConfig(text: string, options: { name?: string; baseUrl?: string | null } = {}): ProjectorConfig {
  const name = options.name ?? 'config';
  if (typeof text !== 'string') throw fail('type', name, 'the text of projector_config.pbtxt', text);
  const trimmed = text.replace(/^\ufeff/, '').trimStart();
  let embeddings: ProjectorEmbeddingInfo[];
  let modelCheckpointPath: string | null;
  // A protobuf text message never starts with '{' (its top level is a list of fields): that is the JSON config.
  if (trimmed.startsWith('{')) {
    let v: unknown;
    try {
      v = JSON.parse(trimmed);
    } catch (e) {
      throw fail('parse', name, 'projector config JSON or protobuf text', describe(trimmed), (e as Error).message);
    }
    if (!isRecord(v)) throw fail('type', name, 'a projector config object', v);
    const list = v.embeddings;
    if (!Array.isArray(list)) throw fail('type', `${name}.embeddings`, 'an array of embeddings', list);
    embeddings = list.map((e, i) => embeddingFromJSON(e, `${name}.embeddings[${i}]`));
    const ckpt = v.modelCheckpointPath ?? v.model_checkpoint_path;
    modelCheckpointPath = typeof ckpt === 'string' ? ckpt : null;
  } else {
    const m = parsePbtxt(text, name);
    embeddings = (m.embeddings ?? []).map((e, i) => {
      if (!isRecord(e)) throw fail('type', `${name}.embeddings[${i}]`, 'a message { … }', describe(e));
      return embeddingFromPbtxt(e as PbtxtMessage, `${name}.embeddings[${i}]`);
    });
    modelCheckpointPath = str(m, 'model_checkpoint_path', name);
  }
  if (!embeddings.length) throw fail('empty', `${name}.embeddings`, 'at least one embedding', 'none');
  return { embeddings: nameEmbeddings(embeddings), modelCheckpointPath, baseUrl: options.baseUrl ?? null };
}

const documentBase = (): string | undefined => (typeof document !== 'undefined' ? document.baseURI : undefined);

/** `path` resolved against `base` (then the document's URL). */
export function resolvePath(path: string, base: string | null | undefined): string {
  try {
    return new URL(path, base ?? documentBase()).href;
  } catch {
    throw fail('option', 'path', 'a URL or a path relative to the config', path);
  }
}

/** The typed error of a file that could not be fetched (network, CSP refusal or HTTP status), naming it. */
export class ProjectorFileError extends TensorLensError {
  /** The URL that failed. */
  readonly url: string;
  /** The HTTP status, or null for a network / policy failure. */
  readonly status: number | null;
  constructor(argument: string, url: string, status: number | null, reason: string) {
    super('type', argument, `a readable file at ${url}`, reason);
    this.url = url;
    this.status = status;
  }
}

async function fetchFile(url: string, argument: string, options: LoadProjectorConfigOptions): Promise<Response> {
  let res: Response;
  try {
    res = await fetchResource(url, { signal: options.signal ?? undefined, credentials: 'same-origin' }, options.fetch ?? fetch);
  } catch (e) {
    if ((e as { name?: string })?.name === 'AbortError') throw e;
    throw new ProjectorFileError(argument, url, null, (e as Error)?.message ?? String(e));
  }
  if (!res.ok) throw new ProjectorFileError(argument, url, res.status, `HTTP ${res.status}${res.statusText ? ' ' + res.statusText : ''}`);
  return res;
}

/**
 * Loads a projector config: `source` is the URL of `projector_config.pbtxt` (or of the standalone projector's JSON
 * config), or a config object already parsed (returned with its `baseUrl` filled in). Relative paths in it resolve
 * against the config's URL (or `options.baseUrl`). Rejects with a `TensorLensError` naming the file
 * ({@link ProjectorFileError} when it cannot be fetched), or an AbortError.
 */
export async function loadProjectorConfig(source: string | URL | ProjectorConfig, options: LoadProjectorConfigOptions = {}): Promise<ProjectorConfig> {
  if (source != null && typeof source === 'object' && !(source instanceof URL)) {
    if (!Array.isArray((source as ProjectorConfig).embeddings) || !(source as ProjectorConfig).embeddings.length) {
      throw fail('type', 'config', 'a URL of projector_config.pbtxt or a config { embeddings: [...] }', source);
    }
    const cfg = source as ProjectorConfig;
    const embeddings = nameEmbeddings(cfg.embeddings.map((e, i) => embeddingFromJSON(e, `config.embeddings[${i}]`)));
    const base = options.baseUrl != null ? String(options.baseUrl) : (cfg.baseUrl ?? null);
    return { embeddings, modelCheckpointPath: cfg.modelCheckpointPath ?? null, baseUrl: base };
  }
  if (typeof source !== 'string' && !(source instanceof URL)) throw fail('type', 'config', 'a URL of projector_config.pbtxt or a parsed config', source);
  const url = resolvePath(String(source), options.baseUrl != null ? String(options.baseUrl) : undefined);
  const res = await fetchFile(url, 'config', options);
  const text = await res.text();
  return parseProjectorConfig(text, { name: url, baseUrl: options.baseUrl != null ? String(options.baseUrl) : url });
}

/** Check of the projector's `config` option: a URL (string) or a config object with embeddings. */
export const isConfigOption: OptionCheck<unknown> = (value, argument) => {
  if (typeof value === 'string' && value.trim()) return;
  if (value !== null && typeof value === 'object' && Array.isArray((value as ProjectorConfig).embeddings) && (value as ProjectorConfig).embeddings.length) return;
  throw fail('option', argument, 'the URL of projector_config.pbtxt or a config { embeddings: [...] }', value);
};

/** The projector's rule: exactly one of `embedding` and `config`. */
export function checkEmbeddingOrConfig(o: { embedding?: unknown; config?: unknown }): void {
  const hasEmbedding = o.embedding !== undefined && o.embedding !== null;
  const hasConfig = o.config !== undefined && o.config !== null;
  if (hasEmbedding === hasConfig) {
    throw fail('option', hasEmbedding ? 'options.config' : 'options.embedding', hasEmbedding ? 'no config when embedding is given (one of the two)' : "an embedding, or a projector config ('config')", hasEmbedding ? describe(o.config) : 'neither');
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Tensor files

const BINARY_EXTENSIONS = new Set(['bytes', 'bin', 'f32', 'float32', 'raw']);

/** True when a tensor file is the standalone projector's float32 bytes rather than TSV text. */
export function isBinaryTensor(path: string, bytes: Uint8Array, shape: number[] | null): boolean {
  const clean = path.split(/[?#]/)[0].toLowerCase();
  const ext = clean.slice(clean.lastIndexOf('.') + 1);
  if (BINARY_EXTENSIONS.has(ext)) return true;
  if (ext === 'tsv' || ext === 'txt' || ext === 'tab') return false;
  if (!shape || bytes.length !== shape[0] * shape[1] * 4) return false;
  // Text of numbers has only digits, signs, '.', e/E, n/a/i/f/t/y (nan, inf), spaces, tabs and newlines.
  for (let i = 0; i < Math.min(bytes.length, 256); i++) {
    const b = bytes[i];
    if (!((b >= 48 && b <= 57) || b === 9 || b === 10 || b === 13 || b === 32 || b === 43 || b === 45 || b === 46 || /[eEnNaAiIfFtTyY]/.test(String.fromCharCode(b)))) return true;
  }
  return false;
}

/**
 * Reads the standalone projector's binary tensor: little-endian float32 values, row-major, `shape` = `[N, D]` from
 * `tensor_shape`. A byte count other than N × D × 4 is a 'shape' error naming the file.
 */
export function parseTensorBytes(bytes: Uint8Array, shape: number[] | null, name = 'tensor'): { data: Float32Array; shape: [number, number] } {
  if (!shape || shape.length !== 2) throw fail('shape', `${name} (tensor_shape)`, 'tensor_shape [N, D] for a binary tensor', shape ? `[${shape.join(', ')}]` : 'none');
  const [n, d] = shape;
  if (bytes.length !== n * d * 4) throw fail('shape', name, `${n * d * 4} bytes (${n} × ${d} float32 values, tensor_shape)`, `${bytes.length} bytes`);
  const data = new Float32Array(n * d);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < data.length; i++) data[i] = view.getFloat32(i * 4, true);
  return { data, shape: [n, d] };
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];
const textOf = (bytes: Uint8Array, from: number, to: number) => new TextDecoder().decode(bytes.subarray(from, to));

/**
 * Parses a tensor TSV (TensorBoard's `tensor_path` file): one vector a line, values separated by tabs, no header.
 * Blank lines are skipped, CRLF is accepted. Numbers are read straight from the bytes (no string per value; plain
 * decimals are exact, anything unusual — `1e5`, `nan`, `inf`, long mantissas — goes through `Number`). A line with
 * another count of values than the first is a 'shape' error naming the line; a value that is not a number is a
 * 'parse' error naming line and column.
 */
export function parseTensorTSV(body: string | Uint8Array, name = 'tensor'): { data: Float32Array; shape: [number, number] } {
  // Checked by shape, not instanceof: bytes may come from another realm (a worker, an iframe, Node's TextEncoder).
  if (typeof body !== 'string' && !(ArrayBuffer.isView(body) && (body as Uint8Array).BYTES_PER_ELEMENT === 1)) throw fail('type', name, 'tensor TSV text or bytes', body);
  const bytes: Uint8Array = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  return readTensorBytes(bytes, name);
}

/** The single pass of {@link parseTensorTSV}: each byte is looked at once on the fast path. */
function readTensorBytes(input: Uint8Array, name: string): { data: Float32Array; shape: [number, number] } {
  // A final newline as sentinel: every inner loop stops at byte 10, so none reads past the end (V8 deoptimises
  // out-of-bounds reads of typed arrays).
  let bytes = input;
  if (bytes.length && bytes[bytes.length - 1] !== 10) {
    bytes = new Uint8Array(input.length + 1);
    bytes.set(input);
    bytes[input.length] = 10;
  }
  const len = bytes.length;
  let cap = 1 << 16;
  let out = new Float32Array(cap);
  let count = 0;
  let dims = -1;
  let rows = 0;
  let line = 1;
  let col = 0;
  let i = len >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let lineStart = true;
  const endRow = () => {
    if (dims < 0) dims = col;
    else if (col !== dims) throw fail('shape', name, `${dims} values on every line (like line 1)`, `${col} on line ${line}`);
    rows++;
    col = 0;
  };
  while (i < len) {
    if (lineStart) {
      // Skip a blank line (spaces, tabs, CR only).
      let k = i;
      while (k < len && (bytes[k] === 32 || bytes[k] === 9 || bytes[k] === 13)) k++;
      if (k >= len) break;
      if (bytes[k] === 10) {
        i = k + 1;
        line++;
        continue;
      }
      lineStart = false;
    }
    // One cell from i.
    const cellStart = i;
    while (i < len && bytes[i] === 32) i++;
    let neg = false;
    if (bytes[i] === 45 || bytes[i] === 43) neg = bytes[i++] === 45;
    let mant = 0;
    let digits = 0;
    let frac = 0;
    let seen = false;
    let b = bytes[i];
    while (b >= 48 && b <= 57) {
      mant = mant * 10 + (b - 48);
      if (mant) digits++;
      seen = true;
      b = bytes[++i];
    }
    if (b === 46) {
      b = bytes[++i];
      while (b >= 48 && b <= 57) {
        mant = mant * 10 + (b - 48);
        if (mant) digits++;
        frac++;
        seen = true;
        b = bytes[++i];
      }
    }
    while (b === 32) b = bytes[++i];
    let v: number;
    if (seen && digits <= 15 && frac <= 22 && (i >= len || b === 9 || b === 10 || b === 13)) {
      v = frac ? mant / POW10[frac] : mant;
      if (neg) v = -v;
    } else {
      // Anything else (exponents, nan, inf, long mantissas, junk): the cell's text through Number.
      let e = i;
      while (e < len && bytes[e] !== 9 && bytes[e] !== 10 && bytes[e] !== 13) e++;
      const text = textOf(bytes, cellStart, e).trim();
      v = Number(text);
      if (/^[+-]?inf$/i.test(text)) v = text[0] === '-' ? -Infinity : Infinity;
      else if (Number.isNaN(v) && !/^[+-]?nan$/i.test(text)) {
        throw fail('parse', name, 'a number', text ? describe(text) : 'an empty cell', `line ${line}, column ${col + 1}`);
      } else if (text === '') throw fail('parse', name, 'a number', 'an empty cell', `line ${line}, column ${col + 1}`);
      i = e;
      b = bytes[i];
    }
    if (count === cap) {
      const grown = new Float32Array((cap *= 2));
      grown.set(out);
      out = grown;
    }
    out[count++] = v;
    col++;
    if (b === 9) {
      i++;
      continue;
    }
    // End of line (CR LF, LF) or of the text.
    if (b === 13) b = bytes[++i];
    if (i < len && b !== 10) throw fail('parse', name, 'a tab or the end of the line after a number', describe(textOf(bytes, i, Math.min(len, i + 8))), `line ${line}, column ${col}`);
    endRow();
    i++;
    line++;
    lineStart = true;
  }
  if (col) endRow();
  if (!rows) throw fail('empty', name, 'at least one line of numbers', 'none');
  return { data: count === cap ? out : out.slice(0, count), shape: [rows, dims] };
}

/**
 * Parses a metadata TSV by TensorBoard's rule: when the first non-blank line has a tab (more than one column), it
 * is the header; with one column there is no header and the column is called `label`. Blank lines are skipped (as
 * TensorBoard does). A column whose non-empty cells are all numbers becomes a Float64Array (empty cells NaN);
 * others stay strings. With `rows`, another row count is a 'length' error naming the file and both counts.
 */
export function parseMetadataTSV(body: string | Uint8Array, options: { name?: string; rows?: number } = {}): ColumnTable {
  const name = options.name ?? 'metadata';
  const text = typeof body === 'string' ? body : new TextDecoder().decode(body);
  if (typeof text !== 'string') throw fail('type', name, 'metadata TSV text', body);
  const lines = text.replace(/^\ufeff/, '').split('\n');
  let header: string[] | null = null;
  const cells: string[][] = [];
  let width = 1;
  let lineNo = 0;
  for (let raw of lines) {
    lineNo++;
    if (raw.endsWith('\r')) raw = raw.slice(0, -1);
    if (raw.trim() === '') continue;
    if (header === null && cells.length === 0 && raw.includes('\t')) {
      header = raw.split('\t');
      width = header.length;
      continue;
    }
    const row = width === 1 ? [raw] : raw.split('\t');
    if (row.length > width) throw fail('shape', name, `at most ${width} cells on a line (the header's)`, `${row.length} on line ${lineNo}`);
    cells.push(row);
  }
  if (!cells.length) throw fail('empty', name, 'metadata rows', 'none');
  const names = header ?? ['label'];
  const table: Record<string, ArrayLike<unknown>> = Object.create(null) as Record<string, ArrayLike<unknown>>;
  names.forEach((h, k) => {
    let key = h.trim() || `column ${k + 1}`;
    while (key in table) key += '_';
    const col = cells.map((r) => r[k] ?? '');
    let numeric = false;
    for (const s of col) {
      if (s.trim() === '') continue;
      if (!Number.isFinite(Number(s))) {
        numeric = false;
        break;
      }
      numeric = true;
    }
    table[key] = numeric ? Float64Array.from(col, (s) => (s.trim() === '' ? NaN : Number(s))) : col;
  });
  const t = makeTable(table, name);
  if (options.rows != null && t.length !== options.rows) {
    throw fail('length', name, `${options.rows} rows, one per vector of the tensor${header ? ' (after the header line)' : ''}`, `${t.length}`);
  }
  return t;
}

// ---------------------------------------------------------------------------------------------------------------
// One embedding with its files

/** The entry of `config` named `which` (its tensorName) or at index `which`. */
export function findEmbedding(config: ProjectorConfig, which: number | string = 0): ProjectorEmbeddingInfo {
  const list = config.embeddings;
  const info = typeof which === 'number' ? list[which] : list.find((e) => e.tensorName === which);
  if (!info) throw fail('range', 'embedding', `one of the config's embeddings (${list.map((e) => `'${e.tensorName}'`).join(', ')}) or an index below ${list.length}`, describe(which));
  return info;
}

async function loadSprite(info: ProjectorSpriteInfo, url: string, rows: number, options: LoadProjectorConfigOptions): Promise<ProjectorSprite> {
  const argument = 'sprite.image_path';
  const res = await fetchFile(url, argument, options);
  const blob = await res.blob();
  if (typeof createImageBitmap !== 'function') throw fail('type', argument, 'a browser that decodes images (createImageBitmap)', 'none here');
  let image: ImageBitmap;
  try {
    image = await createImageBitmap(blob);
  } catch (e) {
    throw fail('parse', url, 'an image (PNG, JPEG…)', `${blob.size} bytes${blob.type ? ` of ${blob.type}` : ''}`, (e as Error)?.message);
  }
  const [w, h] = info.singleImageDim;
  const fits = Math.floor(image.width / w) * Math.floor(image.height / h);
  if (fits < rows) {
    image.close();
    throw fail('shape', url, `a sheet holding ${rows} images of ${w}×${h} px (single_image_dim)`, `${image.width}×${image.height} px, room for ${fits}`);
  }
  return { image, singleImageDim: [w, h], url };
}

/**
 * Loads one embedding of a config with its files: the tensor (TSV, or float32 bytes shaped by `tensor_shape`),
 * the metadata TSV, the sprite sheet (decoded with `createImageBitmap`) and the bookmarks (TensorBoard's JSON is
 * converted, see {@link readBookmarks}). `which`: the embedding's tensorName or index (default the first).
 *
 * Errors are `TensorLensError`s naming the file: {@link ProjectorFileError} for one that cannot be fetched,
 * 'shape' when the tensor disagrees with `tensor_shape`, 'length' when the metadata has another row count, and
 * 'type' for an entry without `tensor_path` (a tensor inside a checkpoint cannot be read in the browser).
 */
export async function loadProjectorEmbedding(
  config: ProjectorConfig,
  which: number | string = 0,
  options: LoadProjectorEmbeddingOptions = {},
): Promise<LoadedProjectorEmbedding> {
  const info = findEmbedding(config, which);
  const base = options.baseUrl != null ? String(options.baseUrl) : config.baseUrl;
  const where = `embedding '${info.tensorName}'`;
  if (!info.tensorPath) throw fail('type', `${where}.tensor_path`, 'a tensor file (TSV or float32 bytes); tensors inside a checkpoint cannot be read in the browser', 'none');
  const tensorUrl = resolvePath(info.tensorPath, base);
  const metaUrl = info.metadataPath ? resolvePath(info.metadataPath, base) : null;
  const bookmarksUrl = info.bookmarksPath ? resolvePath(info.bookmarksPath, base) : null;
  const [tensorBytes, metaBytes, bookmarkText] = await Promise.all([
    fetchFile(tensorUrl, `${where}.tensor_path`, options).then((r) => r.arrayBuffer()),
    metaUrl ? fetchFile(metaUrl, `${where}.metadata_path`, options).then((r) => r.arrayBuffer()) : null,
    bookmarksUrl ? fetchFile(bookmarksUrl, `${where}.bookmarks_path`, options).then((r) => r.text()) : null,
  ]);
  const bytes = new Uint8Array(tensorBytes);
  const embedding = isBinaryTensor(tensorUrl, bytes, info.tensorShape) ? parseTensorBytes(bytes, info.tensorShape, tensorUrl) : parseTensorTSV(bytes, tensorUrl);
  const shape = info.tensorShape;
  if (shape && (shape[0] !== embedding.shape[0] || shape[1] !== embedding.shape[1])) {
    throw fail('shape', tensorUrl, `[${shape.join(', ')}] (tensor_shape in the config)`, `[${embedding.shape.join(', ')}]`);
  }
  const metadata = metaBytes ? parseMetadataTSV(new Uint8Array(metaBytes), { name: metaUrl!, rows: embedding.shape[0] }) : null;
  const bookmarks = bookmarkText != null ? readBookmarks(bookmarkText, { name: bookmarksUrl!, embedding: info.tensorName }) : null;
  const sprite = info.sprite && options.sprite !== false ? await loadSprite(info.sprite, resolvePath(info.sprite.imagePath, base), embedding.shape[0], options) : null;
  return { info, embedding, metadata, sprite, bookmarks };
}
