// Cameras as plain data and pure functions: a 2D orthographic view (centre + pixels per data unit) and a 3D
// orbit camera (target, distance, yaw, pitch). Matrices are column-major Float64 (cast to float32 on upload).
import { fail } from '@tensorlens/core';

/** 2D view: data point (cx, cy) (relative to the data's origin) is at the centre; kx, ky CSS px per data unit. */
export interface View2D {
  cx: number;
  cy: number;
  kx: number;
  ky: number;
}

/** 3D orbit camera around `target`, `dist` away, yaw/pitch in radians, vertical field of view `fov`. */
export interface Orbit {
  target: [number, number, number];
  dist: number;
  yaw: number;
  pitch: number;
  fov: number;
}

export type Mat4 = Float64Array;

/**
 * The view that fits bounds [x0, y0, x1, y1] into w × h CSS px with `pad` px margin. Equal scales on both
 * axes (embeddings keep their shape) unless the axes' extents differ by more than `maxAspect`, then each axis
 * is fitted on its own.
 */
export function fitView(b: [number, number, number, number], w: number, h: number, pad = 16, maxAspect = 20): View2D {
  const bw = b[2] - b[0], bh = b[3] - b[1];
  const aw = Math.max(1, w - 2 * pad), ah = Math.max(1, h - 2 * pad);
  let kx = bw > 0 ? aw / bw : NaN, ky = bh > 0 ? ah / bh : NaN;
  if (!(kx > 0) && !(ky > 0)) kx = ky = 1;
  else if (!(kx > 0)) kx = ky;
  else if (!(ky > 0)) ky = kx;
  else if (Math.max(kx / ky, ky / kx) <= maxAspect) kx = ky = Math.min(kx, ky);
  return { cx: (b[0] + b[2]) / 2, cy: (b[1] + b[3]) / 2, kx, ky };
}

/** The matrix from data (origin-relative) to clip space for a 2D view on a w × h CSS px canvas. */
export function viewMatrix2D(v: View2D, w: number, h: number): Mat4 {
  const sx = (2 * v.kx) / w, sy = (2 * v.ky) / h;
  const m = new Float64Array(16);
  m[0] = sx;
  m[5] = sy;
  m[10] = 1;
  m[12] = -v.cx * sx;
  m[13] = -v.cy * sy;
  m[15] = 1;
  return m;
}

/** CSS px (x right, y down) of a data point in a 2D view. */
export function toScreen2D(v: View2D, w: number, h: number, x: number, y: number): [number, number] {
  return [w / 2 + (x - v.cx) * v.kx, h / 2 - (y - v.cy) * v.ky];
}

/** Data point under CSS px (sx, sy) in a 2D view. */
export function toData2D(v: View2D, w: number, h: number, sx: number, sy: number): [number, number] {
  return [v.cx + (sx - w / 2) / v.kx, v.cy - (sy - h / 2) / v.ky];
}

/** Zooms by `f` around CSS px (sx, sy): the data point under it stays there. */
export function zoomAt(v: View2D, w: number, h: number, sx: number, sy: number, f: number): View2D {
  const [x, y] = toData2D(v, w, h, sx, sy);
  const kx = v.kx * f, ky = v.ky * f;
  return { kx, ky, cx: x - (sx - w / 2) / kx, cy: y + (sy - h / 2) / ky };
}

/** Pans by (dx, dy) CSS px. */
export function panBy(v: View2D, dx: number, dy: number): View2D {
  return { ...v, cx: v.cx - dx / v.kx, cy: v.cy + dy / v.ky };
}

export function multiply(a: ArrayLike<number>, b: ArrayLike<number>): Mat4 {
  const o = new Float64Array(16);
  for (let c = 0; c < 4; c++) for (let r = 0; r < 4; r++) {
    let s = 0;
    for (let k = 0; k < 4; k++) s += a[k * 4 + r] * b[c * 4 + k];
    o[c * 4 + r] = s;
  }
  return o;
}

export function perspective(fov: number, aspect: number, near: number, far: number): Mat4 {
  const f = 1 / Math.tan(fov / 2), m = new Float64Array(16);
  m[0] = f / aspect;
  m[5] = f;
  m[10] = (far + near) / (near - far);
  m[11] = -1;
  m[14] = (2 * far * near) / (near - far);
  return m;
}

/** Camera position of an orbit. */
export function eye(o: Orbit): [number, number, number] {
  const cp = Math.cos(o.pitch);
  return [o.target[0] + o.dist * cp * Math.sin(o.yaw), o.target[1] + o.dist * Math.sin(o.pitch), o.target[2] + o.dist * cp * Math.cos(o.yaw)];
}

