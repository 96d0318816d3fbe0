import type { Regl, Buffer, Texture2D, DrawCommand, Framebuffer2D } from 'regl';
import { TensorLensError, fail, parseColor, warnOnce } from '@tensorlens/core';
import { FRAG, VERT } from './shaders';
import { filterRows, sortRanges, type LineRange } from './filter';
import { createDensityRenderer, type DensityLayers } from './density';
import { createRegl, watchContextLoss } from '../shared';

/** Said once per page when the lines fall back to Canvas2D because the page forbids 'unsafe-eval'. */
function warnCanvasFallback(): void {
  warnOnce(
    'line-bundle-canvas',
    "lines are drawn with Canvas2D instead of WebGL (slower with many rows): the page's Content-Security-Policy has no script-src 'unsafe-eval', which regl needs to compile WebGL draw calls.",
  );
}

/** Where the axes are: every length is the number of displayed axes, left to right. */
export interface LineBundleLayout {
  /** Canvas size in CSS pixels. */
  width: number;
  height: number;
  /** Device pixels per CSS pixel (default devicePixelRatio). */
  pixelRatio?: number;
  /** x of each displayed axis (CSS px). */
  axisX: ArrayLike<number>;
  /** The value column drawn on each displayed axis. */
  axisColumn: ArrayLike<number>;
  /** 1 where an axis is flipped (value 1 at the bottom). Default none. */
  flipped?: ArrayLike<number>;
  /** y (CSS px) of value 1, of value 0, and of the band where missing values (< 0 or NaN) are drawn. */
  top: number;
  bottom: number;
  missingY: number;
}

/** Colour by a column: its normalised value looks up `palette` (RGBA bytes, or CSS colours). */
export interface LineColors {
  column: number;
  palette: Uint8Array | readonly string[];
  /** Categorical columns hold (k + 0.5) / K for category k: palette entry k, no interpolation. */
  categorical?: boolean;
}

/** Colours and opacity of the lines. */
export interface LineStyle {
  /** Colour of every line when no colour column is set (default '#4e79a7'). */
  color?: string;
  /** Colour of rows that do not pass the filter (default '#9aa0a6'). */
  dimColor?: string;
  /** Opacity of drawn lines (default 0.5). */
  opacity?: number;
  /** Opacity of dimmed lines (default 0.08). */
  dimOpacity?: number;
  /** Colour of lines whose colour value is missing (default '#888888'). */
  missingColor?: string;
}

export interface LineBundleOptions extends LineBundleLayout, LineStyle {
  /** n × d values, row-major, normalised to [0, 1] per column; NaN or a negative value is missing. */
  values: Float32Array;
  n: number;
  d: number;
  /** The rows drawn (default all). */
  rows?: Uint32Array | null;
  colors?: LineColors | null;
  filter?: readonly LineRange[] | null;
  /** One byte per row: with a mask, only rows with a non-zero byte are drawn as selected. */
  mask?: Uint8Array | null;
  /** 'webgl' (default; falls back to 'canvas' when WebGL is unavailable) or 'canvas' (Canvas2D). */
  renderer?: 'webgl' | 'canvas';
  /**
   * 'lines' (default): one polyline per row. 'density': rows are counted per pair of bins on adjacent axes and
   * each non-empty bin pair is drawn as a band whose opacity follows log(1 + rows per pixel) (see density.ts).
   */
  mode?: LineMode;
  /** Bins per axis in density mode (2 … 254); default (0): one bin per 3 device pixels of axis, at most 128. */
  densityBins?: number;
}

export type LineMode = 'lines' | 'density';

