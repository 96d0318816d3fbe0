// @vitest-environment node
// buildActivationAtlas on the calling thread (worker: false), in plain Node as a data script runs it. Every
// figure is checked against a brute-force reference written here: grouping by cell with a Map, sorting
// examples and classes with Array.prototype.sort.
import { describe, expect, it } from 'vitest';
import { TensorLensError } from '@tensorlens/core';
import { atlasBounds, atlasCellOf, buildActivationAtlas, umap, type ActivationAtlas, type BuildAtlasOptions, type BuildAtlasProgress } from '@tensorlens/explain';
import { clusters, normal, rng } from '../../../test/support';

interface Data {
  n: number;
  d: number;
  c: number;
  x: Float32Array;
  layout: Float32Array;
  labels: Int32Array;
  attr: Float32Array;
  w: Float32Array;
  b: Float32Array;
}

function data(n: number, d: number, c: number, seed: number): Data {
  const r = rng(seed);
  const x = Float32Array.from({ length: n * d }, () => normal(r));
  // a layout wider than tall, with a few points stacked on one spot
  const layout = Float32Array.from({ length: n * 2 }, (_, i) => (i % 2 ? 2 + 3 * r() : -5 + 10 * r() ** 2));
  for (let i = 0; i < 6; i++) layout.set([1.25, 3.5], 2 * i);
  const labels = Int32Array.from({ length: n }, () => Math.floor(r() * c));
  const attr = Float32Array.from({ length: n * c }, () => normal(r));
  const w = Float32Array.from({ length: d * c }, () => normal(r));
  const b = Float32Array.from({ length: c }, () => normal(r));
  return { n, d, c, x, layout, labels, attr, w, b };
}

/** Brute force: the members of each kept cell of a level, by a Map from grid index to example list. */
function refCells(layout: Float32Array, n: number, bounds: number[], g: number, minCount: number) {
  const [x0, y0, x1, y1] = bounds;
  const byCell = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const col = Math.min(g - 1, Math.max(0, Math.floor(((layout[2 * i] - x0) / (x1 - x0)) * g)));
    const row = Math.min(g - 1, Math.max(0, Math.floor(((layout[2 * i + 1] - y0) / (y1 - y0)) * g)));
    const k = row * g + col;
    if (!byCell.has(k)) byCell.set(k, []);
    byCell.get(k)!.push(i);
  }
  const kept = [...byCell.entries()].filter(([, m]) => m.length >= minCount).sort((a, b) => a[0] - b[0]);
  const dropped = [...byCell.values()].filter((m) => m.length < minCount).reduce((s, m) => s + m.length, 0);
  return { kept, dropped };
}

function refMean(x: Float32Array, d: number, members: number[]): number[] {
  const mean = new Array(d).fill(0);
  for (const i of members) for (let q = 0; q < d; q++) mean[q] += x[i * d + q];
  return mean.map((s) => s / members.length);
}

function refExamples(x: Float32Array, d: number, members: number[], mean: number[], e: number): number[] {
  const dist = (i: number) => {
    let s = 0;
    for (let q = 0; q < d; q++) s += (x[i * d + q] - mean[q]) ** 2;
    return s;
  };
  const sorted = members.map((i) => [dist(i), i]).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map((t) => t[1]);
  return [...sorted.slice(0, e), ...new Array(Math.max(0, e - sorted.length)).fill(-1)];
}

function refTop(scores: number[], k: number, onlyPositive: boolean): { classes: number[]; scores: number[] } {
  const order = scores
    .map((s, c) => [s, c])
    .filter(([s]) => !onlyPositive || s > 0)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1])
    .slice(0, k);
  const pad = k - order.length;
  return { classes: [...order.map((t) => t[1]), ...new Array(pad).fill(-1)], scores: [...order.map((t) => t[0]), ...new Array(pad).fill(NaN)] };
}

type Kind = 'attribution-matrix' | 'attribution-linear' | 'labels';

