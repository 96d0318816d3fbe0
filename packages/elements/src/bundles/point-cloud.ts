// tensorlens-point-cloud.min.js: <tl-point-cloud> alone (the projector, with its projection worker, has its own
// file: tensorlens-embedding-projector.min.js).
import { TlPointCloud } from '../point-cloud-element';
import { defineOne } from './define-one';

defineOne('tl-point-cloud', TlPointCloud);

// Only the core API a page needs beside the element (the full tensorlens.min.js exposes all of core).
export { createSelection, namedSelection, namedSelectionNames, TensorLensError } from '@tensorlens/core';
export { createPointCloud } from '@tensorlens/gl';
export { TlPointCloud };
export { loadPointTable } from '../load-embedding';
