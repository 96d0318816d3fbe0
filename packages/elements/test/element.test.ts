import { describe, expect, it, vi } from 'vitest';
import { TensorLensError } from '@tensorlens/core';
import { TlConfusionMatrix, defineElements } from '../src/index';
import '../src/define';

describe('<tl-confusion-matrix> registration', () => {
  it('is defined once by the define module, and defineElements() is safe to call again', () => {
    expect(customElements.get('tl-confusion-matrix')).toBe(TlConfusionMatrix);
    expect(() => defineElements()).not.toThrow();
    expect(() => defineElements(customElements)).not.toThrow();
    expect(document.createElement('tl-confusion-matrix')).toBeInstanceOf(TlConfusionMatrix);
  });

  it('observes every option attribute', () => {
    expect(TlConfusionMatrix.observedAttributes).toEqual(
      expect.arrayContaining(['src', 'eager', 'normalize', 'order', 'top-k', 'cell-text', 'margins', 'confused-pairs', 'legend', 'color-scheme', 'classes', 'theme']),
    );
  });
});

describe('<tl-confusion-matrix> property reflection', () => {
  const make = () => document.createElement('tl-confusion-matrix');

  it('reads documented defaults when attributes are absent', () => {
    const el = make();
    expect(el.normalization).toBe('none');
    expect(el.cellText).toBe('auto');
    expect(el.order).toBe('given');
    expect(el.topK).toBeNull();
    expect(el.margins).toBe(true);
    expect(el.confusedPairs).toBe(5);
    expect(el.legend).toBe(true);
    expect(el.colorScheme).toBe('blues');
    expect(el.classes).toBeNull();
    expect(el.theme).toBe('auto');
    expect(el.src).toBe('');
    expect(el.eager).toBe(false);
    expect(el.data).toBeNull();
    expect(el.chart).toBeNull();
  });

  it('reflects properties to kebab-case attributes (normalization ↔ normalize, since normalize() is a Node method)', () => {
    const el = make();
    el.normalization = 'pred';
    el.cellText = 'percent';
    el.order = 'accuracy';
    el.topK = 7;
    el.margins = false;
    el.confusedPairs = 3;
    el.legend = false;
    el.colorScheme = 'viridis';
    el.classes = ['cat', 'dog'];
    el.theme = 'dark';
    el.src = 'preds.csv';
    el.eager = true;
    expect(Object.fromEntries(Array.from(el.attributes, (a) => [a.name, a.value]))).toEqual({
      normalize: 'pred',
      'cell-text': 'percent',
      order: 'accuracy',
      'top-k': '7',
      margins: 'false',
      'confused-pairs': '3',
      legend: 'false',
      'color-scheme': 'viridis',
      classes: 'cat,dog',
      theme: 'dark',
      src: 'preds.csv',
      eager: '',
    });
  });

  it('reads attributes back through properties, parsed', () => {
    const el = make();
    el.setAttribute('top-k', '12');
    el.setAttribute('legend', 'off');
    el.setAttribute('classes', 'a, b ,c');
    el.setAttribute('normalize', 'ALL');
    expect(el.topK).toBe(12);
    expect(el.legend).toBe(false);
    expect(el.classes).toEqual(['a', 'b', 'c']);
    expect(el.normalization).toBe('all');
  });

  it('removes the attribute when a property is set to null', () => {
    const el = make();
    el.topK = 4;
    el.topK = null;
    el.normalization = 'true';
    el.normalization = null;
    el.eager = true;
    el.eager = false;
    el.src = 'x.csv';
    el.src = '';
    expect(el.attributes.length).toBe(0);
  });

  it('throws a TensorLensError for a bad property value and leaves the attribute as it was', () => {
    const el = make();
    el.normalization = 'true';
    expect(() => {
      el.normalization = 'rows' as never;
    }).toThrow(TensorLensError);
    expect(() => {
      el.topK = 0;
    }).toThrow(/top-k/);
    expect(el.getAttribute('normalize')).toBe('true');
  });

  it('leaves Node.prototype.normalize() alone', () => {
    const el = make();
    el.append('a', 'b');
    el.normalize();
    expect(el.childNodes.length).toBe(1);
  });

  it('keeps data, compare and selection as properties only', () => {
    const el = make();
    const data = { yTrue: [0, 1], yPred: [0, 0] };
    el.data = data;
    el.compare = { yPred: [1, 1] };
    expect(el.data).toBe(data);
    expect(el.compare).toEqual({ yPred: [1, 1] });
    expect(el.attributes.length).toBe(0);
  });

  it('does not start (no fetch, no chart) while disconnected', () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const el = make();
    el.src = 'nowhere.csv';
    el.data = { yTrue: [0], yPred: [0] };
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(el.chart).toBeNull();
    expect(el.childNodes.length).toBe(0);
    fetchSpy.mockRestore();
  });
});
