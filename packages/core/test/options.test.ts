import { describe, expect, it } from 'vitest';
import {
  anyOf,
  createSelection,
  defineOptions,
  isBoolean,
  isColor,
  isFunction,
  isNumber,
  isSelection,
  isString,
  isTheme,
  nullable,
  oneOf,
  TensorLensError,
  type OptionCheck,
  type Theme,
} from '../src/index';
import { expectError } from '../../../test/support';

/** A small component's options: one per kind of invalidation, one required, one with no default. */
interface DemoOptions {
  data: number[];
  size?: number;
  scheme?: 'viridis' | 'magma';
  opacity?: number;
  title?: string | null;
  onPick?: (() => void) | null;
  theme?: Theme;
}

const model = defineOptions<DemoOptions>(
  'demo chart',
  {
    data: { required: true, invalidates: 'data' },
    size: { default: 4, check: isNumber({ min: 0, exclusiveMin: true }), invalidates: 'layout' },
    scheme: { default: 'viridis', check: oneOf('viridis', 'magma'), invalidates: 'paint' },
    opacity: { default: 1, check: isNumber({ min: 0, max: 1 }), invalidates: 'paint' },
    title: { default: null, check: nullable(isString), invalidates: 'layout' },
    onPick: { default: null, check: nullable(isFunction), invalidates: 'none' },
    theme: { default: 'auto', check: isTheme, invalidates: 'paint' },
  },
  { renamed: { pointSize: 'size', colorScheme: 'scheme' } },
);

const data = [1, 2, 3];

describe('defineOptions(component, schema).resolve(given)', () => {
  it('applies the defaults to absent and undefined options and keeps given ones', () => {
    const resolved = model.resolve({ data, size: 7, opacity: undefined });
    expect(resolved).toEqual({ data, size: 7, scheme: 'viridis', opacity: 1, title: null, onPick: null, theme: 'auto' });
    expect(model.defaults).toEqual({ size: 4, scheme: 'viridis', opacity: 1, title: null, onPick: null, theme: 'auto' });
  });

  it('does not modify the object it is given', () => {
    const given = { data };
    model.resolve(given);
    expect(given).toEqual({ data });
  });

  it('an unknown option is an error naming it and suggesting the nearest known name', () => {
    const error = expectError(() => model.resolve({ data, sise: 3 } as DemoOptions), 'option', 'options.sise');
    expect(error.expected).toContain("did you mean 'size'?");
    expect(error.message).toContain('demo chart');
    // a different case of a known name is suggested too
    expect(expectError(() => model.resolve({ data, Opacity: 1 } as DemoOptions), 'option', 'options.Opacity').expected).toContain("'opacity'");
  });

  it('an unknown option far from every known name gets no suggestion', () => {
    const error = expectError(() => model.resolve({ data, zzzzzzzzzzzz: 1 } as DemoOptions), 'option', 'options.zzzzzzzzzzzz');
    expect(error.expected).not.toContain('did you mean');
  });

  it('a renamed option is an error naming its new name', () => {
    expect(expectError(() => model.resolve({ data, pointSize: 3 } as DemoOptions), 'option', 'options.pointSize').expected).toContain("'size'");
    expect(expectError(() => model.resolve({ data, colorScheme: 'magma' } as DemoOptions), 'option', 'options.colorScheme').expected).toContain("renamed to 'scheme'");
  });

  it('names of Object.prototype are unknown options, not renamed ones', () => {
    for (const key of ['constructor', 'toString', 'hasOwnProperty']) {
      const error = expectError(() => model.resolve({ data, [key]: 1 } as DemoOptions), 'option', `options.${key}`);
      expect(error.expected).not.toContain('renamed');
    }
    const parsed = JSON.parse('{"data": [1], "__proto__": {"size": -1}}');
    expectError(() => model.resolve(parsed), 'option', 'options.__proto__');
  });

  it('a required option that is absent is an error naming it', () => {
    const error = expectError(() => model.resolve({} as DemoOptions), 'option', 'options.data');
    expect(error.expected).toContain("needs 'data'");
  });

  it('a bad value is an error naming the option, what was expected and what was received', () => {
    const error = expectError(() => model.resolve({ data, size: -2 }), 'option', 'options.size');
    expect(error.expected).toBe('a number > 0');
    expect(error.received).toBe('-2');
    expect(error.message).toBe('options.size: expected a number > 0, received -2');
  });

  it('options that are not an object are a type error', () => {
    expectError(() => model.resolve(null as unknown as DemoOptions), 'type', 'options');
    expectError(() => model.resolve('size' as unknown as DemoOptions), 'type', 'options');
  });
});

