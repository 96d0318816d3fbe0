// The activation atlas's options (declared once: check, default, what a change invalidates), events and handle.
import { anyOf, defineOptions, fail, isBoolean, isColor, isNumber, isSelection, isString, isTheme, nullable, oneOf } from '@tensorlens/core';
import type { ComponentHandle, OptionCheck, Selection, Theme } from '@tensorlens/core';
import type { ActivationAtlas, AtlasSprites } from '@tensorlens/core';

/** Options of {@link createActivationAtlas}. */
export interface ActivationAtlasOptions {
  /** The atlas (from buildActivationAtlas or loadAtlas). Required. */
  atlas: ActivationAtlas;
  /**
   * Its icons, packed in sprite pages (from packAtlasIcons or loadAtlas), or a promise of them — e.g.
   * `packAtlasIcons(atlas, { images })` — while which the cells are drawn without icons. Required.
   */
  sprites: AtlasSprites | PromiseLike<AtlasSprites>;
  /** A fixed level index, or 'auto' (default): the level whose cells on screen are nearest `iconPx`. */
  level?: number | 'auto';
  /** Target icon size in CSS px for the automatic level of detail (default 48). */
  iconPx?: number;
  /**
   * Cross-fades (default true; a number: their duration in ms, default 300; false: hard switches). While a wheel or
   * pinch zoom is in progress the two levels nearest the zoom blend; once it stops, and after any other change of
   * the level drawn (a fixed `level`, `setView`, double-click, keys), the picture fades to one level. At rest exactly
   * one level is drawn.
   */
  crossFade?: boolean | number;
  /** Icon edge ∝ √(count / the level's largest count) (default false). */
  sizeByDensity?: boolean;
  /** The selected class (null: none, the default). Switching it is a uniform change, no upload. */
  classIndex?: number | null;
  /** 'tint' (default): cells with the class among their top classes keep full opacity with a wash of the class
   *  colour by its score, others dimmed; 'filter': others hidden. */
  classMode?: 'tint' | 'filter';
  /** Wash each icon with its top class's categorical colour (default false). */
  colorByTopClass?: boolean;
  /** The overview in a corner with the viewport rectangle; click or drag on it pans (default true). */
  minimap?: boolean;
  /** Hover tooltip: count, top classes, example thumbnails (default true). */
  tooltip?: boolean;
  /** A shared selection: a click sets the cell's examples; cells holding selected examples are outlined (default null: the atlas's own). */
  selection?: Selection | null;
  /** CSS background colour behind the tiles (default null: the theme's --tl-bg). */
  background?: string | null;
  /** Gap between tiles in CSS px (default 1). */
  gap?: number;
  /** Accessible name (default 'Activation atlas'). */
  title?: string;
  /** 'auto' (default: the page's colour scheme), 'light' or 'dark'; set as `data-theme` on the root element. */
  theme?: Theme;
  /**
   * A legend of what colour means (default true), shown while colour encodes data: the categorical classes with
   * their colours under `colorByTopClass`, the selected class's colour and what the wash strength means under a
   * class tint. false hides it.
   */
  legend?: boolean;
}

/** A cell of the atlas: its level, its index and position in that level's grid, and its example count. */
export interface AtlasCellEvent {
  level: number;
  /** Index of the cell within the level. */
  cell: number;
  grid: number;
  col: number;
  row: number;
  count: number;
}

/** The `select` event of the activation atlas: a cell and its examples. */
export interface AtlasSelectEvent extends AtlasCellEvent {
  /** Every example of the cell (its members; the representatives when the atlas left members out), ascending. */
  indices: Uint32Array;
}

/** Where the view is: its centre in layout coordinates and its zoom. */
export interface AtlasView {
  /** Layout coordinates at the centre of the view. */
  x: number;
  y: number;
  /** 1 = the whole atlas fitted. */
  zoom: number;
}

/** Events of the activation atlas. */
export interface ActivationAtlasEvents {
  /** A cell was clicked (or chosen with Enter): its examples, written into the selection. */
  select: AtlasSelectEvent;
  hover: (AtlasCellEvent & { x: number; y: number }) | null;
  levelchange: { level: number; grid: number; previous: number };
  view: AtlasView & { lod: number };
  /** A state reached the screen, at rest (after any cross-fade): the level drawn and its cell count. */
  render: { level: number; cells: number };
  /** Sprites that failed (a rejected promise, bad pages) or a sprite page that failed to load (`page`); the chart stays up. */
  error: { error: unknown; message: string; page?: number };
  contextrestored: Record<string, never>;
}

