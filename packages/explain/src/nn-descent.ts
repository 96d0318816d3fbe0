// Approximate k-nearest-neighbour graph by NN-descent (Dong, Charikar & Li 2011, "Efficient k-nearest neighbor
// graph construction for generic similarity measures"), started from random-projection trees as PyNNDescent
// does. Everything lives in flat typed arrays: one bounded max-heap of k (index, distance, is-new flag) per row,
// and one of sampled candidates per row, so 100k rows cost a few megabytes and no per-row objects.
//
// The idea: a neighbour of a neighbour is likely a neighbour. Each round, every row's new neighbours (and
// reverse neighbours) are compared pairwise with each other and with its old ones ("local join"); a round that
// improves fewer than delta·N·k heap entries ends the search.
import type { Metric } from './knn';

/** Each row's k nearest other rows, sorted by ascending distance, N×k row-major. */
export interface KnnGraph {
  /** Neighbour row indices (−1 only where N − 1 < k). */
  indices: Int32Array;
  /** Distances: euclidean ‖x − y‖, or cosine 1 − cos(x, y). */
  distances: Float32Array;
  /** Neighbours per row. */
  k: number;
}

/** Options of {@link nnDescentSteps}. */
export interface NNDescentOptions {
  /** Random-projection trees for the initial graph; default 4 + round(N^0.25 / 2), at most 16. */
  nTrees?: number;
  /** Rows per tree leaf; default max(10, k + 1)… at most 60. */
  leafSize?: number;
  /** At most this many NN-descent rounds; default max(5, round(log2 N)). */
  maxIterations?: number;
  /** Stop when a round updates fewer than delta·N·k heap entries; default 0.001. */
  delta?: number;
  /** Sampling rate: each round joins at most ⌈rho·k⌉ new and old candidates per row; default 1. */
  rho?: number;
}

/** Rows per progress report in the local join and the tree leaves. */
const ROWS_PER_YIELD = 1024;

/**
 * Offers (index j, distance v, flag) to row r's bounded max-heap of k slots at r·k (root = current worst).
 * Rejects a distance not below the worst and an index already present. Returns 1 when the heap changed.
 */
function heapPush(idx: Int32Array, dist: Float32Array, flag: Uint8Array | null, r: number, k: number, j: number, v: number, f: number): number {
  const o = r * k;
  if (!(v < dist[o])) return 0;
  for (let t = o, e = o + k; t < e; t++) if (idx[t] === j) return 0;
  // replace the root and sift down
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= k) break;
    const c = l + 1 < k && dist[o + l + 1] > dist[o + l] ? l + 1 : l;
    if (!(dist[o + c] > v)) break;
    dist[o + i] = dist[o + c];
    idx[o + i] = idx[o + c];
    if (flag) flag[o + i] = flag[o + c];
    i = c;
  }
  dist[o + i] = v;
  idx[o + i] = j;
  if (flag) flag[o + i] = f;
  return 1;
}

/** Sorts each row's heap ascending by distance, in place (heap sort). */
function sortHeaps(idx: Int32Array, dist: Float32Array, n: number, k: number): void {
  for (let r = 0; r < n; r++) {
    const o = r * k;
    for (let m = k - 1; m > 0; m--) {
      // move the max (root) to slot m, sift the old slot-m value down within [0, m)
      const vd = dist[o + m], vi = idx[o + m];
      dist[o + m] = dist[o];
      idx[o + m] = idx[o];
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= m) break;
        const c = l + 1 < m && dist[o + l + 1] > dist[o + l] ? l + 1 : l;
        if (!(dist[o + c] > vd)) break;
        dist[o + i] = dist[o + c];
        idx[o + i] = idx[o + c];
        i = c;
      }
      dist[o + i] = vd;
      idx[o + i] = vi;
    }
  }
}

/** The rows, the metric and the heaps: what the hot loops below share (plain functions, so the engine optimises them). */
interface State {
  x: Float32Array;
  d: number;
  cos: boolean;
  k: number;
  idx: Int32Array;
  hd: Float32Array;
  flag: Uint8Array;
}

/** Distance between rows a and b: squared euclidean, or 1 − a·b on unit rows (cosine). */
function distance(x: Float32Array, d: number, cos: boolean, a: number, b: number): number {
  const oa = a * d, ob = b * d;
  let s = 0;
  if (cos) {
    for (let t = 0; t < d; t++) s += x[oa + t] * x[ob + t];
    return 1 - s;
  }
  let t = 0;
  for (; t + 3 < d; t += 4) {
    const u0 = x[oa + t] - x[ob + t], u1 = x[oa + t + 1] - x[ob + t + 1], u2 = x[oa + t + 2] - x[ob + t + 2], u3 = x[oa + t + 3] - x[ob + t + 3];
    s += u0 * u0 + u1 * u1 + u2 * u2 + u3 * u3;
  }
  for (; t < d; t++) {
    const u = x[oa + t] - x[ob + t];
    s += u * u;
  }
  return s;
}