describe('defineOptions(…).merge(current, partial)', () => {
  const current = model.resolve({ data, size: 4, opacity: 0.5 });

  it('returns the new options, the changed keys and what they invalidate, and leaves current untouched', () => {
    const copy = { ...current };
    const change = model.merge(current, { opacity: 0.8 });
    expect(change.options).toEqual({ ...current, opacity: 0.8 });
    expect([...change.changed]).toEqual(['opacity']);
    expect([...change.invalidated]).toEqual(['paint']);
    expect(current).toEqual(copy);
    expect(change.options).not.toBe(current);
  });

  it('a data change invalidates data, layout and paint; a layout change layout and paint', () => {
    expect([...model.merge(current, { data: [4, 5] }).invalidated]).toEqual(['data', 'layout', 'paint']);
    expect([...model.merge(current, { size: 9 }).invalidated]).toEqual(['layout', 'paint']);
    // the most work wins when several keys change
    const change = model.merge(current, { opacity: 0.2, size: 9, scheme: 'magma' });
    expect(new Set(change.changed)).toEqual(new Set(['opacity', 'size', 'scheme']));
    expect([...change.invalidated]).toEqual(['layout', 'paint']);
  });

  it("an option that invalidates 'none' changes the options but invalidates nothing", () => {
    const onPick = () => {};
    const change = model.merge(current, { onPick });
    expect(change.options.onPick).toBe(onPick);
    expect([...change.changed]).toEqual(['onPick']);
    expect(change.invalidated.size).toBe(0);
  });

  it('an equal value changes nothing', () => {
    const change = model.merge(current, { size: 4, scheme: 'viridis', data: current.data });
    expect(change.changed.size).toBe(0);
    expect(change.invalidated.size).toBe(0);
    expect(model.merge(current, {}).changed.size).toBe(0);
  });

  it('undefined resets an option to its default', () => {
    const change = model.merge(current, { opacity: undefined });
    expect(change.options.opacity).toBe(1);
    expect([...change.changed]).toEqual(['opacity']);
    // … and a required option with no default cannot be reset
    expectError(() => model.merge(current, { data: undefined }), 'option', 'options.data');
  });

  it('throws before returning anything when a value is bad, leaving current as it was', () => {
    const copy = { ...current };
    expectError(() => model.merge(current, { opacity: 0.3, size: 0 }), 'option', 'options.size');
    expectError(() => model.merge(current, { scheme: 'jet' as 'magma' }), 'option', 'options.scheme');
    expect(current).toEqual(copy);
  });

  it('unknown and renamed keys are errors in an update too', () => {
    expect(expectError(() => model.merge(current, { opacty: 1 } as Partial<DemoOptions>), 'option', 'options.opacty').expected).toContain("'opacity'");
    expect(expectError(() => model.merge(current, { pointSize: 1 } as Partial<DemoOptions>), 'option', 'options.pointSize').expected).toContain("'size'");
    expectError(() => model.merge(current, null as unknown as Partial<DemoOptions>), 'type', 'options');
  });

  it('uses the spec equals for objects, also when a value is absent', () => {
    interface RangeOptions {
      range?: [number, number];
    }
    const sameRange = (a: [number, number], b: [number, number]) => a[0] === b[0] && a[1] === b[1];
    const ranges = defineOptions<RangeOptions>('range chart', { range: { invalidates: 'layout', equals: sameRange } });
    const start = ranges.resolve({ range: [0, 1] });
    expect(ranges.merge(start, { range: [0, 1] }).changed.size).toBe(0);
    expect([...ranges.merge(start, { range: [0, 2] }).changed]).toEqual(['range']);
    expect([...ranges.merge(start, { range: undefined }).changed]).toEqual(['range']);
    // absent stays absent: no change
    expect(ranges.merge(ranges.resolve({}), { range: undefined }).changed.size).toBe(0);
  });
});

describe('defineOptions(…, { validate })', () => {
  interface Domain {
    min?: number;
    max?: number;
  }
  const domain = defineOptions<Domain>(
    'domain chart',
    { min: { default: 0, check: isNumber(), invalidates: 'layout' }, max: { default: 1, check: isNumber(), invalidates: 'layout' } },
    {
      validate(options) {
        if (options.min! >= options.max!) throw new TensorLensError('option', 'options.max', `a number > options.min (${options.min})`, String(options.max));
      },
    },
  );

  it('cross-checks the whole resolved object after each option is checked', () => {
    expect(domain.resolve({ min: 2, max: 3 })).toEqual({ min: 2, max: 3 });
    expectError(() => domain.resolve({ min: 2 }), 'option', 'options.max');
    // a single option's check comes first
    expectError(() => domain.resolve({ min: NaN }), 'option', 'options.min');
  });

  it('cross-checks the merged options in an update, and a failing update changes nothing', () => {
    const current = domain.resolve({ min: 0, max: 10 });
    expectError(() => domain.merge(current, { min: 20 }), 'option', 'options.max');
    expect(current).toEqual({ min: 0, max: 10 });
    expect(domain.merge(current, { min: 20, max: 30 }).options).toEqual({ min: 20, max: 30 });
  });
});

