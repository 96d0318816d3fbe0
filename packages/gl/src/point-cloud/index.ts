export { createPointCloud } from './point-cloud';
export { autoOpacity } from './opacity';
export { pointCloudOptions } from './options';
export type { PointCloudOptions, PointCloudEvents, PointCloudHandle, PointCloudScheme, NumericChannel, ColorChannel, ColorType, TableLike } from './options';
export { isCssColor } from './input';
