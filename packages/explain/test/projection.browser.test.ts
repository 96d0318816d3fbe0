import { describe, expect, it } from 'vitest';
import { TensorLensError } from '@tensorlens/core';
import { createNeighborIndex, createProjectionControl, nearestNeighbors, pca, project, tsne, umap, type ProjectionProgress } from '@tensorlens/explain';
import { pcaFit } from '../src/pca';
import { clusters, knnLabelAgreement, normal, rng, until } from '../../../test/support';

function matrix(n: number, d: number, seed: number): Float32Array {
  const r = rng(seed);
  return Float32Array.from({ length: n * d }, (_, i) => normal(r) * (1 + (i % d)));
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

describe('pca in a worker', () => {
  it('equals the main-thread reference and leaves the caller’s buffer intact', async () => {
    const n = 1200, d = 20;
    const x = matrix(n, d, 1);
    const before = x.slice();
    const progress: ProjectionProgress[] = [];
    const res = await pca({ data: x, shape: [n, d] }, { dims: 3, onProgress: (p) => progress.push(p) });
    const ref = pcaFit(x, n, d, 3);
    expect(res.n).toBe(n);
    expect(res.dims).toBe(3);
    expect(res.sampled).toBeNull();
    expect(x.byteLength).toBe(n * d * 4); // not transferred away
    expect(Array.from(x)).toEqual(Array.from(before));
    for (let k = 0; k < 3; k++) expect(res.explainedVariance![k]).toBeCloseTo(ref.explainedVariance[k], 8);
    for (let i = 0; i < n * 3; i++) expect(res.positions[i]).toBeCloseTo(ref.positions[i], 4);
    expect(progress.at(-1)!.progress).toBe(1);
  });

  it('accepts nested arrays and keeps `components` axes', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => [i, 2 * i + (i % 3), (i * 7) % 5]);
    const res = await pca(rows, { components: 3 });
    expect(res.dims).toBe(3);
    expect(res.explainedVarianceRatio!.reduce((a, b) => a + b)).toBeCloseTo(1, 10);
  });

  it('rejects bad input with a TensorLensError naming it', async () => {
    const nan = matrix(10, 4, 2);
    nan[4 * 3 + 2] = NaN;
    const e1 = (await rejection(pca({ data: nan, shape: [10, 4] }))) as TensorLensError;
    expect(e1).toBeInstanceOf(TensorLensError);
    expect(e1.code).toBe('nan');
    expect(e1.argument).toBe('data[3, 2]');
    const e2 = (await rejection(pca(new Float32Array(8)))) as TensorLensError;
    expect([e2.code, e2.argument]).toEqual(['shape', 'data']);
    const e3 = (await rejection(pca([[1, 2, 3]]))) as TensorLensError;
    expect(e3.code).toBe('empty');
    const e4 = (await rejection(project('mds' as 'pca', [[1], [2]]))) as TensorLensError;
    expect([e4.code, e4.argument]).toEqual(['option', 'method']);
    const e5 = (await rejection(pca([[1], [2]], { dims: 4 as 2 }))) as TensorLensError;
    expect([e5.code, e5.argument]).toEqual(['option', 'options.dims']);
    const e6 = (await rejection(tsne([[1], [2], [3]], { perplexity: -1 }))) as TensorLensError;
    expect([e6.code, e6.argument]).toEqual(['range', 'options.perplexity']);
    const e7 = (await rejection(pca([[1, 2], [2, 3]], { components: 3 }))) as TensorLensError;
    expect([e7.code, e7.argument]).toEqual(['range', 'options.components']);
    const e8 = (await rejection(createNeighborIndex([[1], [2]], { metric: 'manhattan' as 'cosine' }))) as TensorLensError;
    expect([e8.code, e8.argument]).toEqual(['option', 'options.metric']);
    const e9 = (await rejection(createNeighborIndex({ data: Float32Array.of(1, NaN), shape: [2, 1] }))) as TensorLensError;
    expect([e9.code, e9.argument]).toEqual(['nan', 'data[1, 0]']);
  });

  it('rejects a projection that leaves float32’s range with a TensorLensError naming pca, from the worker and inline', async () => {
    // finite float32 rows whose projection on the first axis is ±3e38·√2: beyond float32, Infinity if returned
    const n = 6;
    const x = new Float32Array(n * 2);
    for (let i = 0; i < n; i++) x[i * 2] = x[i * 2 + 1] = (i % 2 ? 3e38 : -3e38) * (1 - i / (4 * n));
    for (const worker of [true, false]) {
      const e = (await rejection(pca({ data: x, shape: [n, 2] }, { worker }))) as TensorLensError;
      expect(e).toBeInstanceOf(TensorLensError);
      expect([e.code, e.argument, e.expected]).toEqual(['nan', 'pca', 'finite positions']);
      expect(e.message).toMatch(/non-finite layout in the final projection \(point 0, axis 0/);
    }
  });
});