/** Offers the pair (p, q) at distance v to both rows' heaps as new entries; returns how many heaps changed. */
function offerPair(st: State, p: number, q: number): number {
  const { idx, hd, flag, k } = st;
  const v = distance(st.x, st.d, st.cos, p, q);
  let c = 0;
  if (v < hd[p * k]) c += heapPush(idx, hd, flag, p, k, q, v, 1);
  if (v < hd[q * k]) c += heapPush(idx, hd, flag, q, k, p, v, 1);
  return c;
}

/** Every pair of rows perm[lo … hi − 1] (a tree leaf) offered to each other's heaps. */
function leafJoin(st: State, perm: Int32Array, lo: number, hi: number): void {
  for (let a = lo; a < hi; a++) for (let b = a + 1; b < hi; b++) offerPair(st, perm[a], perm[b]);
}

/**
 * Splits perm[lo … hi − 1] by the hyperplane halfway between rows a and b (ties to a random side); returns the
 * first position of the second side (the middle when every row falls on one side: duplicate rows).
 */
function split(st: State, perm: Int32Array, side: Float32Array, normal: Float64Array, lo: number, hi: number, a: number, b: number, rand: () => number): number {
  const { x, d } = st;
  let offset = 0;
  for (let t = 0; t < d; t++) {
    normal[t] = x[a * d + t] - x[b * d + t];
    offset -= (normal[t] * (x[a * d + t] + x[b * d + t])) / 2;
  }
  let left = 0;
  for (let p = lo; p < hi; p++) {
    const r = perm[p] * d;
    let s = offset;
    for (let t = 0; t < d; t++) s += normal[t] * x[r + t];
    side[p] = s === 0 ? rand() - 0.5 : s;
    if (side[p] > 0) left++;
  }
  if (left === 0 || left === hi - lo) return lo + ((hi - lo) >> 1);
  let i = lo, j = hi - 1;
  while (i <= j) {
    if (side[i] > 0) i++;
    else {
      const tp = perm[i];
      perm[i] = perm[j];
      perm[j] = tp;
      const ts = side[i];
      side[i] = side[j];
      side[j] = ts;
      j--;
    }
  }
  return i;
}

/** Candidate lists of one round: per row, up to maxC new and maxC old candidates (bounded heaps by random priority). */
interface Candidates {
  maxC: number;
  newC: Int32Array;
  newP: Float32Array;
  oldC: Int32Array;
  oldP: Float32Array;
}

/**
 * Offers the round's candidates of heap rows i0 … i1 − 1: each heap entry (i, j) offers j to i and i to j (reverse
 * neighbours) under one random priority; a row keeps the maxC of lowest priority among its new ones, and separately
 * among its old ones. (The candidate lists start the round empty.)
 */
function offerCandidates(st: State, c: Candidates, i0: number, i1: number, rand: () => number): void {
  const { idx, flag, k } = st;
  const { maxC, newC, newP, oldC, oldP } = c;
  for (let i = i0; i < i1; i++) {
    for (let t = i * k, e = t + k; t < e; t++) {
      const j = idx[t];
      if (j < 0) continue;
      const pr = rand();
      if (flag[t]) {
        if (pr < newP[i * maxC]) heapPush(newC, newP, null, i, maxC, j, pr, 0);
        if (pr < newP[j * maxC]) heapPush(newC, newP, null, j, maxC, i, pr, 0);
      } else {
        if (pr < oldP[i * maxC]) heapPush(oldC, oldP, null, i, maxC, j, pr, 0);
        if (pr < oldP[j * maxC]) heapPush(oldC, oldP, null, j, maxC, i, pr, 0);
      }
    }
  }
}

/** Heap entries of rows i0 … i1 − 1 sampled as new candidates are old from then on. */
function markSampled(st: State, c: Candidates, i0: number, i1: number): void {
  const { idx, flag, k } = st;
  const { maxC, newC } = c;
  for (let i = i0; i < i1; i++) {
    for (let t = i * k, e = t + k; t < e; t++) {
      if (!flag[t]) continue;
      const j = idx[t];
      for (let q = i * maxC, qe = q + maxC; q < qe; q++) {
        if (newC[q] === j) {
          flag[t] = 0;
          break;
        }
      }
    }
  }
}

/** Local join of rows i0 … i1 − 1: every pair of new candidates, and every new with every old. Returns the heap updates. */
function localJoin(st: State, c: Candidates, i0: number, i1: number): number {
  const { maxC, newC, oldC } = c;
  let updates = 0;
  for (let i = i0; i < i1; i++) {
    const o = i * maxC;
    for (let u = 0; u < maxC; u++) {
      const p = newC[o + u];
      if (p < 0) continue;
      for (let w = u + 1; w < maxC; w++) {
        const q = newC[o + w];
        if (q >= 0) updates += offerPair(st, p, q);
      }
      for (let w = 0; w < maxC; w++) {
        const q = oldC[o + w];
        if (q >= 0 && q !== p) updates += offerPair(st, p, q);
      }
    }
  }
  return updates;
}

/**
 * The approximate k nearest other rows of every row of the N×D row-major `data`. `rand` (uniform [0, 1)) makes
 * every random choice, so a seeded generator gives the same graph every time. Yields the fraction done (in
 * pieces of a few milliseconds), returns the graph. Recall against the exact neighbours is typically above 0.95
 * for k = 15 (measured in the tests).
 */
