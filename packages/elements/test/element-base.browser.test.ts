// What every tensorlens element shares through its one base class (TlElement): the loading status while `src`
// loads, the abort on disconnect, the page-wide `selection="name"` attribute, and hostile input through `src`.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSelection, namedSelection, namedSelectionNames } from '@tensorlens/core';
import { until } from '../../../test/support';
import {
  LOADING_TEXT,
  TlActivationAtlas,
  TlConfusionMatrix,
  TlElement,
  TlEmbeddingProjector,
  TlParallelCoordinates,
  TlPointCloud,
  TlSaliency,
  defineElements,
} from '../src/index';

defineElements();

// Not new URL(`./fixtures/${name}`, import.meta.url): Vite turns that into a one-level glob, so a nested or
// missing file would become "undefined".
const FIXTURES = new URL('./fixtures/animals.csv', import.meta.url).href.replace(/animals\.csv$/, '');
const fixture = (name: string) => FIXTURES + name;

type AnyElement = HTMLElement & { whenRendered(): Promise<void>; data: unknown };
const made: HTMLElement[] = [];
function make<T extends HTMLElement>(tag: string, attrs: Record<string, string>): T {
  const el = document.createElement(tag) as T;
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  el.setAttribute('eager', '');
  el.style.cssText = 'width:480px;height:360px';
  made.push(el);
  return el;
}
afterEach(() => {
  for (const el of made.splice(0)) el.remove();
  for (const name of namedSelectionNames()) namedSelection(name).destroy();
});

/**
 * Holds every fetch until `release()`: the requests wait (as on a slow network) and reject with an AbortError
 * when their signal aborts. After release, pending and later requests go through to the real fetch.
 */
function slowNetwork() {
  const realFetch = window.fetch.bind(window);
  const held: Array<{ url: string; signal: AbortSignal | undefined; go: () => void }> = [];
  let open = false;
  const spy = vi.spyOn(window, 'fetch').mockImplementation((input, init) => {
    if (open) return realFetch(input, init);
    return new Promise<Response>((resolve, reject) => {
      const signal = init?.signal ?? undefined;
      signal?.addEventListener('abort', () => reject(new DOMException('The user aborted a request.', 'AbortError')));
      held.push({ url: String(input instanceof Request ? input.url : input), signal, go: () => resolve(realFetch(input, init)) });
    });
  });
  return {
    held,
    release() {
      open = true;
      for (const request of held) request.go();
    },
    restore: () => spy.mockRestore(),
  };
}

const statusOf = (el: Element) => el.querySelector(':scope > [role="status"]');

describe('one base class', () => {
  it('every element class extends TlElement', () => {
    for (const ctor of [TlConfusionMatrix, TlSaliency, TlParallelCoordinates, TlPointCloud, TlEmbeddingProjector, TlActivationAtlas]) {
      expect(ctor.prototype).toBeInstanceOf(TlElement);
    }
  });
});

