// The activation atlas's regl renderer:
//   initialize()  creates regl, the shared quad index buffer, the palette, the draw command, and re-uploads
//                 whatever it was given before (after a context restore)
//   setPage / setLevels / setFlags / setPalette   upload (and keep the CPU side for a restore)
//   draw(frame)   one indexed draw per (level, page) (split every CHUNK tiles), levels weighted for the cross-fade
//   finalize()    destroys every GL object (and, on destroy, the context)
import type createREGL from 'regl';
import { createRegl } from '../shared';
import { CHUNK, STRIDE, type LevelTiles } from './lod';
import { TILE_FRAG, TILE_VERT } from './shaders';

type Regl = createREGL.Regl;
type Buffer = createREGL.Buffer;
type Texture = createREGL.Texture2D;

/** Live renderers and GL objects regl still counted when they finalised (for leak tests). */
export const atlasGlStats = { renderers: 0, leakedBuffers: 0, leakedTextures: 0 };

/** A page's pixels: RGBA bytes or something texImage2D takes. */
export type PageSource = { data: Uint8Array; width: number; height: number } | TexImageSource;

export interface Layer {
  level: number;
  /** Weight 0..1 of this level. */
  alpha: number;
  /** Device px per cell. */
  cellPx: number;
  /** View centre in this level's grid units (y up). */
  center: [number, number];
  /** (col, row) of the cell hovered in this level, or (-1, -1). */
  hover: [number, number];
}

export interface Frame {
  width: number;
  height: number;
  layers: Layer[];
  gap: number;
  density: boolean;
  classIndex: number;
  filter: boolean;
  /** Per level: the selected class's largest score. */
  scoreMax: number[];
  topWash: boolean;
  classColor: [number, number, number];
  selColor: [number, number, number];
  hoverColor: [number, number, number];
  missA: [number, number, number];
  missB: [number, number, number];
  edgePx: number;
}

interface GpuLevel {
  inst: LevelTiles;
  flags: Uint8Array;
  buf: Buffer | null;
  flagBuf: Buffer | null;
}

interface DrawProps {
  lv: GpuLevel;
  first: number;
  count: number;
  tex: Texture | null;
  layer: Layer;
  frame: Frame;
  scoreMax: number;
}

const pot = (n: number) => (n & (n - 1)) === 0;

export class Renderer {
  declare regl: Regl | null;
  declare gl: WebGLRenderingContext;
  declare private pages: Array<PageSource | null>;
  declare private textures: Array<Texture | null>;
  declare private levels: GpuLevel[];
  declare private paletteData: Uint8Array;
  declare private paletteRows: number;
  declare private palette: Texture | null;
  declare private quads: createREGL.Elements | null;
  declare private cmd: createREGL.DrawCommand | null;
  declare private iconSize: number;

  constructor(gl: WebGLRenderingContext) {
    this.gl = gl;
    this.pages = [];
    this.textures = [];
    this.levels = [];
    this.paletteData = new Uint8Array(256 * 4);
    this.paletteRows = 1;
    this.iconSize = 1;
    this.regl = null;
    this.initialize();
  }

  initialize(): void {
    const regl = createRegl({ gl: this.gl });
    this.regl = regl;
    atlasGlStats.renderers++;
    const idx = new Uint16Array(CHUNK * 6);
    for (let q = 0; q < CHUNK; q++) idx.set([0, 1, 2, 2, 1, 3].map((v) => 4 * q + v), 6 * q);
    this.quads = regl.elements({ data: idx, type: 'uint16', primitive: 'triangles' });
    this.palette = null;
    this.uploadPalette();
    this.textures = this.pages.map((p) => (p ? this.texture(p) : null));
    for (const l of this.levels) this.uploadLevel(l);
    const P = (f: (p: DrawProps) => unknown) => (_c: unknown, p: DrawProps) => f(p);
    const at = (offset: number, size: number, type: 'uint16' | 'uint8', normalized = false) => (_c: unknown, p: DrawProps) => ({ buffer: p.lv.buf, offset: p.first * 4 * STRIDE + offset, stride: STRIDE, size, type, normalized });
    this.cmd = regl<Record<string, unknown>, Record<string, unknown>, DrawProps>({
      vert: TILE_VERT,
      frag: TILE_FRAG,
      elements: () => this.quads,
      count: (_c: unknown, p: DrawProps) => p.count * 6,
      attributes: {
        aTile: at(0, 4, 'uint16'),
        aSlot: at(8, 2, 'uint16'),
        aCls0: at(12, 4, 'uint16'),
        aCls1: at(20, 4, 'uint16'),
        aSc0: at(28, 4, 'uint8', true),
        aSc1: at(32, 4, 'uint8', true),
        aFlag: P((p) => ({ buffer: p.lv.flagBuf, offset: p.first * 4, stride: 1, type: 'uint8', size: 1 })),
      },
      uniforms: {
        uViewport: P((p) => [p.frame.width, p.frame.height]),
        uCenter: P((p) => p.layer.center),
        uPageSize: P((p) => (p.tex ? [p.tex.width, p.tex.height] : [1, 1])),
        uCellPx: P((p) => p.layer.cellPx),
        uGap: P((p) => p.frame.gap),
        uDensity: P((p) => (p.frame.density ? 1 : 0)),
        uClass: P((p) => p.frame.classIndex),
        uClassMode: P((p) => (p.frame.filter ? 1 : 0)),
        uScoreMax: P((p) => p.scoreMax),
        uIconSize: () => this.iconSize,
        uHover: P((p) => p.layer.hover),
        uPage: P((p) => p.tex ?? this.palette!),
        uPalette: () => this.palette!,
        uPaletteSize: () => [256, this.paletteRows],
        uHasTex: P((p) => (p.tex ? 1 : 0)),
        uTopWash: P((p) => (p.frame.topWash ? 1 : 0)),
        uAlpha: P((p) => p.layer.alpha),
        uEdgePx: P((p) => p.frame.edgePx),
        uClassColor: P((p) => p.frame.classColor),
        uSelColor: P((p) => p.frame.selColor),
        uHoverColor: P((p) => p.frame.hoverColor),
        uMissA: P((p) => p.frame.missA),
        uMissB: P((p) => p.frame.missB),
      },
      depth: { enable: false },
      blend: { enable: true, func: { src: 'one', dst: 'one' } },
    }) as unknown as createREGL.DrawCommand;
  }

