import { afterEach, beforeEach, describe as suite, expect, it } from 'vitest';
import { tableFromArrays } from 'apache-arrow';
import { createSelection, TensorLensError } from '@tensorlens/core';
import type { Selection } from '@tensorlens/core';
import { createDataTable, formatNumber, sortRows, sortRowsSync } from '@tensorlens/charts';
import type { DataTableHandle, DataTableOptions } from '@tensorlens/charts';
import { rng } from '../../../test/support';

let box: HTMLDivElement;
let handles: DataTableHandle[] = [];
const make = (o: DataTableOptions) => {
  const h = createDataTable(box, o);
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

/** N rows: id = i, score with ties and missing values, name with ties and blanks. */
function dataset(n: number, seed = 1) {
  const r = rng(seed);
  const id = new Float64Array(n);
  const score = new Float64Array(n);
  const name: string[] = [];
  for (let i = 0; i < n; i++) {
    id[i] = i;
    score[i] = r() < 0.05 ? NaN : Math.round(r() * 50) / 10 - 1;
    name.push(r() < 0.03 ? '' : `run ${Math.floor(r() * 40)}`);
  }
  return { id, score, name };
}

const rows = () => Array.from(box.querySelectorAll<HTMLElement>('.tl-dt-row')).filter((r) => !r.hidden);
const sorted = (rs: HTMLElement[]) => rs.sort((a, b) => +a.getAttribute('aria-rowindex')! - +b.getAttribute('aria-rowindex')!);
/** Text of the visible rows, in view order. */
const texts = () => sorted(rows()).map((r) => Array.from(r.children, (c) => c.textContent));
const ids = () => texts().map((t) => t[0]);
const grid = () => box.querySelector<HTMLElement>('[role=grid]')!;
const countText = () => box.querySelector('.tl-dt-count')!.textContent;
const key = (k: string, o: KeyboardEventInit = {}) => grid().dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true, ...o }));
const rowFor = (id: number) => rows().find((r) => r.firstElementChild!.textContent === formatNumber(id))!;
const click = (e: Element, o: MouseEventInit = {}) => e.dispatchEvent(new MouseEvent('click', { bubbles: true, ...o }));
const header = (name: string) => Array.from(box.querySelectorAll<HTMLButtonElement>('.tl-dt-head button')).find((b) => b.textContent!.startsWith(name))!;

const natural = new Intl.Collator(undefined, { numeric: true });

/** Reference order: Array.prototype.sort (stable) with missing values last. */
function referenceOrder(values: ArrayLike<number | string>, descending = false): number[] {
  const missing = (v: number | string) => v === '' || (typeof v == 'number' && Number.isNaN(v));
  return Array.from({ length: values.length }, (_, i) => i).sort((a, b) => {
    const x = values[a];
    const y = values[b];
    if (missing(x) || missing(y)) return +missing(x) - +missing(y);
    const c = typeof x == 'number' ? (x as number) - (y as number) : natural.compare(x as string, y as string);
    return descending ? -c : c;
  });
}

suite('createDataTable: virtualization', () => {
  it('keeps the number of row elements bounded for 100k rows and shows the first rows', async () => {
    const t = make({ data: dataset(100_000) });
    await t.whenRendered();
    expect(grid().getAttribute('aria-rowcount')).toBe('100001');
    const all = box.querySelectorAll('[role=row]');
    expect(all.length).toBeLessThan(40);
    expect(ids().slice(0, 3)).toEqual(['0', '1', '2']);
    expect(countText()).toBe('100,000 rows · 0 selected');
    expect(t.rowCount).toBe(100_000);
  });

  it('recycles rows on scroll: scrolled 5000 rows down, the top row is row 5000', async () => {
    const t = make({ data: dataset(100_000), rowHeight: 20 });
    await t.whenRendered();
    const before = box.querySelectorAll('[role=row]').length;
    grid().scrollTop = 5000 * 20;
    grid().dispatchEvent(new Event('scroll'));
    expect(t.visibleRange[0]).toBe(5000);
    const top = sorted(rows()).find((r) => r.getAttribute('aria-rowindex') === String(5000 + 2))!;
    expect(top.firstElementChild!.textContent).toBe('5,000');
    expect(top.style.transform).toBe('translateY(100000px)');
    expect(box.querySelectorAll('[role=row]').length).toBe(before);
  });

  it('maps scroll positions to rows past the browser height limit (1M rows)', async () => {
    const n = 1_000_000;
    const t = make({ data: { id: Float64Array.from({ length: n }, (_, i) => i) } });
    await t.whenRendered();
    const spacer = box.querySelector<HTMLElement>('.tl-dt-body')!;
    expect(parseFloat(spacer.style.height)).toBeLessThanOrEqual(8e6);
    t.scrollToRow(n - 1);
    const [a, b] = t.visibleRange;
    expect(a).toBeLessThan(n - 1);
    expect(b).toBe(n);
    expect(ids()).toContain('999,999');
  });
});

