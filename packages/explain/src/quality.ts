// How well a layout keeps the neighbourhoods of its data: trustworthiness and continuity (Venna & Kaski)
// and leave-one-out kNN label accuracy. Exact, O(N²·D): every row's distances to all others, one row at a
// time (O(N) memory). Neighbour selection is knn.ts's exact search (ties: lower index first).
import { fail, type TypedArray } from '@tensorlens/core';
import { finiteSteps } from './jobs';
import { knnSteps } from './knn';
import { abortError, nextTask, readMatrix, runSliced } from './run';
import type { Matrix } from './types';

/** Options of the quality measures. */
export interface QualityOptions {
  /** Rejects with a DOMException named 'AbortError' (checked between ~20 ms slices). */
  signal?: AbortSignal;
}

type Read = { data: TypedArray; n: number; d: number };

/** Reads `high` and `low` (same row count), checks finiteness and `1 ≤ k < N/2`. */
async function readPair(high: Matrix, low: Matrix, k: number, signal?: AbortSignal): Promise<{ a: Read; b: Read }> {
  if (signal?.aborted) throw abortError();
  const a = await readMatrix(high, 'high');
  const b = await readMatrix(low, 'low');
  if (b.n !== a.n) throw fail('length', 'low', `${a.n} rows, as many as high`, `${b.n} rows`);
  if (!(Number.isInteger(k) && k >= 1 && 2 * k < a.n)) {
    throw fail('range', 'k', `an integer with 1 ≤ k < N/2 (N = ${a.n})`, k, 'the normalisation of trustworthiness and continuity holds for k < N/2');
  }
  await runSliced(finiteSteps(a.data, a.n, a.d, 'high'), () => {}, signal);
  await runSliced(finiteSteps(b.data, b.n, b.d, 'low'), () => {}, signal);
  return { a, b };
}

/**
 * 1 − 2/(N·k·(2N − 3k − 1)) · Σᵢ Σ_{j ∈ U_k(i)} (r(i, j) − k): `U_k(i)` are row i's k nearest rows in `judged`
 * that are not among its k nearest in `reference`, and r(i, j) is j's rank (1 = nearest) among row i's
 * neighbours in `reference`. Ranks count ties by lower index first.
 */
function* rankPenaltySteps(reference: Read, judged: Read, k: number): Generator<undefined, number> {
  const { data: X, n, d } = reference;
  const dist2 = new Float64Array(n);
  let penalty = 0;
  for (let i = 0; i < n; i++) {
    // row i's k nearest in the judged space
    const g = knnSteps(judged.data, n, judged.d, rowOf(judged, i), k, 'euclidean', null, i);
    let r = g.next();
    while (!r.done) r = g.next();
    const nbrs = r.value.indices;
    // squared distances from row i to every row in the reference space
    const oi = i * d;
    for (let m = 0; m < n; m++) {
      const om = m * d;
      let s = 0;
      for (let t = 0; t < d; t++) {
        const u = X[oi + t] - X[om + t];
        s += u * u;
      }
      dist2[m] = s;
    }
    for (let t = 0; t < nbrs.length; t++) {
      const j = nbrs[t];
      const dj = dist2[j];
      // rank of j around i in the reference space: 1 + rows (not i) nearer than j, or as near with a lower index
      let rank = 1;
      for (let m = 0; m < n; m++) {
        if (m === i) continue;
        const dm = dist2[m];
        if (dm < dj || (dm === dj && m < j)) rank++;
      }
      if (rank > k) penalty += rank - k;
    }
    yield;
  }
  return 1 - (2 / (n * k * (2 * n - 3 * k - 1))) * penalty;
}

function rowOf(m: Read, i: number): TypedArray {
  return m.data.subarray(i * m.d, (i + 1) * m.d);
}

/**
 * Trustworthiness of a layout (Venna & Kaski 2001; the definition of scikit-learn's
 * `sklearn.manifold.trustworthiness`, euclidean distances): 1 at best, near 0.5 for a random layout. It
 * penalises *intruders*: rows among a point's k nearest in `low` that are far from it in `high`, by
 * how far down their rank in `high` is. With r(i, j) the rank of j among i's neighbours in `high`:
 *
 * T(k) = 1 − 2 / (N·k·(2N − 3k − 1)) · Σᵢ Σ_{j ∈ kNN_low(i), r(i,j) > k} (r(i, j) − k)
 *
 * Exact: every row's distances to all N rows are computed (O(N²·D) time, O(N) memory), on the calling
 * thread in ~20 ms slices. Fine up to about 5000 rows: in Node on a 2-core machine about 0.8 s at
 * 2000 × 64, 4.5 s at 5000 × 64 and 35 s at 5000 × 784 (reduce D with PCA first, or sample rows, for more).
 * Equal distances are ranked by lower row index first (scikit-learn's order among exact ties is unspecified).
 *
 * @param high the data, [N, D] (a tensor, `{data, shape}` or `number[][]`, as {@link Matrix}).
 * @param low the layout of the same N rows, [N, d] (e.g. `{ data: result.positions, shape: [N, 2] }`).
 * @param k neighbourhood size, an integer with 1 ≤ k < N/2 (scikit-learn's limit too).
 * @param options `signal` cancels (rejects with an AbortError).
 * @throws TensorLensError `length` (row counts differ), `range` (k), `nan` (`high[i, j]` / `low[i, j]`),
 *   `shape` / `empty` (not [N ≥ 2, D ≥ 1]).
 * @example
 * const t = await trustworthiness(embedding, { data: res.positions, shape: [res.n, 2] }, 10);
 */
