// The rows of N×D data as PCA's kernels read them: dense (centred on the fly), or, for data that is mostly
// zeros (images on a blank background: MNIST digits are 81% zeros), compressed sparse rows, so that every
// product skips the zeros. Products take a block of b vectors at once (b even, stored D×b row-major), so each
// row is read once for all of them, four (or two) accumulators at a time.
import type { Fraction } from './covariance';

/** Multiply-adds between two yields (a few milliseconds). */
export const WORK_PER_YIELD = 4e6;
/** Data with at least this fraction of zeros is stored and multiplied as sparse rows. */
export const SPARSE_ZEROS = 0.6;

/** The data with its column statistics; `start`/`col`/`val` (CSR, raw values) when `sparse`. */
export interface Rows {
  n: number;
  d: number;
  data: ArrayLike<number>;
  sparse: boolean;
  /** Non-zero entries (N·D when dense). */
  nnz: number;
  /** Σᵢ nnzᵢ², the cost of a sparse covariance (×½). */
  sumNnz2: number;
  start: Uint32Array;
  col: Uint16Array | Uint32Array;
  val: Float32Array | Float64Array;
}

/**
 * Reads the data once, storing the non-zeros by row as it goes; gives up on that (dense rows) as soon as more than
 * 1 − SPARSE_ZEROS of the entries are non-zero. Yields fractions.
 */
export function* readRows(data: ArrayLike<number>, n: number, d: number): Generator<Fraction, Rows> {
  const limit = Math.floor((1 - SPARSE_ZEROS) * n * d);
  const wide = d > 65536;
  let cap = Math.max(16, Math.min(limit, Math.ceil((n * d) / 8)));
  let col: Uint16Array | Uint32Array = wide ? new Uint32Array(cap) : new Uint16Array(cap);
  let val: Float32Array | Float64Array = data instanceof Float32Array ? new Float32Array(cap) : new Float64Array(cap);
  const start = new Uint32Array(n + 1);
  let sparse = true;
  let p = 0;
  let sumNnz2 = 0;
  const rowsPerYield = Math.max(1, Math.floor(WORK_PER_YIELD / d));
  for (let i = 0; i < n && sparse; i++) {
    const o = i * d;
    if (p + d > cap) {
      if (p + d > limit + d) {
        sparse = false;
        break;
      }
      cap = Math.min(limit + d, 2 * cap + d);
      const c2 = wide ? new Uint32Array(cap) : new Uint16Array(cap);
      c2.set(col.subarray(0, p));
      col = c2;
      const v2 = val instanceof Float32Array ? new Float32Array(cap) : new Float64Array(cap);
      v2.set(val.subarray(0, p));
      val = v2;
    }
    const p0 = p;
    for (let j = 0; j < d; j++) {
      // branch-free: always write, advance past non-zeros only (zeros in images follow no predictable pattern)
      const v = data[o + j];
      col[p] = j;
      val[p] = v;
      p += +(v !== 0);
    }
    start[i + 1] = p;
    sumNnz2 += (p - p0) * (p - p0);
    if (p > limit) sparse = false;
    if (i % rowsPerYield === rowsPerYield - 1) yield i / n;
  }
  if (!sparse) return { n, d, data, sparse, nnz: n * d, sumNnz2: n * d * d, start: new Uint32Array(0), col: new Uint16Array(0), val: new Float64Array(0) };
  return { n, d, data, sparse, nnz: p, sumNnz2, start, col, val };
}