describe('loading state', () => {
  const cases: Array<{ tag: string; attrs: Record<string, string>; drawn: string }> = [
    { tag: 'tl-confusion-matrix', attrs: { src: fixture('animals.csv') }, drawn: '.tl-cm-cell' },
    { tag: 'tl-parallel-coordinates', attrs: { src: fixture('animals.csv') }, drawn: '.tl-par-axis' },
    { tag: 'tl-saliency', attrs: { src: fixture('saliency-halves.json') }, drawn: '.tl-sal-grid canvas' },
    { tag: 'tl-point-cloud', attrs: { src: fixture('embedding-tensors.tsv') }, drawn: 'canvas' },
    { tag: 'tl-embedding-projector', attrs: { src: fixture('embedding-tensors.tsv') }, drawn: 'canvas' },
    { tag: 'tl-activation-atlas', attrs: { src: fixture('atlas/atlas.json') }, drawn: 'canvas' },
  ];

  for (const { tag, attrs, drawn } of cases) {
    it(`<${tag}> shows a visible "Loading…" status (role="status") while src loads, then the chart in its place`, async () => {
      const network = slowNetwork();
      try {
        const el = make<AnyElement>(tag, attrs);
        document.body.append(el);
        await until(() => network.held.length > 0, 'the fetch');
        const status = statusOf(el) as HTMLElement;
        expect(status?.textContent).toBe(LOADING_TEXT);
        expect(status.getBoundingClientRect().height).toBeGreaterThan(0); // visible, not just in the tree
        expect(el.getAttribute('aria-busy')).toBe('true');
        expect(el.querySelector(drawn)).toBeNull();
        network.release();
        await el.whenRendered();
        expect(statusOf(el)).toBeNull();
        expect(el.hasAttribute('aria-busy')).toBe(false);
        expect(el.querySelector(drawn)).not.toBeNull();
        expect(el.querySelector('[role="alert"]:not([hidden])')?.textContent ?? null).toBeNull();
      } finally {
        network.restore();
      }
    });
  }

  it('replaces the loading status with the error text when the slow src fails', async () => {
    const network = slowNetwork();
    try {
      const el = make<TlParallelCoordinates>('tl-parallel-coordinates', { src: fixture('no-such-file.csv') });
      document.body.append(el);
      await until(() => network.held.length > 0, 'the fetch');
      expect(statusOf(el)?.textContent).toBe(LOADING_TEXT);
      network.release();
      await expect(el.whenRendered()).rejects.toThrow(/HTTP 404/);
      expect(statusOf(el)).toBeNull();
      expect(el.querySelector('[role="alert"]')?.textContent).toMatch(/no-such-file\.csv: HTTP 404/);
    } finally {
      network.restore();
    }
  });

  it('aborts the slow fetch when the element is removed, and shows nothing afterwards', async () => {
    for (const [tag, src] of [['tl-parallel-coordinates', 'animals.csv'], ['tl-saliency', 'saliency-halves.json']]) {
      const network = slowNetwork();
      try {
        const el = make<AnyElement>(tag, { src: fixture(src) });
        const errors: unknown[] = [];
        el.addEventListener('tl-error', (e) => errors.push(e));
        document.body.append(el);
        await until(() => network.held.length > 0, 'the fetch');
        el.remove();
        expect(network.held[0].signal?.aborted).toBe(true);
        expect(statusOf(el)).toBeNull();
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(errors).toEqual([]);
        expect(el.childElementCount).toBe(0);
      } finally {
        network.restore();
      }
    }
  });
});

describe('selection="name": one page-wide selection per name', () => {
  const digits = { yTrue: [0, 0, 1, 1, 2, 2], yPred: [0, 1, 1, 1, 2, 0] };
  const rows = { a: [1, 2, 3, 4, 5, 6], b: [6, 5, 4, 3, 2, 1] };

  it('elements with the same name share one selection: a matrix click is seen by parallel coordinates', async () => {
    const matrix = make<TlConfusionMatrix>('tl-confusion-matrix', { selection: 'linked' });
    const lines = make<TlParallelCoordinates>('tl-parallel-coordinates', { selection: 'linked' });
    const other = make<TlParallelCoordinates>('tl-parallel-coordinates', { selection: 'elsewhere' });
    matrix.data = digits;
    lines.data = rows;
    other.data = rows;
    document.body.append(matrix, lines, other);
    await Promise.all([matrix.whenRendered(), lines.whenRendered(), other.whenRendered()]);
    expect(matrix.selection).toBe(namedSelection('linked'));
    expect(lines.selection).toBe(matrix.selection);
    expect(other.selection).toBe(namedSelection('elsewhere'));
    expect(other.selection).not.toBe(matrix.selection);

    // True 0, predicted 1: example 1.
    const cell = matrix.querySelector<SVGElement>('.tl-cm-cell[data-i="0"][data-j="1"]')!.getBoundingClientRect();
    matrix.querySelector('svg')!.dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: cell.left + cell.width / 2, clientY: cell.top + cell.height / 2 }));
    expect(Array.from(namedSelection('linked').toArray())).toEqual([1]);
    await until(() => lines.chart!.selectedCount === 1, 'the linked chart to show the selected row');
    expect(other.selection!.size).toBe(0);
    expect(other.chart!.selectedCount).toBe(6); // nothing selected there: every row counts
  });

  it('the property takes a Selection object (the attribute goes) or a name (the attribute is set)', async () => {
    const el = make<TlParallelCoordinates>('tl-parallel-coordinates', { selection: 'first' });
    el.data = rows;
    document.body.append(el);
    await el.whenRendered();
    const own = createSelection();
    el.selection = own;
    expect(el.hasAttribute('selection')).toBe(false);
    expect(el.selection).toBe(own);
    own.set([0, 1]);
    await until(() => el.chart!.selectedCount === 2, 'the chart to follow the selection object');
    el.selection = 'second';
    expect(el.getAttribute('selection')).toBe('second');
    expect(el.selection).toBe(namedSelection('second'));
    namedSelection('second').set([5]);
    await until(() => el.chart!.selectedCount === 1, 'the chart to follow the named selection');
    el.removeAttribute('selection');
    expect(el.selection).toBeNull();
  });

  it('an empty name is an error naming the attribute; the saliency element has no selection attribute', async () => {
    const el = make<TlParallelCoordinates>('tl-parallel-coordinates', {});
    el.data = rows;
    document.body.append(el);
    await el.whenRendered();
    const errors: string[] = [];
    el.addEventListener('tl-error', (e) => errors.push((e as CustomEvent).detail.message));
    el.setAttribute('selection', ' ');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/attribute selection/);
    expect(el.querySelector('[role="alert"]')?.textContent).toMatch(/attribute selection/);
    expect(TlSaliency.observedAttributes).not.toContain('selection');
  });
});

