#!/usr/bin/env python3
"""Writes packages/explain/test/fixtures/quality-reference.json: reference values for
packages/explain/src/quality.ts (trustworthiness, continuity, kNN label accuracy).

A seeded dataset of 300 rows x 20 dims (4 Gaussian clusters, labelled), and four 2-D layouts of it:
scikit-learn's PCA, scikit-learn's t-SNE, a uniform random layout and a noisy copy of the PCA layout.
For each layout and k in (5, 10):
  trustworthiness  sklearn.manifold.trustworthiness(high, low, n_neighbors=k)  (euclidean)
  continuity       the same function with the spaces swapped, trustworthiness(low, high), checked
                   against an independent numpy implementation of Venna & Kaski's formula
  knn_accuracy     leave-one-out kNN majority vote in the layout (numpy); a tie in votes goes to the
                   tied label whose member is nearest; neighbours at equal distance: lower index first

Every number is rounded before anything is computed, so the TypeScript tests read exactly the values
used here. The script checks there are no near-ties in distance (which scikit-learn and our code could
order differently). Run: pip install scikit-learn numpy && python3 scripts/make-quality-reference.py
"""
import json
import os

import numpy as np
import sklearn
from sklearn.decomposition import PCA
from sklearn.manifold import TSNE, trustworthiness

N, D, CLASSES, SEED = 300, 20, 4, 7
KS = (5, 10)
OUT = os.path.join(os.path.dirname(__file__), '..', 'packages', 'explain', 'test', 'fixtures', 'quality-reference.json')

rng = np.random.default_rng(SEED)
labels = np.arange(N) % CLASSES
centers = rng.normal(scale=3.0, size=(CLASSES, D))
high = np.round(centers[labels] + rng.normal(size=(N, D)), 4)


def pairwise(x):
    """Exact euclidean distances (differences, not the |a|^2 + |b|^2 - 2ab expansion)."""
    return np.sqrt(((x[:, None, :] - x[None, :, :]) ** 2).sum(-1))


def ranks(dist):
    """ranks[i, j] = rank of j among i's neighbours (1 = nearest), ties by lower index; ranks[i, i] = 0."""
    n = len(dist)
    r = np.zeros((n, n), dtype=np.int64)
    for i in range(n):
        d = dist[i].copy()
        d[i] = np.inf
        order = np.lexsort((np.arange(n), d))  # by distance, then index
        r[i, order[:-1]] = np.arange(1, n)
    return r


def knn(dist, k):
    n = len(dist)
    out = np.zeros((n, k), dtype=np.int64)
    for i in range(n):
        d = dist[i].copy()
        d[i] = np.inf
        out[i] = np.lexsort((np.arange(n), d))[:k]
    return out


def trust_numpy(reference, judged, k):
    """Venna & Kaski: intruders of judged's kNN, penalised by their rank in reference."""
    n = len(reference)
    r = ranks(pairwise(reference))
    nb = knn(pairwise(judged), k)
    pen = sum(max(0, r[i, j] - k) for i in range(n) for j in nb[i])
    return 1 - 2.0 / (n * k * (2 * n - 3 * k - 1)) * pen


def knn_accuracy(low, y, k):
    nb = knn(pairwise(low), k)
    correct = 0
    for i in range(len(low)):
        votes = {}
        for j in nb[i]:
            votes[y[j]] = votes.get(y[j], 0) + 1
        top = max(votes.values())
        best = next(y[j] for j in nb[i] if votes[y[j]] == top)  # nearest of the tied labels
        correct += int(best == y[i])
    return correct / len(low)


def min_relative_gap(x):
    """Smallest non-zero gap between sorted distances of one row, relative to the distance. A near-tie could be
    ordered differently by a different summation order; exact ties (t-SNE's float32 grid has a few) are ordered
    by lower index by both implementations here, and sklearn's agreement with them is asserted below."""
    dist = pairwise(x)
    worst = np.inf
    for i in range(len(x)):
        d = np.sort(np.delete(dist[i], i))
        g = np.diff(d) / d[1:]
        worst = min(worst, float(np.min(g[g > 0])))
    return worst


pca = np.round(PCA(n_components=2, random_state=SEED).fit_transform(high), 6)
# float32 values as they are (rounding them would make ties); JSON keeps every float64 exactly
tsne = TSNE(n_components=2, perplexity=30, init='pca', random_state=SEED).fit_transform(high).astype(np.float64)
rand = np.round(rng.uniform(-1, 1, size=(N, 2)), 6)
noisy = np.round(pca + rng.normal(scale=0.5 * pca.std(), size=pca.shape), 6)

assert min_relative_gap(high) > 1e-9, 'near-tie in the high-dimensional distances'
layouts = {}
for name, low in (('pca', pca), ('tsne', tsne), ('random', rand), ('noisy', noisy)):
    assert min_relative_gap(low) > 1e-9, f'near-tie in the {name} layout'
    entry = {'positions': low.ravel().tolist(), 'trustworthiness': {}, 'continuity': {}, 'knn_accuracy': {}}
    for k in KS:
        t = float(trustworthiness(high, low, n_neighbors=k))
        c = float(trustworthiness(low, high, n_neighbors=k))
        assert abs(t - trust_numpy(high, low, k)) < 1e-12, (name, k, 'trustworthiness')
        assert abs(c - trust_numpy(low, high, k)) < 1e-12, (name, k, 'continuity')
        entry['trustworthiness'][str(k)] = t
        entry['continuity'][str(k)] = c
        entry['knn_accuracy'][str(k)] = float(knn_accuracy(low, labels, k))
    layouts[name] = entry
    print(name, entry['trustworthiness'], entry['continuity'], entry['knn_accuracy'])

# Exact ties everywhere (small integer grids): our order among equal distances (lower index first), which the numpy
# reference follows; scikit-learn's order among ties is unspecified, so these are numpy values only.
tie_high = np.array([[i % 3, (i // 3) % 3, i % 2] for i in range(12)], dtype=float)
tie_low = np.array([[i % 4, i // 4] for i in range(12)], dtype=float)
ties = {
    'n': 12, 'high': tie_high.ravel().tolist(), 'low': tie_low.ravel().tolist(),
    'trustworthiness': {str(k): float(trust_numpy(tie_high, tie_low, k)) for k in (2, 3)},
    'continuity': {str(k): float(trust_numpy(tie_low, tie_high, k)) for k in (2, 3)},
}
print('ties', ties['trustworthiness'], ties['continuity'])

fixture = {
    'about': 'Written by scripts/make-quality-reference.py (scikit-learn ' + sklearn.__version__ + ', numpy ' + np.__version__ + ').',
    'n': N,
    'd': D,
    'high': high.ravel().tolist(),
    'labels': labels.tolist(),
    'ks': list(KS),
    'layouts': layouts,
    'ties': ties,
}
os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, 'w') as f:
    json.dump(fixture, f, separators=(',', ':'))
print('wrote', os.path.normpath(OUT), os.path.getsize(OUT), 'bytes')
