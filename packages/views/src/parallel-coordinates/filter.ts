import { brushDataRange, type Brushes } from './brush';
import type { ParcoordsColumn } from './columns';

/**
 * The brush filter, in data units: a row passes a continuous axis when its value as the user gave it (the
 * column's float64 copy, exact for Float32Array and Float64Array input) lies in one of the axis's ranges
 * `[lo, hi]` (both ends included) as {@link toBrushSpec} reports them; a categorical axis when its category is
 * one of the brushed ones. Missing values never pass. Axes are AND-ed.
 *
 * The filter is incremental: it keeps, per row, how many brushed axes (and the external mask) the row fails.
 * When brushes change, only the columns whose brushes changed are read (old test out, new test in, one loop per
 * column), so moving one brush on a 1M-row table reads one column, not every brushed one.
 */

/** One axis's test: continuous ranges (flattened lo, hi pairs, data units) or a lookup by category index. */
interface AxisTest {
  key: string;
  num: Float64Array;
  ranges: Float64Array | null;
  cats: Uint8Array | null;
}

function axisTests(b: Brushes, columns: ParcoordsColumn[]): Map<number, AxisTest> {
  const out = new Map<number, AxisTest>();
  for (const [c, rs] of b.ranges) {
    if (!rs.length) continue;
    const col = columns[c];
    const flat: number[] = [];
    const [d0, d1] = col.domain;
    for (const r of rs) {
      let [lo, hi] = brushDataRange(col, r);
      if (d0 === d1 && r[2] === undefined) {
        // a constant column is drawn at mid-axis: a dragged range takes it when it covers the middle
        [lo, hi] = r[0] <= 0.5 && r[1] >= 0.5 ? [-Infinity, Infinity] : [1, 0];
      } else {
        // values beyond a given domain are drawn at the axis's ends: a range reaching an end takes them
        if (r[0] <= 0 && lo <= d0) lo = -Infinity;
        if (r[1] >= 1 && hi >= d1) hi = Infinity;
      }
      if (col.type == 'log' && !(lo > 0)) lo = Number.MIN_VALUE; // values ≤ 0 are missing on a log axis
      flat.push(lo, hi);
    }
    out.set(c, { key: `r${flat.join(',')}`, num: col.num, ranges: Float64Array.from(flat), cats: null });
  }
  for (const [c, set] of b.cats) {
    const col = columns[c];
    const lut = new Uint8Array((col.categories?.length ?? 0) + 1);
    for (const k of set) if (k >= 0 && k < lut.length) lut[k] = 1;
    out.set(c, { key: `c${[...set].sort((x, y) => x - y).join(',')}`, num: col.num, ranges: null, cats: lut });
  }
  return out;
}

/** Whether value `x` fails the test (1) or passes (0). */
function failsOf(t: AxisTest): (x: number) => number {
  const r = t.ranges;
  if (r) {
    if (r.length == 2) {
      const lo = r[0];
      const hi = r[1];
      return (x) => (x >= lo && x <= hi ? 0 : 1);
    }
    return (x) => {
      for (let j = 0; j < r.length; j += 2) if (x >= r[j] && x <= r[j + 1]) return 0;
      return 1;
    };
  }
  const lut = t.cats!;
  // NaN (missing) | 0 is 0: test it apart
  return (x) => (x === x && lut[x | 0] ? 0 : 1);
}

export function createBrushFilter() {
  let fails = new Uint8Array(0);
  let tests = new Map<number, AxisTest>();
  let baseCols: ParcoordsColumn[] | null = null;
  let baseMask: Uint8Array | null = null;
  let baseN = -1;
  let basePass: Uint8Array | null = null;

  /**
   * Brings `pass` (one byte per row, 1 = passes) up to date with the brushes and `mask` (rows with a zero byte
   * fail). Returns the number of rows that changed (all n after a full pass), so callers may skip work when 0.
   */
  function update(columns: ParcoordsColumn[], brushes: Brushes, mask: Uint8Array | null, n: number, pass: Uint8Array): number {
    const next = axisTests(brushes, columns);
    if (columns !== baseCols || mask !== baseMask || n !== baseN || pass !== basePass || fails.length < n) {
      // full pass
      if (fails.length < n) fails = new Uint8Array(n);
      if (mask) for (let i = 0; i < n; i++) fails[i] = mask[i] ? 0 : 1;
      else fails.fill(0, 0, n);
      for (const t of next.values()) apply(t, 1, n);
      for (let i = 0; i < n; i++) pass[i] = fails[i] ? 0 : 1;
      baseCols = columns;
      baseMask = mask;
      baseN = n;
      basePass = pass;
      tests = next;
      return n;
    }
    let changed = 0;
    const cols = new Set([...tests.keys(), ...next.keys()]);
    for (const c of cols) {
      const a = tests.get(c);
      const b = next.get(c);
      if (a && b && a.key == b.key && a.num === b.num) continue;
      changed += swap(a ?? null, b ?? null, n, pass);
    }
    tests = next;
    return changed;
  }

  /** Adds (sign 1) a test's failures to `fails` for every row (full pass). */
  function apply(t: AxisTest, sign: 1, n: number) {
    const num = t.num;
    const r = t.ranges;
    if (r && r.length == 2) {
      const lo = r[0];
      const hi = r[1];
      for (let i = 0; i < n; i++) {
        const x = num[i];
        if (!(x >= lo && x <= hi)) fails[i] += sign;
      }
      return;
    }
    const f = failsOf(t);
    for (let i = 0; i < n; i++) fails[i] += f(num[i]);
  }

  /** Replaces test `a` of one column by `b` (either may be null), updating fails and pass; returns rows flipped. */
  function swap(a: AxisTest | null, b: AxisTest | null, n: number, pass: Uint8Array): number {
    let flipped = 0;
    const ra = a?.ranges;
    const rb = b?.ranges;
    if (a && b && ra && rb && ra.length == 2 && rb.length == 2 && a.num === b.num) {
      // the common case (one range moved or resized): both tests inline
      const num = a.num;
      const alo = ra[0], ahi = ra[1], blo = rb[0], bhi = rb[1];
      // branch-free (about 1 row in 7 flips, at random: a branch on it mispredicts)
      for (let i = 0; i < n; i++) {
        const x = num[i];
        const fa = +!(x >= alo && x <= ahi);
        const fb = +!(x >= blo && x <= bhi);
        const f = fails[i] - fa + fb;
        fails[i] = f;
        pass[i] = +(f == 0);
        flipped += fa ^ fb;
      }
      return flipped;
    }
    const fa = a ? failsOf(a) : null;
    const fb = b ? failsOf(b) : null;
    const na = a?.num;
    const nb = b?.num;
    for (let i = 0; i < n; i++) {
      const da = fa ? fa(na![i]) : 0;
      const db = fb ? fb(nb![i]) : 0;
      if (da != db) {
        const f = fails[i] - da + db;
        fails[i] = f;
        pass[i] = f ? 0 : 1;
        flipped++;
      }
    }
    return flipped;
  }

  return {
    update,
    /** Forgets the state (the next update is a full pass). */
    reset() {
      fails = new Uint8Array(0);
      tests = new Map();
      baseCols = baseMask = basePass = null;
      baseN = -1;
    },
  };
}

/** One-shot form (no state kept): which of n rows pass the brushes and the mask (1 = passes). */
export function filterBrushed(columns: ParcoordsColumn[], brushes: Brushes, mask: Uint8Array | null, n: number, out: Uint8Array = new Uint8Array(n)): Uint8Array {
  createBrushFilter().update(columns, brushes, mask, n, out);
  return out;
}
