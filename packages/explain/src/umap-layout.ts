// UMAP's fuzzy graph and its layout (McInnes, Healy & Melville 2018), on flat typed arrays: a CSR graph, float32
// positions, no per-edge objects, so 100k points and their ~2M edges fit in a few tens of megabytes and an epoch
// is a tight loop. The steps follow the paper and the reference implementation's published algorithm:
//   1. smooth kNN distances: per row, rho = distance to the nearest neighbour and sigma such that
//      Σ_j exp(−(d_j − rho)/sigma) = log2(nNeighbors) (binary search);
//   2. membership w_ij = exp(−(d_ij − rho_i)/sigma_i), made symmetric by the fuzzy union w + wᵀ − w∘wᵀ;
//   3. stochastic gradient descent on the fuzzy cross-entropy: every edge is sampled in proportion to its weight
//      (once per epochsPerSample epochs), pulled together, and each sample pushes its head away from a few random
//      points (negative sampling), with the low-dimensional similarity 1/(1 + a·d^(2b)).
import type { Step } from './tsne';
import { gaussian } from './random';
import { nonFiniteLayout } from './validate';
import type { KnnGraph } from './nn-descent';

/** A sparse symmetric N×N matrix in compressed sparse rows. */
export interface FuzzyGraph {
  /** Row i's entries are at rowStart[i] … rowStart[i + 1] − 1. */
  rowStart: Int32Array;
  cols: Int32Array;
  weights: Float32Array;
}

/**
 * The a, b of the low-dimensional similarity 1/(1 + a·x^(2b)) that best fits (least squares over x in
 * [0, 3·spread], 300 points) the curve that is 1 up to `minDist` and exp(−(x − minDist)/spread) beyond —
 * a Levenberg–Marquardt fit of two parameters. minDist 0.1, spread 1 gives a ≈ 1.577, b ≈ 0.895.
 */
export function fitAB(spread: number, minDist: number): { a: number; b: number } {
  const m = 300;
  const xs = new Float64Array(m);
  const ys = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    xs[i] = (3 * spread * i) / (m - 1);
    ys[i] = xs[i] < minDist ? 1 : Math.exp(-(xs[i] - minDist) / spread);
  }
  const cost = (a: number, b: number): number => {
    let s = 0;
    for (let i = 0; i < m; i++) s += (1 / (1 + a * xs[i] ** (2 * b)) - ys[i]) ** 2;
    return s;
  };
  let a = 1, b = 1, lambda = 1e-3;
  let c = cost(a, b);
  for (let it = 0; it < 200; it++) {
    // normal equations JᵀJ δ = −Jᵀr of the residuals r = f − y
    let jaa = 0, jab = 0, jbb = 0, ga = 0, gb = 0;
    for (let i = 0; i < m; i++) {
      const x = xs[i];
      if (x === 0) continue; // f = 1 at x = 0 whatever a, b
      const u = x ** (2 * b);
      const f = 1 / (1 + a * u);
      const r = f - ys[i];
      const da = -u * f * f;
      const db = -a * u * 2 * Math.log(x) * f * f;
      jaa += da * da;
      jab += da * db;
      jbb += db * db;
      ga += da * r;
      gb += db * r;
    }
    let improved = false;
    for (let tries = 0; tries < 30 && !improved; tries++) {
      const A = jaa * (1 + lambda), B = jbb * (1 + lambda);
      const det = A * B - jab * jab;
      const sa = -(B * ga - jab * gb) / det;
      const sb = -(A * gb - jab * ga) / det;
      const na = a + sa, nb = b + sb;
      const nc = na > 0 && nb > 0 ? cost(na, nb) : Infinity;
      if (nc < c) {
        improved = true;
        const small = c - nc < 1e-14 * (1 + c);
        a = na;
        b = nb;
        c = nc;
        lambda = Math.max(lambda / 10, 1e-12);
        if (small) return { a, b };
      } else lambda *= 10;
    }
    if (!improved) break;
  }
  return { a, b };
}