function refScores(dt: Data, kind: Kind, members: number[], mean: number[]): number[] {
  const { c, d } = dt;
  const s = new Array(c).fill(0);
  if (kind === 'attribution-matrix') {
    for (const i of members) for (let j = 0; j < c; j++) s[j] += dt.attr[i * c + j];
    return s.map((v) => v / members.length);
  }
  if (kind === 'attribution-linear') {
    for (let j = 0; j < c; j++) {
      s[j] = dt.b[j];
      for (let q = 0; q < d; q++) s[j] += mean[q] * dt.w[q * c + j];
    }
    return s;
  }
  for (const i of members) s[dt.labels[i]]++;
  return s.map((v) => v / members.length);
}

/** Checks every field of every level against the brute-force reference. */
function checkAgainstReference(atlas: ActivationAtlas, dt: Data, kind: Kind, levels: number[], minCount: number, topK: number, e: number): void {
  const { n, d } = dt;
  expect([atlas.n, atlas.d, atlas.topK, atlas.examplesPerCell]).toEqual([n, d, topK, e]);
  expect(Array.from(atlas.layout)).toEqual(Array.from(dt.layout));
  expect(atlas.levels.map((l) => l.grid)).toEqual(levels);
  levels.forEach((g, li) => {
    const L = atlas.levels[li];
    const { kept, dropped } = refCells(dt.layout, n, atlas.bounds, g, minCount);
    expect(L.cellCount).toBe(kept.length);
    expect(L.dropped).toBe(dropped);
    expect(Array.from(L.cells)).toEqual(kept.map(([k]) => k));
    expect(Array.from(L.counts)).toEqual(kept.map(([, m]) => m.length));
    expect(Array.from(L.members)).toEqual(kept.flatMap(([, m]) => m));
    expect(Array.from(L.offsets)).toEqual([0, ...kept.map(([, m]) => m.length).map((_, j) => kept.slice(0, j + 1).reduce((s, [, m]) => s + m.length, 0))]);
    kept.forEach(([, m], j) => {
      const mean = refMean(dt.x, d, m);
      for (let q = 0; q < d; q++) expect(L.means![j * d + q]).toBeCloseTo(mean[q], 5);
      expect(Array.from(L.examples.subarray(j * e, (j + 1) * e))).toEqual(refExamples(dt.x, d, m, mean, e));
      const top = refTop(refScores(dt, kind, m, mean), topK, kind === 'labels');
      expect(Array.from(L.topClasses.subarray(j * topK, (j + 1) * topK))).toEqual(top.classes);
      top.scores.forEach((s, t) => (Number.isNaN(s) ? expect(L.topScores[j * topK + t]).toBeNaN() : expect(L.topScores[j * topK + t]).toBeCloseTo(s, 4)));
    });
  });
}

async function rejection(p: Promise<unknown>): Promise<TensorLensError> {
  try {
    await p;
  } catch (e) {
    return e as TensorLensError;
  }
  throw new Error('expected a rejection');
}

