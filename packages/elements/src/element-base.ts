// The one base class of every tensorlens custom element: lazy start, `src` loading with abort, attribute ↔ option
// mapping, the page-wide `selection="name"` attribute, loading / error text, tl-render / tl-error, cleanup.
import { TensorLensError, adoptStyles, describe, injectTheme, namedSelection, type Selection } from '@tensorlens/core';

// Custom elements are a browser API; keep the modules importable in Node (SSR, tooling).
export const ElementBase = (typeof HTMLElement === 'undefined' ? class {} : HTMLElement) as typeof HTMLElement;

/** Every tensorlens element tag, for the shared style sheet. */
const TAGS = 'tl-confusion-matrix,tl-saliency,tl-parallel-coordinates,tl-point-cloud,tl-embedding-projector,tl-activation-atlas';
const TEXT = 'font:var(--tl-font-size,13px) var(--tl-font,system-ui,sans-serif)';

const STYLE =
  `:where(${TAGS}){display:block;position:relative}` +
  ':where(tl-point-cloud){height:var(--tl-point-cloud-height,400px)}' +
  ':where(tl-activation-atlas){height:var(--tl-activation-atlas-height,480px)}' +
  `:where(${TAGS}) > .tl-element-status{${TEXT};color:var(--tl-muted,#666);padding:.5em 0}` +
  `:where(${TAGS}) > .tl-error{${TEXT};color:#b00020;border-left:3px solid currentColor;padding:.5em .75em;white-space:pre-wrap}` +
  ':where(tl-point-cloud,tl-activation-atlas,tl-parallel-coordinates) > .tl-element-chart{height:100%}';

/** Adds the elements' style sheet to `doc` once (zero-specificity rules, so a page's own CSS wins; core's adoptStyles). */
export function injectElementStyle(doc: Document): void {
  adoptStyles(doc, 'elements', STYLE);
}

/** How one attribute becomes one option. */
export interface AttributeSpec {
  /** Option name (default: the attribute in camelCase). */
  option?: string;
  /** How the text is read: a string (default), a finite number, an integer, a boolean word, a comma list, or one of these words. */
  kind?: 'string' | 'number' | 'integer' | 'boolean' | 'list' | readonly string[];
  /** Reads the text instead of `kind` (throw a TensorLensError naming `attribute` for a bad value). */
  parse?: (text: string, attribute: string) => unknown;
}

/** `"color-by"` → `"colorBy"`. */
export function camelCase(name: string): string {
  return name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

const TRUE_WORDS = ['', 'true', 'on', 'yes', '1'];
const FALSE_WORDS = ['false', 'off', 'no', '0'];

/** Parses attribute text by its spec; throws TensorLensError ('option') naming the attribute. */
export function parseAttributeValue(attr: string, text: string, spec: AttributeSpec): unknown {
  if (spec.parse) return spec.parse(text, attr);
  const bad = (expected: string) => new TensorLensError('option', `attribute ${attr}`, expected, describe(text));
  const trimmed = text.trim();
  const kind = spec.kind;
  if (Array.isArray(kind)) {
    if (!kind.includes(trimmed.toLowerCase())) throw bad(`one of ${kind.map((word) => `"${word}"`).join(', ')}`);
    return trimmed.toLowerCase();
  }
  if (kind === 'number' || kind === 'integer') {
    const value = Number(trimmed);
    if (trimmed === '' || !Number.isFinite(value) || (kind === 'integer' && !Number.isInteger(value))) throw bad(kind === 'integer' ? 'an integer' : 'a number');
    return value;
  }
  if (kind === 'boolean') {
    if (TRUE_WORDS.includes(trimmed.toLowerCase())) return true;
    if (FALSE_WORDS.includes(trimmed.toLowerCase())) return false;
    throw bad('"true" or "false"');
  }
  if (kind === 'list') return trimmed ? trimmed.split(',').map((item) => item.trim()).filter(Boolean) : [];
  return text;
}

/** Options from the element's attributes, per the spec table (absent attributes are left out). */
export function optionsFromSpecs(el: Element, specs: Record<string, AttributeSpec>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [attr, spec] of Object.entries(specs)) {
    const text = el.getAttribute(attr);
    if (text !== null) out[spec.option ?? camelCase(attr)] = parseAttributeValue(attr, text, spec);
  }
  return out;
}

/** What the base class needs of a component handle. */
export interface ElementHandle {
  destroy(): void;
  whenRendered(): Promise<void>;
}

/** Detail of the `tl-error` DOM event. */
export interface TlErrorDetail {
  error: unknown;
  message: string;
}

/** The text shown while `src` loads (in an element with role="status"). */
export const LOADING_TEXT = 'Loading…';
/** The text shown when there is neither `src` nor `data`. */
export const NO_DATA_TEXT = 'No data: set the src attribute or the data property.';

