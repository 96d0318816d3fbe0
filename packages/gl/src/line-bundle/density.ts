// Density (aggregated) rendering of a line bundle, on the CPU with typed arrays.
//
// Every row is put in a bin on each displayed axis once (B bins over the axis, bin B = missing). For each pair of
// adjacent axes the rows are counted per (left bin, right bin): a 2D histogram. Each non-empty bin pair is a band
// from the left bin to the right bin, B pixels tall at both ends; its rows spread evenly over it. The picture is
// the sum of the bands (rows per pixel): centre lines are accumulated column by column, then a vertical box
// filter as tall as a bin turns each centre line into its band (a band has the same height at every x, so the
// filter is exact). Opacity follows log(1 + rows per pixel). A brush change only recounts the rows that pass and
// rasterises their histograms: the cost no longer depends on line length × rows, but on rows + bins² × strip width.

/** Bins per axis are at most this (bin MISSING_BIN is the missing band). */
export const MAX_BINS = 254;
/** Histogram stride: bin pair (a, b) of strip p lives at p × 65536 + a × 256 + b. */
const STRIDE = 256;
const PAIR = STRIDE * STRIDE;

/**
 * Bin index of every row on every displayed axis: `n × A` bytes, row-major. Values are normalised to [0, 1];
 * value v goes to bin min(B − 1, ⌊v·B⌋); a missing value (NaN or < 0) to bin B.
 */
export function binRows(values: Float32Array, n: number, d: number, axisColumn: ArrayLike<number>, B: number, out?: Uint8Array): Uint8Array {
  const A = axisColumn.length;
  const bins = out && out.length >= n * A ? out : new Uint8Array(n * A);
  const last = B - 1;
  for (let k = 0; k < A; k++) {
    const c = axisColumn[k];
    for (let i = 0, s = c, t = k; i < n; i++, s += d, t += A) {
      const v = values[s];
      // NaN fails v >= 0 and lands on the missing bin
      bins[t] = v >= 0 ? Math.min(last, (v * B) | 0) : B;
    }
  }
  return bins;
}

/**
 * Counts rows per (left bin, right bin) for each of the A − 1 adjacent axis pairs. Only rows with a non-zero
 * `mask` byte count (all rows without a mask); `rows` restricts the rows visited. Returns (A − 1) × 65536 counts.
 */
export function pairHistograms(bins: Uint8Array, n: number, A: number, mask: Uint8Array | null, rows: Uint32Array | null, out?: Int32Array): Int32Array {
  const P = Math.max(0, A - 1);
  const h = out && out.length >= P * PAIR ? out : new Int32Array(P * PAIR);
  h.fill(0, 0, P * PAIR);
  if (!P) return h;
  const count = (i: number) => {
    let t = i * A;
    let a = bins[t] << 8;
    for (let p = 0, o = 0; p < P; p++, o += PAIR) {
      const b = bins[++t];
      h[o + a + b]++;
      a = b << 8;
    }
  };
  if (rows) {
    for (let k = 0; k < rows.length; k++) {
      const i = rows[k];
      if (!mask || mask[i]) count(i);
    }
  } else if (mask) {
    for (let i = 0; i < n; i++) if (mask[i]) count(i);
  } else for (let i = 0; i < n; i++) count(i);
  return h;
}

/**
 * Brings histograms counted over the rows flagged in `counted` up to date with `pass` (both one byte per row):
 * rows whose flag flipped are added or removed, and `counted` becomes a 0/1 copy of `pass`. Flags are compared
 * four bytes at a time, so a brush that changes few rows costs little more than one pass over n / 4 words.
 */
