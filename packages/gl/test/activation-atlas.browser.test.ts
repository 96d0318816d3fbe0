import { afterEach, beforeEach, describe as suite, expect, it, vi } from 'vitest';
import { createActivationAtlas, type ActivationAtlasHandle } from '@tensorlens/gl';
import { createSelection } from '@tensorlens/core';
import { packAtlasIcons } from '@tensorlens/explain';
import { atlasGlStats } from '../src/activation-atlas/renderer';
import { makeAtlas } from './activation-atlas-helpers';
import { canvasPixels, expectError, makeBox, near as nearColour, pixel, pointer } from '../../../test/support';

let box: HTMLDivElement;
let aa: ActivationAtlasHandle | null = null;
beforeEach(() => (box = makeBox(400, 400)));
afterEach(() => {
  aa?.destroy();
  aa = null;
  box.remove();
  vi.restoreAllMocks();
});

/** RGBA within `tolerance` per channel, alpha included: the atlas draws opaque icons on a clear canvas. */
const near = (a: number[], b: number[], tolerance = 10) => nearColour(a, b, tolerance, { alpha: true });

const RED = [255, 0, 0, 255] as [number, number, number, number];
const GREEN = [0, 200, 0, 255] as [number, number, number, number];
const BLUE = [0, 0, 255, 255] as [number, number, number, number];
const WHITE = [255, 255, 255, 255] as [number, number, number, number];
// Bounds [0, 0, 1, 1] fitted into 400 × 400 with 8 px margins: 384 px per layout unit, y up.
const screen = (x: number, y: number): [number, number] => [8 + 384 * x, 392 - 384 * y];

