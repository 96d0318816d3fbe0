import { describe, expect, it } from 'vitest';
import { crc32 as zlibCrc32, inflateSync } from 'node:zlib';
import { TensorLensError } from '@tensorlens/core';
import { crc32, decodePNG, encodePNG, readPNGChunks } from '../src/atlas/png';
import { packAtlasIcons } from '../src/atlas/icons';
import { parseAtlas, serializeAtlas } from '../src/atlas/format';
import type { ActivationAtlas, AtlasSprites, RGBAImage } from '../src/atlas/types';
import { flatImages, handAtlas } from './atlas-fixtures';

const rejection = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e as TensorLensError;
  }
  return null;
};

function noise(width: number, height: number, grey = false, opaque = false): RGBAImage {
  const data = new Uint8ClampedArray(width * height * 4);
  let s = 12345;
  const next = () => ((s = (s * 1103515245 + 12345) >>> 0) >>> 16) & 255;
  for (let i = 0; i < data.length; i += 4) {
    const v = next();
    data[i] = v;
    data[i + 1] = grey ? v : next();
    data[i + 2] = grey ? v : (x(i) * 7) & 255;
    data[i + 3] = opaque ? 255 : next();
  }
  return { width, height, data };
  function x(i: number) {
    return (i / 4) % width;
  }
}