describe('buildActivationAtlas (inline, Node)', () => {
  const dt = data(400, 7, 5, 11);
  const base = (extra: Partial<BuildAtlasOptions> = {}): BuildAtlasOptions => ({
    activations: { data: dt.x, shape: [dt.n, dt.d] },
    layout: { data: dt.layout, shape: [dt.n, 2] },
    levels: [1, 3, 8, 20],
    worker: false,
    ...extra,
  });

  it('matches a brute-force reference with attributions [N, C]: cells, counts, CSR, means, examples, top classes', async () => {
    const atlas = await buildActivationAtlas(base({ attributions: { data: dt.attr, shape: [dt.n, dt.c] }, labels: dt.labels, topK: 3, examplesPerCell: 4 }));
    expect(atlas.scoreKind).toBe('attribution'); // attributions win over labels
    expect(atlas.numClasses).toBe(dt.c);
    expect(atlas.classNames).toBeNull();
    checkAgainstReference(atlas, dt, 'attribution-matrix', [1, 3, 8, 20], 3, 3, 4);
    // the top level holds everyone; the finest one drops sparse cells
    expect(atlas.levels[0].counts[0]).toBe(dt.n);
    expect(atlas.levels[3].dropped).toBeGreaterThan(0);
  });

  it('matches the reference with a linear read-out (mean activation · W + b) and with labels only', async () => {
    const lin = await buildActivationAtlas(base({ attributions: { weights: { data: dt.w, shape: [dt.d, dt.c] }, bias: dt.b }, minCount: 2, topK: 8, examplesPerCell: 3 }));
    expect(lin.scoreKind).toBe('attribution');
    checkAgainstReference(lin, dt, 'attribution-linear', [1, 3, 8, 20], 2, 8, 3); // topK 8 > C = 5: -1 / NaN pads
    expect(lin.levels[1].topClasses[5]).toBe(-1);

    const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const lab = await buildActivationAtlas(base({ labels: Array.from(dt.labels), classNames: names, minCount: 5, examplesPerCell: 10 }));
    expect(lab.scoreKind).toBe('labels');
    expect(lab.numClasses).toBe(7); // the class list may be longer than the labels used
    expect(lab.classNames).toEqual(names);
    checkAgainstReference(lab, { ...dt, c: 7 }, 'labels', [1, 3, 8, 20], 5, 5, 10);
    // fractions of a cell sum to 1 over its listed classes
    const L = lab.levels[2];
    for (let j = 0; j < L.cellCount; j++) {
      let s = 0;
      for (let t = 0; t < 5; t++) s += L.topClasses[j * 5 + t] >= 0 ? L.topScores[j * 5 + t] : 0;
      if (L.topClasses[j * 5 + 4] === -1) expect(s).toBeCloseTo(1, 6);
    }
  });

  it('without classes: scoreKind none, topClasses all -1; keepMeans false leaves means null but the same examples', async () => {
    const a = await buildActivationAtlas(base({ keepMeans: false, classNames: ['x'] }));
    const b = await buildActivationAtlas(base());
    expect([a.scoreKind, a.numClasses]).toEqual(['none', 0]);
    for (const l of a.levels) {
      expect(l.means).toBeNull();
      expect(l.topClasses.every((c) => c === -1)).toBe(true);
      expect(l.topScores.every(Number.isNaN)).toBe(true);
    }
    expect(a.levels.map((l) => Array.from(l.examples))).toEqual(b.levels.map((l) => Array.from(l.examples)));
    expect(b.levels[2].means!.length).toBe(b.levels[2].cellCount * dt.d);
  });

  it('keeps a level where every cell is dropped, empty, with every example counted as dropped', async () => {
    const atlas = await buildActivationAtlas(base({ levels: [2, 200], minCount: 60 }));
    const [coarse, fine] = atlas.levels;
    expect(coarse.cellCount).toBeGreaterThan(0);
    expect(fine).toMatchObject({ grid: 200, cellCount: 0, dropped: dt.n });
    expect([fine.cells.length, fine.counts.length, fine.members.length, fine.examples.length, fine.means!.length]).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(fine.offsets)).toEqual([0]);
  });

  it('reads a tensor without disposing it and gives the same atlas as the typed array', async () => {
    let disposed = 0;
    const tensor = { shape: [dt.n, dt.d], dtype: 'float32', data: async () => dt.x, dispose: () => disposed++ };
    const a = await buildActivationAtlas({ ...base(), activations: tensor });
    const b = await buildActivationAtlas(base());
    expect(disposed).toBe(0);
    expect(a.levels.map((l) => Array.from(l.examples))).toEqual(b.levels.map((l) => Array.from(l.examples)));
    expect(Array.from(a.levels[3].means!)).toEqual(Array.from(b.levels[3].means!));
  });
});