suite('createActivationAtlas', () => {
  it('draws each cell as its sprite at its grid position (row grows upwards), gaps and empty cells left clear', async () => {
    const { atlas, sprites } = makeAtlas({ levels: [{ grid: 4, cells: [{ col: 0, row: 0, color: RED }, { col: 3, row: 3, color: GREEN }, { col: 1, row: 2, color: BLUE }] }] });
    aa = createActivationAtlas(box, { atlas, sprites, minimap: false });
    await aa.whenRendered();
    expect(near(pixel(aa.element, ...screen(0.125, 0.125)), RED)).toBe(true);
    expect(near(pixel(aa.element, ...screen(0.875, 0.875)), GREEN)).toBe(true);
    expect(near(pixel(aa.element, ...screen(0.375, 0.625)), BLUE)).toBe(true);
    // Near a tile's corner (inside it) still the sprite; an empty cell and the gap between tiles are clear.
    expect(near(pixel(aa.element, ...screen(0.01, 0.01)), RED)).toBe(true);
    expect(pixel(aa.element, ...screen(0.625, 0.375))[3]).toBe(0);
    const [gx, gy] = screen(0.25, 0.125);
    const { atlas: a2, sprites: s2 } = makeAtlas({ levels: [{ grid: 4, cells: [{ col: 0, row: 0, color: RED }, { col: 1, row: 0, color: RED }] }] });
    aa.update({ atlas: a2, sprites: s2, gap: 6 });
    await aa.whenRendered();
    expect(pixel(aa.element, gx, gy)[3]).toBe(0);
    expect(near(pixel(aa.element, gx + 6, gy), RED)).toBe(true);
    expect(aa.element.querySelector('canvas')!.getAttribute('aria-label')).toMatch(/4 × 4 grid, 2 cells/);
  });

  it('picks the level by zoom: levelchange, finer tiles; a fixed level change fades over `crossFade` ms', async () => {
    const coarse = [0, 1].flatMap((col) => [0, 1].map((row) => ({ col, row, color: RED })));
    const fine = [0, 1, 2, 3].flatMap((col) => [0, 1, 2, 3].map((row) => ({ col, row, color: BLUE })));
    const { atlas, sprites } = makeAtlas({ levels: [{ grid: 4, cells: fine }, { grid: 2, cells: coarse }] });
    // Coarse cells are 192 px at zoom 1: nearest to iconPx 200.
    aa = createActivationAtlas(box, { atlas, sprites, iconPx: 200, minimap: false });
    const changes: number[] = [];
    aa.on('levelchange', (e) => changes.push(e.level));
    await aa.whenRendered();
    expect(aa.level).toBe(1);
    const at = screen(0.375, 0.375); // the centre of a fine cell
    expect(pixel(aa.element, ...at)).toEqual(RED);
    // Zoom 4 about that point: fine cells 384 px, nearest the target.
    aa.setView({ x: 0.375, y: 0.375, zoom: 4 });
    await aa.whenRendered();
    expect(changes).toEqual([0]);
    expect(aa.level).toBe(0);
    expect(pixel(aa.element, 200, 200)).toEqual(BLUE);
    // A fixed level change fades over `crossFade` ms: frames in between show both, the last only the new level.
    aa.update({ level: 1, crossFade: 1500 });
    const seen: number[][] = [];
    let done = false;
    const end = aa.whenRendered().then(() => (done = true));
    while (!done) {
      await new Promise((r) => requestAnimationFrame(r));
      seen.push(pixel(aa.element, 200, 200));
    }
    await end;
    expect(seen.some((q) => q[0] > 50 && q[2] > 50)).toBe(true);
    expect(pixel(aa.element, 200, 200)).toEqual(RED);
    aa.update({ level: 'auto' });
    // Without the cross-fade, the nearest level only, at once.
    aa.update({ crossFade: false });
    aa.setView({ zoom: 4 });
    await aa.whenRendered();
    expect(pixel(aa.element, 200, 200)).toEqual(BLUE);
  });

  it('at rest draws exactly one level, crisp, even when the zoom lies halfway between two levels; a wheel zoom blends them only while it lasts', async () => {
    const coarse = [0, 1].flatMap((col) => [0, 1].map((row) => ({ col, row, color: RED })));
    const fine = [0, 1, 2, 3].flatMap((col) => [0, 1, 2, 3].map((row) => ({ col, row, color: BLUE })));
    const { atlas, sprites } = makeAtlas({ levels: [{ grid: 4, cells: fine }, { grid: 2, cells: coarse }] });
    // Fitted: coarse cells 192 px, fine 96 px; iconPx √(192 · 96) is halfway between them (in log scale), where the
    // level of detail used to blend both at half weight for good (docs/examples/atlas.html at rest).
    aa = createActivationAtlas(box, { atlas, sprites, iconPx: Math.sqrt(192 * 96), minimap: false, gap: 0 });
    const renders: Array<{ level: number; cells: number }> = [];
    aa.on('render', (e) => renders.push(e));
    await aa.whenRendered();
    expect(aa.lod).toBeCloseTo(0.5, 6);
    const colours = () => [screen(0.375, 0.375), screen(0.6, 0.8), screen(0.1, 0.55)].map((q) => pixel(aa!.element, ...q));
    const one = (px: number[][]) => px.every((q) => String(q) === String(RED)) || px.every((q) => String(q) === String(BLUE));
    expect(one(colours())).toBe(true);
    expect(renders.at(-1)).toEqual({ level: aa.level, cells: aa.level === 1 ? 4 : 16 });
    // Still one level long after (nothing animates at rest).
    await new Promise((r) => setTimeout(r, 400));
    expect(one(colours())).toBe(true);
    // A wheel zoom that ends between the two levels: the mix appears while it lasts, one level once it settles.
    const canvas = aa.element.querySelector('canvas')!;
    const wheel = (deltaY: number) => canvas.dispatchEvent(new WheelEvent('wheel', { deltaY, clientX: canvas.getBoundingClientRect().left + 200, clientY: canvas.getBoundingClientRect().top + 200, bubbles: true, cancelable: true }));
    const mixes: boolean[] = [];
    let done = false;
    wheel(-40); // zoom in × e^0.08: still between the two
    wheel(40);
    wheel(-20);
    expect(aa.lod).toBeGreaterThan(0.3);
    expect(aa.lod).toBeLessThan(0.7);
    const end = aa.whenRendered().then(() => (done = true));
    while (!done) {
      await new Promise((r) => requestAnimationFrame(r));
      const q = pixel(aa.element, ...screen(0.375, 0.375));
      mixes.push(q[0] > 40 && q[2] > 40);
    }
    await end;
    expect(mixes.some(Boolean)).toBe(true);
    expect(one(colours())).toBe(true);
    expect(renders.length).toBe(2);
    // The same without cross-fades: never a mix.
    aa.update({ crossFade: false });
    await aa.whenRendered();
    wheel(-20);
    await new Promise((r) => requestAnimationFrame(r));
    expect(one(colours())).toBe(true);
    await aa.whenRendered();
    expect(one(colours())).toBe(true);
  });

  it('switches class by uniforms only: tint, filter, back, and the top-class wash, without uploading a buffer or texture', async () => {
    const cells = [
      { col: 0, row: 0, color: WHITE, classes: [[0, 0.9], [1, 0.1]] as Array<[number, number]> },
      { col: 1, row: 0, color: WHITE, classes: [[1, 1]] as Array<[number, number]> },
      { col: 0, row: 1, color: WHITE, classes: [[1, 0.7], [0, 0.3]] as Array<[number, number]> },
      { col: 1, row: 1, color: WHITE, classes: [[2, 1]] as Array<[number, number]> },
    ];
    const { atlas, sprites } = makeAtlas({ levels: [{ grid: 2, cells }], classNames: ['cat', 'dog', 'car'] });
    aa = createActivationAtlas(box, { atlas, sprites, minimap: false });
    await aa.whenRendered();
    const gl = aa.element.querySelector('canvas')!.getContext('webgl')!;
    const uploads = [vi.spyOn(gl, 'bufferData'), vi.spyOn(gl, 'bufferSubData'), vi.spyOn(gl, 'texImage2D'), vi.spyOn(gl, 'texSubImage2D')];
    const p = [screen(0.25, 0.25), screen(0.75, 0.25), screen(0.25, 0.75), screen(0.75, 0.75)];
    aa.update({ classIndex: 0 });
    await aa.whenRendered();
    const px = p.map((q) => pixel(aa!.element, ...q));
    // Class 0 (#4e79a7) washes cell 0 (its best score) fully and cell 2 by 0.3 / 0.9; cells 1 and 3 are dimmed.
    expect(near(px[0], [255 + 0.55 * (0x4e - 255), 255 + 0.55 * (0x79 - 255), 255 + 0.55 * (0xa7 - 255), 255], 6)).toBe(true);
    expect(px[2][3]).toBe(255);
    expect(px[2][0]).toBeGreaterThan(px[0][0] + 30);
    expect(px[2][0]).toBeLessThan(250);
    for (const k of [1, 3]) {
      expect(px[k][3]).toBeGreaterThan(20);
      expect(px[k][3]).toBeLessThan(70);
    }
    aa.update({ classIndex: 1, classMode: 'filter' });
    await aa.whenRendered();
    expect(pixel(aa.element, ...p[3])[3]).toBe(0);
    for (const k of [0, 1, 2]) expect(pixel(aa.element, ...p[k])[3]).toBe(255);
    expect(near(pixel(aa.element, ...p[1]), [255 + 0.55 * (0xf2 - 255), 255 + 0.55 * (0x8e - 255), 255 + 0.55 * (0x2c - 255), 255], 6)).toBe(true);
    aa.update({ classIndex: null });
    await aa.whenRendered();
    for (const q of p) expect(near(pixel(aa.element, ...q), WHITE)).toBe(true);
    // The top-class wash: cell 3's top class is 2 (#e15759), 40 % over its white icon.
    aa.update({ colorByTopClass: true });
    await aa.whenRendered();
    expect(near(pixel(aa.element, ...p[3]), [255 + 0.4 * (0xe1 - 255), 255 + 0.4 * (0x57 - 255), 255 + 0.4 * (0x59 - 255), 255], 6)).toBe(true);
    for (const s of uploads) expect(s).not.toHaveBeenCalled();
    expect(() => aa!.update({ classIndex: 3 })).toThrow(expect.objectContaining({ name: 'TensorLensError', code: 'option', argument: 'options.classIndex' }));
  });

  it('sizes icons by density: a sparse cell shrinks to √(count / max) of its cell', async () => {
    const { atlas, sprites } = makeAtlas({ levels: [{ grid: 2, cells: [{ col: 0, row: 0, count: 100, color: RED }, { col: 1, row: 0, count: 25, color: BLUE }] }] });
    aa = createActivationAtlas(box, { atlas, sprites, minimap: false, gap: 0 });
    await aa.whenRendered();
    const [x, y] = screen(0.75, 0.25);
    expect(near(pixel(aa.element, x + 70, y), BLUE)).toBe(true);
    aa.update({ sizeByDensity: true });
    await aa.whenRendered();
    // The blue tile is now 0.5 × 192 = 96 px wide around its centre; the full tile keeps its 192 px.
    expect(pixel(aa.element, x + 70, y)[3]).toBe(0);
    expect(near(pixel(aa.element, x + 40, y), BLUE)).toBe(true);
    expect(pixel(aa.element, x + 52, y)[3]).toBe(0);
    expect(near(pixel(aa.element, ...screen(0.25 + 90 / 384, 0.25)), RED)).toBe(true);
  });

  it('hover shows count, top classes with names and scores, and example thumbnails cut from the sprite pages', async () => {
    const { atlas, sprites } = makeAtlas({
      levels: [{ grid: 2, cells: [{ col: 0, row: 0, count: 42, color: GREEN, classes: [[2, 0.75], [0, 0.25]], members: [7, 3, 9] }] }],
      classNames: ['cat', 'dog', 'car'],
    });
    aa = createActivationAtlas(box, { atlas, sprites, minimap: false });
    const hovers: unknown[] = [];
    aa.on('hover', (e) => hovers.push(e));
    await aa.whenRendered();
    const canvas = aa.element.querySelector('canvas')!;
    pointer(canvas, 'pointermove', ...screen(0.25, 0.25));
    const tip = aa.element.querySelector<HTMLElement>('.tl-tooltip')!;
    expect(tip.hidden).toBe(false);
    expect(tip.textContent).toContain('42');
    expect(tip.textContent).toMatch(/car\s*75%/);
    expect(tip.textContent).toMatch(/cat\s*25%/);
    expect(hovers).toEqual([expect.objectContaining({ level: 0, cell: 0, col: 0, row: 0, count: 42 })]);
    // One thumbnail (the helper packs one for each cell's first member, 3), its pixels the sprite's colour.
    const thumbs = tip.querySelectorAll('canvas');
    expect(thumbs.length).toBe(1);
    expect(Array.from(thumbs[0].getContext('2d')!.getImageData(4, 4, 1, 1).data)).toEqual(GREEN);
    // The hovered tile is outlined (text colour) at its edge.
    await aa.whenRendered();
    const [x, y] = screen(0.25, 0.25);
    const edge = pixel(aa.element, x - 95.5 + 1, y);
    expect(near(edge, [0x1f, 0x23, 0x28, 255], 20)).toBe(true);
    pointer(canvas, 'pointermove', ...screen(0.75, 0.75));
    expect(tip.hidden).toBe(true);
    expect(hovers.at(-1)).toBeNull();
  });

  it('click selects the cell: select event with all members, written into the shared selection; a selection from elsewhere outlines cells', async () => {
    const { atlas, sprites } = makeAtlas({
      levels: [
        { grid: 2, cells: [{ col: 0, row: 0, color: RED, members: [0, 1, 2, 5] }, { col: 1, row: 1, color: RED, members: [3, 4] }] },
        { grid: 1, cells: [{ col: 0, row: 0, color: BLUE, members: [0, 1, 2, 3, 4, 5] }] },
      ],
    });
    const selection = createSelection();
    aa = createActivationAtlas(box, { atlas, sprites, selection, minimap: false, level: 0 });
    await aa.whenRendered();
    const selects: Array<{ indices: Uint32Array; cell: number; count: number }> = [];
    aa.on('select', (e) => selects.push(e));
    const sources: unknown[] = [];
    selection.on('change', (e) => sources.push(e.source));
    const canvas = aa.element.querySelector('canvas')!;
    const gl = canvas.getContext('webgl')!;
    const sub = vi.spyOn(gl, 'bufferSubData');
    const c0 = screen(0.25, 0.25);
    pointer(canvas, 'pointerdown', ...c0);
    pointer(canvas, 'pointerup', ...c0);
    expect(selects).toHaveLength(1);
    expect(Array.from(selects[0].indices)).toEqual([0, 1, 2, 5]);
    expect(selects[0]).toEqual(expect.objectContaining({ level: 0, cell: 0, grid: 2, col: 0, row: 0, count: 4 }));
    expect(selection.toArray()).toEqual(Uint32Array.from([0, 1, 2, 5]));
    expect(sources[0]).not.toBeUndefined();
    // Another view selects example 4: the cell holding it (1, 1) is outlined in the accent colour, cell 0 no longer.
    selection.set([4], 'elsewhere');
    await aa.whenRendered();
    expect(sub).toHaveBeenCalled(); // the per-tile outline flags are the one thing re-uploaded
    const [x1, y1] = screen(0.75, 0.75);
    expect(near(pixel(aa.element, x1 - 95.5 + 1, y1), [0x09, 0x69, 0xda, 255], 20)).toBe(true);
    expect(near(pixel(aa.element, x1, y1), RED)).toBe(true);
    expect(near(pixel(aa.element, c0[0] - 95.5 + 1, c0[1]), RED)).toBe(true);
    // Enter selects the cell at the centre of the view (keyboard users).
    aa.setView({ x: 0.75, y: 0.75, zoom: 1 });
    canvas.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    expect(Array.from(selects[1].indices)).toEqual([3, 4]);
    expect(canvas.getAttribute('aria-label')).toMatch(/2 selected/);
    // Clicking empty space clears the selection.
    aa.resetView();
    pointer(canvas, 'pointerdown', ...screen(0.75, 0.25));
    pointer(canvas, 'pointerup', ...screen(0.75, 0.25));
    expect(selection.size).toBe(0);
  });

  it('minimap: shows the viewport and pans where it is clicked and dragged; arrow keys pan, + zooms', async () => {
    const cells = [0, 1, 2, 3].flatMap((col) => [0, 1, 2, 3].map((row) => ({ col, row, color: col < 2 ? RED : BLUE })));
    const { atlas, sprites } = makeAtlas({ levels: [{ grid: 4, cells }] });
    aa = createActivationAtlas(box, { atlas, sprites });
    await aa.whenRendered();
    const mini = aa.element.querySelector<HTMLElement>('.tl-aa-minimap')!;
    const rect = aa.element.querySelector<HTMLElement>('.tl-aa-viewport')!;
    expect(mini.hidden).toBe(false);
    expect(mini.querySelector('canvas')!.getBoundingClientRect().width).toBeCloseTo(120, 0);
    // The minimap draws the cells (its own canvas has coloured pixels).
    const mc = mini.querySelector('canvas')!;
    expect(Array.from(mc.getContext('2d')!.getImageData(mc.width - 5, 5, 1, 1).data)[2]).toBeGreaterThan(100);
    aa.setView({ zoom: 4 });
    await aa.whenRendered();
    expect(rect.getBoundingClientRect().width).toBeCloseTo(120 / 4 * (400 / 384), 0);
    const views: Array<{ x: number; y: number }> = [];
    aa.on('view', (v) => views.push(v));
    pointer(mc, 'pointerdown', 30, 90);
    expect(aa.getView().x).toBeCloseTo(0.25, 2);
    expect(aa.getView().y).toBeCloseTo(0.25, 2);
    pointer(mc, 'pointermove', 90, 30);
    pointer(mc, 'pointerup', 90, 30);
    expect(aa.getView().x).toBeCloseTo(0.75, 2);
    expect(aa.getView().y).toBeCloseTo(0.75, 2);
    expect(views.length).toBe(2);
    await aa.whenRendered();
    expect(near(pixel(aa.element, 210, 190), BLUE)).toBe(true); // (0.75, 0.75) itself is a tile corner
    const r = rect.getBoundingClientRect(), m = mc.getBoundingClientRect();
    expect(r.left + r.width / 2 - m.left).toBeCloseTo(90, 0);
    // Keyboard on the focusable canvas.
    const canvas = aa.element.querySelector('canvas')!;
    expect(canvas.tabIndex).toBe(0);
    canvas.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    expect(aa.getView().x).toBeGreaterThan(0.75);
    canvas.dispatchEvent(new KeyboardEvent('keydown', { key: '+', bubbles: true }));
    expect(aa.getView().zoom).toBeCloseTo(5, 5);
    pointer(mc, 'pointermove', 10, 10); // no drag: no pan
    expect(views.length).toBe(4);
  });

  it('an empty level shows a status note; an atlas with no levels or no sprites is a clear error', async () => {
    const { atlas, sprites } = makeAtlas({ levels: [{ grid: 2, cells: [] }, { grid: 1, cells: [{ col: 0, row: 0, color: RED }] }] });
    aa = createActivationAtlas(box, { atlas, sprites, level: 0, minimap: false });
    await aa.whenRendered();
    const note = aa.element.querySelector<HTMLElement>('[role=status]')!;
    expect(note.hidden).toBe(false);
    expect(note.textContent).toMatch(/no cells/);
    expect(pixel(aa.element, 200, 200)[3]).toBe(0);
    aa.update({ level: 1 });
    await aa.whenRendered();
    expect(note.hidden).toBe(true);
    // The automatic level skips empty levels (the 2 × 2 one would be nearest 150 px); all empty: the note.
    aa.update({ level: 'auto', iconPx: 150, crossFade: false });
    await aa.whenRendered();
    expect(aa.level).toBe(1);
    expect(near(pixel(aa.element, 200, 210), RED)).toBe(true);
    const { atlas: none, sprites: noneSprites } = makeAtlas({ levels: [{ grid: 2, cells: [] }, { grid: 4, cells: [] }] });
    aa.update({ atlas: none, sprites: noneSprites });
    await aa.whenRendered();
    expect(note.textContent).toMatch(/no cells/);
    const e = (code: string, argument: string) => expect.objectContaining({ name: 'TensorLensError', code, argument });
    expect(() => createActivationAtlas(box, { atlas: { ...atlas, levels: [] }, sprites })).toThrow(e('empty', 'options.atlas.levels'));
    expect(() => createActivationAtlas(box, { atlas } as never)).toThrow(e('option', 'options.sprites'));
    expect(() => createActivationAtlas(box, { atlas, sprites: 7 } as never)).toThrow(e('type', 'options.sprites'));
    expect(() => createActivationAtlas(box, { atlas, sprites: { ...sprites, icons: [sprites.icons[0]] } })).toThrow(e('length', 'options.sprites.icons'));
    expect(() => aa!.update({ level: 2 })).toThrow(e('option', 'options.level'));
    expect(box.querySelectorAll('.tl-aa').length).toBe(1);
  });

  it('missing icons (page -1) draw a hatched grey placeholder, and a note when every icon of the level is missing', async () => {
    const { atlas, sprites } = makeAtlas({ levels: [{ grid: 2, cells: [{ col: 0, row: 0, color: RED }, { col: 1, row: 0, color: null }] }] });
    aa = createActivationAtlas(box, { atlas, sprites, minimap: false });
    await aa.whenRendered();
    const [x, y] = screen(0.75, 0.25);
    const seen = new Set<string>();
    for (let k = 0; k < 8; k++) {
      const p = pixel(aa.element, x + k, y);
      expect(p[3]).toBe(255);
      expect(p[0]).toBe(p[1]);
      expect(p[1]).toBe(p[2]);
      seen.add(String(p[0] > 180));
    }
    expect(seen.size).toBe(2); // light fill and darker hatch lines
    const note = aa.element.querySelector<HTMLElement>('[role=status]')!;
    expect(note.textContent).toMatch(/1 of 2 icons are missing/);
    const { atlas: a2, sprites: s2 } = makeAtlas({ levels: [{ grid: 1, cells: [{ col: 0, row: 0, color: null }] }] });
    aa.update({ atlas: a2, sprites: s2 });
    await aa.whenRendered();
    expect(note.textContent).toMatch(/every image is missing/);
  });

  it("loads 'url' pages (drawn once loaded); a page that fails gives an error event, a note and placeholders, not a blank chart", async () => {
    const { atlas, sprites } = makeAtlas({ levels: [{ grid: 2, cells: [{ col: 0, row: 0, color: BLUE }, { col: 1, row: 0, color: BLUE }] }], iconSize: 8, pageSize: 8 });
    const c = document.createElement('canvas');
    c.width = c.height = 8;
    const ctx = c.getContext('2d')!;
    ctx.fillStyle = '#00ff00';
    ctx.fillRect(0, 0, 8, 8);
    const pages = [
      { kind: 'url' as const, width: 8, height: 8, url: c.toDataURL('image/png') },
      { kind: 'url' as const, width: 8, height: 8, url: '/no-such-sprite-page.png' },
    ];
    aa = createActivationAtlas(box, { atlas, sprites: { ...sprites, pages }, minimap: false });
    const errors: Array<{ page?: number }> = [];
    aa.on('error', (e) => errors.push(e));
    await aa.whenRendered();
    expect(near(pixel(aa.element, ...screen(0.25, 0.25)), [0, 255, 0, 255])).toBe(true);
    const p = pixel(aa.element, ...screen(0.75, 0.25));
    expect(p[3]).toBe(255);
    expect(p[0] === p[1] && p[1] === p[2]).toBe(true);
    expect(errors).toEqual([expect.objectContaining({ page: 1 })]);
    const note = aa.element.querySelector<HTMLElement>('[role=status]')!;
    expect(note.hidden).toBe(false);
    expect(note.textContent).toMatch(/page 1 could not be loaded/);
    // A page larger than the GPU's textures is a clear error.
    const max = aa.element.querySelector('canvas')!.getContext('webgl')!.getParameter(WebGLRenderingContext.MAX_TEXTURE_SIZE) as number;
    const big = { ...sprites, pages: [{ kind: 'url' as const, width: max + 1, height: 8, url: 'x.png' }, pages[0]] };
    expect(() => createActivationAtlas(makeBox(400, 400), { atlas, sprites: big })).toThrow(expect.objectContaining({ code: 'range', argument: 'options.sprites.pages[0]' }));
  });

  it('draws sprites given as a promise (packAtlasIcons from per-example images) once it resolves', async () => {
    const { atlas } = makeAtlas({ levels: [{ grid: 2, cells: [{ col: 0, row: 0, members: [0, 1] }, { col: 1, row: 1, members: [2] }] }] });
    const solid = (r: number, g: number, b: number) => ({ width: 4, height: 4, data: new Uint8ClampedArray(64).map((_, i) => [r, g, b, 255][i % 4]) });
    const sprites = packAtlasIcons(atlas, { images: [solid(255, 0, 0), solid(255, 0, 0), solid(0, 0, 255)], iconSize: 8 });
    aa = createActivationAtlas(box, { atlas, sprites, minimap: false });
    await aa.whenRendered();
    expect(near(pixel(aa.element, ...screen(0.25, 0.25)), RED, 16)).toBe(true);
    expect(near(pixel(aa.element, ...screen(0.75, 0.75)), BLUE, 16)).toBe(true);
  });

  it('a bad update throws a typed error naming the option and leaves options, picture and DOM exactly as they were', async () => {
    const cells = [
      { col: 0, row: 0, color: RED, classes: [[0, 0.9]] as Array<[number, number]> },
      { col: 1, row: 1, color: BLUE, classes: [[1, 0.8]] as Array<[number, number]> },
    ];
    const { atlas, sprites } = makeAtlas({ levels: [{ grid: 2, cells }, { grid: 4, cells: [{ col: 0, row: 0, color: GREEN }] }], classNames: ['cat', 'dog'] });
    aa = createActivationAtlas(box, { atlas, sprites, classIndex: 0, level: 0, gap: 2, title: 'Digits' });
    await aa.whenRendered();
    const canvas = aa.element.querySelector('canvas')!;
    const picture = canvasPixels(canvas);
    const dom = aa.element.outerHTML;
    const same = (a: Uint8ClampedArray, b: Uint8ClampedArray) => a.length === b.length && a.every((v, i) => v === b[i]);
    const max = canvas.getContext('webgl')!.getParameter(WebGLRenderingContext.MAX_TEXTURE_SIZE) as number;
    const { atlas: other, sprites: otherSprites } = makeAtlas({ levels: [{ grid: 1, cells: [{ col: 0, row: 0, color: WHITE }] }] });
    const bad: Array<[Record<string, unknown>, string, string]> = [
      [{ gap: 5, level: 2 }, 'option', 'options.level'], // a good option beside a bad one is not applied either
      [{ gap: -1 }, 'option', 'options.gap'],
      [{ classIndex: 2 }, 'option', 'options.classIndex'],
      [{ classMode: 'wash' }, 'option', 'options.classMode'],
      [{ theme: 'blue' }, 'option', 'options.theme'],
      [{ legend: 'yes' }, 'option', 'options.legend'],
      [{ background: 'not a colour' }, 'option', 'options.background'],
      [{ crossFade: -5 }, 'option', 'options.crossFade'],
      [{ selection: {} }, 'option', 'options.selection'],
      [{ atlas: { ...atlas, levels: [] } }, 'empty', 'options.atlas.levels'],
      // The other atlas has one level: the kept `level: 0` fits, but its sprites do not match it.
      [{ atlas: other }, 'length', 'options.sprites.icons'],
      [{ sprites: otherSprites }, 'length', 'options.sprites.icons'],
      // Found only while deriving the new data (the GPU's texture limit), after every option check passed.
      [{ sprites: { ...sprites, pages: [{ kind: 'url', width: max + 1, height: 8, url: 'x.png' }] } }, 'range', 'options.sprites.pages[0]'],
      [{ pointSize: 3 }, 'option', 'options.pointSize'],
    ];
    for (const [partial, code, argument] of bad) {
      expectError(() => aa!.update(partial as never), code, argument);
      await aa.whenRendered();
      expect(aa.element.outerHTML).toBe(dom);
      expect(same(canvasPixels(canvas), picture)).toBe(true);
    }
    // The icons are packed by the caller now: the removed options name their replacement.
    for (const old of ['images', 'icon', 'iconOptions']) expect(expectError(() => aa!.update({ [old]: [] } as never), 'option', `options.${old}`).expected).toMatch(/sprites/);
    expect(expectError(() => createActivationAtlas(box, { atlas, images: [] } as never), 'option', 'options.images').expected).toMatch(/'sprites'/);
    expect(box.querySelectorAll('.tl-aa').length).toBe(1);
    // A good update still applies after them all.
    aa.update({ gap: 40 });
    await aa.whenRendered();
    expect(same(canvasPixels(canvas), picture)).toBe(false);
  });

  it('theme sets data-theme on the root: dark gives a dark background and light text, the legend follows', async () => {
    const { atlas, sprites } = makeAtlas({ levels: [{ grid: 2, cells: [{ col: 0, row: 0, color: RED, classes: [[0, 1]] }] }], classNames: ['cat'] });
    aa = createActivationAtlas(box, { atlas, sprites, theme: 'dark', classIndex: 0 });
    await aa.whenRendered();
    expect(aa.element.dataset.theme).toBe('dark');
    expect(getComputedStyle(aa.element).backgroundColor).toBe('rgb(13, 17, 23)');
    expect(getComputedStyle(aa.element.querySelector('.tl-aa-reset')!).color).toBe('rgb(230, 237, 243)');
    expect(aa.element.querySelector<HTMLElement>('.tl-legend')!.dataset.theme).toBe('dark');
    // Empty space shows the background: the page behind reads dark in an exported PNG too.
    const png = await createImageBitmap(await aa.toPNG(1));
    const c = document.createElement('canvas');
    c.width = png.width;
    c.height = png.height;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(png, 0, 0);
    expect(Array.from(ctx.getImageData(...screen(0.75, 0.25), 1, 1).data)).toEqual([13, 17, 23, 255]);
    aa.update({ theme: 'light' });
    await aa.whenRendered();
    expect(aa.element.dataset.theme).toBe('light');
    expect(getComputedStyle(aa.element).backgroundColor).toBe('rgb(255, 255, 255)');
    expect(aa.element.querySelector<HTMLElement>('.tl-legend')!.dataset.theme).toBe('light');
  });

  it('shows a legend while colour encodes data: the top classes with their colours, the tinted class and what its wash means; legend: false hides it', async () => {
    const cells = [
      { col: 0, row: 0, color: WHITE, classes: [[0, 0.9], [1, 0.1]] as Array<[number, number]> },
      { col: 1, row: 0, color: WHITE, classes: [[1, 0.6]] as Array<[number, number]> },
      { col: 1, row: 1, color: WHITE, classes: [[2, 1]] as Array<[number, number]> },
    ];
    const { atlas, sprites } = makeAtlas({ levels: [{ grid: 2, cells }], classNames: ['cat', 'dog', 'car'] });
    aa = createActivationAtlas(box, { atlas, sprites, minimap: false });
    await aa.whenRendered();
    const legendBox = aa.element.querySelector<HTMLElement>('.tl-aa-legend')!;
    expect(legendBox.hidden).toBe(true); // no colour encodes data
    expect(getComputedStyle(legendBox).display).toBe('none');
    aa.update({ colorByTopClass: true });
    await aa.whenRendered();
    expect(legendBox.hidden).toBe(false);
    const names = [...legendBox.querySelectorAll('.tl-legend-name')].map((n) => n.textContent);
    expect(names).toEqual(['cat', 'dog', 'car']);
    const swatches = [...legendBox.querySelectorAll<HTMLElement>('.tl-legend-swatch')].map((n) => getComputedStyle(n).backgroundColor);
    // core's categorical colours #4e79a7, #f28e2c, #e15759 — the ones the wash draws (see the class-switch test).
    expect(swatches).toEqual(['rgb(78, 121, 167)', 'rgb(242, 142, 44)', 'rgb(225, 87, 89)']);
    // A class tint: its name, a ramp over its scores at this level, and what the wash strength means.
    aa.update({ colorByTopClass: false, classIndex: 1 });
    await aa.whenRendered();
    expect(legendBox.querySelectorAll('.tl-legend-name').length).toBe(0);
    const ramp = legendBox.querySelector('.tl-legend')!;
    expect(ramp.querySelector('.tl-legend-title')!.textContent).toBe('Tinted class: dog');
    expect(ramp.textContent).toMatch(/60%/); // dog's highest score at this level labels the ramp's end
    expect(legendBox.querySelector('.tl-aa-legend-note')!.textContent).toMatch(/score for dog, relative to the highest.*dimmed/);
    aa.update({ classMode: 'filter' });
    await aa.whenRendered();
    expect(legendBox.querySelector('.tl-aa-legend-note')!.textContent).toMatch(/hidden/);
    aa.update({ legend: false });
    await aa.whenRendered();
    expect(legendBox.hidden).toBe(true);
    expect(legendBox.querySelectorAll('.tl-legend').length).toBe(0);
    aa.update({ legend: true, colorByTopClass: true });
    await aa.whenRendered();
    expect(legendBox.querySelectorAll('.tl-legend').length).toBe(2);
  });

  it('destroy frees the DOM, every listener and GL object, and the regl context; idempotent', async () => {
    const { atlas, sprites } = makeAtlas({ levels: [{ grid: 2, cells: [{ col: 0, row: 0, color: RED }] }, { grid: 4, cells: [{ col: 0, row: 0, color: BLUE }] }] });
    const selection = createSelection();
    const added = vi.spyOn(EventTarget.prototype, 'addEventListener');
    const removed = vi.spyOn(EventTarget.prototype, 'removeEventListener');
    const renderers = atlasGlStats.renderers;
    for (let k = 0; k < 5; k++) {
      const h = createActivationAtlas(box, { atlas, sprites, selection, classIndex: null });
      await h.whenRendered();
      selection.set([k]);
      h.destroy();
      h.destroy();
      expect(() => h.update({ gap: 2 })).toThrow(expect.objectContaining({ code: 'destroyed' }));
    }
    expect(atlasGlStats.renderers).toBe(renderers);
    expect(atlasGlStats.leakedBuffers).toBe(0);
    expect(atlasGlStats.leakedTextures).toBe(0);
    expect(box.children.length).toBe(0);
    const key = (c: unknown[]) => c.slice(0, 2);
    const adds = added.mock.calls.map(key).filter(([t]) => t !== 'abort');
    const rems = removed.mock.calls.map(key);
    for (const a of adds) expect(rems).toContainEqual(a);
    // A selection write after destroy reaches no atlas (it would throw 'destroyed' from a stale listener).
    expect(() => selection.set([1, 2])).not.toThrow();
  });

  it('recovers from a WebGL context loss: pages and tiles re-uploaded, pixels drawn again', async () => {
    const { atlas, sprites } = makeAtlas({ levels: [{ grid: 2, cells: [{ col: 0, row: 0, color: RED }, { col: 1, row: 1, color: GREEN, classes: [[0, 1]] }] }] });
    aa = createActivationAtlas(box, { atlas, sprites, minimap: false });
    await aa.whenRendered();
    const a = screen(0.25, 0.25), b = screen(0.75, 0.75);
    const canvas = aa.element.querySelector('canvas')!;
    const ext = canvas.getContext('webgl')!.getExtension('WEBGL_lose_context')!;
    const lost = new Promise((r) => canvas.addEventListener('webglcontextlost', r, { once: true }));
    ext.loseContext();
    await lost;
    await new Promise((r) => setTimeout(r, 50)); // Chromium ignores a restore in the task that lost the context
    const restored = new Promise((r) => aa!.on('contextrestored', r));
    ext.restoreContext();
    await restored;
    await aa.whenRendered();
    expect(near(pixel(aa.element, ...a), RED)).toBe(true);
    expect(near(pixel(aa.element, ...b), GREEN)).toBe(true);
    aa.update({ classIndex: 0, classMode: 'filter' });
    await aa.whenRendered();
    expect(pixel(aa.element, ...a)[3]).toBe(0);
    expect(pixel(aa.element, ...b)[3]).toBe(255);
  });
});
