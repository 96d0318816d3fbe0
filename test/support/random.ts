// Seeded random data, so a test draws the same numbers on every run.

/** A seeded uniform generator on [0, 1) (mulberry32). */
export function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One standard normal draw from a uniform generator (Box–Muller). */
export function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/**
 * Gaussian clusters in `dims` dimensions: `count` centres drawn with spread `separation`, `perCluster` points
 * each with unit spread; point i belongs to cluster i mod count. Rows are flat in `data` (n × dims).
 */
export function clusters(count: number, perCluster: number, dims: number, separation: number, seed: number): { data: Float32Array; labels: Int32Array; n: number } {
  const random = rng(seed);
  const n = count * perCluster;
  const centres = Array.from({ length: count }, () => Array.from({ length: dims }, () => normal(random) * separation));
  const data = new Float32Array(n * dims);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const k = i % count;
    labels[i] = k;
    for (let j = 0; j < dims; j++) data[i * dims + j] = centres[k][j] + normal(random);
  }
  return { data, labels, n };
}

/**
 * 2-D Gaussian clusters for plots: `k` centres on a circle of radius 10, spread `spread`; point i belongs to
 * cluster i mod k. (The point cloud's tests' `clusters(n, k, seed, s)`.)
 */
export function ringClusters(n: number, k: number, seed = 1, spread = 1): { x: Float32Array; y: Float32Array; category: Uint8Array } {
  const random = rng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  const category = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % k;
    const dx = gauss();
    const dy = gauss();
    x[i] = 10 * Math.cos((2 * Math.PI * c) / k) + dx * spread;
    y[i] = 10 * Math.sin((2 * Math.PI * c) / k) + dy * spread;
    category[i] = c;
  }
  return { x, y, category };
}
