import { afterEach, beforeEach, describe as suite, expect, it, vi } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { createSelection, TensorLensError } from '@tensorlens/core';
import { createConfusionMatrix } from '@tensorlens/charts';
import type { ConfusionMatrixHandle, ConfusionSelectEvent } from '@tensorlens/charts';

// y_true=[0,1,2,2,2], y_pred=[0,0,2,2,1] (the scikit-learn classification_report example)
const yTrue = [0, 1, 2, 2, 2];
const yPred = [0, 0, 2, 2, 1];
const classes = ['cat', 'dog', 'emu'];

let box: HTMLDivElement;
let handles: ConfusionMatrixHandle[] = [];
const make = (o: Parameters<typeof createConfusionMatrix>[1]) => {
  const h = createConfusionMatrix(box, o);
  handles.push(h);
  return h;
};
beforeEach(() => {
  box = document.createElement('div');
  document.body.appendChild(box);
});
afterEach(() => {
  for (const h of handles) h.destroy();
  handles = [];
  box.remove();
});

const cells = () => Array.from(box.querySelectorAll<SVGRectElement>('rect.tl-cm-cell'));
const texts = () => Array.from(box.querySelectorAll('text.tl-cm-value')).map((t) => t.textContent);

/** Client coordinates of the centre of cell (i, j), from the SVG geometry (jsdom has no layout). */
function centre(i: number, j: number): { clientX: number; clientY: number } {
  const area = box.querySelector('.tl-cm-plot-area')!;
  const [, tx, ty] = /translate\(([-\d.]+) ([-\d.]+)\)/.exec(area.getAttribute('transform')!)!.map(Number);
  const r = cells()[i * 3 + j];
  const w = +r.getAttribute('width')! + 1;
  return { clientX: tx + +r.getAttribute('x')! + w / 2, clientY: ty + +r.getAttribute('y')! + w / 2 };
}

