// The t-SNE gradient: exact (all pairs, for small N) and Barnes-Hut (van der Maaten 2014), both in flat typed
// arrays with no per-node objects and no recursion.
//
// The Barnes-Hut tree is rebuilt every iteration from a Morton (Z-order) sort of the layout: each point's cell at
// the deepest level is quantised to 16 bits per axis in 2D (10 in 3D) and the bits interleaved into one key, so that
// after a radix sort of the keys every quadtree/octree cell is one contiguous range of the sorted points. The tree
// is then built breadth-first by splitting ranges on the next key digit, its centres of mass come from prefix sums
// of the sorted positions. The repulsion walks the tree (explicit stack) once per group of at most 64 nearby points
// — a cell of the tree, so a contiguous range in Morton order — building one list of far cells and near points that
// every point of the group then sums in a tight loop: far fewer walks, and no branches in the inner loop.
import type { SparseP } from './tsne';

/** Number of float64 slots per tree node: centre of mass (3), accept distance², count, first child, child count, first point. */
const STRIDE = 8;
const CX = 0, CY = 1, CZ = 2, ACCEPT = 3, COUNT = 4, CHILD = 5, NCHILD = 6, START = 7;
/** A cell holding at most this many points is a leaf (its points interact directly). */
const LEAF = 4;

/** Spreads the low 16 bits of v so that bit b lands at bit 2b. */
function spread2(v: number): number {
  v &= 0xffff;
  v = (v | (v << 8)) & 0x00ff00ff;
  v = (v | (v << 4)) & 0x0f0f0f0f;
  v = (v | (v << 2)) & 0x33333333;
  v = (v | (v << 1)) & 0x55555555;
  return v;
}

/** Spreads the low 10 bits of v so that bit b lands at bit 3b. */
function spread3(v: number): number {
  v &= 0x3ff;
  v = (v | (v << 16)) & 0x030000ff;
  v = (v | (v << 8)) & 0x0300f00f;
  v = (v | (v << 4)) & 0x030c30c3;
  v = (v | (v << 2)) & 0x09249249;
  return v;
}

/** Growable scratch lists of one group's interactions: far cells (centre of mass, count) and near points. */
class Interactions {
  far = new Float64Array(0); // x, y, z, count per cell
  near = new Float64Array(0); // x, y, z per point
  nFar = 0;
  nNear = 0;
  reserve(cells: number, points: number): void {
    if (this.far.length < 4 * cells) this.far = new Float64Array(4 * cells);
    if (this.near.length < 3 * points) this.near = new Float64Array(3 * points);
  }
}

/**
 * A quadtree (2D) or octree (3D) over a layout, rebuilt by {@link SpaceTree.build} each iteration; every array is
 * allocated once and grown when needed.
 */
export class SpaceTree {
  readonly dims: 2 | 3;
  /** Bits per axis of the Morton key (tree depth). */
  readonly bits: number;
  n = 0;
  /** Number of nodes after the last build. */
  size = 0;
  /** Node records, {@link STRIDE} float64 slots each. */
  nodes = new Float64Array(0);
  /** order[p] = the row of the p-th point in Morton order. */
  order = new Int32Array(0);
  /** Positions in Morton order (z is 0 in 2D). */
  px = new Float64Array(0);
  py = new Float64Array(0);
  pz = new Float64Array(0);
  private keys = new Uint32Array(0);
  private tmpKeys = new Uint32Array(0);
  private tmpOrder = new Int32Array(0);
  private prefix = new Float64Array(0);
  private groupBuffer = new Int32Array(0);
  private readonly buckets = new Int32Array(256);
  private readonly accept: Float64Array;
  private groupStack = new Int32Array(0);
  /** Tree level of each node (0: the root). */
  private levels = new Int32Array(0);
  /** Scratch interaction lists of the Barnes-Hut walk. */
  readonly lists = new Interactions();

  constructor(dims: number) {
    if (dims !== 2 && dims !== 3) throw new RangeError(`Barnes-Hut t-SNE lays out in 2 or 3 dimensions, not ${dims}`);
    this.dims = dims;
    this.bits = dims === 2 ? 16 : 10;
    this.accept = new Float64Array(this.bits + 1);
  }