/**
 * The base class of every tensorlens element (`H`: the component handle, `D`: the data it draws).
 *
 * - Starts when scrolled into view (IntersectionObserver, 200 px ahead); the `eager` attribute starts at once.
 * - Loads `src` (and the other {@link sourceAttributes}) with an AbortSignal: a new `src`, a `data` property or a
 *   disconnect aborts the fetch. While it loads, a "Loading…" line with role="status" is shown (and
 *   `aria-busy="true"`); the chart or the error text replaces it.
 * - Option attributes ({@link optionSpecs}) are read when the component is created and applied live with
 *   `update()` when they change; removing one draws afresh with the component's default.
 * - `selection="name"`: the page-wide selection of that name (core's `namedSelection`), shared by every element
 *   with the same name, also across separate tensorlens script files. The `selection` property takes a
 *   Selection object instead (or a name).
 * - Events (bubbling, composed): `tl-render` when a state is on screen, `tl-error` ({ error, message }; the
 *   message is also shown as text with role="alert"), plus what {@link forward} re-dispatches (`tl-select`…).
 * - On disconnect: aborts fetches, disconnects the observer, destroys the component; reconnecting starts again.
 */
export abstract class TlElement<H extends ElementHandle, D> extends ElementBase {
  /** Attributes that reload data when they change. */
  protected abstract readonly sourceAttributes: readonly string[];
  /** Attributes applied to a live component with update(). */
  protected abstract readonly optionSpecs: Record<string, AttributeSpec>;
  /** Whether update({ selection: null }) is passed on when the selection is cleared (the atlas keeps its own). */
  protected readonly forwardsNullSelection: boolean = true;
  /** Whether the component reads and writes a selection (it then observes the `selection` attribute). */
  protected readonly selectable: boolean = true;

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
  /** Set while the selection property removes the `selection` attribute, so that removal keeps the new object. */
  #replacingSelectionAttribute = false;
  /** The error of the last tl-error dispatched (a component's forwarded `error` event), so #fail does not report it twice. */
  #reportedError: unknown = undefined;

  /** Loads data from the source attributes, or returns null when there is no `src`. */
  protected abstract load(signal: AbortSignal): Promise<D> | null;
  /** Creates the component in `container` from data and the current attributes. */
  protected abstract create(container: HTMLElement, data: D): H;
  /**
   * Registers this one element under its own tag (its static `tagName`: `TlConfusionMatrix.define()` registers
   * `<tl-confusion-matrix>`) in `registry` (default: the global customElements), unless the tag is already defined. With
   * `import { TlConfusionMatrix } from '@tensorlens/elements'`, an app's bundle then holds only this element and
   * what it draws with; `import '@tensorlens/elements/define'` registers every element instead.
   */
  static define(registry: CustomElementRegistry | undefined = globalThis.customElements): void {
    const tag = (this as { tagName?: unknown }).tagName;
    if (typeof tag !== 'string') throw new TensorLensError('type', 'define(): the class', 'a tensorlens element class with a tag (TlConfusionMatrix.define())', describe(this));
    if (registry && !registry.get(tag)) registry.define(tag, this as unknown as CustomElementConstructor);
  }

  /** Subscribes to the component's events; returns unsubscribers. */
  protected abstract forward(handle: H): Array<() => void>;
  /** Passes options to a live component (its update()). */
  protected abstract apply(handle: H, options: Record<string, unknown>): void;

  /**
   * The options a changed option attribute gives the live component, or null to draw afresh from the same data.
   * Default: the attribute parsed by its spec; a removed attribute draws afresh (so the component's default applies).
   */
  protected optionsForAttribute(name: string, value: string | null): Record<string, unknown> | null {
    const spec = this.optionSpecs[name];
    if (value === null) return null;
    return { [spec.option ?? camelCase(name)]: parseAttributeValue(name, value, spec) };
  }

  /** The detail of `tl-render` events. */
  protected renderDetail(_handle: H): unknown {
    return {};
  }

