// The atlas grid: the square box around a layout and the cell a layout point falls in at one level.
// Pure functions, shared by the build (build.ts, job.ts), the renderer and anyone placing points on an atlas.

/** Relative margin added to the half-extent of the box, so the largest coordinates fall inside it. */
export const ATLAS_BOUNDS_EPSILON = 1e-6;

/**
 * The square box `[x0, y0, x1, y1]` that every level of an atlas divides: centred on the layout's bounding
 * box, with the side of its larger extent, widened by a relative {@link ATLAS_BOUNDS_EPSILON} so the points
 * at the maximum fall strictly inside. A layout whose points all coincide gets a box of side 1 around them.
 * `layout` is `[n, 2]` row-major (x, y) and finite (the caller checks).
 */
export function atlasBounds(layout: ArrayLike<number>, n: number): [number, number, number, number] {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = layout[2 * i], y = layout[2 * i + 1];
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  if (!(n > 0)) return [0, 0, 1, 1];
  const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
  let h = Math.max(x1 - x0, y1 - y0) / 2;
  h = h > 0 ? h * (1 + ATLAS_BOUNDS_EPSILON) : 0.5;
  // Make sure rounding of cx ± h still covers the extremes.
  while (cx - h > x0 || cy - h > y0 || cx + h < x1 || cy + h < y1) h *= 1 + ATLAS_BOUNDS_EPSILON;
  return [cx - h, cy - h, cx + h, cy + h];
}

/**
 * The grid index (`row * grid + col`) of the cell holding layout point (x, y) at a level of `grid` × `grid`
 * cells over `bounds`: `col = floor((x - x0) / (x1 - x0) * grid)`, `row = floor((y - y0) / (y1 - y0) * grid)`,
 * each clamped to `0 … grid - 1` (so a point outside the box lands in the nearest edge cell). Column grows
 * with x, row with y.
 */
export function atlasCellOf(x: number, y: number, bounds: readonly [number, number, number, number] | ArrayLike<number>, grid: number): number {
  return atlasRowOf(y, bounds, grid) * grid + atlasColOf(x, bounds, grid);
}

/** The column of x at a level of `grid` columns (see {@link atlasCellOf}). */
export function atlasColOf(x: number, bounds: ArrayLike<number>, grid: number): number {
  return clampCell(Math.floor(((x - bounds[0]) / (bounds[2] - bounds[0])) * grid), grid);
}

/** The row of y at a level of `grid` rows (see {@link atlasCellOf}). */
export function atlasRowOf(y: number, bounds: ArrayLike<number>, grid: number): number {
  return clampCell(Math.floor(((y - bounds[1]) / (bounds[3] - bounds[1])) * grid), grid);
}

const clampCell = (c: number, grid: number): number => (c > 0 ? (c < grid ? c : grid - 1) : 0);
