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
 * `indices` and `dist2`, sorted per row (ties: lower index first). Blocked all-pairs, each pair computed
 * once: candidates are ranked by ‖x_i‖² + ‖x_j‖² − 2·x_i·x_j (dot products of four rows against four,
 * in registers), one flat heap per row; the k kept per row then get their exact distances
 * (Σ (x_i − x_j)²). Yields the fraction done.
 */
export function* allKnnSteps(data: ArrayLike<number>, n: number, d: number, k: number): Generator<number, { indices: Int32Array; dist2: Float64Array }> {
  const D = new Float64Array(n * k);
  const I = new Int32Array(n * k);
  const size = new Int32Array(n);
  // float64 rows, padded with zero rows to a multiple of 4, and their squared norms
  const n4 = Math.ceil(n / 4) * 4;
  const x = new Float64Array(n4 * d);
  const sq = new Float64Array(n4);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let t = 0; t < d; t++) s += (x[i * d + t] = data[i * d + t]) ** 2;
    sq[i] = s;
  }
  const worst = new Float64Array(n).fill(Infinity); // the heap's largest once it holds k, else +∞
  const offer = (i: number, s: number, j: number): void => {
    if (s >= worst[i]) return;
    pushFlat(D, I, size, i, k, s, j);
    if (size[i] === k) worst[i] = D[i * k];
  };
  const dots = new Float64Array(16);
  const B = 32;
  let done = 0;
  let work = 0;
  const total = (n * (n + 1)) / 2;
  for (let i0 = 0; i0 < n; i0 += B) {
    const i1 = Math.min(n4, i0 + B);
    for (let j0 = i0; j0 < n; j0 += B) {
      // a yield every ~4M multiply-adds (a few ms)
      work += B * B * d;
      if (work > 1 << 22) {
        work = 0;
        yield Math.min(1, (done + (i1 - i0) * (j0 - i0)) / total);
      }
      const j1 = Math.min(n4, j0 + B);
      for (let a = i0; a < i1; a += 4) {
        const a0 = a * d, a1 = a0 + d, a2 = a1 + d, a3 = a2 + d;
        for (let b = Math.max(j0, a); b < j1; b += 4) {
          const b0 = b * d, b1 = b0 + d, b2 = b1 + d, b3 = b2 + d;
          let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
          let s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
          for (let t = 0; t < d; t++) {
            const x0 = x[a0 + t], x1 = x[a1 + t], x2 = x[a2 + t], x3 = x[a3 + t];
            const y0 = x[b0 + t], y1 = x[b1 + t], y2 = x[b2 + t], y3 = x[b3 + t];
            s00 += x0 * y0; s01 += x0 * y1; s02 += x0 * y2; s03 += x0 * y3;
            s10 += x1 * y0; s11 += x1 * y1; s12 += x1 * y2; s13 += x1 * y3;
            s20 += x2 * y0; s21 += x2 * y1; s22 += x2 * y2; s23 += x2 * y3;
            s30 += x3 * y0; s31 += x3 * y1; s32 += x3 * y2; s33 += x3 * y3;
          }
          dots[0] = s00; dots[1] = s01; dots[2] = s02; dots[3] = s03;
          dots[4] = s10; dots[5] = s11; dots[6] = s12; dots[7] = s13;
          dots[8] = s20; dots[9] = s21; dots[10] = s22; dots[11] = s23;
          dots[12] = s30; dots[13] = s31; dots[14] = s32; dots[15] = s33;
          for (let u = 0; u < 4; u++) {
            const i = a + u;
            if (i >= n) break;
            for (let v = 0; v < 4; v++) {
              const j = b + v;
              if (j <= i || j >= n) continue;
              const s = Math.max(0, sq[i] + sq[j] - 2 * dots[u * 4 + v]);
              offer(i, s, j);
              offer(j, s, i);
            }
          }
        }
      }
    }
    const rows = Math.min(n, i0 + B) - i0;
    done += rows * (n - i0);
    yield Math.min(1, done / total);
  }
  // heap-sort each row in place: ascending
  const tmpD = new Float64Array(k);
  const tmpI = new Int32Array(k);
  for (let r = 0; r < n; r++) {
    if ((r & 1023) === 1023) yield 1;
    const o = r * k;
    const kept = size[r];
    for (let m = kept; m > 0; m--) {
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
    // exact distances of the kept neighbours, then ascending by (distance, index): nearly sorted already
    for (let m = 0; m < kept; m++) {
      const j = tmpI[m];
      let s = 0;
      for (let t = 0; t < d; t++) {
        const u = x[r * d + t] - x[j * d + t];
        s += u * u;
      }
      let p = m;
      while (p > 0 && (tmpD[p - 1] > s || (tmpD[p - 1] === s && tmpI[p - 1] > j))) {
        tmpD[p] = tmpD[p - 1];
        tmpI[p] = tmpI[p - 1];
        p--;
      }
      tmpD[p] = s;
      tmpI[p] = j;
    }
    D.set(tmpD, o);
    I.set(tmpI, o);
  }
  return { indices: I, dist2: D };
}
