// tensorlens-point-cloud.min.js: <tl-point-cloud> and <tl-embedding-projector> (the projector is a point
// cloud with projections, so they share nearly all their code).
import { TlPointCloud } from '../point-cloud-element';
import { TlEmbeddingProjector } from '../embedding-projector-element';
import { defineOne } from './define-one';

defineOne('tl-point-cloud', TlPointCloud);
defineOne('tl-embedding-projector', TlEmbeddingProjector);

export * from '@tensorlens/core';
export { createPointCloud } from '@tensorlens/gl';
export { createEmbeddingProjector } from '@tensorlens/views';
export { TlPointCloud, TlEmbeddingProjector };
export { loadEmbedding, loadPointTable } from '../load-embedding';
