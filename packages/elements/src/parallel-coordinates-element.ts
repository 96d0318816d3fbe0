import { injectTheme, type Selection } from '@tensorlens/core';
import { createParallelCoordinates, type ParallelCoordinatesHandle, type ParallelCoordinatesOptions } from '@tensorlens/views';

// Custom elements are a browser API; keep the module importable in Node (SSR, tooling).
const Base = (typeof HTMLElement === 'undefined' ? class {} : HTMLElement) as typeof HTMLElement;

/** Attribute → option (strings; numbers parsed). */
const ATTRS = ['color-by', 'color-scheme', 'max-categories', 'line-opacity', 'renderer', 'title', 'theme', 'columns'] as const;

/**
 * `<tl-parallel-coordinates>`: parallel coordinates from a `src` URL (CSV or JSON text) or a `data` property.
 * Attributes: `src`, `color-by`, `color-scheme`, `max-categories`, `line-opacity`, `renderer`, `title`, `theme`,
 * `columns` (comma-separated names), `eager` (start at once instead of when scrolled into view).
 * Properties: `data`, `selection`, `chart` (the handle, once started).
 * Events (bubbling, composed): `tl-select` (detail: the chart's select payload), `tl-render`, `tl-error`
 * (detail: { error, message }; the message is also shown with role="alert").
 */
export class TlParallelCoordinates extends Base {
  static readonly tagName = 'tl-parallel-coordinates';
  static get observedAttributes(): string[] {
    return ['src', ...ATTRS];
  }

  #chart: ParallelCoordinatesHandle | null = null;
  #data: ParallelCoordinatesOptions['data'] | null = null;
  #selection: Selection | null = null;
  #observer: IntersectionObserver | null = null;
  #abort: AbortController | null = null;
  #started = false;
  #generation = 0;

  get chart(): ParallelCoordinatesHandle | null {
    return this.#chart;
  }
  get data(): ParallelCoordinatesOptions['data'] | null {
    return this.#data;
  }
  set data(v: ParallelCoordinatesOptions['data'] | null) {
    this.#data = v;
    if (this.#started) this.#draw();
  }
  get selection(): Selection | null {
    return this.#selection;
  }
  set selection(s: Selection | null) {
    this.#selection = s;
    this.#chart?.update({ selection: s });
  }

  connectedCallback(): void {
    injectTheme(this.ownerDocument);
    if (!this.style.display) this.style.display = 'block';
    if (this.#started) return;
    if (this.hasAttribute('eager') || typeof IntersectionObserver === 'undefined') return this.#start();
    this.#observer = new IntersectionObserver((es) => {
      if (es.some((e) => e.isIntersecting)) {
        this.#observer?.disconnect();
        this.#observer = null;
        this.#start();
      }
    }, { rootMargin: '200px' });
    this.#observer.observe(this);
  }

  disconnectedCallback(): void {
    this.#observer?.disconnect();
    this.#observer = null;
    this.#abort?.abort();
    this.#abort = null;
    this.#generation++;
    this.#chart?.destroy();
    this.#chart = null;
    this.#started = false;
  }

  attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    if (old === value || !this.#started) return;
    if (name == 'src') {
      this.#data = null;
      this.#load();
    } else this.#draw();
  }

  #options(): Partial<ParallelCoordinatesOptions> {
    const a = (n: string) => this.getAttribute(n);
    const o: Record<string, unknown> = {};
    if (a('color-by') != null) o.colorBy = a('color-by') || null;
    if (a('color-scheme')) o.colorScheme = a('color-scheme');
    if (a('max-categories')) o.maxCategories = Number(a('max-categories'));
    if (a('line-opacity')) o.lineOpacity = a('line-opacity') == 'auto' ? 'auto' : Number(a('line-opacity'));
    if (a('renderer')) o.renderer = a('renderer');
    if (a('title') != null) o.title = a('title');
    if (a('theme')) o.theme = a('theme');
    if (a('columns')) o.columns = a('columns')!.split(',').map((s) => s.trim()).filter(Boolean);
    return o as Partial<ParallelCoordinatesOptions>;
  }

  #start(): void {
    this.#started = true;
    if (this.#data != null) this.#draw();
    else if (this.getAttribute('src')) this.#load();
  }

  async #load(): Promise<void> {
    const src = this.getAttribute('src');
    if (!src) return;
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    const gen = ++this.#generation;
    try {
      const res = await fetch(src, { signal: abort.signal, credentials: 'same-origin' });
      if (!res.ok) throw new Error(`Could not load ${src}: HTTP ${res.status}`);
      const text = await res.text();
      if (gen != this.#generation) return;
      this.#data = text;
      this.#draw();
    } catch (e) {
      if ((e as Error)?.name == 'AbortError' || gen != this.#generation) return;
      this.#fail(e);
    }
  }

  #draw(): void {
    if (this.#data == null) return;
    this.querySelector(':scope > .tl-error')?.remove();
    const options = { ...this.#options(), data: this.#data, selection: this.#selection };
    try {
      if (this.#chart) this.#chart.update(options);
      else {
        this.#chart = createParallelCoordinates(this, options);
        this.#chart.on('select', (detail) => this.dispatchEvent(new CustomEvent('tl-select', { detail, bubbles: true, composed: true })));
      }
      this.#chart.whenRendered().then(
        () => this.dispatchEvent(new CustomEvent('tl-render', { bubbles: true, composed: true })),
        (e) => this.#fail(e),
      );
    } catch (e) {
      this.#fail(e);
    }
  }

  #fail(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    let box = this.querySelector(':scope > .tl-error');
    if (!box) {
      box = this.ownerDocument.createElement('div');
      box.className = 'tl-error';
      box.setAttribute('role', 'alert');
      this.appendChild(box);
    }
    box.textContent = message;
    this.dispatchEvent(new CustomEvent('tl-error', { detail: { error, message }, bubbles: true, composed: true }));
  }
}
