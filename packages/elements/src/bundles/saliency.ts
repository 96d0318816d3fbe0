// tensorlens-saliency.min.js: <tl-saliency> alone (precomputed attribution maps; no tfjs).
import { TlSaliency } from '../saliency-element';
import { defineOne } from './define-one';

defineOne('tl-saliency', TlSaliency);

// Only the core API a page needs beside the element (the full tensorlens.min.js exposes all of core).
export { createSelection, namedSelection, namedSelectionNames, TensorLensError } from '@tensorlens/core';
export { createSaliencyOverlay } from '@tensorlens/charts';
export { TlSaliency };
