import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tableFromArrays, tableFromIPC, tableToIPC } from 'apache-arrow';
import { TensorLensError } from '@tensorlens/core';
import type { EmbeddingProjectorHandle } from '@tensorlens/views';
import { LoadError } from '../src/load';
import { TlEmbeddingProjector, defineElements, type ArrowReader } from '../src/index';
import { canvasPixels, until } from '../../../test/support';

defineElements();

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).href;
// The Embedding Projector pair shipped with the docs: 2000 MNIST test digits × 64 CNN activations.
const projectorTensors = new URL('../../../docs/examples/projector/tensors.tsv', import.meta.url).href;
const projectorMetadata = new URL('../../../docs/examples/projector/metadata.tsv', import.meta.url).href;

// Counts workers created and terminated (independent of the projector's own bookkeeping).
const RealWorker = globalThis.Worker;
let live = new Set<Worker>();
class SpyWorker extends RealWorker {
  constructor(url: string | URL, opts?: WorkerOptions) {
    super(url, opts);
    live.add(this);
  }
  override terminate(): void {
    live.delete(this);
    super.terminate();
  }
}

const made: HTMLElement[] = [];
function make(attrs: Record<string, string>, eager = true): TlEmbeddingProjector {
  const el = document.createElement('tl-embedding-projector');
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (eager) el.setAttribute('eager', '');
  el.style.width = '720px';
  made.push(el);
  return el;
}

beforeEach(() => {
  live = new Set();
  globalThis.Worker = SpyWorker as typeof Worker;
});
afterEach(() => {
  for (const el of made.splice(0)) el.remove();
  globalThis.Worker = RealWorker;
});

/** Waits for the element to draw and its first projection to finish. */
async function projected(el: TlEmbeddingProjector): Promise<EmbeddingProjectorHandle> {
  await el.whenRendered();
  const p = el.projector!;
  expect(await p.whenProjected()).not.toBeNull();
  return p;
}

/** Number of canvas pixels that differ from the top-left corner (the background). */
function drawnPixels(p: EmbeddingProjectorHandle): number {
  p.pointCloud.renderFrame();
  const d = canvasPixels(p.pointCloud.element.querySelector('canvas')!);
  let n = 0;
  for (let i = 0; i < d.length; i += 4) if (d[i] !== d[0] || d[i + 1] !== d[1] || d[i + 2] !== d[2] || d[i + 3] !== d[3]) n++;
  return n;
}


