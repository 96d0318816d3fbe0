export { createEmbeddingProjector } from './embedding-projector';
export { formatDistance } from './options';
export { validateState, PROJECTOR_STATE_VERSION } from './state';
export type { EmbeddingProjectorOptions, EmbeddingProjectorEvents, EmbeddingProjectorHandle, ProjectorMethod, ProjectorPCAOptions, ProjectorResult } from './options';
export type { CustomProjection, ProjectorCamera, ProjectorState } from './state';
