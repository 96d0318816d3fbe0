// Sample covariance of N×D row-major data, accumulated in float64 in one pass, in blocks of 8 rows shifted by the
// first row (for accuracy when the values sit far from zero). Data that is mostly zeros has a faster sparse
// kernel in rows.ts.

/** Progress of a step: a fraction in [0, 1]. */
export type Fraction = number;

/** A covariance with its column means. */
export interface Covariance {
  /** D×D sample covariance (divisor N − 1), row-major, symmetric. */
  cov: Float64Array;
  /** Column means. */
  mean: Float64Array;
}

const BLOCK = 8;

/**
 * Sample covariance (divisor N − 1) of the N×D row-major `data`, and the column means, accumulated in
 * one pass in float64. Yields the fraction of rows done.
 */
export function* covarianceSteps(data: ArrayLike<number>, n: number, d: number): Generator<Fraction, Covariance> {
  const c = new Float64Array(d * d); // upper triangle accumulated
  const shift = new Float64Array(d);
  for (let j = 0; j < d; j++) shift[j] = data[j];
  const sum = new Float64Array(d); // Σ (x − shift)
  const y = new Float64Array(BLOCK * d); // a block of shifted rows
  const ai = new Float64Array(BLOCK);
  const rowsPerYield = Math.max(BLOCK, Math.floor(4e6 / (d * d + 1)) * BLOCK);
  for (let r0 = 0; r0 < n; r0 += BLOCK) {
    const b = Math.min(BLOCK, n - r0);
    y.fill(0);
    for (let r = 0; r < b; r++) {
      const o = (r0 + r) * d;
      for (let j = 0; j < d; j++) sum[j] += y[r * d + j] = data[o + j] - shift[j];
    }
    for (let i = 0; i < d; i++) {
      let any = 0;
      for (let r = 0; r < BLOCK; r++) any |= +((ai[r] = y[r * d + i]) !== 0);
      if (!any) continue;
      const a0 = ai[0], a1 = ai[1], a2 = ai[2], a3 = ai[3], a4 = ai[4], a5 = ai[5], a6 = ai[6], a7 = ai[7];
      const row = i * d;
      for (let j = i; j < d; j++)
        c[row + j] += a0 * y[j] + a1 * y[d + j] + a2 * y[2 * d + j] + a3 * y[3 * d + j] + a4 * y[4 * d + j] + a5 * y[5 * d + j] + a6 * y[6 * d + j] + a7 * y[7 * d + j];
    }
    if ((r0 + BLOCK) % rowsPerYield == 0) yield r0 / n;
  }
  return { cov: finish(c, sum, n, d), mean: meanOf(sum, shift, n, d) };
}

function meanOf(sum: Float64Array, shift: Float64Array, n: number, d: number): Float64Array {
  const mean = new Float64Array(d);
  for (let j = 0; j < d; j++) mean[j] = shift[j] + sum[j] / n;
  return mean;
}

/** Σ(x−m)(x−m)ᵀ = Σ(x−s)(x−s)ᵀ − n (m−s)(m−s)ᵀ from the upper triangle of Σ(x−s)(x−s)ᵀ and Σ(x−s); symmetric, divided by N − 1. */
function finish(c: Float64Array, sum: Float64Array, n: number, d: number): Float64Array {
  for (let i = 0; i < d; i++)
    for (let j = i; j < d; j++) {
      const v = (c[i * d + j] - (sum[i] * sum[j]) / n) / (n - 1);
      c[i * d + j] = c[j * d + i] = v;
    }
  return c;
}
