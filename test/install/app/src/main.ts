// A small app on the published packages, without tfjs: the confusion matrix (charts), the point cloud (gl),
// parallel coordinates (views) linked by one selection, and <tl-confusion-matrix> (elements, registered by the
// documented `define` entry).
import { createSelection } from '@tensorlens/core';
import { createConfusionMatrix } from '@tensorlens/charts';
import { createPointCloud } from '@tensorlens/gl';
import { createParallelCoordinates } from '@tensorlens/views';
import '@tensorlens/elements/define';
import { report } from './report';

const classes = ['cat', 'dog', 'bird'];
const n = 300;
// Deterministic data: three clusters, a classifier right about 80% of the time.
let seed = 7;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const yTrue = Array.from({ length: n }, (_, i) => i % 3);
const yPred = yTrue.map((t) => (random() < 0.8 ? t : (t + 1 + Math.floor(random() * 2)) % 3));
const positions = yTrue.map((t) => [Math.cos((2 * Math.PI * t) / 3) * 4 + random() * 2 - 1, Math.sin((2 * Math.PI * t) / 3) * 4 + random() * 2 - 1]);
const rows = yTrue.map((t, i) => ({ x: positions[i][0], y: positions[i][1], confidence: random(), label: classes[t] }));

const byId = (id: string): HTMLElement => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from the page`);
  return element;
};

report('app', async () => {
  const selection = createSelection();
  const matrix = createConfusionMatrix(byId('confusion-matrix'), { yTrue, yPred, classes, selection });
  const cloud = createPointCloud(byId('point-cloud'), { positions, color: yTrue.map((t) => classes[t]), selection });
  const lines = createParallelCoordinates(byId('parallel-coordinates'), { data: rows, color: 'label', selection });

  const element = document.querySelector('tl-confusion-matrix');
  if (!element) throw new Error('<tl-confusion-matrix> is missing from the page');
  element.data = { yTrue, yPred, classes };

  await Promise.all([matrix.whenRendered(), cloud.whenRendered(), lines.whenRendered(), element.whenRendered()]);
});
