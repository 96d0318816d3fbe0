import { fetchResource } from '@tensorlens/core';
import { createParallelCoordinates, type ParallelCoordinatesHandle, type ParallelCoordinatesOptions } from '@tensorlens/views';
import { TlElement, optionsFromSpecs, parseAttributeValue, type AttributeSpec } from './element-base';

/** Data of `<tl-parallel-coordinates>`: what the chart's `data` option takes (rows, columns, CSV/JSON text…). */
export type ParallelCoordinatesData = NonNullable<ParallelCoordinatesOptions['data']>;

/** `color-by=""` means no colouring (null); any other text names a column. */
const columnOrNone = (text: string) => (text.trim() === '' ? null : text.trim());

/** Attributes of `<tl-parallel-coordinates>` that map to parallel-coordinates options. */
export const PARALLEL_COORDINATES_ATTRIBUTES: Record<string, AttributeSpec> = {
  'color-by': { option: 'color', kind: 'string', parse: columnOrNone },
  'color-scheme': { option: 'scheme', kind: ['viridis', 'magma', 'blues', 'greys'] },
  'max-categories': { kind: 'integer' },
  'line-opacity': {
    option: 'opacity',
    kind: 'number',
    parse: (text, attr) => (text.trim().toLowerCase() === 'auto' ? 'auto' : parseAttributeValue(attr, text, { kind: 'number' })),
  },
  renderer: { kind: ['webgl', 'canvas'] },
  mode: { kind: ['auto', 'lines', 'density'] },
  // `title` is HTML's tooltip attribute; kept because pages use it. `chart-title`, the name every element shares, wins.
  title: { option: 'title', kind: 'string' },
  'chart-title': { option: 'title', kind: 'string' },
  theme: { kind: ['auto', 'light', 'dark'] },
  columns: { kind: 'list' },
  legend: { kind: 'boolean' },
};

/**
 * `<tl-parallel-coordinates>`: parallel coordinates from a `src` URL (CSV or JSON text) or a `data` property.
 *
 * - Attributes: `src`, every option in {@link PARALLEL_COORDINATES_ATTRIBUTES} (`color-by`, `color-scheme`,
 *   `max-categories`, `line-opacity`, `renderer`, `mode`, `chart-title` (or `title`), `theme`, `columns`
 *   (comma-separated names)), `eager`, `selection` (the name of a page-wide selection).
 * - Lifecycle of every tensorlens element ({@link TlElement}): starts when scrolled into view; "Loading…"
 *   (role="status") while `src` loads; on disconnect destroys the chart and aborts the fetch.
 * - Properties: `data`, `selection`, `chart` (the handle, once drawn).
 * - Events (bubbling, composed): `tl-select` (detail: the chart's select payload), `tl-render`, `tl-error`
 *   (detail: { error, message }; the message is also shown with role="alert").
 */
export class TlParallelCoordinates extends TlElement<ParallelCoordinatesHandle, ParallelCoordinatesData> {
  /** The tag this class is registered under: `<tl-parallel-coordinates>` (see {@link TlElement.define}). */
  static get tagName(): 'tl-parallel-coordinates' {
    return 'tl-parallel-coordinates';
  }
  static get observedAttributes(): string[] {
    return ['src', 'eager', 'selection', ...Object.keys(PARALLEL_COORDINATES_ATTRIBUTES)];
  }
  protected readonly sourceAttributes = ['src'] as const;
  protected readonly optionSpecs = PARALLEL_COORDINATES_ATTRIBUTES;

  /** The chart handle while drawn, else null. */
  get chart(): ParallelCoordinatesHandle | null {
    return this.current;
  }

  protected load(signal: AbortSignal): Promise<ParallelCoordinatesData> | null {
    const src = this.getAttribute('src');
    if (!src) return null;
    const url = new URL(src, this.ownerDocument.baseURI).href;
    return fetchResource(url, { signal, credentials: 'same-origin' }).then((response) => {
      if (!response.ok) throw new Error(`Could not load ${src}: HTTP ${response.status}`);
      return response.text();
    });
  }

  protected create(container: HTMLElement, data: ParallelCoordinatesData): ParallelCoordinatesHandle {
    const options = { ...optionsFromSpecs(this, PARALLEL_COORDINATES_ATTRIBUTES), data, selection: this.selection } as ParallelCoordinatesOptions;
    return createParallelCoordinates(container, options);
  }

  protected forward(chart: ParallelCoordinatesHandle): Array<() => void> {
    return [chart.on('select', (detail) => this.fire('tl-select', detail))];
  }

  protected apply(chart: ParallelCoordinatesHandle, options: Record<string, unknown>): void {
    chart.update(options as Partial<ParallelCoordinatesOptions>);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-parallel-coordinates': TlParallelCoordinates;
  }
}
