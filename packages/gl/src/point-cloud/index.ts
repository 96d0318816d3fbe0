export { createPointCloud } from './point-cloud';
export { autoOpacity } from './opacity';
export { pointCloudOptions } from './options';
export type { PointCloudOptions, PointCloudEvents, PointCloudHandle, PointCloudScheme, PointCloudCamera, SetCameraOptions, PointCloudSprite, SpriteImage, NumericChannel, ColorChannel, ColorType, TableLike } from './options';
export { isCssColor } from './input';
export { searchMatcher } from './search';