  connectedCallback(): void {
    injectTheme(this.ownerDocument);
    injectElementStyle(this.ownerDocument);
    if (this.#started) return;
    if (this.hasAttribute('eager') || typeof IntersectionObserver === 'undefined') return this.#start();
    this.#pending();
    this.#observer?.disconnect();
    this.#observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) {
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
    this.#clear();
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
    if (name === 'selection' && this.selectable) {
      if (this.#replacingSelectionAttribute) return;
      try {
        this.#useSelection(value === null ? null : namedSelection(value.trim()));
      } catch (e) {
        this.#fail(e instanceof TensorLensError ? new TensorLensError(e.code, 'attribute selection', e.expected, e.received) : e);
      }
      return;
    }
    if (!this.#handle || !this.optionSpecs[name]) return;
    try {
      const options = this.optionsForAttribute(name, value);
      // A removed attribute returns to the component's default: draw afresh from the same data.
      if (options === null) {
        if (this.#data) this.#draw(this.#data, ++this.#generation);
        return;
      }
      this.apply(this.#handle, options);
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

  /**
   * The selection the component reads and writes: the page-wide one named by the `selection` attribute, or one
   * set here. Setting a Selection object (from createSelection or namedSelection, from any tensorlens copy on
   * the page) removes the attribute; setting a string sets the attribute (a name); null clears both.
   */
  get selection(): Selection | null {
    return this.#selection;
  }
  set selection(value: Selection | string | null) {
    if (typeof value === 'string') {
      this.setAttribute('selection', value);
      return;
    }
    if (this.hasAttribute('selection')) {
      this.#replacingSelectionAttribute = true;
      try {
        this.removeAttribute('selection');
      } finally {
        this.#replacingSelectionAttribute = false;
      }
    }
    this.#useSelection(value ?? null);
  }

  /** Resolves when the current data and options are on screen; rejects when loading or drawing failed. */
  whenRendered(): Promise<void> {
    return this.#rendered;
  }

  /** Dispatches a bubbling, composed CustomEvent. */
  protected fire<T>(type: string, detail: T): void {
    if (type === 'tl-error') this.#reportedError = (detail as { error?: unknown } | null)?.error;
    this.dispatchEvent(new CustomEvent<T>(type, { detail, bubbles: true, composed: true }));
  }

  /** Reports an error (text with role="alert", tl-error, rejected whenRendered()). */
  protected fail(error: unknown): void {
    this.#fail(error);
  }

  /** Passes `options` to the live component (if any), reporting a throw as an error. */
  protected applySafely(options: Record<string, unknown>): void {
    const handle = this.#handle;
    if (!handle) return;
    try {
      this.apply(handle, options);
      this.#track(handle);
    } catch (e) {
      this.#fail(e);
    }
  }

  #useSelection(selection: Selection | null): void {
    this.#selection = selection;
    if (this.#handle && (selection || this.forwardsNullSelection)) this.applySafely({ selection });
  }

  #pending(): void {
    if (this.#settle) return;
    this.#rendered = new Promise<void>((resolve, reject) => {
      this.#settle = { resolve, reject };
    });
    this.#rendered.catch(() => {});
  }

  #resolve(): void {
    const settle = this.#settle;
    this.#settle = null;
    settle?.resolve();
  }

  #start(): void {
    if (this.#started || !this.isConnected) return;
    this.#started = true;
    this.#reload();
  }

  #reload(): void {
    const generation = ++this.#generation;
    this.#abort?.abort();
    this.#abort = null;
    this.#pending();
    if (this.#dataFromProperty && this.#data) return this.#draw(this.#data, generation);
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
      this.#status(NO_DATA_TEXT);
      this.#resolve();
      return;
    }
    this.#abort = abort;
    this.#destroyHandle();
    this.#status(LOADING_TEXT);
    this.setAttribute('aria-busy', 'true');
    loading.then(
      (data) => {
        if (generation !== this.#generation) return;
        this.#abort = null;
        this.#data = data;
        this.#draw(data, generation);
      },
      (e) => {
        if (generation !== this.#generation || (e as { name?: string })?.name === 'AbortError') return;
        this.#abort = null;
        this.#destroyHandle();
        this.#fail(e);
      },
    );
  }

  #draw(data: D, generation: number): void {
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
    if (generation === this.#generation) this.#track(handle);
  }

  #track(handle: H): void {
    this.#pending();
    const generation = this.#generation;
    handle.whenRendered().then(
      () => {
        if (handle !== this.#handle || generation !== this.#generation) return;
        this.#resolve();
        this.fire('tl-render', this.renderDetail(handle));
      },
      (e) => {
        if (handle !== this.#handle || generation !== this.#generation) return;
        this.#fail(e);
      },
    );
  }

  #destroyHandle(): void {
    for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe();
    const handle = this.#handle;
    this.#handle = null;
    handle?.destroy();
    this.querySelector(':scope > .tl-element-chart')?.remove();
  }

  /** Removes this element's status and error lines. */
  #clear(): void {
    for (const node of Array.from(this.querySelectorAll(':scope > .tl-element-status, :scope > .tl-error'))) node.remove();
    this.removeAttribute('aria-busy');
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
    // The component may already show this error itself (role="alert", e.g. for asynchronous data): show it once.
    if (!this.querySelector(':scope > .tl-element-chart [role="alert"]:not([hidden])')) {
      const div = this.ownerDocument.createElement('div');
      div.className = 'tl-error';
      div.setAttribute('role', 'alert');
      div.textContent = message;
      this.appendChild(div);
    }
    const settle = this.#settle;
    this.#settle = null;
    if (settle) settle.reject(error);
    else {
      this.#rendered = Promise.reject(error);
      this.#rendered.catch(() => {});
    }
    // A component that emitted this error as an `error` event (forwarded as tl-error) and rejected whenRendered()
    // with it has reported it once already.
    if (error === undefined || error !== this.#reportedError) this.fire<TlErrorDetail>('tl-error', { error, message });
  }
}
