// Exact k-nearest-neighbour search: brute force over all rows in blocks, keeping the best k in a
// bounded max-heap (typed arrays, no per-row objects).

/** `'euclidean'` (distance ‖x − q‖) or `'cosine'` (distance 1 − cos(x, q); a zero vector is at distance 1 from everything). */
export type Metric = 'euclidean' | 'cosine';

/** Neighbours sorted by ascending distance (ties: lower index first). */
export interface NeighborResult {
  indices: Uint32Array;
  distances: Float32Array;
}

/** A bounded max-heap of (distance, index): keeps the k smallest seen. */
export class TopK {
  readonly k: number;
  size = 0;
  readonly dist: Float64Array;
  readonly idx: Int32Array;
  constructor(k: number) {
    this.k = k;
    this.dist = new Float64Array(k);
    this.idx = new Int32Array(k);
  }
  /** The largest kept distance, or +∞ while fewer than k are kept. */
  worst(): number {
    return this.size < this.k ? Infinity : this.dist[0];
  }
  /** Offers a candidate; kept when among the k smallest (ties broken by lower index). */
  push(dist: number, index: number): void {
    const { dist: D, idx: I, k } = this;
    if (this.size < k) {
      let i = this.size++;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (D[p] > dist || (D[p] === dist && I[p] > index)) break;
        D[i] = D[p];
        I[i] = I[p];
        i = p;
      }
      D[i] = dist;
      I[i] = index;
      return;
    }
    if (dist > D[0] || (dist === D[0] && index > I[0])) return;
    // replace the root, sift down
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= k) break;
      let c = l;
      if (l + 1 < k && (D[l + 1] > D[l] || (D[l + 1] === D[l] && I[l + 1] > I[l]))) c = l + 1;
      if (D[c] < dist || (D[c] === dist && I[c] < index)) break;
      D[i] = D[c];
      I[i] = I[c];
      i = c;
    }
    D[i] = dist;
    I[i] = index;
  }
  /** The kept pairs sorted ascending; empties the heap. */
  sorted(): { indices: Uint32Array; dist: Float64Array } {
    const n = this.size;
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => this.dist[a] - this.dist[b] || this.idx[a] - this.idx[b]);
    const indices = new Uint32Array(n);
    const dist = new Float64Array(n);
    order.forEach((o, i) => {
      indices[i] = this.idx[o];
      dist[i] = this.dist[o];
    });
    this.size = 0;
    return { indices, dist };
  }
}

/** 1 / ‖row‖ for each row (0 for a zero row), for cosine distances. */
export function inverseNorms(data: ArrayLike<number>, n: number, d: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = i * d, e = j + d; j < e; j++) s += data[j] * data[j];
    out[i] = s > 0 ? 1 / Math.sqrt(s) : 0;
  }
  return out;
}

const ROWS_PER_YIELD = 1 << 15;

/**
 * The k nearest rows of `data` (N×D) to `query` (length D), excluding row `exclude` (−1: none).
 * `invNorms` is required for cosine ({@link inverseNorms}). Yields the fraction of rows scanned every
 * 32768 rows; returns the neighbours sorted by distance.
 */
export function* knnSteps(
  data: ArrayLike<number>,
  n: number,
  d: number,
  query: ArrayLike<number>,
  k: number,
  metric: Metric,
  invNorms: Float32Array | null,
  exclude = -1,
): Generator<number, NeighborResult> {
  const heap = new TopK(k);
  const q = Float64Array.from(query);
  const cos = metric === 'cosine';
  let qInv = 0;
  if (cos) {
    let s = 0;
    for (let j = 0; j < d; j++) s += q[j] * q[j];
    qInv = s > 0 ? 1 / Math.sqrt(s) : 0;
  }
  for (let i0 = 0; i0 < n; i0 += ROWS_PER_YIELD) {
    const i1 = Math.min(n, i0 + ROWS_PER_YIELD);
    if (cos) {
      for (let i = i0; i < i1; i++) {
        if (i === exclude) continue;
        let s = 0;
        const o = i * d;
        let j = 0;
        for (; j + 3 < d; j += 4) s += data[o + j] * q[j] + data[o + j + 1] * q[j + 1] + data[o + j + 2] * q[j + 2] + data[o + j + 3] * q[j + 3];
        for (; j < d; j++) s += data[o + j] * q[j];
        const dist = 1 - s * qInv * invNorms![i];
        if (dist <= heap.worst()) heap.push(dist, i);
      }
    } else {
      for (let i = i0; i < i1; i++) {
        if (i === exclude) continue;
        const worst = heap.worst();
        let s = 0;
        const o = i * d;
        let j = 0;
        for (; j + 3 < d && s <= worst; j += 4) {
          const a = data[o + j] - q[j], b = data[o + j + 1] - q[j + 1], c = data[o + j + 2] - q[j + 2], e = data[o + j + 3] - q[j + 3];
          s += a * a + b * b + c * c + e * e;
        }
        for (; j < d && s <= worst; j++) s += (data[o + j] - q[j]) ** 2;
        if (s <= worst) heap.push(s, i);
      }
    }
    if (i1 < n) yield i1 / n;
  }
  const { indices, dist } = heap.sorted();
  const distances = new Float32Array(indices.length);
  for (let i = 0; i < indices.length; i++) distances[i] = cos ? Math.max(0, dist[i]) : Math.sqrt(dist[i]);
  return { indices, distances };
}

