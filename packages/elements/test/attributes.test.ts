import { describe, expect, it } from 'vitest';
import { TensorLensError } from '@tensorlens/core';
import {
  ATTRIBUTE_OF,
  OBSERVED_ATTRIBUTES,
  OPTION_ATTRIBUTES,
  optionsFromAttributes,
  parseAttribute,
  parseList,
  readOption,
  serializeAttribute,
  writeOption,
} from '../src/attributes';

const thrown = (fn: () => unknown): TensorLensError => {
  try {
    fn();
  } catch (e) {
    return e as TensorLensError;
  }
  throw new Error('expected a throw');
};

describe('attribute parsing', () => {
  it('maps every kebab-case attribute to a camelCase property and back', () => {
    expect(ATTRIBUTE_OF).toMatchObject({
      normalization: 'normalize',
      cellText: 'cell-text',
      order: 'order',
      topK: 'top-k',
      margins: 'margins',
      confusedPairs: 'confused-pairs',
      legend: 'legend',
      colorScheme: 'color-scheme',
      classes: 'classes',
      theme: 'theme',
      chartTitle: 'chart-title',
    });
    for (const [attr, spec] of Object.entries(OPTION_ATTRIBUTES)) expect(ATTRIBUTE_OF[spec.prop]).toBe(attr);
  });

  it('observes src, eager and every option attribute', () => {
    expect(OBSERVED_ATTRIBUTES).toEqual(expect.arrayContaining(['src', 'eager', 'normalize', 'top-k', 'cell-text', 'confused-pairs', 'color-scheme', 'classes', 'theme', 'margins', 'legend', 'order']));
  });

  it('reads enumerated attributes case-insensitively and trims them', () => {
    expect(parseAttribute('normalize', ' TRUE ')).toBe('true');
    expect(parseAttribute('order', 'seriation')).toBe('seriation');
    expect(parseAttribute('cell-text', 'percent')).toBe('percent');
    expect(parseAttribute('color-scheme', 'Viridis')).toBe('viridis');
    expect(parseAttribute('theme', 'dark')).toBe('dark');
  });

  it('returns undefined for an absent attribute, so the chart default applies', () => {
    expect(parseAttribute('normalize', null)).toBeUndefined();
    expect(parseAttribute('margins', null)).toBeUndefined();
  });

  it('rejects an unknown enumerated value with a TensorLensError naming the attribute and the accepted values', () => {
    const e = thrown(() => parseAttribute('normalize', 'rows'));
    expect(e).toBeInstanceOf(TensorLensError);
    expect(e.code).toBe('option');
    expect(e.argument).toBe('attribute normalize');
    expect(e.message).toContain('"pred"');
    expect(e.message).toContain('"rows"');
  });

  it('reads top-k as a positive integer, and empty or "all" as null (every class)', () => {
    expect(parseAttribute('top-k', '12')).toBe(12);
    expect(parseAttribute('top-k', '')).toBeNull();
    expect(parseAttribute('top-k', 'all')).toBeNull();
    for (const bad of ['0', '-3', '2.5', 'ten']) expect(thrown(() => parseAttribute('top-k', bad)).code).toBe('option');
  });

  it('reads confused-pairs as an integer ≥ 0', () => {
    expect(parseAttribute('confused-pairs', '0')).toBe(0);
    expect(parseAttribute('confused-pairs', '10')).toBe(10);
    expect(thrown(() => parseAttribute('confused-pairs', '-1')).argument).toBe('attribute confused-pairs');
  });

  it('reads boolean attributes: present or "true" is on; "false", "off", "no", "0" are off', () => {
    expect(parseAttribute('margins', '')).toBe(true);
    expect(parseAttribute('margins', 'true')).toBe(true);
    expect(parseAttribute('legend', 'false')).toBe(false);
    expect(parseAttribute('legend', 'off')).toBe(false);
    expect(parseAttribute('legend', '0')).toBe(false);
    expect(thrown(() => parseAttribute('legend', 'maybe')).code).toBe('option');
  });

  it('reads classes as a comma-separated list, trimming names and dropping empty ones', () => {
    expect(parseAttribute('classes', 'cat, dog ,, bird')).toEqual(['cat', 'dog', 'bird']);
    expect(parseAttribute('classes', ' ')).toBeNull();
    expect(parseList('a\\,b,c')).toEqual(['a,b', 'c']);
  });

  it('serializes property values to attribute text and validates them like attributes', () => {
    expect(serializeAttribute('topK', 5)).toBe('5');
    expect(serializeAttribute('topK', null)).toBeNull();
    expect(serializeAttribute('margins', false)).toBe('false');
    expect(serializeAttribute('classes', ['a,b', 'c'])).toBe('a\\,b,c');
    expect(parseAttribute('classes', serializeAttribute('classes', ['a,b', 'c']))).toEqual(['a,b', 'c']);
    expect(thrown(() => serializeAttribute('normalization', 'rows' as never)).code).toBe('option');
    expect(thrown(() => serializeAttribute('topK', 1.5)).code).toBe('option');
    expect(thrown(() => serializeAttribute('classes', 'a,b' as never)).code).toBe('option');
  });
});

describe('options from an element', () => {
  it('collects the chart options of the attributes present, under chart option names', () => {
    const el = document.createElement('div');
    el.setAttribute('normalize', 'true');
    el.setAttribute('top-k', '3');
    el.setAttribute('cell-text', 'none');
    el.setAttribute('margins', 'false');
    el.setAttribute('confused-pairs', '0');
    el.setAttribute('classes', 'x,y,z');
    el.setAttribute('chart-title', 'Digits');
    expect(optionsFromAttributes(el)).toEqual({
      normalize: 'true',
      topK: 3,
      cellText: 'none',
      margins: false,
      confusedPairs: 0,
      classes: ['x', 'y', 'z'],
      title: 'Digits',
    });
  });

  it('leaves absent attributes out', () => {
    expect(optionsFromAttributes(document.createElement('div'))).toEqual({});
  });

  it('throws for the first bad attribute', () => {
    const el = document.createElement('div');
    el.setAttribute('color-scheme', 'rainbow');
    expect(thrown(() => optionsFromAttributes(el)).argument).toBe('attribute color-scheme');
  });

  it('reads documented defaults for absent attributes and writes attributes from properties', () => {
    const el = document.createElement('div');
    expect(readOption(el, 'normalization')).toBe('none');
    expect(readOption(el, 'margins')).toBe(true);
    expect(readOption(el, 'confusedPairs')).toBe(5);
    expect(readOption(el, 'topK')).toBeNull();
    expect(readOption(el, 'colorScheme')).toBe('blues');
    writeOption(el, 'colorScheme', 'magma');
    expect(el.getAttribute('color-scheme')).toBe('magma');
    writeOption(el, 'colorScheme', null);
    expect(el.hasAttribute('color-scheme')).toBe(false);
  });
});
