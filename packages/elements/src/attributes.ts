import { TensorLensError, describe } from '@tensorlens/core';

/**
 * Attribute ↔ property mapping for `<tl-confusion-matrix>`.
 *
 * Every option that has a plain-text form is an HTML attribute (kebab-case) and a property
 * (camelCase) that reflects to it, so the attribute is the one source of truth:
 * `el.topK = 5` writes `top-k="5"`, and `el.topK` reads it back parsed. Objects (`data`,
 * `compare`, `selection`) are properties only.
 */

/** Options an attribute can carry, with the type its property has. */
export interface AttributeOptions {
  /** The chart's `normalize` option (the property is `normalization`: `normalize()` is a DOM method of every Node). */
  normalization: 'none' | 'true' | 'pred' | 'all';
  cellText: 'auto' | 'count' | 'percent' | 'none';
  order: 'given' | 'frequency' | 'accuracy' | 'seriation';
  topK: number | null;
  margins: boolean;
  confusedPairs: number;
  legend: boolean;
  colorScheme: 'viridis' | 'magma' | 'blues' | 'greys';
  classes: string[] | null;
  theme: 'auto' | 'light' | 'dark';
  /** The chart's `title` option (the attribute is `chart-title`: `title` is HTML's tooltip attribute). */
  chartTitle: string;
  canvasThreshold: number;
}

/** A confusion-matrix option that an attribute of `<tl-confusion-matrix>` sets. */
export type OptionName = keyof AttributeOptions;

interface AttributeSpec<K extends OptionName> {
  /** The property name. */
  prop: K;
  /** The chart option name, when it differs from the property. */
  option?: string;
  /** Value when the attribute is absent (the chart's documented default). */
  default: AttributeOptions[K];
  /** Parses attribute text; throws TensorLensError (code 'option') for a bad value. */
  parse(text: string, attr: string): AttributeOptions[K];
  /** Text for a property value; null removes the attribute. */
  serialize(value: AttributeOptions[K]): string | null;
}

const enumOf = <T extends string>(values: readonly T[]) => ({
  parse(text: string, attr: string): T {
    const v = text.trim().toLowerCase();
    if ((values as readonly string[]).includes(v)) return v as T;
    throw new TensorLensError('option', `attribute ${attr}`, `one of ${values.map((s) => `"${s}"`).join(', ')}`, describe(text));
  },
  serialize: (v: T) => String(v),
});

const FALSE_WORDS = ['false', 'off', 'no', '0'];
const TRUE_WORDS = ['', 'true', 'on', 'yes', '1'];
const bool = {
  /** Present (empty or "true") turns the option on; "false"/"off"/"no"/"0" turn it off. */
  parse(text: string, attr: string): boolean {
    const v = text.trim().toLowerCase();
    if (TRUE_WORDS.includes(v)) return true;
    if (FALSE_WORDS.includes(v)) return false;
    throw new TensorLensError('option', `attribute ${attr}`, '"true" or "false"', describe(text));
  },
  serialize: (v: boolean) => (v ? 'true' : 'false'),
};

const integer = (min: number) => ({
  parse(text: string, attr: string): number {
    const v = Number(text.trim());
    if (text.trim() === '' || !Number.isInteger(v) || v < min) {
      throw new TensorLensError('option', `attribute ${attr}`, `an integer ≥ ${min}`, describe(text));
    }
    return v;
  },
  serialize: (v: number) => String(v),
});

/** Every attribute the element observes (besides `src`, `eager`), keyed by attribute name. */
export const OPTION_ATTRIBUTES: { readonly [attr: string]: AttributeSpec<OptionName> } = {
  normalize: { prop: 'normalization', option: 'normalize', default: 'none', ...enumOf(['none', 'true', 'pred', 'all'] as const) },
  'cell-text': { prop: 'cellText', default: 'auto', ...enumOf(['auto', 'count', 'percent', 'none'] as const) },
  order: { prop: 'order', default: 'given', ...enumOf(['given', 'frequency', 'accuracy', 'seriation'] as const) },
  'top-k': {
    prop: 'topK',
    default: null,
    parse(text: string, attr: string) {
      const t = text.trim().toLowerCase();
      if (t === '' || t === 'all' || t === 'none') return null;
      return integer(1).parse(t, attr);
    },
    serialize: (v: number | null) => (v == null ? null : String(v)),
  },
  margins: { prop: 'margins', default: true, ...bool },
  'confused-pairs': { prop: 'confusedPairs', default: 5, ...integer(0) },
  legend: { prop: 'legend', default: true, ...bool },
  'color-scheme': { prop: 'colorScheme', option: 'scheme', default: 'blues', ...enumOf(['viridis', 'magma', 'blues', 'greys'] as const) },
  classes: {
    prop: 'classes',
    default: null,
    parse: (text: string) => {
      const names = parseList(text);
      return names.length ? names : null;
    },
    serialize: (v: string[] | null) => (v == null ? null : v.map((s) => String(s).replace(/,/g, '\\,')).join(',')),
  },
  theme: { prop: 'theme', default: 'auto', ...enumOf(['auto', 'light', 'dark'] as const) },
  'chart-title': { prop: 'chartTitle', option: 'title', default: '', parse: (t: string) => t, serialize: (v: string) => (v ? v : null) },
  'canvas-threshold': { prop: 'canvasThreshold', default: 40, ...integer(1) },
} as { [attr: string]: AttributeSpec<OptionName> };

