// buildActivationAtlas in a real Web Worker (Chromium): the same atlas as the inline path, the caller's arrays
// left intact, errors raised in the worker arrive as TensorLensErrors, abort terminates the worker, and the
// page keeps getting turns while a large atlas builds.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TensorLensError } from '@tensorlens/core';
import { buildActivationAtlas, type ActivationAtlas, type BuildAtlasOptions, type BuildAtlasProgress } from '@tensorlens/explain';
import { clusters, normal, rng } from '../../../test/support';

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

/** Every field of two atlases, typed arrays as plain arrays (NaN pads compare equal with toEqual). */
function plain(a: ActivationAtlas): unknown {
  return {
    ...a,
    layout: Array.from(a.layout),
    levels: a.levels.map((l) => Object.fromEntries(Object.entries(l).map(([k, v]) => [k, ArrayBuffer.isView(v) ? Array.from(v as Float32Array) : v]))),
  };
}

function inputs(n: number, d: number, c: number, seed: number) {
  const { data: x, labels } = clusters(c, Math.ceil(n / c), d, 4, seed);
  const r = rng(seed + 1);
  const layout = Float32Array.from({ length: n * 2 }, (_, i) => x[Math.floor(i / 2) * d + (i % 2)] + 0.3 * normal(r));
  const attr = Float32Array.from({ length: n * c }, () => normal(r));
  const w = Float32Array.from({ length: d * c }, () => normal(r));
  return { x: x.subarray(0, n * d), labels: labels.subarray(0, n), layout, attr, w, b: Float32Array.from({ length: c }, (_, i) => i / 10) };
}

afterEach(() => vi.restoreAllMocks());