export function updateHistograms(bins: Uint8Array, n: number, A: number, pass: Uint8Array, counted: Uint8Array, h: Int32Array, rgb?: Uint8Array, sums?: Float32Array[]): void {
  const P = Math.max(0, A - 1);
  const [R, G, Bl] = sums ?? [];
  const add = (i: number, sign: number) => {
    let t = i * A;
    let a = bins[t] << 8;
    if (rgb && R) {
      // colour sums of {@link pairColorSums} kept in step with the counts
      const r = sign * rgb[i * 3], g = sign * rgb[i * 3 + 1], bb = sign * rgb[i * 3 + 2];
      for (let p = 0, o = 0; p < P; p++, o += PAIR) {
        const b = bins[++t];
        const k = o + a + b;
        h[k] += sign;
        R[k] += r;
        G[k] += g;
        Bl[k] += bb;
        a = b << 8;
      }
      return;
    }
    for (let p = 0, o = 0; p < P; p++, o += PAIR) {
      const b = bins[++t];
      h[o + a + b] += sign;
      a = b << 8;
    }
  };
  const visit = (i: number) => {
    const now = pass[i] ? 1 : 0;
    if (now != counted[i]) {
      counted[i] = now;
      add(i, now ? 1 : -1);
    }
  };
  let i = 0;
  if (pass.byteOffset % 4 == 0 && counted.byteOffset % 4 == 0) {
    const W = n >> 2;
    const pw = new Uint32Array(pass.buffer, pass.byteOffset, W);
    const cw = new Uint32Array(counted.buffer, counted.byteOffset, W);
    for (let w = 0; w < W; w++) {
      if (pw[w] !== cw[w]) for (let k = w << 2, e = k + 4; k < e; k++) visit(k);
    }
    i = W << 2;
  }
  for (; i < n; i++) visit(i);
}

/** Where the bands go, in device pixels. */
export interface DensityGeometry {
  width: number;
  height: number;
  /** x of each displayed axis. */
  axisX: ArrayLike<number>;
  flipped?: ArrayLike<number>;
  /** y of value 1, of value 0 and of the missing band. */
  top: number;
  bottom: number;
  missingY: number;
  B: number;
}

/**
 * Rows per pixel (row-major, width × height) of the bands of the histograms. `scratch` is reused between calls.
 * Pixels left of the first axis and from the last axis on stay 0.
 */
export function rasterizeDensity(hist: Int32Array | Float32Array, g: DensityGeometry, out?: Float32Array, scratch?: { acc: Float32Array }): Float32Array {
  const W = Math.max(1, Math.round(g.width));
  const H = Math.max(1, Math.round(g.height));
  const img = out && out.length >= W * H ? out : new Float32Array(W * H);
  img.fill(0, 0, W * H);
  const A = g.axisX.length;
  const B = g.B;
  const bh = (g.bottom - g.top) / B; // bin height
  const win = Math.max(1, Math.round(bh)); // box filter height: one bin
  const lo = (win - 1) >> 1;
  const hi = win - 1 - lo;
  const yBin = (k: number, b: number) => (b >= B ? g.missingY : g.flipped?.[k] ? g.top + (b + 0.5) * bh : g.bottom - (b + 0.5) * bh);
  const ya = new Float32Array(B + 1);
  const yb = new Float32Array(B + 1);
  let acc = scratch?.acc ?? new Float32Array(0);
  const Hm = H - 1;
  for (let p = 0; p < A - 1; p++) {
    const x0 = Math.max(0, Math.round(g.axisX[p]));
    const x1 = Math.min(W, Math.round(g.axisX[p + 1]));
    const S = x1 - x0;
    if (S <= 0) continue;
    // row-major (y × S + x), with a zero row on top for the prefix sums below
    const size = (H + 1) * S;
    if (acc.length < size) acc = new Float32Array(size);
    acc.fill(0, 0, size);
    for (let b = 0; b <= B; b++) {
      ya[b] = yBin(p, b);
      yb[b] = yBin(p + 1, b);
    }
    const base = p * PAIR;
    // centre lines, sampled at pixel centres
    for (let a = 0; a <= B; a++) {
      const row = base + (a << 8);
      const y0 = ya[a];
      for (let b = 0; b <= B; b++) {
        const c = hist[row + b];
        if (!c) continue;
        const dy = (yb[b] - y0) / S;
        let y = y0 + dy * 0.5;
        for (let x = 0; x < S; x++, y += dy) {
          let yi = y | 0;
          if (yi > Hm) yi = Hm;
          else if (yi < 0) yi = 0;
          acc[(yi + 1) * S + x] += c;
        }
      }
    }
    // prefix sums down each column (in place: row y + 1 holds the sum of rows 0 … y) …
    for (let y = 1, o = S; y <= H; y++, o += S) for (let x = 0; x < S; x++) acc[o + x] += acc[o - S + x];
    // … so each centre line becomes its band: a box filter one bin tall
    const inv = 1 / win;
    for (let y = 0, t = x0; y < H; y++, t += W) {
      const top = Math.min(H, y + hi + 1) * S;
      const bot = Math.max(0, y - lo) * S;
      for (let x = 0; x < S; x++) {
        const v = acc[top + x] - acc[bot + x];
        if (v > 0) img[t + x] = v * inv;
      }
    }
  }
  if (scratch) scratch.acc = acc;
  return img;
}