/** Attribute names, for `observedAttributes`. */
export const OBSERVED_ATTRIBUTES: readonly string[] = ['src', 'eager', ...Object.keys(OPTION_ATTRIBUTES)];

/** camelCase property → kebab-case attribute. */
export const ATTRIBUTE_OF: { readonly [P in OptionName]: string } = Object.fromEntries(
  Object.entries(OPTION_ATTRIBUTES).map(([attr, spec]) => [spec.prop, attr]),
) as { [P in OptionName]: string };

/** `"a, b,,c"` → `["a", "b", "c"]`; a backslash escapes a comma inside a name (`"a\,b"`). */
export function parseList(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\' && text[i + 1] === ',') {
      cur += ',';
      i++;
    } else if (ch === ',') {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  out.push(cur.trim());
  return out.filter((s) => s !== '');
}

/** Parses one attribute's text (null = absent → undefined). Throws TensorLensError for a bad value. */
export function parseAttribute<K extends OptionName>(attr: string, text: string | null): AttributeOptions[K] | undefined {
  const spec = OPTION_ATTRIBUTES[attr];
  if (!spec) throw new TensorLensError('option', 'attribute', `one of ${Object.keys(OPTION_ATTRIBUTES).join(', ')}`, describe(attr));
  if (text == null) return undefined;
  return spec.parse(text, attr) as AttributeOptions[K];
}

/** The attribute text for a property value (null = remove the attribute). */
export function serializeAttribute<K extends OptionName>(prop: K, value: AttributeOptions[K] | null | undefined): string | null {
  const attr = ATTRIBUTE_OF[prop];
  if (value === undefined || value === null) return null;
  const spec = OPTION_ATTRIBUTES[attr] as unknown as AttributeSpec<K>;
  if (prop === 'classes' && !Array.isArray(value)) throw new TensorLensError('option', 'classes', 'an array of strings', describe(value));
  // Validate by round-tripping through the parser, so a bad property value fails like a bad attribute.
  const text = spec.serialize(value);
  if (text !== null) spec.parse(text, attr);
  return text;
}

/** The chart option an attribute sets (e.g. `top-k` → `topK`, `chart-title` → `title`). */
export function optionNameOf(attr: string): string {
  const spec = OPTION_ATTRIBUTES[attr];
  return spec.option ?? spec.prop;
}

/**
 * Chart options from every option attribute present on `el`, keyed by chart option name
 * (absent attributes are left out, so the chart's defaults apply). Throws TensorLensError for a bad value.
 */
export function optionsFromAttributes(el: Element): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const attr of Object.keys(OPTION_ATTRIBUTES)) {
    const text = el.getAttribute(attr);
    if (text == null) continue;
    out[optionNameOf(attr)] = OPTION_ATTRIBUTES[attr].parse(text, attr);
  }
  return out;
}

/** A property's current value: the parsed attribute, else the documented default. */
export function readOption<K extends OptionName>(el: Element, prop: K): AttributeOptions[K] {
  const attr = ATTRIBUTE_OF[prop];
  const spec = OPTION_ATTRIBUTES[attr];
  const text = el.getAttribute(attr);
  if (text == null) return spec.default as AttributeOptions[K];
  try {
    return spec.parse(text, attr) as AttributeOptions[K];
  } catch {
    return spec.default as AttributeOptions[K];
  }
}

/** Sets (or removes) the attribute behind a property. */
export function writeOption<K extends OptionName>(el: Element, prop: K, value: AttributeOptions[K] | null | undefined): void {
  const text = serializeAttribute(prop, value);
  const attr = ATTRIBUTE_OF[prop];
  if (text === null) el.removeAttribute(attr);
  else if (el.getAttribute(attr) !== text) el.setAttribute(attr, text);
}