const SMOOTH_ITERATIONS = 64;
const SMOOTH_TOLERANCE = 1e-5;
const MIN_SIGMA_SCALE = 1e-3;
const ROWS_PER_YIELD = 2048;

/**
 * The fuzzy simplicial set of a kNN graph: per-row rho and sigma (smooth kNN distances, the target sum
 * log2(k + 1): a row's k neighbours plus itself, as UMAP counts `nNeighbors`), memberships, and their fuzzy union
 * w + wᵀ − w∘wᵀ as a symmetric CSR matrix. Yields the fraction done.
 */
export function* fuzzyGraphSteps(knn: KnnGraph, n: number): Generator<number, FuzzyGraph> {
  const { indices, distances, k } = knn;
  const target = Math.log2(k + 1);
  const w = new Float32Array(n * k);
  let meanAll = 0, count = 0;
  for (let t = 0; t < n * k; t++) {
    if (indices[t] >= 0) {
      meanAll += distances[t];
      count++;
    }
  }
  meanAll = count ? meanAll / count : 0;
  for (let i = 0; i < n; i++) {
    const o = i * k;
    let rho = 0, mean = 0, m = 0;
    for (let t = o; t < o + k; t++) {
      if (indices[t] < 0) continue;
      if (rho === 0 && distances[t] > 0) rho = distances[t];
      mean += distances[t];
      m++;
    }
    mean = m ? mean / m : 0;
    let lo = 0, hi = Infinity, sigma = 1;
    for (let it = 0; it < SMOOTH_ITERATIONS; it++) {
      let s = 0;
      for (let t = o; t < o + k; t++) {
        if (indices[t] < 0) continue;
        const e = distances[t] - rho;
        s += e > 0 ? Math.exp(-e / sigma) : 1;
      }
      if (Math.abs(s - target) < SMOOTH_TOLERANCE) break;
      if (s > target) {
        hi = sigma;
        sigma = (lo + hi) / 2;
      } else {
        lo = sigma;
        sigma = hi === Infinity ? sigma * 2 : (lo + hi) / 2;
      }
    }
    sigma = Math.max(sigma, MIN_SIGMA_SCALE * (rho > 0 ? mean : meanAll));
    for (let t = o; t < o + k; t++) {
      if (indices[t] < 0 || indices[t] === i) continue;
      const e = distances[t] - rho;
      w[t] = e <= 0 || sigma === 0 ? 1 : Math.exp(-e / sigma);
    }
    if ((i + 1) % ROWS_PER_YIELD === 0) yield (0.5 * i) / n;
  }
  // the transpose in CSR: for each j, the rows i that list j and their memberships
  const inStart = new Int32Array(n + 1);
  for (let t = 0; t < n * k; t++) if (indices[t] >= 0) inStart[indices[t] + 1]++;
  for (let j = 0; j < n; j++) inStart[j + 1] += inStart[j];
  const inRow = new Int32Array(inStart[n]);
  const inW = new Float32Array(inStart[n]);
  const fillAt = inStart.slice(0, n);
  for (let i = 0; i < n; i++) {
    for (let t = i * k; t < (i + 1) * k; t++) {
      const j = indices[t];
      if (j < 0) continue;
      const p = fillAt[j]++;
      inRow[p] = i;
      inW[p] = w[t];
    }
  }
  // union row by row: out-entries, then in-entries merged through a scratch map column → slot
  const rowStart = new Int32Array(n + 1);
  const cols = new Int32Array(2 * n * k);
  const weights = new Float32Array(2 * n * k);
  const slot = new Int32Array(n).fill(-1);
  let nnz = 0;
  for (let i = 0; i < n; i++) {
    const start = nnz;
    for (let t = i * k; t < (i + 1) * k; t++) {
      const j = indices[t];
      if (j < 0 || w[t] === 0) continue;
      slot[j] = nnz;
      cols[nnz] = j;
      weights[nnz++] = w[t];
    }
    for (let p = inStart[i]; p < inStart[i + 1]; p++) {
      const j = inRow[p], v = inW[p];
      if (v === 0) continue;
      const s = slot[j];
      if (s >= 0) weights[s] = weights[s] + v - weights[s] * v;
      else {
        cols[nnz] = j;
        weights[nnz++] = v;
      }
    }
    for (let p = start; p < nnz; p++) slot[cols[p]] = -1;
    rowStart[i + 1] = nnz;
    if ((i + 1) % ROWS_PER_YIELD === 0) yield 0.5 + (0.5 * i) / n;
  }
  return { rowStart, cols: cols.slice(0, nnz), weights: weights.slice(0, nnz) };
}

