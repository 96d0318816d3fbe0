// The point cloud's regl renderer, in deck.gl-style phases:
//   initialize(gl)  creates regl, the draw commands, the palette/ramp textures
//   update(...)     uploads a data set (positions, packed category/value) or new colours/flags
//   draw(frame)     draws one frame: points (with emphasis pass), or density splat + colour-ramp resolve.
//                   The density splat draws each point as ONE pixel into a buffer at 1/cell of the canvas
//                   resolution (cell 1…4 px, about the point's radius), which the resolve upsamples with
//                   bilinear filtering: one fragment a point instead of a whole anti-aliased disk. The splat
//                   is skipped when nothing it depends on changed since the last frame (e.g. only the ramp).
//                   In 2D the buffer is a data-space grid; on a software rasteriser that grid is binned on the
//                   CPU (density-grid.ts) and uploaded as a float texture instead of splatted.
//   finalize()      destroys every GL object it created (and, on destroy, the context itself)
// It keeps references to the CPU arrays it uploaded, so after a context loss `initialize` + `restore`
// re-uploads everything.
import type createREGL from 'regl';
import { createRegl } from '../shared';
import { POINT_FRAG, POINT_VERT, RESOLVE_FRAG, RESOLVE_VERT, SPLAT_FRAG, SPRITE_FRAG, SPRITE_VERT } from './shaders';
import type { SpriteSet } from './sprites';
import { binDensity, toHalf } from './density-grid';

type Regl = createREGL.Regl;
type Buffer = createREGL.Buffer;
type Texture = createREGL.Texture2D;
type Framebuffer = createREGL.Framebuffer2D;

/** Live renderers and what regl still counted when they finalised (for leak tests). */
export const glStats = { renderers: 0, leakedBuffers: 0, leakedTextures: 0, leakedFramebuffers: 0 };

/** A data set as uploaded: compact positions (origin-relative) and packed category/value words. */
export interface CpuSet {
  dims: 2 | 3;
  count: number;
  x: Float32Array;
  y: Float32Array;
  /** 3D: quantised positions (3 × uint16 per point) in the box min…max. */
  q: Uint16Array | null;
  min: [number, number, number];
  max: [number, number, number];
  /** The data's origin: a position is (data − origin) × scale. */
  origin: [number, number, number];
  /** 1, or the power of two that brings data beyond float32's comfortable range to about ±1 (packing.ts positionFrame). */
  scale: number;
  /** Packed [category, value × 16 + flags] per point; null: nothing to pack (a constant attribute). */
  cv: Uint16Array | null;
}

interface GpuSet {
  cpu: CpuSet;
  x: Buffer | null;
  y: Buffer | null;
  q: Buffer | null;
  cv: Buffer | null;
  cvBytes: number;
}

/** What one frame needs. */
export interface FrameProps {
  /** Canvas size in device pixels. */
  width: number;
  height: number;
  /** Clip matrix of origin-relative positions (column-major). */
  matrix: ArrayLike<number>;
  /** Point size (px or data units) and its factor to device px (2D); perspective factor for 3D data units. */
  size: number;
  sizeScale: number;
  perspective: number;
  /** 0 constant colour, 1 category palette, 2 value ramp. */
  colorMode: number;
  opacity: number;
  /** Opacity of the density picture's densest pixels (the resolve pass). */
  densityOpacity: number;
  density: boolean;
  /** log(1 + expected peak count per pixel), the top of the density ramp. */
  logMax: number;
  /** Selection, highlight, search active. */
  active: [number, number, number];
  hideUnselected: boolean;
  /** Transition progress 0…1 (1 = done). */
  t: number;
  constColor: [number, number, number, number];
  missingColor: [number, number, number, number];
  ringColor: [number, number, number, number];
  /**
   * Per-point images: their size in device px (3D: × the clip w, so it shrinks with depth), the size from which
   * a point shows its image instead of a dot, the hovered row (framed; -1 none). Null: dots only.
   */
  sprite?: { px: number; min: number; hover: number } | null;
}

interface DrawProps {
  set: GpuSet;
  prev: GpuSet | null;
  frame: FrameProps;
  pass: number;
  fade: number;
  t: number;
  density: number;
}

