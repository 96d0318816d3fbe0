// A uniform grid over 2D points (data coordinates in 2D views, screen pixels for 3D views), built with a
// counting sort: `start[c]…start[c + 1]` are the positions in `order` of the points of cell c. Pure maths,
// shared by the worker and the unit tests.
import { pointInPolygon, polygonBounds } from './geometry';

export interface Grid {
  x: Float32Array;
  y: Float32Array;
  /** Cells per axis. */
  nx: number;
  ny: number;
  x0: number;
  y0: number;
  /** Cell width and height. */
  cw: number;
  ch: number;
  start: Uint32Array;
  order: Uint32Array;
}

/** Builds a grid with about `perCell` points a cell (at most 2048 × 2048 cells); non-finite points are left out. */
export function buildGrid(x: Float32Array, y: Float32Array, perCell = 4): Grid {
  const n = x.length;
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity, m = 0;
  for (let i = 0; i < n; i++) {
    const a = x[i], b = y[i];
    if (a - a !== 0 || b - b !== 0) continue;
    m++;
    if (a < x0) x0 = a;
    if (a > x1) x1 = a;
    if (b < y0) y0 = b;
    if (b > y1) y1 = b;
  }
  if (!m) x0 = y0 = x1 = y1 = 0;
  const side = Math.max(1, Math.min(2048, Math.ceil(Math.sqrt(m / perCell))));
  const w = x1 - x0 || 1, h = y1 - y0 || 1;
  // Square-ish cells: split the longer axis into `side` cells.
  const cell = Math.max(w, h) / side;
  const nx = Math.max(1, Math.min(2048, Math.ceil(w / cell) || 1));
  const ny = Math.max(1, Math.min(2048, Math.ceil(h / cell) || 1));
  const cw = (w / nx) * (1 + 1e-9), ch = (h / ny) * (1 + 1e-9);
  const start = new Uint32Array(nx * ny + 1);
  const cellOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const a = x[i], b = y[i];
    if (a - a !== 0 || b - b !== 0) {
      cellOf[i] = -1;
      continue;
    }
    const c = Math.min(ny - 1, ((b - y0) / ch) | 0) * nx + Math.min(nx - 1, ((a - x0) / cw) | 0);
    cellOf[i] = c;
    start[c + 1]++;
  }
  for (let c = 0; c < nx * ny; c++) start[c + 1] += start[c];
  const fill = start.slice(0, nx * ny);
  const order = new Uint32Array(m);
  for (let i = 0; i < n; i++) if (cellOf[i] >= 0) order[fill[cellOf[i]]++] = i;
  return { x, y, nx, ny, x0, y0, cw, ch, start, order };
}

const clampCell = (v: number, n: number) => (v < 0 ? 0 : v >= n ? n - 1 : v | 0);

/**
 * The point nearest to (px, py) within `radius`, or -1. `scaleY` weights the y distance (for views with
 * different x and y scales: distance is measured in x units with dy × scaleY). `visible(i)` filters points.
 */
export function nearest(g: Grid, px: number, py: number, radius: number, scaleY = 1, visible?: (i: number) => boolean): number {
  const ry = radius / scaleY;
  const cx0 = clampCell(Math.floor((px - radius - g.x0) / g.cw), g.nx), cx1 = clampCell(Math.floor((px + radius - g.x0) / g.cw), g.nx);
  const cy0 = clampCell(Math.floor((py - ry - g.y0) / g.ch), g.ny), cy1 = clampCell(Math.floor((py + ry - g.y0) / g.ch), g.ny);
  if (px + radius < g.x0 || py + ry < g.y0 || px - radius > g.x0 + g.nx * g.cw || py - ry > g.y0 + g.ny * g.ch) return -1;
  let best = -1, bd = radius * radius;
  for (let cy = cy0; cy <= cy1; cy++)
    for (let cx = cx0; cx <= cx1; cx++) {
      const c = cy * g.nx + cx;
      for (let k = g.start[c], e = g.start[c + 1]; k < e; k++) {
        const i = g.order[k];
        const dx = g.x[i] - px, dy = (g.y[i] - py) * scaleY;
        const d = dx * dx + dy * dy;
        if (d <= bd && (!visible || visible(i))) {
          // Ties go to the later point (drawn on top).
          if (d < bd || i > best) best = i;
          bd = d;
        }
      }
    }
  return best;
}

/** Indices (ascending) of the points inside the flat polygon, visiting only the cells its bounds touch. */
export function inPolygon(g: Grid, poly: ArrayLike<number>, visible?: (i: number) => boolean): Uint32Array {
  const [x0, y0, x1, y1] = polygonBounds(poly);
  if (!(x1 >= g.x0 && y1 >= g.y0 && x0 <= g.x0 + g.nx * g.cw && y0 <= g.y0 + g.ny * g.ch)) return new Uint32Array(0);
  const cx0 = clampCell(Math.floor((x0 - g.x0) / g.cw), g.nx), cx1 = clampCell(Math.floor((x1 - g.x0) / g.cw), g.nx);
  const cy0 = clampCell(Math.floor((y0 - g.y0) / g.ch), g.ny), cy1 = clampCell(Math.floor((y1 - g.y0) / g.ch), g.ny);
  let res = new Uint32Array(1024), n = 0;
  for (let cy = cy0; cy <= cy1; cy++)
    for (let cx = cx0; cx <= cx1; cx++) {
      const c = cy * g.nx + cx;
      for (let k = g.start[c], e = g.start[c + 1]; k < e; k++) {
        const i = g.order[k];
        const a = g.x[i], b = g.y[i];
        if (a >= x0 && a <= x1 && b >= y0 && b <= y1 && pointInPolygon(a, b, poly) && (!visible || visible(i))) {
          if (n === res.length) {
            const r = new Uint32Array(n * 2);
            r.set(res);
            res = r;
          }
          res[n++] = i;
        }
      }
    }
  return res.slice(0, n).sort();
}

/**
 * Projects 3D points with a column-major 4×4 matrix to CSS pixels of a w × h viewport (y down); points
 * behind the camera or outside the clip volume get NaN (so the grid leaves them out). Also writes depth.
 */
export function projectPoints(
  x: Float32Array, y: Float32Array, z: Float32Array, m: ArrayLike<number>, w: number, h: number,
  sx: Float32Array, sy: Float32Array, depth: Float32Array,
): void {
  for (let i = 0, n = x.length; i < n; i++) {
    const a = x[i], b = y[i], c = z[i];
    const cw = m[3] * a + m[7] * b + m[11] * c + m[15];
    const cx = (m[0] * a + m[4] * b + m[8] * c + m[12]) / cw;
    const cy = (m[1] * a + m[5] * b + m[9] * c + m[13]) / cw;
    const cz = (m[2] * a + m[6] * b + m[10] * c + m[14]) / cw;
    if (!(cw > 0) || cz < -1 || cz > 1) {
      sx[i] = sy[i] = NaN;
      depth[i] = Infinity;
      continue;
    }
    sx[i] = ((cx + 1) / 2) * w;
    sy[i] = ((1 - cy) / 2) * h;
    depth[i] = cz;
  }
}
