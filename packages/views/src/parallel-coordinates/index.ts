export { createParallelCoordinates } from './parallel-coordinates';
export type { ParallelCoordinatesOptions, ParallelCoordinatesEvents, ParallelCoordinatesHandle, ParallelColorType } from './options';
export { parallelCoordinatesOptions } from './options';
export { inferType, typeColumn, normalizeColumn } from './columns';
export type { ColumnType, AxisSpec, ParallelData, ParcoordsColumn } from './columns';
export { layoutAxes } from './axes';
export { fromBrushSpec, toBrushSpec, toLineRanges, mergeRanges } from './brush';
export type { BrushSpec, Brushes } from './brush';