export class Renderer {
  declare regl: Regl | null;
  declare gl: WebGLRenderingContext;
  declare private sets: GpuSet[]; // [current] or [previous, current] during a cross-fade
  declare private interp: GpuSet | null; // previous positions for an interpolated transition
  declare private palette: Texture | null;
  declare private ramp: Texture | null;
  declare private densityRamp: Texture | null;
  declare private paletteRows: number;
  declare private paletteData: Uint8Array;
  declare private rampData: Uint8Array;
  declare private densityRampData: Uint8Array;
  declare private fbo: Framebuffer | null;
  declare private fboTex: Texture | null;
  declare private fboUnit: number;
  declare private fboLinear: boolean;
  declare private corners: Buffer | null;
  declare private cmds: Map<string, createREGL.DrawCommand>;
  declare private resolve: createREGL.DrawCommand | null;
  declare private fboType: 'half float' | 'float' | 'uint8' | null;
  /** What the density buffer holds (null: nothing valid), to skip the splat when a frame repeats it. */
  declare private splatKey: string | null;
  /** The data-space density grid held by the density buffer (2D), or null. */
  declare private grid: { x0: number; y0: number; w: number; h: number; gw: number; gh: number; key: string } | null;
  /** Bumped whenever uploaded data, packed words or the palette change. */
  declare private version: number;
  /**
   * Where the 2D data-space density grid is built: 'gpu' splats one-pixel points into a framebuffer, 'cpu' bins
   * the points in a typed-array histogram and uploads it as a float texture; 'auto' (default) takes the CPU where
   * WebGL is rasterised in software (SwiftShader, llvmpipe…), where a splat costs about a microsecond a point.
   */
  declare densityBinning: 'auto' | 'cpu' | 'gpu';
  /** Whether the context's renderer is a software rasteriser (from its renderer string). */
  declare softwareRaster: boolean;
  /** The CPU-built grid: its float texture, its texel type, and the histogram it was uploaded from. */
  declare private gridTex: Texture | null;
  declare private gridType: 'float' | 'half float' | null;
  declare private gridLinear: boolean;
  declare private gridData: Float32Array | null;
  /** Where the current grid lives: the splat framebuffer or the CPU-built texture. */
  declare private gridOnCpu: boolean;
  /** Per-point images: the packed pages' source, their textures, each compact point's row (the image it shows). */
  declare private sprites: SpriteSet | null;
  declare private spriteTex: Texture[];
  declare private spriteRowData: Float32Array | null;
  declare private spriteRows: Buffer | null;

  constructor(gl: WebGLRenderingContext) {
    this.gl = gl;
    this.sets = [];
    this.interp = null;
    this.paletteRows = 1;
    this.paletteData = new Uint8Array(256 * 4);
    this.rampData = new Uint8Array(256 * 4);
    this.densityRampData = new Uint8Array(256 * 4);
    this.regl = null;
    this.cmds = new Map();
    this.version = 0;
    this.splatKey = null;
    this.grid = null;
    this.densityBinning = 'auto';
    this.gridData = null;
    this.gridOnCpu = false;
    this.sprites = null;
    this.spriteTex = [];
    this.spriteRowData = null;
    this.spriteRows = null;
    this.initialize();
  }

  /** Creates regl, the commands and the textures (again after a context restore). */
  initialize(): void {
    const regl = createRegl({
      gl: this.gl,
      optionalExtensions: ['OES_texture_half_float', 'OES_texture_half_float_linear', 'OES_texture_float', 'OES_texture_float_linear', 'EXT_color_buffer_half_float', 'WEBGL_color_buffer_float', 'EXT_float_blend'],
    });
    this.regl = regl;
    this.softwareRaster = softwareRenderer(this.gl);
    glStats.renderers++;
    const tex = (data: Uint8Array, w: number, h: number, filter: 'nearest' | 'linear') =>
      regl.texture({ data, width: w, height: h, format: 'rgba', type: 'uint8', min: filter, mag: filter, wrapS: 'clamp', wrapT: 'clamp' });
    this.palette = tex(this.paletteData, 256, this.paletteRows, 'nearest');
    this.ramp = tex(this.rampData, 256, 1, 'linear');
    this.densityRamp = tex(this.densityRampData, 256, 1, 'linear');
    this.corners = regl.buffer(new Float32Array([-1, -1, 3, -1, -1, 3]));
    this.fbo = null;
    this.fboTex = null;
    this.fboType = null;
    this.splatKey = null;
    this.grid = null;
    this.gridTex = null;
    this.gridType = regl.hasExtension('OES_texture_float') ? 'float' : regl.hasExtension('OES_texture_half_float') ? 'half float' : null;
    this.gridLinear = regl.hasExtension(this.gridType === 'float' ? 'OES_texture_float_linear' : 'OES_texture_half_float_linear');
    // Draw commands are compiled when first needed (each program costs a compile at the first frame).
    this.cmds = new Map();
    type R = { src: Framebuffer | Texture; size: [number, number]; unit: number; linear: boolean; frame: FrameProps; scale: number; uvMap: number[] };
    this.resolve = regl<Record<string, unknown>, Record<string, unknown>, R>({
      vert: RESOLVE_VERT,
      frag: RESOLVE_FRAG,
      attributes: { aCorner: this.corners },
      uniforms: {
        uAcc: (_c: unknown, p: R) => p.src,
        uDensityRamp: () => this.densityRamp!,
        uUnit: (_c: unknown, p: R) => p.unit,
        uScale: (_c: unknown, p: R) => p.scale,
        uUvMap: (_c: unknown, p: R) => p.uvMap,
        uLinear: (_c: unknown, p: R) => (p.linear ? 1 : 0),
        uTexel: (_c: unknown, p: R) => [1 / p.size[0], 1 / p.size[1]],
        uLogMax: (_c: unknown, p: R) => p.frame.logMax,
        uMean: (_c: unknown, p: R) => (p.frame.colorMode ? 1 : 0),
        uOpacity: (_c: unknown, p: R) => p.frame.densityOpacity,
      },
      count: 3,
      depth: { enable: false },
      blend: { enable: true, func: { src: 'one', dst: 'one minus src alpha' } },
      // Always the canvas: after a splat into the density framebuffer regl can leave that one bound, and the
      // resolve would then read and write the same texture (a feedback loop: WebGL draws nothing).
      framebuffer: null,
    }) as unknown as createREGL.DrawCommand;
    for (const s of this.sets) this.upload(s);
    if (this.interp) this.upload(this.interp);
    this.uploadSprites();
  }

