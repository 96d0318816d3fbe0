// Custom projections, as TensorBoard's projector has them: the X axis runs from the mean of the rows a "left"
// search matches to the mean of the rows a "right" search matches, the Y axis from "down" to "up"; each row is its
// vector minus the mean of all rows, projected on the two (unit) directions. Also the rows of a matrix read on the
// main thread (for isolate and custom projections), in slices that leave the page responsive.
import { fail, toNDArray, type ArrayInput, type TypedArray } from '@tensorlens/core';
import { spherizeSteps } from '@tensorlens/explain';
import { searchMatcher } from '@tensorlens/gl';
import type { CustomProjection } from './state';

/** The four sides of a custom projection. */
export const SIDES = ['left', 'right', 'up', 'down'] as const;
export type Side = (typeof SIDES)[number];

/** Gives the event loop a turn (a MessageChannel tick: no timer clamp). */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    const c = new MessageChannel();
    c.port1.onmessage = () => {
      c.port1.close();
      resolve();
    };
    c.port2.postMessage(0);
  });
}

/** Runs a generator in slices of about 15 ms; rejects with an AbortError when `signal` aborts. */
export async function sliced<T>(g: Generator<unknown, T>, signal?: AbortSignal): Promise<T> {
  let t0 = performance.now();
  for (;;) {
    if (signal?.aborted) throw new DOMException('The operation was aborted', 'AbortError');
    const r = g.next();
    if (r.done) return r.value;
    if (performance.now() - t0 > 15) {
      await nextTurn();
      t0 = performance.now();
    }
  }
}

/** Reads the embedding on this thread (tensors asynchronously); `rows` keeps only those rows (a copy). */
export async function readRows(matrix: ArrayInput, rows: Uint32Array | null): Promise<{ data: TypedArray; n: number; d: number }> {
  const a = await toNDArray(matrix, { name: 'options.embedding', rank: 2, finite: false });
  const [n, d] = a.shape;
  if (!rows) return { data: a.data, n, d };
  const out = new Float32Array(rows.length * d);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    for (let j = 0; j < d; j++) out[i * d + j] = a.data[r * d + j];
    if ((i & 1023) === 1023) await nextTurn();
  }
  return { data: out, n: rows.length, d };
}

/** Rows (of `count`, in the order of `rows` when given) whose label text matches each side's search. */
export function customMatches(custom: CustomProjection, text: (row: number) => string, count: number, rows: Uint32Array | null): Record<Side, Uint8Array> & { counts: Record<Side, number> } {
  const masks = {} as Record<Side, Uint8Array>;
  const counts = {} as Record<Side, number>;
  for (const side of SIDES) {
    let match: ((s: string) => boolean) | null;
    try {
      match = searchMatcher(custom[side]);
    } catch (e) {
      throw fail('option', `options.custom.${side}`, 'a valid search (substring or /regex/flags)', custom[side], (e as Error).message);
    }
    const mask = new Uint8Array(count);
    let c = 0;
    if (match) {
      for (let i = 0; i < count; i++) {
        if (match(text(rows ? rows[i] : i))) {
          mask[i] = 1;
          c++;
        }
      }
    }
    masks[side] = mask;
    counts[side] = c;
  }
  return { ...masks, counts };
}

/**
 * The custom projection of the N×D `data` (spherized first when asked): positions N×2. Throws a TensorLensError
 * naming `options.custom.<side>` when a search matches no row, and `options.custom` when the two ends of an axis
 * have the same mean.
 */
export function* customProjectionSteps(
  data: ArrayLike<number>,
  n: number,
  d: number,
  masks: Record<Side, Uint8Array> & { counts: Record<Side, number> },
  custom: CustomProjection,
  spherize: boolean,
): Generator<undefined, Float32Array> {
  for (const side of SIDES) {
    if (!masks.counts[side]) throw fail('empty', `options.custom.${side}`, custom[side] ? 'a search that matches at least one label' : 'a search (it is empty)', custom[side]);
  }
  const x: ArrayLike<number> = spherize ? yield* spherizeSteps(data, n, d) : data;
  const mean = new Float64Array(d);
  const sums = SIDES.map(() => new Float64Array(d));
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) mean[j] += x[o + j];
    for (let s = 0; s < 4; s++) if (masks[SIDES[s]][i]) for (let j = 0; j < d; j++) sums[s][j] += x[o + j];
    if ((i & 2047) === 2047) yield;
  }
  const axis = (a: number, b: number, name: string): Float64Array => {
    // from side a's mean to side b's mean, unit length
    const v = new Float64Array(d);
    let q = 0;
    for (let j = 0; j < d; j++) {
      v[j] = sums[b][j] / masks.counts[SIDES[b]] - sums[a][j] / masks.counts[SIDES[a]];
      q += v[j] * v[j];
    }
    if (!(q > 0)) throw fail('range', 'options.custom', `${name} searches whose matches have different means`, `the same mean for '${custom[SIDES[a]]}' and '${custom[SIDES[b]]}'`);
    const inv = 1 / Math.sqrt(q);
    for (let j = 0; j < d; j++) v[j] *= inv;
    return v;
  };
  const xDir = axis(0, 1, 'left and right');
  const yDir = axis(3, 2, 'down and up');
  for (let j = 0; j < d; j++) mean[j] /= n;
  const out = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    let px = 0;
    let py = 0;
    for (let j = 0; j < d; j++) {
      const v = x[i * d + j] - mean[j];
      px += v * xDir[j];
      py += v * yDir[j];
    }
    out[i * 2] = px;
    out[i * 2 + 1] = py;
    if ((i & 2047) === 2047) yield;
  }
  return out;
}
