export { createParallelCoordinates } from './parallel-coordinates';
export type { ParallelCoordinatesOptions, ParallelCoordinatesEvents, ParallelCoordinatesHandle } from './parallel-coordinates';
export { inferType, typeColumn, readRawTable, normalizeColumn } from './columns';
export type { ColumnType, AxisSpec, ParallelData, ParcoordsColumn, RawTable } from './columns';
export { linearTicks, logTicks, layoutAxes } from './axes';
export { fromBrushSpec, toBrushSpec, toLineRanges, mergeRanges } from './brush';
export type { BrushSpec, Brushes } from './brush';
