// Symmetric eigen-decomposition: Householder reduction to tridiagonal form, then implicit QR
// steps with Wilkinson shifts (Golub & Van Loan, "Matrix Computations", §8.3), accumulating the
// orthogonal transforms. O(n³); n = 784 takes about a second. Written as a generator so long runs
// can yield (to post progress or to keep a main thread responsive).

/** Eigenvalues (descending) and unit eigenvectors (row `j` of `vectors`, n×n row-major, is the eigenvector of `values[j]`). */
export interface Eigen {
  values: Float64Array;
  vectors: Float64Array;
}

/**
 * Decomposes the symmetric n×n matrix `a` (row-major, overwritten). Yields a fraction in [0, 1] now and
 * then; returns the eigenpairs sorted by descending eigenvalue, each eigenvector's sign fixed so that
 * its entry of largest magnitude is positive.
 */
export function* symmetricEigenSteps(a: Float64Array, n: number): Generator<number, Eigen> {
  const vs: Float64Array[] = []; // Householder vectors, vs[k] acts on indices k+1..n-1
  const p = new Float64Array(n);
  // 1. Tridiagonalise: A ← H_k A H_k, H_k = I − 2 v vᵀ zeroing column k below the subdiagonal.
  for (let k = 0; k < n - 2; k++) {
    const m = n - k - 1;
    const v = new Float64Array(m);
    let norm2 = 0;
    for (let i = 0; i < m; i++) norm2 += (v[i] = a[(k + 1 + i) * n + k]) ** 2;
    const norm = Math.sqrt(norm2);
    const tail = norm2 - v[0] * v[0];
    if (tail <= 1e-300 * Math.max(1, norm2)) {
      vs.push(new Float64Array(0));
      continue;
    }
    const alpha = v[0] > 0 ? -norm : norm;
    v[0] -= alpha;
    const vn = Math.sqrt(v[0] * v[0] + tail);
    for (let i = 0; i < m; i++) v[i] /= vn;
    vs.push(v);
    // p = A22 v, K = vᵀp, w = p − K v; A22 ← A22 − 2 v wᵀ − 2 w vᵀ
    let K = 0;
    for (let i = 0; i < m; i++) {
      const row = (k + 1 + i) * n + k + 1;
      let s = 0;
      for (let j = 0; j < m; j++) s += a[row + j] * v[j];
      p[i] = s;
      K += v[i] * s;
    }
    for (let i = 0; i < m; i++) p[i] -= K * v[i];
    for (let i = 0; i < m; i++) {
      const row = (k + 1 + i) * n + k + 1;
      const vi2 = 2 * v[i];
      const wi2 = 2 * p[i];
      for (let j = 0; j < m; j++) a[row + j] -= vi2 * p[j] + wi2 * v[j];
    }
    for (let i = 1; i < m; i++) a[(k + 1 + i) * n + k] = a[k * n + k + 1 + i] = 0;
    a[(k + 1) * n + k] = a[k * n + k + 1] = alpha;
    if (k % 16 == 0) yield (0.4 * k) / n;
  }
  const d = new Float64Array(n);
  const e = new Float64Array(n); // e[i] couples i and i+1
  for (let i = 0; i < n; i++) d[i] = a[i * n + i];
  for (let i = 0; i < n - 1; i++) e[i] = a[i * n + i + 1];

  // 2. Q = H_0 H_1 … H_{n−3}, accumulated backwards (each H_k only meets rows/columns > k), stored transposed.
  const q = a; // reuse storage
  q.fill(0);
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  for (let k = vs.length - 1; k >= 0; k--) {
    const v = vs[k];
    if (!v.length) continue;
    const m = v.length;
    const o = k + 1;
    // Q[o.., o..] ← (I − 2vvᵀ) Q[o.., o..]
    p.fill(0, 0, m);
    for (let i = 0; i < m; i++) {
      const vi = v[i];
      if (vi === 0) continue;
      const row = (o + i) * n + o;
      for (let j = 0; j < m; j++) p[j] += vi * q[row + j];
    }
    for (let i = 0; i < m; i++) {
      const vi2 = 2 * v[i];
      if (vi2 === 0) continue;
      const row = (o + i) * n + o;
      for (let j = 0; j < m; j++) q[row + j] -= vi2 * p[j];
    }
    if (k % 16 == 0) yield 0.4 + (0.2 * (vs.length - k)) / n;
  }
  // zt = Qᵀ: row j of zt becomes eigenvector j once the QR rotations are applied.
  const zt = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) zt[j * n + i] = q[i * n + j];

  // 3. Implicit symmetric QR with Wilkinson shift on (d, e), rotations applied to rows of zt.
  const eps = 2.220446049250313e-16;
  let done = 0;
  for (let hi = n - 1; hi > 0; ) {
    if (Math.abs(e[hi - 1]) <= eps * (Math.abs(d[hi - 1]) + Math.abs(d[hi])) || Math.abs(e[hi - 1]) < 1e-300) {
      e[hi - 1] = 0;
      hi--;
      if (++done % 16 == 0) yield 0.6 + (0.4 * done) / n;
      continue;
    }
    let lo = hi - 1;
    while (lo > 0 && Math.abs(e[lo - 1]) > eps * (Math.abs(d[lo - 1]) + Math.abs(d[lo]))) lo--;
    if (lo > 0) e[lo - 1] = 0;
    // Wilkinson shift from the trailing 2×2 block.
    const t = (d[hi - 1] - d[hi]) / 2;
    const b2 = e[hi - 1] * e[hi - 1];
    const mu = d[hi] - b2 / (t + (t >= 0 ? 1 : -1) * Math.sqrt(t * t + b2));
    let x = d[lo] - mu;
    let z = e[lo];
    for (let k = lo; k < hi; k++) {
      const r = Math.hypot(x, z);
      const c = r === 0 ? 1 : x / r;
      const s = r === 0 ? 0 : -z / r;
      if (k > lo) e[k - 1] = c * x - s * z;
      const ak = d[k];
      const bk = d[k + 1];
      const f = e[k];
      d[k] = c * c * ak - 2 * c * s * f + s * s * bk;
      d[k + 1] = s * s * ak + 2 * c * s * f + c * c * bk;
      e[k] = c * s * (ak - bk) + (c * c - s * s) * f;
      if (k < hi - 1) {
        x = e[k];
        z = -s * e[k + 1];
        e[k + 1] *= c;
      }
      const r0 = k * n;
      const r1 = r0 + n;
      for (let j = 0; j < n; j++) {
        const u = zt[r0 + j];
        const w = zt[r1 + j];
        zt[r0 + j] = c * u - s * w;
        zt[r1 + j] = s * u + c * w;
      }
    }
  }

  // 4. Sort descending, fix signs.
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => d[j] - d[i] || i - j);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((src, dst) => {
    values[dst] = d[src];
    let big = 0;
    for (let j = 0; j < n; j++) if (Math.abs(zt[src * n + j]) > Math.abs(big)) big = zt[src * n + j];
    const sign = big < 0 ? -1 : 1;
    for (let j = 0; j < n; j++) vectors[dst * n + j] = sign * zt[src * n + j];
  });
  return { values, vectors };
}

/** Runs a generator to completion and returns its value. */
export function drain<T>(g: Generator<unknown, T>): T {
  for (;;) {
    const r = g.next();
    if (r.done) return r.value;
  }
}

/**
 * Eigen-decomposition of the symmetric n×n matrix `a` (row-major; not modified), run to completion: the eigenpairs
 * sorted by descending eigenvalue, each eigenvector's sign fixed so that its entry of largest magnitude is positive.
 */
export function symmetricEigen(a: ArrayLike<number>, n: number): Eigen {
  return drain(symmetricEigenSteps(Float64Array.from(a), n));
}