/**
 * An initial layout: the N×D data on its first `dims` principal axes (found by subspace iteration: a few
 * passes over the rows, cheap at any N), scaled to [0, 10] on each axis, plus a tiny seeded jitter that
 * separates duplicate rows. Yields between passes.
 */
export function* pcaInitSteps(data: ArrayLike<number>, n: number, d: number, dims: number, rand: () => number): Generator<undefined, Float32Array> {
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) mean[t] += data[i * d + t];
  for (let t = 0; t < d; t++) mean[t] /= n;
  const q = new Float64Array(d * dims); // d×dims, column c at q[t * dims + c]
  for (let t = 0; t < d * dims; t++) q[t] = gaussian(rand);
  const z = new Float64Array(n * dims);
  const next = new Float64Array(d * dims);
  const orthonormalise = (m: Float64Array) => {
    for (let c = 0; c < dims; c++) {
      for (let p = 0; p < c; p++) {
        let s = 0;
        for (let t = 0; t < d; t++) s += m[t * dims + c] * m[t * dims + p];
        for (let t = 0; t < d; t++) m[t * dims + c] -= s * m[t * dims + p];
      }
      let s = 0;
      for (let t = 0; t < d; t++) s += m[t * dims + c] ** 2;
      const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
      for (let t = 0; t < d; t++) m[t * dims + c] *= inv;
    }
  };
  const project = () => {
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < dims; c++) {
        let s = 0;
        for (let t = 0; t < d; t++) s += (data[i * d + t] - mean[t]) * q[t * dims + c];
        z[i * dims + c] = s;
      }
    }
  };
  orthonormalise(q);
  for (let pass = 0; pass < 12; pass++) {
    project();
    next.fill(0);
    for (let i = 0; i < n; i++) {
      for (let t = 0; t < d; t++) {
        const v = data[i * d + t] - mean[t];
        for (let c = 0; c < dims; c++) next[t * dims + c] += v * z[i * dims + c];
      }
    }
    q.set(next);
    orthonormalise(q);
    yield undefined;
  }
  project();
  const out = new Float32Array(n * dims);
  for (let c = 0; c < dims; c++) {
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < n; i++) {
      lo = Math.min(lo, z[i * dims + c]);
      hi = Math.max(hi, z[i * dims + c]);
    }
    const scale = hi > lo ? 10 / (hi - lo) : 0;
    for (let i = 0; i < n; i++) out[i * dims + c] = (z[i * dims + c] - lo) * scale + 1e-4 * gaussian(rand);
  }
  return out;
}

/** Parameters of {@link layoutSteps}. */
export interface LayoutParams {
  a: number;
  b: number;
  nEpochs: number;
  /** Negative samples per positive sample, default 5. */
  negativeSampleRate?: number;
  /** Initial learning rate, decaying linearly to 0, default 1. */
  learningRate?: number;
  /** Seed of the negative sampling. */
  seed: number;
  /** Stream a copy of the layout every this many epochs (0: never). */
  streamEvery: number;
  /** Progress reported goes from `progressFrom` to 1. */
  progressFrom: number;
}

const EDGES_PER_YIELD = 1 << 17;
const CLIP = 4;

