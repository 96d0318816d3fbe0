import { afterEach, describe, expect, it, vi } from 'vitest';
import { scaleLinear, scaleLog } from 'd3-scale';
import { categoricalColors, createLegend, createSelection, type LegendHandle, type LegendOptions, type Selection } from '../src/index';
import { expectError } from '../../../test/support';

const containers: HTMLElement[] = [];
const handles: LegendHandle[] = [];

function make(options: LegendOptions): LegendHandle {
  const container = document.createElement('div');
  document.body.appendChild(container);
  containers.push(container);
  const legend = createLegend(container, options);
  handles.push(legend);
  return legend;
}

afterEach(() => {
  for (const h of handles.splice(0)) h.destroy();
  for (const c of containers.splice(0)) c.remove();
});

const buttons = (legend: LegendHandle) => [...legend.element.querySelectorAll<HTMLButtonElement>('button.tl-legend-item')];
const names = (legend: LegendHandle) => buttons(legend).map((b) => b.querySelector('.tl-legend-name')!.textContent);
const countsText = (legend: LegendHandle) => buttons(legend).map((b) => b.querySelector('.tl-legend-count')!.textContent);
const pressed = (legend: LegendHandle) => buttons(legend).map((b) => b.getAttribute('aria-pressed'));
const tickValues = (legend: LegendHandle) => [...legend.element.querySelectorAll('g.tl-legend-tick')].map((g) => Number(g.getAttribute('data-value')));
const tickLabels = (legend: LegendHandle) => [...legend.element.querySelectorAll('g.tl-legend-tick text')].map((t) => t.textContent);
const key = (target: Element, k: string, init: KeyboardEventInit = {}) => target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true, ...init }));
const click = (target: Element, init: MouseEventInit = {}) => target.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, ...init }));

// Rows 0..6 with codes a b c a b c a.
const VALUES = [0, 1, 2, 0, 1, 2, 0];
const ABC = { type: 'categorical' as const, title: 'letter', categories: ['a', 'b', 'c'], colors: ['#ff0000', '#00ff00', '#0000ff'] };

describe('createLegend({ type: "categorical" }) structure', () => {
  it('draws one button per category with its swatch, name and count (thousands separators)', () => {
    const legend = make({ ...ABC, counts: [1234, 5, 1000000] });
    expect(names(legend)).toEqual(['a', 'b', 'c']);
    expect(countsText(legend)).toEqual(['1,234', '5', '1,000,000']);
    const swatches = buttons(legend).map((b) => (b.querySelector('.tl-legend-swatch') as HTMLElement).style.background);
    expect(swatches).toEqual(['rgb(255, 0, 0)', 'rgb(0, 255, 0)', 'rgb(0, 0, 255)']);
    expect(pressed(legend)).toEqual(['false', 'false', 'false']);
    expect(legend.element.querySelectorAll('ul.tl-legend-items > li.tl-legend-entry > button')).toHaveLength(3);
  });

  it('is a group named by its title, with the title as a visible heading', () => {
    const legend = make(ABC);
    expect(legend.element.getAttribute('role')).toBe('group');
    expect(legend.element.getAttribute('aria-label')).toBe('letter');
    expect(legend.element.querySelector('.tl-legend-title')!.textContent).toBe('letter');
    expect(legend.element.firstElementChild!.classList.contains('tl-legend-title')).toBe(true);
    legend.update({ title: undefined });
    expect(legend.element.querySelector('.tl-legend-title')).toBeNull();
    expect(legend.element.getAttribute('aria-label')).toBe('Legend');
    legend.update({ title: 'again' });
    expect(legend.element.firstElementChild!.textContent).toBe('again');
  });

  it('shows no counts without counts, and core categoricalColors by default', () => {
    const legend = make({ type: 'categorical', categories: ['x', 'y', 'z', 'w'] });
    expect(countsText(legend)).toEqual(['', '', '', '']);
    const expected = categoricalColors(4).map((hex) => `rgb(${[1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16)).join(', ')})`);
    expect(buttons(legend).map((b) => (b.querySelector('.tl-legend-swatch') as HTMLElement).style.background)).toEqual(expected);
  });

  it('writes names as text, never markup', () => {
    const legend = make({ type: 'categorical', categories: ['<img src=x onerror="globalThis.hacked=1">', 'b&amp;'] });
    expect(names(legend)).toEqual(['<img src=x onerror="globalThis.hacked=1">', 'b&amp;']);
    expect(legend.element.querySelector('img')).toBeNull();
  });

  it('gives one Tab stop (roving tabindex) and sets the list max height', () => {
    const legend = make({ ...ABC, maxHeight: 120 });
    expect(buttons(legend).map((b) => b.tabIndex)).toEqual([0, -1, -1]);
    expect((legend.element.querySelector('.tl-legend-items') as HTMLElement).style.getPropertyValue('--tl-legend-max-height')).toBe('120px');
  });

  it('sets data-theme for light and dark, none for auto', () => {
    const legend = make({ ...ABC, theme: 'dark' });
    expect(legend.element.getAttribute('data-theme')).toBe('dark');
    legend.update({ theme: 'auto' });
    expect(legend.element.hasAttribute('data-theme')).toBe(false);
    expect(legend.element.classList.contains('tl-root')).toBe(true);
  });
});

