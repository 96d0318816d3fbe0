// Activation atlas build (issue 5 §7): buildActivationAtlas on 100k × 512 synthetic activations (seeded Gaussian
// clusters; the layout given: each cluster's 2-D anchor plus noise), levels [20, 40, 80, 160], minCount 3, top
// classes from a linear read-out [512, 10]. Timed from the call to the resolved atlas (copying the activations
// to the worker included). While it runs, a setTimeout(0) chain on the page records the longest gap between
// its turns: the most the build blocked the main thread. Figures for the worker (default) and for the sliced
// inline mode (worker: false), then with a UMAP layout computed by the build at a smaller N. No peer exists
// for this in JavaScript (Lucid builds atlases in Python): peer null.
import { buildActivationAtlas, type BuildAtlasOptions } from '@tensorlens/explain';
import { checkOutput, emit, median, rng, round, run } from './harness';

const LEVELS = [20, 40, 80, 160];

function synthetic(n: number, d: number, k: number, seed: number) {
  const r = rng(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  const centres = Float32Array.from({ length: k * d }, () => normal() * 3);
  const anchors = Float32Array.from({ length: k * 2 }, () => normal() * 10);
  const x = new Float32Array(n * d);
  const layout = new Float32Array(n * 2);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = Math.floor(r() * k);
    labels[i] = c % 10;
    for (let j = 0; j < d; j++) x[i * d + j] = centres[c * d + j] + normal();
    layout[2 * i] = anchors[2 * c] + 2 * normal();
    layout[2 * i + 1] = anchors[2 * c + 1] + 2 * normal();
  }
  const weights = Float32Array.from({ length: d * 10 }, () => normal() / Math.sqrt(d));
  return { x, layout, labels, weights };
}

/**
 * Runs `f` while a setTimeout(0) chain ticks; resolves with f's time, the longest gap between ticks, and the
 * longest main-thread task Chromium reported (PerformanceObserver 'longtask': tasks over 50 ms; 0 when none).
 */
async function timed(f: () => Promise<unknown>): Promise<{ ms: number; gap: number; task: number }> {
  let running = true;
  let gap = 0;
  let task = 0;
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) task = Math.max(task, e.duration);
  });
  obs.observe({ type: 'longtask' });
  let last = performance.now();
  const tick = () => {
    const now = performance.now();
    gap = Math.max(gap, now - last);
    last = now;
    if (running) setTimeout(tick, 0);
  };
  setTimeout(tick, 0);
  await new Promise((r) => setTimeout(r, 20));
  const t0 = performance.now();
  await f();
  const ms = performance.now() - t0;
  running = false;
  gap = Math.max(gap, performance.now() - last);
  await new Promise((r) => setTimeout(r, 50));
  for (const e of obs.takeRecords()) task = Math.max(task, e.duration);
  obs.disconnect();
  return { ms, gap, task };
}

run(async () => {
  const N = 100_000, D = 512, K = 50;
  const s = synthetic(N, D, K, 5);
  const data = `seeded Gaussian clusters (${K} centres, 10 classes), layout given (cluster anchors + noise), linear read-out [${D}, 10]`;
  const opts = (worker: boolean): BuildAtlasOptions => ({
    activations: { data: s.x, shape: [N, D] },
    layout: { data: s.layout, shape: [N, 2] },
    labels: s.labels,
    attributions: { weights: { data: s.weights, shape: [D, 10] } },
    levels: LEVELS,
    worker,
  });
  // the same tick chain on an idle page for 3 s: what the machine's scheduling alone costs
  const idle = round((await timed(() => new Promise((r) => setTimeout(r, 3000)))).gap);
  for (const worker of [true, false]) {
    const times: number[] = [];
    const gaps: number[] = [];
    const tasks: number[] = [];
    let cells: number[] = [];
    let layout: ArrayLike<number> = [];
    for (let rep = 0; rep < 3; rep++) {
      const { ms, gap, task } = await timed(async () => {
        const atlas = await buildActivationAtlas(opts(worker));
        cells = atlas.levels.map((l) => l.cellCount);
        layout = atlas.layout;
      });
      checkOutput(`atlas/build-${worker ? 'worker' : 'inline'} layout`, layout, N * 2); // outside the timing
      times.push(ms);
      gaps.push(gap);
      tasks.push(task);
    }
    await emit({
      bench: `atlas/build-${worker ? 'worker' : 'inline'}`,
      n: N,
      d: D,
      levels: LEVELS,
      ours_ms: round(median(times)),
      peer: null,
      peer_ms: null,
      ratio: null,
      reps: times.length,
      max_main_thread_gap_ms: round(Math.max(...gaps)),
      longest_task_ms: round(Math.max(...tasks)),
      idle_gap_ms: idle,
      kept_cells: cells,
      data,
    });
  }

  // UMAP layout computed by the build (cosine, seed 42), on the first 10k examples
  const M = 10_000;
  const phases: Record<string, number> = {};
  let layout: ArrayLike<number> = [];
  let t0 = 0;
  const { ms, gap, task } = await timed(async () => {
    t0 = performance.now();
    layout = (await buildActivationAtlas({
      activations: { data: s.x.subarray(0, M * D), shape: [M, D] },
      labels: s.labels.subarray(0, M),
      levels: LEVELS,
      onProgress: (p) => (phases[p.phase] ??= round(performance.now() - t0)),
    })).layout;
  });
  checkOutput('atlas/build-umap-worker layout (UMAP)', layout, M * 2);
  await emit({
    bench: 'atlas/build-umap-worker',
    n: M,
    d: D,
    levels: LEVELS,
    ours_ms: round(ms),
    peer: null,
    peer_ms: null,
    ratio: null,
    reps: 1,
    max_main_thread_gap_ms: round(gap),
    longest_task_ms: round(task),
    idle_gap_ms: idle,
    phase_start_ms: phases,
    data: `the first ${M} rows of the same data, layout 'umap' (explain's UMAP, cosine, default epochs)`,
  });
});
