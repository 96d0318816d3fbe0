// `TlConfusionMatrix.define()`: an app that imports one element registers that one (and no other) and it draws.
// Nothing here imports the define module, so the page's registry starts without any tensorlens tag.
import { describe, expect, it } from 'vitest';
import { TensorLensError } from '@tensorlens/core';
import { TlConfusionMatrix, TlElement, TlSaliency } from '../src/index';

describe('ElementClass.define()', () => {
  it('registers that element under its own tag only, and it draws', async () => {
    expect(customElements.get('tl-confusion-matrix')).toBeUndefined();
    TlConfusionMatrix.define();
    expect(customElements.get('tl-confusion-matrix')).toBe(TlConfusionMatrix);
    for (const tag of ['tl-saliency', 'tl-parallel-coordinates', 'tl-point-cloud', 'tl-embedding-projector', 'tl-activation-atlas']) {
      expect(customElements.get(tag), tag).toBeUndefined();
    }
    const el = document.createElement('tl-confusion-matrix');
    el.setAttribute('eager', '');
    el.data = { yTrue: [0, 0, 1, 1], yPred: [0, 1, 1, 1], classes: ['a', 'b'] };
    document.body.append(el);
    await el.whenRendered();
    expect(el.querySelectorAll('.tl-cm-cell')).toHaveLength(4);
    el.remove();
  });

  it('is safe to call again, and leaves a tag defined by someone else as it is', () => {
    expect(() => TlConfusionMatrix.define()).not.toThrow();
    class Other extends HTMLElement {}
    customElements.define('tl-saliency', Other);
    expect(() => TlSaliency.define()).not.toThrow();
    expect(customElements.get('tl-saliency')).toBe(Other);
  });

  it('throws a TensorLensError on the base class, which has no tag', () => {
    expect(() => TlElement.define()).toThrow(TensorLensError);
    expect(() => TlElement.define()).toThrow(/define\(\): the class/);
  });
});