suite('createDataTable: cells', () => {
  it('formats numbers, shows missing values as "—", and writes strings as text', async () => {
    make({ data: [{ a: 1234567, b: '<b>bold</b>', c: 0.00528 }, { a: null, b: null, c: 2.5e-7 }] });
    expect(texts()).toEqual([
      ['1,234,567', '<b>bold</b>', '0.00528'],
      ['—', '—', '2.5e-7'],
    ]);
    expect(box.querySelector('.tl-dt-body b')).toBeNull();
    expect(box.querySelectorAll('.tl-dt-missing').length).toBe(2);
    expect(box.querySelector('.tl-dt-head .tl-dt-num')).not.toBeNull();
  });

  it('reads CSV text, JSON text and Arrow tables', () => {
    make({ data: 'x,label\n1.5,cat\n,dog\n' });
    expect(texts()).toEqual([
      ['1.5', 'cat'],
      ['—', 'dog'],
    ]);
    handles.pop()!.destroy();
    make({ data: '[{"x":2,"label":"emu"}]' });
    expect(texts()).toEqual([['2', 'emu']]);
    handles.pop()!.destroy();
    make({ data: tableFromArrays({ x: Float32Array.of(3, 4), label: ['a', 'b'] }) as never });
    expect(texts()).toEqual([
      ['3', 'a'],
      ['4', 'b'],
    ]);
  });

  it('shows the chosen columns in order and applies custom formatters', () => {
    make({ data: { a: [1, 2], b: [0.5, 0.25], c: ['x', 'y'] }, columns: ['c', 'b'], format: { b: (v) => `${(+v * 100).toFixed(0)}%` } });
    expect(Array.from(box.querySelectorAll('.tl-dt-head button'), (b) => b.textContent)).toEqual(['c', 'b']);
    expect(texts()).toEqual([
      ['x', '50%'],
      ['y', '25%'],
    ]);
  });
});

suite('createDataTable: sorting', () => {
  it('sorts by a numeric column on header clicks like a stable Array.prototype.sort, missing last; third click restores data order', async () => {
    const d = dataset(3000, 7);
    const t = make({ data: d });
    const sorts: unknown[] = [];
    t.on('sort', (e) => sorts.push(e));
    click(header('score'));
    await t.whenRendered();
    expect(Array.from(t.rowOrder())).toEqual(referenceOrder(d.score));
    expect(header('score').textContent).toBe('score ▲');
    expect(header('score').parentElement!.getAttribute('aria-sort')).toBe('ascending');
    click(header('score'));
    await t.whenRendered();
    expect(Array.from(t.rowOrder())).toEqual(referenceOrder(d.score, true));
    expect(header('score').parentElement!.getAttribute('aria-sort')).toBe('descending');
    click(header('score'));
    await t.whenRendered();
    expect(Array.from(t.rowOrder())).toEqual(Array.from({ length: 3000 }, (_, i) => i));
    expect(sorts).toEqual([
      { column: 'score', descending: false },
      { column: 'score', descending: true },
      { column: null, descending: false },
    ]);
  });

  it('sorts strings in natural order (run 2 before run 10), blanks last, and the screen shows the sorted rows', async () => {
    const d = dataset(2000, 3);
    const t = make({ data: d, sort: { column: 'name' } });
    await t.whenRendered();
    const ref = referenceOrder(d.name);
    expect(Array.from(t.rowOrder())).toEqual(ref);
    expect(ids().slice(0, 5)).toEqual(ref.slice(0, 5).map((i) => formatNumber(i)));
    expect(texts()[0][2]).toBe('run 0');
  });

  it('sortRows matches the reference on 50k rows and leaves the event loop free between slices', async () => {
    const d = dataset(50_000, 11);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const p = await sortRows(d.score, { descending: true, sliceMs: 2 });
    clearInterval(timer);
    expect(Array.from(p)).toEqual(referenceOrder(d.score, true));
    expect(ticks).toBeGreaterThan(0);
    expect(Array.from(sortRowsSync(d.name))).toEqual(referenceOrder(d.name));
  });

  it('shows "sorting…" while a large sort runs and can be cancelled', async () => {
    const t = make({ data: dataset(60_000, 5) });
    await t.whenRendered();
    click(header('name'));
    expect(box.querySelector('.tl-dt-status')!.textContent).toBe('sorting…');
    expect(grid().getAttribute('aria-busy')).toBe('true');
    expect(t.sorting).toBe(true);
    await t.whenRendered();
    expect(t.sorting).toBe(false);
    expect(box.querySelector('.tl-dt-status')!.textContent).toBe('');
    const ac = new AbortController();
    const p = sortRows(dataset(60_000).score, { signal: ac.signal, sliceMs: 1 });
    ac.abort();
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
  });
});