describe('categorical legend interaction', () => {
  function setup(extra: Partial<LegendOptions> = {}) {
    const selection = createSelection();
    const legend = make({ ...ABC, values: VALUES, selection, ...extra });
    const selects: Array<{ indices: number[]; categories: number[] }> = [];
    const highlights: number[][] = [];
    legend.on('select', (e) => selects.push({ indices: [...e.indices], categories: e.categories }));
    legend.on('highlight', (e) => highlights.push(e.categories));
    return { legend, selection, selects, highlights };
  }

  it('click selects the rows of that category, click again clears', () => {
    const { legend, selection, selects, highlights } = setup();
    click(buttons(legend)[0]);
    expect([...selection.toArray()]).toEqual([0, 3, 6]);
    expect(selects).toEqual([{ indices: [0, 3, 6], categories: [0] }]);
    expect(highlights).toEqual([[0]]);
    expect(pressed(legend)).toEqual(['true', 'false', 'false']);
    expect(legend.element.classList.contains('tl-legend-filtering')).toBe(true);
    expect(legend.active).toEqual([0]);

    click(buttons(legend)[2]); // another plain click isolates that one instead
    expect([...selection.toArray()]).toEqual([2, 5]);
    click(buttons(legend)[2]);
    expect(selection.size).toBe(0);
    expect(selects.at(-1)).toEqual({ indices: [], categories: [] });
    expect(highlights.at(-1)).toEqual([]);
    expect(pressed(legend)).toEqual(['false', 'false', 'false']);
    expect(legend.element.classList.contains('tl-legend-filtering')).toBe(false);
  });

  it('shift-click toggles categories in and out of the set; the selection is the union of their rows', () => {
    const { legend, selection, selects } = setup();
    click(buttons(legend)[0]);
    click(buttons(legend)[2], { shiftKey: true });
    expect([...selection.toArray()]).toEqual([0, 2, 3, 5, 6]);
    expect(selects.at(-1)).toEqual({ indices: [0, 2, 3, 5, 6], categories: [0, 2] });
    expect(pressed(legend)).toEqual(['true', 'false', 'true']);
    click(buttons(legend)[0], { shiftKey: true });
    expect([...selection.toArray()]).toEqual([2, 5]);
    expect(selects.at(-1)!.categories).toEqual([2]);
    click(buttons(legend)[2], { shiftKey: true });
    expect(selection.size).toBe(0);
  });

  it('keyboard: Enter and Space act like a click, Shift like shift-click; arrows, Home and End move focus', () => {
    const { legend, selection } = setup();
    const [a, b, c] = buttons(legend);
    a.focus();
    key(a, 'ArrowDown');
    expect(document.activeElement).toBe(b);
    expect(buttons(legend).map((x) => x.tabIndex)).toEqual([-1, 0, -1]);
    key(b, 'Enter');
    expect([...selection.toArray()]).toEqual([1, 4]);
    key(b, 'ArrowRight');
    expect(document.activeElement).toBe(c);
    key(c, ' ', { shiftKey: true });
    expect([...selection.toArray()]).toEqual([1, 2, 4, 5]);
    key(c, 'ArrowDown'); // stays on the last item
    expect(document.activeElement).toBe(c);
    key(c, 'Home');
    expect(document.activeElement).toBe(a);
    key(a, 'ArrowUp');
    expect(document.activeElement).toBe(a);
    key(a, 'End');
    expect(document.activeElement).toBe(c);
    key(c, ' ');
    expect([...selection.toArray()]).toEqual([2, 5]);
    key(c, ' ');
    expect(selection.size).toBe(0);
  });

  it('reflects a selection made elsewhere: fully selected categories are active, partly selected marked partial', () => {
    const { legend, selection, selects } = setup();
    selection.set([0, 3, 6], 'someone else');
    expect(pressed(legend)).toEqual(['true', 'false', 'false']);
    expect(legend.active).toEqual([0]);
    selection.set([0, 3, 6, 1], 'someone else');
    expect(pressed(legend)).toEqual(['true', 'false', 'false']);
    expect(buttons(legend).map((x) => x.classList.contains('tl-legend-partial'))).toEqual([false, true, false]);
    selection.set([1, 2, 4, 5], 'someone else');
    expect(pressed(legend)).toEqual(['false', 'true', 'true']);
    selection.clear('someone else');
    expect(pressed(legend)).toEqual(['false', 'false', 'false']);
    expect(legend.element.querySelector('.tl-legend-partial')).toBeNull();
    expect(selects).toEqual([]); // reflecting does not emit
  });

  it('reflects a selection that was already set when it is created or passed later', () => {
    const selection = createSelection();
    selection.set([2, 5]);
    const legend = make({ ...ABC, values: VALUES, selection });
    expect(pressed(legend)).toEqual(['false', 'false', 'true']);
    const other = createSelection();
    other.set([1, 4]);
    legend.update({ selection: other });
    expect(pressed(legend)).toEqual(['false', 'true', 'false']);
    selection.set([0, 3, 6]); // the old store no longer drives the legend
    expect(pressed(legend)).toEqual(['false', 'true', 'false']);
  });

  it('without values a click emits highlight only (hosts dim their own marks) and writes no selection', () => {
    const selection = createSelection();
    const legend = make({ ...ABC, selection });
    const select = vi.fn();
    const highlight = vi.fn();
    legend.on('select', select);
    legend.on('highlight', highlight);
    click(buttons(legend)[1]);
    expect(select).not.toHaveBeenCalled();
    expect(highlight).toHaveBeenCalledWith({ categories: [1] });
    expect(selection.size).toBe(0);
    expect(pressed(legend)).toEqual(['false', 'true', 'false']);
  });

  it('selects with values and no selection store (events only), with typed-array codes', () => {
    const legend = make({ ...ABC, values: Uint8Array.from(VALUES) });
    const seen: number[][] = [];
    legend.on('select', (e) => {
      expect(e.indices).toBeInstanceOf(Uint32Array);
      seen.push([...e.indices]);
    });
    click(buttons(legend)[1]);
    expect(seen).toEqual([[1, 4]]);
  });

  it('an update of categories keeps the active ones that still exist', () => {
    const { legend } = setup();
    click(buttons(legend)[0]);
    legend.update({ categories: ['A', 'B', 'C'] });
    expect(names(legend)).toEqual(['A', 'B', 'C']);
    expect(pressed(legend)).toEqual(['true', 'false', 'false']);
  });
});

