import { injectTheme, type Selection } from '@tensorlens/core';
import {
  createConfusionMatrix,
  type ConfusionMatrixEvents,
  type ConfusionMatrixHandle,
  type ConfusionMatrixOptions,
  type ConfusionStats,
} from '@tensorlens/charts';
import {
  OBSERVED_ATTRIBUTES,
  OPTION_ATTRIBUTES,
  optionNameOf,
  optionsFromAttributes,
  readOption,
  writeOption,
  type AttributeOptions,
  type OptionName,
} from './attributes';
import { loadConfusionData, type ConfusionData } from './load';

/** Detail of the `tl-select` DOM event: the chart's `select` payload. */
export type TlSelectDetail = ConfusionMatrixEvents['select'];
/** Detail of the `tl-error` DOM event. */
export interface TlErrorDetail {
  error: unknown;
  message: string;
}

/** The second model for the compare view (property only). */
export type CompareData = ConfusionMatrixOptions['compare'];

// Custom elements are a browser API; keep the module importable in Node (SSR, tooling).
const Base = (typeof HTMLElement === 'undefined' ? class {} : HTMLElement) as typeof HTMLElement;

const ELEMENT_STYLE = ':where(tl-confusion-matrix){display:block;position:relative}' +
  ':where(tl-confusion-matrix) > .tl-element-status{font:var(--tl-font-size,13px) var(--tl-font,system-ui,sans-serif);color:var(--tl-muted,#666);padding:.5em 0}' +
  ':where(tl-confusion-matrix) > .tl-error{font:var(--tl-font-size,13px) var(--tl-font,system-ui,sans-serif);color:#b00020;border-left:3px solid currentColor;padding:.5em .75em;white-space:pre-wrap}';

function injectElementStyle(doc: Document): void {
  if (doc.querySelector('style[data-tl-elements]')) return;
  const style = doc.createElement('style');
  style.setAttribute('data-tl-elements', '');
  style.textContent = ELEMENT_STYLE;
  (doc.head ?? doc.documentElement).appendChild(style);
}

/**
 * `<tl-confusion-matrix>`: a confusion matrix from a `src` URL (CSV or JSON) or a `data`
 * property, with every option as an attribute and a property.
 *
 * - Starts when scrolled into view (IntersectionObserver); the `eager` attribute starts at once.
 * - Re-fetches when `src` changes, aborting the previous request.
 * - Dispatches `tl-select` (bubbles, composed) when a cell is clicked, `tl-render` when drawn,
 *   `tl-error` when loading or drawing fails (the message is also shown, role="alert").
 * - Uses light DOM, so the page's `--tl-*` theme variables and `data-tl-theme` reach the chart.
 * - On disconnect: destroys the chart, aborts fetches, disconnects observers.
 */
export class TlConfusionMatrix extends Base {
  static readonly tagName = 'tl-confusion-matrix';
  static get observedAttributes(): string[] {
    return [...OBSERVED_ATTRIBUTES];
  }

  #chart: ConfusionMatrixHandle | null = null;
  #unsubscribe: Array<() => void> = [];
  #observer: IntersectionObserver | null = null;
  #abort: AbortController | null = null;
  #data: ConfusionData | null = null;
  #dataFromProperty = false;
  #compare: CompareData = null;
  #selection: Selection | null = null;
  #started = false;
  #generation = 0;
  #rendered: Promise<void> = Promise.resolve();
  #settle: { resolve: () => void; reject: (e: unknown) => void } | null = null;

  // ---- lifecycle ----