  /** Sets the per-point images (null: none): their pages are built from the source and uploaded now, and again after a context restore. */
  setSprites(sprites: SpriteSet | null): void {
    this.sprites = sprites;
    this.uploadSprites();
  }

  /** Sets the row (image) of each compact point of the current set (call after setData while there are images). */
  setSpriteRows(rows: Float32Array | null): void {
    this.spriteRowData = rows;
    this.uploadRows();
  }

  private uploadSprites(): void {
    for (const t of this.spriteTex) t.destroy();
    this.spriteTex = [];
    const regl = this.regl, sp = this.sprites;
    if (regl && sp)
      for (let k = 0; k < sp.layout.pages; k++) {
        const p = sp.page(k);
        this.spriteTex.push(regl.texture({ data: p.data as Uint8Array, width: p.width, height: p.height, format: p.format, type: 'uint8', min: 'linear', mag: 'linear', wrapS: 'clamp', wrapT: 'clamp', alignment: 1, premultiplyAlpha: true }));
      }
    this.uploadRows();
  }

  private uploadRows(): void {
    this.spriteRows?.destroy();
    this.spriteRows = null;
    if (this.regl && this.sprites && this.spriteRowData) this.spriteRows = this.regl.buffer({ data: this.spriteRowData, usage: 'static' });
  }

  /** Device bytes of the sprite pages. */
  get spriteBytes(): number {
    return this.spriteTex.length && this.sprites ? this.sprites.bytes : 0;
  }

  private spriteCommand(dims: 2 | 3): createREGL.DrawCommand {
    const key = `sprite${dims}`;
    let c = this.cmds.get(key);
    if (c) return c;
    const regl = this.regl!;
    type P = { set: GpuSet; frame: FrameProps; page: number; tex: Texture };
    const u = <T>(f: (p: P) => T) => (_c: unknown, p: P) => f(p);
    const inst = (get: (p: P) => Buffer | null, size: number, type: 'float' | 'uint16', normalized = false) => (_c: unknown, p: P) => {
      const b = get(p);
      return b ? { buffer: b, size, type, normalized } : { constant: size === 2 ? [0, 0] : [0, 0, 0] };
    };
    const sp = () => this.sprites!.layout;
    const attributes: Record<string, unknown> = dims === 2 ? { aX: inst((p) => p.set.x, 1, 'float'), aY: inst((p) => p.set.y, 1, 'float') } : { aQ: inst((p) => p.set.q, 3, 'uint16', true) };
    attributes.aCV = inst((p) => p.set.cv, 2, 'uint16');
    attributes.aRow = inst(() => this.spriteRows, 1, 'float');
    const uniforms: Record<string, unknown> = {
      uMatrix: u((p) => Array.from(p.frame.matrix)),
      uPage: u((p) => p.page),
      uPerPage: () => sp().perPage,
      uCols: () => sp().cols,
      uCell: u((p) => {
        const t = p.tex as unknown as { width: number; height: number };
        return [sp().w / t.width, sp().h / t.height];
      }),
      uImages: u((p) => p.tex),
      uSpritePx: u((p) => p.frame.sprite!.px),
      uSpriteMin: u((p) => p.frame.sprite!.min),
      uHover: u((p) => p.frame.sprite!.hover),
      uHide: u((p) => (p.frame.hideUnselected ? 1 : 0)),
      uActive: u((p) => p.frame.active),
      uHalfTexel: () => [0.5 / sp().w, 0.5 / sp().h],
      uAspect: () => sp().h / sp().w,
      uMaxPoint: () => regl.limits.pointSizeDims[1],
      uRingColor: u((p) => p.frame.ringColor),
    };
    if (dims === 3) {
      uniforms.uMin = u((p) => p.set.cpu.min);
      uniforms.uExt = u((p) => [0, 1, 2].map((k) => p.set.cpu.max[k] - p.set.cpu.min[k]));
    }
    c = regl({
      vert: SPRITE_VERT(dims),
      frag: SPRITE_FRAG,
      attributes,
      uniforms,
      count: u((p) => p.set.cpu.count),
      primitive: 'points',
      depth: { enable: false },
      blend: { enable: true, func: { src: 'one', dst: 'one minus src alpha' } },
      framebuffer: null, // the canvas, whatever a density splat left bound (see the resolve command)
    } as unknown as createREGL.DrawConfig) as unknown as createREGL.DrawCommand;
    this.cmds.set(key, c);
    return c;
  }