describe('<tl-embedding-projector> in Chromium', () => {
  it("loads the Projector's own tensor + metadata TSV pair and draws a PCA layout", async () => {
    const el = make({ src: projectorTensors, 'metadata-src': projectorMetadata, k: '5' });
    document.body.append(el);
    const p = await projected(el);
    expect(p.shape).toEqual([2000, 64]);
    expect(p.data!.names).toEqual(['label', 'predicted', 'correct', 'cnn_predicted']);
    expect(p.projection!.method).toBe('pca');
    expect(el.querySelector<HTMLSelectElement>('.tl-ep-color')!.value).toBe('label');
    await until(() => drawnPixels(p) > 500);
    // The first row of the TSV is digit 4 (metadata row 1 after the header).
    const events: Array<{ index: number; indices: Uint32Array }> = [];
    el.addEventListener('tl-neighbors', (e) => events.push((e as CustomEvent).detail));
    await p.showNeighbors(0);
    expect(events[0].index).toBe(0);
    expect(el.querySelectorAll('.tl-ep-neighbors li')).toHaveLength(5);
    expect(el.querySelector('.tl-ep-side-empty')!.textContent).toContain('nearest to 4 (#0)');
  });

  it('loads a CSV (metadata-fields keeps a numeric column out of the vectors) and a JSON {embedding, metadata}', async () => {
    const csv = make({ src: fixture('embedding-table.csv'), 'metadata-fields': 'index', 'label-field': 'name' });
    const json = make({ src: fixture('embedding.json'), dims: '3' });
    document.body.append(csv, json);
    const a = await projected(csv);
    expect(a.shape).toEqual([24, 5]);
    expect(a.data!.names).toEqual(['name', 'group', 'index']);
    const b = await projected(json);
    expect(b.shape).toEqual([24, 5]);
    expect(b.projection!.dims).toBe(3);
    await until(() => drawnPixels(a) > 20 && drawnPixels(b) > 20);
    // Three well-separated clusters: PCA puts each group's points together (nearest centroid = own group).
    const pos = a.projection!.positions;
    const groups = a.data!.columns.group as string[];
    const centre: Record<string, [number, number, number]> = {};
    groups.forEach((g, i) => {
      const c = (centre[g] ??= [0, 0, 0]);
      c[0] += pos[i * 2];
      c[1] += pos[i * 2 + 1];
      c[2]++;
    });
    groups.forEach((g, i) => {
      const dist = (h: string) => Math.hypot(pos[i * 2] - centre[h][0] / centre[h][2], pos[i * 2 + 1] - centre[h][1] / centre[h][2]);
      for (const h of Object.keys(centre)) if (h !== g) expect(dist(g)).toBeLessThan(dist(h));
    });
  });

  it('reads Arrow IPC once TlEmbeddingProjector.arrowReader is set, and says how otherwise', async () => {
    const bytes = tableToIPC(tableFromArrays({ e0: Float32Array.of(0, 1, 5, 6), e1: Float32Array.of(0, 1, 5, 6), e2: Float32Array.of(1, 0, 1, 0), word: ['a', 'b', 'c', 'd'] }), 'file');
    const url = URL.createObjectURL(new Blob([bytes as BlobPart]));
    try {
      TlEmbeddingProjector.arrowReader = null;
      const bad = make({ src: url });
      document.body.append(bad);
      await expect(bad.whenRendered()).rejects.toThrow(/arrowReader|setArrowReader/);
      expect(bad.querySelector('[role=alert]')!.textContent).toMatch(/tableFromIPC/);
      TlEmbeddingProjector.arrowReader = tableFromIPC as unknown as ArrowReader;
      const el = make({ src: url, k: '2' });
      document.body.append(el);
      const p = await projected(el);
      expect(p.shape).toEqual([4, 3]);
      expect(p.data!.columns.word).toEqual(['a', 'b', 'c', 'd']);
    } finally {
      TlEmbeddingProjector.arrowReader = null;
      URL.revokeObjectURL(url);
    }
  });

  it("shows a 'shape' error naming the line for a ragged TSV, and the status for a 404", async () => {
    const ragged = make({ src: fixture('embedding-ragged.tsv') });
    const missing = make({ src: fixture('no-such-file.tsv') });
    const errors: string[] = [];
    ragged.addEventListener('tl-error', (e) => errors.push((e as CustomEvent).detail.message));
    document.body.append(ragged, missing);
    const e1 = await ragged.whenRendered().catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(TensorLensError);
    expect((e1 as TensorLensError).code).toBe('shape');
    expect(ragged.querySelector('[role=alert]')!.textContent).toContain('line 4');
    expect(errors[0]).toContain('line 4');
    const e2 = await missing.whenRendered().catch((e: unknown) => e);
    expect(e2).toBeInstanceOf(LoadError);
    expect((e2 as LoadError).status).toBe(404);
    expect(missing.querySelector('[role=alert]')!.textContent).toContain('404');
    expect(ragged.projector).toBeNull();
  });

  it('starts only when scrolled into view', async () => {
    const spacer = document.createElement('div');
    spacer.style.height = '3000px';
    document.body.append(spacer);
    made.push(spacer);
    const el = make({ src: fixture('embedding-tensors.tsv') }, false);
    document.body.append(el);
    await new Promise((r) => setTimeout(r, 300));
    expect(el.projector).toBeNull();
    expect(el.querySelector('.tl-ep')).toBeNull();
    el.scrollIntoView();
    await projected(el);
    expect(el.projector!.shape).toEqual([24, 5]);
    window.scrollTo(0, 0);
  });

  it('applies attribute changes live and re-dispatches projector events', async () => {
    const el = make({ src: fixture('embedding-tensors.tsv'), 'metadata-src': fixture('embedding-metadata.tsv'), k: '3' });
    document.body.append(el);
    const p = await projected(el);
    const seen: string[] = [];
    for (const t of ['tl-progress', 'tl-projection', 'tl-select', 'tl-neighbors']) el.addEventListener(t, () => seen.push(t));
    el.setAttribute('method', 'umap');
    await until(() => seen.includes('tl-projection'), 30_000);
    expect(p.projection!.method).toBe('umap');
    expect(seen).toContain('tl-progress');
    // Search runs over the label column (here `name`: p0 … p23): p1, p10 … p19.
    el.setAttribute('search', 'p1');
    await until(() => p.pointCloud.matches === 11);
    await p.showNeighbors(1);
    expect(seen).toContain('tl-neighbors');
    el.setAttribute('k', '6');
    await until(() => el.querySelectorAll('.tl-ep-neighbors li').length === 6);
    el.setAttribute('method', 'lda');
    await expect(el.whenRendered()).rejects.toThrow(/method/);
  });

  it('maps spherize, labels and the sprite attributes to the projector', async () => {
    const el = make({ src: fixture('embedding-tensors.tsv'), 'metadata-src': fixture('embedding-metadata.tsv'), spherize: '', labels: 'all', 'sprite-min-size': '20' });
    document.body.append(el);
    const p = await projected(el);
    expect(p.getState().spherize).toBe(true);
    el.setAttribute('spherize', 'false');
    await until(() => p.getState().spherize === false);
    el.setAttribute('labels', 'sometimes');
    await expect(el.whenRendered()).rejects.toThrow(/labels/);
  });

  it('frees its workers and GL on disconnect (also mid-projection) and restarts on reconnect', async () => {
    const el = make({ src: fixture('embedding-tensors.tsv'), method: 'tsne' });
    el.setAttribute('max-points', '20');
    document.body.append(el);
    // Mid-projection: the projector's whenRendered() waits for the projection, so wait for a busy worker instead.
    await until(() => !!el.projector?.busy && live.size >= 1);
    const p = el.projector!;
    void p.showNeighbors(0);
    el.remove();
    expect(p.workers).toBe(0);
    expect(el.projector).toBeNull();
    expect(el.querySelector('.tl-ep')).toBeNull();
    await until(() => live.size === 0);
    document.body.append(el);
    const again = await projected(el);
    expect(again).not.toBe(p);
    expect(again.projection!.method).toBe('tsne');
    expect(again.projection!.sampled).toMatchObject({ fitted: 20, total: 24 });
  });
});
