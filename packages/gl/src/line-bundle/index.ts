export { createLineBundle } from './line-bundle';
export type { LineBundle, LineBundleOptions, LineBundleLayout, LineColors, LineStyle } from './line-bundle';
export { filterRows, sortRanges } from './filter';
export type { LineRange } from './filter';
export { MAX_RANGES } from './shaders';
