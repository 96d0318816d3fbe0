import { TensorLensError, describe, fetchResource, parseCSV, type ColumnTable } from '@tensorlens/core';

/**
 * The data an element draws: labels and predictions of N examples, or a ready C×C matrix.
 * `classes` names the classes (index i ↔ classes[i]); without it, the chart derives names.
 */
export interface ConfusionData {
  yTrue?: ArrayLike<number> | string[];
  yPred?: ArrayLike<number> | string[];
  matrix?: number[][] | { data: ArrayLike<number>; shape: [number, number] };
  classes?: string[];
  sampleWeight?: ArrayLike<number>;
}

/** A failed fetch of `src` (network error or HTTP status that is not 2xx). */
export class LoadError extends Error {
  override readonly name = 'LoadError';
  constructor(
    readonly url: string,
    readonly status: number | null,
    message: string,
  ) {
    super(message);
  }
}

/** How a data file is fetched. */
export interface LoadOptions {
  /** Aborts the fetch (an element aborts it when `src` changes or the element is removed). */
  signal?: AbortSignal;
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
}

const TRUE_COLUMNS = ['y_true', 'ytrue', 'true', 'label', 'labels', 'target', 'actual'];
const PRED_COLUMNS = ['y_pred', 'ypred', 'pred', 'prediction', 'predictions', 'predicted'];
const WEIGHT_COLUMNS = ['sample_weight', 'weight'];

/**
 * Fetches `url` and reads it as confusion data: JSON (`{yTrue, yPred, classes?}`,
 * `{matrix, classes?}`, or an array of `{y_true, y_pred}` records) or CSV with `y_true,y_pred`
 * columns (class names or integer indices; an optional `sample_weight` column).
 * Rejects with LoadError for HTTP/network failures, TensorLensError for content it cannot read,
 * and an AbortError when `signal` aborts.
 */
export async function loadConfusionData(url: string | URL, options: LoadOptions = {}): Promise<ConfusionData> {
  const f = options.fetch ?? fetch;
  const href = String(url);
  let res: Response;
  try {
    res = await fetchResource(href, { signal: options.signal, credentials: 'same-origin' }, f);
  } catch (e) {
    if (isAbort(e)) throw e;
    throw new LoadError(href, null, `Could not load ${href}: ${(e as Error)?.message ?? String(e)}`);
  }
  if (!res.ok) throw new LoadError(href, res.status, `Could not load ${href}: HTTP ${res.status}${res.statusText ? ' ' + res.statusText : ''}`);
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  return parseConfusionText(text, guessFormat(href, type, text));
}

/** `json` or `csv`, from the URL's extension, the content type, then the first character. */
export function guessFormat(url: string, contentType: string, text: string): 'json' | 'csv' {
  const path = url.split(/[?#]/)[0].toLowerCase();
  if (path.endsWith('.json')) return 'json';
  if (path.endsWith('.csv') || path.endsWith('.tsv') || path.endsWith('.txt')) return 'csv';
  if (/json/i.test(contentType)) return 'json';
  if (/csv|tab-separated/i.test(contentType)) return 'csv';
  const first = text.trimStart()[0];
  return first === '{' || first === '[' ? 'json' : 'csv';
}

/** Parses CSV or JSON text into ConfusionData (see loadConfusionData). */
export function parseConfusionText(text: string, format: 'json' | 'csv'): ConfusionData {
  if (format === 'json') {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new TensorLensError('parse', 'src', 'JSON text', describe(text), (e as Error).message);
    }
    return fromJSON(value);
  }
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0);
  const delimiter = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
  return fromTable(parseCSV(text, { delimiter }));
}