describe('neighbour index', () => {
  const n = 2000, d = 16;
  const x = matrix(n, d, 3);
  const brute = (q: Float32Array, exclude: number, metric: 'euclidean' | 'cosine') => {
    const qn = Math.hypot(...q);
    return Array.from({ length: n }, (_, i) => i)
      .filter((i) => i !== exclude)
      .map((i) => {
        const row = x.subarray(i * d, (i + 1) * d);
        const dist = metric === 'euclidean' ? Math.sqrt(row.reduce((s, v, j) => s + (v - q[j]) ** 2, 0)) : 1 - row.reduce((s, v, j) => s + v * q[j], 0) / (Math.hypot(...row) * qn);
        return { i, dist };
      })
      .sort((a, b) => a.dist - b.dist || a.i - b.i);
  };

  it('answers repeated queries by row and by vector like a brute-force sort', async () => {
    for (const metric of ['euclidean', 'cosine'] as const) {
      const index = await createNeighborIndex({ data: x, shape: [n, d] }, { metric });
      expect([index.n, index.dims]).toEqual([n, d]);
      for (const i of [0, 999, 1999]) {
        const r = await index.query(i, 8);
        const ref = brute(x.subarray(i * d, (i + 1) * d), i, metric).slice(0, 8);
        expect(Array.from(r.indices)).toEqual(ref.map((t) => t.i));
        ref.forEach((t, j) => expect(r.distances[j]).toBeCloseTo(t.dist, 4));
      }
      const q = matrix(1, d, 9);
      const r = await index.query(q, 5);
      expect(Array.from(r.indices)).toEqual(brute(q, -1, metric).slice(0, 5).map((t) => t.i));
      index.destroy();
      const e = (await rejection(index.query(0, 3))) as TensorLensError;
      expect(e.code).toBe('destroyed');
    }
  });

  it('rejects k ≥ N, bad rows and bad vectors', async () => {
    const index = await createNeighborIndex({ data: x.subarray(0, 10 * d), shape: [10, d] });
    expect(((await rejection(index.query(0, 10))) as TensorLensError).code).toBe('range');
    expect(((await rejection(index.query(10, 3))) as TensorLensError).code).toBe('range');
    expect(((await rejection(index.query(new Float32Array(3), 3))) as TensorLensError).code).toBe('shape');
    const bad = new Float32Array(d);
    bad[1] = Infinity;
    expect(((await rejection(index.query(bad, 3))) as TensorLensError).argument).toBe('query[1]');
    index.destroy();
    const r = await nearestNeighbors([[0], [1], [5], [1.5]], 1, 2);
    expect(Array.from(r.indices)).toEqual([3, 0]);
    expect(Array.from(r.distances)).toEqual([0.5, 1]);
  });
});

describe('t-SNE and UMAP in a worker', () => {
  it('streams intermediate layouts with progress, then resolves clusters apart', async () => {
    const { data, labels, n } = clusters(3, 60, 8, 6, 5);
    const streamed: ProjectionProgress[] = [];
    const res = await tsne({ data, shape: [n, 8] }, { iterations: 200, perplexity: 15, streamEvery: 20, onProgress: (p) => p.positions && streamed.push(p) });
    expect(streamed.length).toBeGreaterThanOrEqual(8);
    for (const p of streamed) {
      expect(p.method).toBe('tsne');
      expect(p.positions!.length).toBe(n * 2);
    }
    expect(streamed.map((p) => p.iteration)).toEqual([...streamed.map((p) => p.iteration)].sort((a, b) => a - b));
    expect(knnLabelAgreement(res.positions, 2, labels, 8)).toBeGreaterThan(0.95);
    const u = await umap({ data, shape: [n, 8] }, { dims: 3, nEpochs: 60, streamEvery: 10 });
    expect(u.positions.length).toBe(n * 3);
    expect(knnLabelAgreement(u.positions, 3, labels, 8)).toBeGreaterThan(0.9);
  });

  it('rejects with an AbortError on abort, and progress stops', async () => {
    const { data, n } = clusters(4, 200, 10, 4, 6);
    const ctrl = new AbortController();
    let after = 0;
    let aborted = false;
    const p = tsne({ data, shape: [n, 10] }, {
      iterations: 5000,
      streamEvery: 5,
      signal: ctrl.signal,
      onProgress: (e) => {
        if (aborted) after++;
        else if (e.iteration >= 10) {
          aborted = true;
          ctrl.abort();
        }
      },
    });
    const e = (await rejection(p)) as DOMException;
    expect(e).toBeInstanceOf(DOMException);
    expect(e.name).toBe('AbortError');
    await new Promise((r) => setTimeout(r, 300));
    expect(after).toBe(0);
    const pre = new AbortController();
    pre.abort();
    expect(((await rejection(pca([[1], [2]], { signal: pre.signal }))) as DOMException).name).toBe('AbortError');
  });

  it('runs the same code inline with { worker: false }', async () => {
    const x = matrix(300, 6, 7);
    const a = await pca({ data: x, shape: [300, 6] }, { worker: false });
    const b = await pca({ data: x, shape: [300, 6] });
    expect(Array.from(a.positions)).toEqual(Array.from(b.positions));
  });
});