  /** The draw command for 2D/3D points, with previous positions (a transition) or not, plain or density splat. */
  private command(dims: 2 | 3, prev: boolean, splat: boolean): createREGL.DrawCommand {
    const key = `${dims}${+prev}${+splat}`;
    let c = this.cmds.get(key);
    if (!c) this.cmds.set(key, (c = this.pointCommand(dims, prev, splat)));
    return c;
  }

  private pointCommand(dims: 2 | 3, withPrev: boolean, splat: boolean): createREGL.DrawCommand {
    const regl = this.regl!;
    type P = DrawProps;
    const attr = (get: (p: P) => Buffer | null, size: number, type: 'float' | 'uint16', normalized = false) => (_c: unknown, p: P) => {
      const b = get(p);
      return b ? { buffer: b, size, type, normalized } : { constant: size === 3 ? [0, 0, 0] : size === 2 ? [0, 0] : [0] };
    };
    const prevOr = (p: P) => p.prev ?? p.set;
    const attributes: Record<string, unknown> =
      dims === 2 ? { aX: attr((p) => p.set.x, 1, 'float'), aY: attr((p) => p.set.y, 1, 'float') } : { aQ: attr((p) => p.set.q, 3, 'uint16', true) };
    if (withPrev && dims === 2) {
      attributes.aXPrev = attr((p) => prevOr(p).x, 1, 'float');
      attributes.aYPrev = attr((p) => prevOr(p).y, 1, 'float');
    } else if (withPrev) attributes.aQPrev = attr((p) => prevOr(p).q, 3, 'uint16', true);
    const u = <T>(f: (p: P) => T) => (_c: unknown, p: P) => f(p);
    const ext = (c: CpuSet): number[] => [0, 1, 2].map((k) => c.max[k] - c.min[k]);
    // Previous positions are expressed relative to the current origin (an interpolation needs equal scales).
    const offPrev = (p: P) => {
      const a = prevOr(p).cpu.origin, b = p.set.cpu.origin, k = p.set.cpu.scale;
      return [(a[0] - b[0]) * k, (a[1] - b[1]) * k, (a[2] - b[2]) * k];
    };
    const uniforms: Record<string, unknown> = {
      uMatrix: u((p) => Array.from(p.frame.matrix)),
      uT: u((p) => p.t),
      uFade: u((p) => p.fade),
      uSize: u((p) => p.frame.size),
      uSizeScale: u((p) => p.frame.sizeScale),
      uPerspective: u((p) => p.frame.perspective),
      uColorMode: u((p) => p.frame.colorMode),
      uPaletteRows: () => this.paletteRows,
      uOpacity: u((p) => p.frame.opacity),
      uPass: u((p) => p.pass),
      uHide: u((p) => (p.frame.hideUnselected ? 1 : 0)),
      uActive: u((p) => p.frame.active),
      uPalette: () => this.palette!,
      uRamp: () => this.ramp!,
      uConstColor: u((p) => p.frame.constColor),
      uMissingColor: u((p) => p.frame.missingColor),
    };
    if (splat) uniforms.uDensity = u((p) => p.density);
    else {
      uniforms.uRingColor = u((p) => p.frame.ringColor);
      uniforms.uSpritePx = u((p) => this.spriteOn(p) ? p.frame.sprite!.px : 0);
      uniforms.uSpriteMin = u((p) => this.spriteOn(p) ? p.frame.sprite!.min : 0);
    }
    if (dims === 2) {
      if (withPrev) uniforms.uOffPrev = u((p) => offPrev(p).slice(0, 2));
    } else {
      uniforms.uMin = u((p) => p.set.cpu.min);
      uniforms.uExt = u((p) => ext(p.set.cpu));
    }
    if (dims === 3 && withPrev) {
      uniforms.uMinPrev = u((p) => {
        const o = offPrev(p), m = prevOr(p).cpu.min;
        return [m[0] + o[0], m[1] + o[1], m[2] + o[2]];
      });
      uniforms.uExtPrev = u((p) => ext(prevOr(p).cpu));
    }
    return regl({
      vert: POINT_VERT(dims, withPrev, splat),
      frag: splat ? SPLAT_FRAG : POINT_FRAG,
      attributes: { ...attributes, aCV: attr((p) => p.set.cv, 2, 'uint16') },
      uniforms: uniforms as createREGL.MaybeDynamic<createREGL.Uniforms, createREGL.DefaultContext, P>,
      count: u((p) => p.set.cpu.count),
      primitive: 'points',
      depth: { enable: false },
      framebuffer: (_c: unknown, p: P & { fbo?: Framebuffer | null }) => p.fbo ?? null,
      blend: { enable: true, func: { src: 'one', dst: splat ? 'one' : 'one minus src alpha' } },
    } as unknown as createREGL.DrawConfig) as unknown as createREGL.DrawCommand;
  }

