// Top-k PCA without a full eigen-decomposition: a seeded randomized block Krylov method (block Lanczos with
// full re-orthogonalisation, then Rayleigh–Ritz; Musco & Musco 2015, "Randomized block Krylov methods for
// stronger and faster approximate singular value decomposition"; Golub & Van Loan, "Matrix Computations",
// §10.3) applied to the covariance C = XcᵀXc / (N − 1) of the centred data Xc.
//
// C is applied to a block of b vectors in one of two ways, whichever the cost model says is cheaper:
//   explicit: C formed once (sparseCovarianceSteps or covarianceSteps), then C·Q costs D²·b;
//   implicit: one pass over X per block, Xcᵀ(Xc·Q) fused row by row, centring folded into the products,
//             each row read once for all b vectors (2·nnz·b multiply-adds; zeros skipped when X is mostly zeros).
// The Krylov space grows a block at a time until the residual ‖C u − θ u‖ of each of the k wanted Ritz pairs is
// below RESIDUAL_TOL · θ₁; at most it spans the whole space, where Rayleigh–Ritz is exact.
import { covarianceSteps, type Fraction } from './covariance';
import { symmetricEigenSteps } from './eigen';
import { gaussian, mulberry32 } from './random';
import { columnStats, rowProducts, sparseCovarianceSteps, WORK_PER_YIELD, type Rows } from './rows';
import type { PCAParams } from './types';

/** Which eigen-solver a PCA uses: see {@link resolvePCASolver}. */
export type PCASolver = NonNullable<PCAParams['solver']>;

/** The accepted values of `solver`. */
export const PCA_SOLVERS: readonly PCASolver[] = ['auto', 'exact', 'randomized'];

/** `'auto'` picks the randomized solver only from this many features up (below, the exact solver costs little). */
export const RANDOMIZED_MIN_FEATURES = 64;

/**
 * The solver `'auto'` stands for: `'randomized'` when D ≥ {@link RANDOMIZED_MIN_FEATURES} and k ≤ min(N, D) / 4
 * (a few components of many features: the Krylov space it needs is a small part of the whole), else `'exact'`.
 */
export function resolvePCASolver(n: number, d: number, k: number, solver: PCASolver = 'auto'): 'exact' | 'randomized' {
  if (solver !== 'auto') return solver;
  return d >= RANDOMIZED_MIN_FEATURES && 4 * k <= Math.min(n, d) ? 'randomized' : 'exact';
}

/** A Ritz pair is accepted when its residual ‖C u − θ u‖ ≤ RESIDUAL_TOL · θ₁ (θ₁: the largest Ritz value). */
export const RESIDUAL_TOL = 1e-6;
/** Above this many features the covariance is never formed (the randomized solver applies it implicitly). */
const MAX_EXPLICIT_FEATURES = 4096;
/** Seed of the random starting block (fixed: the same data gives the same result). */
const SEED = 0x9ca5eed;

/** What {@link topEigenSteps} returns: the k leading eigenpairs of the covariance and the column statistics. */
export interface TopEigen {
  /** Eigenvalues of the covariance (descending), k of them. */
  values: Float64Array;
  /** k×D row-major unit eigenvectors, the largest-magnitude entry of each positive. */
  vectors: Float64Array;
  mean: Float64Array;
  /** Trace of the covariance (sum of the column variances), computed exactly. */
  totalVariance: number;
  /** How C was applied, and the dimension of the Krylov space that was needed. */
  operator: 'explicit' | 'implicit';
  krylovDim: number;
}

