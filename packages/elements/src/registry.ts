import { TlConfusionMatrix } from './confusion-matrix-element';
import { TlSaliency } from './saliency-element';
import { TlParallelCoordinates } from './parallel-coordinates-element';
import { TlPointCloud } from './point-cloud-element';
import { TlEmbeddingProjector } from './embedding-projector-element';
import { TlActivationAtlas } from './activation-atlas-element';

/** Tag name → element class, for every tensorlens custom element. */
export const ELEMENTS = { 'tl-confusion-matrix': TlConfusionMatrix, 'tl-saliency': TlSaliency, 'tl-parallel-coordinates': TlParallelCoordinates, 'tl-point-cloud': TlPointCloud, 'tl-embedding-projector': TlEmbeddingProjector, 'tl-activation-atlas': TlActivationAtlas } as const;

/**
 * Registers every tensorlens element in `registry` (default: the global customElements).
 * Safe to call more than once, and beside another copy of tensorlens: a tag that is already
 * defined is left as it is.
 */
export function defineElements(registry: CustomElementRegistry | undefined = globalThis.customElements): void {
  if (!registry) return;
  for (const [tag, ctor] of Object.entries(ELEMENTS)) {
    if (!registry.get(tag)) registry.define(tag, ctor);
  }
}