/** The largest value of a density image. */
export function densityMax(img: Float32Array, length = img.length): number {
  let m = 0;
  for (let i = 0; i < length; i++) if (img[i] > m) m = img[i];
  return m;
}

/**
 * Premultiplied RGBA bytes of a density image in one colour: opacity `lo + (hi − lo) × log(1 + v) / log(1 + max)`
 * for every pixel with v > 0 (so a single row stays visible), transparent elsewhere. With `unit` > 0 every value
 * is a multiple of it (rows per pixel from {@link rasterizeDensity} are counts / bin height): colours then come from
 * a table with one entry per count, exact and without a logarithm per pixel.
 */
export function densityToRGBA(img: Float32Array, length: number, max: number, rgb: readonly number[], lo: number, hi: number, out?: Uint8Array, unit = 0): Uint8Array {
  const px = out && out.length >= length * 4 ? out : new Uint8Array(length * 4);
  const L = Math.log1p(Math.max(max, 1e-9));
  const color = (v: number): number => {
    const a = Math.min(1, lo + ((hi - lo) * Math.log1p(v)) / L);
    // little-endian RGBA packed in a 32-bit word
    return ((Math.round(255 * a) << 24) | (Math.round(rgb[2] * a) << 16) | (Math.round(rgb[1] * a) << 8) | Math.round(rgb[0] * a)) >>> 0;
  };
  const words = new Uint32Array(px.buffer, px.byteOffset, length);
  const steps = unit > 0 ? Math.ceil(max / unit) : 0;
  if (steps > 0 && steps <= 1 << 20) {
    const lut = new Uint32Array(steps + 1);
    for (let k = 1; k <= steps; k++) lut[k] = color(k * unit);
    const inv = 1 / unit;
    for (let i = 0; i < length; i++) {
      const k = (img[i] * inv + 0.5) | 0;
      words[i] = k > steps ? lut[steps] : lut[k];
    }
    return px;
  }
  for (let i = 0; i < length; i++) {
    const v = img[i];
    words[i] = v > 1e-6 ? color(v) : 0;
  }
  return px;
}

/** The value of one row in one pixel in the images of {@link rasterizeDensity} (1 / the band height in pixels). */
export const densityUnit = (g: DensityGeometry): number => 1 / Math.max(1, Math.round((g.bottom - g.top) / g.B));

/** The colour column of a density picture: palette bytes (RGBA), categorical (entry k) or continuous (interpolated). */
export interface DensityColors {
  column: number;
  palette: Uint8Array;
  categorical: boolean;
}

/**
 * Colour of every row (`n × 3` bytes, RGB) from its value in the colour column, as the lines are coloured:
 * categorical values (k + 0.5) / K → palette entry k, continuous values interpolated along the palette;
 * missing values get `fallback`.
 */
export function rowColors(values: Float32Array, n: number, d: number, c: DensityColors, fallback: readonly number[], out?: Uint8Array): Uint8Array {
  const rgb = out && out.length >= n * 3 ? out : new Uint8Array(n * 3);
  const K = c.palette.length >> 2;
  const pal = c.palette;
  for (let i = 0, s = c.column, o = 0; i < n; i++, s += d, o += 3) {
    const t = values[s];
    if (!(t >= 0) || K < 1) {
      rgb[o] = fallback[0];
      rgb[o + 1] = fallback[1];
      rgb[o + 2] = fallback[2];
    } else if (c.categorical || K == 1) {
      const k = Math.min(K - 1, Math.floor(Math.min(t, 0.9999) * K)) << 2;
      rgb[o] = pal[k];
      rgb[o + 1] = pal[k + 1];
      rgb[o + 2] = pal[k + 2];
    } else {
      const x = Math.min(1, t) * (K - 1);
      const k = Math.min(K - 2, x | 0);
      const f = x - k;
      const a = k << 2;
      rgb[o] = Math.round(pal[a] + (pal[a + 4] - pal[a]) * f);
      rgb[o + 1] = Math.round(pal[a + 1] + (pal[a + 5] - pal[a + 1]) * f);
      rgb[o + 2] = Math.round(pal[a + 2] + (pal[a + 6] - pal[a + 2]) * f);
    }
  }
  return rgb;
}