export function* nnDescentSteps(
  data: ArrayLike<number>,
  n: number,
  d: number,
  k: number,
  metric: Metric,
  rand: () => number,
  options: NNDescentOptions = {},
): Generator<number, KnnGraph> {
  // Cosine: rows scaled to unit length, distance 1 − x·y (a zero row stays zero: distance 1 from everything).
  // Euclidean: squared distances inside, square roots at the end.
  const cos = metric === 'cosine';
  const x = !cos && data instanceof Float32Array ? data : Float32Array.from({ length: n * d }, (_, i) => data[i]);
  if (cos) {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let t = i * d; t < (i + 1) * d; t++) s += x[t] * x[t];
      const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
      for (let t = i * d; t < (i + 1) * d; t++) x[t] *= inv;
    }
  }
  const idx = new Int32Array(n * k).fill(-1);
  const hd = new Float32Array(n * k).fill(Infinity);
  const flag = new Uint8Array(n * k);
  const st: State = { x, d, cos, k, idx, hd, flag };
  const maxIterations = options.maxIterations ?? Math.max(5, Math.round(Math.log2(n)));
  const delta = options.delta ?? 0.001;
  const nTrees = options.nTrees ?? Math.min(16, 4 + Math.round(n ** 0.25 / 2));
  const leafSize = options.leafSize ?? Math.min(60, Math.max(10, k + 1));
  // progress: trees 0 → 0.3, rounds 0.3 → 1 (a round's share assumes maxIterations rounds; the last jumps to 1)
  const treeShare = 0.3;

  // 1. Random-projection trees: split by the hyperplane halfway between two random rows of the node until a
  //    node holds at most leafSize rows; every pair within a leaf is a candidate.
  const perm = new Int32Array(n);
  const side = new Float32Array(n);
  const normal = new Float64Array(d);
  const stack: number[] = [];
  for (let tree = 0; tree < nTrees; tree++) {
    for (let i = 0; i < n; i++) perm[i] = i;
    stack.push(0, n);
    let leafRows = 0;
    while (stack.length) {
      const hi = stack.pop()!, lo = stack.pop()!;
      const size = hi - lo;
      if (size <= leafSize) {
        leafJoin(st, perm, lo, hi);
        leafRows += size;
        if (leafRows >= ROWS_PER_YIELD) {
          leafRows = 0;
          yield (treeShare * (tree + 0.5)) / nTrees;
        }
        continue;
      }
      const a = perm[lo + Math.floor(rand() * size)];
      let b = perm[lo + Math.floor(rand() * size)];
      for (let tries = 0; b === a && tries < 8; tries++) b = perm[lo + Math.floor(rand() * size)];
      const mid = split(st, perm, side, normal, lo, hi, a, b, rand);
      stack.push(lo, mid, mid, hi);
    }
  }
  // rows that the leaves left short of k neighbours: random ones
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < k && hd[i * k] === Infinity && n - 1 >= k; t++) {
      const j = Math.floor(rand() * n);
      if (j !== i) heapPush(idx, hd, flag, i, k, j, distance(x, d, cos, i, j), 1);
    }
  }
  yield treeShare;

  // 2. NN-descent rounds.
  const maxC = Math.max(1, Math.min(k, Math.ceil((options.rho ?? 1) * k)));
  const cand: Candidates = { maxC, newC: new Int32Array(n * maxC), newP: new Float32Array(n * maxC), oldC: new Int32Array(n * maxC), oldP: new Float32Array(n * maxC) };
  for (let round = 0; round < maxIterations; round++) {
    const roundStart = treeShare + ((1 - treeShare) * round) / maxIterations;
    cand.newC.fill(-1);
    cand.newP.fill(Infinity);
    cand.oldC.fill(-1);
    cand.oldP.fill(Infinity);
    for (let i0 = 0; i0 < n; i0 += 4 * ROWS_PER_YIELD) {
      offerCandidates(st, cand, i0, Math.min(n, i0 + 4 * ROWS_PER_YIELD), rand);
      yield roundStart;
    }
    for (let i0 = 0; i0 < n; i0 += 4 * ROWS_PER_YIELD) {
      markSampled(st, cand, i0, Math.min(n, i0 + 4 * ROWS_PER_YIELD));
      yield roundStart;
    }
    let updates = 0;
    for (let i0 = 0; i0 < n; i0 += ROWS_PER_YIELD) {
      updates += localJoin(st, cand, i0, Math.min(n, i0 + ROWS_PER_YIELD));
      yield roundStart + ((1 - treeShare) * (i0 / n)) / maxIterations;
    }
    if (updates <= delta * n * k) break;
  }

  sortHeaps(idx, hd, n, k);
  const distances = new Float32Array(n * k);
  for (let t = 0; t < n * k; t++) {
    const v = hd[t];
    distances[t] = idx[t] < 0 ? Infinity : cos ? Math.max(0, v) : Math.sqrt(v);
  }
  yield 1;
  return { indices: idx, distances, k };
}