  /** Whether this draw shows images (the current set, not in a transition, with pages uploaded). */
  private spriteOn(p: { set: GpuSet; frame: FrameProps; prev?: GpuSet | null }): boolean {
    return !!p.frame.sprite && !p.prev && this.sets.length === 1 && this.spriteTex.length > 0 && !!this.spriteRows;
  }

  private upload(s: GpuSet): void {
    const regl = this.regl!;
    const c = s.cpu;
    if (c.dims === 2) {
      s.x = regl.buffer({ data: c.x, usage: 'static' });
      s.y = regl.buffer({ data: c.y, usage: 'static' });
      s.q = null;
    } else {
      s.x = s.y = null;
      s.q = regl.buffer({ data: c.q!, usage: 'static', type: 'uint16' });
    }
    s.cv = c.cv ? regl.buffer({ data: c.cv, usage: 'dynamic', type: 'uint16' }) : null;
    s.cvBytes = c.cv ? c.cv.byteLength : 0;
  }

  private free(s: GpuSet | null): void {
    if (!s) return;
    for (const b of [s.x, s.y, s.q, s.cv]) b?.destroy();
    s.x = s.y = s.q = s.cv = null;
  }

  /**
   * Uploads a new data set. `mode`: 'interpolate' keeps the previous positions for a transition (same count),
   * 'crossfade' keeps the previous set to fade out, 'none' frees it now.
   */
  setData(cpu: CpuSet, mode: 'interpolate' | 'crossfade' | 'none'): void {
    const cur = this.sets[this.sets.length - 1] ?? null;
    this.free(this.interp);
    this.interp = null;
    for (const s of this.sets.slice(0, -1)) this.free(s);
    this.version++;
    const next: GpuSet = { cpu, x: null, y: null, q: null, cv: null, cvBytes: 0 };
    if (this.regl) this.upload(next);
    if (cur && mode === 'interpolate' && cur.cpu.count === cpu.count && cur.cpu.dims === cpu.dims) {
      // Keep only its positions.
      cur.cv?.destroy();
      cur.cv = null;
      this.interp = cur;
      this.sets = [next];
    } else if (cur && mode === 'crossfade') this.sets = [cur, next];
    else {
      this.free(cur);
      this.sets = [next];
    }
  }

  /** Ends a transition: frees previous positions or the faded-out set. */
  endTransition(): void {
    this.version++;
    this.free(this.interp);
    this.interp = null;
    for (const s of this.sets.slice(0, -1)) this.free(s);
    this.sets = this.sets.slice(-1);
  }

  get transitioning(): boolean {
    return !!this.interp || this.sets.length > 1;
  }

  /** Re-uploads the current set's packed words (flags changed), or switches between buffer and constant. */
  updateCV(cv: Uint16Array | null): void {
    const s = this.sets[this.sets.length - 1];
    if (!s) return;
    s.cpu.cv = cv;
    this.version++;
    if (!this.regl) return;
    if (cv && s.cv && s.cvBytes === cv.byteLength) s.cv.subdata(cv);
    else {
      s.cv?.destroy();
      s.cv = cv ? this.regl.buffer({ data: cv, usage: 'dynamic', type: 'uint16' }) : null;
      s.cvBytes = cv ? cv.byteLength : 0;
    }
  }

  /** Sets the category palette (any number of colours: 256 per texture row) and the value/density ramps. */
  setColors(palette: Array<[number, number, number]>, ramp: Array<[number, number, number]>, densityRamp: Array<[number, number, number]>): void {
    const rows = Math.max(1, Math.ceil(palette.length / 256));
    const p = new Uint8Array(256 * rows * 4);
    palette.forEach((c, i) => p.set([c[0], c[1], c[2], 255], i * 4));
    const fill = (out: Uint8Array, cs: Array<[number, number, number]>) => cs.forEach((c, i) => out.set([c[0], c[1], c[2], 255], i * 4));
    // Palette and value ramp colour the density splat (mean colour); the density ramp only the resolve.
    const before = this.rampData.slice();
    fill(this.rampData, ramp);
    fill(this.densityRampData, densityRamp);
    if (p.length !== this.paletteData.length || p.some((v, i) => v !== this.paletteData[i]) || before.some((v, i) => v !== this.rampData[i])) this.version++;
    this.paletteData = p;
    this.paletteRows = rows;
    if (!this.regl) return;
    this.palette!({ data: p, width: 256, height: rows, format: 'rgba', type: 'uint8', min: 'nearest', mag: 'nearest', wrapS: 'clamp', wrapT: 'clamp' });
    this.ramp!.subimage(this.rampData);
    this.densityRamp!.subimage(this.densityRampData);
  }