export async function trustworthiness(high: Matrix, low: Matrix, k: number, options: QualityOptions = {}): Promise<number> {
  const { a, b } = await readPair(high, low, k, options.signal);
  return runSliced(rankPenaltySteps(a, b, k), () => {}, options.signal);
}

/**
 * Continuity of a layout (Venna & Kaski): trustworthiness with the roles of the spaces swapped, so 1 at
 * best. It penalises *missing neighbours*: rows among a point's k nearest in `high` that the layout put
 * far from it, by their rank in `low`. `continuity(high, low, k)` equals `trustworthiness(low, high, k)`.
 * Same cost, limits and errors as {@link trustworthiness} (O(N²·D); fine up to about 5000 rows).
 *
 * @param high the data, [N, D].
 * @param low the layout of the same N rows, [N, d].
 * @param k neighbourhood size, an integer with 1 ≤ k < N/2.
 * @param options `signal` cancels (rejects with an AbortError).
 */
export async function continuity(high: Matrix, low: Matrix, k: number, options: QualityOptions = {}): Promise<number> {
  const { a, b } = await readPair(high, low, k, options.signal);
  return runSliced(rankPenaltySteps(b, a, k), () => {}, options.signal);
}

/**
 * Leave-one-out kNN label accuracy in a layout: the fraction of rows whose label is the majority label
 * of their k nearest other rows in `low` (euclidean; neighbours tied in distance: lower row index first).
 * A tie in votes goes to the tied label whose member is nearest (the first of them in distance order),
 * so the vote never depends on how labels are numbered. O(N²·d); about 0.3 s at 5000 × 2.
 *
 * @param low the layout, [N, d].
 * @param labels one label per row (numbers or strings, compared with `===`), length N.
 * @param k neighbours that vote, an integer with 1 ≤ k < N.
 * @param options `signal` cancels (rejects with an AbortError).
 * @throws TensorLensError `length` (labels.length ≠ N), `range` (k), `nan` (a non-finite coordinate or
 *   numeric label), `type` (labels not an array).
 * @example
 * const acc = await knnLabelAccuracy({ data: res.positions, shape: [res.n, 2] }, label, 10);
 */
export async function knnLabelAccuracy(low: Matrix, labels: ArrayLike<number | string>, k: number, options: QualityOptions = {}): Promise<number> {
  const signal = options.signal;
  if (signal?.aborted) throw abortError();
  const m = await readMatrix(low, 'low');
  const { n, d } = m;
  if (labels == null || typeof labels !== 'object' || typeof labels.length !== 'number') throw fail('type', 'labels', 'an array with one label per row', labels);
  if (labels.length !== n) throw fail('length', 'labels', `${n} labels, one per row of low`, `${labels.length}`);
  if (!(Number.isInteger(k) && k >= 1 && k < n)) throw fail('range', 'k', `an integer in [1, ${n - 1}] (k < N = ${n})`, k);
  for (let i = 0; i < n; i++) {
    const v = labels[i];
    if (typeof v === 'number' ? !Number.isFinite(v) : typeof v !== 'string') throw fail(typeof v === 'number' ? 'nan' : 'type', `labels[${i}]`, 'a finite number or a string', v);
  }
  await runSliced(finiteSteps(m.data, n, d, 'low'), () => {}, signal);
  const votes = new Map<number | string, number>();
  let correct = 0;
  let t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const g = knnSteps(m.data, n, d, rowOf(m, i), k, 'euclidean', null, i);
    let r = g.next();
    while (!r.done) r = g.next();
    const nbrs = r.value.indices;
    votes.clear();
    let best: number | string = labels[nbrs[0]];
    let bestVotes = 0;
    for (let t = 0; t < nbrs.length; t++) votes.set(labels[nbrs[t]], (votes.get(labels[nbrs[t]]) ?? 0) + 1);
    // in distance order, so the first label reaching the top count is the nearest of the tied ones
    for (let t = 0; t < nbrs.length; t++) {
      const c = votes.get(labels[nbrs[t]])!;
      if (c > bestVotes) {
        bestVotes = c;
        best = labels[nbrs[t]];
      }
    }
    if (best === labels[i]) correct++;
    if (performance.now() - t0 > 20) {
      if (signal?.aborted) throw abortError();
      await nextTask();
      t0 = performance.now();
    }
  }
  return correct / n;
}
