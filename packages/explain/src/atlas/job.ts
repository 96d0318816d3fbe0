// The atlas computation as a generator, run flat out by atlas.worker.ts or in ~20 ms slices on the calling
// thread (worker: false). Input arrays are float32 copies the job may keep (the caller's data is never
// touched). Kept free of the projection code so the atlas worker stays small.
import { fail, indexName } from '@tensorlens/core';
import type { AtlasLevel } from './types';
import { atlasBounds, atlasCellOf } from './grid';

/** Everything the job reads, as flat typed arrays (transferable). */
export interface AtlasJobInput {
  /** [n * d] activations. */
  activations: Float32Array;
  n: number;
  d: number;
  /** [n * 2] layout. */
  layout: Float32Array;
  /** [n] class ids, validated by the caller (0 ≤ label < numClasses), or null. */
  labels: Int32Array | null;
  /** [n * c] per-example attributions, or null. */
  attributions: Float32Array | null;
  /** [d * c] read-out weights and [c] bias (zeros when none was given), or null. */
  weights: Float32Array | null;
  bias: Float32Array | null;
}

/** The serialisable settings of a job (defaults already filled in and checked). */
export interface AtlasJobOptions {
  levels: number[];
  minCount: number;
  topK: number;
  examplesPerCell: number;
  keepMeans: boolean;
  numClasses: number;
  scoreKind: 'attribution' | 'labels' | 'none';
  /** The caller already checked the inputs are finite (before computing a layout): skip the scans. */
  checked: boolean;
}

/** What the job computes (the rest of an ActivationAtlas is known to the caller). */
export interface AtlasJobResult {
  bounds: [number, number, number, number];
  levels: AtlasLevel[];
}

/** A progress step: `fraction` is 0..1 within the job. */
export interface AtlasJobStep {
  phase: 'read' | 'bin' | 'stats';
  fraction: number;
}

/** Every buffer of a job result, for a transfer list. */
export function atlasResultBuffers(r: AtlasJobResult): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const l of r.levels)
    for (const a of [l.cells, l.counts, l.means, l.topClasses, l.topScores, l.examples, l.offsets, l.members]) if (a) out.push(a.buffer as ArrayBuffer);
  return out;
}

const READ_SHARE = 0.08; // of the job's progress: the finiteness scans
const ROWS_PER_YIELD = 256;

// Hot loops as plain functions (optimised on their own, outside the generator).
function addRow(sum: Float64Array, a: Float32Array, o: number, d: number): void {
  let q = 0;
  for (; q + 3 < d; q += 4) {
    sum[q] += a[o + q];
    sum[q + 1] += a[o + q + 1];
    sum[q + 2] += a[o + q + 2];
    sum[q + 3] += a[o + q + 3];
  }
  for (; q < d; q++) sum[q] += a[o + q];
}

/** Σ (a[o + q] − mean[q])², summed in order q = 0, 1, … (the reference order). */
function squaredDistance(a: Float32Array, o: number, mean: Float64Array, d: number): number {
  let s = 0;
  for (let q = 0; q < d; q++) {
    const v = a[o + q] - mean[q];
    s += v * v;
  }
  return s;
}

/** Throws 'nan' naming the first NaN/±Infinity (as `name[row, col]`); yields every 1M elements. */
function* finite(a: ArrayLike<number>, rows: number, cols: number, name: string): Generator<undefined, void> {
  const CH = 1 << 20;
  for (let o = 0; o < a.length; o += CH) {
    const e = Math.min(a.length, o + CH);
    for (let i = o; i < e; i++) {
      const v = a[i];
      if (v - v !== 0) throw fail('nan', indexName(name, i, [rows, cols]), 'a finite number', String(v));
    }
    yield;
  }
}

/**
 * Throws 'nan' naming the first NaN/±Infinity of the activations, the layout (when given), the attributions or
 * the read-out weights; yields every 1M elements.
 */
export function* atlasFiniteSteps(
  inp: { activations: ArrayLike<number>; n: number; d: number; layout: ArrayLike<number> | null; attributions: ArrayLike<number> | null; weights: ArrayLike<number> | null },
  numClasses: number,
): Generator<undefined, void> {
  const { n, d } = inp;
  yield* finite(inp.activations, n, d, 'activations');
  if (inp.layout) yield* finite(inp.layout, n, 2, 'layout');
  if (inp.attributions) yield* finite(inp.attributions, n, numClasses, 'attributions');
  if (inp.weights) yield* finite(inp.weights, d, numClasses, 'attributions.weights');
}

/**
 * Builds every level of an atlas: checks the inputs are finite (unless `o.checked`), computes the bounds, bins the layout into
 * each level's grid, drops cells under `minCount`, and per kept cell computes the count, mean activation,
 * members (CSR, ascending), the examples nearest the mean, and the top classes.
 */
