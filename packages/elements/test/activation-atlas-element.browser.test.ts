import { afterEach, describe, expect, it } from 'vitest';
import { TensorLensError, createSelection } from '@tensorlens/core';
import { packAtlasIcons, parseAtlas } from '@tensorlens/explain';
import type { ActivationAtlasHandle } from '@tensorlens/gl';
import { TlActivationAtlas, defineElements } from '../src/index';
import { near as nearColour, pixel, until } from '../../../test/support';

defineElements();

// The files in fixtures/atlas/ are written by serializeAtlas (see activation-atlas-element-fixture.test.ts):
// 12 examples with flat colours, a 2 × 2 level (cells' top examples 0..3) and a 4 × 4 level, 16 px icons on
// 32 px pages (4 icons a page: level 0 on page 0, the level-1 cells 0..3 on page 1).
const base = new URL('./fixtures/atlas/atlas.json', import.meta.url).href.replace(/atlas\.json$/, '');
const fixture = (name: string) => base + name;
const COLOURS: [number, number, number][] = [
  [230, 25, 75],
  [60, 180, 75],
  [255, 225, 25],
  [0, 130, 200],
  [245, 130, 48],
  [145, 30, 180],
  [70, 240, 240],
  [240, 50, 230],
  [210, 245, 60],
  [250, 190, 212],
  [0, 128, 128],
  [220, 190, 255],
];

const made: HTMLElement[] = [];
function make(attrs: Record<string, string>, eager = true): TlActivationAtlas {
  const el = document.createElement('tl-activation-atlas');
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (eager) el.setAttribute('eager', '');
  el.style.cssText = 'width:400px;height:400px';
  made.push(el);
  return el;
}
afterEach(() => {
  for (const el of made.splice(0)) el.remove();
});

/** Events of `type` fired by `el`, collected from now on. */
function events<T>(el: HTMLElement, type: string): CustomEvent<T>[] {
  const out: CustomEvent<T>[] = [];
  el.addEventListener(type, (e) => out.push(e as CustomEvent<T>));
  return out;
}

/** RGBA within `tolerance` per channel, alpha included. */
const near = (a: number[], b: number[], tolerance = 12) => nearColour(a, b, tolerance, { alpha: true });
const cellPixel = (h: ActivationAtlasHandle, level: number, cell: number) => {
  const p = h.cellPosition(level, cell);
  expect(p, `cell ${cell} of level ${level} is on screen`).not.toBeNull();
  return pixel(h, p![0], p![1]);
};