describe('atlas bounds and cells', () => {
  it('is a square box centred on the layout with the larger extent; max points land in the last cell', async () => {
    // x spans [-4, 6], y spans [1, 3]: the box is 10 wide, centred on (1, 2)
    const layout = [[-4, 1], [6, 3], [6, 1], [-4, 3], [1, 2], [0.999, 2]];
    const b = atlasBounds(layout.flat(), layout.length);
    expect((b[0] + b[2]) / 2).toBeCloseTo(1, 12);
    expect((b[1] + b[3]) / 2).toBeCloseTo(2, 12);
    expect(b[2] - b[0]).toBeCloseTo(b[3] - b[1], 12);
    expect(b[2] - b[0]).toBeGreaterThan(10);
    expect(b[2] - b[0]).toBeLessThan(10 * (1 + 1e-5));
    for (const g of [1, 2, 10, 1024]) {
      expect(atlasCellOf(6, 2, b, g)).toBe(Math.floor(g / 2) * g + g - 1); // exactly at max x: last column
      expect(atlasCellOf(-4, 2, b, g)).toBe(Math.floor(g / 2) * g); // at min x: column 0
    }
    // outside the box: clamped to the edge cells
    expect(atlasCellOf(-100, -100, b, 10)).toBe(0);
    expect(atlasCellOf(100, 100, b, 10)).toBe(99);
    // x = 1 is the centre: cell 5 of 10, x just below it: cell 4
    expect(atlasCellOf(1, 2, b, 10) % 10).toBe(5);
    expect(atlasCellOf(0.999, 2, b, 10) % 10).toBe(4);

    const atlas = await buildActivationAtlas({ activations: layout, layout, levels: [10, 1024], minCount: 1, worker: false });
    expect(atlas.bounds).toEqual(b);
    const [ten, max] = atlas.levels;
    expect(Array.from(ten.cells)).toEqual([...new Set(layout.map(([x, y]) => atlasCellOf(x, y, b, 10)))].sort((p, q) => p - q));
    // (6, 3) is at the largest x: last column (1023), row floor(6 / 10 * 1024) = 614, never outside the grid
    expect(max.cells[max.cellCount - 1]).toBe(614 * 1024 + 1023);
    expect(Array.from(max.members.subarray(max.offsets[max.cellCount - 1], max.offsets[max.cellCount]))).toEqual([1]);
    // a square layout: the point at the maximum of both axes is in the top-right cell
    const sq = await buildActivationAtlas({ activations: [[0], [1], [2]], layout: [[0, 0], [0.3, 0.7], [1, 1]], levels: [1, 7, 1024], minCount: 1, worker: false });
    expect(sq.levels.map((l) => l.cells[l.cellCount - 1])).toEqual([0, 48, 1024 * 1024 - 1]);
    expect(sq.levels.map((l) => l.members[l.members.length - 1])).toEqual([2, 2, 2]);
    expect(Array.from(sq.levels[1].cells)).toEqual([0, 4 * 7 + 2, 48]);
  });

  it('gives a coincident layout a unit box around the point', async () => {
    const atlas = await buildActivationAtlas({ activations: [[1, 0], [0, 1], [1, 1]], layout: [[2, 5], [2, 5], [2, 5]], levels: [4], worker: false });
    expect(atlas.bounds).toEqual([1.5, 4.5, 2.5, 5.5]);
    expect(Array.from(atlas.levels[0].cells)).toEqual([2 * 4 + 2]);
    expect(Array.from(atlas.levels[0].examples.subarray(0, 4))).toEqual([2, 0, 1, -1]); // (1, 1) is nearest the mean (2/3, 2/3); the other two tie: by index
  });
});

describe('buildActivationAtlas with a UMAP layout', () => {
  it('uses umap() with the cosine metric and layoutOptions by default, reports the layout phase, and groups clusters', async () => {
    const { data: x, labels, n } = clusters(3, 40, 8, 8, 4);
    const progress: BuildAtlasProgress[] = [];
    const atlas = await buildActivationAtlas({ activations: { data: x, shape: [n, 8] }, labels, levels: [6], layoutOptions: { nEpochs: 80, seed: 9 }, worker: false, onProgress: (p) => progress.push(p) });
    const ref = await umap({ data: x, shape: [n, 8] }, { metric: 'cosine', nEpochs: 80, seed: 9, worker: false });
    expect(Array.from(atlas.layout)).toEqual(Array.from(ref.positions));
    expect(progress.some((p) => p.phase === 'layout' && p.layout?.method === 'umap')).toBe(true);
    // cells are nearly pure: the top label of each kept cell covers most of it
    const L = atlas.levels[0];
    let pure = 0;
    for (let j = 0; j < L.cellCount; j++) pure += L.topScores[j * atlas.topK] * L.counts[j];
    expect(pure / (n - L.dropped)).toBeGreaterThan(0.9);
  });

  it('checks activations and attributions before the layout, and needs 2 examples for UMAP (1 with a layout)', async () => {
    const phases: string[] = [];
    const x = Float32Array.from({ length: 60 }, (_, i) => i % 7);
    const attr = Float32Array.from({ length: 30 }, (_, i) => (i === 25 ? NaN : 1));
    const e = await rejection(buildActivationAtlas({ activations: { data: x, shape: [30, 2] }, attributions: { data: attr, shape: [30, 1] }, levels: [2], worker: false, onProgress: (p) => phases.push(p.phase) }));
    expect([e.code, e.argument]).toEqual(['nan', 'attributions[25, 0]']);
    expect(phases).not.toContain('layout');
    const one = await rejection(buildActivationAtlas({ activations: [[1, 2]], levels: [2], worker: false }));
    expect([one.code, one.argument]).toEqual(['empty', 'activations']);
    const single = await buildActivationAtlas({ activations: [[1, 2]], layout: [[0, 0]], levels: [2], minCount: 1, worker: false });
    expect(Array.from(single.levels[0].examples)).toEqual([0, -1, -1, -1, -1, -1, -1, -1]);
    expect(Array.from(single.levels[0].means!)).toEqual([1, 2]);
  });

  it('names UMAP option errors after layoutOptions', async () => {
    const e = await rejection(buildActivationAtlas({ activations: [[1], [2], [3]], levels: [2], layoutOptions: { metric: 'manhattan' as 'cosine' }, worker: false }));
    expect([e.code, e.argument]).toEqual(['option', 'options.layoutOptions.metric']);
  });
});

