/** How classes are ordered along both axes. */
export type ClassOrder = 'given' | 'frequency' | 'accuracy' | 'seriation';

/**
 * Orders the classes `keep` (indices into the C×C matrix `m`, default all).
 * - given: as listed;
 * - frequency: by support (row total), largest first;
 * - accuracy: by per-class accuracy (recall), highest first; classes without examples last;
 * - seriation: classes confused with each other are pulled into contiguous blocks (spectral order
 *   of the symmetrised confusion graph, per connected component).
 * Ties keep the given order. Returns the ordered class indices.
 */
export function orderClasses(m: ArrayLike<number>, C: number, order: ClassOrder, keep?: ArrayLike<number>): Int32Array {
  const idx = keep ? Int32Array.from(keep) : Int32Array.from({ length: C }, (_, i) => i);
  if (order === 'given' || idx.length < 2) return idx;
  const row = new Float64Array(C);
  for (let i = 0; i < C; i++) {
    let s = 0;
    for (let j = 0; j < C; j++) s += m[i * C + j];
    row[i] = s;
  }
  if (order === 'frequency') return stableSort(idx, (i) => -row[i]);
  if (order === 'accuracy') return stableSort(idx, (i) => (row[i] > 0 ? -m[i * C + i] / row[i] : Infinity));
  return seriate(m, C, idx, row);
}

function stableSort(idx: Int32Array, key: (i: number) => number): Int32Array {
  const pos = new Map<number, number>();
  idx.forEach((v, i) => pos.set(v, i));
  const keys = new Map<number, number>();
  for (const i of idx) keys.set(i, key(i));
  return Int32Array.from([...idx].sort((a, b) => keys.get(a)! - keys.get(b)! || pos.get(a)! - pos.get(b)!));
}

/**
 * Spectral seriation: weights w_ij = m_ij / n_i + m_ji / n_j (confusion rates both ways),
 * connected components found first; inside each, classes are sorted by the second eigenvector of
 * the lazy random walk on the graph (the normalised-Laplacian Fiedler vector), found by power
 * iteration on the sparse graph. Components follow each other, largest first.
 */
function seriate(m: ArrayLike<number>, C: number, idx: Int32Array, row: Float64Array): Int32Array {
  const n = idx.length;
  // sparse symmetric adjacency over local indices 0..n-1
  const adj: Array<Array<[number, number]>> = Array.from({ length: n }, () => []);
  for (let a = 0; a < n; a++) {
    const i = idx[a];
    for (let b = a + 1; b < n; b++) {
      const j = idx[b];
      const w = (row[i] > 0 ? m[i * C + j] / row[i] : 0) + (row[j] > 0 ? m[j * C + i] / row[j] : 0);
      if (w > 0) {
        adj[a].push([b, w]);
        adj[b].push([a, w]);
      }
    }
  }
  const comp = new Int32Array(n).fill(-1);
  const comps: number[][] = [];
  for (let s = 0; s < n; s++) {
    if (comp[s] >= 0) continue;
    const list = [s];
    comp[s] = comps.length;
    for (let q = 0; q < list.length; q++) {
      for (const [b] of adj[list[q]]) {
        if (comp[b] < 0) {
          comp[b] = comps.length;
          list.push(b);
        }
      }
    }
    comps.push(list.sort((x, y) => x - y));
  }
  comps.sort((x, y) => y.length - x.length || x[0] - y[0]);
  const out: number[] = [];
  for (const list of comps) {
    if (list.length < 3) {
      for (const a of list) out.push(idx[a]);
      continue;
    }
    const v = fiedler(list, adj, comp);
    const order = list.map((a, k) => [v[k], k, a] as const).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    for (const [, , a] of order) out.push(idx[a]);
  }
  return Int32Array.from(out);
}

function fiedler(list: number[], adj: Array<Array<[number, number]>>, _comp: Int32Array): Float64Array {
  const k = list.length;
  const local = new Int32Array(adj.length);
  list.forEach((a, i) => (local[a] = i));
  // flat CSR of the component for fast sparse products
  const start = new Int32Array(k + 1);
  for (let i = 0; i < k; i++) start[i + 1] = start[i] + adj[list[i]].length;
  const nb = new Int32Array(start[k]);
  const wt = new Float64Array(start[k]);
  const deg = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let e = start[i];
    for (const [b, w] of adj[list[i]]) {
      nb[e] = local[b];
      wt[e++] = w;
      deg[i] += w;
    }
  }
  let dsum = 0;
  for (let i = 0; i < k; i++) dsum += deg[i];
  let x = new Float64Array(k);
  let y = new Float64Array(k);
  let seed = 12345;
  for (let i = 0; i < k; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    x[i] = seed / 0x7fffffff - 0.5 + i / k; // deterministic start
  }
  for (let it = 0; it < 300; it++) {
    // y = (x + D^-1 W x) / 2
    for (let i = 0; i < k; i++) {
      let s = 0;
      for (let e = start[i]; e < start[i + 1]; e++) s += wt[e] * x[nb[e]];
      y[i] = 0.5 * (x[i] + s / deg[i]);
    }
    // remove the stationary (constant) component in the D inner product, normalise
    let mean = 0;
    for (let i = 0; i < k; i++) mean += deg[i] * y[i];
    mean /= dsum;
    let norm = 0;
    for (let i = 0; i < k; i++) {
      y[i] -= mean;
      norm += y[i] * y[i];
    }
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < k; i++) y[i] /= norm;
    const t = x;
    x = y;
    y = t;
  }
  return x;
}