// The gradient coefficients are smooth functions of the squared distance q² alone, and evaluating them (a power
// with a fractional exponent, i.e. exp and log) was two thirds of an epoch. They are read from tables instead,
// indexed by q²'s float32 bit pattern: its exponent and 10 leading mantissa bits pick an entry (1024 per octave),
// the 13 bits left interpolate linearly to the next. Relative error below 1e-6 (tested); q² outside
// [2⁻²⁴, 2²⁴) is computed exactly.
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const MANTISSA_DROP = 13;
const FRACTION = 1 / (1 << MANTISSA_DROP);
const TABLE_FIRST = 0x33800000 >>> MANTISSA_DROP; // 2^-24
const TABLE_END = 0x4b800000 >>> MANTISSA_DROP; // 2^24

/** A table of f over q² ∈ [2⁻²⁴, 2²⁴] for {@link tabulated}. */
export function coefficientTable(f: (q2: number) => number): Float32Array {
  const table = new Float32Array(TABLE_END - TABLE_FIRST + 1);
  for (let t = 0; t < table.length; t++) {
    u32[0] = (t + TABLE_FIRST) << MANTISSA_DROP;
    table[t] = f(f32[0]);
  }
  return table;
}

/** f(q2) read from its {@link coefficientTable} (q2 > 0), or computed where the table does not reach. */
export function tabulated(table: Float32Array, f: (q2: number) => number, q2: number): number {
  f32[0] = q2;
  const bits = u32[0];
  const t = (bits >>> MANTISSA_DROP) - TABLE_FIRST;
  if (t < 0 || t >= TABLE_END - TABLE_FIRST) return f(q2);
  const lo = table[t];
  return lo + (table[t + 1] - lo) * (bits & ((1 << MANTISSA_DROP) - 1)) * FRACTION;
}

/** The sampled edges of the layout, as parallel arrays. */
interface Edges {
  head: Int32Array;
  tail: Int32Array;
  perSample: Float32Array;
  nextSample: Float32Array;
  nextNegative: Float32Array;
  count: number;
}

/** The attraction and repulsion coefficients of UMAP's gradient for a, b, exact and tabulated. */
interface Gradient {
  attract: (q2: number) => number;
  repel: (q2: number) => number;
  attractTable: Float32Array;
  repelTable: Float32Array;
}

/** d(log of the low-dimensional similarity)/d(q²) terms: attraction −2ab·q^(2(b−1))/(1 + a·q^(2b)), repulsion 2b/((0.001 + q²)(1 + a·q^(2b))). */
export function gradient(a: number, b: number): Gradient {
  const attract = (q2: number) => {
    const pb1 = Math.exp((b - 1) * Math.log(q2));
    return (-2 * a * b * pb1) / (1 + a * pb1 * q2);
  };
  const repel = (q2: number) => (2 * b) / ((0.001 + q2) * (1 + a * Math.exp(b * Math.log(q2))));
  return { attract, repel, attractTable: coefficientTable(attract), repelTable: coefficientTable(repel) };
}

/**
 * One epoch's SGD over edges e0 … e1 − 1 (a plain function, not a generator, so the engine optimises the hot
 * loop). `state` is the xorshift32 state of the negative sampling; returns the new state.
 */