export interface LineBundle {
  /** What draws the lines: 'webgl', or 'canvas' (Canvas2D) when asked or when WebGL is unavailable. */
  readonly renderer: 'webgl' | 'canvas';
  readonly canvas: HTMLCanvasElement;
  /** True between a WebGL context loss and its restoration. */
  readonly lost: boolean;
  setValues(values: Float32Array, n: number, d: number): void;
  setLayout(layout: Partial<LineBundleLayout>): void;
  /**
   * Brush ranges (OR within a column, AND across columns). Which rows pass is computed once per change on the
   * CPU (typed arrays, at the next draw); on WebGL only the row order buffer is re-uploaded (values stay put).
   */
  setFilter(ranges: readonly LineRange[] | null): void;
  setMask(mask: Uint8Array | null): void;
  setRows(rows: Uint32Array | null): void;
  setColors(colors: LineColors | null): void;
  setStyle(style: LineStyle): void;
  /** Switches between one line per row and density rendering (and sets the bins per axis of the latter). */
  setMode(mode: LineMode, densityBins?: number): void;
  readonly mode: LineMode;
  /** Draws now (synchronously): dimmed rows first, then the rows that pass on top. */
  draw(): void;
  /** Frees every GL resource (and the regl context it created); idempotent. */
  destroy(): void;
}

const rgba = (c: string, a: number): [number, number, number, number] => {
  const [r, g, b] = parseColor(c);
  return [r / 255, g / 255, b / 255, a];
};

function paletteBytes(p: Uint8Array | readonly string[]): Uint8Array {
  if (p instanceof Uint8Array) return p;
  const out = new Uint8Array(Math.max(1, p.length) * 4);
  p.forEach((c, i) => out.set(parseColor(c).slice(0, 3).concat(255), i * 4));
  return out;
}

interface State {
  values: Float32Array;
  n: number;
  d: number;
  layout: LineBundleLayout;
  rows: Uint32Array | null;
  colors: LineColors | null;
  ranges: LineRange[];
  mask: Uint8Array | null;
  style: Required<LineStyle>;
  mode: LineMode;
  densityBins: number;
}

/**
 * No multisampling: on software GL (SwiftShader) 4× MSAA made every line draw ~6× slower, and 1-pixel lines
 * with alpha blending look the same at the densities drawn here.
 */
const GL_ATTRIBUTES = { preserveDrawingBuffer: true, premultipliedAlpha: true, antialias: false, alpha: true };

const STYLE: Required<LineStyle> = { color: '#4e79a7', dimColor: '#9aa0a6', opacity: 0.5, dimOpacity: 0.08, missingColor: '#888888' };

function checkOptions(o: LineBundleOptions): void {
  if (!(o.values instanceof Float32Array)) throw fail('type', 'options.values', 'a Float32Array of n × d values', o.values);
  if (!(o.n >= 0 && o.d >= 1 && o.values.length >= o.n * o.d)) throw fail('length', 'options.values', `n × d = ${o.n} × ${o.d} values`, `${o.values.length}`);
  if (o.axisX?.length !== o.axisColumn?.length) throw fail('length', 'options.axisColumn', `${o.axisX?.length} entries (as axisX)`, o.axisColumn);
}

/**
 * Draws N rows × D columns of normalised values as polylines across axes, with alpha blending, one colour
 * or a colour per row from a column and a palette, and filtering on the GPU: rows outside the brush ranges
 * are drawn dimmed under the rows that pass. `target` is a canvas (the bundle creates and owns its regl
 * context) or a regl instance (shared; the bundle frees only what it allocated).
 */