suite('createConfusionMatrix (SVG)', () => {
  it('draws C×C focusable cells in an ARIA grid with counts and accessible labels', async () => {
    const cm = make({ yTrue, yPred, classes });
    await cm.whenRendered();
    const rs = cells();
    expect(rs.length).toBe(9);
    expect(box.querySelectorAll('[role=row]').length).toBe(3);
    expect(box.querySelector('[role=grid]')!.getAttribute('aria-rowcount')).toBe('3');
    expect(texts()).toEqual(['1', '0', '0', '1', '0', '0', '0', '1', '2']);
    expect(rs[1 * 3 + 0].getAttribute('aria-label')).toBe('true dog, predicted cat: 1 (100%)');
    expect(rs[2 * 3 + 2].getAttribute('aria-label')).toBe('true emu, predicted emu: 2 (66.7%)');
    expect(rs.filter((r) => r.getAttribute('tabindex') === '0').length).toBe(1);
  });

  it('summarises accuracy, classes and the most confused pair in an aria label', async () => {
    const cm = make({ yTrue, yPred, classes });
    await cm.whenRendered();
    const label = cm.element.getAttribute('aria-label')!;
    expect(label).toContain('Accuracy 60%');
    expect(label).toContain('3 classes');
    expect(label).toContain('macro F1 0.49');
    expect(label).toContain('Most confused: true dog predicted as cat (1)');
    expect(cm.element.querySelector('svg > title')!.textContent).toBe(label);
  });

  it('shows margins (support, precision, recall, F1) with "—" for undefined ratios and a legend', async () => {
    const cm = make({ yTrue: ['a', 'b', 'a'], yPred: ['a', 'b', 'b'], classes: ['a', 'b', 'c'] });
    await cm.whenRendered();
    const margins = Array.from(box.querySelectorAll('.tl-cm-margin')).map((t) => t.textContent);
    // rows a, b, c × [n, prec, rec, F1]
    expect(margins).toEqual(['2', '1.00', '0.50', '0.67', '1', '0.50', '1.00', '0.67', '0', '—', '—', '—']);
    // the empty class row shows zeros
    expect(texts().slice(6)).toEqual(['0', '0', '0']);
    expect(box.querySelectorAll('.tl-cm-legend stop').length).toBe(9);
  });

  it('normalises by true class, predicted class and over all, as percentages, without recounting', async () => {
    const cm = make({ yTrue, yPred, classes, normalize: 'true' });
    await cm.whenRendered();
    expect(texts()).toEqual(['100%', '0%', '0%', '100%', '0%', '0%', '0%', '33.3%', '66.7%']);
    const stats = cm.stats();
    cm.update({ normalize: 'pred' });
    await cm.whenRendered();
    expect(texts()).toEqual(['50%', '0%', '0%', '50%', '0%', '0%', '0%', '100%', '100%']);
    cm.update({ normalize: 'all' });
    await cm.whenRendered();
    expect(texts()[8]).toBe('40%');
    cm.update({ normalize: 'none', cellText: 'percent' });
    await cm.whenRendered();
    expect(texts()[8]).toBe('66.7%');
    cm.update({ cellText: 'none' });
    await cm.whenRendered();
    expect(texts()[8]).toBe('');
    expect(cm.stats()).toBe(stats); // same counts object: nothing recomputed
  });

  it('update() re-renders only what changed: a new normalisation repaints the same cells, a new order rebuilds them', async () => {
    const cm = make({ yTrue, yPred, classes });
    await cm.whenRendered();
    const before = cells();
    const table = box.querySelector('table tbody')!.firstElementChild;
    let renders = 0;
    cm.on('render', () => renders++);
    cm.update({ normalize: 'true' });
    cm.update({ normalize: 'pred' }); // coalesced into one frame
    await cm.whenRendered();
    expect(renders).toBe(1);
    expect(cells()).toEqual(before);
    expect(cells().every((c, i) => c === before[i])).toBe(true);
    expect(box.querySelector('table tbody')!.firstElementChild).toBe(table); // counts table untouched
    cm.update({ order: 'frequency' });
    await cm.whenRendered();
    expect(cells()[0]).not.toBe(before[0]);
  });

  it('toPNG rejects with a TensorLensError where there is no canvas (jsdom)', async () => {
    const cm = make({ yTrue, yPred });
    await cm.whenRendered();
    await expect(cm.toPNG()).rejects.toBeInstanceOf(TensorLensError);
  });

  it('accepts probabilities [N, C] and a precomputed matrix', async () => {
    const a = make({ yTrue: [0, 1], yPred: [[0.9, 0.1], [0.8, 0.2]], classes: ['x', 'y'] });
    await a.whenRendered();
    expect(a.stats()!.matrix).toEqual(Float64Array.of(1, 0, 1, 0));
    a.destroy();
    const b = make({ matrix: [[5, 1], [2, 7]], classes: ['x', 'y'] });
    await b.whenRendered();
    expect(texts()).toEqual(['5', '1', '2', '7']);
    const c = make({ matrix: { data: [5, 1, 2, 7], shape: [2, 2] } });
    await c.whenRendered();
    expect(c.stats()!.accuracy).toBeCloseTo(12 / 15, 12);
  });

  it('emits select with the indices of the examples in a clicked cell and writes them to the selection', async () => {
    const selection = createSelection();
    const cm = make({ yTrue, yPred, classes, selection });
    await cm.whenRendered();
    const events: ConfusionSelectEvent[] = [];
    cm.on('select', (e) => events.push(e));
    const svg = box.querySelector('svg')!;
    svg.dispatchEvent(new MouseEvent('click', { bubbles: true, ...centre(2, 2) }));
    expect(events.length).toBe(1);
    expect(events[0]).toMatchObject({ trueIndex: 2, predIndex: 2, trueClass: 'emu', predClass: 'emu', count: 2 });
    expect(Array.from(events[0].indices)).toEqual([2, 3]);
    expect(Array.from(selection.toArray())).toEqual([2, 3]);
    svg.dispatchEvent(new MouseEvent('click', { bubbles: true, ...centre(1, 0) }));
    expect(Array.from(events[1].indices)).toEqual([1]);
    expect(Array.from(selection.toArray())).toEqual([1]);
  });

  it('outlines the cells that hold rows selected elsewhere', async () => {
    const selection = createSelection();
    const cm = make({ yTrue, yPred, classes, selection });
    await cm.whenRendered();
    selection.set([0, 4], 'other view');
    const hl = Array.from(box.querySelectorAll('.tl-cm-hl'));
    expect(hl.length).toBe(2);
  });

  it('moves focus with arrow keys, Home and End (roving tabindex) and selects with Enter and Space', async () => {
    const cm = make({ yTrue, yPred, classes });
    await cm.whenRendered();
    const events: ConfusionSelectEvent[] = [];
    cm.on('select', (e) => events.push(e));
    const key = (k: string, init: KeyboardEventInit = {}) => {
      const active = cells().find((r) => r.getAttribute('tabindex') === '0')!;
      active.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, ...init }));
    };
    const at = () => {
      const r = cells().find((c) => c.getAttribute('tabindex') === '0')!;
      return [+r.getAttribute('data-i')!, +r.getAttribute('data-j')!];
    };
    key('ArrowRight');
    expect(at()).toEqual([0, 1]);
    expect(document.activeElement).toBe(cells()[1]);
    key('ArrowDown');
    key('ArrowDown');
    key('ArrowDown'); // clamped at the last row
    expect(at()).toEqual([2, 1]);
    key('Home');
    expect(at()).toEqual([2, 0]);
    key('End');
    expect(at()).toEqual([2, 2]);
    key('Enter');
    key('ArrowUp');
    key(' ');
    expect(events.map((e) => [e.trueIndex, e.predIndex])).toEqual([[2, 2], [1, 2]]);
    key('Home', { ctrlKey: true });
    expect(at()).toEqual([0, 0]);
  });

  it('shows a text tooltip on hover and emits hover', async () => {
    const cm = make({ yTrue, yPred, classes });
    await cm.whenRendered();
    const hovers: unknown[] = [];
    cm.on('hover', (e) => hovers.push(e));
    const svg = box.querySelector('svg')!;
    svg.dispatchEvent(new MouseEvent('pointermove', { bubbles: true, ...centre(1, 0) }));
    const tip = box.querySelector<HTMLElement>('.tl-tooltip')!;
    expect(tip.hidden).toBe(false);
    expect(tip.textContent).toContain('true: dog');
    expect(tip.textContent).toContain('predicted: cat');
    expect(tip.children.length).toBe(0);
    expect(hovers[0]).toEqual({ trueIndex: 1, predIndex: 0, value: 1 });
    svg.dispatchEvent(new MouseEvent('pointerleave'));
    expect(tip.hidden).toBe(true);
    expect(hovers[1]).toBeNull();
  });

  it('lists the most confused pairs; clicking one selects its cell', async () => {
    const cm = make({ yTrue: [0, 0, 0, 1, 1, 2], yPred: [1, 1, 2, 0, 1, 2], classes, confusedPairs: 2 });
    await cm.whenRendered();
    const items = Array.from(box.querySelectorAll('.tl-cm-pairs button'));
    expect(items.map((b) => b.textContent)).toEqual(['cat → dog: 2 (66.7% of cat)', 'cat → emu: 1 (33.3% of cat)']);
    const events: ConfusionSelectEvent[] = [];
    cm.on('select', (e) => events.push(e));
    (items[0] as HTMLElement).click();
    expect(Array.from(events[0].indices)).toEqual([0, 1]);
    cm.update({ confusedPairs: 0 });
    await cm.whenRendered();
    expect(box.querySelectorAll('.tl-cm-pairs button').length).toBe(0);
  });

  it('has a data-table fallback with counts and per-class figures', async () => {
    const cm = make({ yTrue, yPred, classes });
    await cm.whenRendered();
    const table = box.querySelector('table')!;
    expect(table.querySelectorAll('tbody tr').length).toBe(3);
    const last = Array.from(table.querySelectorAll('tbody tr')[2].children).map((c) => c.textContent);
    expect(last).toEqual(['emu', '0', '1', '2', '3', '1.00', '0.67', '0.80']);
  });

  it('folds all but the top k classes into "other"', async () => {
    const cm = make({ yTrue: [0, 0, 0, 1, 1, 2, 3], yPred: [0, 0, 1, 1, 1, 3, 2], classes: ['a', 'b', 'c', 'd'], topK: 2 });
    await cm.whenRendered();
    expect(cells().length).toBe(9);
    const labels = Array.from(box.querySelectorAll('.tl-cm-row-label')).map((t) => t.textContent);
    expect(labels).toEqual(['a', 'b', 'other (2)']);
    expect(texts()).toEqual(['2', '1', '0', '0', '2', '0', '0', '0', '2']);
    // the "other" cell holds examples 5 and 6 (c→d and d→c)
    const events: ConfusionSelectEvent[] = [];
    cm.on('select', (e) => events.push(e));
    box.querySelector('svg')!.dispatchEvent(new MouseEvent('click', { bubbles: true, ...centre(2, 2) }));
    expect(Array.from(events[0].indices)).toEqual([5, 6]);
    expect(cm.element.getAttribute('aria-label')).toContain('top 2 shown, 2 in "other"');
  });

  it('orders classes on request', async () => {
    const cm = make({ yTrue: [0, 1, 1, 2, 2, 2], yPred: [0, 1, 1, 2, 2, 2], classes, order: 'frequency' });
    await cm.whenRendered();
    const labels = () => Array.from(box.querySelectorAll('.tl-cm-row-label')).map((t) => t.textContent);
    expect(labels()).toEqual(['emu', 'dog', 'cat']);
    cm.update({ order: 'given' });
    await cm.whenRendered();
    expect(labels()).toEqual(['cat', 'dog', 'emu']);
  });

  it('compares two models: cells show B − A', async () => {
    const cm = make({ yTrue, yPred, classes, compare: { yPred: [0, 1, 2, 2, 2], label: 'new' } });
    await cm.whenRendered();
    // A = [[1,0,0],[1,0,0],[0,1,2]], B = [[1,0,0],[0,1,0],[0,0,3]]
    expect(texts()).toEqual(['0', '0', '0', '-1', '+1', '0', '0', '-1', '+1']);
    expect(cells()[3].getAttribute('aria-label')).toBe('true dog, predicted cat: new − A -1 (A 1, new 0)');
    expect(box.querySelector('.tl-cm-summary')!.textContent).toContain('accuracy A 60% → new 100%');
    expect(box.querySelector('.tl-cm-legend')!.textContent).toContain('new − A');
  });

  it('exports a standalone SVG of the current view', async () => {
    const cm = make({ yTrue, yPred, classes });
    await cm.whenRendered();
    const s = cm.toSVG();
    expect(s.startsWith('<svg')).toBe(true);
    expect(s).toContain('xmlns="http://www.w3.org/2000/svg"');
    const parsed = new DOMParser().parseFromString(s, 'image/svg+xml');
    expect(parsed.querySelectorAll('rect.tl-cm-cell').length).toBe(9);
  });

  it('applies the theme option as data-theme and uses tl- classes', async () => {
    const cm = make({ yTrue, yPred, theme: 'dark' });
    await cm.whenRendered();
    expect(cm.element.getAttribute('data-theme')).toBe('dark');
    expect(cm.element.classList.contains('tl-root')).toBe(true);
    cm.update({ theme: 'auto' });
    expect(cm.element.hasAttribute('data-theme')).toBe(false);
    expect(document.querySelectorAll('style[data-tl-confusion]').length).toBe(1);
  });
});