suite('createDataTable: selection', () => {
  const data = () => ({ id: Float64Array.from({ length: 100 }, (_, i) => i), v: Float64Array.from({ length: 100 }, (_, i) => (i * 37) % 100) });

  it('highlights rows selected elsewhere and counts them', () => {
    const selection = createSelection();
    make({ data: data(), selection });
    selection.set([1, 3], 'other');
    expect(rows().filter((r) => r.getAttribute('aria-selected') === 'true').map((r) => r.firstElementChild!.textContent)).toEqual(['1', '3']);
    expect(countText()).toBe('100 rows · 2 selected');
    selection.set([200], 'other'); // beyond the data: not counted
    expect(countText()).toBe('100 rows · 0 selected');
  });

  it('click selects one row, ctrl-click toggles, shift-click selects a range in view order', async () => {
    const selection = createSelection();
    const t = make({ data: data(), selection, sort: { column: 'v' } });
    await t.whenRendered();
    const events: number[][] = [];
    t.on('select', (e) => events.push(Array.from(e.indices)));
    // sorted by v = 37·i mod 100: v = 0, 1, 2, 3 are rows 0, 73, 46, 19
    expect(ids().slice(0, 4)).toEqual(['0', '73', '46', '19']);
    click(rowFor(73));
    expect(Array.from(selection.toArray())).toEqual([73]);
    click(rowFor(19), { ctrlKey: true });
    expect(Array.from(selection.toArray())).toEqual([19, 73]);
    click(rowFor(19), { metaKey: true });
    expect(Array.from(selection.toArray())).toEqual([73]);
    click(rowFor(73));
    click(rowFor(19), { shiftKey: true }); // from the last plain click (the anchor) to here
    expect(Array.from(selection.toArray())).toEqual([19, 46, 73]);
    expect(events).toEqual([[73], [19, 73], [73], [73], [19, 46, 73]]);
    expect(rowFor(46).getAttribute('aria-selected')).toBe('true');
    expect(countText()).toBe('100 rows · 3 selected');
  });

  it('shows only the selected rows, in sort order, following later selection changes', async () => {
    const selection = createSelection();
    const t = make({ data: data(), selection, sort: { column: 'v', descending: true } });
    await t.whenRendered();
    selection.set([0, 19, 46, 73]);
    const only = box.querySelector<HTMLInputElement>('.tl-dt-only input')!;
    only.checked = true;
    only.dispatchEvent(new Event('change'));
    expect(t.viewCount).toBe(4);
    expect(ids()).toEqual(['19', '46', '73', '0']);
    expect(countText()).toBe('100 rows · 4 selected · showing 4');
    selection.delete([46]);
    expect(ids()).toEqual(['19', '73', '0']);
    selection.clear();
    expect(rows().length).toBe(0);
    expect(box.querySelector<HTMLElement>('.tl-dt-empty')!.hidden).toBe(false);
    t.update({ showOnlySelected: false });
    await t.whenRendered();
    expect(t.viewCount).toBe(100);
    expect(only.checked).toBe(false);
  });

  it('keeps a selection of its own when none is given', () => {
    const t = make({ data: data() });
    click(rowFor(5));
    expect(t.selectedCount).toBe(1);
    expect(rowFor(5).getAttribute('aria-selected')).toBe('true');
  });
});