export function createLineBundle(target: HTMLCanvasElement | Regl, options: LineBundleOptions): LineBundle {
  checkOptions(options);
  const st: State = {
    values: options.values,
    n: options.n,
    d: options.d,
    layout: { ...options },
    rows: options.rows ?? null,
    colors: options.colors ?? null,
    ranges: sortRanges(options.filter ?? null),
    mask: options.mask ?? null,
    style: { ...STYLE },
    mode: options.mode == 'density' ? 'density' : 'lines',
    densityBins: options.densityBins ?? 0,
  };
  for (const k of Object.keys(STYLE) as Array<keyof LineStyle>) if (options[k] != null) (st.style as Record<string, unknown>)[k] = options[k];
  const isCanvas = typeof (target as HTMLCanvasElement).getContext == 'function';
  let regl: Regl | null = isCanvas ? null : (target as Regl);
  const canvas = isCanvas ? (target as HTMLCanvasElement) : ((target as Regl)._gl.canvas as HTMLCanvasElement);
  if (isCanvas && options.renderer != 'canvas') {
    try {
      regl = createRegl({
        canvas,
        extensions: ['ANGLE_instanced_arrays', 'OES_texture_float'],
        attributes: GL_ATTRIBUTES,
      });
    } catch (e) {
      regl = null; // no WebGL (or no float textures), or a policy without 'unsafe-eval': Canvas2D below
      if (e instanceof TensorLensError && e.code === 'csp') warnCanvasFallback();
    }
  }
  const impl = regl ? webgl(regl, canvas, st, isCanvas) : canvas2d(canvas, st);
  impl.resize();
  return impl.handle;
}

interface Impl {
  handle: LineBundle;
  resize(): void;
}