  /**
   * The density framebuffer (half float where the GPU can blend it, else float, else RGBA8), filtered linearly
   * where the texel type allows it (else the resolve pass interpolates by hand).
   */
  private densityTarget(w: number, h: number): Framebuffer {
    const regl = this.regl!;
    if (this.fbo) {
      const f = this.fbo as unknown as { width: number; height: number };
      if (f.width !== w || f.height !== h) {
        this.fbo.resize(w, h);
        this.splatKey = null;
        this.grid = null;
      }
      return this.fbo;
    }
    const tries: Array<'half float' | 'float' | 'uint8'> = [];
    if (regl.hasExtension('OES_texture_half_float') && regl.hasExtension('EXT_color_buffer_half_float')) tries.push('half float');
    if (regl.hasExtension('OES_texture_float') && regl.hasExtension('WEBGL_color_buffer_float') && regl.hasExtension('EXT_float_blend')) tries.push('float');
    tries.push('uint8');
    for (const type of tries) {
      const linear = type === 'uint8' || regl.hasExtension(type === 'float' ? 'OES_texture_float_linear' : 'OES_texture_half_float_linear');
      let tex: Texture | null = null;
      try {
        const filter = linear ? 'linear' : 'nearest';
        tex = regl.texture({ width: w, height: h, format: 'rgba', type, min: filter, mag: filter, wrapS: 'clamp', wrapT: 'clamp' });
        this.fbo = regl.framebuffer({ width: w, height: h, color: tex, depthStencil: false });
        this.fboTex = tex;
        this.fboType = type;
        this.fboLinear = linear;
        // RGBA8 counts in steps of 1/32 (saturating at 8 points a cell).
        this.fboUnit = type === 'uint8' ? 1 / 32 : 1;
        this.splatKey = null;
        this.grid = null;
        return this.fbo;
      } catch {
        tex?.destroy();
        /* try the next type */
      }
    }
    throw new Error('no density framebuffer');
  }

  /** The 2D data-space density grid now held (origin-relative data rectangle and cells), or null. */
  get densityGrid(): { x0: number; y0: number; w: number; h: number; gw: number; gh: number; onCpu: boolean } | null {
    const g = this.grid;
    return g ? { x0: g.x0, y0: g.y0, w: g.w, h: g.h, gw: g.gw, gh: g.gh, onCpu: this.gridOnCpu } : null;
  }

  /** The density buffer's texel type (null before the first density frame). */
  get densityType(): string | null {
    return this.fboType;
  }

  /** Device pixels per density-buffer cell: about the point's radius (1…4), so upsampling spreads a point over about its disk. */
  static densityCell(frame: FrameProps): number {
    const px = frame.perspective > 0 ? 4 : frame.size * frame.sizeScale;
    return Math.max(1, Math.min(4, Math.floor(px / 2)));
  }