describe('encodePNG writes a valid PNG', () => {
  it('CRC-32 matches the standard check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('has the signature, an IHDR with the size and colour type, CRCs that zlib agrees with, and a zlib IDAT stream', async () => {
    for (const [img, type] of [
      [noise(13, 7), 6],
      [noise(13, 7, false, true), 2],
      [noise(5, 9, true), 4],
      [noise(5, 9, true, true), 0],
    ] as const) {
      const png = await encodePNG(img);
      expect(Array.from(png.subarray(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
      const chunks = readPNGChunks(png);
      expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
      for (const c of chunks) {
        const typed = new Uint8Array(4 + c.data.length);
        typed.set(new TextEncoder().encode(c.type));
        typed.set(c.data, 4);
        expect(c.crc).toBe(zlibCrc32(typed));
      }
      const ihdr = new DataView(chunks[0].data.buffer, chunks[0].data.byteOffset, 13);
      expect([ihdr.getUint32(0), ihdr.getUint32(4), chunks[0].data[8], chunks[0].data[9], chunks[0].data[12]]).toEqual([img.width, img.height, 8, type, 0]);
      // Node's zlib inflates the image data to height × (1 filter byte + width × channels) bytes.
      const ch = { 0: 1, 2: 3, 4: 2, 6: 4 }[type];
      const raw = inflateSync(chunks[1].data);
      expect(raw.length).toBe(img.height * (1 + img.width * ch));
      // ...and decodes back to the same pixels.
      const back = await decodePNG(png);
      expect([back.width, back.height]).toEqual([img.width, img.height]);
      expect(Array.from(back.data)).toEqual(Array.from(img.data));
    }
  });

  it('rejects a bad image, and the decoder rejects a non-PNG and a corrupted CRC', async () => {
    await expect(encodePNG({ width: 2, height: 2, data: new Uint8ClampedArray(3) })).rejects.toMatchObject({ code: 'length', argument: 'image.data' });
    await expect(decodePNG(new Uint8Array([1, 2, 3]))).rejects.toMatchObject({ code: 'parse' });
    const png = await encodePNG(noise(4, 4));
    png[20] ^= 1; // inside IHDR's body
    await expect(decodePNG(png)).rejects.toThrow(/bad CRC in IHDR/);
  });
});

function packed(): Promise<{ atlas: ActivationAtlas; sprites: AtlasSprites }> {
  const n = 50;
  const atlas = handAtlas(
    n,
    [
      { grid: 2, cells: [{ index: 0, examples: [0, 1, 2, 3, 4], members: [0, 1, 2, 3, 4, 5, 6, 7], classes: [1, 0], scores: [0.75, 0.25] }, { index: 3, examples: [8, 9], members: [8, 9, 10], classes: [2], scores: [1] }] },
      { grid: 4, cells: [] , dropped: 2 },
      { grid: 8, cells: Array.from({ length: 20 }, (_, k) => ({ index: k * 3, examples: [k, k + 20], classes: [k % 3, (k + 1) % 3], scores: [0.5 + k / 100, 0.1] })) },
    ],
    { examplesPerCell: 4, topK: 2 },
  );
  // Bounds are float64 and must come back bit-exact (the second is a float32 value, not the decimal 0.3).
  atlas.bounds = [-0.1, 0.30000001192092896, 1.9, 2.3];
  return packAtlasIcons(atlas, { images: flatImages(n, 6, 6), iconSize: 8, pageSize: 32, thumbnails: 2, thumbSize: 4 }).then((sprites) => ({ atlas, sprites }));
}

describe('serializeAtlas and parseAtlas round-trip', () => {
  it('gives back every stored field, page URLs resolved against the manifest, and PNG pages with the same pixels', async () => {
    const { atlas, sprites } = await packed();
    expect(sprites.pages.length).toBeGreaterThan(1);
    const { manifest, files } = await serializeAtlas(atlas, sprites, { name: 'mnist', includeLayout: true });
    expect(files.map((f) => f.path)).toEqual(['mnist.json', ...sprites.pages.map((_, i) => `mnist-${i}.png`)]);
    expect(files[0].type).toBe('application/json');
    expect(JSON.parse(files[0].data as string)).toEqual(manifest);
    const back = parseAtlas(files[0].data as string, 'http://localhost/atlases/mnist.json');
    const a = back.atlas;
    for (const key of ['n', 'd', 'bounds', 'classNames', 'numClasses', 'scoreKind', 'topK', 'examplesPerCell'] as const) expect(a[key]).toEqual(atlas[key]);
    expect(Array.from(a.layout)).toEqual(Array.from(atlas.layout));
    expect(a.levels.length).toBe(3);
    a.levels.forEach((L, l) => {
      const M = atlas.levels[l];
      for (const key of ['grid', 'cellCount', 'cells', 'counts', 'topClasses', 'examples', 'offsets', 'members', 'dropped'] as const) expect(L[key], `${key} of level ${l}`).toEqual(M[key]);
      // NaN pads survive as NaN (JSON null); float32 scores come back bit-exact.
      expect(Array.from(L.topScores)).toEqual(Array.from(M.topScores));
      expect(L.means).toBeNull();
    });
    expect(Number.isNaN(a.levels[0].topScores[3])).toBe(true);
    const s = back.sprites;
    for (const key of ['iconSize', 'pageSize', 'thumbSize', 'icons', 'thumbIds', 'thumbSlots', 'missing'] as const) expect(s[key]).toEqual(sprites[key]);
    expect(s.pages.map((p) => p.kind === 'url' && p.url)).toEqual(sprites.pages.map((_, i) => `http://localhost/atlases/mnist-${i}.png`));
    for (let i = 0; i < sprites.pages.length; i++) {
      const img = await decodePNG(files[i + 1].data as Uint8Array);
      const orig = sprites.pages[i] as RGBAImage;
      expect([img.width, img.height]).toEqual([s.pages[i].width, s.pages[i].height]);
      expect(Array.from(img.data)).toEqual(Array.from(orig.data));
    }
  });

  it('leaves members out when asked (offsets all 0, members empty) and the layout out by default', async () => {
    const { atlas, sprites } = await packed();
    const { files, manifest } = await serializeAtlas(atlas, sprites, { includeMembers: false });
    expect(files[0].path).toBe('atlas.json');
    expect('layout' in manifest).toBe(false);
    expect('members' in (manifest.levels as object[])[0]).toBe(false);
    const { atlas: a } = parseAtlas(files[0].data as string);
    expect(a.layout.length).toBe(0);
    expect(Array.from(a.levels[0].offsets)).toEqual([0, 0, 0]);
    expect(a.levels[0].members.length).toBe(0);
    expect(Array.from(a.levels[0].counts)).toEqual([8, 3]);
  });

  it('rejects a name with a slash', async () => {
    const { atlas, sprites } = await packed();
    await expect(serializeAtlas(atlas, sprites, { name: '../x' })).rejects.toMatchObject({ code: 'option', argument: 'options.name' });
  });
});

/** A minimal manifest as another pipeline would write it: required fields only. */
const minimal = () => ({
  format: 'tensorlens-activation-atlas',
  version: 1,
  n: 6,
  bounds: [-1, -1, 1, 1],
  levels: [
    { grid: 2, cells: [0, 3], counts: [4, 2], icons: [0, 0, 0, 0, 16, 0] },
    { grid: 4, cells: [], counts: [], icons: [] },
  ],
  sprites: { iconSize: 16, pages: [{ path: 'sprites/page0.png', width: 32, height: 16 }] },
});

describe('parseAtlas reads a hand-written manifest', () => {
  it('fills the optional fields with their defaults', () => {
    const { atlas, sprites } = parseAtlas(minimal(), 'http://localhost/a/atlas.json');
    expect(atlas.n).toBe(6);
    expect(atlas.d).toBe(0);
    expect(atlas.classNames).toBeNull();
    expect([atlas.numClasses, atlas.topK, atlas.examplesPerCell, atlas.scoreKind]).toEqual([0, 0, 0, 'none']);
    expect(atlas.levels[0].cellCount).toBe(2);
    expect(Array.from(atlas.levels[0].counts)).toEqual([4, 2]);
    expect(atlas.levels[1].cellCount).toBe(0);
    expect(atlas.layout.length).toBe(0);
    expect(sprites.pageSize).toBe(32);
    expect(sprites.thumbSize).toBe(16);
    expect(sprites.pages[0]).toEqual({ kind: 'url', url: 'http://localhost/a/sprites/page0.png', width: 32, height: 16 });
    expect(Array.from(sprites.icons[0])).toEqual([0, 0, 0, 0, 16, 0]);
    // Without a base URL the path stays relative (the renderer resolves it against the page).
    expect(parseAtlas(JSON.stringify(minimal())).sprites.pages[0]).toMatchObject({ url: 'sprites/page0.png' });
  });

  it('reads classes, scores with null for NaN, examples, members and thumbnails', () => {
    const m = {
      ...minimal(),
      classNames: ['a', 'b', 'c'],
      scoreKind: 'attribution',
      topK: 2,
      examplesPerCell: 2,
    } as Record<string, unknown>;
    m.levels = [
      { grid: 2, cells: [0, 3], counts: [3, 1], topClasses: [2, 0, 1, -1], topScores: [1.5, -0.25, 3, null], examples: [4, 0, 5, -1], offsets: [0, 3, 4], members: [0, 1, 4, 5], icons: [0, 0, 0, -1, 0, 0] },
    ];
    (m.sprites as Record<string, unknown>).thumbIds = [0, 4];
    (m.sprites as Record<string, unknown>).thumbSlots = [0, 16, 0, 0, 0, 0];
    const { atlas, sprites } = parseAtlas(m);
    expect(atlas.numClasses).toBe(3);
    expect(Array.from(atlas.levels[0].topScores)).toEqual([1.5, -0.25, 3, NaN]);
    expect(Array.from(atlas.levels[0].members)).toEqual([0, 1, 4, 5]);
    expect(Array.from(sprites.thumbIds)).toEqual([0, 4]);
  });
});

/** Sets (or, with undefined, deletes) fields of a manifest by dotted path, e.g. 'levels.0.counts'. */
function edit(m: unknown, changes: Record<string, unknown>): unknown {
  for (const [path, value] of Object.entries(changes)) {
    const keys = path.split('.');
    const last = keys.pop()!;
    const obj = keys.reduce((o, k) => (o as Record<string, unknown>)[k], m) as Record<string, unknown>;
    if (value === undefined) delete obj[last];
    else obj[last] = value;
  }
  return m;
}

describe('parseAtlas rejects a bad manifest, naming the field', () => {
  const layout = Array(12).fill(0);
  layout[5] = Infinity;
  const cases: [string, Record<string, unknown> | string, string, string][] = [
    ['not JSON', '{"format": ', 'parse', 'manifest'],
    ['another format', { format: 'tfjs-model' }, 'type', 'manifest.format'],
    ['a newer version', { version: 2 }, 'range', 'manifest.version'],
    ['no n', { n: undefined }, 'type', 'manifest.n'],
    ['bounds with x1 < x0', { bounds: [1, 0, 0, 1] }, 'range', 'manifest.bounds'],
    ['no levels', { levels: [] }, 'empty', 'manifest.levels'],
    ['counts summing past n', { 'levels.0.counts': [4, 3] }, 'range', 'manifest.levels[0].counts'],
    ['counts shorter than cells', { 'levels.0.counts': [4] }, 'length', 'manifest.levels[0].counts'],
    ['a cell outside the grid', { 'levels.0.cells': [0, 4] }, 'range', 'manifest.levels[0].cells[1]'],
    ['cells out of order', { 'levels.0.cells': [3, 0] }, 'range', 'manifest.levels[0].cells[1]'],
    ['cellCount disagreeing with cells', { 'levels.0.cellCount': 3 }, 'length', 'manifest.levels[0].cells'],
    ['topClasses not cellCount × topK', { topK: 2, scoreKind: 'labels', 'levels.0.topClasses': [0, 1, 2], 'levels.0.topScores': [1, 1, 1, 1] }, 'length', 'manifest.levels[0].topClasses'],
    ['topClasses with topK 0', { 'levels.0.topClasses': [0, 1] }, 'length', 'manifest.levels[0].topClasses'],
    [
      'a class id past classNames',
      { topK: 1, scoreKind: 'labels', classNames: ['a'], 'levels.0.topClasses': [0, 1], 'levels.0.topScores': [1, 1], 'levels.1.topClasses': [], 'levels.1.topScores': [] },
      'range',
      'manifest.levels[…].topClasses',
    ],
    ['an unknown scoreKind', { topK: 1, scoreKind: 'logits' }, 'option', 'manifest.scoreKind'],
    ['an example id ≥ n', { examplesPerCell: 1, 'levels.0.examples': [0, 6], 'levels.1.examples': [] }, 'range', 'manifest.levels[0].examples[1]'],
    ['a string in an integer column', { 'levels.0.counts': [4, '2'] }, 'type', 'manifest.levels[0].counts[1]'],
    ['icons not cellCount × 3', { 'levels.0.icons': [0, 0, 0] }, 'length', 'manifest.levels[0].icons'],
    ['an icon page out of range', { 'levels.0.icons': [0, 0, 0, 1, 0, 0] }, 'range', 'manifest.levels[0].icons[3]'],
    ['an icon slot crossing its page edge', { 'levels.0.icons': [0, 0, 0, 0, 20, 0] }, 'range', 'manifest.levels[0].icons[4..5]'],
    ['members not matching counts', { 'levels.0.offsets': [0, 3, 5], 'levels.0.members': [0, 1, 2, 3, 4] }, 'length', 'manifest.levels[0].members'],
    ['offsets of the wrong length', { 'levels.0.offsets': [0, 6], 'levels.0.members': [0, 1, 2, 3, 4, 5] }, 'length', 'manifest.levels[0].offsets'],
    ['a page without a size', { 'sprites.pages.0.width': undefined }, 'type', 'manifest.sprites.pages[0].width'],
    ['a javascript: page path', { 'sprites.pages.0.path': 'javascript:alert(1)' }, 'option', 'manifest.sprites.pages[0].path'],
    ['thumbnail ids out of order', { 'sprites.thumbIds': [2, 1], 'sprites.thumbSlots': [0, 0, 0, 0, 0, 0] }, 'range', 'manifest.sprites.thumbIds[1]'],
    ['thumbnail slots missing', { 'sprites.thumbIds': [1] }, 'type', 'manifest.sprites.thumbSlots'],
    ['a thumbnail at page -1', { 'sprites.thumbIds': [1], 'sprites.thumbSlots': [-1, 0, 0] }, 'range', 'manifest.sprites.thumbSlots[0]'],
    ['a layout of the wrong length', { layout: [0, 0, 1] }, 'length', 'manifest.layout'],
    ['a non-finite layout value', { layout }, 'nan', 'manifest.layout[5]'],
    ['no sprites', { sprites: undefined }, 'type', 'manifest.sprites'],
  ];
  for (const [what, change, code, argument] of cases) {
    it(`${what} → ${code} at ${argument}`, () => {
      const e = rejection(() => parseAtlas(typeof change === 'string' ? change : edit(minimal(), change)));
      expect(e).toBeInstanceOf(TensorLensError);
      expect([e!.code, e!.argument]).toEqual([code, argument]);
      expect(e!.message.startsWith(argument + ': expected')).toBe(true);
    });
  }
});
