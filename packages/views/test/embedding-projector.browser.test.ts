import { afterEach, beforeEach, describe as suite, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { TensorLensError, createSelection } from '@tensorlens/core';
import { createEmbeddingProjector, type EmbeddingProjectorHandle } from '@tensorlens/views';
import { firstComponentScores, makeBox, pixel, rng, until } from '../../../test/support';

// ---- data: three seeded Gaussian clusters in 12 dimensions ----
const N = 240;
const D = 12;
function embedding(seed = 3): { data: Float32Array; shape: [number, number]; group: string[] } {
  const rand = rng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  const data = new Float32Array(N * D);
  const names = ['alpha', 'beta', 'gamma'];
  const group: string[] = [];
  for (let i = 0; i < N; i++) {
    const c = i % 3;
    group.push(names[c]);
    for (let j = 0; j < D; j++) data[i * D + j] = (j % 3 === c ? 6 : 0) + (j === 0 ? 3 * c : 0) + gauss() * 0.8;
  }
  return { data, shape: [N, D], group };
}
const E = embedding();
const metadata = () => ({ group: E.group, name: Array.from({ length: N }, (_, i) => `${E.group[i]}-${i}`), score: Float64Array.from({ length: N }, (_, i) => i / N) });

function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0, mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i] / n;
    mb += b[i] / n;
  }
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

/** Brute-force neighbours, computed here in float64 (independent of explain's kNN). */
function bruteForce(data: Float32Array, d: number, q: number, k: number, metric: 'cosine' | 'euclidean'): Array<{ i: number; dist: number }> {
  const n = data.length / d;
  const out: Array<{ i: number; dist: number }> = [];
  for (let i = 0; i < n; i++) {
    if (i === q) continue;
    let dot = 0, na = 0, nb = 0, sq = 0;
    for (let j = 0; j < d; j++) {
      const x = data[q * d + j], y = data[i * d + j];
      dot += x * y;
      na += x * x;
      nb += y * y;
      sq += (x - y) ** 2;
    }
    out.push({ i, dist: metric === 'cosine' ? 1 - dot / Math.sqrt(na * nb) : Math.sqrt(sq) });
  }
  return out.sort((a, b) => a.dist - b.dist || a.i - b.i).slice(0, k);
}

// ---- a Worker spy: counts workers created and terminated (independent of the projector's own bookkeeping) ----
const RealWorker = globalThis.Worker;
let live = new Set<Worker>();
class SpyWorker extends RealWorker {
  url: string;
  constructor(url: string | URL, opts?: WorkerOptions) {
    super(url, opts);
    this.url = String(url);
    live.add(this);
  }
  override terminate(): void {
    live.delete(this);
    super.terminate();
  }
}

let box: HTMLDivElement;
let ep: EmbeddingProjectorHandle | null = null;
beforeEach(() => {
  box = makeBox(760, 520);
  live = new Set();
  globalThis.Worker = SpyWorker as typeof Worker;
});
afterEach(() => {
  ep?.destroy();
  ep = null;
  box.remove();
  globalThis.Worker = RealWorker;
});

const $ = <T extends Element = HTMLElement>(sel: string) => ep!.element.querySelector<T>(sel)!;
const neighborButtons = () => Array.from(ep!.element.querySelectorAll<HTMLButtonElement>('.tl-ep-neighbors button'));
const bg = () => pixel(ep!.pointCloud, 3, 3);

