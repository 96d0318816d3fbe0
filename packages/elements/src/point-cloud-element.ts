import type { ColumnTable } from '@tensorlens/core';
import { createPointCloud, type PointCloudHandle, type PointCloudOptions } from '@tensorlens/gl';
import { TlElement, optionsFromSpecs, parseAttributeValue, type AttributeSpec } from './element-base';
import { loadPointTable, type EmbeddingFormat } from './load-embedding';

const FORMATS = ['tsv', 'csv', 'json', 'arrow'] as const;

/** Attributes of `<tl-point-cloud>` that map to point-cloud options. */
export const POINT_CLOUD_ATTRIBUTES: Record<string, AttributeSpec> = {
  'x-field': { option: 'x', kind: 'string' },
  'y-field': { option: 'y', kind: 'string' },
  'z-field': { option: 'z', kind: 'string' },
  'category-field': { option: 'color', kind: 'string' },
  'value-field': { option: 'color', kind: 'string' },
  'color-by': { option: 'colorType', kind: ['auto', 'categorical', 'continuous'] },
  'color-scheme': { option: 'scheme', kind: ['viridis', 'magma', 'blues', 'greys'] },
  color: { kind: 'string' },
  size: { kind: 'number' },
  'size-units': { kind: ['pixels', 'data'] },
  opacity: { kind: 'number' },
  view: { kind: ['2d', '3d'] },
  density: { kind: ['auto', 'on', 'off'] },
  'label-field': { option: 'label', kind: 'string' },
  'tooltip-fields': { kind: 'list' },
  'hide-unselected': { option: 'showOnlySelected', kind: 'boolean' },
  search: { kind: 'string' },
  'search-field': { kind: 'string' },
  transition: { kind: 'number' },
  tool: { kind: ['pan', 'box', 'lasso'] },
  'max-labels': { kind: 'integer' },
  legend: { kind: 'boolean' },
  labels: { kind: ['selection', 'auto', 'all'] },
  'sprite-min-size': { option: 'spriteMinSize', kind: 'number' },
  'sprite-scale': { option: 'spriteScale', kind: 'number' },
  theme: { kind: ['auto', 'light', 'dark'] },
  'chart-title': { option: 'title', kind: 'string' },
};

/** Data of `<tl-point-cloud>`: a table with x/y(/z) columns (or named by x-field...), or full point-cloud options. */
export type PointCloudData = ColumnTable | Record<string, ArrayLike<unknown>> | Partial<PointCloudOptions>;

const isOptions = (d: PointCloudData): d is Partial<PointCloudOptions> => {
  const o = d as Partial<PointCloudOptions>;
  return !!o && (o.positions != null || (o.data != null && typeof o.data === 'object' && !Array.isArray(o.data) && !ArrayBuffer.isView(o.data)));
};

/**
 * `<tl-point-cloud>`: a WebGL point cloud from a `src` URL — CSV, JSON (records or columns), Arrow IPC
 * (after `setArrowReader`) or a tensor TSV whose columns are x, y(, z) — or a `data` property.
 *
 * - Attributes: `src`, `format`, every option in {@link POINT_CLOUD_ATTRIBUTES} (`x-field`, `category-field`,
 *   `color-by`, `size`, `view`, `search`, `tool`...), `eager`, `selection` (the name of a page-wide selection).
 * - Lifecycle of every tensorlens element ({@link TlElement}): starts when scrolled into view, "Loading…" while
 *   `src` loads; on disconnect destroys the cloud (GL objects, workers) and aborts fetches.
 * - Events (bubbling, composed): `tl-select`, `tl-click`, `tl-hover`, `tl-view`, `tl-render`, `tl-error`.
 */
export class TlPointCloud extends TlElement<PointCloudHandle, PointCloudData> {
  /** The tag this class is registered under: `<tl-point-cloud>` (see {@link TlElement.define}). */
  static get tagName(): 'tl-point-cloud' {
    return 'tl-point-cloud';
  }
  static get observedAttributes(): string[] {
    return ['src', 'format', 'eager', 'selection', ...Object.keys(POINT_CLOUD_ATTRIBUTES)];
  }
  protected readonly sourceAttributes = ['src', 'format'] as const;
  protected readonly optionSpecs = POINT_CLOUD_ATTRIBUTES;
  /** The point-cloud handle while drawn, else null. */
  get pointCloud(): PointCloudHandle | null {
    return this.current;
  }

  protected load(signal: AbortSignal): Promise<PointCloudData> | null {
    const src = this.getAttribute('src');
    if (!src) return null;
    const format = this.getAttribute('format');
    if (format !== null) parseAttributeValue('format', format, { kind: FORMATS });
    const url = new URL(src, this.ownerDocument.baseURI).href;
    return loadPointTable(url, { signal, format: (format?.trim().toLowerCase() || undefined) as EmbeddingFormat | undefined });
  }

  protected create(container: HTMLElement, data: PointCloudData): PointCloudHandle {
    const attrs = optionsFromSpecs(this, POINT_CLOUD_ATTRIBUTES) as Partial<PointCloudOptions>;
    const base: Partial<PointCloudOptions> = isOptions(data) ? data : { data: data as PointCloudOptions['data'] };
    const options = { ...base, ...attrs } as PointCloudOptions;
    if (this.selection) options.selection = this.selection;
    return createPointCloud(container, options);
  }

  protected forward(h: PointCloudHandle): Array<() => void> {
    return [
      h.on('select', (d) => this.fire('tl-select', d)),
      h.on('click', (d) => this.fire('tl-click', d)),
      h.on('hover', (d) => this.fire('tl-hover', d)),
      h.on('view', (d) => this.fire('tl-view', d)),
    ];
  }

  protected apply(h: PointCloudHandle, options: Record<string, unknown>): void {
    h.update(options as Partial<PointCloudOptions>);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-point-cloud': TlPointCloud;
  }
}
