export { createEmbeddingProjector } from './embedding-projector';
export { formatDistance } from './options';
export { validateState, PROJECTOR_STATE_VERSION } from './state';
export type { EmbeddingProjectorOptions, EmbeddingProjectorEvents, EmbeddingProjectorHandle, ProjectorMethod, ProjectorPCAOptions, ProjectorResult } from './options';
export type { CustomProjection, ProjectorCamera, ProjectorState } from './state';
export { parsePbtxt, PbtxtSyntaxError } from './pbtxt';
export type { PbtxtMessage, PbtxtValue, PbtxtScalar } from './pbtxt';
export {
  loadProjectorConfig,
  loadProjectorEmbedding,
  parseProjectorConfig,
  parseTensorBytes,
  ProjectorFileError,
} from './config';
export type { ProjectorConfig, ProjectorEmbeddingInfo, ProjectorSpriteInfo, ProjectorSprite, LoadedProjectorEmbedding, LoadProjectorConfigOptions, LoadProjectorEmbeddingOptions } from './config';
export { readBookmarks, bookmarksToJSON, fromTensorBoardState, readUrlState, writeUrlState, BOOKMARKS_FORMAT, DEFAULT_URL_STATE_KEY } from './bookmarks';
export type { ProjectorBookmark, ProjectorBookmarks } from './bookmarks';