  /**
   * 2D density in data space: the points are splatted once into a grid over a data rectangle (cells of
   * `densityCell` device px at the zoom it was built for), and each frame only resamples that grid (one bilinear
   * tap a pixel) through the current view. Panning and zooming reuse it while its cells stay within 0.7…1.4× that
   * size and it covers the visible data; otherwise it is rebuilt around the view (25% margin): splatted on the GPU,
   * or binned on the CPU (see `densityBinning`). False when a grid would be too large (the caller then splats in
   * screen space).
   */
  private drawGrid(set: GpuSet, frame: FrameProps, base: DrawProps): boolean {
    const regl = this.regl!;
    const m = frame.matrix;
    const sx = m[0], sy = m[5], tx = m[12], ty = m[13];
    if (!(sx > 0 && sy > 0) || m[1] || m[4]) return false;
    const kx = (sx * frame.width) / 2, ky = (sy * frame.height) / 2; // device px per data unit
    const c = set.cpu;
    // Visible data ∩ data bounds.
    const vx0 = (-1 - tx) / sx, vx1 = (1 - tx) / sx, vy0 = (-1 - ty) / sy, vy1 = (1 - ty) / sy;
    const nx0 = Math.max(vx0, c.min[0]), nx1 = Math.min(vx1, c.max[0]), ny0 = Math.max(vy0, c.min[1]), ny1 = Math.min(vy1, c.max[1]);
    const cell = Renderer.densityCell(frame);
    const onCpu = this.gridType !== null && (this.densityBinning === 'cpu' || (this.densityBinning === 'auto' && this.softwareRaster));
    const key = [this.version, cell, frame.colorMode, frame.active.join(), +frame.hideUnselected, +onCpu].join('|');
    let g = this.grid;
    const ok = (gr: NonNullable<typeof g>) => {
      const px = (gr.w / gr.gw) * kx, py = (gr.h / gr.gh) * ky;
      const covers = nx0 > nx1 || ny0 > ny1 || (gr.x0 <= nx0 && gr.x0 + gr.w >= nx1 && gr.y0 <= ny0 && gr.y0 + gr.h >= ny1);
      return gr.key === key && covers && px >= 0.7 * cell && px <= 1.4 * cell && py >= 0.7 * cell && py <= 1.4 * cell;
    };
    if (!g || !ok(g)) {
      const cw = cell / kx, ch = cell / ky;
      const mx = 0.25 * (vx1 - vx0), my = 0.25 * (vy1 - vy0);
      let x0 = Math.max(vx0 - mx, c.min[0]), x1 = Math.min(vx1 + mx, c.max[0]), y0 = Math.max(vy0 - my, c.min[1]), y1 = Math.min(vy1 + my, c.max[1]);
      if (!(x0 <= x1 && y0 <= y1)) {
        x0 = x1 = (vx0 + vx1) / 2;
        y0 = y1 = (vy0 + vy1) / 2;
      }
      // Whole cells, with half a cell of margin so points on the edge fall inside.
      const gw = Math.ceil((x1 - x0) / cw) + 1, gh = Math.ceil((y1 - y0) / ch) + 1;
      const max = Math.min(4096, (regl.limits as { maxTextureSize: number }).maxTextureSize);
      if (gw > max || gh > max || gw * gh > 4_200_000) return false;
      const w = gw * cw, h = gh * ch;
      g = { x0: (x0 + x1 - w) / 2, y0: (y0 + y1 - h) / 2, w, h, gw, gh, key };
      if (onCpu) this.binOnCpu(set, frame, g);
      else {
        const fbo = this.densityTarget(gw, gh);
        regl.clear({ color: [0, 0, 0, 0], framebuffer: fbo });
        const matrix = [2 / w, 0, 0, 0, 0, 2 / h, 0, 0, 0, 0, 1, 0, -1 - (2 * g.x0) / w, -1 - (2 * g.y0) / h, 0, 1];
        this.command(2, false, true)({ ...base, frame: { ...frame, matrix }, density: this.fboUnit, fbo } as DrawProps);
      }
      this.gridOnCpu = onCpu;
      this.grid = g;
      this.splatKey = null;
    }
    const r = (frame.size * frame.sizeScale + 1) / 2;
    const px = (g.w / g.gw) * kx, py = (g.h / g.gh) * ky;
    // Screen uv → clip → data → grid uv.
    const uvMap = [2 / (sx * g.w), 2 / (sy * g.h), ((-1 - tx) / sx - g.x0) / g.w, ((-1 - ty) / sy - g.y0) / g.h];
    const src = this.gridOnCpu ? { src: this.gridTex!, size: [g.gw, g.gh], unit: 1, linear: this.gridLinear } : this.fboSource();
    this.resolve!({ ...src, frame, scale: (Math.PI * r * r) / (px * py), uvMap });
    return true;
  }

  /** The splat framebuffer as the resolve pass reads it. */
  private fboSource() {
    const f = this.fbo as unknown as { width: number; height: number };
    return { src: this.fbo!, size: [f.width, f.height], unit: this.fboUnit, linear: this.fboLinear };
  }

  /** Builds the 2D grid `g` on the CPU (density-grid.ts) and uploads it as a float (or half-float) texture. */
  private binOnCpu(set: GpuSet, frame: FrameProps, g: { x0: number; y0: number; w: number; h: number; gw: number; gh: number }): void {
    const c = set.cpu;
    const size = g.gw * g.gh * 4;
    const data = this.gridData && this.gridData.length === size ? this.gridData : (this.gridData = new Float32Array(size));
    binDensity(data, c.x, c.y, c.cv, c.count, g, {
      colorMode: frame.colorMode,
      constColor: frame.constColor,
      missingColor: frame.missingColor,
      palette: this.paletteData,
      paletteRows: this.paletteRows,
      ramp: this.rampData,
      active: frame.active,
      hideUnselected: frame.hideUnselected,
    });
    const type = this.gridType!;
    const upload = type === 'float' ? data : toHalf(data);
    const t = this.gridTex as unknown as { width: number; height: number } | null;
    if (t && t.width === g.gw && t.height === g.gh) this.gridTex!.subimage(upload);
    else {
      const filter = this.gridLinear ? 'linear' : 'nearest';
      const opts = { width: g.gw, height: g.gh, data: upload, format: 'rgba', type, min: filter, mag: filter, wrapS: 'clamp', wrapT: 'clamp' } as const;
      if (this.gridTex) this.gridTex(opts);
      else this.gridTex = this.regl!.texture(opts);
    }
  }