/** Offers (dist, index) to the bounded max-heap of row `r` in flat arrays (k slots per row at r·k). */
function pushFlat(D: Float64Array, I: Int32Array, size: Int32Array, r: number, k: number, dist: number, index: number): void {
  const o = r * k;
  if (size[r] < k) {
    let i = size[r]++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (D[o + p] >= dist) break;
      D[o + i] = D[o + p];
      I[o + i] = I[o + p];
      i = p;
    }
    D[o + i] = dist;
    I[o + i] = index;
    return;
  }
  if (dist >= D[o]) return;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= k) break;
    const c = l + 1 < k && D[o + l + 1] > D[o + l] ? l + 1 : l;
    if (D[o + c] <= dist) break;
    D[o + i] = D[o + c];
    I[o + i] = I[o + c];
    i = c;
  }
  D[o + i] = dist;
  I[o + i] = index;
}

/**
 * For every row i of `data` (N×D), its k nearest other rows (squared euclidean), as N×k row-major
 * `indices` and `dist2`, sorted per row. Blocked all-pairs, each pair's distance computed once;
 * one flat heap per row. Yields the fraction done.
 */
export function* allKnnSteps(data: ArrayLike<number>, n: number, d: number, k: number): Generator<number, { indices: Int32Array; dist2: Float64Array }> {
  const D = new Float64Array(n * k);
  const I = new Int32Array(n * k);
  const size = new Int32Array(n);
  const B = 64;
  let done = 0;
  const total = (n * (n + 1)) / 2;
  for (let i0 = 0; i0 < n; i0 += B) {
    const i1 = Math.min(n, i0 + B);
    for (let j0 = i0; j0 < n; j0 += B) {
      const j1 = Math.min(n, j0 + B);
      for (let i = i0; i < i1; i++) {
        const oi = i * d;
        for (let j = Math.max(j0, i + 1); j < j1; j++) {
          const oj = j * d;
          let s = 0;
          for (let t = 0; t < d; t++) {
            const u = data[oi + t] - data[oj + t];
            s += u * u;
          }
          if (size[i] < k || s < D[i * k]) pushFlat(D, I, size, i, k, s, j);
          if (size[j] < k || s < D[j * k]) pushFlat(D, I, size, j, k, s, i);
        }
      }
    }
    done += (i1 - i0) * (n - i0);
    yield Math.min(1, done / total);
  }
  // heap-sort each row in place: ascending
  const tmpD = new Float64Array(k);
  const tmpI = new Int32Array(k);
  for (let r = 0; r < n; r++) {
    const o = r * k;
    for (let m = size[r]; m > 0; m--) {
      // pop the max into slot m−1
      tmpD[m - 1] = D[o];
      tmpI[m - 1] = I[o];
      const lastD = D[o + m - 1];
      const lastI = I[o + m - 1];
      size[r] = m - 1;
      // sift the last element down from the root within size m−1
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= m - 1) break;
        const c = l + 1 < m - 1 && D[o + l + 1] > D[o + l] ? l + 1 : l;
        if (D[o + c] <= lastD) break;
        D[o + i] = D[o + c];
        I[o + i] = I[o + c];
        i = c;
      }
      D[o + i] = lastD;
      I[o + i] = lastI;
    }
    D.set(tmpD, o);
    I.set(tmpI, o);
  }
  return { indices: I, dist2: D };
}
