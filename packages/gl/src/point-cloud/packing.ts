// GPU packing of the point cloud: what each point costs on the GPU, and the pure functions that fill the
// buffers. Layout (documented in docs/point-cloud.md):
//   2D: x, y as two float32 attributes (8 B; a caller's finite Float32Array is uploaded as it is)
//   3D: x, y, z quantised to uint16 inside the data's bounding box (6 B; error ≤ extent / 131070)
//   both: one uint16 pair `cv` (4 B) = [category code, value code × 16 + flags]; a constant attribute
//         (0 B) while there is no category, no value and nothing flagged.
// So position + category + value ≤ 12 B a point in 2D and ≤ 10 B in 3D.

/** Category code of a missing category (NaN, negative, non-integer): drawn in the missing colour. */
export const MISSING_CATEGORY = 65535;
/** Number of value levels: codes 0…4094 are values, 4095 is a missing value. */
export const VALUE_LEVELS = 4095;
export const MISSING_VALUE = 4095;

/** Per-point flags in the low 4 bits of the second `cv` word. */
export const FLAG_SELECTED = 1;
export const FLAG_HIGHLIGHT = 2;
export const FLAG_MATCH = 4;

/** Axis-aligned bounds over finite points; `count` finite points, `skipped` points with a NaN/±Infinity coordinate. */
export interface Bounds {
  min: [number, number, number];
  max: [number, number, number];
  count: number;
  skipped: number;
}

/**
 * Bounds of the finite points of columns x, y (and z); a point with any non-finite coordinate is skipped and
 * counted. One pass, no allocation.
 */
export function computeBounds(x: ArrayLike<number>, y: ArrayLike<number>, z?: ArrayLike<number> | null): Bounds {
  let x0 = Infinity, y0 = Infinity, z0 = Infinity, x1 = -Infinity, y1 = -Infinity, z1 = -Infinity;
  let skipped = 0;
  const n = x.length;
  for (let i = 0; i < n; i++) {
    const a = x[i], b = y[i], c = z ? z[i] : 0;
    // v - v is 0 for finite numbers and NaN for NaN and ±Infinity.
    if (a - a !== 0 || b - b !== 0 || c - c !== 0) {
      skipped++;
      continue;
    }
    if (a < x0) x0 = a;
    if (a > x1) x1 = a;
    if (b < y0) y0 = b;
    if (b > y1) y1 = b;
    if (c < z0) z0 = c;
    if (c > z1) z1 = c;
  }
  return { min: [x0, y0, z ? z0 : 0], max: [x1, y1, z ? z1 : 0], count: n - skipped, skipped };
}

/**
 * Where float32 positions are taken from: the centre of the bounds (`origin`, so large offsets keep float32
 * precision) and a power-of-two `scale` applied after subtracting it. The scale is 1 unless the data's extent is
 * beyond what float32 and the view's matrix handle well (half-extent above 1e15 or below 1e-15: e.g. ±1e39 or
 * 1e308, which are finite numbers but Infinity in float32); then positions are normalised to about ±1.
 * Computed in float64 without overflow (halves first: 1e308 − (−1e308) is Infinity in float64).
 */
export function positionFrame(bounds: Bounds, dims: 2 | 3): { origin: [number, number, number]; scale: number } {
  if (!bounds.count) return { origin: [0, 0, 0], scale: 1 };
  const origin = [0, 1, 2].map((k) => bounds.min[k] / 2 + bounds.max[k] / 2) as [number, number, number];
  let half = 0;
  for (let k = 0; k < dims; k++) half = Math.max(half, bounds.max[k] / 2 - bounds.min[k] / 2);
  const scale = half > 1e15 || (half > 0 && half < 1e-15) ? 2 ** -Math.round(Math.log2(half)) : 1;
  return { origin, scale };
}

/**
 * The finite points of x, y (z) as compact Float32Arrays, `(v − origin) × scale` (see {@link positionFrame}),
 * and `rowOf` (compact index → row) when points were skipped (null when none were).
 */