/**
 * Sums of the rows' colours per (left bin, right bin) of each adjacent axis pair, in the layout of
 * {@link pairHistograms}: three arrays (R, G, B). Rows as in pairHistograms (`mask`, `rows`).
 */
export function pairColorSums(bins: Uint8Array, n: number, A: number, rgb: Uint8Array, mask: Uint8Array | null, rows: Uint32Array | null, out?: Float32Array[]): Float32Array[] {
  const P = Math.max(0, A - 1);
  const sums = out && out.length == 3 && out[0].length >= P * PAIR ? out : [0, 1, 2].map(() => new Float32Array(P * PAIR));
  for (const a of sums) a.fill(0, 0, P * PAIR);
  if (!P) return sums;
  const [R, G, Bl] = sums;
  const add = (i: number) => {
    let t = i * A;
    let a = bins[t] << 8;
    const r = rgb[i * 3], g = rgb[i * 3 + 1], b = rgb[i * 3 + 2];
    for (let p = 0, o = 0; p < P; p++, o += PAIR) {
      const bb = bins[++t];
      const k = o + a + bb;
      R[k] += r;
      G[k] += g;
      Bl[k] += b;
      a = bb << 8;
    }
  };
  if (rows) {
    for (let k = 0; k < rows.length; k++) {
      const i = rows[k];
      if (!mask || mask[i]) add(i);
    }
  } else if (mask) {
    for (let i = 0; i < n; i++) if (mask[i]) add(i);
  } else for (let i = 0; i < n; i++) add(i);
  return sums;
}

/**
 * Premultiplied RGBA bytes of a density image coloured by the mean colour of its rows in each pixel: opacity as
 * {@link densityToRGBA}; colour = (R, G, B) images / count image (the rasterisation is linear, so this is the
 * count-weighted mean colour of the bands covering the pixel).
 */
export function densityToRGBAColored(img: Float32Array, rgbImg: Float32Array[], length: number, max: number, lo: number, hi: number, out?: Uint8Array): Uint8Array {
  const px = out && out.length >= length * 4 ? out : new Uint8Array(length * 4);
  const L = Math.log1p(Math.max(max, 1e-9));
  const [R, G, B] = rgbImg;
  for (let i = 0, o = 0; i < length; i++, o += 4) {
    const v = img[i];
    if (!(v > 1e-6)) {
      px[o] = px[o + 1] = px[o + 2] = px[o + 3] = 0;
      continue;
    }
    const a = Math.min(1, lo + ((hi - lo) * Math.log1p(v)) / L);
    const k = a / v;
    px[o] = Math.min(255, Math.round(R[i] * k));
    px[o + 1] = Math.min(255, Math.round(G[i] * k));
    px[o + 2] = Math.min(255, Math.round(B[i] * k));
    px[o + 3] = Math.round(255 * a);
  }
  return px;
}

/** What the density layers are drawn from (a subset of the line bundle's state). */
export interface DensitySource {
  values: Float32Array;
  n: number;
  d: number;
  rows: Uint32Array | null;
  /** One byte per row (1 = passes the brushes and the mask), or null when nothing is filtered. */
  pass: Uint8Array | null;
  axisColumn: ArrayLike<number>;
  geometry: Omit<DensityGeometry, 'B'>;
  /** Bins per axis (≤ MAX_BINS); 0 or less: one bin per 3 device pixels of axis, at most 128. */
  bins?: number;
  color: readonly number[];
  dimColor: readonly number[];
  /** Colour column: bands take the mean colour of their rows (the dimmed layer stays `dimColor`). */
  colors?: DensityColors | null;
}

/** The layers to draw: `base` (every drawn row, dimmed; null when nothing is filtered) under `top`. */
export interface DensityLayers {
  width: number;
  height: number;
  base: Uint8Array | null;
  top: Uint8Array;
  /** Bumped whenever `base` holds new pixels. */
  baseVersion: number;
  /** Rows counted in the top layer. */
  topRows: number;
}