/** Reads a parsed JSON value: `{yTrue, yPred}`, `{y_true, y_pred}`, `{matrix}`, or an array of records. */
export function fromJSON(value: unknown): ConfusionData {
  if (Array.isArray(value)) {
    if (value.length && typeof value[0] === 'object' && value[0] !== null && !Array.isArray(value[0])) {
      const columns: Record<string, unknown[]> = {};
      for (const key of Object.keys(value[0] as object)) columns[key] = value.map((r) => (r as Record<string, unknown>)[key]);
      return fromColumns(columns, 'src');
    }
    throw new TensorLensError('type', 'src', 'an object {yTrue, yPred} or {matrix}, or an array of {y_true, y_pred} records', describe(value));
  }
  if (value === null || typeof value !== 'object') {
    throw new TensorLensError('type', 'src', 'an object {yTrue, yPred} or {matrix}', describe(value));
  }
  const o = value as Record<string, unknown>;
  const classes = o.classes;
  if (classes !== undefined && !(Array.isArray(classes) && classes.every((c) => typeof c === 'string' || typeof c === 'number'))) {
    throw new TensorLensError('type', 'src.classes', 'an array of class names', describe(classes));
  }
  const names = classes ? (classes as unknown[]).map(String) : undefined;
  if (o.matrix !== undefined) {
    return names ? { matrix: o.matrix as ConfusionData['matrix'], classes: names } : { matrix: o.matrix as ConfusionData['matrix'] };
  }
  const data = fromColumns(o, 'src');
  if (names) data.classes = names;
  return data;
}

function fromTable(table: ColumnTable): ConfusionData {
  return fromColumns(table.columns as Record<string, ArrayLike<unknown>>, 'src');
}

function findColumn(columns: Record<string, ArrayLike<unknown>>, candidates: string[]): string | undefined {
  const keys = Object.keys(columns);
  const norm = (k: string) => k.trim().toLowerCase().replace(/[\s-]/g, '_');
  for (const c of candidates) {
    const hit = keys.find((k) => norm(k) === c || norm(k).replace(/_/g, '') === c.replace(/_/g, ''));
    if (hit) return hit;
  }
  return undefined;
}

function fromColumns(columns: Record<string, unknown>, arg: string): ConfusionData {
  const cols = columns as Record<string, ArrayLike<unknown>>;
  const t = findColumn(cols, TRUE_COLUMNS);
  const p = findColumn(cols, PRED_COLUMNS);
  if (!t || !p) {
    throw new TensorLensError(
      'type',
      arg,
      'columns y_true and y_pred (or yTrue/yPred, or a matrix)',
      `columns ${Object.keys(columns).map((k) => JSON.stringify(k)).join(', ') || '(none)'}`,
    );
  }
  const yt = cols[t];
  const yp = cols[p];
  if (!isArrayLike(yt) || !isArrayLike(yp)) throw new TensorLensError('type', `${arg}.${isArrayLike(yt) ? p : t}`, 'an array of labels', describe(isArrayLike(yt) ? yp : yt));
  const numeric = allNumeric(yt) && allNumeric(yp);
  const out: ConfusionData = numeric
    ? { yTrue: toNumbers(yt), yPred: toNumbers(yp) }
    : { yTrue: Array.from(yt, (v) => String(v)), yPred: Array.from(yp, (v) => String(v)) };
  const w = findColumn(cols, WEIGHT_COLUMNS);
  if (w && isArrayLike(cols[w]) && allNumeric(cols[w])) out.sampleWeight = toNumbers(cols[w]);
  return out;
}

const isArrayLike = (x: unknown): x is ArrayLike<unknown> =>
  Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView));

function allNumeric(a: ArrayLike<unknown>): boolean {
  if (ArrayBuffer.isView(a)) return true;
  for (let i = 0; i < a.length; i++) if (typeof a[i] !== 'number') return false;
  return true;
}

function toNumbers(a: ArrayLike<unknown>): ArrayLike<number> {
  return ArrayBuffer.isView(a) ? (a as ArrayLike<number>) : Float64Array.from(a as ArrayLike<number>);
}

function isAbort(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { name?: string }).name === 'AbortError';
}