  private texture(p: PageSource): Texture {
    const w = (p as { width: number }).width, h = (p as { height: number }).height;
    const mip = pot(w) && pot(h);
    const base = { min: mip ? 'linear mipmap linear' : 'linear', mag: 'linear', wrapS: 'clamp', wrapT: 'clamp', mipmap: mip } as const;
    const r = this.regl!;
    if ('data' in p && (p.data instanceof Uint8Array)) return r.texture({ ...base, data: p.data, width: w, height: h, format: 'rgba', type: 'uint8' });
    return r.texture({ ...base, data: p as never, format: 'rgba' });
  }

  /** Sets (or replaces) the pixels of page `i`; null: not available (its icons draw the placeholder). */
  setPage(i: number, p: PageSource | null): void {
    this.pages[i] = p;
    this.textures[i]?.destroy();
    this.textures[i] = p && this.regl ? this.texture(p) : null;
  }

  setPageCount(n: number): void {
    for (let i = n; i < this.pages.length; i++) this.textures[i]?.destroy();
    this.pages.length = this.textures.length = n;
    for (let i = 0; i < n; i++) {
      this.pages[i] ??= null;
      this.textures[i] ??= null;
    }
  }

  hasPage(i: number): boolean {
    return !!this.textures[i];
  }

  private uploadLevel(l: GpuLevel): void {
    const r = this.regl!;
    l.buf = r.buffer({ data: l.inst.data, usage: 'static', type: 'uint8' });
    l.flagBuf = r.buffer({ data: l.flags, usage: 'dynamic', type: 'uint8' });
  }

  private freeLevel(l: GpuLevel): void {
    l.buf?.destroy();
    l.flagBuf?.destroy();
    l.buf = l.flagBuf = null;
  }

  setLevels(levels: LevelTiles[], iconSize: number): void {
    this.iconSize = iconSize;
    for (const l of this.levels) this.freeLevel(l);
    this.levels = levels.map((inst) => ({ inst, flags: new Uint8Array(Math.max(4, inst.cellOf.length * 4)), buf: null, flagBuf: null }));
    if (this.regl) for (const l of this.levels) this.uploadLevel(l);
  }

  /** Per-cell flags (1: holds selected examples) of a level, in cell order; uploads only when they changed. */
  setFlags(level: number, byCell: Uint8Array): void {
    const l = this.levels[level];
    if (!l) return;
    const f = new Uint8Array(l.flags.length);
    for (let c = 0; c < byCell.length; c++) if (byCell[c]) f.fill(byCell[c], 4 * l.inst.tileOf[c], 4 * l.inst.tileOf[c] + 4);
    if (f.every((v, i) => v === l.flags[i])) return;
    l.flags = f;
    l.flagBuf?.subdata(f);
  }

  /** Category colours (RGB bytes per class) for the top-class wash. */
  setPalette(colors: Array<[number, number, number]>): void {
    const rows = Math.max(1, Math.ceil(colors.length / 256));
    const d = new Uint8Array(256 * rows * 4);
    colors.forEach((c, i) => d.set([c[0], c[1], c[2], 255], i * 4));
    this.paletteData = d;
    this.paletteRows = rows;
    if (this.regl) this.uploadPalette();
  }

  private uploadPalette(): void {
    this.palette?.destroy();
    this.palette = this.regl!.texture({ data: this.paletteData, width: 256, height: this.paletteRows, format: 'rgba', type: 'uint8', min: 'nearest', mag: 'nearest', wrapS: 'clamp', wrapT: 'clamp' });
  }

  draw(frame: Frame): void {
    const regl = this.regl;
    if (!regl || !this.cmd) return;
    regl.poll();
    regl.clear({ color: [0, 0, 0, 0] });
    const batch: DrawProps[] = [];
    for (const layer of frame.layers) {
      const lv = this.levels[layer.level];
      if (!lv || layer.alpha <= 0 || !lv.buf) continue;
      for (const g of lv.inst.groups)
        batch.push({ lv, first: g.first, count: g.count, tex: g.page >= 0 ? this.textures[g.page] : null, layer, frame, scoreMax: frame.scoreMax[layer.level] ?? 0 });
    }
    if (batch.length) this.cmd(batch);
  }

  finalize(loseContext = false): void {
    const regl = this.regl;
    if (!regl) return;
    for (const l of this.levels) this.freeLevel(l);
    for (const t of this.textures) t?.destroy();
    this.textures = this.textures.map(() => null);
    this.palette?.destroy();
    this.quads?.destroy();
    this.palette = null;
    this.quads = null;
    const st = regl.stats;
    if (!this.gl.isContextLost()) {
      atlasGlStats.leakedBuffers += st.bufferCount;
      atlasGlStats.leakedTextures += st.textureCount;
    }
    regl.destroy();
    this.regl = null;
    this.cmd = null;
    atlasGlStats.renderers--;
    if (loseContext) this.gl.getExtension('WEBGL_lose_context')?.loseContext();
  }
}