suite('createDataTable: keyboard', () => {
  const active = () => box.querySelector(`#${grid().getAttribute('aria-activedescendant')}`)!;

  it('moves with arrows, PageDown, End and Home, and selects with Space, Shift+arrows, Enter and Escape', async () => {
    const selection = createSelection();
    const t = make({ data: { id: Float64Array.from({ length: 1000 }, (_, i) => i) }, selection, rowHeight: 20, height: 300 });
    await t.whenRendered();
    grid().focus();
    expect(active().firstElementChild!.textContent).toBe('0');
    key('ArrowDown');
    key('ArrowDown');
    expect(active().firstElementChild!.textContent).toBe('2');
    key(' ');
    expect(Array.from(selection.toArray())).toEqual([2]);
    key('ArrowDown', { shiftKey: true });
    key('ArrowDown', { shiftKey: true });
    expect(Array.from(selection.toArray())).toEqual([2, 3, 4]);
    key('ArrowUp');
    expect(active().firstElementChild!.textContent).toBe('3');
    key(' ');
    expect(Array.from(selection.toArray())).toEqual([2, 4]);
    // page = rows that fit (300 - 2·20 - 8 = 252 px → 12 rows) minus one
    key('PageDown');
    expect(active().firstElementChild!.textContent).toBe(String(3 + 11));
    key('End');
    expect(active().firstElementChild!.textContent).toBe('999');
    expect(t.visibleRange[1]).toBe(1000);
    expect(grid().scrollTop).toBeGreaterThan(0);
    key('Enter');
    expect(Array.from(selection.toArray())).toEqual([999]);
    key('Home');
    expect(active().firstElementChild!.textContent).toBe('0');
    expect(grid().scrollTop).toBe(0);
    key('Escape');
    expect(selection.size).toBe(0);
    key('a', { ctrlKey: true });
    expect(selection.size).toBe(1000);
  });
});

suite('createDataTable: bad input', () => {
  const catchErr = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return e as TensorLensError;
    }
    throw new Error('did not throw');
  };

  it('names the argument and what was expected', () => {
    let e = catchErr(() => createDataTable(null as never, { data: { a: [1] } }));
    expect(e).toBeInstanceOf(TensorLensError);
    expect([e.code, e.argument]).toEqual(['type', 'container']);
    e = catchErr(() => make({ data: { a: [1, 2], b: [1] } }));
    expect([e.code, e.argument, e.expected]).toEqual(['length', 'data.b', '2 rows']);
    e = catchErr(() => make({ data: [] }));
    expect([e.code, e.argument]).toEqual(['empty', 'data']);
    e = catchErr(() => make({ data: { a: [1, 'x'] } }));
    expect([e.code, e.argument]).toEqual(['dtype', 'data.a[1]']);
    e = catchErr(() => make({ data: '[{"a":1}' }));
    expect([e.code, e.argument]).toEqual(['parse', 'data']);
    e = catchErr(() => make({ data: { a: [1] }, columns: ['a', 'zz'] }));
    expect([e.code, e.argument, e.received]).toEqual(['option', 'options.columns[1]', '"zz"']);
    expect(e.expected).toContain('a');
    e = catchErr(() => make({ data: { a: [1] }, sort: { column: 'b' } }));
    expect([e.code, e.argument]).toEqual(['option', 'options.sort.column']);
    e = catchErr(() => make({ data: { a: [1] }, rowHeight: 0 }));
    expect([e.code, e.argument]).toEqual(['option', 'options.rowHeight']);
    e = catchErr(() => make({ data: { a: [1] }, selection: [1] as never }));
    expect([e.code, e.argument]).toEqual(['option', 'options.selection']);
    expect(box.children.length).toBe(0);
  });

  it('keeps the previous data when an update is invalid, and throws after destroy', () => {
    const t = make({ data: { a: [1, 2] } });
    expect(() => t.update({ data: { a: [1], b: [1, 2] } })).toThrow(TensorLensError);
    expect(t.rowCount).toBe(2);
    expect(texts()).toEqual([['1'], ['2']]);
    t.destroy();
    expect(() => t.update({ rowHeight: 30 })).toThrow(/destroyed/);
  });
});

suite('createDataTable: lifecycle', () => {
  it('updates data and columns, and frees every listener over 50 create/destroy cycles', async () => {
    const selection = createSelection();
    let live = 0;
    const on = selection.on.bind(selection);
    const spy: Selection = Object.assign(Object.create(selection), {
      on: (type: 'change', fn: () => void) => {
        live++;
        const off = on(type, fn);
        return () => {
          live--;
          off();
        };
      },
    });
    for (let i = 0; i < 50; i++) {
      const t = createDataTable(box, { data: dataset(500, i), selection: spy, sort: { column: 'score' } });
      t.on('select', () => {});
      if (i % 10 == 0) {
        t.update({ data: { z: [3, 1, 2] }, columns: null, sort: { column: 'z' } });
        await t.whenRendered();
        expect(texts()).toEqual([['1'], ['2'], ['3']]);
      }
      t.destroy();
      t.destroy();
      expect(t.listenerCount).toBe(0);
    }
    expect(live).toBe(0);
    expect(box.children.length).toBe(0);
    selection.set([1]); // no component left to react
  });
});