describe('buildActivationAtlas in a worker', () => {
  const n = 3000, d = 24, c = 6;
  const t = inputs(n, d, c, 3);
  const base = (extra: Partial<BuildAtlasOptions>): BuildAtlasOptions => ({
    activations: { data: t.x, shape: [n, d] },
    layout: { data: t.layout, shape: [n, 2] },
    levels: [4, 16, 64],
    ...extra,
  });

  it('gives exactly the inline result for every score kind and leaves the caller’s arrays intact', async () => {
    const before = t.x.slice();
    const variants: Partial<BuildAtlasOptions>[] = [
      { attributions: { data: t.attr, shape: [n, c] }, labels: t.labels, topK: 4 },
      { attributions: { weights: { data: t.w, shape: [d, c] }, bias: t.b }, examplesPerCell: 5, minCount: 1 },
      { labels: t.labels, classNames: ['a', 'b', 'c', 'd', 'e', 'f'], keepMeans: false },
    ];
    for (const v of variants) {
      const progress: BuildAtlasProgress[] = [];
      const inWorker = await buildActivationAtlas(base({ ...v, onProgress: (p) => progress.push(p) }));
      const inline = await buildActivationAtlas(base({ ...v, worker: false }));
      expect(plain(inWorker)).toEqual(plain(inline));
      expect(inWorker.levels[1].cellCount).toBeGreaterThan(10);
      const f = progress.map((p) => p.fraction);
      expect(f).toEqual([...f].sort((a, b) => a - b));
      expect(progress.at(-1)).toEqual({ phase: 'done', fraction: 1 });
    }
    expect(t.x.byteLength).toBe(n * d * 4); // not transferred away
    expect(t.layout.byteLength).toBe(n * 2 * 4);
    expect(t.attr.byteLength).toBe(n * c * 4);
    expect(Array.from(t.x)).toEqual(Array.from(before));
  });

  it('computes the same UMAP layout and atlas in the worker as inline', async () => {
    const m = 150;
    const opts: BuildAtlasOptions = { activations: { data: t.x.subarray(0, m * d), shape: [m, d] }, labels: t.labels.subarray(0, m), levels: [5], layoutOptions: { nEpochs: 40, seed: 3 } };
    const phases = new Set<string>();
    const a = await buildActivationAtlas({ ...opts, onProgress: (p) => phases.add(p.phase) });
    const b = await buildActivationAtlas({ ...opts, worker: false });
    expect(plain(a)).toEqual(plain(b));
    expect([...phases]).toEqual(expect.arrayContaining(['read', 'layout', 'done'])); // bin and stats take under the 50 ms throttle here
  });

  it('raises the worker’s finiteness errors as TensorLensErrors naming the row', async () => {
    const bad = t.x.slice();
    bad[1234 * d + 5] = NaN;
    const e = (await rejection(buildActivationAtlas(base({ activations: { data: bad, shape: [n, d] } })))) as TensorLensError;
    expect(e).toBeInstanceOf(TensorLensError);
    expect([e.code, e.argument]).toEqual(['nan', 'activations[1234, 5]']);
  });

  it('terminates the worker and rejects with an AbortError when aborted mid-build; no progress after', async () => {
    const big = inputs(40000, 64, 4, 9);
    const terminate = vi.spyOn(Worker.prototype, 'terminate');
    const ctrl = new AbortController();
    let aborted = false;
    let after = 0;
    const e = await rejection(
      buildActivationAtlas({
        activations: { data: big.x, shape: [40000, 64] },
        layout: { data: big.layout, shape: [40000, 2] },
        levels: [10, 20, 40, 80, 160, 320],
        signal: ctrl.signal,
        onProgress: (p) => {
          if (aborted) after++;
          else if (p.phase === 'stats') {
            aborted = true;
            ctrl.abort();
          }
        },
      }),
    );
    expect(aborted).toBe(true);
    expect(e).toBeInstanceOf(DOMException);
    expect((e as DOMException).name).toBe('AbortError');
    expect(terminate).toHaveBeenCalledTimes(1);
    await new Promise((r) => setTimeout(r, 100));
    expect(after).toBe(0);
  });

  it('cancels during the UMAP layout too: its worker is terminated and no atlas worker starts', async () => {
    const terminate = vi.spyOn(Worker.prototype, 'terminate');
    const ctrl = new AbortController();
    const phases: string[] = [];
    const e = await rejection(
      buildActivationAtlas({
        activations: { data: t.x.subarray(0, 1500 * d), shape: [1500, d] },
        levels: [8],
        layoutOptions: { nEpochs: 5000 },
        signal: ctrl.signal,
        onProgress: (p) => {
          phases.push(p.phase);
          if (p.phase === 'layout' && (p.layout?.iteration ?? 0) > 0) ctrl.abort();
        },
      }),
    );
    expect((e as DOMException).name).toBe('AbortError');
    expect(terminate).toHaveBeenCalledTimes(1);
    expect(phases).not.toContain('bin');
    expect(phases).not.toContain('stats');
  });

  it('keeps the page responsive while a large atlas builds (longest gap between turns well under the build time)', async () => {
    const N = 60000, D = 128;
    const big = inputs(N, D, 10, 4);
    let running = true;
    let gap = 0;
    let last = performance.now();
    const tick = () => {
      const now = performance.now();
      gap = Math.max(gap, now - last);
      last = now;
      if (running) setTimeout(tick, 0);
    };
    setTimeout(tick, 0);
    const t0 = performance.now();
    const atlas = await buildActivationAtlas({ activations: { data: big.x, shape: [N, D] }, layout: { data: big.layout, shape: [N, 2] }, labels: big.labels, levels: [20, 40, 80, 160] });
    const ms = performance.now() - t0;
    running = false;
    expect(atlas.levels.map((l) => l.grid)).toEqual([20, 40, 80, 160]);
    expect(atlas.levels[0].counts.reduce((s, v) => s + v, 0) + atlas.levels[0].dropped).toBe(N);
    expect(gap).toBeLessThan(Math.max(150, ms / 4));
  });
});
