export { confusionMatrixStats, confusionMatrixStatsSync, statsFromMatrix } from './confusion-matrix/stats';
export type { ConfusionStats, ConfusionStatsOptions, PerClassStats } from './confusion-matrix/stats';
export type { LabelInput, PredInput, WeightInput, TensorInput } from './confusion-matrix/input';
export { MAX_CLASSES } from './confusion-matrix/input';
export { orderClasses } from './confusion-matrix/order';
export type { ClassOrder } from './confusion-matrix/order';
export type { Normalize } from './confusion-matrix/view';
export type { CellScheme } from './confusion-matrix/colors';
export { createConfusionMatrix } from './confusion-matrix/confusion-matrix';
export type {
  ConfusionMatrixOptions,
  ConfusionMatrixEvents,
  ConfusionMatrixHandle,
  ConfusionSelectEvent,
  ConfusionCompare,
  MatrixInput,
  SelectionLike,
} from './confusion-matrix/confusion-matrix';
export type { ZoomTransform } from './confusion-matrix/zoom';
export { createSaliencyOverlay } from './saliency/saliency-overlay';
export type { SaliencyOverlayOptions, SaliencyOverlayEvents, SaliencyOverlayHandle, SaliencyEntry, SaliencyMode, SaliencyMapStats, SaliencyHoverEvent } from './saliency/saliency-overlay';
export type { SaliencyImageInput, SaliencyMapInput, ChannelReduce } from './saliency/input';
export { percentile, selectKth } from './saliency/percentile';
export { createLayerExplorer } from './layer-explorer/layer-explorer';
export type { LayerExplorerOptions, LayerExplorerEvents, LayerExplorerHandle, LayerSelectEvent, ChannelDetail } from './layer-explorer/layer-explorer';
export type { LayerSpec, SequentialLike, LayerActivation, DisposableTensor, TidyFn } from './layer-explorer/run';
export { createDataTable } from './data-table/data-table';
export type { DataTableOptions, DataTableEvents, DataTableHandle, DataTableSort, CellFormatter } from './data-table/data-table';
export { sortRows, sortRowsSync, compareRows } from './data-table/sort';
export type { SortRowsOptions } from './data-table/sort';
export { formatNumber } from './data-table/format';