  draw(frame: FrameProps): void {
    const regl = this.regl;
    if (!regl || (this.gl.isContextLost && this.gl.isContextLost())) return;
    regl.poll();
    regl.clear({ color: [0, 0, 0, 0] });
    const n = this.sets.length;
    const anyActive = frame.active[0] + frame.active[1] + frame.active[2] > 0;
    const t = frame.t;
    this.sets.forEach((set, k) => {
      const prev = k === n - 1 && this.interp ? this.interp : null;
      const fade = n > 1 ? (k === n - 1 ? t : 1 - t) : 1;
      const tt = prev ? t : 1;
      const base: DrawProps = { set, prev, frame, pass: anyActive ? 0 : 2, fade, t: tt, density: 0 };
      const dims = set.cpu.dims;
      if (frame.density && !(dims === 2 && n === 1 && !prev && frame.perspective === 0 && this.drawGrid(set, frame, base))) {
        // Screen-space density (3D, transitions): one-pixel splats into a buffer of cell × cell px cells.
        const cell = Renderer.densityCell(frame);
        const fbo = this.densityTarget(Math.max(1, Math.ceil(frame.width / cell)), Math.max(1, Math.ceil(frame.height / cell)));
        this.grid = null;
        // The splat depends on the data, the camera, the transition and the flags; not on the ramp or opacity.
        const key = n === 1 && !prev ? [this.version, cell, frame.width, frame.height, Array.from(frame.matrix).join(), frame.colorMode, frame.active.join(), +frame.hideUnselected, frame.size, frame.sizeScale].join('|') : null;
        if (!key || key !== this.splatKey) {
          regl.clear({ color: [0, 0, 0, 0], framebuffer: fbo });
          this.command(dims, !!prev, true)({ ...base, density: this.fboUnit * fade, fbo } as DrawProps);
          this.splatKey = key;
        }
        // A cell gathers the points of cell² pixels; a point covers about its disk (π r², r = radius + ½ px of edge).
        const r = frame.perspective > 0 ? 2.5 : (frame.size * frame.sizeScale + 1) / 2;
        this.resolve!({ ...this.fboSource(), frame, scale: (Math.PI * r * r) / (cell * cell), uvMap: [1, 1, 0, 0] });
      } else if (!frame.density) this.command(dims, !!prev, false)(base);
      if (this.spriteOn(base)) this.spriteTex.forEach((tex, page) => this.spriteCommand(dims)({ set, frame, page, tex }));
      if (anyActive) this.command(dims, !!prev, false)({ ...base, pass: 1, density: 0 });
    });
    if (n > 1) this.splatKey = null;
    // Make sure the frame is submitted (callers measure and read pixels right after).
    this.gl.flush();
  }

  /**
   * Frees every GL object this renderer created. With `loseContext` (destroy) it also releases the context, so
   * many create/destroy cycles never hit the browser's limit of live contexts.
   */
  finalize(loseContext = false): void {
    const regl = this.regl;
    if (!regl) return;
    for (const s of this.sets) this.free(s);
    this.free(this.interp);
    for (const r of [this.palette, this.ramp, this.densityRamp, this.fbo, this.fboTex, this.gridTex, this.corners, this.spriteRows, ...this.spriteTex]) r?.destroy();
    this.palette = this.ramp = this.densityRamp = this.fbo = this.fboTex = this.gridTex = this.corners = this.spriteRows = null;
    this.spriteTex = [];
    this.gridData = null;
    this.splatKey = null;
    this.grid = null;
    const st = regl.stats;
    if (!this.gl.isContextLost()) {
      glStats.leakedBuffers += st.bufferCount;
      glStats.leakedTextures += st.textureCount;
      glStats.leakedFramebuffers += st.framebufferCount;
    }
    regl.destroy();
    this.regl = null;
    this.cmds.clear();
    this.resolve = null;
    glStats.renderers--;
    if (loseContext) {
      this.sets = [];
      this.interp = null;
      this.sprites = null;
      this.spriteRowData = null;
      this.gl.getExtension('WEBGL_lose_context')?.loseContext();
    }
  }
}

/** True when the context's renderer string names a software rasteriser (SwiftShader, llvmpipe, …). */
function softwareRenderer(gl: WebGLRenderingContext): boolean {
  let name = String(gl.getParameter(gl.RENDERER) ?? '');
  // Chromium masks RENDERER as "WebKit WebGL"; the unmasked name is behind WEBGL_debug_renderer_info there.
  if (/^webkit webgl$/i.test(name)) {
    const ext = gl.getExtension('WEBGL_debug_renderer_info') as { UNMASKED_RENDERER_WEBGL: number } | null;
    if (ext) name = String(gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) ?? '');
  }
  return /swiftshader|llvmpipe|softpipe|software|basic render/i.test(name);
}