export interface ActivationAtlasHandle extends ComponentHandle<ActivationAtlasOptions, ActivationAtlasEvents> {
  /** The level drawn (the dominant one while two cross-fade). */
  readonly level: number;
  /** The fractional level of detail: a position among the levels with cells sorted by grid, coarsest first (-1: a fixed level without cells). */
  readonly lod: number;
  readonly selection: Selection;
  /** Fits the whole atlas in the view. */
  resetView(): void;
  getView(): AtlasView;
  setView(view: Partial<AtlasView>): void;
  /** Centres `cell` of `level` and zooms so that level is the one drawn. */
  zoomToCell(level: number, cell: number): void;
  /** CSS px (relative to the element) of a cell's centre, or null when the level has no such cell. */
  cellPosition(level: number, cell: number): [number, number] | null;
  /** The current view as a PNG. */
  toPNG(scale?: number): Promise<Blob>;
  /** Draws the current state now, synchronously (benchmarks, export); the scheduled frame still follows. */
  renderFrame(): void;
}

const isInt = (v: unknown): v is number => Number.isInteger(v);
const isTyped = (v: unknown, T: { new (n: number): unknown }) => v instanceof T;

/** Whether `s` is a promise (or any thenable) of sprites rather than sprites. */
export const isPromise = (s: unknown): s is PromiseLike<AtlasSprites> => !!s && typeof (s as PromiseLike<unknown>).then === 'function';

/** Validates the atlas and its sprites (shapes and lengths; not pixel data); null sprites: the atlas only. */
export function checkAtlas(atlas: ActivationAtlas, sprites: AtlasSprites | null, A = 'options.atlas', S = 'options.sprites'): void {
  if (!atlas || typeof atlas !== 'object' || !Array.isArray(atlas.levels)) throw fail('type', A, 'an ActivationAtlas (from buildActivationAtlas or loadAtlas)', atlas);
  if (!atlas.levels.length) throw fail('empty', `${A}.levels`, 'at least one level', 'none');
  const b = atlas.bounds;
  if (!b || b.length !== 4 || !b.every(Number.isFinite) || !(b[2] > b[0]) || !(b[3] > b[1])) throw fail('range', `${A}.bounds`, 'finite [x0, y0, x1, y1] with x1 > x0 and y1 > y0', Array.isArray(b) ? `[${b}]` : b);
  const k = atlas.topK;
  atlas.levels.forEach((l, i) => {
    const L = `${A}.levels[${i}]`;
    if (!isInt(l?.grid) || l.grid < 1 || l.grid > 4096) throw fail('range', `${L}.grid`, 'an integer 1..4096', l?.grid);
    const n = l.cellCount;
    if (!isInt(n) || n < 0 || n > l.grid * l.grid) throw fail('range', `${L}.cellCount`, `an integer 0..${l.grid * l.grid}`, n);
    if (!isTyped(l.cells, Uint32Array) || l.cells.length !== n) throw fail('length', `${L}.cells`, `a Uint32Array(${n})`, l.cells);
    if (!isTyped(l.counts, Uint32Array) || l.counts.length !== n) throw fail('length', `${L}.counts`, `a Uint32Array(${n})`, l.counts);
    if (!isTyped(l.topClasses, Int32Array) || l.topClasses.length !== n * k) throw fail('length', `${L}.topClasses`, `an Int32Array(${n * k}) (cellCount × topK)`, l.topClasses);
    if (!isTyped(l.topScores, Float32Array) || l.topScores.length !== n * k) throw fail('length', `${L}.topScores`, `a Float32Array(${n * k}) (cellCount × topK)`, l.topScores);
    if (!isTyped(l.offsets, Uint32Array) || l.offsets.length !== n + 1) throw fail('length', `${L}.offsets`, `a Uint32Array(${n + 1})`, l.offsets);
    if (!isTyped(l.examples, Int32Array)) throw fail('type', `${L}.examples`, 'an Int32Array', l.examples);
    const g2 = l.grid * l.grid;
    for (let c = 0; c < n; c++) if (l.cells[c] >= g2 || (c && l.cells[c] <= l.cells[c - 1])) throw fail('range', `${L}.cells`, `ascending grid indices < ${g2}`, `${l.cells[c]} at ${c}`);
  });
  if (!isInt(k) || k < 0 || k > 8) throw fail('range', `${A}.topK`, 'an integer 0..8', k);
  if (!(atlas.numClasses >= 0 && atlas.numClasses < 65535)) throw fail('range', `${A}.numClasses`, 'fewer than 65,535 classes', atlas.numClasses);
  if (sprites === null) return;
  if (!sprites || typeof sprites !== 'object' || !Array.isArray(sprites.pages)) throw fail('type', S, 'AtlasSprites (from packAtlasIcons or loadAtlas)', sprites);
  if (!(sprites.iconSize > 0)) throw fail('range', `${S}.iconSize`, 'a size > 0 px', sprites.iconSize);
  if (!Array.isArray(sprites.icons) || sprites.icons.length !== atlas.levels.length) throw fail('length', `${S}.icons`, `one Int32Array per level (${atlas.levels.length})`, sprites.icons);
  sprites.pages.forEach((p, i) => {
    const P = `${S}.pages[${i}]`;
    if (!p || !['pixels', 'image', 'url'].includes(p.kind)) throw fail('type', `${P}.kind`, "'pixels', 'image' or 'url'", p?.kind);
    if (!isInt(p.width) || !isInt(p.height) || p.width < 1 || p.height < 1) throw fail('range', P, 'integer width and height ≥ 1', `${p.width}×${p.height}`);
    if (p.kind === 'pixels' && (!p.data || p.data.length !== p.width * p.height * 4)) throw fail('length', `${P}.data`, `${p.width * p.height * 4} RGBA bytes`, p.data);
    if (p.kind === 'url' && typeof p.url !== 'string') throw fail('type', `${P}.url`, 'a URL string', p.url);
    if (p.kind === 'image' && !p.image) throw fail('type', `${P}.image`, 'an image, bitmap or canvas', p.image);
  });
  const s = sprites.iconSize;
  atlas.levels.forEach((l, i) => {
    const ic = sprites.icons[i];
    if (!isTyped(ic, Int32Array) || ic.length !== l.cellCount * 3) throw fail('length', `${S}.icons[${i}]`, `an Int32Array(${l.cellCount * 3}) ((page, x, y) per cell)`, ic);
    for (let c = 0; c < l.cellCount; c++) {
      const pg = ic[3 * c];
      if (pg < 0) continue;
      const p = sprites.pages[pg];
      if (!p || ic[3 * c + 1] < 0 || ic[3 * c + 2] < 0 || ic[3 * c + 1] + s > p.width || ic[3 * c + 2] + s > p.height)
        throw fail('range', `${S}.icons[${i}]`, 'slots inside their page', `(${pg}, ${ic[3 * c + 1]}, ${ic[3 * c + 2]}) for cell ${c}`);
    }
  });
}

