// Options schemas: every component declares its options once — how each is checked, its default, and what a
// change of it makes stale — and gets from that declaration its validation (typed errors naming the option),
// its defaults, the diff an update() needs, and rollback (an update that throws changes nothing).
import { describe, fail } from './errors';
import { isCssColor } from './color';

/**
 * What a change of an option makes stale, from the most to the least work:
 * - `'data'`: derived data (counts, columns, GPU buffers) is rebuilt from the inputs;
 * - `'layout'`: sizes, positions, axes and scales are recomputed from the derived data;
 * - `'paint'`: only drawing changes (colours, opacity, highlight);
 * - `'none'`: nothing on screen changes (e.g. an option read only when an event fires).
 */
export type Invalidation = 'data' | 'layout' | 'paint' | 'none';

/** Checks one option value; throws a TensorLensError naming `argument` (e.g. `options.size`) when bad. */
export type OptionCheck<T> = (value: T, argument: string) => void;

/** How one option is checked, defaulted and diffed. */
export interface OptionSpec<T> {
  /** The value when the option is absent (`undefined`). Leave out for options with no default. */
  default?: T;
  /** Throws for a bad value. Not called for `undefined` (absent) values. */
  check?: OptionCheck<T>;
  /** A required option: absent is an 'option' error. */
  required?: boolean;
  /** What a change of this option makes stale. */
  invalidates: Invalidation;
  /** Whether two values are the same (default `Object.is`): an update to an equal value changes nothing. */
  equals?: (a: T, b: T) => boolean;
}

/**
 * One {@link OptionSpec} for every key of the options object `O`. A spec's check, default and equals see the
 * option's type without `undefined` (absent): checks are not called for absent values.
 */
export type OptionsSchema<O> = { [K in keyof O]-?: OptionSpec<Exclude<O[K], undefined>> };

/** Options with their defaults applied: keys that have a default are always present. */
export type ResolvedOptions<O> = O & { [K in keyof O]: O[K] };

/** The result of {@link OptionsModel.merge}. */
export interface OptionsChange<O> {
  /** The new options: the current ones with the partial applied, checked. */
  options: ResolvedOptions<O>;
  /** The keys whose value changed. */
  changed: Set<keyof O>;
  /** Everything the change makes stale (a 'data' change also implies 'layout' and 'paint', and so on). */
  invalidated: Set<Invalidation>;
}

/** What {@link defineOptions} returns. */
export interface OptionsModel<O> {
  /** The component's name, used in messages. */
  readonly component: string;
  readonly schema: OptionsSchema<O>;
  /** The defaults (keys that have one). */
  readonly defaults: Partial<O>;
  /** Defaults applied to the given options, every value and the whole object checked. Throws before returning anything. */
  resolve(given: O): ResolvedOptions<O>;
  /**
   * The options after applying `partial` to `current`, checked, and what changed. `current` is not modified and
   * nothing is returned when a value is bad, so a component that applies the result only after this returns
   * stays as it was when an update throws. `undefined` in `partial` resets that option to its default.
   */
  merge(current: ResolvedOptions<O>, partial: Partial<O>): OptionsChange<O>;
}

/** Extra rules for {@link defineOptions}. */
export interface DefineOptionsExtras<O> {
  /** Old option names that were renamed: an old name in the options is an error that names its replacement. */
  renamed?: Record<string, string>;
  /** A check of the whole resolved object, for rules that involve several options (run after each option's check). */
  validate?: (options: ResolvedOptions<O>) => void;
}

const ORDER: Invalidation[] = ['data', 'layout', 'paint', 'none'];