  /** Stack capacity a walk needs: each level pushes at most 2^dims children. */
  get stackSize(): number {
    return (this.bits + 1) * (1 << this.dims) + 1;
  }

  private ensure(n: number): void {
    if (this.order.length >= n) return;
    this.order = new Int32Array(n);
    this.tmpOrder = new Int32Array(n);
    this.keys = new Uint32Array(n);
    this.tmpKeys = new Uint32Array(n);
    this.px = new Float64Array(n);
    this.py = new Float64Array(n);
    this.pz = new Float64Array(n);
    this.prefix = new Float64Array(4 * (n + 1));
  }

  private growNodes(min: number): void {
    if (min * STRIDE <= this.nodes.length) return;
    const cap = Math.max(min, 2 * (this.nodes.length / STRIDE), 1024);
    const next = new Float64Array(cap * STRIDE);
    next.set(this.nodes);
    this.nodes = next;
    const levels = new Int32Array(cap);
    levels.set(this.levels);
    this.levels = levels;
  }

  /** Builds the tree over the N×dims layout `y`; `theta` sets each node's accept distance (width / theta)². */
  build(y: Float64Array, n: number, theta: number): void {
    const d = this.dims;
    this.ensure(n);
    this.n = n;
    // bounding square/cube
    let lx = Infinity, ly = Infinity, lz = Infinity, hx = -Infinity, hy = -Infinity, hz = -Infinity;
    for (let i = 0; i < n; i++) {
      const x = y[i * d], v = y[i * d + 1];
      if (x < lx) lx = x;
      if (x > hx) hx = x;
      if (v < ly) ly = v;
      if (v > hy) hy = v;
      if (d === 3) {
        const z = y[i * d + 2];
        if (z < lz) lz = z;
        if (z > hz) hz = z;
      }
    }
    if (d === 2) lz = hz = 0;
    const width = Math.max(hx - lx, hy - ly, hz - lz) * (1 + 1e-9) + 1e-12;
    const cells = 2 ** this.bits;
    const scale = cells / width;
    const top = cells - 1;
    // Morton keys
    const { keys, order } = this;
    for (let i = 0; i < n; i++) {
      const qx = Math.min(top, Math.floor((y[i * d] - lx) * scale));
      const qy = Math.min(top, Math.floor((y[i * d + 1] - ly) * scale));
      if (d === 2) keys[i] = (spread2(qx) | (spread2(qy) << 1)) >>> 0;
      else keys[i] = (spread3(qx) | (spread3(qy) << 1) | (spread3(Math.min(top, Math.floor((y[i * d + 2] - lz) * scale))) << 2)) >>> 0;
      order[i] = i;
    }
    this.radixSort(n);
    const sorted = this.keys;
    // positions in Morton order and their prefix sums (centres of mass of any range)
    const { px, py, pz, prefix } = this;
    let sx = 0, sy = 0, sz = 0;
    prefix[0] = prefix[1] = prefix[2] = 0;
    for (let p = 0; p < n; p++) {
      const i = this.order[p];
      sx += px[p] = y[i * d];
      sy += py[p] = y[i * d + 1];
      sz += pz[p] = d === 3 ? y[i * d + 2] : 0;
      prefix[3 * (p + 1)] = sx;
      prefix[3 * (p + 1) + 1] = sy;
      prefix[3 * (p + 1) + 2] = sz;
    }
    // breadth first: the children of a node are consecutive nodes
    const accept = this.accept;
    for (let l = 0; l <= this.bits; l++) accept[l] = theta > 0 ? (width / 2 ** l / theta) ** 2 : Infinity;
    this.growNodes(2 * n + 1);
    this.size = 0;
    const add = (start: number, end: number, level: number): void => {
      this.growNodes(this.size + 1);
      this.levels[this.size] = level;
      const o = this.size++ * STRIDE;
      const nodes = this.nodes;
      const c = end - start;
      nodes[o + CX] = (prefix[3 * end] - prefix[3 * start]) / c;
      nodes[o + CY] = (prefix[3 * end + 1] - prefix[3 * start + 1]) / c;
      nodes[o + CZ] = (prefix[3 * end + 2] - prefix[3 * start + 2]) / c;
      nodes[o + ACCEPT] = accept[level];
      nodes[o + COUNT] = c;
      nodes[o + CHILD] = 0;
      nodes[o + NCHILD] = 0;
      nodes[o + START] = start;
    };
    add(0, n, 0);
    const mask = (1 << d) - 1;
    for (let node = 0; node < this.size; node++) {
      const o = node * STRIDE;
      const start = this.nodes[o + START];
      const end = start + this.nodes[o + COUNT];
      const level = this.levels[node];
      if (end - start <= LEAF || level === this.bits) continue;
      const shift = d * (this.bits - level - 1);
      const first = this.size;
      let a = start;
      while (a < end) {
        const digit = (sorted[a] >>> shift) & mask;
        let b = a + 1;
        while (b < end && ((sorted[b] >>> shift) & mask) === digit) b++;
        add(a, b, level + 1);
        a = b;
      }
      this.nodes[o + CHILD] = first;
      this.nodes[o + NCHILD] = this.size - first;
    }
  }

