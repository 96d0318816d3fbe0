import { afterEach, beforeEach, describe as suite, expect, it, vi } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { createSelection, TensorLensError } from '@tensorlens/core';
import { createConfusionMatrix, MAX_CLASSES } from '@tensorlens/charts';
import type { ConfusionMatrixHandle, ConfusionSelectEvent } from '@tensorlens/charts';
import { expectError } from '../../../test/support';

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
    // core's legend: a ramp of the counts from 0 to the largest cell (1)
    const ramp = box.querySelector('.tl-cm-legend .tl-legend-ramp')!;
    expect(ramp.getAttribute('aria-label')).toBe('count: colour scale, 0 to 1');
    expect(Array.from(ramp.querySelectorAll('text'), (t) => t.textContent)).toEqual(['0', '1']); // whole counts only
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
    expect(box.querySelector('.tl-cm-legend .tl-legend-title')!.textContent).toBe('new − A (count)');
    // diverging, centred at 0, symmetric around the largest change (1)
    expect(box.querySelector('.tl-cm-legend .tl-legend-ramp')!.getAttribute('aria-label')).toMatch(/^new − A \(count\): diverging colour scale centred on 0, -1 to 1/);
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
    expect(box.querySelector('canvas.tl-cm-canvas')).toBeNull();
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
    const error = expectError(() => make({ yTrue: ['cat', 'yak'], yPred: ['cat', 'cat'], classes }), 'unknown-class', 'yTrue[1]');
    expect(error.message).toContain('"yak"');
    expect(error.message).toContain('one of the 3 classes');
    expect(box.children.length).toBe(0); // no half-built chart left in the page
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
    expect(box.querySelectorAll('.tl-cm-hl').length).toBe(0);
    expectError(() => cm.update({ normalize: 'true' }), 'destroyed', 'this');
  });
});

suite('options (one schema, renamed names, rollback)', () => {
  it('says which option an old name became', () => {
    const error = expectError(() => make({ yTrue, yPred, colorScheme: 'magma' } as never), 'option', 'options.colorScheme');
    expect(error.message).toContain("'scheme'");
    expectError(() => make({ yTrue, yPred, normalise: 'true' } as never), 'option', 'options.normalise');
    expect(box.children.length).toBe(0);
  });

  it('colours the cells with `scheme`', async () => {
    const cm = make({ yTrue, yPred, classes, scheme: 'greys' });
    await cm.whenRendered();
    // the emu → emu cell holds the maximum (2): the darkest grey; an empty cell the lightest
    expect(cells()[8].getAttribute('fill')).toBe('rgb(0,0,0)');
    expect(cells()[2].getAttribute('fill')).toBe('rgb(255,255,255)');
    cm.update({ scheme: 'blues' });
    await cm.whenRendered();
    expect(cells()[8].getAttribute('fill')).toBe('rgb(8,48,107)'); // ColorBrewer Blues' darkest, #08306b
  });

  it('a throwing update() leaves the matrix exactly as it was: options, data, DOM, no render', async () => {
    const cm = make({ yTrue, yPred, classes, normalize: 'true' });
    await cm.whenRendered();
    const before = cm.element.outerHTML;
    const stats = cm.stats();
    let renders = 0;
    cm.on('render', () => renders++);
    // a good option beside a bad one: neither is applied
    expectError(() => cm.update({ normalize: 'pred', scheme: 'rainbow' as never }), 'option', 'options.scheme');
    // bad data beside a good option
    expectError(() => cm.update({ yPred: [0, 1], normalize: 'all' }), 'length', 'yPred');
    expectError(() => cm.update({ classes: ['a', 'b', 'a'], cellText: 'count' }), 'option', 'classes[2]');
    // model B with a label outside A's classes, or a matrix of another class count
    expectError(() => cm.update({ compare: { yTrue: [0, 1, 2, 3], yPred: [0, 1, 2, 3] }, order: 'frequency' }), 'unknown-class', 'compare.yTrue[3]');
    expectError(() => cm.update({ compare: { matrix: [[1, 0], [0, 1]] }, margins: false }), 'shape', 'compare');
    await cm.whenRendered();
    await new Promise((r) => setTimeout(r, 30));
    expect(renders).toBe(0);
    expect(cm.stats()).toBe(stats);
    expect(cm.element.outerHTML).toBe(before);
    expect(texts()).toEqual(['100%', '0%', '0%', '100%', '0%', '0%', '0%', '33.3%', '66.7%']);
    // and the chart still takes good updates
    cm.update({ normalize: 'pred' });
    await cm.whenRendered();
    expect(renders).toBe(1);
    expect(texts()).toEqual(['50%', '0%', '0%', '50%', '0%', '0%', '0%', '100%', '100%']);
  });

  it('update(undefined option) restores the default; an update that changes nothing draws nothing', async () => {
    const cm = make({ yTrue, yPred, classes, normalize: 'true' });
    await cm.whenRendered();
    let renders = 0;
    cm.on('render', () => renders++);
    cm.update({ normalize: 'true' });
    await cm.whenRendered();
    expect(renders).toBe(0);
    cm.update({ normalize: undefined });
    await cm.whenRendered();
    expect(renders).toBe(1);
    expect(texts()).toEqual(['1', '0', '0', '1', '0', '0', '0', '1', '2']);
  });

  it('resetView() returns to the whole matrix', async () => {
    const cm = make({ yTrue, yPred, classes });
    await cm.whenRendered();
    cm.zoomTo({ k: 2 });
    expect(cm.zoomTransform().k).toBe(2);
    expect(box.querySelector('.tl-cm-cells')!.getAttribute('transform')).toContain('scale(2)');
    cm.resetView();
    expect(cm.zoomTransform()).toEqual({ k: 1, x: 0, y: 0 });
    expect(box.querySelector('.tl-cm-cells')!.getAttribute('transform')).toContain('scale(1)');
  });

  it('tooltip: false shows no tooltip but still emits hover', async () => {
    const cm = make({ yTrue, yPred, classes, tooltip: false });
    await cm.whenRendered();
    const hovers: unknown[] = [];
    cm.on('hover', (e) => hovers.push(e));
    box.querySelector('svg')!.dispatchEvent(new MouseEvent('pointermove', { bubbles: true, ...centre(1, 0) }));
    expect(box.querySelector<HTMLElement>('.tl-tooltip')!.hidden).toBe(true);
    expect(hovers).toEqual([{ trueIndex: 1, predIndex: 0, value: 1 }]);
  });

  it('emits error (and rejects whenRendered) when tensor data turns out invalid', async () => {
    await tf.setBackend('cpu');
    const probs = tf.tensor2d([[0.5, 0.5], [Infinity, 0.1]]);
    const cm = make({ yTrue: [0, 1], yPred: probs });
    const errors: Array<{ error: Error; message: string }> = [];
    cm.on('error', (e) => errors.push(e));
    await expect(cm.whenRendered()).rejects.toBeInstanceOf(TensorLensError);
    expect(errors.length).toBe(1);
    expect(errors[0].error).toBeInstanceOf(TensorLensError);
    expect((errors[0].error as TensorLensError).argument).toBe('yPred[1, 0]');
    expect(errors[0].message).toBe(box.querySelector('[role=alert]')!.textContent);
    // good data afterwards replaces the alert with the matrix
    cm.update({ yPred: [0, 1] });
    await cm.whenRendered();
    expect(box.querySelector('[role=alert]')).toBeNull();
    expect(texts()).toEqual(['1', '0', '0', '1']);
    probs.dispose();
  });
});

