import { describe, expect, it } from 'vitest';
import { pcaFit } from '../src/pca';
import { symmetricEigen } from '../src/eigen';
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
