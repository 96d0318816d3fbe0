export { createEmbeddingProjector } from './embedding-projector';
export { formatDistance } from './options';
export type { EmbeddingProjectorOptions, EmbeddingProjectorEvents, EmbeddingProjectorHandle, ProjectorMethod } from './options';
