// t-SNE (van der Maaten & Hinton 2008) with the Barnes-Hut approximation of the repulsive forces
// (van der Maaten 2014): perplexity calibrated per point by bisection, symmetric sparse P over the
// 3·perplexity nearest neighbours (all pairs when exact), early exaggeration, momentum and
// delta-bar-delta gains. The gradients (exact, and Barnes-Hut over a Morton-sorted quadtree in 2D or
// octree in 3D, in flat typed arrays) are in tsne-gradient.ts.
import { drain } from './eigen';
import { allKnnSteps } from './knn';
import { pcaSteps } from './pca';
import { gaussian, mulberry32 } from './random';
import { nonFiniteLayout } from './validate';
import { bhGradientSteps, exactGradient, SpaceTree } from './tsne-gradient';

/** t-SNE parameters (all optional). */
export interface TsneParams {
  /** Effective number of neighbours, default 30; clamped to (N − 1) / 3 for small N. */
  perplexity?: number;
  /** Gradient-descent iterations, default 500 (the first half, at most 250, with early exaggeration). */
  iterations?: number;
  /** Step size, default `'auto'`: max(N / earlyExaggeration / 4, 50). */
  learningRate?: number | 'auto';
  /**
   * Barnes-Hut accuracy, default 0.6: a cell of the tree acts as one body at its centre of mass on a group of
   * nearby points when its width is below `theta` times its distance to the group's bounding box (0: exact forces
   * through the tree). Measured from the box, not from each point, this is stricter than scikit-learn's per-point
   * `angle`: at 0.6 the repulsion's relative error on a clustered 10,000-point layout was 0.9%, against 1.5% for
   * the per-point criterion at scikit-learn's default angle 0.5.
   */
  theta?: number;
  /** Factor on P during the first iterations, default 12. */
  earlyExaggeration?: number;
  /**
   * Exact O(N²) P and gradient up to this N (default 250); Barnes-Hut above. Barnes-Hut is as good from a few hundred
   * rows (same trustworthiness@10 on Fashion-MNIST at 500–2000 rows) and 2–12× faster (measured at 500–2000 rows).
   */
  exactBelow?: number;
  /** Reduce D to this many principal components first (exact PCA) when D is larger, default 50. */
  pcaDims?: number;
  /** Initial layout, default `'pca'` (first principal components scaled to a std of 1e-4). */
  init?: 'pca' | 'random';
}

/** One step reported by the projection generators; `undefined` is a bare yield point. */
export interface Step {
  progress: number;
  iteration: number;
  positions?: Float32Array;
}

/**
 * Calibrates one row: finds β so that p_j ∝ exp(−β·d2_j) over the given squared distances has entropy
 * log(perplexity) (natural log) within `tol`. Writes p (summing to 1) into `out`; returns β.
 */
export function calibrateRow(d2: ArrayLike<number>, offset: number, count: number, perplexity: number, out: Float64Array, outOffset: number, tol = 1e-5): number {
  const target = Math.log(perplexity);
  let dmin = Infinity;
  for (let j = 0; j < count; j++) dmin = Math.min(dmin, d2[offset + j]);
  let beta = 1;
  let lo = 0;
  let hi = Infinity;
  // scale the starting β to the distances so the search starts near the answer
  let mean = 0;
  for (let j = 0; j < count; j++) mean += d2[offset + j] - dmin;
  mean /= count;
  if (mean > 0) beta = 1 / mean;
  for (let iter = 0; iter < 200; iter++) {
    let sum = 0;
    let wsum = 0;
    for (let j = 0; j < count; j++) {
      const dd = d2[offset + j] - dmin;
      const p = Math.exp(-beta * dd);
      out[outOffset + j] = p;
      sum += p;
      wsum += dd * p;
    }
    const h = Math.log(sum) + (beta * wsum) / sum;
    const diff = h - target;
    if (Math.abs(diff) < tol) break;
    if (diff > 0) {
      // too flat: sharpen
      lo = beta;
      beta = hi === Infinity ? beta * 2 : (beta + hi) / 2;
    } else {
      hi = beta;
      beta = (beta + lo) / 2;
    }
  }
  let sum = 0;
  for (let j = 0; j < count; j++) sum += out[outOffset + j];
  for (let j = 0; j < count; j++) out[outOffset + j] /= sum;
  return beta;
}

/** Symmetric sparse P in CSR form (row pointers, column indices, values), Σ P = 1. */
export interface SparseP {
  rowPtr: Int32Array;
  cols: Int32Array;
  vals: Float64Array;
}

/** P_ij = (p_j|i + p_i|j) / 2N from conditional probabilities over k neighbours per row (N×k). */
export function symmetrize(n: number, k: number, nbr: Int32Array, cond: Float64Array): SparseP {
  return drain(symmetrizeSteps(n, k, nbr, cond));
}

