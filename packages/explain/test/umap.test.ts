import { describe, expect, it } from 'vitest';
import { umapSteps } from '../src/umap';
import { projectionSteps } from '../src/jobs';
import { drain } from '../src/eigen';
import { clusters, knnLabelAgreement, silhouette } from '../../../test/support';

describe('UMAP', () => {
  it('preserves Gaussian clusters and is deterministic for a seed', () => {
    const { data, labels, n } = clusters(4, 50, 12, 6, 8);
    const y = drain(umapSteps(data, n, 12, 2, { nEpochs: 150 }, 3, 0));
    expect(knnLabelAgreement(y, 2, labels, 10)).toBeGreaterThan(0.95);
    expect(silhouette(y, 2, labels)).toBeGreaterThan(0.5);
    const again = drain(umapSteps(data, n, 12, 2, { nEpochs: 150 }, 3, 0));
    expect(Array.from(again)).toEqual(Array.from(y));
  });

  it('fits a sample above maxPoints, says so, and places the rest next to their cluster', () => {
    const { data, labels, n } = clusters(3, 100, 6, 8, 9);
    const res = drain(projectionSteps('umap', data, n, 6, { dims: 2, streamEvery: 0, maxPoints: 120, seed: 1, nEpochs: 100 }));
    expect(res.sampled).toMatchObject({ fitted: 120, total: 300 });
    expect(res.sampled!.reason).toMatch(/sample of 120 of 300/);
    expect(res.positions.every(Number.isFinite)).toBe(true);
    expect(knnLabelAgreement(res.positions, 2, labels, 10)).toBeGreaterThan(0.9);
  });
});
