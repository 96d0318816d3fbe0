import { TensorLensError, describe, injectTheme, type ColumnTable, type Selection } from '@tensorlens/core';
import { createPointCloud, type PointCloudHandle, type PointCloudOptions } from '@tensorlens/gl';
import { loadPointTable, type EmbeddingFormat } from './load-embedding';

// Custom elements are a browser API; keep the module importable in Node (SSR, tooling).
const Base = (typeof HTMLElement === 'undefined' ? class {} : HTMLElement) as typeof HTMLElement;

const STYLE =
  ':where(tl-point-cloud,tl-embedding-projector){display:block;position:relative}' +
  ':where(tl-point-cloud){height:var(--tl-point-cloud-height,400px)}' +
  ':where(tl-point-cloud,tl-embedding-projector) > .tl-element-status{font:var(--tl-font-size,13px) var(--tl-font,system-ui,sans-serif);color:var(--tl-muted,#666);padding:.5em 0}' +
  ':where(tl-point-cloud,tl-embedding-projector) > .tl-error{font:var(--tl-font-size,13px) var(--tl-font,system-ui,sans-serif);color:#b00020;border-left:3px solid currentColor;padding:.5em .75em;white-space:pre-wrap}' +
  ':where(tl-point-cloud) > .tl-element-chart{height:100%}';

function injectStyle(doc: Document): void {
  if (doc.querySelector('style[data-tl-gl-elements]')) return;
  const style = doc.createElement('style');
  style.setAttribute('data-tl-gl-elements', '');
  style.textContent = STYLE;
  (doc.head ?? doc.documentElement).appendChild(style);
}

/** How one attribute becomes one option. */
export interface AttributeSpec {
  /** Option name (default: the attribute in camelCase). */
  option?: string;
  kind: 'string' | 'number' | 'integer' | 'boolean' | 'list' | readonly string[];
}

const camel = (s: string) => s.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** Parses attribute text by its spec; throws TensorLensError ('option') naming the attribute. */
export function parseAttributeValue(attr: string, text: string, spec: AttributeSpec): unknown {
  const bad = (expected: string) => new TensorLensError('option', `attribute ${attr}`, expected, describe(text));
  const t = text.trim();
  const k = spec.kind;
  if (Array.isArray(k)) {
    if (!k.includes(t.toLowerCase())) throw bad(`one of ${k.map((s) => `"${s}"`).join(', ')}`);
    return t.toLowerCase();
  }
  if (k === 'number' || k === 'integer') {
    const v = Number(t);
    if (t === '' || !Number.isFinite(v) || (k === 'integer' && !Number.isInteger(v))) throw bad(k === 'integer' ? 'an integer' : 'a number');
    return v;
  }
  if (k === 'boolean') {
    if (['', 'true', 'on', 'yes', '1'].includes(t.toLowerCase())) return true;
    if (['false', 'off', 'no', '0'].includes(t.toLowerCase())) return false;
    throw bad('"true" or "false"');
  }
  if (k === 'list') return t ? t.split(',').map((s) => s.trim()).filter(Boolean) : [];
  return text;
}

/** Options from the element's attributes, per the spec table (absent attributes are left out). */
export function optionsFromSpecs(el: Element, specs: Record<string, AttributeSpec>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [attr, spec] of Object.entries(specs)) {
    const v = el.getAttribute(attr);
    if (v !== null) out[spec.option ?? camel(attr)] = parseAttributeValue(attr, v, spec);
  }
  return out;
}

/** What both tensorlens WebGL elements share: lazy start, `src` loading with abort, status and error text, cleanup. */
export abstract class TlLazyElement<H extends { destroy(): void; whenRendered(): Promise<void>; update(partial: { selection?: Selection | null }): void }, D> extends Base {
  /** Attributes that reload data when they change. */
  protected abstract readonly sourceAttributes: readonly string[];
  /** Attributes applied to a live component with update(). */
  protected abstract readonly optionSpecs: Record<string, AttributeSpec>;

  #handle: H | null = null;
  #unsubscribe: Array<() => void> = [];
  #observer: IntersectionObserver | null = null;
  #abort: AbortController | null = null;
  #data: D | null = null;
  #dataFromProperty = false;
  #started = false;
  #generation = 0;
  #rendered: Promise<void> = Promise.resolve();
  #settle: { resolve: () => void; reject: (e: unknown) => void } | null = null;
  #selection: Selection | null = null;
  /** Whether update({ selection: null }) is passed on when the selection is cleared (the atlas keeps its own). */
  protected readonly forwardsNullSelection: boolean = true;