suite('createConfusionMatrix (canvas mode)', () => {
  it('above canvasThreshold draws no SVG cells but one focusable plot, announces cells and selects with Enter', async () => {
    const cm = make({ yTrue, yPred, classes, canvasThreshold: 2 });
    await cm.whenRendered();
    expect(cells().length).toBe(0);
    expect(box.querySelector('canvas.tl-cm-canvas')!.getAttribute('aria-hidden')).toBe('true');
    const plot = box.querySelector<SVGRectElement>('.tl-cm-plot')!;
    expect(plot.getAttribute('tabindex')).toBe('0');
    plot.focus();
    const events: ConfusionSelectEvent[] = [];
    cm.on('select', (e) => events.push(e));
    const key = (k: string) => plot.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true }));
    key('ArrowDown');
    key('ArrowDown');
    key('End');
    expect(box.querySelector('.tl-cm-live')!.textContent).toBe('true emu, predicted emu: 2 (66.7%)');
    key('Enter');
    expect(Array.from(events[0].indices)).toEqual([2, 3]);
    cm.update({ canvasThreshold: 40 });
    await cm.whenRendered();
    expect(cells().length).toBe(9);
    expect(box.querySelector('canvas')).toBeNull();
  });

  it('handles a single class', async () => {
    const cm = make({ yTrue: [0, 0], yPred: [0, 0], classes: ['only'] });
    await cm.whenRendered();
    expect(cells().length).toBe(1);
    expect(cm.stats()!.accuracy).toBe(1);
    expect(box.querySelector('.tl-cm-pairs-title')!.textContent).toBe('No confusions');
  });
});