/** Column means and the exact total variance (trace of the covariance, divisor N − 1). */
export function columnStats(rows: Rows): { mean: Float64Array; totalVariance: number } {
  const { n, d, data } = rows;
  const shift = new Float64Array(d); // dense: rows shifted by the first row, for accuracy
  const sum = new Float64Array(d);
  const sq = new Float64Array(d);
  if (rows.sparse) {
    const { col, val } = rows;
    for (let t = 0; t < rows.nnz; t++) {
      const j = col[t];
      const v = val[t];
      sum[j] += v;
      sq[j] += v * v;
    }
  } else {
    for (let j = 0; j < d; j++) shift[j] = data[j];
    for (let i = 0; i < n; i++) {
      const o = i * d;
      for (let j = 0; j < d; j++) {
        const y = data[o + j] - shift[j];
        sum[j] += y;
        sq[j] += y * y;
      }
    }
  }
  const mean = new Float64Array(d);
  let totalVariance = 0;
  for (let j = 0; j < d; j++) {
    mean[j] = shift[j] + sum[j] / n;
    totalVariance += Math.max(0, (sq[j] - (sum[j] * sum[j]) / n) / (n - 1));
  }
  return { mean, totalVariance };
}

/**
 * y = (xᵢ − mean)ᵀ Q for every row i into the N×b row-major `out` (with `accumulate`: z += (xᵢ − mean) yᵢᵀ too,
 * so that z = Xcᵀ Xc Q, unscaled). Q and z are D×b row-major, b even. Yields between rows.
 */
export function* rowProducts(rows: Rows, mean: Float64Array, q: Float64Array, b: number, out: Float64Array | null, z: Float64Array | null): Generator<undefined, void> {
  const { n, d, data, sparse, start, col, val } = rows;
  const meanQ = new Float64Array(b);
  if (sparse) for (let j = 0; j < d; j++) for (let c = 0; c < b; c++) meanQ[c] += mean[j] * q[j * b + c];
  const y = new Float64Array(b);
  const ySum = new Float64Array(b);
  const row = new Float64Array(sparse ? 0 : d);
  if (z) z.fill(0, 0, d * b);
  const perRow = (z ? 2 : 1) * b * (rows.nnz / n) + d * (sparse ? 0 : 1);
  const rowsPerYield = Math.max(1, Math.floor(WORK_PER_YIELD / perRow));
  for (let i = 0; i < n; i++) {
    if (sparse) {
      const s = start[i];
      const e = start[i + 1];
      let g = 0;
      for (; g + 4 <= b; g += 4) {
        let y0 = -meanQ[g], y1 = -meanQ[g + 1], y2 = -meanQ[g + 2], y3 = -meanQ[g + 3];
        for (let t = s; t < e; t++) {
          const x = val[t];
          const o = col[t] * b + g;
          y0 += x * q[o];
          y1 += x * q[o + 1];
          y2 += x * q[o + 2];
          y3 += x * q[o + 3];
        }
        y[g] = y0;
        y[g + 1] = y1;
        y[g + 2] = y2;
        y[g + 3] = y3;
      }
      if (g < b) {
        let y0 = -meanQ[g], y1 = -meanQ[g + 1];
        for (let t = s; t < e; t++) {
          const x = val[t];
          const o = col[t] * b + g;
          y0 += x * q[o];
          y1 += x * q[o + 1];
        }
        y[g] = y0;
        y[g + 1] = y1;
      }
      if (z) {
        for (g = 0; g + 4 <= b; g += 4) {
          const y0 = y[g], y1 = y[g + 1], y2 = y[g + 2], y3 = y[g + 3];
          for (let t = s; t < e; t++) {
            const x = val[t];
            const o = col[t] * b + g;
            z[o] += x * y0;
            z[o + 1] += x * y1;
            z[o + 2] += x * y2;
            z[o + 3] += x * y3;
          }
        }
        if (g < b) {
          const y0 = y[g], y1 = y[g + 1];
          for (let t = s; t < e; t++) {
            const x = val[t];
            const o = col[t] * b + g;
            z[o] += x * y0;
            z[o + 1] += x * y1;
          }
        }
      }
    } else {
      const o0 = i * d;
      for (let j = 0; j < d; j++) row[j] = data[o0 + j] - mean[j];
      let g = 0;
      for (; g + 4 <= b; g += 4) {
        let y0 = 0, y1 = 0, y2 = 0, y3 = 0;
        for (let j = 0; j < d; j++) {
          const x = row[j];
          const o = j * b + g;
          y0 += x * q[o];
          y1 += x * q[o + 1];
          y2 += x * q[o + 2];
          y3 += x * q[o + 3];
        }
        y[g] = y0;
        y[g + 1] = y1;
        y[g + 2] = y2;
        y[g + 3] = y3;
      }
      if (g < b) {
        let y0 = 0, y1 = 0;
        for (let j = 0; j < d; j++) {
          const x = row[j];
          const o = j * b + g;
          y0 += x * q[o];
          y1 += x * q[o + 1];
        }
        y[g] = y0;
        y[g + 1] = y1;
      }
      if (z) {
        for (g = 0; g + 4 <= b; g += 4) {
          const y0 = y[g], y1 = y[g + 1], y2 = y[g + 2], y3 = y[g + 3];
          for (let j = 0; j < d; j++) {
            const x = row[j];
            const o = j * b + g;
            z[o] += x * y0;
            z[o + 1] += x * y1;
            z[o + 2] += x * y2;
            z[o + 3] += x * y3;
          }
        }
        if (g < b) {
          const y0 = y[g], y1 = y[g + 1];
          for (let j = 0; j < d; j++) {
            const x = row[j];
            const o = j * b + g;
            z[o] += x * y0;
            z[o + 1] += x * y1;
          }
        }
      }
    }
    for (let c = 0; c < b; c++) ySum[c] += y[c];
    if (out) for (let c = 0; c < b; c++) out[i * b + c] = y[c];
    if (i % rowsPerYield === rowsPerYield - 1) yield;
  }
  // Sparse rows added xᵢ yᵢᵀ; the centred product is Σ (xᵢ − mean) yᵢᵀ = Σ xᵢ yᵢᵀ − mean (Σ yᵢ)ᵀ.
  if (z && sparse) for (let j = 0; j < d; j++) for (let c = 0; c < b; c++) z[j * b + c] -= mean[j] * ySum[c];
}

