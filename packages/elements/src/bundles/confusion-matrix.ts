// tensorlens-confusion-matrix.min.js: <tl-confusion-matrix> alone, for a page that embeds just that chart.
// Exposes core, createConfusionMatrix and the element's loaders on the global `tensorlens` (merged with
// whatever other tensorlens scripts on the page put there).
import { TlConfusionMatrix } from '../confusion-matrix-element';
import { defineOne } from './define-one';

defineOne('tl-confusion-matrix', TlConfusionMatrix);

// Only the core API a page needs beside the element (the full tensorlens.min.js exposes all of core).
export { createSelection, namedSelection, namedSelectionNames, TensorLensError } from '@tensorlens/core';
export { createConfusionMatrix } from '@tensorlens/charts';
export { TlConfusionMatrix };
export { loadConfusionData, parseConfusionText } from '../load';
