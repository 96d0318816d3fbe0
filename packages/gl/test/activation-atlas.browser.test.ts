import { afterEach, beforeEach, describe as suite, expect, it, vi } from 'vitest';
import { createActivationAtlas, type ActivationAtlasHandle } from '@tensorlens/gl';
import { createSelection } from '@tensorlens/core';
import { atlasGlStats } from '../src/activation-atlas/renderer';
import { makeAtlas, makeBox, near, pixel, pointer } from './activation-atlas-helpers';

let box: HTMLDivElement;
let aa: ActivationAtlasHandle | null = null;
beforeEach(() => (box = makeBox(400, 400)));
afterEach(() => {
  aa?.destroy();
  aa = null;
  box.remove();
  vi.restoreAllMocks();
});

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

  it('picks the level by zoom: levelchange, finer tiles, and both levels blended mid-fade', async () => {
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
    expect(near(pixel(aa.element, ...at), RED)).toBe(true);
    // Zoom 4 about that point: fine cells 384 px, nearest the target.
    aa.setView({ x: 0.375, y: 0.375, zoom: 4 });
    await aa.whenRendered();
    expect(changes).toEqual([0]);
    expect(aa.level).toBe(0);
    expect(near(pixel(aa.element, 200, 200), BLUE)).toBe(true);
    // Halfway between (log scale): both contribute to the pixel.
    aa.setView({ zoom: (200 * Math.SQRT2) / 192 });
    await aa.whenRendered();
    expect(aa.lod).toBeCloseTo(0.5, 2);
    const mid = pixel(aa.element, 200, 200);
    expect(mid[0]).toBeGreaterThan(90);
    expect(mid[2]).toBeGreaterThan(90);
    expect(mid[0] + mid[2]).toBeGreaterThan(230);
    // Without the cross-fade, the nearest level only.
    aa.update({ crossFade: false });
    await aa.whenRendered();
    const hard = pixel(aa.element, 200, 200);
    expect(near(hard, RED) || near(hard, BLUE)).toBe(true);
  });

  it('switches class by uniforms only: tint, filter and back, without uploading a buffer', async () => {
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
    for (const k of [1, 3]) expect(px[k][3]).toBeGreaterThan(20), expect(px[k][3]).toBeLessThan(70);
    aa.update({ classIndex: 1, classMode: 'filter' });
    await aa.whenRendered();
    expect(pixel(aa.element, ...p[3])[3]).toBe(0);
    for (const k of [0, 1, 2]) expect(pixel(aa.element, ...p[k])[3]).toBe(255);
    expect(near(pixel(aa.element, ...p[1]), [255 + 0.55 * (0xf2 - 255), 255 + 0.55 * (0x8e - 255), 255 + 0.55 * (0x2c - 255), 255], 6)).toBe(true);
    aa.update({ classIndex: null });
    await aa.whenRendered();
    for (const q of p) expect(near(pixel(aa.element, ...q), WHITE)).toBe(true);
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
});