function sgdEdges(edges: Edges, e0: number, e1: number, epoch: number, alpha: number, y: Float32Array, dims: number, n: number, grad: Gradient, negRate: number, state: number): number {
  const { head, tail, perSample, nextSample, nextNegative } = edges;
  const { attract, repel, attractTable, repelTable } = grad;
  for (let e = e0; e < e1; e++) {
    if (nextSample[e] > epoch) continue;
    const i = head[e] * dims, j = tail[e] * dims;
    let d2 = 0;
    for (let c = 0; c < dims; c++) {
      const u = y[i + c] - y[j + c];
      d2 += u * u; // not u ** 2: V8 compiles ** to a full pow call
    }
    if (d2 > 0) {
      const coeff = tabulated(attractTable, attract, d2);
      for (let c = 0; c < dims; c++) {
        let g = coeff * (y[i + c] - y[j + c]);
        g = g > CLIP ? CLIP : g < -CLIP ? -CLIP : g;
        y[i + c] += g * alpha;
        y[j + c] -= g * alpha;
      }
    }
    nextSample[e] += perSample[e];
    const perNegative = perSample[e] / negRate;
    const negatives = Math.floor((epoch - nextNegative[e]) / perNegative);
    for (let s = 0; s < negatives; s++) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      const k = Math.floor((state >>> 0) * n * 2.3283064365386963e-10) * dims; // uniform in 0 … n − 1 (float maths: no integer division)
      if (k === i) continue;
      let q2 = 0;
      for (let c = 0; c < dims; c++) {
        const u = y[i + c] - y[k + c];
        q2 += u * u;
      }
      if (q2 > 0) {
        const coeff = tabulated(repelTable, repel, q2);
        for (let c = 0; c < dims; c++) {
          let g = coeff * (y[i + c] - y[k + c]);
          g = g > CLIP ? CLIP : g < -CLIP ? -CLIP : g;
          y[i + c] += g * alpha;
        }
      } else {
        for (let c = 0; c < dims; c++) y[i + c] += CLIP * alpha;
      }
    }
    if (negatives > 0) nextNegative[e] += negatives * perNegative;
  }
  return state;
}

/** {@link sgdEdges} for 2-D layouts: the same steps with the coordinates unrolled and the table reads inlined. */
function sgdEdges2(edges: Edges, e0: number, e1: number, epoch: number, alpha: number, y: Float32Array, n: number, grad: Gradient, negRate: number, state: number): number {
  const { head, tail, perSample, nextSample, nextNegative } = edges;
  const { attract, repel, attractTable, repelTable } = grad;
  const last = TABLE_END - TABLE_FIRST;
  const mask = (1 << MANTISSA_DROP) - 1;
  for (let e = e0; e < e1; e++) {
    if (nextSample[e] > epoch) continue;
    const i = head[e] * 2, j = tail[e] * 2;
    const yi0 = y[i], yi1 = y[i + 1];
    const u0 = yi0 - y[j], u1 = yi1 - y[j + 1];
    const d2 = u0 * u0 + u1 * u1;
    let x0 = yi0, x1 = yi1;
    if (d2 > 0) {
      f32[0] = d2;
      const bits = u32[0];
      const t = (bits >>> MANTISSA_DROP) - TABLE_FIRST;
      const coeff = t < 0 || t >= last ? attract(d2) : attractTable[t] + (attractTable[t + 1] - attractTable[t]) * (bits & mask) * FRACTION;
      let g0 = coeff * u0, g1 = coeff * u1;
      g0 = g0 > CLIP ? CLIP : g0 < -CLIP ? -CLIP : g0;
      g1 = g1 > CLIP ? CLIP : g1 < -CLIP ? -CLIP : g1;
      x0 += g0 * alpha;
      x1 += g1 * alpha;
      y[j] -= g0 * alpha;
      y[j + 1] -= g1 * alpha;
    }
    nextSample[e] += perSample[e];
    const perNegative = perSample[e] / negRate;
    const negatives = Math.floor((epoch - nextNegative[e]) / perNegative);
    for (let s = 0; s < negatives; s++) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      const k = Math.floor((state >>> 0) * n * 2.3283064365386963e-10) * 2;
      if (k === i) continue;
      const v0 = x0 - y[k], v1 = x1 - y[k + 1];
      const q2 = v0 * v0 + v1 * v1;
      if (q2 > 0) {
        f32[0] = q2;
        const bits = u32[0];
        const t = (bits >>> MANTISSA_DROP) - TABLE_FIRST;
        const coeff = t < 0 || t >= last ? repel(q2) : repelTable[t] + (repelTable[t + 1] - repelTable[t]) * (bits & mask) * FRACTION;
        let g0 = coeff * v0, g1 = coeff * v1;
        g0 = g0 > CLIP ? CLIP : g0 < -CLIP ? -CLIP : g0;
        g1 = g1 > CLIP ? CLIP : g1 < -CLIP ? -CLIP : g1;
        x0 += g0 * alpha;
        x1 += g1 * alpha;
      } else {
        x0 += CLIP * alpha;
        x1 += CLIP * alpha;
      }
    }
    y[i] = x0;
    y[i + 1] = x1;
    if (negatives > 0) nextNegative[e] += negatives * perNegative;
  }
  return state;
}