/** Pairs (atlas, sprites) already checked: the sprites' slots are checked once, not at every update. */
const checkedPairs = new WeakMap<ActivationAtlas, WeakSet<AtlasSprites>>();

const checkSpritesGiven: OptionCheck<AtlasSprites | PromiseLike<AtlasSprites>> = (value, argument) => {
  if (isPromise(value)) return;
  if (!value || typeof value !== 'object' || !Array.isArray((value as AtlasSprites).pages)) throw fail('type', argument, 'AtlasSprites (from packAtlasIcons or loadAtlas), or a promise of them', value);
};

const checkLevelGiven: OptionCheck<number | 'auto'> = (value, argument) => {
  if (value !== 'auto' && !(isInt(value) && value >= 0)) throw fail('option', argument, "'auto' or a level index (an integer ≥ 0)", value);
};

/** The options schema of the activation atlas: every option with its check, default and what a change invalidates. */
export const atlasOptions = defineOptions<ActivationAtlasOptions>(
  'activation atlas',
  {
    atlas: { required: true, check: (atlas, argument) => checkAtlas(atlas, null, argument), invalidates: 'data' },
    sprites: { required: true, check: checkSpritesGiven, invalidates: 'data' },
    level: { default: 'auto', check: checkLevelGiven, invalidates: 'layout' },
    iconPx: { default: 48, check: isNumber({ min: 0, exclusiveMin: true, max: 4096 }), invalidates: 'layout' },
    crossFade: { default: true, check: anyOf<boolean | number>(isBoolean, isNumber({ min: 0, max: 60_000 })), invalidates: 'paint' },
    sizeByDensity: { default: false, check: isBoolean, invalidates: 'paint' },
    classIndex: { default: null, check: nullable(isNumber({ min: 0, integer: true })), invalidates: 'paint' },
    classMode: { default: 'tint', check: oneOf('tint', 'filter'), invalidates: 'paint' },
    colorByTopClass: { default: false, check: isBoolean, invalidates: 'paint' },
    minimap: { default: true, check: isBoolean, invalidates: 'layout' },
    tooltip: { default: true, check: isBoolean, invalidates: 'none' },
    selection: { default: null, check: nullable(isSelection), invalidates: 'paint' },
    background: { default: null, check: nullable(isColor), invalidates: 'paint' },
    gap: { default: 1, check: isNumber({ min: 0, max: 1000 }), invalidates: 'paint' },
    title: { default: 'Activation atlas', check: isString, invalidates: 'none' },
    theme: { default: 'auto', check: isTheme, invalidates: 'paint' },
    legend: { default: true, check: isBoolean, invalidates: 'layout' },
  },
  {
    // Removed when gl came to import only core: icons are packed by the caller (explain's packAtlasIcons).
    renamed: { images: 'sprites', icon: 'sprites', iconOptions: 'sprites' },
    validate(o) {
      const levels = o.atlas.levels.length;
      if (typeof o.level === 'number' && o.level >= levels) throw fail('option', 'options.level', `'auto' or a level index 0..${levels - 1}`, o.level);
      const classes = o.atlas.numClasses;
      if (o.classIndex != null && classes > 0 && o.classIndex >= classes) throw fail('option', 'options.classIndex', `null or a class index 0..${classes - 1}`, o.classIndex);
      if (isPromise(o.sprites)) return;
      let checked = checkedPairs.get(o.atlas);
      if (checked?.has(o.sprites)) return;
      checkAtlas(o.atlas, o.sprites);
      if (!checked) checkedPairs.set(o.atlas, (checked = new WeakSet()));
      checked.add(o.sprites);
    },
  },
);
