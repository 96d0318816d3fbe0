export { pca, umap, tsne, project } from './projection';
export { createNeighborIndex, nearestNeighbors } from './neighbors';
export { pcaFit, covarianceSteps, type PCAFit } from './pca';
export { symmetricEigen, type Eigen } from './eigen';
export type { NeighborIndex, NeighborIndexOptions, QueryOptions } from './neighbors';
export type { Matrix, ProjectionMethod, ProjectionOptions, ProjectionProgress, ProjectionResult, PCAParams, TsneParams, UmapParams, Metric, NeighborResult } from './types';
export * from './attribution';
export * from './atlas';