suite('hostile input: typed errors at once, before any allocation', () => {
  /** Runs `fn`, which must throw a TensorLensError quickly (no allocation sized by the bad value). */
  const fast = (fn: () => unknown, code: string, argument: string) => {
    const t0 = performance.now();
    const error = expectError(fn, code, argument);
    expect(performance.now() - t0).toBeLessThan(200);
    return error;
  };

  it('a label of 2147483647 is a range error naming it and the class limit (not a 19 s freeze)', () => {
    const error = fast(() => make({ yTrue: [0, 1, 2147483647], yPred: [0, 1, 1] }), 'range', 'yTrue[2]');
    expect(error.message).toContain(`below ${MAX_CLASSES}`);
    expect(error.received).toBe('2147483647');
    fast(() => make({ yTrue: Int32Array.of(0, 1), yPred: Int32Array.of(2147483647, 0) }), 'range', 'yPred[0]');
    expect(box.children.length).toBe(0);
  });

  it('Infinity, 1e308, negative and fractional labels name their position', () => {
    fast(() => make({ yTrue: [0, Infinity], yPred: [0, 1] }), 'nan', 'yTrue[1]');
    fast(() => make({ yTrue: [0, 1], yPred: [1e308, 1] }), 'range', 'yPred[0]');
    fast(() => make({ yTrue: Float64Array.of(0, -1), yPred: Float64Array.of(0, 1) }), 'unknown-class', 'yTrue[1]');
    fast(() => make({ yTrue: [0, 1.5], yPred: [0, 1] }), 'unknown-class', 'yTrue[1]');
    fast(() => make({ yTrue: [0, 1], yPred: [0, 1], classes: ['a', 'b'], sampleWeight: [1, Infinity] }), 'nan', 'sampleWeight[1]');
  });

  it('100 000 classes (labels, names, probabilities or a matrix) are refused with the limit', () => {
    fast(() => make({ yTrue: [0, 99_999], yPred: [0, 1] }), 'range', 'yTrue[1]');
    const names = Array.from({ length: 100_000 }, (_, i) => `c${i}`);
    const error = fast(() => make({ yTrue: [0], yPred: [0], classes: names }), 'range', 'classes');
    expect(error.expected).toContain(String(MAX_CLASSES));
    fast(() => make({ yTrue: [0], yPred: { data: new Float32Array(100_000), shape: [1, 100_000] } }), 'range', 'yPred');
    fast(() => make({ yTrue: [0], yPred: [new Array(100_000).fill(0)] }), 'range', 'yPred[0]');
    fast(() => make({ matrix: Array.from({ length: 100_000 }, () => [0]) }), 'range', 'matrix');
    // the limit itself is allowed
    expect(() => make({ yTrue: [0, MAX_CLASSES - 1], yPred: [0, 0], canvasThreshold: 0 })).not.toThrow();
    expect(handles.at(-1)!.stats()!.size).toBe(MAX_CLASSES);
  });

  it('BigInt64Array labels, weights and matrices are dtype errors naming the argument', () => {
    const error = fast(() => make({ yTrue: BigInt64Array.of(0n, 1n) as never, yPred: [0, 1] }), 'dtype', 'yTrue');
    expect(error.expected).toContain('Int32Array.from(labels, Number)');
    fast(() => make({ yTrue: [0, 1], yPred: BigUint64Array.of(0n, 1n) as never }), 'dtype', 'yPred');
    fast(() => make({ yTrue: [0, 1], yPred: [0, 1], sampleWeight: BigInt64Array.of(1n, 1n) as never }), 'dtype', 'sampleWeight');
    fast(() => make({ matrix: { data: BigInt64Array.of(1n, 0n, 0n, 1n) as never, shape: [2, 2] } }), 'dtype', 'matrix');
  });

  it('duplicate class names are refused (they were accepted and miscounted)', () => {
    const error = fast(() => make({ yTrue: ['cat', 'dog'], yPred: ['dog', 'dog'], classes: ['cat', 'dog', 'cat'] }), 'option', 'classes[2]');
    expect(error.expected).toContain('classes[0]');
    fast(() => make({ matrix: [[1, 0], [0, 1]], classes: ['x', 'x'] }), 'option', 'classes[1]');
    expect(box.children.length).toBe(0);
  });

  it('weights or counts whose sum overflows are a range error, not NaN or Infinity on screen', () => {
    const error = fast(() => make({ yTrue: [0, 1], yPred: [0, 1], sampleWeight: [1e308, 1e308] }), 'range', 'sampleWeight');
    expect(error.message).not.toMatch(/NaN/);
    fast(() => make({ matrix: [[1e308, 1e308], [0, 1]] }), 'range', 'matrix');
  });

  it('huge but finite weights read plainly in the summary, cells, margins and table', async () => {
    const cm = make({ yTrue: [0, 1, 1], yPred: [0, 1, 0], classes: ['a', 'b'], sampleWeight: [1e307, 2e307, 3e307] });
    await cm.whenRendered();
    const summary = box.querySelector('.tl-cm-summary')!.textContent!;
    expect(summary).toContain('Accuracy 50%');
    expect(summary).toContain('6.00e+307 examples');
    const shown = [summary, ...texts(), ...Array.from(box.querySelectorAll('.tl-cm-margin, td, .tl-cm-legend text'), (t) => t.textContent), cm.element.getAttribute('aria-label')].join(' ');
    expect(shown).not.toMatch(/NaN|Infinity|e\+\d+[kMB]/);
    expect(texts()).toEqual(['1.00e+307', '0', '3.00e+307', '2.00e+307']);
  });
});

suite('legend', () => {
  it('shows the normalisation as a percentage ramp, follows updates, and legend: false hides it', async () => {
    const cm = make({ yTrue, yPred, classes, normalize: 'true' });
    await cm.whenRendered();
    const ramp = () => box.querySelector('.tl-cm-legend .tl-legend-ramp');
    expect(box.querySelector('.tl-cm-legend .tl-legend-title')!.textContent).toBe('% of true class');
    expect(ramp()!.getAttribute('aria-label')).toBe('% of true class: colour scale, 0% to 100%');
    cm.update({ normalize: 'none' });
    await cm.whenRendered();
    expect(ramp()!.getAttribute('aria-label')).toBe('count: colour scale, 0 to 2');
    cm.update({ legend: false });
    await cm.whenRendered();
    expect(box.querySelector<HTMLElement>('.tl-cm-legend')!.hidden).toBe(true);
    expect(ramp()).toBeNull();
    cm.update({ legend: true });
    await cm.whenRendered();
    expect(ramp()).not.toBeNull();
  });
});
