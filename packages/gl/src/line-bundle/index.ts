export { createLineBundle } from './line-bundle';
export type { LineBundle, LineBundleOptions, LineBundleLayout, LineColors, LineStyle, LineMode } from './line-bundle';
export { filterRows, sortRanges } from './filter';
export type { LineRange } from './filter';
export { MAX_RANGES } from './shaders';
export { binRows, pairHistograms, updateHistograms, rasterizeDensity, densityMax, densityToRGBA, densityToRGBAColored, rowColors, pairColorSums, densityUnit, autoBins, MAX_BINS, DENSITY_OPACITY } from './density';
export type { DensityGeometry, DensityColors } from './density';
