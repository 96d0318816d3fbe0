/** One brush range on a column of normalised values: rows with `lo ≤ v ≤ hi` pass (missing values, < 0, never do). */
export interface LineRange {
  /** The column (0 … d − 1) of the values. */
  column: number;
  lo: number;
  hi: number;
}

/**
 * Which rows pass a filter, on the CPU: the reference of the GPU filter. Ranges on the same column are OR-ed,
 * columns are AND-ed; with `mask`, a row must also have `mask[row] != 0`. Returns one byte per row (1 = passes).
 * `values` holds `n × d` normalised values, row-major. `byColumn[c]`, when given, holds column c's n values
 * contiguously (the same numbers): reading it instead of every d-th value of `values` is several times faster.
 */
export function filterRows(
  values: Float32Array,
  n: number,
  d: number,
  ranges: readonly LineRange[] | null,
  mask?: Uint8Array | null,
  out: Uint8Array = new Uint8Array(n),
  byColumn?: ArrayLike<Float32Array | null | undefined> | null,
): Uint8Array {
  if (mask) for (let i = 0; i < n; i++) out[i] = mask[i] ? 1 : 0;
  else out.fill(1, 0, n);
  const ranged = new Map<number, number[]>();
  for (const r of ranges ?? []) {
    const l = ranged.get(r.column) ?? [];
    l.push(r.lo, r.hi);
    ranged.set(r.column, l);
  }
  for (const [c, l] of ranged) {
    const lr = Float64Array.from(l);
    const m = lr.length;
    const col = byColumn?.[c];
    if (col && col.length >= n) {
      for (let i = 0; i < n; i++) {
        if (!out[i]) continue;
        const v = col[i];
        let hit = 0;
        for (let j = 0; j < m; j += 2) if (v >= lr[j] && v <= lr[j + 1]) { hit = 1; break; }
        out[i] = hit;
      }
      continue;
    }
    if (m == 2) {
      // one range on this column (the common case): no inner loop
      const lo = lr[0];
      const hi = lr[1];
      for (let i = 0, k = c; i < n; i++, k += d) {
        if (out[i]) {
          const v = values[k];
          out[i] = v >= lo && v <= hi ? 1 : 0;
        }
      }
      continue;
    }
    for (let i = 0, k = c; i < n; i++, k += d) {
      if (!out[i]) continue;
      const v = values[k];
      let hit = 0;
      for (let j = 0; j < m; j += 2) if (v >= lr[j] && v <= lr[j + 1]) { hit = 1; break; }
      out[i] = hit;
    }
  }
  return out;
}

/** Sorts ranges by column (the order the shader needs) and drops empty ones. */
export function sortRanges(ranges: readonly LineRange[] | null): LineRange[] {
  return (ranges ?? []).filter((r) => r.hi >= r.lo).sort((a, b) => a.column - b.column);
}