suite('createDataTable: options schema, rollback and events', () => {
  it('a throwing update leaves options, DOM and selection exactly as they were; a valid one then applies', async () => {
    const selection = createSelection();
    const t = make({ data: dataset(40), selection, sort: { column: 'score' }, title: 'Runs' });
    await t.whenRendered();
    selection.set([3, 5], {});
    const before = t.element.outerHTML;
    const order = Array.from(t.rowOrder());
    const bad: Array<Partial<DataTableOptions>> = [
      { title: 'must not stay', theme: 'neon' as never },
      { rowHeight: -4, sort: { column: 'id', descending: true } },
      { sort: { column: 'no such column' } },
      { data: { a: [1, 2], b: [1] }, title: 'nor this' },
      { columns: ['id', 'nope'], showOnlySelected: true },
    ];
    for (const partial of bad) {
      expect(() => t.update(partial)).toThrow(TensorLensError);
      await t.whenRendered();
      expect(t.element.outerHTML).toBe(before);
      expect(Array.from(t.rowOrder())).toEqual(order);
      expect(selection.toArray()).toEqual(Uint32Array.of(3, 5));
    }
    t.update({ showOnlySelected: true, title: 'Chosen runs' });
    await t.whenRendered();
    expect(t.viewCount).toBe(2);
    expect(grid().getAttribute('aria-label')).toBe('Chosen runs');
  });

  it("an old or misspelt option is an 'option' error that names the option", () => {
    const e = catchOption(() => make({ data: { a: [1] }, rowHieght: 30 } as never));
    expect([e.code, e.argument]).toEqual(['option', 'options.rowHieght']);
    expect(e.expected).toContain('rowHeight');
  });

  it('emits render when the rows (sorted) reach the screen, and error when drawing fails', async () => {
    const t = make({ data: dataset(200), sort: { column: 'score' } });
    const renders: Array<{ rows: number; shown: number }> = [];
    t.on('render', (e) => renders.push(e));
    await t.whenRendered();
    expect(renders).toEqual([{ rows: 200, shown: 200 }]);
    expect(t.sorting).toBe(false);
    const errors: string[] = [];
    t.on('error', (e) => errors.push(e.message));
    t.update({ format: { id: () => { throw new Error('formatter broke'); } } });
    await expect(t.whenRendered()).rejects.toThrow('formatter broke');
    expect(errors).toEqual(['formatter broke']);
  });

  it('a JSON row with a "__proto__" key is a column and never writes into Object.prototype; "constructor" stays a column', () => {
    // an object value is not a cell (a 'dtype' error), and reading it wrote nothing anywhere
    expect(() => make({ data: '[{"__proto__":{"polluted":1},"x":1}]' })).toThrow(expect.objectContaining({ code: 'dtype', argument: 'data.__proto__[0]' }));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const text = '[{"__proto__":"p0","constructor":"c0","x":1},{"__proto__":"p1","constructor":"c1","x":2}]';
    make({ data: text });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
    expect(Array.from(box.querySelectorAll('.tl-dt-head button'), (b) => b.textContent)).toEqual(['__proto__', 'constructor', 'x']);
    expect(texts()).toEqual([
      ['p0', 'c0', '1'],
      ['p1', 'c1', '2'],
    ]);
    handles.pop()!.destroy();
    make({ data: [{ constructor: 'a', toString: 'b' }], columns: ['toString', 'constructor'] });
    expect(texts()).toEqual([['b', 'a']]);
    expect(() => make({ data: { x: [1] }, columns: ['constructor'] })).toThrow(expect.objectContaining({ argument: 'options.columns[0]' }));
    expect(() => make({ data: { x: [1] }, sort: { column: 'toString' } })).toThrow(expect.objectContaining({ argument: 'options.sort.column' }));
  });

  it("prints numbers with core's formatNumber (d3-format): the same text as before the move", () => {
    const cases: Array<[number, string]> = [
      [1234567, '1,234,567'], [0.00528, '0.00528'], [3.14159265, '3.14159'], [-2.5e-7, '-2.5e-7'], [4.5e15, '4.5e+15'],
      [123456.7, '123,457'], [1e-4, '0.0001'], [NaN, '—'], [Infinity, '∞'], [-Infinity, '-∞'], [-0.5, '-0.5'], [99999.95, '99,999.9'],
    ];
    make({ data: { v: cases.map(([v]) => v) } });
    expect(texts().map((row) => row[0])).toEqual(cases.map(([, text]) => text));
  });
});

function catchOption(f: () => unknown): TensorLensError {
  try {
    f();
  } catch (e) {
    return e as TensorLensError;
  }
  throw new Error('did not throw');
}
