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
import { TlElement, type AttributeSpec, type TlErrorDetail } from './element-base';
import { loadConfusionData, type ConfusionData } from './load';

/** Detail of the `tl-select` DOM event: the chart's `select` payload. */
export type TlSelectDetail = ConfusionMatrixEvents['select'];
export type { TlErrorDetail };

/** The second model for the compare view (property only). */
export type CompareData = ConfusionMatrixOptions['compare'];

/** The option attributes in the base class's form; the confusion matrix's own table parses them. */
const CONFUSION_SPECS: Record<string, AttributeSpec> = Object.fromEntries(
  Object.keys(OPTION_ATTRIBUTES).map((attr) => [attr, { option: optionNameOf(attr), kind: 'string', parse: (text: string) => OPTION_ATTRIBUTES[attr].parse(text, attr) }]),
);

/**
 * `<tl-confusion-matrix>`: a confusion matrix from a `src` URL (CSV or JSON) or a `data`
 * property, with every option as an attribute and a property.
 *
 * - Lifecycle of every tensorlens element ({@link TlElement}): starts when scrolled into view (the `eager`
 *   attribute starts at once); "Loading…" (role="status") while `src` loads; re-fetches when `src` changes,
 *   aborting the previous request; on disconnect destroys the chart, aborts fetches, disconnects observers.
 * - `selection="name"`: clicking a cell writes its examples into the page-wide selection of that name, which
 *   other elements with the same name show (a point cloud highlights those rows).
 * - Dispatches `tl-select` (bubbles, composed) when a cell is clicked, `tl-hover`, `tl-render` when drawn,
 *   `tl-error` when loading or drawing fails (the message is also shown, role="alert").
 * - Uses light DOM, so the page's `--tl-*` theme variables and `data-tl-theme` reach the chart.
 */
export class TlConfusionMatrix extends TlElement<ConfusionMatrixHandle, ConfusionData> {
  /** The tag this class is registered under: `<tl-confusion-matrix>` (see {@link TlElement.define}). */
  static get tagName(): 'tl-confusion-matrix' {
    return 'tl-confusion-matrix';
  }
  static get observedAttributes(): string[] {
    return [...OBSERVED_ATTRIBUTES, 'selection'];
  }
  protected readonly sourceAttributes = ['src'] as const;
  protected readonly optionSpecs = CONFUSION_SPECS;

  #compare: CompareData = null;

  /** A second model's predictions, drawn as the difference B − A (property only). */
  get compare(): CompareData {
    return this.#compare;
  }
  set compare(value: CompareData) {
    this.#compare = value ?? null;
    this.applySafely({ compare: this.#compare });
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
    return this.current;
  }

  /** Statistics of the drawn matrix (accuracy, per-class precision/recall/F1), or null. */
  stats(): ConfusionStats | null {
    return this.current?.stats() ?? null;
  }

  #write<K extends OptionName>(prop: K, value: AttributeOptions[K] | null | undefined): void {
    // A bad property value throws here (TensorLensError), like a bad argument to a function.
    writeOption(this, prop, value);
  }

  protected load(signal: AbortSignal): Promise<ConfusionData> | null {
    const src = this.getAttribute('src');
    if (!src) return null;
    return loadConfusionData(new URL(src, this.ownerDocument.baseURI).href, { signal });
  }

  protected create(container: HTMLElement, data: ConfusionData): ConfusionMatrixHandle {
    const attrs = optionsFromAttributes(this) as Partial<ConfusionMatrixOptions>;
    const options = {
      ...attrs,
      yTrue: data.yTrue,
      yPred: data.yPred,
      matrix: data.matrix,
      sampleWeight: data.sampleWeight,
      compare: this.#compare,
      selection: this.selection,
    } as ConfusionMatrixOptions;
    // The classes attribute names the classes; else the data's own names.
    if (!attrs.classes && data.classes) options.classes = data.classes;
    for (const key of Object.keys(options) as Array<keyof ConfusionMatrixOptions>) if (options[key] === undefined) delete options[key];
    return createConfusionMatrix(container, options);
  }

  /** A removed attribute goes back to its documented default in place (the chart is updated, not redrawn). */
  protected override optionsForAttribute(name: string, value: string | null): Record<string, unknown> {
    const spec = OPTION_ATTRIBUTES[name];
    const parsed = value === null ? spec.default : spec.parse(value, name);
    return { [optionNameOf(name)]: parsed === '' && name === 'chart-title' ? undefined : parsed };
  }

  protected forward(chart: ConfusionMatrixHandle): Array<() => void> {
    return [chart.on('select', (detail) => this.fire<TlSelectDetail>('tl-select', detail)), chart.on('hover', (detail) => this.fire('tl-hover', detail))];
  }

  protected apply(chart: ConfusionMatrixHandle, options: Record<string, unknown>): void {
    chart.update(options as Partial<ConfusionMatrixOptions>);
  }

  protected override renderDetail(chart: ConfusionMatrixHandle): { classes: number } {
    return { classes: chart.stats()?.size ?? 0 };
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
