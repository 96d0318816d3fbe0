#!/usr/bin/env python3
"""scikit-learn's PCA and t-SNE on the rows the projection benchmark uses: the peer of
test/bench/projections.bench.ts (`npm run bench -- projections` runs this first and hands the figures to the page).

Data: the Fashion-MNIST cache written by scripts/fashion-mnist.mjs (node_modules/.cache/tensorlens/
fashion-mnist-images.u8 / -labels.u8; rows interleaved by class), the first N rows, pixels / 255 as float32 —
the very rows and values the benchmark page reads.

For each N (default 2000, 10000, 60000):
  pca      PCA(n_components=2) with the default solver ('auto': the solver it picked is reported), fit_transform
           timed (median of 3 fits up to 10000 rows, as the page; one above).
  pca50    PCA(n_components=50), the same (t-SNE's and UMAP's input, as the page's).
  tsne     TSNE(perplexity=30, early_exaggeration=12, learning_rate='auto', max_iter=500, init='pca',
           method='barnes_hut', angle=0.5, random_state=42) on the 50 PCA components; fit_transform timed.
           Above 10000 rows only when BENCH_SKLEARN_TSNE_LARGE=1 (at 60000 it takes many minutes on 2 cores);
           otherwise the entry says why it was skipped.
Quality of each 2-D layout, on the first min(N, 5000) rows (class-balanced: the cache interleaves the classes; the
page uses the same rows): trustworthiness@10 (sklearn.manifold.trustworthiness), continuity@10
(the same function with the spaces swapped, as explain's quality.ts defines it) and leave-one-out kNN label
accuracy (k = 10, majority vote, a tie going to the tied label whose member is nearest, as quality.ts). The
high-dimensional reference of every measure is the 50 PCA components (the data t-SNE and UMAP see; measuring
against all 784 pixels costs 16x more in the page).

Each quality entry also holds `test_protocol`: trustworthiness@10 and kNN accuracy on the first 2000 rows,
what the scale tests measure, so their floors compare like with like.

Prints one JSON object on stdout; `--out FILE` also writes it (the committed reference for the tests' quality
floors is packages/explain/test/fixtures/fashion-mnist-sklearn.json). Progress goes to stderr.

  python3 scripts/bench-sklearn-projections.py [--sizes 2000,10000,60000] [--out FILE]
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import sklearn
from sklearn.decomposition import PCA
from sklearn.manifold import TSNE, trustworthiness
from sklearn.neighbors import NearestNeighbors

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
CACHE = os.path.join(ROOT, 'node_modules', '.cache', 'tensorlens')
PIXELS = 784
SUBSAMPLE = 5000
TEST_SUBSAMPLE = 2000
K = 10
TSNE_LARGE = os.environ.get('BENCH_SKLEARN_TSNE_LARGE') == '1'
TSNE_DEFAULT_MAX = 10000
PCA_REPS = 3


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def subsample(n, m=None):
    """The rows the quality measures use: the first min(n, m) rows (m = 5000). The cache interleaves the classes,
    so they are class-balanced; a stride through the rows would not be (every 2nd row holds only 5 classes)."""
    return np.arange(min(n, m or SUBSAMPLE))


def knn_accuracy(low, labels, k=K):
    """Leave-one-out kNN majority vote; neighbours by distance (exact ties: lower index first, as a stable sort);
    a tie in votes goes to the tied label whose member is nearest."""
    nn = NearestNeighbors(n_neighbors=k + 1).fit(low)
    dist, ind = nn.kneighbors(low)
    correct = 0
    for i in range(len(low)):
        row = [j for j in ind[i] if j != i][:k]
        votes = {}
        for j in row:
            votes[labels[j]] = votes.get(labels[j], 0) + 1
        best, best_votes = None, 0
        for j in row:  # distance order: the first label to reach the top count is the nearest tied one
            if votes[labels[j]] > best_votes:
                best, best_votes = labels[j], votes[labels[j]]
        correct += best == labels[i]
    return correct / len(low)


def quality(high, low, labels, idx):
    h, l, lab = high[idx].astype(np.float64), low[idx].astype(np.float64), labels[idx]
    out = {
        'trustworthiness': round(float(trustworthiness(h, l, n_neighbors=K)), 4),
        'continuity': round(float(trustworthiness(l, h, n_neighbors=K)), 4),
        'knn_accuracy': round(float(knn_accuracy(l, lab)), 4),
        'quality_rows': int(len(idx)),
    }
    # The scale tests' cheaper protocol (packages/explain/test/projection-scale.browser.test.ts): 2000 rows.
    small = subsample(len(high), TEST_SUBSAMPLE)
    h, l, lab = high[small].astype(np.float64), low[small].astype(np.float64), labels[small]
    out['test_protocol'] = {
        'trustworthiness': round(float(trustworthiness(h, l, n_neighbors=K)), 4),
        'knn_accuracy': round(float(knn_accuracy(l, lab)), 4),
        'quality_rows': int(len(small)),
    }
    return out


def timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return out, (time.perf_counter() - t0) * 1000


def pca_timed(x, components, reps):
    """PCA(n_components) fitted `reps` times (a fresh estimator each); the last fit and the median time."""
    times = []
    for _ in range(reps):
        est = PCA(n_components=components)
        y, ms = timed(lambda: est.fit_transform(x))
        times.append(ms)
    return est, y, float(np.median(times))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--sizes', default='2000,10000,60000')
    ap.add_argument('--out')
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(',') if s]
    images_file = os.path.join(CACHE, 'fashion-mnist-images.u8')
    labels_file = os.path.join(CACHE, 'fashion-mnist-labels.u8')
    if not os.path.exists(images_file):
        raise SystemExit(f'{images_file} is missing: run node scripts/fashion-mnist.mjs')
    images = np.fromfile(images_file, dtype=np.uint8).reshape(-1, PIXELS)
    labels_all = np.fromfile(labels_file, dtype=np.uint8)
    result = {
        'peer': f'scikit-learn {sklearn.__version__}',
        'numpy': np.__version__,
        'cpus': os.cpu_count(),
        'data': 'fashion-mnist cache (scripts/fashion-mnist.mjs), first N rows, pixels / 255 as float32',
        'quality': f'k = {K}, on the first min(N, {SUBSAMPLE}) rows (test_protocol: {TEST_SUBSAMPLE}), against the 50 PCA components',
        'tsne_params': {'perplexity': 30, 'early_exaggeration': 12, 'learning_rate': 'auto', 'max_iter': 500, 'init': 'pca', 'method': 'barnes_hut', 'angle': 0.5, 'random_state': 42},
        'results': {},
    }
    for n in sizes:
        x = images[:n].astype(np.float32) / np.float32(255)
        labels = labels_all[:n]
        idx = subsample(n)
        res = {}
        reps = PCA_REPS if n <= 10000 else 1
        pca2, y2, ms = pca_timed(x, 2, reps)
        pca50, x50, ms50 = pca_timed(x, 50, reps)
        res['pca'] = {'ms': round(ms, 1), 'reps': reps, 'solver': pca2._fit_svd_solver, **quality(x50, y2, labels, idx)}
        res['pca50'] = {'ms': round(ms50, 1), 'reps': reps, 'solver': pca50._fit_svd_solver}
        log(f'sklearn n={n}: pca {ms:.0f} ms ({pca2._fit_svd_solver}), pca50 {ms50:.0f} ms ({pca50._fit_svd_solver}) {res["pca"]}')
        if n > TSNE_DEFAULT_MAX and not TSNE_LARGE:
            res['tsne'] = {'skipped': f'scikit-learn t-SNE above {TSNE_DEFAULT_MAX} rows runs only with BENCH_SKLEARN_TSNE_LARGE=1 (many minutes on 2 cores)'}
        else:
            tsne = TSNE(n_components=2, perplexity=30, early_exaggeration=12, learning_rate='auto', max_iter=500, init='pca', method='barnes_hut', angle=0.5, random_state=42)
            yt, mst = timed(lambda: tsne.fit_transform(x50))
            res['tsne'] = {'ms': round(mst, 1), 'solver': 'barnes_hut', 'kl_divergence': round(float(tsne.kl_divergence_), 4), **quality(x50, yt, labels, idx)}
            log(f'sklearn n={n}: tsne {mst:.0f} ms {res["tsne"]}')
        result['results'][str(n)] = res
    text = json.dumps(result, indent=1)
    if args.out:
        with open(args.out, 'w') as f:
            f.write(text + '\n')
    print(text)


if __name__ == '__main__':
    main()
