export { confusionMatrixStats, confusionMatrixStatsSync, statsFromMatrix } from './confusion-stats';
export type { ConfusionStats, ConfusionStatsOptions, PerClassStats } from './confusion-stats';
export type { LabelInput, PredInput, WeightInput, TensorInput } from './confusion-input';
export { orderClasses } from './confusion-order';
export type { ClassOrder } from './confusion-order';
export type { Normalize } from './confusion-view';
export type { CellScheme } from './confusion-colors';
export { createConfusionMatrix } from './confusion-matrix';
export type {
  ConfusionMatrixOptions,
  ConfusionMatrixEvents,
  ConfusionMatrixHandle,
  ConfusionSelectEvent,
  ConfusionCompare,
  MatrixInput,
  SelectionLike,
} from './confusion-matrix';
export type { ZoomTransform } from './confusion-zoom';
export { createSaliencyOverlay } from './saliency-overlay';
export type { SaliencyOverlayOptions, SaliencyOverlayEvents, SaliencyOverlayHandle, SaliencyEntry, SaliencyMode, SaliencyMapStats, SaliencyHoverEvent } from './saliency-overlay';
export type { SaliencyImageInput, SaliencyMapInput, ChannelReduce } from './saliency-input';
export { percentile, selectKth } from './saliency-percentile';
export { createLayerExplorer } from './layer-explorer';
export type { LayerExplorerOptions, LayerExplorerEvents, LayerExplorerHandle, LayerSelectEvent, ChannelDetail } from './layer-explorer';
export type { LayerSpec, SequentialLike, LayerActivation, DisposableTensor, TidyFn } from './layer-explorer-run';
export { createDataTable } from './data-table';
export type { DataTableOptions, DataTableEvents, DataTableHandle, DataTableSort, CellFormatter } from './data-table';
export { sortRows, sortRowsSync, compareRows } from './data-table-sort';
export type { SortRowsOptions } from './data-table-sort';
export { formatNumber } from './data-table-format';
export { createParallelCoordinates } from './parcoords';
export type { ParallelCoordinatesOptions, ParallelCoordinatesEvents, ParallelCoordinatesHandle } from './parcoords';
export { inferType, typeColumn, readRawTable, normalizeColumn } from './parcoords-columns';
export type { ColumnType, AxisSpec, ParallelData, ParcoordsColumn, RawTable } from './parcoords-columns';
export { linearTicks, logTicks, layoutAxes } from './parcoords-axes';
export { fromBrushSpec, toBrushSpec, toLineRanges, mergeRanges } from './parcoords-brush';
export type { BrushSpec, Brushes } from './parcoords-brush';