  /**
   * The nodes that hold at most `size` points and whose parent holds more (or leaves), in Morton order: a
   * partition of the points into contiguous ranges.
   */
  groups(size: number): Int32Array {
    const out = this.groupBuffer.length >= this.n ? this.groupBuffer : (this.groupBuffer = new Int32Array(this.n));
    const stack = this.groupStack.length ? this.groupStack : (this.groupStack = new Int32Array(this.stackSize));
    const nodes = this.nodes;
    let m = 0;
    let sp = 0;
    stack[sp++] = 0;
    while (sp > 0) {
      const node = stack[--sp];
      const o = node * STRIDE;
      const nc = nodes[o + NCHILD];
      if (nc === 0 || nodes[o + COUNT] <= size) out[m++] = node;
      else for (let c = nc - 1; c >= 0; c--) stack[sp++] = nodes[o + CHILD] + c;
    }
    return out.subarray(0, m);
  }

  /** Sorts `keys` ascending, carrying `order` along: LSD radix sort, 8 bits a pass. */
  private radixSort(n: number): void {
    let keys = this.keys, order = this.order, tk = this.tmpKeys, to = this.tmpOrder;
    const count = this.buckets;
    for (let shift = 0; shift < 32; shift += 8) {
      count.fill(0);
      for (let i = 0; i < n; i++) count[(keys[i] >>> shift) & 255]++;
      let sum = 0;
      for (let b = 0; b < 256; b++) {
        const c = count[b];
        count[b] = sum;
        sum += c;
      }
      for (let i = 0; i < n; i++) {
        const b = (keys[i] >>> shift) & 255;
        const at = count[b]++;
        tk[at] = keys[i];
        to[at] = order[i];
      }
      [keys, tk] = [tk, keys];
      [order, to] = [to, order];
    }
    // four passes: the sorted data is back in the original arrays
    this.keys = keys;
    this.order = order;
    this.tmpKeys = tk;
    this.tmpOrder = to;
  }
}

/** How many points the repulsion handles between bare yields (a main thread can breathe in between). */
const POINTS_PER_YIELD = 2048;
/** Points of a group: the cells that share one interaction list. */
const GROUP = 64;

/**
 * Barnes-Hut gradient of KL(P‖Q) into `grad` (N×dims): attraction over P's non-zeros (times `exaggeration`),
 * repulsion from the tree with accuracy `theta`. Yields (bare) every {@link POINTS_PER_YIELD} points or so.
 * `rep` is N×dims scratch.
 *
 * The repulsion walks the tree once per group of at most {@link GROUP} nearby points (a cell), not once per
 * point: a cell is accepted as one body when its width is below `theta` times the distance from its centre of
 * mass to the group's bounding box (the nearest any point of the group can be, so each point's own criterion
 * holds too); a leaf that is not accepted contributes its points one by one. Every point of the group then sums
 * the same list in a tight loop (its own entry in the list adds exactly q = 1 and no force, taken off after).
 */