/**
 * Optimises the N×dims layout `y` (in place) for the fuzzy graph: SGD with negative sampling, as UMAP.
 * Edges lighter than max/nEpochs are never sampled. Yields progress within epochs and after each, with a copy of
 * the layout every `streamEvery` epochs; throws {@link nonFiniteLayout} as soon as an epoch leaves a non-finite
 * coordinate.
 */
export function* layoutSteps(graph: FuzzyGraph, n: number, dims: number, y: Float32Array, p: LayoutParams): Generator<Step | undefined, Float32Array> {
  const { rowStart, cols, weights } = graph;
  const { a, b, nEpochs, streamEvery, progressFrom } = p;
  const negRate = p.negativeSampleRate ?? 5;
  const lr = p.learningRate ?? 1;
  let wMax = 0;
  for (let t = 0; t < weights.length; t++) wMax = Math.max(wMax, weights[t]);
  // keep the edges sampled at least once: weight ≥ max/nEpochs
  let m = 0;
  for (let t = 0; t < weights.length; t++) if (weights[t] >= wMax / nEpochs) m++;
  const head = new Int32Array(m), tail = new Int32Array(m);
  const perSample = new Float32Array(m); // epochs between two samples of the edge
  const nextSample = new Float32Array(m);
  const nextNegative = new Float32Array(m);
  m = 0;
  for (let i = 0; i < n; i++) {
    for (let t = rowStart[i]; t < rowStart[i + 1]; t++) {
      if (weights[t] < wMax / nEpochs) continue;
      head[m] = i;
      tail[m] = cols[t];
      perSample[m] = wMax / weights[t];
      nextSample[m] = perSample[m];
      nextNegative[m] = perSample[m] / negRate;
      m++;
    }
  }
  const edges: Edges = { head, tail, perSample, nextSample, nextNegative, count: m };
  const grad = gradient(a, b);
  const rng = { state: (p.seed ^ 0x9e3779b9) | 0 || 1 }; // xorshift32 for negative samples
  const span = 1 - progressFrom;
  for (let epoch = 0; epoch < nEpochs; epoch++) {
    const alpha = lr * (1 - epoch / nEpochs);
    for (let e0 = 0; e0 < m; e0 += EDGES_PER_YIELD) {
      const e1 = Math.min(m, e0 + EDGES_PER_YIELD);
      rng.state = dims === 2 ? sgdEdges2(edges, e0, e1, epoch, alpha, y, n, grad, negRate, rng.state) : sgdEdges(edges, e0, e1, epoch, alpha, y, dims, n, grad, negRate, rng.state);
      if (e1 < m) yield { progress: progressFrom + (span * (epoch + e1 / m)) / nEpochs, iteration: epoch };
    }
    // the sum of every coordinate is NaN or infinite as soon as one is: a cheap check each epoch
    let sum = 0;
    for (let t = 0; t < y.length; t++) sum += y[t];
    if (!Number.isFinite(sum)) throw nonFiniteLayout('umap', `at epoch ${epoch + 1} of ${nEpochs}`);
    const last = epoch === nEpochs - 1;
    yield {
      progress: progressFrom + (span * (epoch + 1)) / nEpochs,
      iteration: epoch + 1,
      positions: !last && streamEvery > 0 && (epoch + 1) % streamEvery === 0 ? y.slice() : undefined,
    };
  }
  return y;
}