const sameArray = (a: ArrayLike<number> | undefined, b: ArrayLike<number> | undefined): boolean => {
  if (a === b) return true;
  if (!a || !b || a.length != b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};

/** True when two layouts draw the same picture (so the cached context layer stays valid). */
function sameLayout(a: LineBundleLayout, b: LineBundleLayout): boolean {
  return a.width === b.width && a.height === b.height && a.pixelRatio === b.pixelRatio && a.top === b.top && a.bottom === b.bottom && a.missingY === b.missingY &&
    sameArray(a.axisX, b.axisX) && sameArray(a.axisColumn, b.axisColumn) && sameArray(a.flipped, b.flipped);
}

function resizeCanvas(canvas: HTMLCanvasElement, l: LineBundleLayout): void {
  const pr = l.pixelRatio ?? (globalThis.devicePixelRatio || 1);
  const w = Math.max(1, Math.round(l.width * pr));
  const h = Math.max(1, Math.round(l.height * pr));
  if (canvas.width != w) canvas.width = w;
  if (canvas.height != h) canvas.height = h;
  canvas.style.width = l.width + 'px';
  canvas.style.height = l.height + 'px';
}

const rgb255 = (c: string): number[] => parseColor(c).slice(0, 3);

/** The density layers of the current state (pass flags computed here, on the CPU). */
function densityLayers(st: State, renderer: ReturnType<typeof createDensityRenderer>, W: number, H: number, passBuf: Uint8Array): DensityLayers {
  const l = st.layout;
  const pr = W / Math.max(1e-9, l.width);
  const filtered = st.ranges.length > 0 || !!st.mask;
  // a mask alone (what parcoords hands over: its own pass flags) is used as it is, without a copy
  const pass = !filtered ? null : st.ranges.length ? filterRows(st.values, st.n, st.d, st.ranges, st.mask, passBuf) : st.mask;
  return renderer.render({
    values: st.values,
    n: st.n,
    d: st.d,
    rows: st.rows,
    pass,
    axisColumn: l.axisColumn,
    geometry: { width: W, height: H, axisX: Array.from(l.axisX, (x) => x * pr), flipped: l.flipped, top: l.top * pr, bottom: l.bottom * pr, missingY: l.missingY * pr },
    bins: st.densityBins,
    color: rgb255(st.style.color),
    dimColor: rgb255(st.style.dimColor),
    colors: st.colors ? { column: st.colors.column, palette: paletteBytes(st.colors.palette), categorical: !!st.colors.categorical } : null,
  });
}

function webgl(regl0: Regl, canvas: HTMLCanvasElement, st: State, owned: boolean): Impl {
  let regl = regl0;
  const maxSize = Math.min(4096, regl.limits.maxTextureSize);
  let valuesTex: Texture2D;
  let paletteTex: Texture2D;
  let rowBuf: Buffer;
  let axisBuf: Buffer;
  let valuesSize: [number, number] = [1, 1];
  let packs = 1;
  let axisCount = 0;
  let rowCount = 0;
  let dimCount = 0; // rows [0, dimCount) of the row buffer are dimmed, the rest pass
  let rowsDirty = true;
  // Context layer: every drawn row in the dim colour, drawn once into a framebuffer and copied under the rows
  // that pass at each filtered draw (a brush change then rasterises only the rows that pass).
  let context: Framebuffer2D;
  let contextDirty = true;
  let contextSize = [1, 1];
  let quadBuf: Buffer;
  let rowBufBytes = 0;
  let rowData = new Float32Array(1);
  let passBuf = new Uint8Array(0);
  let lost = false;
  let dead = false;
  let valuesDirty = true; // the values texture is filled at the first draw in lines mode
  const density = createDensityRenderer();
  let densityDirty = true;
  let baseTex: Texture2D;
  let topTex: Texture2D;
  let baseVersion = -1;
  let layers: DensityLayers | null = null;

  const layoutTexture = (texels: number, name: string): [number, number] => {
    const w = Math.min(maxSize, Math.max(1, texels));
    const h = Math.max(1, Math.ceil(texels / w));
    if (h > regl.limits.maxTextureSize) throw fail('range', name, `at most ${w * regl.limits.maxTextureSize} texels on this GPU`, `${texels}`);
    return [w, h];
  };

  function uploadValues() {
    valuesDirty = false;
    const { n, d, values } = st;
    packs = Math.ceil(d / 4);
    valuesSize = layoutTexture(n * packs, 'options.values');
    const data = new Float32Array(valuesSize[0] * valuesSize[1] * 4);
    const stride = packs * 4;
    for (let i = 0, s = 0, t = 0; i < n; i++, s += d, t += stride) {
      for (let j = 0; j < d; j++) {
        const v = values[s + j];
        data[t + j] = v >= 0 ? v : -1; // NaN and negatives: missing
      }
    }
    valuesTex({ width: valuesSize[0], height: valuesSize[1], data, type: 'float', format: 'rgba', min: 'nearest', mag: 'nearest' });
  }

  /**
   * Which rows pass (CPU, one typed-array loop per brushed column) and the row buffer: dimmed rows first, then
   * the rows that pass, each in their drawing order. Runs at the next draw after a filter, mask or rows change.
   */
  function uploadRows() {
    const r = st.rows;
    rowCount = r ? r.length : st.n;
    if (rowData.length < Math.max(1, rowCount)) rowData = new Float32Array(Math.max(1, rowCount));
    const data = rowData;
    if (!st.ranges.length && !st.mask) {
      dimCount = 0;
      if (r) for (let k = 0; k < rowCount; k++) data[k] = r[k];
      else for (let k = 0; k < rowCount; k++) data[k] = k;
    } else {
      if (passBuf.length < st.n) passBuf = new Uint8Array(st.n);
      const pass = filterRows(st.values, st.n, st.d, st.ranges, st.mask, passBuf);
      let dim = 0;
      if (r) for (let k = 0; k < rowCount; k++) dim += pass[r[k]] ^ 1;
      else for (let k = 0; k < rowCount; k++) dim += pass[k] ^ 1;
      let lo = 0;
      let hi = dim;
      if (r) {
        for (let k = 0; k < rowCount; k++) {
          const i = r[k];
          if (pass[i]) data[hi++] = i;
          else data[lo++] = i;
        }
      } else {
        for (let i = 0; i < rowCount; i++) {
          if (pass[i]) data[hi++] = i;
          else data[lo++] = i;
        }
      }
      dimCount = dim;
    }
    const view = data.subarray(0, Math.max(1, rowCount));
    if (rowBufBytes == view.byteLength) rowBuf.subdata(view);
    else rowBuf({ data: view, usage: 'dynamic' });
    rowBufBytes = view.byteLength;
    rowsDirty = false;
  }

  function uploadAxes() {
    const l = st.layout;
    axisCount = l.axisX.length;
    const data = new Float32Array(Math.max(1, axisCount) * 3);
    for (let k = 0; k < axisCount; k++) {
      data[k * 3] = l.axisColumn[k];
      data[k * 3 + 1] = l.axisX[k];
      data[k * 3 + 2] = l.flipped?.[k] ? 1 : 0;
    }
    axisBuf({ data, usage: 'dynamic' });
  }

  function uploadPalette() {
    const p = paletteBytes(st.colors?.palette ?? new Uint8Array([0, 0, 0, 255]));
    paletteTex({ width: p.length / 4, height: 1, data: p, format: 'rgba', min: st.colors?.categorical ? 'nearest' : 'linear', mag: st.colors?.categorical ? 'nearest' : 'linear', wrap: 'clamp' });
  }

  function allocate() {
    valuesTex = regl.texture();
    paletteTex = regl.texture();
    rowBuf = regl.buffer({ length: 4 });
    rowBufBytes = 0; // the first upload sets the size and the float type
    context = regl.framebuffer({ width: 1, height: 1, depthStencil: false });
    quadBuf = regl.buffer(new Float32Array([-1, -1, 1, -1, -1, 1, -1, 1, 1, -1, 1, 1]));
    contextDirty = true;
    axisBuf = regl.buffer({ length: 12 });
    baseTex = regl.texture();
    topTex = regl.texture();
    baseVersion = -1;
    densityDirty = true;
  }

  function uploadAll() {
    valuesDirty = true;
    uploadAxes();
    uploadPalette();
    rowsDirty = true;
  }

  allocate();
  uploadAll();

  const uniforms: Record<string, unknown> = {
    uValues: () => valuesTex,
    uValuesSize: () => valuesSize,
    uPacks: () => packs,
    uPalette: () => paletteTex,
    uPaletteN: () => paletteTex.width,
    uColorColumn: () => st.colors?.column ?? -1,
    uCategorical: () => (st.colors?.categorical ? 1 : 0),
    uPass: regl.prop<{ pass: number }, 'pass'>('pass'),
    uColor: () => rgba(st.style.color, st.style.opacity),
    uDim: () => rgba(st.style.dimColor, st.style.dimOpacity),
    uMissingColor: () => rgba(st.style.missingColor, 1),
    uSize: () => [st.layout.width, st.layout.height],
    uY: () => [st.layout.top, st.layout.bottom, st.layout.missingY],
  };

  let cmd: DrawCommand = command();
  let copy: DrawCommand = copyCommand();
  let image: DrawCommand = imageCommand();
  /** A premultiplied RGBA texture over the whole canvas (row 0 at the top), blended over what is drawn. */
  function imageCommand(): DrawCommand {
    return regl({
      vert: 'precision highp float; attribute vec2 p; varying vec2 uv; void main() { uv = vec2(p.x * 0.5 + 0.5, 0.5 - p.y * 0.5); gl_Position = vec4(p, 0.0, 1.0); }',
      frag: 'precision mediump float; uniform sampler2D t; varying vec2 uv; void main() { gl_FragColor = texture2D(t, uv); }',
      attributes: { p: () => quadBuf },
      uniforms: { t: regl.prop<{ tex: Texture2D }, 'tex'>('tex') },
      count: 6,
      blend: { enable: true, func: { src: 'one', dst: 'one minus src alpha' } },
      depth: { enable: false },
      viewport: () => ({ x: 0, y: 0, width: canvas.width, height: canvas.height }),
    } as never);
  }
  const fill = (tex: Texture2D, data: Uint8Array, w: number, h: number) => {
    const view = data.subarray(0, w * h * 4);
    if (tex.width == w && tex.height == h) tex.subimage({ width: w, height: h, data: view });
    else tex({ width: w, height: h, data: view, format: 'rgba', type: 'uint8', min: 'nearest', mag: 'nearest', wrap: 'clamp' });
  };
  function drawDensity() {
    if (densityDirty || !layers || layers.width != canvas.width || layers.height != canvas.height) {
      if (passBuf.length < st.n) passBuf = new Uint8Array(st.n);
      layers = densityLayers(st, density, canvas.width, canvas.height, passBuf);
      if (layers.base && layers.baseVersion != baseVersion) {
        fill(baseTex, layers.base, layers.width, layers.height);
        baseVersion = layers.baseVersion;
      }
      fill(topTex, layers.top, layers.width, layers.height);
      densityDirty = false;
    }
    if (!axisCount) return;
    if (layers.base) image({ tex: baseTex });
    image({ tex: topTex });
  }
  function copyCommand(): DrawCommand {
    return regl({
      vert: 'precision highp float; attribute vec2 p; varying vec2 uv; void main() { uv = p * 0.5 + 0.5; gl_Position = vec4(p, 0.0, 1.0); }',
      frag: 'precision mediump float; uniform sampler2D t; varying vec2 uv; void main() { gl_FragColor = texture2D(t, uv); }',
      attributes: { p: () => quadBuf },
      uniforms: { t: () => context },
      count: 6,
      blend: { enable: false },
      depth: { enable: false },
      viewport: () => ({ x: 0, y: 0, width: canvas.width, height: canvas.height }),
    } as never);
  }
  function command(): DrawCommand {
    return regl({
    vert: VERT,
    frag: FRAG,
    attributes: {
      aRow: (_: unknown, p: { offset: number }) => ({ buffer: rowBuf, divisor: 1, offset: p.offset * 4, type: 'float' }),
      aAxis: { buffer: () => axisBuf, divisor: 0, size: 3 },
    },
    uniforms,
    primitive: 'line strip',
    count: () => axisCount,
    instances: regl.prop<{ instances: number }, 'instances'>('instances'),
    blend: { enable: true, func: { src: 'one', dst: 'one minus src alpha' } },
    depth: { enable: false },
    viewport: () => ({ x: 0, y: 0, width: canvas.width, height: canvas.height }),
  } as never);
  }

  // The package's context-loss helper (the regl instance listens too, and restores its own objects first).
  const contextWatch = watchContextLoss(canvas, { lost: () => (lost = true), restored: restore });
  function restore() {
    if (dead) return;
    if (owned) {
      // regl recreates its GL objects on restore, but its instanced draws keep the extension object of the lost
      // context (divisors are ignored): start a fresh regl on the restored context and allocate everything again.
      // The old instance is destroyed first: its clean-up unbinds GL state the new one would otherwise think bound.
      regl.destroy();
      regl = createRegl({ canvas, extensions: ['ANGLE_instanced_arrays', 'OES_texture_float'], attributes: GL_ATTRIBUTES });
      allocate();
      cmd = command();
      copy = copyCommand();
      image = imageCommand();
    }
    baseVersion = -1;
    densityDirty = true;
    lost = false;
    uploadAll(); // the GL objects are new and empty: fill them again
    draw();
  }

  function draw() {
    if (dead || lost) return;
    resizeCanvas(canvas, st.layout);
    regl.poll();
    regl.clear({ color: [0, 0, 0, 0] });
    if (st.mode == 'density') return drawDensity();
    if (valuesDirty) uploadValues();
    if (rowsDirty) uploadRows();
    if (!axisCount || !rowCount) return;
    if (dimCount) {
      // filtered: the context layer (every row, dimmed; drawn once per layout/rows/style) under the rows that pass
      if (contextDirty || contextSize[0] != canvas.width || contextSize[1] != canvas.height) {
        context.resize(canvas.width, canvas.height);
        contextSize = [canvas.width, canvas.height];
        context.use(() => {
          regl.clear({ color: [0, 0, 0, 0] });
          cmd({ pass: 0, offset: 0, instances: rowCount });
        });
        contextDirty = false;
      }
      copy();
    }
    if (rowCount > dimCount) cmd({ pass: 1, offset: dimCount, instances: rowCount - dimCount });
  }

  const handle: LineBundle = {
    renderer: 'webgl',
    canvas,
    get lost() {
      return lost;
    },
    setValues(values, n, d) {
      checkOptions({ ...st.layout, values, n, d });
      Object.assign(st, { values, n, d });
      if (st.mask && st.mask.length < n) st.mask = null;
      valuesDirty = true;
      rowsDirty = contextDirty = densityDirty = true;
    },
    setLayout(l) {
      const prev = st.layout;
      st.layout = { ...st.layout, ...l };
      if (st.layout.axisX.length !== st.layout.axisColumn.length) throw fail('length', 'layout.axisColumn', `${st.layout.axisX.length} entries (as axisX)`, st.layout.axisColumn);
      if (sameLayout(prev, st.layout)) return;
      contextDirty = densityDirty = true;
      if (!lost) uploadAxes();
      resizeCanvas(canvas, st.layout);
    },
    setFilter(ranges) {
      st.ranges = sortRanges(ranges);
      rowsDirty = densityDirty = true;
    },
    setMask(mask) {
      st.mask = mask;
      rowsDirty = densityDirty = true;
    },
    setRows(rows) {
      if (rows === st.rows) return;
      st.rows = rows;
      rowsDirty = contextDirty = densityDirty = true;
    },
    setColors(colors) {
      st.colors = colors;
      densityDirty = true;
      if (!lost) uploadPalette();
    },
    setStyle(style) {
      for (const k of Object.keys(STYLE) as Array<keyof LineStyle>) {
        if (style[k] != null && style[k] !== st.style[k]) {
          (st.style as Record<string, unknown>)[k] = style[k];
          contextDirty = densityDirty = true;
        }
      }
    },
    setMode(mode, bins) {
      if (mode != st.mode || (bins != null && bins != st.densityBins)) densityDirty = true;
      st.mode = mode == 'density' ? 'density' : 'lines';
      if (bins != null) st.densityBins = bins;
    },
    get mode() {
      return st.mode;
    },
    draw,
    destroy() {
      if (dead) return;
      dead = true;
      contextWatch.dispose();
      density.clear();
      layers = null;
      if (owned) {
        // Release the context now, not at garbage collection: Chromium keeps at most 16 live contexts and drops
        // the oldest beyond that, which would be another chart's.
        const gl = regl._gl;
        regl.destroy();
        gl.getExtension('WEBGL_lose_context')?.loseContext();
      } else for (const r of [valuesTex, paletteTex, rowBuf, axisBuf, context, quadBuf, baseTex, topTex]) r.destroy();
    },
  };
  return { handle, resize: () => resizeCanvas(canvas, st.layout) };
}

function canvas2d(canvas: HTMLCanvasElement, st: State): Impl {
  const ctx = canvas.getContext('2d');
  if (!ctx) throw fail('webgl', 'canvas', 'a canvas with a WebGL or 2D context', 'neither');
  let pass: Uint8Array | null = null;
  let dead = false;
  const density = createDensityRenderer();

  /** Density mode: the two layers composited on the CPU (premultiplied → straight alpha for putImageData). */
  function drawDensity() {
    if (!pass || pass.length < st.n) pass = new Uint8Array(st.n);
    const L = densityLayers(st, density, canvas.width, canvas.height, pass);
    const img = ctx!.createImageData(L.width, L.height);
    const o = img.data;
    const t = L.top;
    const b = L.base;
    for (let i = 0, m = L.width * L.height * 4; i < m; i += 4) {
      let r = t[i], g = t[i + 1], bl = t[i + 2], a = t[i + 3];
      if (b) {
        const k = 1 - a / 255;
        r += b[i] * k;
        g += b[i + 1] * k;
        bl += b[i + 2] * k;
        a += b[i + 3] * k;
      }
      if (a > 0) {
        const u = 255 / a;
        o[i] = r * u;
        o[i + 1] = g * u;
        o[i + 2] = bl * u;
        o[i + 3] = a;
      }
    }
    ctx!.setTransform(1, 0, 0, 1, 0, 0);
    ctx!.putImageData(img, 0, 0);
  }

  function draw() {
    if (dead) return;
    const l = st.layout;
    resizeCanvas(canvas, l);
    if (st.mode == 'density') {
      ctx!.clearRect(0, 0, canvas.width, canvas.height);
      return drawDensity();
    }
    const pr = canvas.width / Math.max(1, l.width);
    const c = ctx!;
    c.setTransform(pr, 0, 0, pr, 0, 0);
    c.clearRect(0, 0, l.width, l.height);
    const { values, d, n } = st;
    const A = l.axisX.length;
    if (!A) return;
    const filtered = st.ranges.length > 0 || !!st.mask;
    if (filtered) pass = filterRows(values, n, d, st.ranges, st.mask, pass && pass.length >= n ? pass : new Uint8Array(n));
    const rows = st.rows;
    const count = rows ? rows.length : n;
    const col = st.colors;
    const pal = col ? paletteBytes(col.palette) : null;
    const K = pal ? pal.length / 4 : 1;
    // one path per colour bucket: 0 = dimmed, 1 = plain or missing colour, 2 + k = palette entry k (≤ 32 buckets)
    const buckets = col ? Math.min(K, col.categorical ? 256 : 32) : 0;
    const paths: Path2D[] = Array.from({ length: 2 + buckets }, () => new Path2D());
    const y = (v: number, k: number) => (v >= 0 ? l.bottom + (l.top - l.bottom) * (l.flipped?.[k] ? 1 - v : v) : l.missingY);
    for (let r = 0; r < count; r++) {
      const i = rows ? rows[r] : r;
      const sel = !filtered || pass![i];
      let b = sel ? 1 : 0;
      if (sel && col) {
        const t = values[i * d + col.column];
        if (t >= 0) b = 2 + (col.categorical ? Math.min(K - 1, Math.floor(Math.min(t, 0.9999) * K)) : Math.round(Math.min(1, t) * (buckets - 1)));
      }
      const p = paths[b];
      for (let k = 0; k < A; k++) {
        const yy = y(values[i * d + l.axisColumn[k]], k);
        if (k) p.lineTo(l.axisX[k], yy);
        else p.moveTo(l.axisX[k], yy);
      }
    }
    c.lineWidth = 1;
    const s = st.style;
    const stroke = (p: Path2D, color: string, a: number) => {
      c.globalAlpha = a;
      c.strokeStyle = color;
      c.stroke(p);
    };
    stroke(paths[0], s.dimColor, s.dimOpacity);
    stroke(paths[1], col ? s.missingColor : s.color, s.opacity);
    for (let k = 0; k < buckets; k++) {
      const e = col!.categorical ? k : Math.round((k / Math.max(1, buckets - 1)) * (K - 1));
      stroke(paths[2 + k], `rgb(${pal![e * 4]},${pal![e * 4 + 1]},${pal![e * 4 + 2]})`, s.opacity);
    }
    c.globalAlpha = 1;
  }

  const handle: LineBundle = {
    renderer: 'canvas',
    canvas,
    lost: false,
    setValues(values, n, d) {
      checkOptions({ ...st.layout, values, n, d });
      Object.assign(st, { values, n, d });
    },
    setLayout(l) {
      st.layout = { ...st.layout, ...l };
      resizeCanvas(canvas, st.layout);
    },
    setFilter(ranges) {
      st.ranges = sortRanges(ranges);
    },
    setMask(mask) {
      st.mask = mask;
    },
    setRows(rows) {
      st.rows = rows;
    },
    setColors(colors) {
      st.colors = colors;
    },
    setStyle(style) {
      for (const k of Object.keys(STYLE) as Array<keyof LineStyle>) if (style[k] != null) (st.style as Record<string, unknown>)[k] = style[k];
    },
    setMode(mode, bins) {
      st.mode = mode == 'density' ? 'density' : 'lines';
      if (bins != null) st.densityBins = bins;
    },
    get mode() {
      return st.mode;
    },
    draw,
    destroy() {
      dead = true;
      pass = null;
      density.clear();
    },
  };
  return { handle, resize: () => resizeCanvas(canvas, st.layout) };
}