  /** Loads data from the source attributes, or returns null when there is no `src`. */
  protected abstract load(signal: AbortSignal): Promise<D> | null;
  /** Creates the component in `container` from data and the current attributes. */
  protected abstract create(container: HTMLElement, data: D): H;
  /** Subscribes to the component's events; returns unsubscribers. */
  protected abstract forward(handle: H): Array<() => void>;
  /** Called with a live handle when an option attribute changes. */
  protected abstract apply(handle: H, options: Record<string, unknown>): void;

  connectedCallback(): void {
    injectTheme(this.ownerDocument);
    injectStyle(this.ownerDocument);
    if (this.#started) return;
    if (this.hasAttribute('eager') || typeof IntersectionObserver === 'undefined') return this.#start();
    this.#pending();
    this.#observer?.disconnect();
    this.#observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          this.#observer?.disconnect();
          this.#observer = null;
          this.#start();
        }
      },
      { rootMargin: '200px' },
    );
    this.#observer.observe(this);
  }

  disconnectedCallback(): void {
    this.#observer?.disconnect();
    this.#observer = null;
    this.#abort?.abort();
    this.#abort = null;
    this.#generation++;
    this.#destroyHandle();
    this.#started = false;
    this.#resolve();
  }

  attributeChangedCallback(name: string, oldValue: string | null, value: string | null): void {
    if (oldValue === value) return;
    if (this.sourceAttributes.includes(name)) {
      if (name === 'src') {
        this.#dataFromProperty = false;
        this.#data = null;
      }
      if (this.#started && !this.#dataFromProperty) this.#reload();
      return;
    }
    if (name === 'eager') {
      if (value !== null && this.isConnected && !this.#started) {
        this.#observer?.disconnect();
        this.#observer = null;
        this.#start();
      }
      return;
    }
    const spec = this.optionSpecs[name];
    if (!this.#handle || !spec) return;
    // A removed attribute returns to the component's default: draw afresh from the same data.
    if (value === null) {
      if (this.#data) this.#draw(this.#data, ++this.#generation);
      return;
    }
    try {
      const option = spec.option ?? camel(name);
      this.apply(this.#handle, { [option]: parseAttributeValue(name, value, spec) });
      this.#track(this.#handle);
    } catch (e) {
      this.#fail(e);
    }
  }

  /** Skip lazy start: draw as soon as connected. Reflects the `eager` attribute. */
  get eager(): boolean {
    return this.hasAttribute('eager');
  }
  set eager(value: boolean) {
    this.toggleAttribute('eager', Boolean(value));
  }

  /** URL of the data; reflects the `src` attribute. */
  get src(): string {
    return this.getAttribute('src') ?? '';
  }
  set src(value: string | null) {
    if (value == null || value === '') this.removeAttribute('src');
    else this.setAttribute('src', String(value));
  }

  /** The component handle while drawn, else null. */
  protected get current(): H | null {
    return this.#handle;
  }

  /** The data in use (set, or loaded from `src`). */
  protected get currentData(): D | null {
    return this.#data;
  }
  protected set currentData(value: D | null) {
    this.#abort?.abort();
    this.#abort = null;
    this.#data = value ?? null;
    this.#dataFromProperty = value != null;
    if (this.#started) this.#reload();
  }

  /** The data in use: set it to draw without `src`; reads back what was loaded. */
  get data(): D | null {
    return this.currentData;
  }
  set data(value: D | null) {
    this.currentData = value;
  }

  /** A shared selection (from core's createSelection), read and written (property only). */
  get selection(): Selection | null {
    return this.#selection;
  }
  set selection(value: Selection | null) {
    this.#selection = value ?? null;
    if (this.#handle && (this.#selection || this.forwardsNullSelection)) {
      try {
        this.#handle.update({ selection: this.#selection });
      } catch (e) {
        this.#fail(e);
      }
    }
  }

  /** Resolves when the current data and options are on screen; rejects when loading or drawing failed. */
  whenRendered(): Promise<void> {
    return this.#rendered;
  }

  /** Dispatches a bubbling, composed CustomEvent. */
  protected fire<T>(type: string, detail: T): void {
    this.dispatchEvent(new CustomEvent<T>(type, { detail, bubbles: true, composed: true }));
  }

  /** Reports an error (text with role="alert", tl-error, rejected whenRendered()). */
  protected fail(error: unknown): void {
    this.#fail(error);
  }

  #pending(): void {
    if (this.#settle) return;
    this.#rendered = new Promise<void>((resolve, reject) => {
      this.#settle = { resolve, reject };
    });
    this.#rendered.catch(() => {});
  }

  #resolve(): void {
    const s = this.#settle;
    this.#settle = null;
    s?.resolve();
  }

  #start(): void {
    if (this.#started || !this.isConnected) return;
    this.#started = true;
    this.#reload();
  }

  #reload(): void {
    const gen = ++this.#generation;
    this.#abort?.abort();
    this.#abort = null;
    this.#pending();
    if (this.#dataFromProperty && this.#data) return this.#draw(this.#data, gen);
    const abort = new AbortController();
    let loading: Promise<D> | null;
    try {
      loading = this.load(abort.signal);
    } catch (e) {
      this.#destroyHandle();
      return this.#fail(e);
    }
    if (!loading) {
      this.#destroyHandle();
      this.#status('No data: set the src attribute or the data property.');
      this.#resolve();
      return;
    }
    this.#abort = abort;
    this.#status('Loading…');
    loading.then(
      (data) => {
        if (gen !== this.#generation) return;
        this.#abort = null;
        this.#data = data;
        this.#draw(data, gen);
      },
      (e) => {
        if (gen !== this.#generation || (e as { name?: string })?.name === 'AbortError') return;
        this.#abort = null;
        this.#destroyHandle();
        this.#fail(e);
      },
    );
  }

  #draw(data: D, gen: number): void {
    this.#destroyHandle();
    this.#clear();
    const container = this.ownerDocument.createElement('div');
    container.className = 'tl-element-chart';
    this.appendChild(container);
    let handle: H;
    try {
      handle = this.create(container, data);
    } catch (e) {
      container.remove();
      this.#fail(e);
      return;
    }
    this.#handle = handle;
    this.#unsubscribe.push(...this.forward(handle));
    if (gen === this.#generation) this.#track(handle);
  }

  #track(handle: H): void {
    this.#pending();
    const gen = this.#generation;
    handle.whenRendered().then(
      () => {
        if (handle !== this.#handle || gen !== this.#generation) return;
        this.#resolve();
        this.fire('tl-render', {});
      },
      (e) => {
        if (handle !== this.#handle || gen !== this.#generation) return;
        this.#fail(e);
      },
    );
  }

  #destroyHandle(): void {
    for (const u of this.#unsubscribe.splice(0)) u();
    const h = this.#handle;
    this.#handle = null;
    h?.destroy();
    this.querySelector(':scope > .tl-element-chart')?.remove();
  }

  #clear(): void {
    for (const n of Array.from(this.querySelectorAll(':scope > .tl-element-status, :scope > .tl-error'))) n.remove();
  }

  #status(text: string): void {
    this.#clear();
    const div = this.ownerDocument.createElement('div');
    div.className = 'tl-element-status';
    div.setAttribute('role', 'status');
    div.textContent = text;
    this.appendChild(div);
  }

  #fail(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.#clear();
    const div = this.ownerDocument.createElement('div');
    div.className = 'tl-error';
    div.setAttribute('role', 'alert');
    div.textContent = message;
    this.appendChild(div);
    const s = this.#settle;
    this.#settle = null;
    if (s) s.reject(error);
    else {
      this.#rendered = Promise.reject(error);
      this.#rendered.catch(() => {});
    }
    this.fire('tl-error', { error, message });
  }
}

const FORMATS = ['tsv', 'csv', 'json', 'arrow'] as const;

/** Attributes of `<tl-point-cloud>` that map to point-cloud options. */
export const POINT_CLOUD_ATTRIBUTES: Record<string, AttributeSpec> = {
  'x-field': { kind: 'string' },
  'y-field': { kind: 'string' },
  'z-field': { kind: 'string' },
  'category-field': { option: 'category', kind: 'string' },
  'value-field': { option: 'value', kind: 'string' },
  'color-by': { kind: ['auto', 'category', 'value', 'none'] },
  'color-scheme': { kind: ['viridis', 'magma', 'blues', 'greys'] },
  color: { kind: 'string' },
  size: { kind: 'number' },
  'size-units': { kind: ['pixels', 'data'] },
  opacity: { kind: 'number' },
  view: { kind: ['2d', '3d'] },
  density: { kind: ['auto', 'on', 'off'] },
  'label-field': { kind: 'string' },
  'tooltip-fields': { kind: 'list' },
  'hide-unselected': { kind: 'boolean' },
  search: { kind: 'string' },
  'search-field': { kind: 'string' },
  transition: { kind: 'number' },
  tool: { kind: ['pan', 'box', 'lasso'] },
  'max-labels': { kind: 'integer' },
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
 *   `color-by`, `size`, `view`, `search`, `tool`...), `eager`.
 * - Starts when scrolled into view; on disconnect destroys the cloud (GL objects, workers) and aborts fetches.
 * - Events (bubbling, composed): `tl-select`, `tl-click`, `tl-hover`, `tl-view`, `tl-render`, `tl-error`.
 */
export class TlPointCloud extends TlLazyElement<PointCloudHandle, PointCloudData> {
  static readonly tagName = 'tl-point-cloud';
  static get observedAttributes(): string[] {
    return ['src', 'format', 'eager', ...Object.keys(POINT_CLOUD_ATTRIBUTES)];
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
