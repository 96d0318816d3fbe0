// Exact PCA on every row: one pass over the rows accumulates the covariance (float64, rows shifted
// by the first row for accuracy), then a full symmetric eigen-decomposition.
import { drain, symmetricEigenSteps } from './eigen';
import { checkLayout } from './validate';

/** An exact PCA: what {@link pcaFit} returns. */
export interface PCAFit {
  /** N×k row-major projections onto the first k components (centred data). */
  positions: Float32Array;
  /** k×D row-major unit principal axes, sign fixed (largest-magnitude entry positive). */
  components: Float64Array;
  /** Variance along each of the k axes (eigenvalues of the sample covariance, divisor N − 1). */
  explainedVariance: Float64Array;
  /** `explainedVariance / total variance`. */
  explainedVarianceRatio: Float64Array;
  /** Column means. */
  mean: Float64Array;
  /** Sum of all variances (trace of the covariance). */
  totalVariance: number;
}

/** Progress steps of {@link pcaSteps}: a fraction in [0, 1]. */
export type Fraction = number;

const BLOCK = 8;

/**
 * Sample covariance (divisor N − 1) of the N×D row-major `data`, and the column means, accumulated in
 * one pass in float64. Yields the fraction of rows done.
 */
export function* covarianceSteps(data: ArrayLike<number>, n: number, d: number): Generator<Fraction, { cov: Float64Array; mean: Float64Array }> {
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
  const mean = new Float64Array(d);
  for (let j = 0; j < d; j++) mean[j] = shift[j] + sum[j] / n;
  // Σ(x−m)(x−m)ᵀ = Σ(x−s)(x−s)ᵀ − n (m−s)(m−s)ᵀ
  for (let i = 0; i < d; i++)
    for (let j = i; j < d; j++) {
      const v = (c[i * d + j] - (sum[i] * sum[j]) / n) / (n - 1);
      c[i * d + j] = c[j * d + i] = v;
    }
  return { cov: c, mean };
}

/**
 * PCA of the N×D row-major `data` keeping `k` components. Yields fractions in [0, 1]: covariance pass
 * to 0.5, eigen-decomposition to 0.95, projection to 1.
 */
export function* pcaSteps(data: ArrayLike<number>, n: number, d: number, k: number): Generator<Fraction, PCAFit> {
  const cg = covarianceSteps(data, n, d);
  let r = cg.next();
  for (; !r.done; r = cg.next()) yield 0.5 * r.value;
  const { cov, mean } = r.value;
  let totalVariance = 0;
  for (let i = 0; i < d; i++) totalVariance += cov[i * d + i];
  const eg = symmetricEigenSteps(cov, d);
  let e = eg.next();
  for (; !e.done; e = eg.next()) yield 0.5 + 0.45 * e.value;
  const { values, vectors } = e.value;
  const kk = Math.min(k, d);
  const components = vectors.slice(0, k * d);
  if (kk < k) components.fill(0, kk * d); // D < k: the missing axes are zero
  const explainedVariance = new Float64Array(k);
  const explainedVarianceRatio = new Float64Array(k);
  for (let c = 0; c < kk; c++) {
    explainedVariance[c] = Math.max(0, values[c]);
    explainedVarianceRatio[c] = totalVariance > 0 ? explainedVariance[c] / totalVariance : 0;
  }
  const positions = new Float32Array(n * k);
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) row[j] = data[o + j] - mean[j];
    for (let c = 0; c < kk; c++) {
      let s = 0;
      const co = c * d;
      for (let j = 0; j < d; j++) s += row[j] * components[co + j];
      positions[i * k + c] = s;
    }
    if (i % 4096 == 4095) yield 0.95 + (0.05 * i) / n;
  }
  // Finite data can still project beyond float32's range (values near ±3.4e38): say so, never return Infinity.
  checkLayout('pca', positions, k, 'in the final projection');
  return { positions, components, explainedVariance, explainedVarianceRatio, mean, totalVariance };
}

/**
 * Exact PCA of the N×D row-major `data` keeping `k` components (float64 covariance, full eigen-decomposition),
 * run to completion on the calling thread.
 */
export function pcaFit(data: ArrayLike<number>, n: number, d: number, k: number): PCAFit {
  return drain(pcaSteps(data, n, d, k));
}
