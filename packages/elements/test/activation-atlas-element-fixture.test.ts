// The atlas files the <tl-activation-atlas> browser tests load (test/fixtures/atlas/) are written by
// serializeAtlas from the small atlas below. This test checks the committed files are exactly what the current
// writer produces (manifest text, page pixels); run it with UPDATE_ATLAS_FIXTURE=1 to rewrite them.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodePNG, packAtlasIcons, serializeAtlas, type ActivationAtlas, type AtlasLevel } from '@tensorlens/explain';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'atlas') + '/';

/** Example i's flat colour (the icons' colours the browser test looks for). */
export const FIXTURE_COLOURS: [number, number, number][] = [
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

function level(grid: number, cells: { index: number; examples: number[]; classes: number[]; scores: number[] }[]): AtlasLevel {
  const E = 3, K = 2;
  const m = cells.length;
  const examples = new Int32Array(m * E).fill(-1);
  const topClasses = new Int32Array(m * K).fill(-1);
  const topScores = new Float32Array(m * K).fill(NaN);
  const offsets = new Uint32Array(m + 1);
  const members: number[] = [];
  cells.forEach((c, k) => {
    examples.set(c.examples, k * E);
    topClasses.set(c.classes, k * K);
    topScores.set(c.scores, k * K);
    members.push(...[...c.examples].sort((a, b) => a - b));
    offsets[k + 1] = members.length;
  });
  return {
    grid,
    cellCount: m,
    cells: Uint32Array.from(cells.map((c) => c.index)),
    counts: Uint32Array.from(cells.map((c) => c.examples.length)),
    means: null,
    topClasses,
    topScores,
    examples,
    offsets,
    members: Uint32Array.from(members),
    dropped: 0,
  };
}

/** 12 examples, classes red/green/blue, a 2 × 2 level (4 cells) and a 4 × 4 level (6 cells). */
export function fixtureAtlas(): ActivationAtlas {
  return {
    n: 12,
    d: 4,
    bounds: [0, 0, 1, 1],
    layout: new Float32Array(0),
    classNames: ['red', 'green', 'blue'],
    numClasses: 3,
    scoreKind: 'labels',
    topK: 2,
    examplesPerCell: 3,
    levels: [
      level(2, [
        { index: 0, examples: [0, 4], classes: [0], scores: [1] },
        { index: 1, examples: [1, 5, 9], classes: [1, 0], scores: [0.67, 0.33] },
        { index: 2, examples: [2, 6], classes: [2], scores: [1] },
        { index: 3, examples: [3, 7, 8], classes: [1, 2], scores: [0.67, 0.33] },
      ]),
      level(4, [
        { index: 0, examples: [4], classes: [0], scores: [1] },
        { index: 3, examples: [9, 10], classes: [1], scores: [1] },
        { index: 5, examples: [5], classes: [1], scores: [1] },
        { index: 10, examples: [11], classes: [2], scores: [1] },
        { index: 12, examples: [6, 2], classes: [2], scores: [1] },
        { index: 15, examples: [8, 7], classes: [1, 2], scores: [0.5, 0.5] },
      ]),
    ],
  };
}

function images(): { data: Uint8Array; shape: number[] } {
  const data = new Uint8Array(12 * 8 * 8 * 3);
  FIXTURE_COLOURS.forEach((c, i) => {
    for (let p = 0; p < 64; p++) data.set(c, (i * 64 + p) * 3);
  });
  return { data, shape: [12, 8, 8, 3] };
}

/** Every fixture file: the atlas, a copy whose page 1 is absent, and one of an unsupported version. */
async function fixtureFiles(): Promise<Map<string, string | Uint8Array>> {
  const atlas = fixtureAtlas();
  // 16 px icons on 32 px pages: 4 icons a page → 3 pages for the 10 distinct top examples, thumbnails after.
  const sprites = await packAtlasIcons(atlas, { images: images(), iconSize: 16, pageSize: 32, thumbnails: 2, thumbSize: 8 });
  const { manifest, files } = await serializeAtlas(atlas, sprites, { name: 'atlas' });
  const out = new Map<string, string | Uint8Array>(files.map((f) => [f.path, f.data]));
  const pages = (manifest.sprites as { pages: { path: string }[] }).pages;
  const missing = JSON.parse(JSON.stringify(manifest)) as typeof manifest;
  (missing.sprites as { pages: { path: string }[] }).pages[1].path = 'absent-1.png';
  out.set('atlas-missing-page.json', JSON.stringify(missing));
  out.set('atlas-v2.json', JSON.stringify({ ...manifest, version: 2 }));
  expect(pages.length).toBeGreaterThan(1);
  return out;
}

describe('the <tl-activation-atlas> fixture files', () => {
  it('are what serializeAtlas writes for the fixture atlas (UPDATE_ATLAS_FIXTURE=1 rewrites them)', async () => {
    const files = await fixtureFiles();
    if (process.env.UPDATE_ATLAS_FIXTURE) {
      mkdirSync(dir, { recursive: true });
      for (const [path, data] of files) writeFileSync(dir + path, data);
    }
    for (const [path, data] of files) {
      expect(existsSync(dir + path), `${path} exists`).toBe(true);
      if (typeof data === 'string') expect(readFileSync(dir + path, 'utf8')).toBe(data);
      else {
        const committed = await decodePNG(new Uint8Array(readFileSync(dir + path)));
        const fresh = await decodePNG(data);
        expect([committed.width, committed.height]).toEqual([fresh.width, fresh.height]);
        expect(Buffer.from(committed.data).equals(Buffer.from(fresh.data))).toBe(true);
      }
    }
  });
});