export function* bhGradientSteps(y: Float64Array, n: number, P: SparseP, exaggeration: number, theta: number, tree: SpaceTree, grad: Float64Array, rep: Float64Array, stack: Int32Array): Generator<undefined, void> {
  const d = tree.dims;
  tree.build(y, n, theta);
  const { nodes, order, px, py, pz, lists } = tree;
  lists.reserve(tree.size, n);
  let Z = 0;
  let sinceYield = 0;
  // the groups, in Morton order: descend from the root until a cell holds at most GROUP points (or is a leaf)
  const groups = tree.groups(GROUP);
  for (let gi = 0; gi < groups.length; gi++) {
    const g = groups[gi] * STRIDE;
    const s = nodes[g + START], e = s + nodes[g + COUNT];
    let bx0 = Infinity, by0 = Infinity, bz0 = Infinity, bx1 = -Infinity, by1 = -Infinity, bz1 = -Infinity;
    for (let p = s; p < e; p++) {
      const a = px[p], b = py[p], c = pz[p];
      if (a < bx0) bx0 = a;
      if (a > bx1) bx1 = a;
      if (b < by0) by0 = b;
      if (b > by1) by1 = b;
      if (c < bz0) bz0 = c;
      if (c > bz1) bz1 = c;
    }
    // the group's interaction list
    const far = lists.far, near = lists.near;
    let nf = 0, nn = 0;
    let sp = 0;
    stack[sp++] = 0;
    while (sp > 0) {
      const o = stack[--sp] * STRIDE;
      const cs = nodes[o + START], cc = nodes[o + COUNT];
      const contains = cs <= s && e <= cs + cc;
      if (!contains) {
        const cx = nodes[o + CX], cy = nodes[o + CY], cz = nodes[o + CZ];
        const ex = cx < bx0 ? bx0 - cx : cx > bx1 ? cx - bx1 : 0;
        const ey = cy < by0 ? by0 - cy : cy > by1 ? cy - by1 : 0;
        const ez = cz < bz0 ? bz0 - cz : cz > bz1 ? cz - bz1 : 0;
        if (nodes[o + ACCEPT] < ex * ex + ey * ey + ez * ez) {
          far[nf++] = cx;
          far[nf++] = cy;
          if (d === 3) far[nf++] = cz;
          far[nf++] = cc;
          continue;
        }
      }
      const nc = nodes[o + NCHILD];
      if (nc === 0) {
        for (let j = cs, je = cs + cc; j < je; j++) {
          near[nn++] = px[j];
          near[nn++] = py[j];
          if (d === 3) near[nn++] = pz[j];
        }
      } else {
        const f = nodes[o + CHILD];
        for (let c = nc - 1; c >= 0; c--) stack[sp++] = f + c;
      }
    }
    // every point of the group sums the list
    Z += d === 2 ? sumList2(far, nf, near, nn, px, py, s, e, order, rep) : sumList3(far, nf, near, nn, px, py, pz, s, e, order, rep);
    sinceYield += e - s;
    if (sinceYield >= POINTS_PER_YIELD && gi < groups.length - 1) {
      sinceYield = 0;
      yield;
    }
  }
  if (n > POINTS_PER_YIELD) yield;
  // attraction over P's non-zeros, then the gradient 4 (attraction − repulsion / Z)
  const { rowPtr, cols, vals } = P;
  const invZ = 1 / Z;
  for (let i = 0; i < n; i++) {
    const o = i * d;
    let ax = 0, ay = 0, az = 0;
    const xi = y[o], yi = y[o + 1], zi = d === 3 ? y[o + 2] : 0;
    for (let t = rowPtr[i], e = rowPtr[i + 1]; t < e; t++) {
      const j = cols[t] * d;
      const dx = xi - y[j], dy = yi - y[j + 1], dz = d === 3 ? zi - y[j + 2] : 0;
      const m = vals[t] / (1 + dx * dx + dy * dy + dz * dz);
      ax += m * dx;
      ay += m * dy;
      az += m * dz;
    }
    grad[o] = 4 * (exaggeration * ax - rep[o] * invZ);
    grad[o + 1] = 4 * (exaggeration * ay - rep[o + 1] * invZ);
    if (d === 3) grad[o + 2] = 4 * (exaggeration * az - rep[o + 2] * invZ);
  }
}

