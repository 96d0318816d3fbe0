// tensorlens-saliency.min.js: <tl-saliency> alone (precomputed attribution maps; no tfjs).
import { TlSaliency } from '../saliency-element';
import { defineOne } from './define-one';

defineOne('tl-saliency', TlSaliency);

export * from '@tensorlens/core';
export { createSaliencyOverlay } from '@tensorlens/charts';
export { TlSaliency };