/** {@link symmetrize} as a generator: a bare yield every 1024 rows. */
export function* symmetrizeSteps(n: number, k: number, nbr: Int32Array, cond: Float64Array): Generator<undefined, SparseP> {
  // transpose counts
  const inCount = new Int32Array(n + 1);
  for (let t = 0; t < n * k; t++) inCount[nbr[t] + 1]++;
  for (let i = 0; i < n; i++) inCount[i + 1] += inCount[i];
  const inSrc = new Int32Array(n * k);
  const inVal = new Float64Array(n * k);
  const fill = inCount.slice(0, n);
  for (let i = 0; i < n; i++)
    for (let t = 0; t < k; t++) {
      const j = nbr[i * k + t];
      inSrc[fill[j]] = i;
      inVal[fill[j]++] = cond[i * k + t];
    }
  const acc = new Float64Array(n);
  const seen = new Int32Array(n).fill(-1);
  // A row's partners: its k neighbours plus every row that has it as a neighbour (a hub can have many more than k).
  let maxIn = 0;
  for (let i = 0; i < n; i++) maxIn = Math.max(maxIn, inCount[i + 1] - inCount[i]);
  const touched = new Int32Array(k + maxIn);
  const rowPtr = new Int32Array(n + 1);
  const cols = new Int32Array(2 * n * k);
  const vals = new Float64Array(2 * n * k);
  let nnz = 0;
  const scale = 1 / (2 * n);
  for (let i = 0; i < n; i++) {
    if ((i & 1023) === 1023) yield;
    let m = 0;
    for (let t = 0; t < k; t++) {
      const j = nbr[i * k + t];
      if (seen[j] !== i) {
        seen[j] = i;
        acc[j] = 0;
        touched[m++] = j;
      }
      acc[j] += cond[i * k + t];
    }
    for (let t = inCount[i]; t < inCount[i + 1]; t++) {
      const j = inSrc[t];
      if (seen[j] !== i) {
        seen[j] = i;
        acc[j] = 0;
        touched[m++] = j;
      }
      acc[j] += inVal[t];
    }
    for (let t = 0; t < m; t++) {
      cols[nnz] = touched[t];
      vals[nnz++] = acc[touched[t]] * scale;
    }
    rowPtr[i + 1] = nnz;
  }
  return { rowPtr, cols: cols.slice(0, nnz), vals: vals.slice(0, nnz) };
}

/** Squared euclidean distance between rows i and j of an N×d array. */
function dist2(x: ArrayLike<number>, d: number, i: number, j: number): number {
  let s = 0;
  for (let t = 0; t < d; t++) {
    const u = x[i * d + t] - x[j * d + t];
    s += u * u;
  }
  return s;
}

/** Resolved t-SNE settings after defaults and clamps. */
export function tsneSettings(n: number, p: TsneParams) {
  const iterations = p.iterations ?? 500;
  const earlyExaggeration = p.earlyExaggeration ?? 12;
  return {
    perplexity: Math.max(1, Math.min(p.perplexity ?? 30, (n - 1) / 3)),
    iterations,
    exaggerationIterations: Math.min(250, Math.floor(iterations / 2)),
    earlyExaggeration,
    learningRate: p.learningRate == null || p.learningRate === 'auto' ? Math.max(n / earlyExaggeration / 4, 50) : p.learningRate,
    theta: p.theta ?? 0.6,
    exact: n <= (p.exactBelow ?? 250),
    pcaDims: p.pcaDims ?? 50,
    init: p.init ?? 'pca',
  };
}

/**
 * t-SNE of the N×D `data` into `dims` dimensions. Yields {@link Step}s (positions every `streamEvery`
 * iterations) and bare yield points; returns the N×dims layout.
 */