describe('progress and cancellation (inline)', () => {
  const { data: x, n } = clusters(4, 1500, 64, 5, 2);
  const layout = Float32Array.from({ length: n * 2 }, (_, i) => x[Math.floor(i / 2) * 64 + (i % 2)]);
  const opts = (extra: Partial<BuildAtlasOptions>): BuildAtlasOptions => ({ activations: { data: x, shape: [n, 64] }, layout: { data: layout, shape: [n, 2] }, levels: [5, 10, 20, 40, 80], worker: false, ...extra });

  it('reports monotone progress through the phases, ending at 1 with done', async () => {
    const progress: BuildAtlasProgress[] = [];
    await buildActivationAtlas(opts({ onProgress: (p) => progress.push(p) }));
    const f = progress.map((p) => p.fraction);
    expect(f).toEqual([...f].sort((a, b) => a - b));
    expect(progress[0]).toEqual({ phase: 'read', fraction: 0 });
    expect(progress.at(-1)).toEqual({ phase: 'done', fraction: 1 });
    expect(f.every((v) => v >= 0 && v <= 1)).toBe(true);
  });

  it('rejects with an AbortError when aborted before or during the build, and reports no more progress', async () => {
    const pre = new AbortController();
    pre.abort();
    const e0 = await rejection(buildActivationAtlas(opts({ signal: pre.signal })));
    expect((e0 as unknown as DOMException).name).toBe('AbortError');

    const ctrl = new AbortController();
    let after = 0;
    let aborted = false;
    const e = await rejection(
      buildActivationAtlas(
        opts({
          signal: ctrl.signal,
          onProgress: (p) => {
            if (aborted) after++;
            else if (p.phase === 'stats') {
              aborted = true;
              ctrl.abort();
            }
          },
        }),
      ),
    );
    expect(e).toBeInstanceOf(DOMException);
    expect((e as unknown as DOMException).name).toBe('AbortError');
    expect(after).toBe(0);
  });
});

