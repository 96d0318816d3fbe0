// Seeded test data.
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
export function normal(r: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

/** Gaussian clusters: `c` centres at distance ~`sep` apart in D dims, `per` points each, unit spread. */
export function clusters(c: number, per: number, D: number, sep: number, seed: number): { data: Float32Array; labels: Int32Array; n: number } {
  const r = rng(seed);
  const n = c * per;
  const centres = Array.from({ length: c }, () => Array.from({ length: D }, () => normal(r) * sep));
  const data = new Float32Array(n * D);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const k = i % c;
    labels[i] = k;
    for (let j = 0; j < D; j++) data[i * D + j] = centres[k][j] + normal(r);
  }
  return { data, labels, n };
}

/** Fraction of each point's `k` nearest layout neighbours that share its label. */
export function knnLabelAgreement(pos: ArrayLike<number>, dims: number, labels: Int32Array, k: number): number {
  const n = labels.length;
  let agree = 0;
  for (let i = 0; i < n; i++) {
    const d: [number, number][] = [];
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let s = 0;
      for (let t = 0; t < dims; t++) s += (pos[i * dims + t] - pos[j * dims + t]) ** 2;
      d.push([s, j]);
    }
    d.sort((a, b) => a[0] - b[0]);
    for (let t = 0; t < k; t++) if (labels[d[t][1]] === labels[i]) agree++;
  }
  return agree / (n * k);
}

/** Mean silhouette coefficient of a layout with the given labels (euclidean). */
export function silhouette(pos: ArrayLike<number>, dims: number, labels: Int32Array): number {
  const n = labels.length;
  const c = Math.max(...labels) + 1;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const sum = new Float64Array(c);
    const cnt = new Float64Array(c);
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let s = 0;
      for (let t = 0; t < dims; t++) s += (pos[i * dims + t] - pos[j * dims + t]) ** 2;
      sum[labels[j]] += Math.sqrt(s);
      cnt[labels[j]]++;
    }
    const a = sum[labels[i]] / cnt[labels[i]];
    let b = Infinity;
    for (let k = 0; k < c; k++) if (k !== labels[i]) b = Math.min(b, sum[k] / cnt[k]);
    total += (b - a) / Math.max(a, b);
  }
  return total / n;
}
