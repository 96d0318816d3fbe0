import { afterEach, describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { TlConfusionMatrix, defineElements } from '../src/index';

defineElements();

const csvUrl = new URL('./fixtures/animals.csv', import.meta.url).href;
const jsonUrl = new URL('./fixtures/digits.json', import.meta.url).href;

const made: HTMLElement[] = [];
function make(attrs: Record<string, string> = {}, eager = true): TlConfusionMatrix {
  const el = document.createElement('tl-confusion-matrix');
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (eager) el.setAttribute('eager', '');
  el.style.width = '640px';
  made.push(el);
  return el;
}

const cells = (el: Element) => el.querySelectorAll('.tl-cm-cell');

afterEach(() => {
  for (const el of made.splice(0)) el.remove();
});

describe('<tl-confusion-matrix> in Chromium', () => {
  it('renders from the data property', async () => {
    const el = make({ 'chart-title': 'Toy' });
    el.data = { yTrue: [0, 0, 1, 1, 2], yPred: [0, 1, 1, 1, 0], classes: ['a', 'b', 'c'] };
    document.body.append(el);
    await el.whenRendered();
    expect(cells(el)).toHaveLength(9);
    expect(el.stats()?.total).toBe(5);
    expect(el.stats()?.classes).toEqual(['a', 'b', 'c']);
    expect(el.querySelector('.tl-cm')).not.toBeNull();
  });

  it('renders from a CSV src of class names, and reads data back', async () => {
    const el = make({ src: csvUrl, classes: 'cat,dog,bird' });
    document.body.append(el);
    await el.whenRendered();
    expect(cells(el)).toHaveLength(9);
    const s = el.stats()!;
    expect(s.total).toBe(10);
    expect(s.classes).toEqual(['cat', 'dog', 'bird']);
    // row cat: 2 cat, 1 dog; row dog: 1 cat, 3 dog; row bird: 1 dog, 2 bird
    expect(Array.from(s.matrix)).toEqual([2, 1, 0, 1, 3, 0, 0, 1, 2]);
    expect(el.data?.yTrue).toHaveLength(10);
  });

  it('renders from a JSON src with class names', async () => {
    const el = make({ src: jsonUrl });
    document.body.append(el);
    await el.whenRendered();
    expect(el.stats()?.classes).toEqual(['zero', 'one', 'two']);
    expect(el.stats()?.total).toBe(7);
  });

  it('applies attribute changes to the live chart', async () => {
    const el = make({ src: csvUrl, classes: 'cat,dog,bird' });
    document.body.append(el);
    await el.whenRendered();
    const chart = el.chart!;
    const update = vi.spyOn(chart, 'update');
    el.normalization = 'true';
    el.setAttribute('top-k', '2');
    el.removeAttribute('top-k');
    expect(update).toHaveBeenCalledWith({ normalize: 'true' });
    expect(update).toHaveBeenCalledWith({ topK: 2 });
    expect(update).toHaveBeenLastCalledWith({ topK: null });
    expect(el.chart).toBe(chart); // updated in place, not redrawn
    await el.whenRendered();
  });

  it('dispatches tl-select (bubbling, composed) when a cell is clicked', async () => {
    const el = make({ src: csvUrl, classes: 'cat,dog,bird' });
    const onSelect = vi.fn();
    document.body.addEventListener('tl-select', onSelect);
    document.body.append(el);
    await el.whenRendered();
    await userEvent.click(cells(el)[1]); // true cat, predicted dog
    expect(onSelect).toHaveBeenCalledTimes(1);
    const ev = onSelect.mock.calls[0][0] as CustomEvent;
    expect(ev.bubbles).toBe(true);
    expect(ev.composed).toBe(true);
    expect(ev.target).toBe(el);
    expect(ev.detail).toMatchObject({ trueClass: 'cat', predClass: 'dog', count: 1 });
    expect(Array.from(ev.detail.indices)).toEqual([2]);
    document.body.removeEventListener('tl-select', onSelect);
  });

  it('destroys the chart and stops listening when removed', async () => {
    const el = make({ src: csvUrl });
    document.body.append(el);
    await el.whenRendered();
    const chart = el.chart!;
    const destroy = vi.spyOn(chart, 'destroy');
    const onSelect = vi.fn();
    el.addEventListener('tl-select', onSelect);
    const cell = cells(el)[0];
    el.remove();
    expect(destroy).toHaveBeenCalledTimes(1);
    expect(el.chart).toBeNull();
    expect(el.querySelector('.tl-cm')).toBeNull();
    cell.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(onSelect).not.toHaveBeenCalled();
  });

  it('draws again when re-attached', async () => {
    const el = make({ src: csvUrl });
    document.body.append(el);
    await el.whenRendered();
    el.remove();
    document.body.append(el);
    await el.whenRendered();
    expect(cells(el)).toHaveLength(9);
  });

  it('shows a text error (role="alert") and dispatches tl-error for a 404 src', async () => {
    const el = make({ src: new URL('./fixtures/missing.csv', import.meta.url).href });
    const onError = vi.fn();
    el.addEventListener('tl-error', onError);
    document.body.append(el);
    await expect(el.whenRendered()).rejects.toThrow(/404/);
    const alert = el.querySelector('[role="alert"]');
    expect(alert?.textContent).toMatch(/Could not load .*missing\.csv: HTTP 404/);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(cells(el)).toHaveLength(0);
  });

  it('shows an error for a bad attribute value', async () => {
    const el = make({ src: csvUrl, 'color-scheme': 'rainbow' });
    document.body.append(el);
    await expect(el.whenRendered()).rejects.toThrow(/color-scheme/);
    expect(el.querySelector('[role="alert"]')?.textContent).toContain('color-scheme');
  });

  it('re-fetches when src changes, aborting the previous request', async () => {
    const signals: AbortSignal[] = [];
    const realFetch = window.fetch;
    const spy = vi.spyOn(window, 'fetch').mockImplementation((input, init) => {
      if (init?.signal) signals.push(init.signal);
      return realFetch(input, init);
    });
    try {
      const el = make({ src: csvUrl });
      document.body.append(el);
      el.src = jsonUrl;
      await el.whenRendered();
      expect(signals).toHaveLength(2);
      expect(signals[0].aborted).toBe(true);
      expect(signals[1].aborted).toBe(false);
      expect(el.stats()?.classes).toEqual(['zero', 'one', 'two']);
      el.src = csvUrl;
      await el.whenRendered();
      expect(el.stats()?.total).toBe(10);
    } finally {
      spy.mockRestore();
    }
  });

  it('starts lazily when scrolled into view, or at once with eager', async () => {
    const spacer = document.createElement('div');
    spacer.style.height = '3000px';
    made.push(spacer);
    document.body.append(spacer);
    const lazy = make({ src: csvUrl }, false);
    document.body.append(lazy);
    await new Promise((r) => setTimeout(r, 300));
    expect(lazy.chart).toBeNull();
    expect(cells(lazy)).toHaveLength(0);
    lazy.scrollIntoView();
    await lazy.whenRendered();
    expect(cells(lazy)).toHaveLength(9);
    window.scrollTo(0, 0);
  });
});