describe('createLegend({ type: "continuous" | "diverging" }) ticks', () => {
  it('domain [0, 1] has ticks 0, 0.2, …, 1 (as d3 gives) with d3 labels', () => {
    const legend = make({ type: 'continuous', domain: [0, 1], scheme: 'viridis' });
    expect(tickValues(legend)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(tickValues(legend)).toEqual(scaleLinear().domain([0, 1]).ticks(5));
    expect(tickLabels(legend)).toEqual(['0.0', '0.2', '0.4', '0.6', '0.8', '1.0']);
    expect(legend.element.querySelector('ul')).toBeNull();
  });

  it('ticks equal d3 ticks for other domains and counts, labels equal d3 tickFormat', () => {
    for (const [domain, count] of [
      [[3, 97], 5],
      [[-0.013, 0.0271], 4],
      [[1200, 98000], 10],
      [[0, 1], 2],
    ] as Array<[[number, number], number]>) {
      const legend = make({ type: 'continuous', domain, ticks: count });
      const scale = scaleLinear().domain(domain);
      expect(tickValues(legend)).toEqual(scale.ticks(count));
      // d3's labels, with core's ASCII minus for d3's U+2212
      expect(tickLabels(legend)).toEqual(scale.ticks(count).map((v) => scale.tickFormat(count)(v).replace('\u2212', '-')));
    }
    expect(tickValues(make({ type: 'continuous', domain: [3, 97] }))).toEqual([20, 40, 60, 80]);
  });

  it('a format option formats the labels', () => {
    const legend = make({ type: 'continuous', domain: [0, 1], format: (v) => `${Math.round(v * 100)}%` });
    expect(tickLabels(legend)).toEqual(['0%', '20%', '40%', '60%', '80%', '100%']);
  });

  it('log scale: the d3 log ticks that d3 labels, as plain numbers', () => {
    const legend = make({ type: 'continuous', domain: [1, 1000], scale: 'log' });
    const scale = scaleLog().domain([1, 1000]);
    expect(tickValues(legend)).toEqual(scale.ticks(5).filter((v) => scale.tickFormat(5)(v) !== ''));
    expect(tickValues(legend)).toEqual([1, 10, 100, 1000]);
    expect(tickLabels(legend)).toEqual(['1', '10', '100', '1,000']);
    const small = make({ type: 'continuous', domain: [0.001, 0.5], scale: 'log', ticks: 3 });
    expect(tickLabels(small)).toEqual(['0.001', '0.01', '0.1']);
    // positions: 10 is a third of the way along a 1..1000 log ramp
    const at = (v: number) => {
      const g = [...legend.element.querySelectorAll('g.tl-legend-tick')].find((x) => Number(x.getAttribute('data-value')) === v)!;
      return Number(/translate\(0,([\d.]+)\)/.exec(g.getAttribute('transform')!)![1]);
    };
    // vertical: max at the top; 160 px ramp
    expect(at(1) - at(10)).toBeCloseTo(160 / 3, 6);
    expect(at(10) - at(100)).toBeCloseTo(160 / 3, 6);
  });

  it('diverging: the centre tick is always there and labelled, even off d3 ticks; close neighbours make room', () => {
    const legend = make({ type: 'diverging', domain: [-3, 7], center: 0, scheme: 'rdbu' });
    expect(tickValues(legend)).toEqual(scaleLinear().domain([-3, 7]).ticks(5));
    expect(legend.element.querySelector('.tl-legend-tick-center')!.getAttribute('data-value')).toBe('0');

    legend.update({ domain: [-1, 2.5], center: 0.25 });
    // d3: -1, -0.5, 0, 0.5, 1, 1.5, 2, 2.5 — on a 160 px ramp 0 and 0.5 lie 11 px from 0.25, closer than a label, and give way
    expect(tickValues(legend)).toEqual([-1, -0.5, 0.25, 1, 1.5, 2, 2.5]);
    const center = legend.element.querySelector('.tl-legend-tick-center')!;
    expect(center.getAttribute('data-value')).toBe('0.25');
    expect(center.textContent).toBe('0.25');
  });

  it('diverging: a centre outside the domain extends the shown domain; symmetric domains put it in the middle', () => {
    const legend = make({ type: 'diverging', domain: [1, 3], orientation: 'horizontal', length: 200 });
    expect(tickValues(legend)[0]).toBe(0);
    expect(legend.element.querySelector('.tl-legend-ramp')!.getAttribute('aria-label')).toContain('0 to 3');
    legend.update({ domain: [-2, 2] });
    const g = legend.element.querySelector('.tl-legend-tick-center')!;
    const x = Number(/translate\(([\d.]+),0\)/.exec(g.getAttribute('transform')!)![1]);
    const first = legend.element.querySelector('g.tl-legend-tick')!;
    const x0 = Number(/translate\(([\d.]+),0\)/.exec(first.getAttribute('transform')!)![1]);
    expect(x - x0).toBeCloseTo(100, 6);
  });

  it('the ramp is an image described by its domain', () => {
    const legend = make({ type: 'continuous', title: 'loss', domain: [0, 2.5] });
    const ramp = legend.element.querySelector('.tl-legend-ramp')!;
    expect(ramp.getAttribute('role')).toBe('img');
    expect(ramp.getAttribute('aria-label')).toBe('loss: colour scale, 0 to 2.5');
    const log = make({ type: 'continuous', domain: [0.01, 100], scale: 'log' });
    expect(log.element.querySelector('.tl-legend-ramp')!.getAttribute('aria-label')).toMatch(/logarithmic.*0\.01 to 100/);
    const div = make({ type: 'diverging', domain: [-1, 1] });
    expect(div.element.querySelector('.tl-legend-ramp')!.getAttribute('aria-label')).toMatch(/diverging.*centred on 0, -1 to 1/);
  });

  it('switching type replaces the list with a ramp and back', () => {
    const legend = make(ABC);
    legend.update({ type: 'continuous', domain: [0, 1] });
    expect(legend.element.querySelector('ul')).toBeNull();
    expect(legend.element.querySelectorAll('.tl-legend-ramp')).toHaveLength(1);
    legend.update({ type: 'categorical' });
    expect(legend.element.querySelector('.tl-legend-ramp')).toBeNull();
    expect(names(legend)).toEqual(['a', 'b', 'c']);
  });
});

describe('createLegend errors', () => {
  const container = () => {
    const c = document.createElement('div');
    containers.push(c);
    return c;
  };

  it('names the bad option', () => {
    expectError(() => createLegend(container(), {} as LegendOptions), 'option', 'options.type');
    expectError(() => createLegend(container(), { type: 'categorical' }), 'option', 'options.categories');
    expectError(() => createLegend(container(), { ...ABC, colors: ['#f00'] }), 'length', 'options.colors');
    expectError(() => createLegend(container(), { ...ABC, colors: ['#f00', 'nonsense colour', '#00f'] }), 'option', 'options.colors[1]');
    expectError(() => createLegend(container(), { ...ABC, counts: [1, 2] }), 'length', 'options.counts');
    expectError(() => createLegend(container(), { ...ABC, counts: [1, NaN, 2] }), 'option', 'options.counts[1]');
    expectError(() => createLegend(container(), { ...ABC, values: [0, 1, 3] }), 'range', 'options.values');
    expectError(() => createLegend(container(), { ...ABC, values: [0, -1] }), 'range', 'options.values');
    expectError(() => createLegend(container(), { ...ABC, values: [0, 0.5] }), 'range', 'options.values');
    expectError(() => createLegend(container(), { ...ABC, selection: {} as Selection }), 'option', 'options.selection');
    expectError(() => createLegend(container(), { type: 'continuous' }), 'option', 'options.domain');
    expectError(() => createLegend(container(), { type: 'continuous', domain: [1, 0] }), 'range', 'options.domain');
    expectError(() => createLegend(container(), { type: 'continuous', domain: [0, Infinity] }), 'option', 'options.domain');
    expectError(() => createLegend(container(), { type: 'continuous', domain: [0, 10], scale: 'log' }), 'range', 'options.domain');
    expectError(() => createLegend(container(), { type: 'diverging', domain: [1, 10], scale: 'log' }), 'option', 'options.scale');
    expectError(() => createLegend(container(), { type: 'continuous', domain: [0, 1], scheme: 'jet' as 'viridis' }), 'option', 'options.scheme');
    expectError(() => createLegend(container(), { type: 'continuous', domain: [0, 1], ticks: 2.5 }), 'option', 'options.ticks');
    expectError(() => createLegend(null as unknown as HTMLElement, ABC), 'type', 'container');
  });

  it('names the new name of a renamed option and suggests near misses', () => {
    const e = expectError(() => createLegend(container(), { type: 'continuous', domain: [0, 1], colorScheme: 'magma' } as LegendOptions), 'option', 'options.colorScheme');
    expect(e.message).toContain("'scheme'");
    const near = expectError(() => createLegend(container(), { ...ABC, categores: [] } as LegendOptions), 'option', 'options.categores');
    expect(near.message).toContain("'categories'");
  });

  it('a bad update throws and leaves the legend as it was (options, DOM, behaviour)', () => {
    const selection = createSelection();
    const legend = make({ ...ABC, values: VALUES, selection, counts: [3, 2, 2] });
    const before = legend.element.outerHTML;
    expectError(() => legend.update({ colors: ['#f00'] }), 'length', 'options.colors');
    expectError(() => legend.update({ values: [0, 7] }), 'range', 'options.values');
    expectError(() => legend.update({ categories: ['a', 'b'] }), 'length', 'options.colors');
    expectError(() => legend.update({ type: 'continuous' }), 'option', 'options.domain');
    expectError(() => legend.update({ maxHeight: -1 }), 'option', 'options.maxHeight');
    expect(legend.element.outerHTML).toBe(before);
    click(buttons(legend)[1]);
    expect([...selection.toArray()]).toEqual([1, 4]); // still the old values

    const ramp = make({ type: 'continuous', domain: [0, 1] });
    const rampBefore = ramp.element.outerHTML;
    expect(() =>
      ramp.update({
        domain: [0, 5],
        interpolator: () => {
          throw new Error('interpolator failed');
        },
      }),
    ).toThrow('interpolator failed');
    expectError(() => ramp.update({ domain: [0, 5], format: 'x' as unknown as () => string }), 'option', 'options.format');
    expect(ramp.element.outerHTML).toBe(rampBefore);
    expect(tickValues(ramp)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });
});

describe('createLegend lifecycle', () => {
  it('emits render once the state is on screen', async () => {
    const legend = make(ABC);
    const render = vi.fn();
    legend.on('render', render);
    await legend.whenRendered();
    expect(render).toHaveBeenCalledWith({ type: 'categorical' });
    legend.update({ type: 'diverging', domain: [-1, 1] });
    await legend.whenRendered();
    expect(render).toHaveBeenLastCalledWith({ type: 'diverging' });
  });

  it('destroy removes the root and frees every DOM listener, the selection listener and event listeners (twice is fine)', () => {
    const container = document.createElement('div');
    document.body.appendChild(container);
    containers.push(container);
    const added: string[] = [];
    const removed: string[] = [];
    const originalAdd = EventTarget.prototype.addEventListener;
    const originalRemove = EventTarget.prototype.removeEventListener;
    const addSpy = vi.spyOn(EventTarget.prototype, 'addEventListener').mockImplementation(function (this: EventTarget, type, listener, options) {
      added.push(type);
      return originalAdd.call(this, type, listener, options);
    });
    const removeSpy = vi.spyOn(EventTarget.prototype, 'removeEventListener').mockImplementation(function (this: EventTarget, type, listener, options) {
      removed.push(type);
      return originalRemove.call(this, type, listener, options);
    });
    const selection = createSelection();
    let subscribed = 0;
    const on = selection.on;
    selection.on = (type, fn) => {
      subscribed++;
      const off = on(type, fn);
      return () => {
        subscribed--;
        off();
      };
    };
    try {
      const legend = createLegend(container, { ...ABC, values: VALUES, selection });
      const highlight = vi.fn();
      legend.on('highlight', highlight);
      expect(subscribed).toBe(1);
      expect(added.length).toBeGreaterThan(0);
      legend.destroy();
      legend.destroy();
      expect(subscribed).toBe(0);
      expect(removed.sort()).toEqual(added.sort());
      expect(container.children).toHaveLength(0);
      click(buttons(legend)[0] ?? legend.element);
      expect(highlight).not.toHaveBeenCalled();
      selection.set([0, 3, 6]); // no error, nothing listening
      expectError(() => legend.update({ title: 'x' }), 'destroyed', 'this');
    } finally {
      addSpy.mockRestore();
      removeSpy.mockRestore();
    }
  });
});
