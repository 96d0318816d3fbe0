// buildActivationAtlas(): checks and reads the inputs on the calling thread, computes a UMAP layout when none is
// given, then bins and aggregates in a worker (or in slices on the calling thread).
import { fail, isTensorLike, isTypedArray, toLabels, toNDArray, TensorLensError, type TypedArray } from '@tensorlens/core';
import { umap } from '../projection';
import { abortError, canUseWorker, copyFloat32, runSliced, runWorkerJob, sendMatrix, withMainThreadFallback } from '../run';
import type { ProjectionProgress } from '../types';
import { atlasFiniteSteps, atlasSteps, type AtlasJobInput, type AtlasJobOptions, type AtlasJobResult, type AtlasJobStep } from './job';
import type { ActivationAtlas, BuildAtlasOptions, BuildAtlasProgress } from './types';

/** Largest grid a level may have (1024 × 1024 cells). */
export const MAX_ATLAS_GRID = 1024;
/** Most top classes kept per cell. */
export const MAX_ATLAS_TOP_K = 8;
/** Most representative examples kept per cell. */
export const MAX_ATLAS_EXAMPLES = 256;

/** Starts the atlas worker (one per build; terminated when it ends or is cancelled). */
function startAtlasWorker(): Worker {
  return new Worker(new URL('./atlas.worker.ts', import.meta.url), { type: 'module' });
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

function intOption(o: Record<string, unknown>, name: string, def: number, min: number, max: number): number {
  const v = o[name];
  if (v === undefined) return def;
  if (!isInt(v) || v < min || v > max) throw fail('range', `options.${name}`, `an integer in ${min}..${max}`, v);
  return v;
}

function checkLevels(levels: unknown): number[] {
  if (!Array.isArray(levels)) throw fail('type', 'options.levels', 'an array of grid sizes, e.g. [20, 40, 80, 160]', levels);
  if (!levels.length) throw fail('empty', 'options.levels', 'at least one grid size', 'an empty array');
  levels.forEach((g, i) => {
    if (!isInt(g) || g < 1 || g > MAX_ATLAS_GRID) throw fail('range', `options.levels[${i}]`, `an integer grid size in 1..${MAX_ATLAS_GRID}`, g);
    if (levels.indexOf(g) !== i) throw fail('option', `options.levels[${i}]`, 'distinct grid sizes', `${g} again (also options.levels[${levels.indexOf(g)}])`);
  });
  return levels.slice();
}

/** A TensorLensError from umap() named after this function's arguments (`data` → activations, `options.x` → layoutOptions.x). */
function renameLayoutError(e: unknown): unknown {
  if (!(e instanceof TensorLensError)) return e;
  const arg = e.argument.replace(/^data(?=$|\[)/, 'activations').replace(/^options\./, 'options.layoutOptions.');
  return arg === e.argument ? e : new TensorLensError(e.code, arg, e.expected, e.received);
}

interface Read {
  raw: TypedArray;
  n: number;
  d: number;
  labels: Int32Array | null;
  attributions: TypedArray | null;
  weights: TypedArray | null;
  bias: TypedArray | null;
  numClasses: number;
  scoreKind: ActivationAtlas['scoreKind'];
  layout: TypedArray | null;
}

/** Reads every array input and checks shapes, lengths and labels against each other. */
async function readInputs(o: BuildAtlasOptions): Promise<Read> {
  const a = await toNDArray(o.activations, { name: 'activations', rank: 2, finite: false, allowEmpty: true });
  const [n, d] = a.shape;
  if (n < 1) throw fail('empty', 'activations', 'at least one example (row)', `shape [${a.shape}]`);
  if (d < 1) throw fail('empty', 'activations', 'at least one activation column', `shape [${a.shape}]`);
  const rows = `${n} rows (one per row of activations)`;

  let layout: TypedArray | null = null;
  if (o.layout !== undefined && o.layout !== 'umap') {
    if (typeof o.layout === 'string') throw fail('option', 'options.layout', "an [N, 2] matrix or 'umap'", o.layout);
    const l = await toNDArray(o.layout, { name: 'layout', rank: 2, finite: false, allowEmpty: true });
    if (l.shape[1] !== 2) throw fail('shape', 'layout', '[N, 2] positions (x, y per row)', `shape [${l.shape}]`);
    if (l.shape[0] !== n) throw fail('length', 'layout', rows, `shape [${l.shape}]`);
    layout = l.data;
  }

  let attributions: TypedArray | null = null, weights: TypedArray | null = null, bias: TypedArray | null = null;
  let C = -1;
  const at = o.attributions as unknown;
  if (at != null) {
    const linear = typeof at === 'object' && 'weights' in at && !isTensorLike(at) && !isTypedArray(at) && !Array.isArray(at);
    if (linear) {
      const lin = at as { weights: unknown; bias?: unknown };
      const w = await toNDArray(lin.weights, { name: 'attributions.weights', rank: 2, finite: false, allowEmpty: true });
      if (w.shape[0] !== d) throw fail('shape', 'attributions.weights', `[${d}, C] (one row per activation column, D = ${d})`, `shape [${w.shape}]`);
      if (w.shape[1] < 1) throw fail('empty', 'attributions.weights', 'at least one class (column)', `shape [${w.shape}]`);
      weights = w.data;
      C = w.shape[1];
      if (lin.bias != null) {
        const b = await toNDArray(lin.bias, { name: 'attributions.bias', rank: 1, allowEmpty: true });
        if (b.shape[0] !== C) throw fail('length', 'attributions.bias', `${C} values (one per class, as attributions.weights has)`, `${b.shape[0]}`);
        bias = b.data;
      }
    } else {
      const m = await toNDArray(at, { name: 'attributions', rank: 2, finite: false, allowEmpty: true });
      if (m.shape[0] !== n) throw fail('length', 'attributions', rows, `shape [${m.shape}]`);
      if (m.shape[1] < 1) throw fail('empty', 'attributions', 'at least one class (column)', `shape [${m.shape}]`);
      attributions = m.data;
      C = m.shape[1];
    }
  }

  let labels: Int32Array | null = null;
  if (o.labels != null) {
    const l = await toLabels(o.labels, { name: 'labels' });
    if (!(l instanceof Int32Array)) throw fail('dtype', 'labels', 'integer class ids', 'strings');
    if (l.length !== n) throw fail('length', 'labels', `${n} labels (one per row of activations)`, `${l.length}`);
    let max = -1;
    for (let i = 0; i < n; i++) {
      const v = l[i];
      if (v < 0) throw fail('range', `labels[${i}]`, 'a class id ≥ 0', v);
      if (C >= 0 && v >= C) throw fail('unknown-class', `labels[${i}]`, `a class id below ${C} (attributions have ${C} classes)`, v);
      if (v > max) max = v;
    }
    labels = l;
    if (C < 0) C = max + 1;
  }

  const names = o.classNames;
  if (names != null) {
    if (!Array.isArray(names) || names.some((s) => typeof s !== 'string')) throw fail('type', 'options.classNames', 'an array of strings', names);
    if (labels && !attributions && !weights) C = Math.max(C, names.length);
    if (names.length < C) throw fail('length', 'options.classNames', `at least ${C} names (one per class)`, `${names.length}`);
  }
  const scoreKind = attributions || weights ? 'attribution' : labels ? 'labels' : 'none';
  return { raw: a.data, n, d, labels, attributions, weights, bias, numClasses: scoreKind === 'none' ? 0 : C, scoreKind, layout };
}

/**
 * Builds an activation atlas (Carter et al., 2019): lays the examples out in 2-D (the given `layout`, or UMAP of the
 * activations), divides the square box around the layout into `g × g` cells for each level `g` in `levels`, and
 * summarises every cell holding at least `minCount` examples: its count, mean activation, members, the examples
 * nearest its mean, and its top classes.
 *
 * - `activations`: `[N, D]` (a tfjs tensor — read, never disposed —, a typed array with `shape`, nested arrays…).
 * - `layout`: `[N, 2]` positions, or `'umap'` (default): {@link umap} of the activations with `layoutOptions`
 *   (metric `'cosine'` and seed 42 unless given), reported as phase `'layout'` and cancelled by `signal`.
 * - Bounds: {@link atlasBounds} (square, centred, the larger extent, a tiny margin); a point's cell at level g is
 *   {@link atlasCellOf}. Cells of a level are its kept cells in ascending grid index (`row * g + col`).
 * - Top classes (`topK`, default 5, at most 8): with `attributions` `[N, C]`, the mean attribution of the cell's
 *   examples; with `{ weights [D, C], bias? [C] }`, mean activation · W (+ b); with `labels` only, the fraction of
 *   the cell's examples with each label present (classes absent from the cell are not listed). Attributions win
 *   over labels (labels are still checked). Ties go to the lower class id; -1 / NaN pad.
 * - Examples (`examplesPerCell`, default 8): the cell's examples nearest its mean activation (euclidean), nearest
 *   first, ties to the lower index; -1 pads.
 * - Cells with fewer than `minCount` (default 3) examples are dropped; `AtlasLevel.dropped` counts their examples.
 *   A level where every cell is dropped is kept, with `cellCount` 0.
 *
 * Runs in a Web Worker by default (inputs copied and transferred in chunks; the result transferred back), or, with
 * `worker: false` or where no Worker exists (Node), on the calling thread in ~20 ms slices that give the event loop
 * turns. `onProgress` gets `{ phase, fraction }` (fraction rising to 1, about every 50 ms). Aborting `signal`
 * terminates the worker and rejects with a DOMException named 'AbortError'.
 *
 * Throws a TensorLensError for bad input: N differing between activations and layout / labels / attributions
 * (`length`), weights without D rows (`shape`), a bias without C values (`length`), a layout not `[N, 2]`
 * (`shape`), NaN/±Infinity in activations, layout or attributions (`nan`, naming `activations[row, col]`), levels
 * empty, non-integer, repeated or outside 1..1024, negative or non-integer labels, labels ≥ C of the attributions
 * (`unknown-class`), classNames shorter than the number of classes, invalid minCount / topK / examplesPerCell, and
 * no examples (`empty`).
 */
export async function buildActivationAtlas(options: BuildAtlasOptions): Promise<ActivationAtlas> {
  if (options === null || typeof options !== 'object') throw fail('type', 'options', 'an options object', options);
  const o = options as BuildAtlasOptions & Record<string, unknown>;
  const signal = o.signal;
  if (signal?.aborted) throw abortError();
  const levels = checkLevels(o.levels);
  const minCount = intOption(o, 'minCount', 3, 1, 2 ** 31 - 1);
  const topK = intOption(o, 'topK', 5, 1, MAX_ATLAS_TOP_K);
  const examplesPerCell = intOption(o, 'examplesPerCell', 8, 0, MAX_ATLAS_EXAMPLES);
  if (o.keepMeans !== undefined && typeof o.keepMeans !== 'boolean') throw fail('type', 'options.keepMeans', 'a boolean', o.keepMeans);
  if (o.layoutOptions != null && typeof o.layoutOptions !== 'object') throw fail('type', 'options.layoutOptions', 'an object of umap() options', o.layoutOptions);
  const useWorker = o.worker !== false && canUseWorker();

  let lastFraction = 0;
  let lastReport = -Infinity;
  let lastPhase = '';
  const report = (p: BuildAtlasProgress, force = false) => {
    if (!o.onProgress) return;
    const now = performance.now();
    // At most one report per 50 ms within a phase, but the start of every phase is reported.
    if (!force && p.phase === lastPhase && now - lastReport < 50) return;
    lastReport = now;
    lastPhase = p.phase;
    lastFraction = Math.max(lastFraction, p.fraction);
    o.onProgress({ ...p, fraction: lastFraction });
  };
  report({ phase: 'read', fraction: 0 }, true);

  const r = await readInputs(o);
  if (signal?.aborted) throw abortError();
  const { n, d } = r;

  // layout
  let layout: Float32Array;
  let start = 0.02;
  if (r.layout) layout = new Float32Array(r.layout);
  else {
    const lo = (o.layoutOptions ?? {}) as Record<string, unknown>;
    // check before the long layout, not after it (in slices: the page keeps its turns)
    await runSliced(atlasFiniteSteps({ ...r, activations: r.raw, layout: null }, r.numClasses), () => {}, signal);
    report({ phase: 'read', fraction: 0.05 }, true);
    start = 0.6;
    try {
      const u = await umap(
        { data: r.raw, shape: [n, d] },
        {
          ...lo,
          metric: (lo.metric as 'cosine' | 'euclidean' | undefined) ?? 'cosine',
          dims: 2,
          signal,
          worker: useWorker,
          onProgress: (p: ProjectionProgress) => report({ phase: 'layout', fraction: 0.05 + 0.55 * p.progress, layout: p }, !!p.positions),
        },
      );
      layout = u.positions;
    } catch (e) {
      throw renameLayoutError(e);
    }
  }

  const job: AtlasJobOptions = { levels, minCount, topK, examplesPerCell, keepMeans: o.keepMeans ?? true, numClasses: r.numClasses, scoreKind: r.scoreKind, checked: !r.layout };
  const onStep = (s: AtlasJobStep) => report({ phase: s.phase, fraction: start + (1 - start) * s.fraction });
  const f32 = (a: TypedArray | null) => (a ? new Float32Array(a) : null);
  const rest = { layout, labels: r.labels ? r.labels.slice() : null, attributions: f32(r.attributions), weights: f32(r.weights), bias: f32(r.bias) };
  // On the calling thread in ~20 ms slices: asked for, no Worker here, or the browser refused it (CSP).
  const here = async () => runSliced(atlasSteps({ ...rest, activations: r.raw instanceof Float32Array ? r.raw : await copyFloat32(r.raw), n, d }, job), onStep, signal);
  const res: AtlasJobResult = useWorker ? await withMainThreadFallback(() => inWorker(r.raw, n, d, rest, job, onStep, signal), here) : await here();
  if (signal?.aborted) throw abortError();
  report({ phase: 'done', fraction: 1 }, true);
  return {
    n,
    d,
    bounds: res.bounds,
    layout,
    classNames: o.classNames ? o.classNames.slice() : null,
    numClasses: r.numClasses,
    scoreKind: r.scoreKind,
    topK,
    examplesPerCell,
    levels: res.levels,
  };
}

function inWorker(
  raw: TypedArray,
  n: number,
  d: number,
  rest: Omit<AtlasJobInput, 'activations' | 'n' | 'd'>,
  job: AtlasJobOptions,
  onStep: (s: AtlasJobStep) => void,
  signal?: AbortSignal,
): Promise<AtlasJobResult> {
  return runWorkerJob<AtlasJobResult, AtlasJobStep>(
    startAtlasWorker,
    'building the activation atlas',
    async (w) => {
      await sendMatrix(w, raw, n, d);
      // Copies are sent (and transferred): the caller keeps the layout for the atlas, and every input for the
      // main-thread run should the browser turn out to have refused the worker.
      const input = { layout: rest.layout.slice(), labels: rest.labels?.slice() ?? null, attributions: rest.attributions?.slice() ?? null, weights: rest.weights?.slice() ?? null, bias: rest.bias?.slice() ?? null };
      const transfer = [input.layout, input.labels, input.attributions, input.weights, input.bias].filter((x) => x).map((x) => x!.buffer as ArrayBuffer);
      w.postMessage({ t: 'build', input, options: job }, transfer);
    },
    onStep,
    signal,
  );
}