  connectedCallback(): void {
    injectTheme(this.ownerDocument);
    injectElementStyle(this.ownerDocument);
    if (this.#started) return;
    if (this.hasAttribute('eager') || typeof IntersectionObserver === 'undefined') {
      this.#start();
      return;
    }
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
    this.#destroyChart();
    this.#started = false;
    this.#resolve();
  }

  attributeChangedCallback(name: string, oldValue: string | null, value: string | null): void {
    if (oldValue === value) return;
    if (name === 'src') {
      this.#dataFromProperty = false;
      this.#data = null;
      if (this.#started) this.#reload();
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
    if (!this.#chart || !OPTION_ATTRIBUTES[name]) return;
    try {
      const spec = OPTION_ATTRIBUTES[name];
      const parsed = value === null ? spec.default : spec.parse(value, name);
      const update = { [optionNameOf(name)]: parsed === '' && name === 'chart-title' ? undefined : parsed } as Partial<ConfusionMatrixOptions>;
      this.#chart.update(update);
      this.#track(this.#chart);
    } catch (e) {
      this.#fail(e);
    }
  }

  // ---- properties ----

  /** The data drawn: set it to an object `{yTrue, yPred, classes?}` or `{matrix, classes?}`; reads back the data in use (also after loading `src`). */
  get data(): ConfusionData | null {
    return this.#data;
  }
  set data(value: ConfusionData | null) {
    this.#abort?.abort();
    this.#abort = null;
    this.#data = value ?? null;
    this.#dataFromProperty = value != null;
    if (this.#started) this.#reload();
  }

  /** URL of a CSV (`y_true,y_pred`) or JSON file; reflects the `src` attribute. */
  get src(): string {
    return this.getAttribute('src') ?? '';
  }
  set src(value: string | null) {
    if (value == null || value === '') this.removeAttribute('src');
    else this.setAttribute('src', String(value));
  }

  /** Skip lazy start: draw as soon as connected. Reflects the `eager` attribute. */
  get eager(): boolean {
    return this.hasAttribute('eager');
  }
  set eager(value: boolean) {
    this.toggleAttribute('eager', Boolean(value));
  }

  /** A second model's predictions, drawn as the difference B − A (property only). */
  get compare(): CompareData {
    return this.#compare;
  }
  set compare(value: CompareData) {
    this.#compare = value ?? null;
    if (this.#chart) this.#safeUpdate({ compare: this.#compare });
  }

  /** A shared selection (from core's createSelection) written on click (property only). */
  get selection(): Selection | null {
    return this.#selection;
  }
  set selection(value: Selection | null) {
    this.#selection = value ?? null;
    if (this.#chart) this.#safeUpdate({ selection: this.#selection });
  }

  /** The `normalize` attribute (named so because `normalize()` is a method of every DOM Node). */
  get normalization(): AttributeOptions['normalization'] { return readOption(this, 'normalization'); }
  set normalization(v: AttributeOptions['normalization'] | null) { this.#write('normalization', v); }
  get cellText(): AttributeOptions['cellText'] { return readOption(this, 'cellText'); }
  set cellText(v: AttributeOptions['cellText'] | null) { this.#write('cellText', v); }
  get order(): AttributeOptions['order'] { return readOption(this, 'order'); }
  set order(v: AttributeOptions['order'] | null) { this.#write('order', v); }
  get topK(): AttributeOptions['topK'] { return readOption(this, 'topK'); }
  set topK(v: AttributeOptions['topK']) { this.#write('topK', v); }
  get margins(): boolean { return readOption(this, 'margins'); }
  set margins(v: boolean | null) { this.#write('margins', v); }
  get confusedPairs(): number { return readOption(this, 'confusedPairs'); }
  set confusedPairs(v: number | null) { this.#write('confusedPairs', v); }
  get legend(): boolean { return readOption(this, 'legend'); }
  set legend(v: boolean | null) { this.#write('legend', v); }
  get colorScheme(): AttributeOptions['colorScheme'] { return readOption(this, 'colorScheme'); }
  set colorScheme(v: AttributeOptions['colorScheme'] | null) { this.#write('colorScheme', v); }
  get classes(): string[] | null { return readOption(this, 'classes'); }
  set classes(v: string[] | null) { this.#write('classes', v); }
  get theme(): AttributeOptions['theme'] { return readOption(this, 'theme'); }
  set theme(v: AttributeOptions['theme'] | null) { this.#write('theme', v); }
  get chartTitle(): string { return readOption(this, 'chartTitle'); }
  set chartTitle(v: string | null) { this.#write('chartTitle', v); }
  get canvasThreshold(): number { return readOption(this, 'canvasThreshold'); }
  set canvasThreshold(v: number | null) { this.#write('canvasThreshold', v); }

  /** The chart handle while drawn, else null. */
  get chart(): ConfusionMatrixHandle | null {
    return this.#chart;
  }

  /** Statistics of the drawn matrix (accuracy, per-class precision/recall/F1), or null. */
  stats(): ConfusionStats | null {
    return this.#chart?.stats() ?? null;
  }

  /** Resolves when the current data and options are on screen; rejects when loading or drawing failed. */
  whenRendered(): Promise<void> {
    return this.#rendered;
  }

  // ---- internals ----

  #write<K extends OptionName>(prop: K, value: AttributeOptions[K] | null | undefined): void {
    // A bad property value throws here (TensorLensError), like a bad argument to a function.
    writeOption(this, prop, value);
  }

  #safeUpdate(options: Partial<ConfusionMatrixOptions>): void {
    try {
      this.#chart!.update(options);
      this.#track(this.#chart!);
    } catch (e) {
      this.#fail(e);
    }
  }

  /** A fresh whenRendered() promise, settled by #resolve / #fail. */
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
    if (this.#dataFromProperty && this.#data) {
      this.#draw(this.#data, gen);
      return;
    }
    const src = this.getAttribute('src');
    if (!src) {
      this.#destroyChart();
      this.#clear();
      this.#status('No data: set the src attribute or the data property.');
      this.#resolve();
      return;
    }
    const abort = (this.#abort = new AbortController());
    this.#status('Loading…');
    const url = new URL(src, this.ownerDocument.baseURI).href;
    loadConfusionData(url, { signal: abort.signal }).then(
      (data) => {
        if (gen !== this.#generation) return;
        this.#abort = null;
        this.#data = data;
        this.#draw(data, gen);
      },
      (e) => {
        if (gen !== this.#generation || (e as { name?: string })?.name === 'AbortError') return;
        this.#abort = null;
        this.#destroyChart();
        this.#fail(e);
      },
    );
  }

  #draw(data: ConfusionData, gen: number): void {
    this.#destroyChart();
    this.#clear();
    let options: ConfusionMatrixOptions;
    try {
      const attrs = optionsFromAttributes(this) as Partial<ConfusionMatrixOptions>;
      options = {
        ...attrs,
        yTrue: data.yTrue,
        yPred: data.yPred,
        matrix: data.matrix,
        sampleWeight: data.sampleWeight,
        compare: this.#compare,
        selection: this.#selection,
      } as ConfusionMatrixOptions;
      // The classes attribute names the classes; else the data's own names.
      if (!attrs.classes && data.classes) options.classes = data.classes;
      for (const k of Object.keys(options) as Array<keyof ConfusionMatrixOptions>) if (options[k] === undefined) delete options[k];
    } catch (e) {
      this.#fail(e);
      return;
    }
    const container = this.ownerDocument.createElement('div');
    container.className = 'tl-element-chart';
    this.appendChild(container);
    let chart: ConfusionMatrixHandle;
    try {
      chart = createConfusionMatrix(container, options);
    } catch (e) {
      container.remove();
      this.#fail(e);
      return;
    }
    this.#chart = chart;
    this.#unsubscribe.push(
      chart.on('select', (detail) => {
        this.dispatchEvent(new CustomEvent<TlSelectDetail>('tl-select', { detail, bubbles: true, composed: true }));
      }),
      chart.on('hover', (detail) => {
        this.dispatchEvent(new CustomEvent('tl-hover', { detail, bubbles: true, composed: true }));
      }),
    );
    if (gen === this.#generation) this.#track(chart);
  }

  /** Settles whenRendered() and dispatches tl-render / tl-error once the chart has drawn. */
  #track(chart: ConfusionMatrixHandle): void {
    this.#pending();
    const gen = this.#generation;
    chart.whenRendered().then(
      () => {
        if (chart !== this.#chart || gen !== this.#generation) return;
        this.#resolve();
        this.dispatchEvent(new CustomEvent('tl-render', { detail: { classes: chart.stats()?.size ?? 0 }, bubbles: true, composed: true }));
      },
      (e) => {
        if (chart !== this.#chart || gen !== this.#generation) return;
        this.#fail(e);
      },
    );
  }

  #destroyChart(): void {
    for (const u of this.#unsubscribe.splice(0)) u();
    const chart = this.#chart;
    this.#chart = null;
    chart?.destroy();
    this.querySelector(':scope > .tl-element-chart')?.remove();
  }

  /** Removes this element's status and error lines. */
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

  /** Shows the error as text (role="alert"), rejects whenRendered(), dispatches tl-error. */
  #fail(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.#clear();
    // The chart may already show its own error (role="alert") for asynchronous data errors; show one message only.
    if (!this.querySelector('[role="alert"]')) {
      const div = this.ownerDocument.createElement('div');
      div.className = 'tl-error';
      div.setAttribute('role', 'alert');
      div.textContent = message;
      this.appendChild(div);
    }
    const s = this.#settle;
    this.#settle = null;
    if (s) s.reject(error);
    else {
      this.#rendered = Promise.reject(error);
      this.#rendered.catch(() => {});
    }
    this.dispatchEvent(new CustomEvent<TlErrorDetail>('tl-error', { detail: { error, message }, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-confusion-matrix': TlConfusionMatrix;
  }
  interface HTMLElementEventMap {
    'tl-select': CustomEvent<TlSelectDetail>;
    'tl-error': CustomEvent<TlErrorDetail>;
  }
}