describe('buildActivationAtlas rejects bad input with a TensorLensError naming it', () => {
  const dt = data(30, 3, 4, 5);
  const ok = (): BuildAtlasOptions => ({ activations: { data: dt.x, shape: [30, 3] }, layout: { data: dt.layout, shape: [30, 2] }, levels: [4], worker: false });
  const cases: [string, Partial<BuildAtlasOptions> | (() => BuildAtlasOptions), string, string][] = [
    ['layout with another N', { layout: { data: dt.layout.subarray(0, 58), shape: [29, 2] } }, 'length', 'layout'],
    ['layout not [N, 2]', { layout: { data: new Float32Array(90), shape: [30, 3] } }, 'shape', 'layout'],
    ['layout of rank 1', { layout: dt.layout }, 'shape', 'layout'],
    ['an unknown layout method', { layout: 'tsne' as 'umap' }, 'option', 'options.layout'],
    ['labels with another N', { labels: dt.labels.subarray(0, 29) }, 'length', 'labels'],
    ['attributions with another N', { attributions: { data: dt.attr.subarray(0, 29 * 4), shape: [29, 4] } }, 'length', 'attributions'],
    ['weights without D rows', { attributions: { weights: { data: dt.w.subarray(0, 8), shape: [2, 4] } } }, 'shape', 'attributions.weights'],
    ['a bias without C values', { attributions: { weights: { data: dt.w, shape: [3, 4] }, bias: [1, 2, 3] } }, 'length', 'attributions.bias'],
    ['NaN in activations', () => ({ ...ok(), activations: { data: Float32Array.from(dt.x, (v, i) => (i === 7 * 3 + 2 ? NaN : v)), shape: [30, 3] } }), 'nan', 'activations[7, 2]'],
    ['Infinity in the layout', () => ({ ...ok(), layout: { data: Float32Array.from(dt.layout, (v, i) => (i === 2 * 12 + 1 ? -Infinity : v)), shape: [30, 2] } }), 'nan', 'layout[12, 1]'],
    ['NaN in attributions', () => ({ ...ok(), attributions: { data: Float32Array.from(dt.attr, (v, i) => (i === 4 * 5 ? NaN : v)), shape: [30, 4] } }), 'nan', 'attributions[5, 0]'],
    ['empty levels', { levels: [] }, 'empty', 'options.levels'],
    ['a non-integer level', { levels: [4, 2.5] }, 'range', 'options.levels[1]'],
    ['a level of 0', { levels: [0] }, 'range', 'options.levels[0]'],
    ['a level above 1024', { levels: [1025] }, 'range', 'options.levels[0]'],
    ['a repeated level', { levels: [4, 8, 4] }, 'option', 'options.levels[2]'],
    ['levels not an array', { levels: 20 as unknown as number[] }, 'type', 'options.levels'],
    ['non-integer labels', { labels: Array.from({ length: 30 }, (_, i) => (i === 3 ? 1.5 : 0)) }, 'dtype', 'labels[3]'],
    ['negative labels', { labels: Array.from({ length: 30 }, (_, i) => (i === 4 ? -1 : 0)) }, 'range', 'labels[4]'],
    ['string labels', { labels: Array.from({ length: 30 }, () => 'cat') as unknown as number[] }, 'dtype', 'labels'],
    ['labels beyond the attribution classes', { labels: Array.from({ length: 30 }, (_, i) => (i === 9 ? 4 : 0)), attributions: { data: dt.attr, shape: [30, 4] } }, 'unknown-class', 'labels[9]'],
    ['classNames shorter than the labels', { labels: dt.labels, classNames: ['a', 'b'] }, 'length', 'options.classNames'],
    ['classNames shorter than the attributions', { attributions: { data: dt.attr, shape: [30, 4] }, classNames: ['a', 'b', 'c'] }, 'length', 'options.classNames'],
    ['minCount 0', { minCount: 0 }, 'range', 'options.minCount'],
    ['a fractional minCount', { minCount: 1.5 }, 'range', 'options.minCount'],
    ['topK 0', { topK: 0 }, 'range', 'options.topK'],
    ['topK 9', { topK: 9 }, 'range', 'options.topK'],
    ['examplesPerCell -1', { examplesPerCell: -1 }, 'range', 'options.examplesPerCell'],
    ['examplesPerCell NaN', { examplesPerCell: NaN }, 'range', 'options.examplesPerCell'],
    ['no examples (N = 0)', { activations: { data: new Float32Array(0), shape: [0, 3] }, layout: { data: new Float32Array(0), shape: [0, 2] } }, 'empty', 'activations'],
    ['activations not a matrix', { activations: new Float32Array(30) }, 'shape', 'activations'],
    ['no activations', { activations: undefined as unknown as Float32Array }, 'type', 'activations'],
  ];
  for (const [what, change, code, argument] of cases)
    it(`${what}: ${code} on ${argument}`, async () => {
      const e = await rejection(buildActivationAtlas(typeof change === 'function' ? change() : { ...ok(), ...change }));
      expect(e).toBeInstanceOf(TensorLensError);
      expect([e.code, e.argument]).toEqual([code, argument]);
      expect(e.message).toContain(argument);
    });

  it('a missing options object', async () => {
    const e = await rejection(buildActivationAtlas(undefined as unknown as BuildAtlasOptions));
    expect([e.code, e.argument]).toEqual(['type', 'options']);
  });
});