describe('hostile input through src', () => {
  it('<tl-parallel-coordinates src> with a JSON row holding "__proto__" does not pollute Object.prototype', async () => {
    const json = '[{"a":1,"b":2},{"a":3,"b":4,"__proto__":{"polluted":"yes","a":"x"}},{"a":5,"b":6}]';
    const src = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
    try {
      const el = make<TlParallelCoordinates>('tl-parallel-coordinates', { src });
      document.body.append(el);
      await el.whenRendered().catch(() => {});
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
      expect(({} as Record<string, unknown>).a).toBeUndefined();
      // The rows are read as data: three rows, the columns a and b with their numbers.
      expect(el.chart?.rowCount).toBe(3);
      const columns = el.chart!.columnsInfo();
      expect(columns.find((c) => c.name === 'a')?.type).toBe('numeric');
      expect(columns.find((c) => c.name === 'b')?.type).toBe('numeric');
    } finally {
      URL.revokeObjectURL(src);
      delete (Object.prototype as Record<string, unknown>).polluted;
    }
  });
});

describe('legend attribute', () => {
  it('<tl-point-cloud legend="false"> hides the colour legend; removing the attribute brings it back (default on)', async () => {
    const el = make<TlPointCloud>('tl-point-cloud', { color: 'group', legend: 'false' });
    el.data = { x: [0, 1, 2, 3], y: [0, 1, 0, 1], group: ['cats', 'dogs', 'cats', 'dogs'] };
    document.body.append(el);
    await el.whenRendered();
    const legendText = () => el.querySelector('.tl-pc-legend')?.textContent ?? '';
    expect(legendText()).toBe('');
    el.removeAttribute('legend');
    await el.whenRendered();
    await until(() => legendText().includes('cats') && legendText().includes('dogs'), 'the legend');
    el.setAttribute('legend', 'off');
    await el.whenRendered();
    await until(() => legendText() === '', 'the legend to go');
  });
});

describe('theme attribute on the WebGL elements', () => {
  it('<tl-point-cloud theme="dark"> gives its chart the dark theme; theme="light" switches it back', async () => {
    const el = make<TlPointCloud>('tl-point-cloud', { theme: 'dark' });
    el.data = { x: [0, 1, 2, 3], y: [0, 1, 0, 1] };
    document.body.append(el);
    await el.whenRendered();
    const root = () => el.querySelector<HTMLElement>('.tl-root');
    expect(root()?.getAttribute('data-theme')).toBe('dark');
    el.setAttribute('theme', 'light');
    await el.whenRendered();
    await until(() => root()?.getAttribute('data-theme') === 'light', 'the light theme');
  });

  it('an unknown theme is an error naming the attribute, shown in the element', async () => {
    const el = make<TlPointCloud>('tl-point-cloud', { theme: 'sepia' });
    el.data = { x: [0, 1], y: [0, 1] };
    const errors: string[] = [];
    el.addEventListener('tl-error', (e) => errors.push(String((e as CustomEvent).detail?.message ?? '')));
    document.body.append(el);
    await el.whenRendered().catch(() => {});
    await until(() => errors.length > 0, 'the tl-error event');
    expect(errors[0]).toContain('theme');
  });
});
