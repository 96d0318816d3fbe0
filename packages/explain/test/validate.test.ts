import { describe, expect, it } from 'vitest';
import { TensorLensError } from '@tensorlens/core';
import { pcaFit } from '../src/pca';
import { projectionSteps } from '../src/jobs';
import { drain } from '../src/eigen';
import { umapSteps } from '../src/umap';
import { checkLayout, nonFiniteLayout } from '../src/validate';
import { clusters } from '../../../test/support';

function thrown(f: () => unknown): TensorLensError {
  try {
    f();
  } catch (e) {
    return e as TensorLensError;
  }
  throw new Error('expected a throw');
}

/** Finite float32 data whose projection on the first axis (±3e38·√2) is beyond float32's range. */
function overflowing(n: number): Float32Array {
  const x = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) x[i * 2] = x[i * 2 + 1] = (i % 2 ? 3e38 : -3e38) * (1 - i / (4 * n));
  return x;
}

describe('projection results are validated', () => {
  it('PCA of finite data that projects beyond float32 throws a nan error naming pca, not Infinity positions', () => {
    const n = 6;
    const x = overflowing(n);
    expect(x.every(Number.isFinite)).toBe(true);
    const e = thrown(() => pcaFit(x, n, 2, 2));
    expect(e).toBeInstanceOf(TensorLensError);
    expect([e.code, e.argument, e.expected]).toEqual(['nan', 'pca', 'finite positions']);
    expect(e.message).toMatch(/non-finite layout in the final projection \(point 0, axis 0: -?Infinity\)/);
    // the same through the job runner that the worker and the inline mode share
    const j = thrown(() => drain(projectionSteps('pca', x, n, 2, { dims: 2, streamEvery: 0, maxPoints: Infinity, seed: 1 })));
    expect([j.code, j.argument]).toEqual(['nan', 'pca']);
  });

  // umap-js clips every gradient step to ±4, and no input or parameter we tried (float32 extremes, denormals,
  // identical rows, spread/minDist from 1e-30 to 1e300) makes it diverge: the check itself is tested here.
  it('a non-finite layout names the method, where it was found and the first bad point', () => {
    const e = thrown(() => checkLayout('umap', Float32Array.of(1, 2, 3, NaN, 5, 6), 2, 'at epoch 7 of 200'));
    expect(e).toBeInstanceOf(TensorLensError);
    expect([e.code, e.argument, e.received]).toEqual(['nan', 'umap', 'a non-finite layout at epoch 7 of 200']);
    expect(e.message).toBe('umap: expected finite positions, received a non-finite layout at epoch 7 of 200 (point 1, axis 1: NaN)');
    expect(() => checkLayout('tsne', Float32Array.of(1, -Infinity), 2, 'in the returned layout')).toThrow(/tsne: .*point 0, axis 1: -Infinity/);
    expect(() => checkLayout('pca', Float32Array.of(0, -1e38, 3.4e38), 3, 'x')).not.toThrow();
    expect(nonFiniteLayout('umap', 'at epoch 1 of 2').code).toBe('nan');
  });

  it('a UMAP run that stays finite passes every per-epoch check and returns a finite layout', () => {
    const { data, n } = clusters(3, 20, 5, 6, 4);
    const y = drain(umapSteps(data, n, 5, 2, { nEpochs: 30 }, 1, 0));
    expect(y.length).toBe(n * 2);
    expect(y.every(Number.isFinite)).toBe(true);
  });
});