describe('<tl-activation-atlas> in Chromium', () => {
  it('loads a manifest and its PNG pages from src, draws each cell\'s icon and fires tl-render', async () => {
    const el = make({ src: fixture('atlas.json'), level: '0', minimap: 'false' });
    const renders = events(el, 'tl-render');
    const errors = events(el, 'tl-error');
    document.body.append(el);
    await el.whenRendered();
    expect(renders.length).toBeGreaterThanOrEqual(1);
    const h = el.activationAtlas!;
    expect(h.level).toBe(0);
    expect(el.data!.atlas.classNames).toEqual(['red', 'green', 'blue']);
    // The pages are URLs resolved against the manifest; once loaded, each cell shows its top example's colour.
    const url = el.data!.sprites!.pages[0];
    expect(url.kind === 'url' && url.url).toBe(fixture('atlas-0.png'));
    await until(() => [0, 1, 2, 3].every((c) => near(cellPixel(h, 0, c), [...COLOURS[c], 255])), 'the four icons');
    expect(errors).toHaveLength(0);

    // A level attribute change goes to the live renderer: level 1's cells show their own top examples.
    el.setAttribute('level', '1');
    await until(() => h.level === 1 && near(cellPixel(h, 1, 5), [...COLOURS[8], 255]) && near(cellPixel(h, 1, 3), [...COLOURS[11], 255]), 'level 1');
  });

  it('a manifest of another version shows a role=alert message naming the field and fires tl-error', async () => {
    const el = make({ src: fixture('atlas-v2.json') });
    const errors = events<{ error: unknown; message: string }>(el, 'tl-error');
    document.body.append(el);
    const e = await el.whenRendered().then(
      () => null,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(TensorLensError);
    expect((e as TensorLensError).argument).toBe('manifest.version');
    const alert = el.querySelector('[role="alert"]')!;
    expect(alert.textContent).toMatch(/^manifest\.version: expected 1/);
    expect(errors).toHaveLength(1);
    expect(errors[0].detail.error).toBe(e);
    expect(el.activationAtlas).toBeNull();
  });

  it('a manifest that is not there, and a class name the atlas does not have, are shown as errors too', async () => {
    const absent = make({ src: fixture('no-such-atlas.json') });
    document.body.append(absent);
    await expect(absent.whenRendered()).rejects.toThrow(/HTTP 404/);
    expect(absent.querySelector('[role="alert"]')!.textContent).toMatch(/no-such-atlas\.json: HTTP 404/);

    const el = make({ src: fixture('atlas.json'), 'highlight-class': 'zebra' });
    const errors = events(el, 'tl-error');
    document.body.append(el);
    await expect(el.whenRendered()).rejects.toMatchObject({ code: 'unknown-class', argument: 'attribute highlight-class' });
    expect(el.querySelector('[role="alert"]')!.textContent).toMatch(/"red", "green", "blue"/);
    expect(errors).toHaveLength(1);
  });

  it('a sprite page that fails to load gives a note, tl-error with the page, and placeholders; other pages still draw', async () => {
    const el = make({ src: fixture('atlas-missing-page.json'), level: '1', minimap: 'false' });
    const errors = events<{ page?: number; message: string }>(el, 'tl-error');
    document.body.append(el);
    await el.whenRendered();
    const h = el.activationAtlas!;
    await until(() => errors.length > 0, 'tl-error for the page');
    expect(errors[0].detail.page).toBe(1);
    const note = h.element.querySelector('.tl-aa-note')!;
    await until(() => /could not be loaded/.test(note.textContent ?? ''), 'the note');
    expect((note as HTMLElement).hidden).toBe(false);
    // Cells 4 and 5 of level 1 are on page 2: drawn. Cells 0..3 are on the absent page 1: a placeholder that is
    // neither their icon colour nor the empty background (grid cell 1 of row 0 holds no cell).
    await until(() => near(cellPixel(h, 1, 4), [...COLOURS[6], 255]) && near(cellPixel(h, 1, 5), [...COLOURS[8], 255]), 'the icons of page 2');
    const a = h.cellPosition(1, 0)!;
    const b = h.cellPosition(1, 1)!; // grid index 3: same row, three columns right
    const empty = pixel(h, a[0] + (b[0] - a[0]) / 3, a[1]);
    const placeholder = cellPixel(h, 1, 0);
    expect(near(placeholder, [...COLOURS[4], 255], 30)).toBe(false);
    expect(placeholder.join()).not.toBe(empty.join());
  });

  it('draws in-memory {atlas, sprites} from the data property; highlight-class by name with class-mode filter hides the other cells', async () => {
    const loaded = parseAtlas(await (await fetch(fixture('atlas.json'))).text());
    const images = COLOURS.map((c) => ({ width: 4, height: 4, data: new Uint8ClampedArray(64).map((_, i) => (i % 4 === 3 ? 255 : c[i % 4])) }));
    const sprites = await packAtlasIcons(loaded.atlas, { images, iconSize: 8 });
    expect(sprites.pages[0].kind).toBe('pixels');
    const el = make({ level: '0', minimap: 'false', 'class-mode': 'filter' });
    el.data = { atlas: loaded.atlas, sprites };
    const renders = events(el, 'tl-render');
    document.body.append(el);
    await el.whenRendered();
    const h = el.activationAtlas!;
    await until(() => [0, 1, 2, 3].every((c) => near(cellPixel(h, 0, c), [...COLOURS[c], 255])), 'icons from pixels');
    // "blue" is class 2: cells 2 ([blue]) and 3 ([green, blue]) hold it; cells 0 and 1 do not.
    el.setAttribute('highlight-class', 'blue');
    await el.whenRendered();
    await until(() => !near(cellPixel(h, 0, 0), [...COLOURS[0], 255], 30), 'cell 0 hidden');
    expect(cellPixel(h, 0, 0).join()).toBe(cellPixel(h, 0, 1).join());
    expect(near(cellPixel(h, 0, 1), [...COLOURS[1], 255], 30)).toBe(false);
    expect(near(cellPixel(h, 0, 2), cellPixel(h, 0, 0), 30)).toBe(false);
    expect(renders.length).toBeGreaterThanOrEqual(2);
    // Removing the attribute redraws without a class: every icon is back.
    el.removeAttribute('highlight-class');
    await el.whenRendered();
    await until(() => near(cellPixel(el.activationAtlas!, 0, 0), [...COLOURS[0], 255]), 'cell 0 back');
  });

  it('forwards a click as tl-select with the cell\'s members, writes a shared selection, and cleans up on disconnect', async () => {
    const el = make({ src: fixture('atlas.json'), level: '0', minimap: 'false' });
    const selection = createSelection();
    el.selection = selection;
    const selects = events<{ indices: Uint32Array; cell: number; level: number }>(el, 'tl-select');
    document.body.append(el);
    await el.whenRendered();
    const h = el.activationAtlas!;
    const canvas = h.element.querySelector('canvas')!;
    const [x, y] = h.cellPosition(0, 1)!;
    const r = canvas.getBoundingClientRect();
    const hr = h.element.getBoundingClientRect();
    for (const type of ['pointerdown', 'pointerup']) {
      canvas.dispatchEvent(new PointerEvent(type, { clientX: hr.left + x, clientY: hr.top + y, pointerId: 1, bubbles: true, button: 0, isPrimary: true }));
    }
    expect(r.width).toBeGreaterThan(0);
    expect(selects).toHaveLength(1);
    expect(selects[0].detail).toMatchObject({ level: 0, cell: 1 });
    // Cell 1 of level 0 holds examples 1, 5 and 9 (the manifest's members).
    expect(Array.from(selects[0].detail.indices)).toEqual([1, 5, 9]);
    expect(Array.from(selection.toArray())).toEqual([1, 5, 9]);

    el.remove();
    expect(el.activationAtlas).toBeNull();
    expect(el.querySelector('canvas')).toBeNull();
  });
});
