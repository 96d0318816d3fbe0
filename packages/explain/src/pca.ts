// PCA on every row, two solvers. Exact: one pass over the rows accumulates the covariance (float64, rows shifted
// by the first row for accuracy, or rank-one updates over the non-zeros of data that is mostly zeros), then a full
// symmetric eigen-decomposition. Randomized (randomized-pca.ts): the top k eigenpairs only, by a block Krylov
// iteration. 'auto' picks the randomized one for a few components of many features.
import { covarianceSteps, type Fraction } from './covariance';
import { drain, symmetricEigenSteps } from './eigen';
import { resolvePCASolver, topEigenSteps, type PCASolver } from './randomized-pca';
import { columnStats, readRows, rowProducts, sparseCovarianceSteps } from './rows';
import { checkLayout } from './validate';

/** A PCA: what {@link pcaFit} returns. */
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

export { covarianceSteps, type Fraction } from './covariance';

/** Options of `pcaSteps` and {@link pcaFit}. */
export interface PCAStepOptions {
  /**
   * `'exact'`: full covariance and full eigen-decomposition. `'randomized'`: seeded randomized block Krylov
   * iteration for the top k only, converged to a residual of 1e-6 of the largest variance (on MNIST the variances
   * match the exact solver's to 1e-8 relative or better). `'auto'` (default):
   * see {@link resolvePCASolver}.
   */
  solver?: PCASolver;
}

/**
 * PCA of the N×D row-major `data` keeping `k` components (k > D gives zero axes past D). Yields fractions in [0, 1].
 * `options.solver` picks the eigen-solver (default `'auto'`, see {@link resolvePCASolver}); both centre the data, fix
 * each axis's sign the same way (largest-magnitude entry positive) and compute the total variance exactly.
 */
export function* pcaSteps(data: ArrayLike<number>, n: number, d: number, k: number, options: PCAStepOptions = {}): Generator<Fraction, PCAFit> {
  const kk = Math.min(k, d);
  const solver = n >= 2 ? resolvePCASolver(n, d, kk, options.solver) : 'exact';
  const rg = readRows(data, n, d);
  let rr = rg.next();
  for (; !rr.done; rr = rg.next()) yield 0.05 * rr.value;
  const rows = rr.value;
  let values: Float64Array, vectors: Float64Array, mean: Float64Array, totalVariance: number;
  if (solver === 'randomized') {
    const g = topEigenSteps(rows, kk);
    let r = g.next();
    for (; !r.done; r = g.next()) yield 0.05 + 0.85 * r.value;
    ({ values, vectors, mean, totalVariance } = r.value);
  } else {
    let cov: Float64Array;
    if (rows.sparse) {
      mean = columnStats(rows).mean;
      const cg = sparseCovarianceSteps(rows, mean);
      let r = cg.next();
      for (; !r.done; r = cg.next()) yield 0.05 + 0.45 * r.value;
      cov = r.value;
    } else {
      const cg = covarianceSteps(data, n, d);
      let r = cg.next();
      for (; !r.done; r = cg.next()) yield 0.05 + 0.45 * r.value;
      ({ cov, mean } = r.value);
    }
    totalVariance = 0;
    for (let i = 0; i < d; i++) totalVariance += cov[i * d + i];
    const eg = symmetricEigenSteps(cov, d);
    let e = eg.next();
    for (; !e.done; e = eg.next()) yield 0.5 + 0.4 * e.value;
    ({ values, vectors } = e.value);
  }
  const components = new Float64Array(k * d);
  components.set(vectors.subarray(0, kk * d)); // D < k: the missing axes are zero
  const explainedVariance = new Float64Array(k);
  const explainedVarianceRatio = new Float64Array(k);
  for (let c = 0; c < kk; c++) {
    explainedVariance[c] = Math.max(0, values[c]);
    explainedVarianceRatio[c] = totalVariance > 0 ? explainedVariance[c] / totalVariance : 0;
  }
  // Projections: (xᵢ − mean) · axis, all kept axes in one pass (in groups of 4, zeros skipped in sparse rows).
  const width = 4 * Math.ceil(kk / 4);
  const vt = new Float64Array(d * width); // D×width: the axes as columns
  for (let c = 0; c < kk; c++) for (let j = 0; j < d; j++) vt[j * width + c] = components[c * d + j];
  const projected = new Float64Array(n * width);
  for (const _ of rowProducts(rows, mean, vt, width, projected, null)) yield 0.95;
  const positions = new Float32Array(n * k);
  for (let i = 0; i < n; i++) for (let c = 0; c < kk; c++) positions[i * k + c] = projected[i * width + c];
  // Finite data can still project beyond float32's range (values near ±3.4e38): say so, never return Infinity.
  checkLayout('pca', positions, k, 'in the final projection');
  return { positions, components, explainedVariance, explainedVarianceRatio, mean, totalVariance };
}

/**
 * PCA of the N×D row-major `data` keeping `k` components, run to completion on the calling thread. `options.solver`
 * as in `pcaSteps` (default `'auto'`).
 */
export function pcaFit(data: ArrayLike<number>, n: number, d: number, k: number, options: PCAStepOptions = {}): PCAFit {
  return drain(pcaSteps(data, n, d, k, options));
}