/** Opacity ranges (at one row per pixel … at the densest pixel of every drawn row). */
export const DENSITY_OPACITY = { plain: [0.15, 0.9], dim: [0.05, 0.35], passing: [0.25, 0.95] } as const;

/** Default bins per axis for an axis `px` device pixels tall. */
export const autoBins = (px: number): number => Math.max(8, Math.min(128, Math.round(px / 3)));

/**
 * Keeps the binned rows, the histogram of every drawn row (and its picture) between draws: a brush change
 * (`pass` changes) recounts only the rows that pass and rasterises their histograms.
 */
export function createDensityRenderer() {
  let bins: Uint8Array = new Uint8Array(0);
  let binsKey = '';
  let binsValues: Float32Array | null = null;
  let hist: Int32Array = new Int32Array(0);
  let img: Float32Array = new Float32Array(0);
  const scratch = { acc: new Float32Array(0) };
  let fullKey = '';
  let fullRows: Uint32Array | null = null;
  let fullMax = 0;
  let fullImg: Float32Array = new Float32Array(0);
  let plain: Uint8Array = new Uint8Array(0);
  let base: Uint8Array = new Uint8Array(0);
  let top: Uint8Array = new Uint8Array(0);
  let baseVersion = 0;
  let baseKey = '';
  let binsVersion = 0;

  function render(s: DensitySource): DensityLayers {
    const g = s.geometry;
    const W = Math.max(1, Math.round(g.width));
    const H = Math.max(1, Math.round(g.height));
    const A = s.axisColumn.length;
    const B = Math.max(2, Math.min(MAX_BINS, s.bins && s.bins > 0 ? Math.round(s.bins) : autoBins(g.bottom - g.top)));
    const key = `${s.n}|${s.d}|${B}|${Array.from(s.axisColumn).join(',')}`;
    if (key != binsKey || binsValues !== s.values) {
      bins = binRows(s.values, s.n, s.d, s.axisColumn, B, bins);
      binsKey = key;
      binsValues = s.values;
      binsVersion++;
    }
    const geo: DensityGeometry = { ...g, B };
    const gKey = `${binsVersion}|${W}|${H}|${Array.from(g.axisX).join(',')}|${g.flipped ? Array.from(g.flipped).join(',') : ''}|${g.top}|${g.bottom}|${g.missingY}`;
    if (gKey != fullKey || fullRows !== s.rows) {
      hist = pairHistograms(bins, s.n, A, null, s.rows, hist);
      fullImg = rasterizeDensity(hist, geo, fullImg.length >= W * H ? fullImg : new Float32Array(W * H), scratch);
      fullMax = densityMax(fullImg, W * H);
      fullKey = gKey;
      fullRows = s.rows;
      baseKey = plainKey = '';
    }
    const len = W * H;
    const c = s.colors;
    let cKey = '';
    if (c) {
      cKey = `${binsVersion}|${c.column}|${c.categorical}|${Array.from(c.palette).join(',')}|${s.color.join(',')}`;
      if (cKey != rgbKey || rgbValues !== s.values) {
        rgb = rowColors(s.values, s.n, s.d, c, s.color, rgb);
        rgbKey = cKey;
        rgbValues = s.values;
      }
    }
    const colorImages = (mask: Uint8Array | null, imgs: Float32Array[]): Float32Array[] => {
      sums = pairColorSums(bins, s.n, A, rgb, mask, s.rows, sums);
      return sums.map((h, k) => rasterizeDensity(h, geo, imgs[k] && imgs[k].length >= len ? imgs[k] : new Float32Array(len), scratch));
    };
    if (!s.pass) {
      const k = `${fullKey}|${s.color.join(',')}|${cKey}`;
      if (k != plainKey) {
        if (c) {
          fullRGB = colorImages(null, fullRGB);
          plain = densityToRGBAColored(fullImg, fullRGB, len, fullMax, DENSITY_OPACITY.plain[0], DENSITY_OPACITY.plain[1], plain);
        } else plain = densityToRGBA(fullImg, len, fullMax, s.color, DENSITY_OPACITY.plain[0], DENSITY_OPACITY.plain[1], plain, densityUnit(geo));
        plainKey = k;
      }
      return { width: W, height: H, base: null, top: plain, baseVersion, topRows: s.rows ? s.rows.length : s.n };
    }
    const bk = `${fullKey}|${s.dimColor.join(',')}`;
    if (bk != baseKey) {
      base = densityToRGBA(fullImg, len, fullMax, s.dimColor, DENSITY_OPACITY.dim[0], DENSITY_OPACITY.dim[1], base, densityUnit(geo));
      baseKey = bk;
      baseVersion++;
    }
    const P = Math.max(0, A - 1);
    if (topHist.length < P * PAIR) topHist = new Int32Array(P * PAIR);
    let sumsFresh = false;
    if (!s.rows && topOf == binsVersion && topN == s.n && counted.length >= s.n) {
      // the rows counted last time are known: only rows whose pass flag flipped since are added or removed
      // (with their colours, when the colour sums of the passing rows are in step with the counts)
      const inStep = !!c && topSumsKey == cKey;
      updateHistograms(bins, s.n, A, s.pass, counted, topHist, inStep ? rgb : undefined, inStep ? topSums : undefined);
      sumsFresh = inStep;
    } else {
      topHist = pairHistograms(bins, s.n, A, s.pass, s.rows, topHist);
      if (!s.rows) {
        if (counted.length < s.n) counted = new Uint8Array(s.n);
        for (let i = 0; i < s.n; i++) counted[i] = s.pass[i] ? 1 : 0;
        topOf = binsVersion;
        topN = s.n;
      } else topOf = -1;
    }
    if (!c) topSumsKey = ''; // counts moved on without the colours
    let topRows = 0;
    if (A > 1) for (let i = 0; i < PAIR; i++) topRows += topHist[i];
    else if (s.rows) for (let k = 0; k < s.rows.length; k++) topRows += s.pass[s.rows[k]] ? 1 : 0;
    else for (let i = 0; i < s.n; i++) topRows += s.pass[i] ? 1 : 0;
    img = rasterizeDensity(topHist, geo, img.length >= len ? img : new Float32Array(len), scratch);
    if (c) {
      if (!sumsFresh) {
        topSums = pairColorSums(bins, s.n, A, rgb, s.pass, s.rows, topSums);
        topSumsKey = !s.rows && topOf == binsVersion ? cKey : '';
      }
      topRGB = topSums.map((h, k) => rasterizeDensity(h, geo, topRGB[k] && topRGB[k].length >= len ? topRGB[k] : new Float32Array(len), scratch));
      top = densityToRGBAColored(img, topRGB, len, fullMax, DENSITY_OPACITY.passing[0], DENSITY_OPACITY.passing[1], top);
    } else top = densityToRGBA(img, len, fullMax, s.color, DENSITY_OPACITY.passing[0], DENSITY_OPACITY.passing[1], top, densityUnit(geo));
    return { width: W, height: H, base, top, baseVersion, topRows };
  }
  let plainKey = '';
  /** Colour column: each row's RGB, the colour sums per bin pair and their images (all rows; passing rows). */
  let rgb: Uint8Array = new Uint8Array(0);
  let rgbKey = '';
  let rgbValues: Float32Array | null = null;
  let sums: Float32Array[] = [];
  let fullRGB: Float32Array[] = [];
  let topRGB: Float32Array[] = [];
  /** Colour sums of the rows counted in `counted`, and the colour key they were made with ('' = not in step). */
  let topSums: Float32Array[] = [];
  let topSumsKey = '';
  /** The passing rows' histograms, the pass flags they counted (0/1 per row) and the bins they were counted on. */
  let topHist: Int32Array = new Int32Array(0);
  let counted: Uint8Array = new Uint8Array(0);
  let topOf = -1;
  let topN = -1;
  return {
    render,
    /** Frees the buffers (they are re-made at the next render). */
    clear() {
      bins = new Uint8Array(0);
      hist = new Int32Array(0);
      img = fullImg = new Float32Array(0);
      plain = base = top = new Uint8Array(0);
      binsKey = fullKey = baseKey = plainKey = '';
      binsValues = fullRows = null;
      topHist = new Int32Array(0);
      counted = new Uint8Array(0);
      topOf = topN = -1;
      rgb = new Uint8Array(0);
      rgbKey = '';
      rgbValues = null;
      sums = fullRGB = topRGB = topSums = [];
      topSumsKey = '';
    },
  };
}
export type DensityRenderer = ReturnType<typeof createDensityRenderer>;
