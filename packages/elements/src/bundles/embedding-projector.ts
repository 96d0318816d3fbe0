// tensorlens-embedding-projector.min.js: <tl-embedding-projector> (a point cloud with PCA / UMAP / t-SNE in an
// inlined worker and nearest neighbours), and <tl-point-cloud>, which it contains anyway.
import { TlPointCloud } from '../point-cloud-element';
import { TlEmbeddingProjector } from '../embedding-projector-element';
import { defineOne } from './define-one';

defineOne('tl-point-cloud', TlPointCloud);
defineOne('tl-embedding-projector', TlEmbeddingProjector);

// Only the core API a page needs beside the elements (the full tensorlens.min.js exposes all of core).
export { createSelection, namedSelection, namedSelectionNames, TensorLensError } from '@tensorlens/core';
export { createPointCloud } from '@tensorlens/gl';
export { createEmbeddingProjector } from '@tensorlens/views';
export { TlPointCloud, TlEmbeddingProjector };
export { loadEmbedding, loadPointTable } from '../load-embedding';