suite('createEmbeddingProjector in Chromium', () => {
  it('runs PCA on all points, draws them, and its first axis matches an independent power iteration', async () => {
    ep = createEmbeddingProjector(box, { embedding: { data: E.data, shape: E.shape }, data: metadata() });
    expect(ep.busy).toBe(true);
    const res = await ep.whenProjected();
    expect(res?.method).toBe('pca');
    expect(res?.n).toBe(N);
    expect(res?.sampled).toBeNull();
    const x = Array.from({ length: N }, (_, i) => res!.positions[i * 2]);
    expect(Math.abs(correlation(x, firstComponentScores(E.data, N, D, 200)))).toBeGreaterThan(0.999);
    // The explained variance is on screen as text.
    expect($('.tl-ep-variance').hidden).toBe(false);
    expect($('.tl-ep-variance').textContent).toMatch(/PC1 \d+\.\d %, PC2 \d+\.\d %/);
    // Points are drawn where the cloud says they are; the corner stays background.
    await until(() => {
      ep!.pointCloud.renderFrame();
      const p = ep!.pointCloud.screenPosition(0);
      return !!p && pixel(ep!.pointCloud, p[0], p[1]).join() !== bg().join();
    }, 10_000);
    // Coloured by the class-like column (group) by default: points of different groups differ in colour.
    const p0 = ep.pointCloud.screenPosition(0)!, p1 = ep.pointCloud.screenPosition(1)!;
    ep.pointCloud.renderFrame();
    expect(pixel(ep.pointCloud, p0[0], p0[1]).join()).not.toBe(pixel(ep.pointCloud, p1[0], p1[1]).join());
    expect(($('.tl-ep-color') as HTMLSelectElement).value).toBe('group');
  });

  it('shows a legend of the colour column by default (categories with counts; a click selects them); legend: false hides it', async () => {
    ep = createEmbeddingProjector(box, { embedding: E, data: metadata() });
    await ep.whenProjected();
    const groups = [...new Set(E.group)].sort();
    const names = [...ep.element.querySelectorAll('.tl-legend-name')].map((e) => e.textContent);
    expect(names).toEqual(groups);
    const counts = [...ep.element.querySelectorAll('.tl-legend-count')].map((e) => Number(e.textContent!.replace(/,/g, '')));
    expect(counts).toEqual(groups.map((g) => E.group.filter((v) => v === g).length));
    const selected: number[][] = [];
    ep.on('select', (e) => selected.push(Array.from(e.indices)));
    (ep.element.querySelector('.tl-legend-item') as HTMLElement).click();
    const want = E.group.flatMap((g, i) => (g === groups[0] ? [i] : []));
    expect(selected).toEqual([want]);
    ep.update({ legend: false });
    expect(ep.element.querySelector('.tl-legend')).toBeNull();
  });

  it('a bad update throws naming the option and leaves the projector as it was', async () => {
    ep = createEmbeddingProjector(box, { embedding: E, data: metadata(), size: 6 });
    await ep.whenProjected();
    const controls = [...ep.element.querySelectorAll('select')].map((s) => s.value);
    const legend = ep.element.querySelector('.tl-legend')!.outerHTML;
    for (const [partial, argument] of [[{ color: 'nope' }, 'options.color'], [{ data: { group: ['a'] } }, 'options.data'], [{ label: 'zz', size: 9 }, 'options.label'], [{ size: -1 }, 'options.size']] as const) {
      expect(() => ep!.update(partial as never)).toThrowError(expect.objectContaining({ argument }));
    }
    expect([...ep.element.querySelectorAll('select')].map((s) => s.value)).toEqual(controls);
    expect(ep.element.querySelector('.tl-legend')!.outerHTML).toBe(legend);
    expect(ep.data!.names).toEqual(['group', 'name', 'score']);
    expect(ep.busy).toBe(false);
  });

  it('switches method with a progress bar and streamed layouts, cancels back to the previous layout, then finishes UMAP', async () => {
    ep = createEmbeddingProjector(box, { embedding: E, data: metadata(), tsne: { iterations: 100000, perplexity: 20 }, umap: { nEpochs: 60 } });
    const pca = (await ep.whenProjected())!;
    const progress: number[] = [];
    let streamed = 0;
    ep.on('progress', (p) => {
      progress.push(p.progress);
      if (p.positions) streamed++;
    });
    const cancels: string[] = [];
    ep.on('cancel', (e) => cancels.push(e.method));
    await userEvent.selectOptions($<HTMLSelectElement>('.tl-ep-method'), 'tsne');
    expect(ep.busy).toBe(true);
    await until(() => streamed >= 2, 30_000);
    expect($<HTMLProgressElement>('.tl-ep-progress').hidden).toBe(false);
    expect($<HTMLProgressElement>('.tl-ep-progress').value).toBeGreaterThan(0);
    expect($('.tl-ep-status-text').textContent).toMatch(/t-SNE 2D: \d+\.\d % · iteration \d+/);
    expect(ep.workers).toBeGreaterThanOrEqual(1);
    const whileRunning = live.size;
    expect(whileRunning).toBeGreaterThanOrEqual(1);
    await userEvent.click($('.tl-ep-cancel'));
    expect(ep.busy).toBe(false);
    expect(cancels).toEqual(['tsne']);
    expect($('.tl-ep-status-text').textContent).toContain('t-SNE cancelled; showing PCA 2D');
    expect(($('.tl-ep-method') as HTMLSelectElement).value).toBe('pca');
    expect($<HTMLProgressElement>('.tl-ep-progress').hidden).toBe(true);
    expect(ep.projection).toBe(pca);
    // The cancelled run's worker is gone (the point cloud's spatial-index worker may remain).
    await until(() => live.size < whileRunning);
    // UMAP to the end: progress rises to 1 and the layout is UMAP's.
    progress.length = 0;
    ep.update({ method: 'umap' });
    const umap = await ep.whenProjected();
    expect(umap?.method).toBe('umap');
    expect(ep.projection).toBe(umap);
    expect(progress.length).toBeGreaterThan(0);
    for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeGreaterThanOrEqual(progress[i - 1]);
    expect($('.tl-ep-status-text').textContent).toMatch(/^UMAP 2D of 240 points/);
    expect($('.tl-ep-variance').hidden).toBe(true);
  });

  it('says on screen when a method fitted a sample', async () => {
    ep = createEmbeddingProjector(box, { embedding: E, method: 'umap', maxPoints: 60, umap: { nEpochs: 30 } });
    const res = await ep.whenProjected();
    expect(res?.sampled).toMatchObject({ fitted: 60, total: N });
    const note = $('.tl-ep-note');
    expect(note.hidden).toBe(false);
    expect(note.textContent).toContain('random sample of 60 of 240 points');
    for (let i = 0; i < res!.positions.length; i++) expect(Number.isFinite(res!.positions[i])).toBe(true);
  });

  it('lists the k nearest neighbours with distances ascending, equal to a brute-force search', async () => {
    const selection = createSelection();
    ep = createEmbeddingProjector(box, { embedding: E, data: metadata(), k: 7, selection, label: 'name' });
    await ep.whenProjected();
    const seen: Array<{ index: number; indices: Uint32Array; distances: Float32Array }> = [];
    ep.on('neighbors', (e) => seen.push(e));
    const res = await ep.showNeighbors(5);
    const ref = bruteForce(E.data, D, 5, 7, 'cosine');
    expect(Array.from(res!.indices)).toEqual(ref.map((r) => r.i));
    res!.distances.forEach((dist, j) => expect(dist).toBeCloseTo(ref[j].dist, 5));
    const buttons = neighborButtons();
    expect(buttons).toHaveLength(7);
    const shown = buttons.map((b) => Number(b.querySelector('.tl-ep-distance')!.textContent));
    for (let j = 1; j < shown.length; j++) expect(shown[j]).toBeGreaterThanOrEqual(shown[j - 1]);
    shown.forEach((v, j) => expect(v).toBeCloseTo(ref[j].dist, 2));
    expect(buttons[0].textContent).toContain(`${E.group[ref[0].i]}-${ref[0].i}`);
    expect($('.tl-ep-side-empty').textContent).toContain(`7 nearest to ${E.group[5]}-5 (#5), cosine`);
    expect(seen[0].index).toBe(5);
    expect(Array.from(selection.toArray())).toEqual([5]);

    // Euclidean, from the keyboard: focus a neighbour and press Enter → its own neighbours.
    ep.update({ metric: 'euclidean' });
    await until(() => seen.length >= 2);
    const eu = bruteForce(E.data, D, 5, 7, 'euclidean');
    expect(Array.from(seen[1].indices)).toEqual(eu.map((r) => r.i));
    seen[1].distances.forEach((dist, j) => expect(dist).toBeCloseTo(eu[j].dist, 4));
    const target = neighborButtons()[2];
    const next = Number(target.dataset.index);
    target.focus();
    await userEvent.keyboard('{Enter}');
    await until(() => seen.length >= 3);
    expect(seen[2].index).toBe(next);
    expect(Array.from(selection.toArray())).toEqual([next]);
    expect(Array.from(seen[2].indices)).toEqual(bruteForce(E.data, D, next, 7, 'euclidean').map((r) => r.i));
  });

  it('lists neighbours when a point is clicked in the cloud', async () => {
    ep = createEmbeddingProjector(box, { embedding: E, data: metadata(), k: 4 });
    await ep.whenProjected();
    await ep.pointCloud.whenRendered();
    const got = new Promise<number>((r) => ep!.on('neighbors', (e) => r(e.index)));
    let target = -1;
    await until(() => {
      const p = ep!.pointCloud.screenPosition(17);
      if (!p) return false;
      target = 17;
      const c = ep!.pointCloud.element.querySelector('canvas')!;
      const r = c.getBoundingClientRect();
      for (const type of ['pointerdown', 'pointerup']) {
        c.dispatchEvent(new PointerEvent(type, { clientX: r.left + p[0], clientY: r.top + p[1], bubbles: true, pointerId: 1, isPrimary: true, button: 0 }));
      }
      return true;
    }, 10_000);
    const index = await got;
    // The clicked row is the one under the cursor (17, or a point drawn on top of it at the same pixel).
    const a = ep.pointCloud.screenPosition(index)!, b = ep.pointCloud.screenPosition(target)!;
    expect(Math.hypot(a[0] - b[0], a[1] - b[1])).toBeLessThan(6);
    expect(neighborButtons()).toHaveLength(4);
  });

  it('highlights search matches and counts them', async () => {
    ep = createEmbeddingProjector(box, { embedding: E, data: metadata(), label: 'name' });
    await ep.whenProjected();
    const input = $<HTMLInputElement>('.tl-ep-search');
    await userEvent.type(input, 'gamma-1');
    const expected = E.group.filter((g, i) => `${g}-${i}`.includes('gamma-1')).length;
    await until(() => ep!.pointCloud.matches === expected && $('.tl-ep-matches').textContent === `${expected} matches`);
    expect(expected).toBeGreaterThan(3);
    ep.update({ search: '/^alpha-\\d$/' });
    await until(() => ep!.pointCloud.matches === 4); // alpha-0, 3, 6, 9
    expect(input.value).toBe('/^alpha-\\d$/');
  });

  it('runs 3D projections', async () => {
    ep = createEmbeddingProjector(box, { embedding: E, dims: 3 });
    const res = await ep.whenProjected();
    expect(res?.dims).toBe(3);
    expect(res?.positions.length).toBe(N * 3);
    expect(($('.tl-ep-dims') as HTMLSelectElement).value).toBe('3');
    ep.update({ dims: 2 });
    expect((await ep.whenProjected())?.dims).toBe(2);
  });

  it('frees its workers, listeners and DOM on destroy, even mid-projection', async () => {
    for (let round = 0; round < 3; round++) {
      ep = createEmbeddingProjector(box, { embedding: E, data: metadata(), method: 'tsne', tsne: { iterations: 100000 } });
      let running = false;
      ep.on('progress', (p) => (running ||= p.iteration > 0));
      await until(() => running, 20_000);
      if (round === 2) void ep.showNeighbors(3);
      const pending = ep.whenProjected();
      ep.destroy();
      expect(ep.workers).toBe(0);
      expect(await pending).toBeNull();
      await until(() => live.size === 0, 10_000).catch(() => {
        throw new Error(`round ${round}: live workers ${[...live].map((w) => (w as SpyWorker).url).join(', ')}`);
      });
      expect(box.querySelector('.tl-ep')).toBeNull();
      ep.destroy(); // idempotent
      expect(() => ep!.update({ k: 3 })).toThrow(TensorLensError);
      ep = null;
    }
  });

  // Destroying before explain has started its worker: the abort comes while the matrix is being read.
  it('frees the projection worker when destroyed right after creation', async () => {
    ep = createEmbeddingProjector(box, { embedding: E, method: 'tsne', tsne: { iterations: 100000 } });
    ep.destroy();
    expect(ep.workers).toBe(0);
    await new Promise((r) => setTimeout(r, 1500));
    expect([...live].map((w) => (w as SpyWorker).url).filter((u) => u.includes('projection.worker'))).toEqual([]);
  });

  it('rejects bad input with errors naming the option', () => {
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(TensorLensError);
        return e as TensorLensError;
      }
      throw new Error('no error');
    };
    expect(err(() => createEmbeddingProjector(box, { embedding: [1, 2, 3] as unknown as number[][] })).argument).toBe('options.embedding');
    expect(err(() => createEmbeddingProjector(box, { embedding: E, data: { group: ['a'] } })).code).toBe('length');
    expect(err(() => createEmbeddingProjector(box, { embedding: E, method: 'lda' as 'pca' })).argument).toBe('options.method');
    expect(err(() => createEmbeddingProjector(box, { embedding: E, data: metadata(), color: 'nope' })).argument).toBe('options.color');
    expect(err(() => createEmbeddingProjector(box, { embedding: E, data: metadata(), label: 'nope' })).argument).toBe('options.label');
    // Old names are errors naming the new ones.
    for (const [old, now] of [['metadata', 'data'], ['colorBy', 'color'], ['labelField', 'label'], ['pointSize', 'size']]) {
      const e = err(() => createEmbeddingProjector(box, { embedding: E, [old]: 'group' } as never));
      expect([e.argument, e.expected]).toEqual([`options.${old}`, expect.stringContaining(`'${now}'`)]);
    }
    expect(err(() => createEmbeddingProjector(box, { embedding: E, k: 0 })).argument).toBe('options.k');
    expect(err(() => createEmbeddingProjector(box, { embedding: [[1, NaN], [2, 3]] })).code).toBe('nan');
    expect(err(() => createEmbeddingProjector(null as unknown as HTMLElement, { embedding: E })).argument).toBe('container');
    expect(box.children).toHaveLength(0);
  });
});
