export { createPointCloud } from './point-cloud';
export type { PointCloudOptions, PointCloudEvents, PointCloudHandle, NumericInput, TableLike } from './options';