describe('pause and resume (createProjectionControl)', () => {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  for (const worker of [true, false]) {
    it(`a paused t-SNE stops advancing and resumes to the unpaused result (${worker ? 'worker' : 'inline'})`, async () => {
      const { data } = clusters(3, 100, 8, 6, 11);
      const input = { data, shape: [300, 8] };
      const params = { iterations: 400, perplexity: 20, seed: 5, worker, streamEvery: 0 };
      const reference = await tsne(input, params);
      const control = createProjectionControl();
      let iteration = 0;
      const pausedAt: number[] = [];
      let pausedOnce = false;
      const run = tsne(input, {
        ...params,
        control,
        onProgress: (p) => {
          if (p.paused) pausedAt.push(p.iteration);
          else iteration = Math.max(iteration, p.iteration);
          if (iteration >= 20 && !pausedOnce) {
            pausedOnce = true;
            control.pause(); // while it certainly runs
          }
        },
      });
      let settled = false;
      void run.finally(() => (settled = true));
      await until(() => pausedOnce, 't-SNE past iteration 20', 20000);
      expect(control.paused).toBe(true);
      await until(() => pausedAt.length === 1, 'the paused report', 5000);
      const stoppedAt = iteration;
      expect(pausedAt[0]).toBeGreaterThanOrEqual(stoppedAt - 1);
      await sleep(400);
      expect(iteration).toBe(stoppedAt); // no progress while paused
      expect(settled).toBe(false);
      expect(stoppedAt).toBeLessThan(400);
      control.resume();
      const res = await run;
      expect(iteration).toBeGreaterThan(stoppedAt);
      expect(Array.from(res.positions)).toEqual(Array.from(reference.positions));
    });
  }

  it('aborting a paused run rejects with an AbortError', async () => {
    const { data } = clusters(2, 100, 6, 6, 2);
    const control = createProjectionControl({ paused: true });
    const ctrl = new AbortController();
    const run = tsne({ data, shape: [200, 6] }, { iterations: 300, control, signal: ctrl.signal, worker: false });
    await sleep(100);
    ctrl.abort();
    const e = await rejection(run);
    expect((e as Error).name).toBe('AbortError');
  });

  it('spherize projects the centred unit-length rows (PCA against an independent computation)', async () => {
    const n = 200, d = 6;
    const x = matrix(n, d, 9);
    const mean = new Float64Array(d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += x[i * d + j] / n;
    const s = new Float32Array(n * d);
    for (let i = 0; i < n; i++) {
      let q = 0;
      for (let j = 0; j < d; j++) q += (x[i * d + j] - mean[j]) ** 2;
      for (let j = 0; j < d; j++) s[i * d + j] = (x[i * d + j] - mean[j]) / Math.sqrt(q);
    }
    const want = pcaFit(s, n, d, 2);
    for (const worker of [true, false]) {
      const got = await pca({ data: x, shape: [n, d] }, { spherize: true, worker });
      for (let i = 0; i < n * 2; i++) expect(got.positions[i]).toBeCloseTo(want.positions[i], 4);
    }
    await expect(pca({ data: x, shape: [n, d] }, { spherize: 'yes' as unknown as boolean })).rejects.toMatchObject({ argument: 'options.spherize' });
  });
});