suite('bad input', () => {
  const code = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      expect(e).toBeInstanceOf(TensorLensError);
      return (e as TensorLensError).code;
    }
    return 'no error';
  };
  it('throws synchronously for in-memory data and leaves nothing behind', () => {
    expect(code(() => make({ yTrue: [0, 1], yPred: [0] }))).toBe('length');
    expect(code(() => make({ yTrue: ['cat', 'yak'], yPred: ['cat', 'cat'], classes }))).toBe('unknown-class');
    expect(code(() => make({ yTrue: [0, 1], yPred: [[0.5, NaN], [1, 0]] }))).toBe('nan');
    expect(code(() => make({ yTrue: [], yPred: [] }))).toBe('empty');
    expect(code(() => make({ yTrue: [0], yPred: { data: [1, 2, 3, 4, 5, 6, 7, 8], shape: [2, 2, 2] } }))).toBe('shape');
    expect(code(() => make({ matrix: [[1, 2], [3]] }))).toBe('shape');
    expect(code(() => make({ yTrue, yPred, normalize: 'rows' as never }))).toBe('option');
    expect(code(() => make({ yTrue, yPred, topK: -1 }))).toBe('option');
    expect(box.children.length).toBe(0);
  });

  it('names the unknown label and its position', () => {
    try {
      make({ yTrue: ['cat', 'yak'], yPred: ['cat', 'cat'], classes });
    } catch (e) {
      expect((e as TensorLensError).argument).toBe('yTrue[1]');
      expect((e as Error).message).toContain('"yak"');
    }
  });

  it('keeps the old data when update() gets bad data', async () => {
    const cm = make({ yTrue, yPred, classes });
    await cm.whenRendered();
    expect(() => cm.update({ yPred: [0, 1] })).toThrow(TensorLensError);
    expect(cm.stats()!.total).toBe(5);
  });

  it('rejects whenRendered and shows an alert for bad tensor data', async () => {
    await tf.setBackend('cpu');
    const probs = tf.tensor2d([[0.5, 0.5], [NaN, 0.1]]);
    const cm = make({ yTrue: [0, 1], yPred: probs });
    await expect(cm.whenRendered()).rejects.toMatchObject({ code: 'nan' });
    const alert = box.querySelector('.tl-cm-error')!;
    expect(alert.getAttribute('role')).toBe('alert');
    expect(alert.textContent).toContain('yPred[1, 0]');
    expect(probs.isDisposed).toBe(false);
    probs.dispose();
  });

  it('reads tensors asynchronously and disposes only its own argmax tensors', async () => {
    const t = tf.tensor1d([0, 1, 2, 2, 2], 'int32');
    const p = tf.tensor2d([[1, 0, 0], [1, 0, 0], [0, 0, 1], [0, 0, 1], [0, 1, 0]]);
    const before = tf.memory().numTensors;
    const cm = make({ yTrue: t, yPred: p, classes });
    await cm.whenRendered();
    expect(cm.stats()!.accuracy).toBeCloseTo(0.6, 12);
    expect(texts()).toEqual(['1', '0', '0', '1', '0', '0', '0', '1', '2']);
    cm.destroy();
    expect(tf.memory().numTensors).toBe(before);
    expect(t.isDisposed || p.isDisposed).toBe(false);
    t.dispose();
    p.dispose();
  });
});

suite('destroy', () => {
  it('is idempotent and removes nodes, listeners and the selection subscription', async () => {
    const selection = createSelection();
    const add = vi.spyOn(EventTarget.prototype, 'addEventListener');
    const remove = vi.spyOn(EventTarget.prototype, 'removeEventListener');
    const cm = createConfusionMatrix(box, { yTrue, yPred, classes, selection });
    cm.on('select', () => {});
    await cm.whenRendered();
    const added = add.mock.calls.length;
    cm.destroy();
    cm.destroy();
    expect(remove.mock.calls.length).toBeGreaterThanOrEqual(added);
    add.mockRestore();
    remove.mockRestore();
    expect(box.children.length).toBe(0);
    expect(cm.listenerCount).toBe(0);
    selection.set([1], 'x'); // no error, nothing redrawn
    expect(() => cm.update({ normalize: 'true' })).toThrow(TensorLensError);
  });
});
