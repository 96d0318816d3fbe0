// Pure helpers: the level of detail for a zoom, finding a cell, and the per-level vertex data the renderer
// uploads (tiles grouped by sprite page, so each (level, page) is one draw).
import type { AtlasLevel } from '@tensorlens/core';

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

/**
 * Bytes per vertex of the static tile buffer (4 vertices a tile): col, row, corner, density scale (uint16 × 4);
 * sprite slot x, y (uint16 × 2); 8 top classes (uint16, 65535 = none); 8 scores (uint8, ÷ the level's largest).
 * Tiles are plain indexed quads, not instances: SwiftShader (software WebGL) runs each instance as its own
 * draw, about ten times slower than the same quads in one buffer.
 */
export const STRIDE = 36;
export const NO_CLASS = 65535;
/** Tiles per draw: 4 vertices each, so uint16 indices reach them all. */
export const CHUNK = 16384;

export interface LevelTiles {
  /** [tiles * 4 * STRIDE] bytes of interleaved vertex attributes, tiles grouped by page (missing icons last). */
  data: Uint8Array;
  /** Tile i draws cell `cellOf[i]`; `tileOf[cell]` is its tile. */
  cellOf: Uint32Array;
  tileOf: Uint32Array;
  /** Draws: page (-1: no icon), first tile, tiles (at most CHUNK). */
  groups: Array<{ page: number; first: number; count: number }>;
  /** Largest count in the level. */
  maxCount: number;
  /** Cells without an icon. */
  missing: number;
  /** The largest positive score of the level (scores are stored as a fraction of it). */
  scoreScale: number;
}

/** Builds the vertex data of one level. */
export function buildTiles(level: AtlasLevel, icons: Int32Array, topK: number, pages: number): LevelTiles {
  const n = level.cellCount, g = level.grid;
  let maxCount = 0, scoreScale = 0;
  for (let c = 0; c < n; c++) maxCount = Math.max(maxCount, level.counts[c]);
  for (let i = 0; i < n * topK; i++) if (level.topClasses[i] >= 0 && level.topScores[i] > scoreScale) scoreScale = level.topScores[i];
  scoreScale ||= 1;
  // Counting sort by page: pages 0..P-1, then missing (-1 or out of range) last.
  const P = pages;
  const key = (c: number) => {
    const p = icons[3 * c];
    return p >= 0 && p < P ? p : P;
  };
  const start = new Uint32Array(P + 2);
  for (let c = 0; c < n; c++) start[key(c) + 1]++;
  for (let p = 0; p <= P; p++) start[p + 1] += start[p];
  const groups: LevelTiles['groups'] = [];
  for (let p = 0; p <= P; p++) for (let f = start[p]; f < start[p + 1]; f += CHUNK) groups.push({ page: p < P ? p : -1, first: f, count: Math.min(CHUNK, start[p + 1] - f) });
  const fill = start.slice();
  const cellOf = new Uint32Array(n), tileOf = new Uint32Array(n);
  const data = new Uint8Array(n * 4 * STRIDE);
  const u16 = new Uint16Array(data.buffer);
  const cls = new Uint16Array(8), sc = new Uint8Array(8);
  for (let c = 0; c < n; c++) {
    const t = fill[key(c)]++;
    cellOf[t] = c;
    tileOf[c] = t;
    const gi = level.cells[c];
    for (let j = 0; j < 8; j++) {
      const k = j < topK ? level.topClasses[c * topK + j] : -1;
      const s = j < topK ? level.topScores[c * topK + j] : NaN;
      const ok = k >= 0 && s === s;
      cls[j] = ok ? k : NO_CLASS;
      sc[j] = ok ? Math.round(255 * Math.max(0, Math.min(1, s / scoreScale))) : 0;
    }
    const dens = Math.round(65535 * (maxCount ? Math.sqrt(level.counts[c] / maxCount) : 1));
    for (let v = 0; v < 4; v++) {
      const o = (t * 4 + v) * STRIDE, h = o >> 1;
      u16[h] = gi % g;
      u16[h + 1] = Math.floor(gi / g);
      u16[h + 2] = v;
      u16[h + 3] = dens;
      u16[h + 4] = Math.max(0, icons[3 * c + 1]);
      u16[h + 5] = Math.max(0, icons[3 * c + 2]);
      u16.set(cls, h + 6);
      data.set(sc, o + 28);
    }
  }
  return { data, cellOf, tileOf, groups, maxCount, missing: start[P + 1] - start[P], scoreScale };
}

/** The largest score of class `cls` in a level (for the tint's intensity), or 0. */
export function classScoreMax(level: AtlasLevel, topK: number, cls: number): number {
  let m = 0;
  const tc = level.topClasses, ts = level.topScores;
  for (let i = 0; i < tc.length; i++) if (tc[i] === cls && ts[i] > m) m = ts[i];
  return m;
}