describe('option checks', () => {
  const run = (check: OptionCheck<never>, value: unknown) => () => (check as OptionCheck<unknown>)(value, 'options.x');

  it('oneOf lists the allowed values', () => {
    const check = oneOf('row', 'column', 'none');
    expect(run(check, 'row')).not.toThrow();
    expect(expectError(run(check, 'rows'), 'option', 'options.x').expected).toBe("'row' | 'column' | 'none'");
    expect(oneOf(1, 2, null)).toBeTypeOf('function');
    expect(expectError(run(oneOf(1, 2, null), 3), 'option', 'options.x').expected).toBe('1 | 2 | null');
  });

  it('isNumber: finite, within the limits, integer when asked, and says so', () => {
    expect(run(isNumber(), -1e9)).not.toThrow();
    for (const bad of [NaN, Infinity, '3', null]) expectError(run(isNumber(), bad), 'option', 'options.x');
    expect(expectError(run(isNumber(), '3'), 'option', 'options.x').expected).toBe('a number');
    expect(run(isNumber({ min: 0 }), 0)).not.toThrow();
    expect(expectError(run(isNumber({ min: 0 }), -0.1), 'option', 'options.x').expected).toBe('a number ≥ 0');
    expect(expectError(run(isNumber({ min: 0, exclusiveMin: true }), 0), 'option', 'options.x').expected).toBe('a number > 0');
    expect(run(isNumber({ min: 0, max: 1 }), 1)).not.toThrow();
    expect(expectError(run(isNumber({ min: 0, max: 1 }), 1.5), 'option', 'options.x').expected).toBe('a number ≥ 0 and ≤ 1');
    expect(expectError(run(isNumber({ max: 10 }), 11), 'option', 'options.x').expected).toBe('a number ≤ 10');
    expect(run(isNumber({ integer: true, min: 1 }), 3)).not.toThrow();
    expect(expectError(run(isNumber({ integer: true, min: 1 }), 2.5), 'option', 'options.x').expected).toBe('an integer ≥ 1');
  });

  it('isBoolean, isString, isFunction', () => {
    expect(run(isBoolean, false)).not.toThrow();
    expect(expectError(run(isBoolean, 'true'), 'option', 'options.x').expected).toBe('true or false');
    expect(run(isString, '')).not.toThrow();
    expect(expectError(run(isString, 3), 'option', 'options.x').expected).toBe('a string');
    expect(run(isFunction, () => 1)).not.toThrow();
    expect(expectError(run(isFunction, 'alert(1)'), 'option', 'options.x').expected).toBe('a function');
  });

  it('isColor accepts names, hex, rgb(), hsl() and transparent, and names the option and what it expects when it cannot', () => {
    for (const good of ['#f00', '#ff000080', 'rgb(255, 0, 0)', 'rgba(0 0 0 / 0.5)', 'steelblue', 'hsl(120 100% 25%)', 'transparent']) expect(run(isColor, good)).not.toThrow();
    const error = expectError(run(isColor, 'rgb(nope)'), 'option', 'options.x');
    expect(error.expected).toMatch(/^a CSS colour \(a name, #hex, rgb\(\), hsl\(\), .*oklch\(\)/);
    expect(error.message).toContain('"rgb(nope)"');
    expectError(run(isColor, 0xff0000), 'option', 'options.x');
  });

  it('isSelection accepts a selection store (duck-typed) and nothing else', () => {
    expect(run(isSelection, createSelection(10))).not.toThrow();
    expect(run(isSelection, { has() {}, set() {}, on() {} })).not.toThrow();
    for (const bad of [[1, 2], new Set([1]), null, 'sel']) expect(expectError(run(isSelection, bad), 'option', 'options.x').expected).toContain('createSelection()');
  });

  it('nullable lets null and undefined through and checks anything else', () => {
    const check = nullable(isNumber({ min: 0 }));
    expect(run(check, null)).not.toThrow();
    expect(run(check, undefined)).not.toThrow();
    expect(run(check, 2)).not.toThrow();
    expectError(run(check, -2), 'option', 'options.x');
  });

  it("anyOf passes when one check passes, else throws the last check's error", () => {
    const check = anyOf<number | string>(isNumber({ min: 0 }), oneOf('auto'));
    expect(run(check, 3)).not.toThrow();
    expect(run(check, 'auto')).not.toThrow();
    expect(expectError(run(check, 'manual'), 'option', 'options.x').expected).toBe("'auto'");
  });

  it("isTheme is 'auto' | 'light' | 'dark'", () => {
    for (const theme of ['auto', 'light', 'dark']) expect(run(isTheme, theme)).not.toThrow();
    expect(expectError(run(isTheme, 'night'), 'option', 'options.x').expected).toBe("'auto' | 'light' | 'dark'");
  });
});