export function compactPositions(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  z: ArrayLike<number> | null | undefined,
  count: number,
  origin: [number, number, number],
  scale = 1,
): { x: Float32Array; y: Float32Array; z: Float32Array | null; rowOf: Uint32Array | null } {
  const n = x.length;
  const X = new Float32Array(count), Y = new Float32Array(count), Z = z ? new Float32Array(count) : null;
  const rowOf = count < n ? new Uint32Array(count) : null;
  const [ox, oy, oz] = origin;
  // Scaling down happens before the subtraction (so it cannot overflow), scaling up after it (so it cannot underflow).
  const down = scale < 1;
  const map = (v: number, o: number) => (down ? v * scale - o * scale : (v - o) * scale);
  for (let i = 0, j = 0; i < n; i++) {
    const a = x[i], b = y[i], c = z ? z[i] : 0;
    if (a - a !== 0 || b - b !== 0 || c - c !== 0) continue;
    X[j] = map(a, ox);
    Y[j] = map(b, oy);
    if (Z) Z[j] = map(c, oz);
    if (rowOf) rowOf[j] = i;
    j++;
  }
  return { x: X, y: Y, z: Z, rowOf };
}

/**
 * Quantises 3D positions to uint16 in the box [min, max] (interleaved x, y, z): q = round((p − min) / extent ·
 * 65535). Read back as min + q / 65535 · extent (a normalised attribute times the box in the shader).
 */
export function quantize3(x: Float32Array, y: Float32Array, z: Float32Array, min: ArrayLike<number>, max: ArrayLike<number>): Uint16Array {
  const n = x.length;
  const out = new Uint16Array(n * 3);
  const s = [0, 1, 2].map((k) => (max[k] > min[k] ? 65535 / (max[k] - min[k]) : 0));
  const [m0, m1, m2] = [min[0], min[1], min[2]];
  const [s0, s1, s2] = s;
  for (let i = 0, j = 0; i < n; i++, j += 3) {
    out[j] = Math.round((x[i] - m0) * s0);
    out[j + 1] = Math.round((y[i] - m1) * s1);
    out[j + 2] = Math.round((z[i] - m2) * s2);
  }
  return out;
}

/** Inverse of {@link quantize3} for one coordinate. */
export function dequantize(q: number, min: number, max: number): number {
  return min + (q / 65535) * (max - min);
}

/** The value code 0…4094 of `v` on `domain` (clamped), 4095 for NaN. */
export function valueCode(v: number, d0: number, d1: number): number {
  if (v !== v) return MISSING_VALUE;
  const t = d1 > d0 ? (v - d0) / (d1 - d0) : 0.5;
  return t <= 0 ? 0 : t >= 1 ? VALUE_LEVELS - 1 : Math.round(t * (VALUE_LEVELS - 1));
}

/**
 * Fills the interleaved `cv` words (2 per compact point) from the category codes and values (row order) and
 * the per-row flags. `rowOf` maps compact index → row (null: identity).
 */
export function packCategoryValue(
  out: Uint16Array,
  count: number,
  rowOf: Uint32Array | null,
  category: ArrayLike<number> | null,
  value: ArrayLike<number> | null,
  domain: [number, number],
  flags: Uint8Array | null,
): Uint16Array {
  const [d0, d1] = domain;
  for (let g = 0; g < count; g++) {
    const r = rowOf ? rowOf[g] : g;
    const c = category ? category[r] : 0;
    out[2 * g] = c >= 0 && c < MISSING_CATEGORY && c % 1 === 0 ? c : MISSING_CATEGORY;
    out[2 * g + 1] = (value ? valueCode(value[r], d0, d1) : MISSING_VALUE) * 16 + (flags ? flags[g] & 15 : 0);
  }
  return out;
}

/** Rewrites only the flag bits of packed `cv` words. */
export function writeFlags(cv: Uint16Array, flags: Uint8Array): void {
  for (let g = 0, n = flags.length; g < n; g++) cv[2 * g + 1] = (cv[2 * g + 1] & 0xfff0) | (flags[g] & 15);
}

/** Reads [category, value code, flags] of compact point g from packed words. */
export function unpack(cv: Uint16Array, g: number): [number, number, number] {
  const w = cv[2 * g + 1];
  return [cv[2 * g], w >> 4, w & 15];
}

/** GPU bytes per point for position + category + value. */
export function bytesPerPoint(dims: 2 | 3, hasCV: boolean): number {
  return (dims === 3 ? 6 : 8) + (hasCV ? 4 : 0);
}
