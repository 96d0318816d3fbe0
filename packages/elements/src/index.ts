// @tensorlens/elements: custom elements for tensorlens components. No side effects here:
// import '@tensorlens/elements/define' (or call defineElements()) to register the tags.
export { TlConfusionMatrix } from './confusion-matrix-element';
export type { TlSelectDetail, TlErrorDetail, CompareData } from './confusion-matrix-element';
export {
  OPTION_ATTRIBUTES,
  OBSERVED_ATTRIBUTES,
  ATTRIBUTE_OF,
  parseAttribute,
  serializeAttribute,
  optionsFromAttributes,
  optionNameOf,
  parseList,
  readOption,
  writeOption,
} from './attributes';
export type { AttributeOptions, OptionName } from './attributes';
export { loadConfusionData, parseConfusionText, fromJSON, guessFormat, LoadError } from './load';
export type { ConfusionData, LoadOptions } from './load';
export { TlSaliency, decodeArray, mapFromPNG, fromSaliencyJSON } from './saliency-element';
export type { SaliencyJSON, SaliencyMapJSON, SaliencyArrayJSON, SaliencyData } from './saliency-element';
export { defineElements } from './registry';
export { TlParallelCoordinates, PARALLEL_COORDINATES_ATTRIBUTES } from './parallel-coordinates-element';
export type { ParallelCoordinatesData } from './parallel-coordinates-element';
export { TlElement, TlElement as TlLazyElement, parseAttributeValue, optionsFromSpecs, camelCase, injectElementStyle, LOADING_TEXT, NO_DATA_TEXT } from './element-base';
export type { AttributeSpec, ElementHandle } from './element-base';
export { TlPointCloud, POINT_CLOUD_ATTRIBUTES } from './point-cloud-element';
export type { PointCloudData } from './point-cloud-element';
export { TlEmbeddingProjector, PROJECTOR_ATTRIBUTES } from './embedding-projector-element';
export type { ProjectorData } from './embedding-projector-element';
export { TlActivationAtlas, ATLAS_ATTRIBUTES } from './activation-atlas-element';
export type { AtlasData } from './activation-atlas-element';
export {
  loadEmbedding,
  parseEmbedding,
  parseTensorTSV,
  parseMetadataTSV,
  splitTable,
  loadPointTable,
  parsePointTable,
  guessEmbeddingFormat,
  isArrowBytes,
  decodeBase64Float32,
  setArrowReader,
  getArrowReader,
} from './load-embedding';
export type { EmbeddingSource, EmbeddingMatrix, EmbeddingFormat, ArrowReader, LoadEmbeddingOptions } from './load-embedding';
// The attributes, settable properties and events of every element (generated; the framework typings use them).
export type * from './element-types';
