import { createEmbeddingProjector, type EmbeddingProjectorHandle, type EmbeddingProjectorOptions } from '@tensorlens/views';
import { getArrowReader, loadEmbedding, setArrowReader, type ArrowReader, type EmbeddingFormat, type EmbeddingSource } from './load-embedding';
import { TlElement, optionsFromSpecs, parseAttributeValue, type AttributeSpec } from './element-base';

/** Attributes of `<tl-embedding-projector>` that map to projector options. */
export const PROJECTOR_ATTRIBUTES: Record<string, AttributeSpec> = {
  method: { kind: ['pca', 'umap', 'tsne'] },
  dims: { kind: 'integer' },
  'color-by': { option: 'color', kind: 'string' },
  'label-field': { option: 'label', kind: 'string' },
  k: { kind: 'integer' },
  metric: { kind: ['cosine', 'euclidean'] },
  search: { kind: 'string' },
  seed: { kind: 'number' },
  'max-points': { kind: 'integer' },
  'point-size': { option: 'size', kind: 'number' },
  'color-scheme': { option: 'scheme', kind: ['viridis', 'magma', 'blues', 'greys', 'rdbu', 'puor'] },
  legend: { kind: 'boolean' },
  spherize: { kind: 'boolean' },
  labels: { kind: ['selection', 'auto', 'all'] },
  'sprite-min-size': { option: 'spriteMinSize', kind: 'number' },
  'sprite-scale': { option: 'spriteScale', kind: 'number' },
  theme: { kind: ['auto', 'light', 'dark'] },
  'chart-title': { option: 'title', kind: 'string' },
  bookmarks: { kind: 'string' },
  'url-state': { option: 'urlState', parse: (text) => (['', 'true', 'on', 'yes', '1'].includes(text.trim().toLowerCase()) ? true : ['false', 'off', 'no', '0'].includes(text.trim().toLowerCase()) ? false : text.trim()) },
};

/** Data of `<tl-embedding-projector>`: vectors and optional metadata (what the loaders return, or your own). */
export interface ProjectorData {
  embedding?: EmbeddingProjectorOptions['embedding'];
  metadata?: EmbeddingProjectorOptions['data'];
  /** A projector config (TensorBoard's projector_config.pbtxt URL, or a parsed config) instead of `embedding`. */
  config?: EmbeddingProjectorOptions['config'];
}

/**
 * `<tl-embedding-projector>`: the embedding projector (point cloud, PCA/UMAP/t-SNE, colour-by, search,
 * nearest neighbours) from URLs — TensorBoard's `projector_config.pbtxt` (`config`: its embeddings with their
 * metadata, sprites and bookmarks, and a picker between them), the Embedding Projector's own files (`src` = tensor
 * TSV, `metadata-src` = metadata TSV), CSV, JSON or Arrow IPC (after registering a reader: `TlEmbeddingProjector.arrowReader =
 * tableFromIPC`) — or from the `data` property `{embedding, metadata}` (or `{config}`).
 *
 * - Attributes: `config` (a projector config URL, relative to the page; instead of `src`), `bookmarks` (a bookmarks
 *   JSON URL), `url-state` (keep the view in location.hash: present/`true`, or the hash key),
 *   `src`, `metadata-src`, `format`, `fields` and `metadata-fields` (comma-separated, for tables),
 *   `method`, `dims`, `color-by`, `label-field`, `k`, `metric`, `search`, `seed`, `max-points`, `point-size`,
 *   `spherize`, `labels` (`selection`, `auto`, `all`), `sprite-min-size`, `sprite-scale`, `chart-title`, `eager`, `selection` (the name of a page-wide selection).
 * - Starts when scrolled into view ("Loading…" while the files load); on disconnect destroys the projector (its projection and neighbour
 *   workers, the point cloud's GL objects and worker) and aborts fetches.
 * - Events (bubbling, composed): `tl-select`, `tl-neighbors`, `tl-progress`, `tl-projection`, `tl-cancel`,
 *   `tl-render`, `tl-error`.
 */
