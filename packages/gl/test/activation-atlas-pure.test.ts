import { describe, expect, it } from 'vitest';
import { buildTiles, chooseLod, classScoreMax, findCell, levelOrder, NO_CLASS, STRIDE } from '../src/activation-atlas/lod';
import type { AtlasLevel } from '@tensorlens/explain';

const level = (grid: number, cells: number[], counts: number[], classes: number[], scores: number[]): AtlasLevel => ({
  grid,
  cellCount: cells.length,
  cells: Uint32Array.from(cells),
  counts: Uint32Array.from(counts),
  means: null,
  topClasses: Int32Array.from(classes),
  topScores: Float32Array.from(scores),
  examples: new Int32Array(0),
  offsets: new Uint32Array(cells.length + 1),
  members: new Uint32Array(0),
  dropped: 0,
});

describe('activation atlas level of detail', () => {
  it('sorts levels coarsest first', () => {
    expect(levelOrder([80, 10, 40, 20])).toEqual([1, 3, 2, 0]);
  });

  it('picks the level whose cells on screen are nearest the icon size, blending neighbours in the middle half of a step', () => {
    const grids = [10, 20, 40];
    // Edge 1 at 400 px per unit: cells of 40, 20, 10 px. Target 40 px → the coarsest, alone.
    expect(chooseLod(grids, 1, 400, 40, true)).toEqual({ lod: 0, a: 0, b: 0, w: 0 });
    // Target 20 → exactly level 1.
    expect(chooseLod(grids, 1, 400, 20, true)).toMatchObject({ a: 1, b: 1, w: 0 });
    expect(chooseLod(grids, 1, 400, 20, true).lod).toBeCloseTo(1, 12);
    // Target √(40 · 20) (halfway in log scale) → lod 0.5, both at weight ½.
    const mid = chooseLod(grids, 1, 400, Math.sqrt(800), true);
    expect(mid.lod).toBeCloseTo(0.5, 12);
    expect(mid).toMatchObject({ a: 0, b: 1 });
    expect(mid.w).toBeCloseTo(0.5, 12);
    // A quarter of the step (log scale): still only level 0; without the fade, the nearest level only.
    expect(chooseLod(grids, 1, 400, 40 / 2 ** 0.2, true)).toMatchObject({ a: 0, b: 0, w: 0 });
    expect(chooseLod(grids, 1, 400, Math.sqrt(800) * 0.99, false)).toMatchObject({ a: 1, b: 1, w: 0 });
    // Beyond the ends: clamped.
    expect(chooseLod(grids, 1, 4000, 10, true)).toMatchObject({ lod: 2, a: 2, b: 2 });
    expect(chooseLod(grids, 1, 4, 40, true)).toMatchObject({ lod: 0, a: 0, b: 0 });
    expect(chooseLod([16], 1, 400, 48, true)).toEqual({ lod: 0, a: 0, b: 0, w: 0 });
  });

  it('finds a grid cell among the ascending kept cells', () => {
    const cells = Uint32Array.from([2, 5, 9, 14]);
    expect([2, 5, 9, 14, 0, 6, 15].map((g) => findCell(cells, g))).toEqual([0, 1, 2, 3, -1, -1, -1]);
    expect(findCell(new Uint32Array(0), 3)).toBe(-1);
  });

  it('packs tiles grouped by page (missing icons last): positions, corners, √(count/max), classes and scores', () => {
    // 3 × 3 grid, cells 1 (col 1, row 0), 4 (1, 1) and 8 (2, 2); cell 4's icon is missing.
    const l = level(3, [1, 4, 8], [16, 4, 1], [2, 0, 1, -1, 0, 3], [0.5, 0.25, 1, NaN, 2, 0.5]);
    const icons = Int32Array.from([1, 8, 0, -1, -1, -1, 0, 16, 8]);
    const t = buildTiles(l, icons, 2, 2);
    expect(Array.from(t.cellOf)).toEqual([2, 0, 1]);
    expect(Array.from(t.tileOf)).toEqual([1, 2, 0]);
    expect(t.groups).toEqual([{ page: 0, first: 0, count: 1 }, { page: 1, first: 1, count: 1 }, { page: -1, first: 2, count: 1 }]);
    expect(t.missing).toBe(1);
    expect(t.maxCount).toBe(16);
    expect(t.scoreScale).toBe(2);
    const u16 = new Uint16Array(t.data.buffer), u8 = t.data;
    const vert = (tile: number, v: number) => ((tile * 4 + v) * STRIDE) >> 1;
    // Tile 1 = cell 0: col 1, row 0, density √(16/16), slot (8, 0), classes 2, 0, then none; scores ½·2 → 0.25, 0.125.
    for (let v = 0; v < 4; v++) {
      const h = vert(1, v);
      expect(Array.from(u16.subarray(h, h + 8))).toEqual([1, 0, v, 65535, 8, 0, 2, 0]);
      expect(u16[h + 8]).toBe(NO_CLASS);
      expect(Array.from(u8.subarray(2 * h + 28, 2 * h + 31))).toEqual([64, 32, 0]);
    }
    // Tile 0 = cell 2: √(1/16) = ¼; classes 0, 3.
    expect(Array.from(u16.subarray(vert(0, 2), vert(0, 2) + 8))).toEqual([2, 2, 2, 16384, 16, 8, 0, 3]);
    // Tile 2 = cell 1: class 1 kept, the NaN-scored pad dropped.
    expect(Array.from(u16.subarray(vert(2, 0) + 6, vert(2, 0) + 8))).toEqual([1, NO_CLASS]);
    expect(classScoreMax(l, 2, 0)).toBe(2);
    expect(classScoreMax(l, 2, 7)).toBe(0);
  });

  it('splits a page of more than 16,384 tiles into draws of at most 16,384', () => {
    const n = 16384 + 10;
    const l = level(256, Array.from({ length: n }, (_, i) => i), new Array(n).fill(1), [], []);
    const icons = new Int32Array(n * 3);
    const t = buildTiles(l, icons, 0, 1);
    expect(t.groups).toEqual([{ page: 0, first: 0, count: 16384 }, { page: 0, first: 16384, count: 10 }]);
  });
});
