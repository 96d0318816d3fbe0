// Confusion matrix: first render and re-normalisation at 10, 100 and 1000 classes, 1M examples.
// No peer is named for this figure; `ratio` is null. Timings are from create()/update() to
// whenRendered(), i.e. counts computed, cells drawn, and the frame on screen.
import { createConfusionMatrix } from '@tensorlens/charts';
import { emit, median, rng, round, run } from './harness';

const N = 1_000_000;

/** Realistic labels: Zipf-like class frequencies, 80% correct, errors mostly to nearby classes. */
function makeLabels(C: number, seed: number): { yTrue: Int32Array; yPred: Int32Array } {
  const rand = rng(seed);
  const cum = new Float64Array(C);
  let s = 0;
  for (let c = 0; c < C; c++) cum[c] = s += 1 / Math.pow(c + 1, 0.6);
  const yTrue = new Int32Array(N);
  const yPred = new Int32Array(N);
  for (let i = 0; i < N; i++) {
    const u = rand() * s;
    let lo = 0;
    let hi = C - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    yTrue[i] = lo;
    const r = rand();
    if (r < 0.8) yPred[i] = lo;
    else if (r < 0.95) yPred[i] = (lo + 1 + Math.floor(rand() * Math.min(4, C - 1))) % C;
    else yPred[i] = Math.floor(rand() * C);
  }
  return { yTrue, yPred };
}

run(async () => {
  const stage = document.getElementById('stage')!;
  for (const C of [10, 100, 1000]) {
    const classes = Array.from({ length: C }, (_, i) => `class ${i}`);
    const { yTrue, yPred } = makeLabels(C, 42 + C);
    const first: number[] = [];
    for (let rep = 0; rep < 5; rep++) {
      const t0 = performance.now();
      const cm = createConfusionMatrix(stage, { yTrue, yPred, classes });
      await cm.whenRendered();
      first.push(performance.now() - t0);
      cm.destroy();
    }
    await emit({ bench: 'confusion-matrix/first-render', n: N, classes: C, ours_ms: round(median(first)), peer: null, peer_ms: null, ratio: null, reps: first.length });

    const cm = createConfusionMatrix(stage, { yTrue, yPred, classes });
    await cm.whenRendered();
    const renorm: number[] = [];
    for (let rep = 0; rep < 3; rep++) {
      for (const normalize of ['true', 'pred', 'all', 'none'] as const) {
        const t0 = performance.now();
        cm.update({ normalize });
        await cm.whenRendered();
        renorm.push(performance.now() - t0);
      }
    }
    cm.destroy();
    await emit({ bench: 'confusion-matrix/renormalise', n: N, classes: C, ours_ms: round(median(renorm)), peer: null, peer_ms: null, ratio: null, reps: renorm.length });
  }
});