export function* atlasSteps(inp: AtlasJobInput, o: AtlasJobOptions): Generator<AtlasJobStep | undefined, AtlasJobResult> {
  const { activations: act, n, d, layout, labels, attributions: attr, weights, bias } = inp;
  const C = o.numClasses;
  const readShare = o.checked ? 0 : READ_SHARE;
  if (!o.checked) {
    yield { phase: 'read', fraction: 0 };
    yield* atlasFiniteSteps(inp, C);
    yield { phase: 'read', fraction: readShare };
  }

  const bounds = atlasBounds(layout, n);
  const L = o.levels.length;
  const levels: AtlasLevel[] = [];
  const K = o.topK, E = o.examplesPerCell;
  const cellOf = new Uint32Array(n);
  const sum = new Float64Array(d);
  const mean = new Float64Array(d);
  const cls = new Float64Array(Math.max(C, 1));
  const exDist = new Float64Array(E), exIdx = new Int32Array(E);
  const topS = new Float64Array(K), topC = new Int32Array(K);

  for (let li = 0; li < L; li++) {
    const g = o.levels[li];
    const base = readShare + ((1 - readShare) * li) / L;
    const share = (1 - readShare) / L;
    yield { phase: 'bin', fraction: base };
    // bin: the grid cell of each point, and per-cell counts
    const gridCount = new Uint32Array(g * g);
    for (let i = 0; i < n; i++) {
      const k = atlasCellOf(layout[2 * i], layout[2 * i + 1], bounds, g);
      cellOf[i] = k;
      gridCount[k]++;
      if ((i & 16383) === 16383) yield undefined;
    }
    yield undefined;
    // kept cells (ascending grid index) and the CSR of their members
    let cellCount = 0, kept = 0;
    for (let k = 0; k < g * g; k++)
      if (gridCount[k] >= o.minCount) {
        cellCount++;
        kept += gridCount[k];
      }
    const cells = new Uint32Array(cellCount);
    const counts = new Uint32Array(cellCount);
    const offsets = new Uint32Array(cellCount + 1);
    const slot = new Int32Array(g * g).fill(-1); // grid index → kept cell index
    for (let k = 0, j = 0; k < g * g; k++)
      if (gridCount[k] >= o.minCount) {
        slot[k] = j;
        cells[j] = k;
        counts[j] = gridCount[k];
        offsets[j + 1] = offsets[j] + gridCount[k];
        j++;
      }
    const members = new Uint32Array(kept);
    const fill = offsets.slice(0, cellCount);
    for (let i = 0; i < n; i++) {
      const j = slot[cellOf[i]];
      if (j >= 0) members[fill[j]++] = i;
    }
    yield { phase: 'bin', fraction: base + 0.05 * share };

    // per-cell statistics
    const means = o.keepMeans ? new Float32Array(cellCount * d) : null;
    yield undefined;
    const topClasses = new Int32Array(cellCount * K).fill(-1);
    const topScores = new Float32Array(cellCount * K).fill(NaN);
    const examples = new Int32Array(cellCount * E).fill(-1);
    let rows = 0;
    for (let j = 0; j < cellCount; j++) {
      const m0 = offsets[j], m1 = offsets[j + 1], cnt = m1 - m0;
      sum.fill(0);
      for (let t = m0; t < m1; t++) {
        addRow(sum, act, members[t] * d, d);
        if (++rows % ROWS_PER_YIELD === 0) yield rows % (ROWS_PER_YIELD * 16) ? undefined : { phase: 'stats', fraction: base + share * (0.05 + (0.95 * rows) / (2 * kept)) };
      }
      for (let q = 0; q < d; q++) mean[q] = sum[q] / cnt;
      if (means) for (let q = 0; q < d; q++) means[j * d + q] = mean[q];

      // examples nearest the mean (euclidean; ties to the lower index), kept sorted in exDist/exIdx
      let ne = 0;
      for (let t = m0; t < m1; t++) {
        const i = members[t];
        const s = squaredDistance(act, i * d, mean, d);
        if (E > 0 && (ne < E || s < exDist[ne - 1])) {
          // members ascend, so an equal distance never displaces an earlier (lower) index
          let p = ne < E ? ne++ : E - 1;
          while (p > 0 && exDist[p - 1] > s) {
            exDist[p] = exDist[p - 1];
            exIdx[p] = exIdx[p - 1];
            p--;
          }
          exDist[p] = s;
          exIdx[p] = i;
        }
        if (++rows % ROWS_PER_YIELD === 0) yield rows % (ROWS_PER_YIELD * 16) ? undefined : { phase: 'stats', fraction: base + share * (0.05 + (0.95 * rows) / (2 * kept)) };
      }
      for (let p = 0; p < ne; p++) examples[j * E + p] = exIdx[p];

      // class scores of the cell
      if (o.scoreKind === 'none') continue;
      cls.fill(0);
      let present: Float64Array | null = null; // labels: only classes with members are listed
      if (attr) {
        for (let t = m0; t < m1; t++) {
          const o2 = members[t] * C;
          for (let c = 0; c < C; c++) cls[c] += attr[o2 + c];
        }
        for (let c = 0; c < C; c++) cls[c] /= cnt;
      } else if (weights) {
        for (let c = 0; c < C; c++) cls[c] = bias ? bias[c] : 0;
        for (let q = 0; q < d; q++) {
          const mq = mean[q];
          if (mq === 0) continue;
          const o2 = q * C;
          for (let c = 0; c < C; c++) cls[c] += mq * weights[o2 + c];
        }
      } else if (labels) {
        for (let t = m0; t < m1; t++) cls[labels[members[t]]]++;
        for (let c = 0; c < C; c++) cls[c] /= cnt;
        present = cls;
      }
      // top K by score (descending; ties to the lower class id)
      let nk = 0;
      for (let c = 0; c < C; c++) {
        const s = cls[c];
        if (present && !(s > 0)) continue;
        if (nk < K || s > topS[nk - 1]) {
          let p = nk < K ? nk++ : K - 1;
          while (p > 0 && topS[p - 1] < s) {
            topS[p] = topS[p - 1];
            topC[p] = topC[p - 1];
            p--;
          }
          topS[p] = s;
          topC[p] = c;
        }
      }
      for (let p = 0; p < nk; p++) {
        topClasses[j * K + p] = topC[p];
        topScores[j * K + p] = topS[p];
      }
    }
    levels.push({ grid: g, cellCount, cells, counts, means, topClasses, topScores, examples, offsets, members, dropped: n - kept });
    yield { phase: 'stats', fraction: base + share };
  }
  return { bounds, levels };
}
