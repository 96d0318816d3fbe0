// The spatial index's request handler: a uniform grid over the 2D positions (data units), or for 3D views over
// the points projected with the camera's matrix (screen pixels; re-projected when the matrix changes). Answers
// hover (nearest point within a radius) and polygon (box/lasso) queries. It runs in the index's worker, or on the
// main thread where the page refuses the worker (a Content-Security-Policy without worker-src blob:).
import { buildGrid, inPolygon, nearest, projectPoints, type Grid } from './spatial-index';
import type { IndexRequest, IndexResponse } from './spatial-protocol';

/** Where the handler's answers go (postMessage in the worker), with the buffers it may transfer. */
export type IndexPost = (response: IndexResponse, transfer?: Transferable[]) => void;

/** A handler with its own state (positions, grids, visibility): call it with each request in order. */
export function createIndexHandler(post: IndexPost): (request: IndexRequest) => void {
  let dims = 2;
  let X: Float32Array = new Float32Array(0), Y: Float32Array = new Float32Array(0), Z: Float32Array = new Float32Array(0);
  let grid: Grid | null = null;
  let screen: { key: string; grid: Grid; depth: Float32Array } | null = null;
  let visible: Uint8Array | null = null;

  const isVisible = (i: number) => !visible || visible[i] === 1;

  function screenGrid(m: number[], w: number, h: number) {
    const key = m.join(',') + ',' + w + ',' + h;
    if (screen?.key !== key) {
      const n = X.length;
      const sx = new Float32Array(n), sy = new Float32Array(n), depth = new Float32Array(n);
      projectPoints(X, Y, Z, m, w, h, sx, sy, depth);
      screen = { key, grid: buildGrid(sx, sy), depth };
    }
    return screen;
  }

  return (q) => {
    if (q.type === 'init') {
      dims = q.dims;
      X = q.x;
      Y = q.y;
      Z = q.z ?? new Float32Array(0);
      screen = null;
      grid = dims === 2 ? buildGrid(X, Y) : null;
      post({ type: 'ready', id: q.id });
    } else if (q.type === 'visible') {
      visible = q.visible;
    } else if (q.type === 'hover') {
      let index = -1;
      if (dims === 2 && grid) index = nearest(grid, q.x, q.y, q.radius, q.scaleY, visible ? isVisible : undefined);
      else if (dims === 3 && q.matrix) {
        const s = screenGrid(q.matrix, q.w, q.h);
        // Nearest on screen; among points within 1 px of that distance, the one in front.
        index = nearest(s.grid, q.x, q.y, q.radius, 1, visible ? isVisible : undefined);
      }
      post({ type: 'hover', id: q.id, index });
    } else if (q.type === 'polygon') {
      let indices: Uint32Array = new Uint32Array(0);
      if (dims === 2 && grid) indices = inPolygon(grid, q.polygon, visible ? isVisible : undefined);
      else if (dims === 3 && q.matrix) indices = inPolygon(screenGrid(q.matrix, q.w, q.h).grid, q.polygon, visible ? isVisible : undefined);
      post({ type: 'polygon', id: q.id, indices }, [indices.buffer]);
    }
  };
}
