// The projector's state as plain JSON (what a bookmark or a URL holds), and its validation. A state is read
// with JSON.parse when given as text and then checked field by field: nothing in it is ever evaluated.
import { TensorLensError, fail } from '@tensorlens/core';
import type { PointCloudCamera } from '@tensorlens/gl';

/** Version of {@link ProjectorState}'s format. */
export const PROJECTOR_STATE_VERSION = 1;

/** The projection methods of the projector: explain's three, and custom axes defined by searches. */
export type ProjectorMethod = 'pca' | 'umap' | 'tsne' | 'custom';

/** A custom projection: four searches over the label column (substring, or "/regex/flags"). */
export interface CustomProjection {
  /** Rows whose mean is the left end of the X axis. */
  left: string;
  /** Rows whose mean is the right end of the X axis. */
  right: string;
  /** Rows whose mean is the top end of the Y axis. */
  up: string;
  /** Rows whose mean is the bottom end of the Y axis. */
  down: string;
}

/** The point cloud's camera as JSON: what its `getCamera()` returns and `setCamera()` takes (2D centre and zoom, or the 3D orbit). */
export type ProjectorCamera = PointCloudCamera;

/**
 * Everything a user set in the projector, as JSON: `JSON.stringify(handle.getState())` is a bookmark, and
 * `handle.setState(validateState(JSON.parse(text)))` restores it. Fields that are absent are left as they are by
 * `setState()`.
 */
export interface ProjectorState {
  /** Format version ({@link PROJECTOR_STATE_VERSION}). */
  version: 1;
  /** The projection. */
  method: ProjectorMethod;
  /** 2 or 3. */
  dims: 2 | 3;
  /** Seed of UMAP/t-SNE. */
  seed?: number;
  /** t-SNE's parameters. */
  tsne?: { perplexity?: number; learningRate?: number | 'auto'; iterations?: number };
  /** UMAP's parameters. */
  umap?: { nNeighbors?: number; minDist?: number; nEpochs?: number };
  /** PCA: the principal components on x, y (and z), 0-based. */
  pca?: { axes?: [number, number] | [number, number, number] };
  /** The searches of a custom projection (null: none set). */
  custom?: CustomProjection | null;
  /** Centre on the mean and scale each vector to unit length before projecting. */
  spherize?: boolean;
  /** Rows the projection was run on (the others hidden); null: all. */
  isolate?: number[] | null;
  /** Colour: a column name or a CSS colour; null: one colour. Absent when colour is given as values. */
  color?: string | null;
  /** Label column; null: row numbers. Absent when labels are given as values. */
  label?: string | null;
  /** The search over the labels (null: none). */
  search?: string | null;
  /** Selected rows (ascending). */
  selection?: number[];
  /** The point cloud's camera (its `getCamera()`), applied once the projection is drawn. */
  camera?: ProjectorCamera;
}

const KEYS = new Set(['version', 'method', 'dims', 'seed', 'tsne', 'umap', 'pca', 'custom', 'spherize', 'isolate', 'color', 'label', 'search', 'selection', 'camera']);
const METHODS: ProjectorMethod[] = ['pca', 'umap', 'tsne', 'custom'];

const bad = (field: string, expected: string, received: unknown): TensorLensError => fail('option', `state.${field}`, expected, received);
const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function finite(v: unknown, field: string, { min = -Infinity, integer = false, exclusiveMin = false } = {}): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || (integer && !Number.isInteger(v)) || v < min || (exclusiveMin && v === min)) {
    throw bad(field, `${integer ? 'an integer' : 'a finite number'}${min > -Infinity ? ` ${exclusiveMin ? '>' : '≥'} ${min}` : ''}`, v);
  }
  return v;
}

function params(v: unknown, field: string, spec: Record<string, (x: unknown, f: string) => unknown>): Record<string, unknown> {
  if (!isPlainObject(v)) throw bad(field, 'an object of parameters', v);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) {
    if (!(k in spec)) throw bad(`${field}.${k}`, `one of ${Object.keys(spec).join(', ')}`, k);
    if (v[k] !== undefined) out[k] = spec[k](v[k], `${field}.${k}`);
  }
  return out;
}

function rows(v: unknown, field: string): number[] {
  if (!Array.isArray(v)) throw bad(field, 'an array of row indices', v);
  const out: number[] = new Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = finite(v[i], `${field}[${i}]`, { min: 0, integer: true });
  return out;
}

const nullableString = (v: unknown, field: string): string | null => {
  if (v !== null && typeof v !== 'string') throw bad(field, 'a string or null', v);
  return v as string | null;
};

