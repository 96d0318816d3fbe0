// Pure helpers: the level of detail for a zoom, finding a cell, and the per-level instance arrays the renderer
// uploads (grouped by sprite page, so each (level, page) is one instanced draw).
import type { AtlasLevel } from '@tensorlens/explain';

/** Level indices sorted by grid, coarsest first (ties keep their order). */
export function levelOrder(grids: number[]): number[] {
  return grids.map((_, i) => i).sort((a, b) => grids[a] - grids[b] || a - b);
}

export interface Lod {
  /** Fractional position in the sorted order (0 = coarsest). */
  lod: number;
  /** Sorted positions of the two levels drawn (a ≤ b) and b's weight 0..1 (0: only a). */
  a: number;
  b: number;
  w: number;
}

/**
 * The level of detail for `px` CSS px per layout unit over a square of edge `size`: the fractional position
 * where the cells' on-screen size crosses `iconPx` (in log scale), clamped to the levels. With `fade`, the two
 * neighbours blend over the middle half of the step between them (smoothstep); without, the nearest is drawn.
 */
export function chooseLod(sortedGrids: number[], size: number, px: number, iconPx: number, fade: boolean): Lod {
  const n = sortedGrids.length;
  const cell = (i: number) => Math.log((size * px) / sortedGrids[i]);
  const t = Math.log(iconPx);
  let lod = 0;
  if (n > 1) {
    if (cell(0) <= t) lod = 0;
    else if (cell(n - 1) >= t) lod = n - 1;
    else
      for (let i = 0; i < n - 1; i++) {
        const c0 = cell(i), c1 = cell(i + 1);
        if (c0 >= t && c1 <= t) {
          lod = c0 === c1 ? i : i + (c0 - t) / (c0 - c1);
          break;
        }
      }
  }
  const a = Math.min(n - 1, Math.floor(lod));
  const f = lod - a;
  if (!fade || a === n - 1) {
    const r = Math.round(lod);
    return { lod, a: r, b: r, w: 0 };
  }
  const x = Math.max(0, Math.min(1, (f - 0.25) / 0.5));
  const w = x * x * (3 - 2 * x);
  return w <= 0 ? { lod, a, b: a, w: 0 } : w >= 1 ? { lod, a: a + 1, b: a + 1, w: 0 } : { lod, a, b: a + 1, w };
}

/** The index of grid cell `gi` in a level's ascending `cells`, or -1. */
export function findCell(cells: Uint32Array, gi: number): number {
  let lo = 0, hi = cells.length - 1;
  while (lo <= hi) {
    const m = (lo + hi) >> 1, v = cells[m];
    if (v === gi) return m;
    if (v < gi) lo = m + 1;
    else hi = m - 1;
  }
  return -1;
}

/** Floats per instance in the static buffer: tile (col, row, density scale, cell) + slot (x, y, page, 0) + classes (8) + scores (8). */
export const FLOATS = 24;

export interface LevelInstances {
  /** [count * FLOATS] interleaved per-instance attributes, instances grouped by page (missing icons last). */
  data: Float32Array;
  /** Instance i draws cell `cellOf[i]`; `instOf[cell]` is its instance. */
  cellOf: Uint32Array;
  instOf: Uint32Array;
  /** Per group: page (-1: no icon), first instance, instances. */
  groups: Array<{ page: number; first: number; count: number }>;
  /** Largest count in the level. */
  maxCount: number;
  /** Cells without an icon. */
  missing: number;
}

/** Builds the interleaved instance data of one level. */
export function buildInstances(level: AtlasLevel, icons: Int32Array, topK: number, pages: number): LevelInstances {
  const n = level.cellCount, g = level.grid;
  let maxCount = 0;
  for (let c = 0; c < n; c++) maxCount = Math.max(maxCount, level.counts[c]);
  // Counting sort by page: pages 0..P-1, then missing (-1 or out of range) last.
  const P = pages;
  const key = (c: number) => {
    const p = icons[3 * c];
    return p >= 0 && p < P ? p : P;
  };
  const start = new Uint32Array(P + 2);
  for (let c = 0; c < n; c++) start[key(c) + 1]++;
  for (let p = 0; p <= P; p++) start[p + 1] += start[p];
  const groups: LevelInstances['groups'] = [];
  for (let p = 0; p <= P; p++) if (start[p + 1] > start[p]) groups.push({ page: p < P ? p : -1, first: start[p], count: start[p + 1] - start[p] });
  const fill = start.slice();
  const cellOf = new Uint32Array(n), instOf = new Uint32Array(n);
  const data = new Float32Array(n * FLOATS);
  for (let c = 0; c < n; c++) {
    const i = fill[key(c)]++;
    cellOf[i] = c;
    instOf[c] = i;
    const o = i * FLOATS, gi = level.cells[c];
    data[o] = gi % g;
    data[o + 1] = Math.floor(gi / g);
    data[o + 2] = maxCount ? Math.sqrt(level.counts[c] / maxCount) : 1;
    data[o + 3] = c;
    data[o + 4] = icons[3 * c + 1];
    data[o + 5] = icons[3 * c + 2];
    data[o + 6] = key(c) < P ? icons[3 * c] : -1;
    for (let j = 0; j < 8; j++) {
      const cls = j < topK ? level.topClasses[c * topK + j] : -1;
      const s = j < topK ? level.topScores[c * topK + j] : NaN;
      const ok = cls >= 0 && s === s;
      data[o + 8 + j] = ok ? cls : -1;
      data[o + 16 + j] = ok ? s : 0;
    }
  }
  return { data, cellOf, instOf, groups, maxCount, missing: start[P + 1] - start[P] };
}

/** The largest score of class `cls` in a level (for the tint's intensity), or 0. */
export function classScoreMax(level: AtlasLevel, topK: number, cls: number): number {
  let m = 0;
  const tc = level.topClasses, ts = level.topScores;
  for (let i = 0; i < tc.length; i++) if (tc[i] === cls && ts[i] > m) m = ts[i];
  return m;
}
