// Writes docs/examples/article-embedding.csv: a 2-D UMAP layout of the CNN embedding of the 2000 test digits
// in docs/examples/projector/tensors.tsv (written by scripts/make-mnist-embedding.mjs), one row per digit in
// the same order as docs/examples/article-predictions.csv, so the article's point cloud and confusion matrix
// share row indices (selection="digits").
//
//   columns: x, y (UMAP, rounded to 3 decimals), label (true digit), predicted (the MLP's prediction, as in the
//   article's CSV), correct (yes/no)
//
// UMAP (umap-js): cosine metric, 15 neighbours, min_dist 0.1, 400 epochs, seeded; run with
// `node scripts/make-article-embedding.mjs` (about 20 s).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UMAP } from 'umap-js';
import { rng } from './lib/random.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const read = (path) => readFileSync(resolve(root, path), 'utf8').trim().split('\n');

const vectors = read('docs/examples/projector/tensors.tsv').map((line) => line.split('\t').map(Number));
const [header, ...metadata] = read('docs/examples/projector/metadata.tsv').map((line) => line.split('\t'));
const predictions = read('docs/examples/article-predictions.csv').slice(1).map((line) => line.split(','));
if (vectors.length !== 2000 || metadata.length !== 2000 || predictions.length !== 2000) throw new Error('expected 2000 rows in each input file');
const labelColumn = header.indexOf('label');
metadata.forEach((row, i) => {
  if (row[labelColumn] !== predictions[i][0]) throw new Error(`row ${i}: the embedding's label ${row[labelColumn]} is not the article's y_true ${predictions[i][0]}`);
});

const cosine = (a, b) => {
  let dot = 0, na = 0, nb = 0;
  for (let k = 0; k < a.length; k++) {
    dot += a[k] * b[k];
    na += a[k] * a[k];
    nb += b[k] * b[k];
  }
  return na && nb ? 1 - dot / Math.sqrt(na * nb) : 1;
};
const umap = new UMAP({ nComponents: 2, nNeighbors: 15, minDist: 0.1, nEpochs: 400, random: rng(20240712), distanceFn: cosine });
const layout = umap.fit(vectors);

const lines = ['x,y,label,predicted,correct'];
layout.forEach(([x, y], i) => {
  const [truth, predicted] = predictions[i];
  lines.push(`${x.toFixed(3)},${y.toFixed(3)},${truth},${predicted},${truth === predicted ? 'yes' : 'no'}`);
});
writeFileSync(resolve(root, 'docs/examples/article-embedding.csv'), lines.join('\n') + '\n');
console.log(`wrote docs/examples/article-embedding.csv (${layout.length} rows)`);