/** A JSON value of numbers, strings, booleans, null, arrays and plain objects (depth ≤ 4), copied. */
function jsonValue(v: unknown, field: string, depth = 0): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return finite(v, field);
  if (depth < 4 && Array.isArray(v)) return v.map((x, i) => jsonValue(x, `${field}[${i}]`, depth + 1));
  if (depth < 4 && isPlainObject(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) out[k] = jsonValue(v[k], `${field}.${k}`, depth + 1);
    return out;
  }
  throw bad(field, 'JSON numbers, strings, arrays or objects', v);
}

/**
 * Checks a projector state (an object, or its JSON text, which is parsed and never evaluated) and returns a
 * clean copy holding only the known fields. Throws a `TensorLensError` naming the bad field (`state.tsne.perplexity`,
 * `state.selection[3]`…).
 */
export function validateState(value: unknown): ProjectorState {
  let v = value;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch (e) {
      throw fail('parse', 'state', 'JSON text of a projector state', v, (e as Error).message);
    }
  }
  if (!isPlainObject(v)) throw fail('type', 'state', 'a projector state object', v);
  for (const k of Object.keys(v)) if (!KEYS.has(k)) throw bad(k, `a field of a projector state (${[...KEYS].join(', ')})`, k);
  if (v.version !== PROJECTOR_STATE_VERSION) throw bad('version', String(PROJECTOR_STATE_VERSION), v.version);
  if (!METHODS.includes(v.method as ProjectorMethod)) throw bad('method', METHODS.map((m) => `'${m}'`).join(', '), v.method);
  if (v.dims !== 2 && v.dims !== 3) throw bad('dims', '2 or 3', v.dims);
  const s: ProjectorState = { version: 1, method: v.method as ProjectorMethod, dims: v.dims };
  if (v.seed !== undefined) s.seed = finite(v.seed, 'seed');
  if (v.tsne !== undefined) {
    s.tsne = params(v.tsne, 'tsne', {
      perplexity: (x, f) => finite(x, f, { min: 0, exclusiveMin: true }),
      learningRate: (x, f) => (x === 'auto' ? x : finite(x, f, { min: 0, exclusiveMin: true })),
      iterations: (x, f) => finite(x, f, { min: 1, integer: true }),
    }) as ProjectorState['tsne'];
  }
  if (v.umap !== undefined) {
    s.umap = params(v.umap, 'umap', {
      nNeighbors: (x, f) => finite(x, f, { min: 2, integer: true }),
      minDist: (x, f) => finite(x, f, { min: 0 }),
      nEpochs: (x, f) => finite(x, f, { min: 1, integer: true }),
    }) as ProjectorState['umap'];
  }
  if (v.pca !== undefined) {
    s.pca = params(v.pca, 'pca', {
      axes: (x, f) => {
        const a = rows(x, f);
        if (a.length !== 2 && a.length !== 3) throw bad(f, '2 or 3 component numbers (0-based)', x);
        return a;
      },
    }) as ProjectorState['pca'];
  }
  if (v.custom !== undefined) {
    if (v.custom === null) s.custom = null;
    else {
      if (!isPlainObject(v.custom)) throw bad('custom', 'an object { left, right, up, down } of searches, or null', v.custom);
      const c = v.custom;
      const custom = {} as CustomProjection;
      for (const k of ['left', 'right', 'up', 'down'] as const) {
        if (typeof c[k] !== 'string') throw bad(`custom.${k}`, 'a search (a string)', c[k]);
        custom[k] = c[k] as string;
      }
      for (const k of Object.keys(c)) if (!['left', 'right', 'up', 'down'].includes(k)) throw bad(`custom.${k}`, 'one of left, right, up, down', k);
      s.custom = custom;
    }
  }
  if (v.spherize !== undefined) {
    if (typeof v.spherize !== 'boolean') throw bad('spherize', 'true or false', v.spherize);
    s.spherize = v.spherize;
  }
  if (v.isolate !== undefined) s.isolate = v.isolate === null ? null : rows(v.isolate, 'isolate');
  if (v.color !== undefined) s.color = nullableString(v.color, 'color');
  if (v.label !== undefined) s.label = nullableString(v.label, 'label');
  if (v.search !== undefined) s.search = nullableString(v.search, 'search');
  if (v.selection !== undefined) s.selection = rows(v.selection, 'selection');
  if (v.camera !== undefined) {
    if (!isPlainObject(v.camera)) throw bad('camera', "a camera object (the point cloud's getCamera())", v.camera);
    if (v.camera.view !== '2d' && v.camera.view !== '3d') throw bad('camera.view', "'2d' or '3d'", v.camera.view);
    const view = s.dims === 3 && s.method !== 'custom' ? '3d' : '2d'; // a custom projection is drawn in 2D
    if (v.camera.view !== view) throw bad('camera.view', `'${view}' (the view of the state's method and dims)`, v.camera.view);
    s.camera = jsonValue(v.camera, 'camera') as ProjectorCamera;
  }
  return s;
}
