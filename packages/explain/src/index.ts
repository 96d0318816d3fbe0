// @tensorlens/explain: projections, nearest neighbours and activation atlases — no tfjs-core here.
// Attribution (gradients, SmoothGrad, integrated gradients, Grad-CAM, occlusion…) needs tfjs-core and has its
// own entry, `@tensorlens/explain/attribution` (src/attribution/index.ts), so an app that never uses it needs no tfjs.
export { pca, umap, tsne, project } from './projection';
export { createProjectionControl, type ProjectionControl } from './run';
export { spherizeSteps } from './jobs';
export { createNeighborIndex, nearestNeighbors } from './neighbors';
export { pcaFit, covarianceSteps, type PCAFit } from './pca';
export { symmetricEigen, type Eigen } from './eigen';
export { trustworthiness, continuity, knnLabelAccuracy, type QualityOptions } from './quality';
export type { NeighborIndex, NeighborIndexOptions, QueryOptions } from './neighbors';
export type { Matrix, ProjectionMethod, ProjectionOptions, ProjectionProgress, ProjectionResult, PCAParams, TsneParams, UmapParams, Metric, NeighborResult } from './types';
export * from './atlas';