/** z = C q for the explicit d×d covariance and a d×b row-major q (b a multiple of 4). */
function* explicitProduct(cov: Float64Array, d: number, q: Float64Array, b: number, z: Float64Array): Generator<undefined, void> {
  const rowsPerYield = Math.max(1, Math.floor(WORK_PER_YIELD / (d * b)));
  for (let i = 0; i < d; i++) {
    const row = i * d;
    for (let g = 0; g < b; g += 4) {
      let z0 = 0, z1 = 0, z2 = 0, z3 = 0;
      for (let j = 0; j < d; j++) {
        const c = cov[row + j];
        const o = j * b + g;
        z0 += c * q[o];
        z1 += c * q[o + 1];
        z2 += c * q[o + 2];
        z3 += c * q[o + 3];
      }
      const o = i * b + g;
      z[o] = z0;
      z[o + 1] = z1;
      z[o + 2] = z2;
      z[o + 3] = z3;
    }
    if (i % rowsPerYield === rowsPerYield - 1) yield;
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/**
 * Makes `x` orthogonal to every vector of `basis` (two passes of modified Gram–Schmidt: "twice is enough") and of
 * unit length. Returns false when nothing of it is left (it lay in the span of `basis`).
 */
function orthonormalise(x: Float64Array, basis: Float64Array[]): boolean {
  const norm0 = Math.sqrt(dot(x, x));
  if (!(norm0 > 0)) return false;
  for (let pass = 0; pass < 2; pass++)
    for (const u of basis) {
      const h = dot(u, x);
      for (let i = 0; i < x.length; i++) x[i] -= h * u[i];
    }
  const norm = Math.sqrt(dot(x, x));
  if (!(norm > 1e-10 * norm0)) return false;
  for (let i = 0; i < x.length; i++) x[i] /= norm;
  return true;
}

/**
 * The k leading eigenpairs of the sample covariance of `rows` (N ≥ 2, 1 ≤ k ≤ D), by the randomized block
 * Krylov method described at the top of this file. Yields fractions in [0, 1]. `operator` overrides the cost
 * model's choice of how C is applied (for tests).
 */
export function* topEigenSteps(rows: Rows, k: number, operator?: 'explicit' | 'implicit'): Generator<Fraction, TopEigen> {
  const { n, d, data, sparse, nnz, sumNnz2 } = rows;
  // 1. Column statistics, and the cheaper way to apply C (multiply-adds, with the Krylov dimension guessed).
  const { mean, totalVariance } = columnStats(rows);
  const expectedDim = Math.min(d, 2 * k + 20);
  const gramCost = sparse ? sumNnz2 / 2 : (n * d * d) / 2;
  const explicitCost = gramCost + expectedDim * d * d;
  const implicitCost = expectedDim * 2 * nnz;
  // The explicit covariance holds D² float64s: never past MAX_EXPLICIT_FEATURES features (128 MiB).
  const explicit = operator ? operator === 'explicit' : d <= MAX_EXPLICIT_FEATURES && explicitCost < implicitCost;
  // Block size: small blocks reach the wanted accuracy with the smallest Krylov space (measured on MNIST: k = 10
  // needs 40 vectors in blocks of 2, 52 in blocks of 4, 66 in blocks of 6), and the kernels want even widths.
  const block = Math.min(d, explicit || k >= 16 ? 4 : 2);
  const width = explicit ? 4 * Math.ceil(block / 4) : 2 * Math.ceil(block / 2); // kernel widths: multiples of 4 (explicit), 2 (rows)

  let product: (q: Float64Array, z: Float64Array) => Generator<undefined, void>;
  if (explicit) {
    const cg = sparse ? sparseCovarianceSteps(rows, mean) : covarianceSteps(data, n, d);
    let cr = cg.next();
    for (; !cr.done; cr = cg.next()) yield 0.4 * cr.value;
    const cov = cr.value instanceof Float64Array ? cr.value : cr.value.cov;
    product = (q, z) => explicitProduct(cov, d, q, width, z);
  } else {
    const s = 1 / (n - 1);
    product = function* (q, z) {
      yield* rowProducts(rows, mean, q, width, null, z);
      for (let t = 0; t < d * width; t++) z[t] *= s;
    };
  }
  const from = explicit ? 0.4 : 0;

  // 2. Block Krylov space: basis V (orthonormal), W = C V, T = Vᵀ C V.
  const rand = mulberry32(SEED);
  const basis: Float64Array[] = [];
  const images: Float64Array[] = [];
  let cap = Math.min(d, expectedDim + 2 * block);
  let T = new Float64Array(cap * cap);
  const fresh = (): Float64Array => Float64Array.from({ length: d }, () => gaussian(rand));
  let next: Float64Array[] = [];
  const fill = (candidates: Float64Array[]) => {
    // keep the candidates that add a direction; top up with random vectors if some were lost
    const out: Float64Array[] = [];
    const all = basis.slice();
    const want = Math.min(block, d - basis.length);
    for (let t = 0; out.length < want && t < candidates.length + 3 * want; t++) {
      const x = t < candidates.length ? candidates[t] : fresh();
      if (orthonormalise(x, all)) {
        out.push(x);
        all.push(x);
      }
    }
    return out;
  };
  next = fill(Array.from({ length: block }, fresh));
  let nextCheck = Math.min(d, Math.max(k + block, Math.ceil(1.5 * k) + block));
  let values: Float64Array = new Float64Array(0);
  let vectorsT: Float64Array = new Float64Array(0);
  let m = 0;
  const q = new Float64Array(d * width);
  const z = new Float64Array(d * width);
  for (;;) {
    const b = next.length;
    if (b === 0) break;
    q.fill(0);
    for (let c = 0; c < b; c++) for (let j = 0; j < d; j++) q[j * width + c] = next[c][j];
    const progress = from + (0.95 - from) * Math.min(0.95, m / expectedDim);
    for (const _ of product(q, z)) yield progress;
    const added: Float64Array[] = [];
    for (let c = 0; c < b; c++) {
      const w = new Float64Array(d);
      for (let j = 0; j < d; j++) w[j] = z[j * width + c];
      basis.push(next[c]);
      images.push(w);
      added.push(w);
    }
    // grow T
    if (basis.length > cap) {
      const bigger = Math.min(d, Math.max(basis.length, 2 * cap));
      const t2 = new Float64Array(bigger * bigger);
      for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) t2[i * bigger + j] = T[i * cap + j];
      T = t2;
      cap = bigger;
    }
    for (let p = m; p < basis.length; p++)
      for (let i = 0; i <= p; i++) T[i * cap + p] = T[p * cap + i] = dot(basis[i], images[p]);
    m = basis.length;
    yield from + (0.95 - from) * Math.min(0.95, m / expectedDim);
    if (m >= nextCheck || m >= d) {
      const tm = new Float64Array(m * m);
      for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) tm[i * m + j] = T[i * cap + j];
      const eg = symmetricEigenSteps(tm, m);
      let er = eg.next();
      for (; !er.done; er = eg.next()) yield from + (0.95 - from) * Math.min(0.95, m / expectedDim);
      values = er.value.values;
      vectorsT = er.value.vectors;
      if (m >= d || converged(values, vectorsT, m, k, basis, images, d)) break;
      // Each check costs an m×m eigen-decomposition: check often while that is cheap next to a product.
      nextCheck = Math.min(d, m < 48 && !explicit ? m + 1 : Math.max(m + block, Math.ceil((explicit ? 1.3 : 1.12) * m)));
    }
    next = fill(added.map((w) => Float64Array.from(w)));
  }

  // 3. Ritz vectors u = V y for the k leading Ritz values; sign: largest-magnitude entry positive.
  const kk = Math.min(k, m);
  const vectors = new Float64Array(k * d);
  for (let c = 0; c < kk; c++) {
    const u = vectors.subarray(c * d, (c + 1) * d);
    for (let j = 0; j < m; j++) {
      const y = vectorsT[c * m + j];
      const v = basis[j];
      for (let i = 0; i < d; i++) u[i] += y * v[i];
    }
    const norm = Math.sqrt(dot(u, u));
    let big = 0;
    for (let i = 0; i < d; i++) if (Math.abs(u[i]) > Math.abs(big)) big = u[i];
    const s = (big < 0 ? -1 : 1) / norm;
    for (let i = 0; i < d; i++) u[i] *= s;
  }
  return { values: values.slice(0, k), vectors, mean, totalVariance, operator: explicit ? 'explicit' : 'implicit', krylovDim: m };
}

/** True when each of the k leading Ritz pairs has ‖C u − θ u‖ ≤ RESIDUAL_TOL · θ₁ (u = V y, C u = W y). */
function converged(values: Float64Array, vectorsT: Float64Array, m: number, k: number, basis: Float64Array[], images: Float64Array[], d: number): boolean {
  if (m < k) return false;
  const top = Math.max(values[0], 1e-300);
  const r = new Float64Array(d);
  for (let c = k - 1; c >= 0; c--) {
    // the last pair converges last: test it first
    r.fill(0);
    const theta = values[c];
    for (let j = 0; j < m; j++) {
      const y = vectorsT[c * m + j];
      const v = basis[j];
      const w = images[j];
      for (let i = 0; i < d; i++) r[i] += y * (w[i] - theta * v[i]);
    }
    if (Math.sqrt(dot(r, r)) > RESIDUAL_TOL * top) return false;
  }
  return true;
}