export function lookAt(e: number[], t: number[], up = [0, 1, 0]): Mat4 {
  const sub = (a: number[], b: number[]) => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
  const norm = (a: number[]) => {
    const l = Math.hypot(a[0], a[1], a[2]) || 1;
    return [a[0] / l, a[1] / l, a[2] / l];
  };
  const cross = (a: number[], b: number[]) => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
  const dot = (a: number[], b: number[]) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  const z = norm(sub(e, t)), x = norm(cross(up, z)), y = cross(z, x);
  return Float64Array.from([x[0], y[0], z[0], 0, x[1], y[1], z[1], 0, x[2], y[2], z[2], 0, -dot(x, e), -dot(y, e), -dot(z, e), 1]);
}

/** The orbit that shows a box with centre c and radius r (half diagonal). */
export function fitOrbit(c: [number, number, number], r: number, fov = Math.PI / 4): Orbit {
  return { target: c, dist: (Math.max(r, 1e-9) / Math.sin(fov / 2)) * 1.05, yaw: 0.6, pitch: 0.35, fov };
}

/** World (origin-relative) → clip matrix of an orbit camera on a w × h canvas. */
export function orbitMatrix(o: Orbit, w: number, h: number): Mat4 {
  const near = o.dist / 100, far = o.dist * 4;
  return multiply(perspective(o.fov, w / Math.max(1, h), near, far), lookAt(eye(o), o.target));
}

/** CSS px of a world point through a clip matrix (NaN when behind the camera). */
export function project(m: ArrayLike<number>, w: number, h: number, x: number, y: number, z: number): [number, number] {
  const cw = m[3] * x + m[7] * y + m[11] * z + m[15];
  if (!(cw > 0)) return [NaN, NaN];
  return [((m[0] * x + m[4] * y + m[8] * z + m[12]) / cw + 1) * (w / 2), (1 - (m[1] * x + m[5] * y + m[9] * z + m[13]) / cw) * (h / 2)];
}

/**
 * The point cloud's camera as plain JSON (for bookmarks and URL state), in the data's own coordinates and with
 * zoom relative to the view that fits all points, so it restores the same framing on a canvas of another size.
 * - 2D: `center` is the data point at the middle of the canvas; `zoom` 1 shows all points, 2 twice as close;
 *   `aspect` is the vertical over the horizontal zoom (1 unless zoomed to a flat selection).
 * - 3D: an orbit around `target`; `zoom` 1 fits all points (the camera's distance is the fitted one ÷ zoom);
 *   `yaw` (radians, around the vertical axis, in −π…π) and `pitch` (radians, −1.5…1.5, positive looks down).
 */
export type PointCloudCamera =
  | { view: '2d'; center: [number, number]; zoom: number; aspect: number }
  | { view: '3d'; target: [number, number, number]; zoom: number; yaw: number; pitch: number };

/** Options of `setCamera`. */
export interface SetCameraOptions {
  /** Animation in ms from the current camera. Default 0 (at once). */
  transition?: number;
}

const CAMERA_KEYS = { '2d': ['view', 'center', 'zoom', 'aspect'], '3d': ['view', 'target', 'zoom', 'yaw', 'pitch'] };

/**
 * Checks a camera given to `setCamera` (throws a TensorLensError naming the field, e.g. `camera.zoom`) and
 * returns a copy with `aspect` defaulted to 1.
 */
export function checkCamera(value: unknown): PointCloudCamera {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw fail('type', 'camera', "an object { view: '2d', center, zoom } or { view: '3d', target, zoom, yaw, pitch } (from getCamera())", value);
  const c = value as Record<string, unknown>;
  if (c.view !== '2d' && c.view !== '3d') throw fail('option', 'camera.view', "'2d' or '3d'", c.view);
  const keys = CAMERA_KEYS[c.view];
  for (const k of Object.keys(c)) if (!keys.includes(k)) throw fail('option', `camera.${k}`, `no such field in a ${c.view} camera (fields: ${keys.join(', ')})`, c[k]);
  const num = (k: string, min: number, max: number, what: string) => {
    const v = c[k];
    if (typeof v !== 'number' || !(v >= min && v <= max)) throw fail(typeof v === 'number' && !Number.isFinite(v) ? 'nan' : 'range', `camera.${k}`, what, v);
    return v;
  };
  const point = (k: string, n: number) => {
    const v = c[k];
    if (!Array.isArray(v) || v.length !== n || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) throw fail('option', `camera.${k}`, `[${'xyz'.slice(0, n).split('').join(', ')}]: ${n} finite numbers in data coordinates`, v);
    return v.slice() as number[];
  };
  const zoom = num('zoom', 1e-6, 1e9, 'a number > 0 (1 fits all points)');
  if (c.view === '2d') {
    const aspect = c.aspect === undefined ? 1 : num('aspect', 1e-9, 1e9, 'a number > 0 (vertical ÷ horizontal zoom; 1 keeps the shape)');
    return { view: '2d', center: point('center', 2) as [number, number], zoom, aspect };
  }
  return {
    view: '3d',
    target: point('target', 3) as [number, number, number],
    zoom,
    yaw: num('yaw', -1e6, 1e6, 'a finite angle in radians'),
    pitch: num('pitch', -1.5, 1.5, 'an angle in radians from -1.5 to 1.5'),
  };
}