/** The closest known name to `key` (a small edit distance, or the same name in another case), for "did you mean". */
function closest(key: string, names: string[]): string | null {
  let best: string | null = null;
  let bestDistance = Math.max(2, Math.floor(key.length / 3)) + 1;
  for (const name of names) {
    if (name.toLowerCase() === key.toLowerCase()) return name;
    const d = editDistance(key.toLowerCase(), name.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = name;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length];
}

/**
 * Declares a component's options. Unknown keys are errors (with the nearest known name, or the new name of a
 * renamed option), so a typo never silently does nothing.
 *
 * ```ts
 * const model = defineOptions<Options>('point cloud', {
 *   size: { default: 4, check: isNumber({ min: 0, exclusiveMin: true }), invalidates: 'paint' },
 *   data: { required: true, invalidates: 'data' },
 * }, { renamed: { pointSize: 'size' } });
 * let options = model.resolve(given);
 * // in update(partial):
 * const { options: next, invalidated } = model.merge(options, partial); // throws → nothing changed
 * ```
 */
export function defineOptions<O extends object>(component: string, schema: OptionsSchema<O>, extras: DefineOptionsExtras<O> = {}): OptionsModel<O> {
  const keys = Object.keys(schema) as Array<keyof O & string>;
  const known = new Set<string>(keys);
  const defaults: Partial<O> = {};
  for (const k of keys) if ('default' in schema[k]) defaults[k] = schema[k].default;

  function checkKeys(given: object): void {
    for (const key of Object.keys(given)) {
      if (known.has(key)) continue;
      // Own names only: 'constructor', 'toString' or '__proto__' must not read Object.prototype.
      const renamedTo = extras.renamed && Object.prototype.hasOwnProperty.call(extras.renamed, key) ? extras.renamed[key] : undefined;
      if (renamedTo) throw fail('option', `options.${key}`, `'${renamedTo}' (the ${component}'s option '${key}' was renamed to '${renamedTo}')`, (given as Record<string, unknown>)[key]);
      const near = closest(key, keys);
      throw fail('option', `options.${key}`, near ? `a known option of the ${component} (did you mean '${near}'?)` : `a known option of the ${component}`, (given as Record<string, unknown>)[key]);
    }
  }

  function checkValue<K extends keyof O & string>(key: K, value: O[K]): void {
    const spec = schema[key];
    if (value === undefined) {
      if (spec.required) throw fail('option', `options.${key}`, `a value (the ${component} needs '${key}')`, value);
      return;
    }
    spec.check?.(value as Exclude<O[K], undefined>, `options.${key}`);
  }

  function complete(values: Partial<O>): ResolvedOptions<O> {
    const out = { ...values } as Record<string, unknown>;
    for (const k of keys) if (out[k] === undefined && 'default' in schema[k]) out[k] = schema[k].default;
    return out as ResolvedOptions<O>;
  }

  return {
    component,
    schema,
    defaults,
    resolve(given) {
      if (!given || typeof given !== 'object') throw fail('type', 'options', `an options object for the ${component}`, given);
      checkKeys(given);
      const resolved = complete(given);
      for (const k of keys) checkValue(k, resolved[k]);
      extras.validate?.(resolved);
      return resolved;
    },
    merge(current, partial) {
      if (!partial || typeof partial !== 'object') throw fail('type', 'options', `a partial options object for the ${component}`, partial);
      checkKeys(partial);
      const next = { ...current } as Record<string, unknown>;
      const changed = new Set<keyof O>();
      for (const k of Object.keys(partial) as Array<keyof O & string>) {
        const spec = schema[k];
        const value = partial[k] === undefined ? spec.default : partial[k];
        checkValue(k, value as O[typeof k]);
        const absent = current[k] === undefined || value === undefined;
        const same = spec.equals && !absent ? spec.equals(current[k] as Exclude<O[typeof k], undefined>, value as Exclude<O[typeof k], undefined>) : Object.is(current[k], value);
        if (!same) changed.add(k);
        next[k] = value;
      }
      const options = next as ResolvedOptions<O>;
      extras.validate?.(options);
      let most = ORDER.length;
      for (const k of changed) most = Math.min(most, ORDER.indexOf(schema[k].invalidates));
      const invalidated = new Set<Invalidation>(most < ORDER.length ? ORDER.slice(most, 3) : []);
      return { options, changed, invalidated };
    },
  };
}

// ---- checks: small factories that return an OptionCheck, composed in schemas ----

/** One of the given values. */
export function oneOf<T extends string | number | boolean | null>(...values: T[]): OptionCheck<T> {
  const list = values.map((v) => (typeof v === 'string' ? `'${v}'` : String(v))).join(' | ');
  return (value, argument) => {
    if (!values.includes(value)) throw fail('option', argument, list, value);
  };
}

/** Limits for {@link isNumber}. */
export interface NumberLimits {
  min?: number;
  max?: number;
  /** Exclude `min` itself (a value must be > min). */
  exclusiveMin?: boolean;
  integer?: boolean;
}

/** A finite number within the limits. */
export function isNumber(limits: NumberLimits = {}): OptionCheck<number> {
  const { min = -Infinity, max = Infinity, exclusiveMin = false, integer = false } = limits;
  const parts = [integer ? 'an integer' : 'a number'];
  if (min > -Infinity) parts.push(`${exclusiveMin ? '>' : '≥'} ${min}`);
  if (max < Infinity) parts.push(`${min > -Infinity ? 'and ' : ''}≤ ${max}`);
  const expected = parts.join(' ');
  return (value, argument) => {
    const ok = typeof value === 'number' && Number.isFinite(value) && (exclusiveMin ? value > min : value >= min) && value <= max && (!integer || Number.isInteger(value));
    if (!ok) throw fail('option', argument, expected, value);
  };
}

/** `true` or `false`. */
export const isBoolean: OptionCheck<boolean> = (value, argument) => {
  if (typeof value !== 'boolean') throw fail('option', argument, 'true or false', value);
};

/** Any string. */
export const isString: OptionCheck<string> = (value, argument) => {
  if (typeof value !== 'string') throw fail('option', argument, 'a string', value);
};

/** A function. */
export const isFunction: OptionCheck<unknown> = (value, argument) => {
  if (typeof value !== 'function') throw fail('option', argument, 'a function', value);
};

/** A CSS colour in any syntax the browser accepts (core's {@link isCssColor}: d3-color, then the browser's own parser). */
export const isColor: OptionCheck<string> = (value, argument) => {
  if (!isCssColor(value)) throw fail('option', argument, 'a CSS colour (a name, #hex, rgb(), hsl(), hwb(), lab(), lch(), oklab(), oklch() or color())', describe(value));
};

/** A selection store (from createSelection or namedSelection), duck-typed so stores from another bundle on the page work. */
export const isSelection: OptionCheck<unknown> = (value, argument) => {
  const s = value as { has?: unknown; set?: unknown; on?: unknown };
  if (!s || typeof s !== 'object' || typeof s.has !== 'function' || typeof s.set !== 'function' || typeof s.on !== 'function') {
    throw fail('option', argument, 'a Selection (createSelection() or namedSelection(name))', value);
  }
};

/** `null` (and `undefined`) pass; anything else goes to `check`. */
export function nullable<T>(check: OptionCheck<T>): OptionCheck<T | null> {
  return (value, argument) => {
    if (value !== null && value !== undefined) check(value, argument);
  };
}

/** Passes when any of the checks passes; otherwise throws the last check's error. */
export function anyOf<T>(...checks: Array<OptionCheck<never>>): OptionCheck<T> {
  return (value, argument) => {
    let last: unknown;
    for (const check of checks) {
      try {
        (check as OptionCheck<T>)(value, argument);
        return;
      } catch (e) {
        last = e;
      }
    }
    throw last;
  };
}

/** The theme option every component has: 'auto' follows the page's colour scheme. */
export type Theme = 'auto' | 'light' | 'dark';

/** The check of {@link Theme}. */
export const isTheme: OptionCheck<Theme> = oneOf<Theme>('auto', 'light', 'dark');
