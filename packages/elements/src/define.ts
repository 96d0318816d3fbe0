// The one module with a side effect: registers every tensorlens custom element (<tl-confusion-matrix>,
// <tl-point-cloud>, …), each once, even if loaded twice.
import { defineElements } from './registry';

defineElements();

export { TlConfusionMatrix } from './confusion-matrix-element';
export { TlSaliency } from './saliency-element';
export { defineElements } from './registry';
export { TlParallelCoordinates } from './parallel-coordinates-element';
export { TlPointCloud } from './point-cloud-element';
export { TlEmbeddingProjector } from './embedding-projector-element';
export { TlActivationAtlas } from './activation-atlas-element';