export function* tsneSteps(data: ArrayLike<number>, n: number, D: number, dims: number, params: TsneParams, seed: number, streamEvery: number): Generator<Step | undefined, Float32Array> {
  const s = tsneSettings(n, params);
  const rand = mulberry32(seed);
  // 1. optional PCA (exact, all points) — also gives the PCA initialisation
  let x: ArrayLike<number> = data;
  let d = D;
  let init: Float32Array | null = null;
  if (D > s.pcaDims || s.init === 'pca') {
    const k = D > s.pcaDims ? s.pcaDims : Math.min(dims, D);
    const g = pcaSteps(data, n, D, k);
    let r = g.next();
    for (; !r.done; r = g.next()) yield { progress: 0.1 * r.value, iteration: 0 };
    if (D > s.pcaDims) {
      x = r.value.positions;
      d = k;
    }
    init = r.value.positions; // columns sorted by variance; first `dims` columns are the PCA init
    if (s.init !== 'pca') init = null;
    else {
      const kk = k;
      const pc = new Float32Array(n * dims);
      for (let i = 0; i < n; i++) for (let t = 0; t < Math.min(dims, kk); t++) pc[i * dims + t] = init[i * kk + t];
      init = pc;
    }
  }
  // 2. P
  let denseP: Float64Array | null = null;
  let sparseP: SparseP | null = null;
  if (s.exact) {
    const d2 = new Float64Array(n * (n - 1));
    for (let i = 0; i < n; i++) {
      let c = 0;
      for (let j = 0; j < n; j++) if (j !== i) d2[i * (n - 1) + c++] = dist2(x, d, i, j);
    }
    const cond = new Float64Array(n * (n - 1));
    for (let i = 0; i < n; i++) {
      calibrateRow(d2, i * (n - 1), n - 1, s.perplexity, cond, i * (n - 1));
      if ((i & 255) === 255) yield { progress: 0.1 + (0.2 * i) / n, iteration: 0 };
    }
    denseP = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      let c = 0;
      for (let j = 0; j < n; j++) if (j !== i) denseP[i * n + j] += cond[i * (n - 1) + c++] / (2 * n);
    }
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++) {
        const v = denseP[i * n + j] + denseP[j * n + i];
        denseP[i * n + j] = denseP[j * n + i] = v;
      }
  } else {
    const k = Math.min(n - 1, Math.floor(3 * s.perplexity));
    const g = allKnnSteps(x, n, d, k);
    let r = g.next();
    for (; !r.done; r = g.next()) yield { progress: 0.1 + 0.18 * r.value, iteration: 0 };
    const { indices, dist2: nd2 } = r.value;
    const cond = new Float64Array(n * k);
    for (let i = 0; i < n; i++) {
      calibrateRow(nd2, i * k, k, s.perplexity, cond, i * k);
      if ((i & 255) === 255) yield { progress: 0.28 + (0.02 * i) / n, iteration: 0 };
    }
    sparseP = yield* symmetrizeSteps(n, k, indices, cond);
    yield { progress: 0.3, iteration: 0 };
  }
  // 3. layout
  const y = new Float64Array(n * dims);
  if (init) {
    let m = 0;
    let v = 0;
    for (let i = 0; i < n; i++) m += init[i * dims];
    m /= n;
    for (let i = 0; i < n; i++) v += (init[i * dims] - m) ** 2;
    const sd = Math.sqrt(v / n);
    if (sd > 0) for (let t = 0; t < n * dims; t++) y[t] = (init[t] / sd) * 1e-4;
    else init = null;
  }
  if (!init) for (let t = 0; t < n * dims; t++) y[t] = gaussian(rand) * 1e-4;
  const grad = new Float64Array(n * dims);
  const update = new Float64Array(n * dims);
  const gains = new Float64Array(n * dims).fill(1);
  const rep = new Float64Array(n * dims);
  const tree = denseP ? null : new SpaceTree(dims);
  const stack = new Int32Array(tree ? tree.stackSize : 0);
  const mean = new Float64Array(dims);
  for (let it = 0; it < s.iterations; it++) {
    const early = it < s.exaggerationIterations;
    const exag = early ? s.earlyExaggeration : 1;
    const momentum = early ? 0.5 : 0.8;
    if (denseP) exactGradient(y, n, dims, denseP, exag, grad, rep);
    else yield* bhGradientSteps(y, n, sparseP!, exag, s.theta, tree!, grad, rep, stack);
    mean.fill(0);
    for (let t = 0; t < n * dims; t++) {
      const g = grad[t];
      const gain = (gains[t] = Math.max(0.01, (g > 0) !== (update[t] > 0) ? gains[t] + 0.2 : gains[t] * 0.8));
      update[t] = momentum * update[t] - s.learningRate * gain * g;
      y[t] += update[t];
      mean[t % dims] += y[t];
    }
    for (let t = 0; t < n * dims; t++) y[t] -= mean[t % dims] / n;
    // The mean sums every coordinate: a NaN or an overflow anywhere shows there. Never return a blank layout.
    for (let t = 0; t < dims; t++) {
      if (!Number.isFinite(mean[t])) throw nonFiniteLayout('tsne', `at iteration ${it + 1} of ${s.iterations}`, s.exact ? 'exact gradient' : 'Barnes-Hut gradient');
    }
    const last = it === s.iterations - 1;
    yield {
      progress: 0.3 + (0.7 * (it + 1)) / s.iterations,
      iteration: it + 1,
      positions: !last && streamEvery > 0 && (it + 1) % streamEvery === 0 ? Float32Array.from(y) : undefined,
    };
  }
  return Float32Array.from(y);
}