/**
 * Repulsion on the points s..e−1 (Morton order) of one 2D group from its interaction list: `far` holds
 * (x, y, count) per cell, `near` (x, y) per point, the points themselves included. Writes the unnormalised
 * repulsion into `rep` (rows in the original order); returns the group's share of Z.
 */
function sumList2(far: Float64Array, nf: number, near: Float64Array, nn: number, px: Float64Array, py: Float64Array, s: number, e: number, order: Int32Array, rep: Float64Array): number {
  let Z = 0;
  for (let p = s; p < e; p++) {
    const xi = px[p], yi = py[p];
    let fx = 0, fy = 0, z = -1; // −1: the point's own entry in `near` adds q = 1 and no force
    for (let t = 0; t < nf; t += 3) {
      const dx = xi - far[t], dy = yi - far[t + 1];
      const q = 1 / (1 + dx * dx + dy * dy);
      const cq = far[t + 2] * q;
      z += cq;
      const m = cq * q;
      fx += m * dx;
      fy += m * dy;
    }
    for (let t = 0; t < nn; t += 2) {
      const dx = xi - near[t], dy = yi - near[t + 1];
      const q = 1 / (1 + dx * dx + dy * dy);
      z += q;
      const m = q * q;
      fx += m * dx;
      fy += m * dy;
    }
    Z += z;
    const i = 2 * order[p];
    rep[i] = fx;
    rep[i + 1] = fy;
  }
  return Z;
}

/** {@link sumList2} in 3D: `far` holds (x, y, z, count) per cell, `near` (x, y, z) per point. */
function sumList3(far: Float64Array, nf: number, near: Float64Array, nn: number, px: Float64Array, py: Float64Array, pz: Float64Array, s: number, e: number, order: Int32Array, rep: Float64Array): number {
  let Z = 0;
  for (let p = s; p < e; p++) {
    const xi = px[p], yi = py[p], zi = pz[p];
    let fx = 0, fy = 0, fz = 0, z = -1;
    for (let t = 0; t < nf; t += 4) {
      const dx = xi - far[t], dy = yi - far[t + 1], dz = zi - far[t + 2];
      const q = 1 / (1 + dx * dx + dy * dy + dz * dz);
      const cq = far[t + 3] * q;
      z += cq;
      const m = cq * q;
      fx += m * dx;
      fy += m * dy;
      fz += m * dz;
    }
    for (let t = 0; t < nn; t += 3) {
      const dx = xi - near[t], dy = yi - near[t + 1], dz = zi - near[t + 2];
      const q = 1 / (1 + dx * dx + dy * dy + dz * dz);
      z += q;
      const m = q * q;
      fx += m * dx;
      fy += m * dy;
      fz += m * dz;
    }
    Z += z;
    const i = 3 * order[p];
    rep[i] = fx;
    rep[i + 1] = fy;
    rep[i + 2] = fz;
  }
  return Z;
}

/**
 * Exact gradient of KL(P‖Q) over all pairs into `grad` (N×dims), with P dense N×N. One pass over the pairs
 * accumulates attraction, unnormalised repulsion and Z; `rep` is N×dims scratch.
 */
export function exactGradient(y: Float64Array, n: number, d: number, P: Float64Array, exaggeration: number, grad: Float64Array, rep: Float64Array): void {
  grad.fill(0);
  rep.fill(0);
  let Z = 0;
  for (let i = 0; i < n; i++) {
    const oi = i * d;
    for (let j = i + 1; j < n; j++) {
      const oj = j * d;
      let dd = 0;
      for (let t = 0; t < d; t++) {
        const u = y[oi + t] - y[oj + t];
        dd += u * u;
      }
      const q = 1 / (1 + dd);
      Z += 2 * q;
      const a = P[i * n + j] * q;
      const r = q * q;
      for (let t = 0; t < d; t++) {
        const u = y[oi + t] - y[oj + t];
        grad[oi + t] += a * u;
        grad[oj + t] -= a * u;
        rep[oi + t] += r * u;
        rep[oj + t] -= r * u;
      }
    }
  }
  const invZ = 1 / Z;
  for (let t = 0; t < n * d; t++) grad[t] = 4 * (exaggeration * grad[t] - rep[t] * invZ);
}
