// How well a 2-D/3-D layout (a projection) keeps labelled clusters apart, for projection tests.

/** Squared euclidean distance between points i and j of a flat layout with `dims` coordinates each. */
function squaredDistance(positions: ArrayLike<number>, dims: number, i: number, j: number): number {
  let sum = 0;
  for (let t = 0; t < dims; t++) sum += (positions[i * dims + t] - positions[j * dims + t]) ** 2;
  return sum;
}

/** Fraction of each point's `k` nearest layout neighbours that share its label (brute force). */
export function knnLabelAgreement(positions: ArrayLike<number>, dims: number, labels: Int32Array, k: number): number {
  const n = labels.length;
  let agree = 0;
  for (let i = 0; i < n; i++) {
    const distances: Array<[number, number]> = [];
    for (let j = 0; j < n; j++) if (j !== i) distances.push([squaredDistance(positions, dims, i, j), j]);
    distances.sort((a, b) => a[0] - b[0]);
    for (let t = 0; t < k; t++) if (labels[distances[t][1]] === labels[i]) agree++;
  }
  return agree / (n * k);
}

/** Mean silhouette coefficient of a layout with the given labels (euclidean distances). */
export function silhouette(positions: ArrayLike<number>, dims: number, labels: Int32Array): number {
  const n = labels.length;
  const clusterCount = Math.max(...labels) + 1;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const sum = new Float64Array(clusterCount);
    const count = new Float64Array(clusterCount);
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      sum[labels[j]] += Math.sqrt(squaredDistance(positions, dims, i, j));
      count[labels[j]]++;
    }
    const own = sum[labels[i]] / count[labels[i]];
    let nearestOther = Infinity;
    for (let c = 0; c < clusterCount; c++) if (c !== labels[i]) nearestOther = Math.min(nearestOther, sum[c] / count[c]);
    total += (nearestOther - own) / Math.max(own, nearestOther);
  }
  return total / n;
}

/**
 * Scores of the n × d row-major `x` on its first principal axis, by `iterations` steps of power iteration on the
 * covariance in float64: an independent reference for PCA tests (it shares no code with explain).
 */
export function firstComponentScores(x: ArrayLike<number>, n: number, d: number, iterations: number): Float64Array {
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += x[i * d + j] / n;
  let v = new Float64Array(d).fill(1 / Math.sqrt(d));
  for (let it = 0; it < iterations; it++) {
    const w = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += (x[i * d + j] - mean[j]) * v[j];
      for (let j = 0; j < d; j++) w[j] += s * (x[i * d + j] - mean[j]);
    }
    const norm = Math.hypot(...w);
    v = w.map((q) => q / norm);
  }
  return Float64Array.from({ length: n }, (_, i) => {
    let s = 0;
    for (let j = 0; j < d; j++) s += (x[i * d + j] - mean[j]) * v[j];
    return s;
  });
}