export class TlEmbeddingProjector extends TlElement<EmbeddingProjectorHandle, ProjectorData> {
  /** The tag this class is registered under: `<tl-embedding-projector>` (see {@link TlElement.define}). */
  static get tagName(): 'tl-embedding-projector' {
    return 'tl-embedding-projector';
  }
  static get observedAttributes(): string[] {
    return ['config', 'src', 'metadata-src', 'format', 'fields', 'metadata-fields', 'eager', 'selection', ...Object.keys(PROJECTOR_ATTRIBUTES)];
  }

  /**
   * The function that reads Arrow IPC files (apache-arrow's `tableFromIPC`); null until set. tensorlens does
   * not bundle apache-arrow: set this once to load `.arrow` files. Shared by every element.
   */
  static get arrowReader(): ArrowReader | null {
    return getArrowReader();
  }
  static set arrowReader(reader: ArrowReader | null) {
    setArrowReader(reader);
  }

  protected readonly sourceAttributes = ['config', 'src', 'metadata-src', 'format', 'fields', 'metadata-fields'] as const;
  protected readonly optionSpecs = PROJECTOR_ATTRIBUTES;
  /** The projector handle while drawn, else null. */
  get projector(): EmbeddingProjectorHandle | null {
    return this.current;
  }

  protected load(signal: AbortSignal): Promise<ProjectorData> | null {
    // A projector config: the projector loads it (and the files it names) itself.
    const config = this.getAttribute('config');
    if (config) return Promise.resolve({ config: new URL(config, this.ownerDocument.baseURI).href });
    const src = this.getAttribute('src');
    if (!src) return null;
    const format = this.getAttribute('format');
    if (format !== null) parseAttributeValue('format', format, { kind: ['tsv', 'csv', 'json', 'arrow'] });
    const list = (a: string) => {
      const v = this.getAttribute(a);
      return v === null ? null : (parseAttributeValue(a, v, { kind: 'list' }) as string[]);
    };
    const meta = this.getAttribute('metadata-src');
    const base = this.ownerDocument.baseURI;
    return loadEmbedding(new URL(src, base).href, {
      signal,
      metadataUrl: meta ? new URL(meta, base).href : null,
      format: (format?.trim().toLowerCase() || undefined) as EmbeddingFormat | undefined,
      fields: list('fields'),
      metadataFields: list('metadata-fields'),
    }).then((s: EmbeddingSource) => ({ embedding: s.embedding, metadata: s.metadata }));
  }

  protected create(container: HTMLElement, data: ProjectorData): EmbeddingProjectorHandle {
    const attrs = optionsFromSpecs(this, PROJECTOR_ATTRIBUTES) as Partial<EmbeddingProjectorOptions>;
    const options: EmbeddingProjectorOptions = data.config != null ? { ...attrs, config: data.config } : { ...attrs, embedding: data.embedding, data: data.metadata ?? null };
    if (this.selection) options.selection = this.selection;
    return createEmbeddingProjector(container, options);
  }

  protected forward(h: EmbeddingProjectorHandle): Array<() => void> {
    return [
      h.on('select', (d) => this.fire('tl-select', d)),
      h.on('neighbors', (d) => this.fire('tl-neighbors', d)),
      h.on('progress', (d) => this.fire('tl-progress', d)),
      h.on('projection', (d) => this.fire('tl-projection', d)),
      h.on('cancel', (d) => this.fire('tl-cancel', d)),
      h.on('error', (d) => this.fire('tl-error', d)),
    ];
  }

  protected apply(h: EmbeddingProjectorHandle, options: Record<string, unknown>): void {
    h.update(options as Partial<EmbeddingProjectorOptions>);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-embedding-projector': TlEmbeddingProjector;
  }
}