/**
 * The covariance from the sparse rows: rank-one updates over each row's non-zeros (Σᵢ nnzᵢ²/2 multiply-adds), two
 * of its entries at a time (each loaded entry serves two rows of C: half the loads, about twice as fast).
 */
export function* sparseCovarianceSteps(rows: Rows, mean: Float64Array): Generator<Fraction, Float64Array> {
  const { n, d, start, col, val } = rows;
  const c = new Float64Array(d * d); // upper triangle accumulated
  const idx = new Int32Array(d);
  const v = new Float64Array(d);
  let work = 0;
  for (let i = 0; i < n; i++) {
    const s = start[i];
    const nz = start[i + 1] - s;
    for (let t = 0; t < nz; t++) {
      idx[t] = col[s + t];
      v[t] = val[s + t];
    }
    let a = 0;
    for (; a + 1 < nz; a += 2) {
      const va = v[a], vb = v[a + 1];
      const ra = idx[a] * d, rb = idx[a + 1] * d;
      c[ra + idx[a]] += va * va;
      c[ra + idx[a + 1]] += va * vb;
      c[rb + idx[a + 1]] += vb * vb;
      for (let t = a + 2; t < nz; t++) {
        const j = idx[t];
        const w = v[t];
        c[ra + j] += va * w;
        c[rb + j] += vb * w;
      }
    }
    if (a < nz) c[idx[a] * d + idx[a]] += v[a] * v[a];
    work += (nz * nz) / 2 + 1;
    if (work > WORK_PER_YIELD) {
      work = 0;
      yield i / n;
    }
  }
  // Σ(x−m)(x−m)ᵀ = Σ x xᵀ − n m mᵀ
  for (let i = 0; i < d; i++)
    for (let j = i; j < d; j++) {
      const v = (c[i * d + j] - n * mean[i] * mean[j]) / (n - 1);
      c[i * d + j] = c[j * d + i] = v;
    }
  return c;
}
