import { afterEach, beforeEach, describe as suite, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { createSelection } from '@tensorlens/core';
import { createDataTable, sortRows } from '@tensorlens/charts';
import type { DataTableHandle } from '@tensorlens/charts';

let box: HTMLDivElement;
let t: DataTableHandle | null = null;
beforeEach(() => {
  box = document.createElement('div');
  box.style.cssText = 'width:600px;font:12px sans-serif';
  document.body.appendChild(box);
});
afterEach(() => {
  t?.destroy();
  t = null;
  box.remove();
});

const N = 200_000;
/** id = i, sq = i² mod 1009 (an independent closed form to check cells against). */
function data(n = N) {
  const id = new Float64Array(n);
  const sq = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    id[i] = i;
    sq[i] = (i * i) % 1009;
  }
  return { id, sq };
}

const grid = () => box.querySelector<HTMLElement>('.tl-dt-scroll')!;
const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));

/** The row element drawn at the grid's top edge (by layout, not by bookkeeping). */
function rowAtTop(): HTMLElement {
  const g = grid().getBoundingClientRect();
  const head = box.querySelector('.tl-dt-head')!.getBoundingClientRect();
  const e = document.elementFromPoint(g.left + 30, head.bottom + 3)!;
  return e.closest<HTMLElement>('.tl-dt-row')!;
}

suite('createDataTable in Chromium', () => {
  it('scrolling shows the right rows at the top, with a bounded number of row elements', async () => {
    t = createDataTable(box, { data: data(), rowHeight: 24, height: 400 });
    await t.whenRendered();
    expect(rowAtTop().firstElementChild!.textContent).toBe('0');
    const count = box.querySelectorAll('.tl-dt-row').length;
    expect(count).toBeLessThan(40);
    for (const row of [1234, 77_777, N - 20]) {
      grid().scrollTop = row * 24;
      await frame();
      const top = rowAtTop();
      expect(top.firstElementChild!.textContent).toBe(row.toLocaleString('en-US'));
      expect(top.children[1].textContent).toBe(((row * row) % 1009).toLocaleString('en-US'));
    }
    // the last row can be reached and is drawn at the bottom
    grid().scrollTop = 1e9;
    await frame();
    expect(t.visibleRange[1]).toBe(N);
    expect(Array.from(box.querySelectorAll('.tl-dt-row:not([hidden])'), (r) => r.firstElementChild!.textContent)).toContain('199,999');
    expect(box.querySelectorAll('.tl-dt-row').length).toBe(count);
  });

  it('scales scrolling over 1M rows: the scrollbar ends at the last row and the middle is the middle', async () => {
    const n = 1_000_000;
    t = createDataTable(box, { data: { id: Float64Array.from({ length: n }, (_, i) => i) }, height: 400 });
    await t.whenRendered();
    const g = grid();
    g.scrollTop = (g.scrollHeight - g.clientHeight) / 2;
    await frame();
    const mid = +rowAtTop().firstElementChild!.textContent!.replace(/,/g, '');
    expect(Math.abs(mid - n / 2)).toBeLessThan(50);
    g.scrollTop = g.scrollHeight;
    await frame();
    expect(t.visibleRange[1]).toBe(n);
  });

  it('real clicks, shift-clicks and ctrl-clicks write the shared selection; the header click sorts', async () => {
    const selection = createSelection();
    t = createDataTable(box, { data: data(1000), selection, height: 400 });
    await t.whenRendered();
    const row = (id: number) => Array.from(box.querySelectorAll<HTMLElement>('.tl-dt-row:not([hidden])')).find((r) => r.firstElementChild!.textContent === String(id))!;
    await userEvent.click(row(2));
    expect(Array.from(selection.toArray())).toEqual([2]);
    await userEvent.keyboard('{Shift>}');
    await userEvent.click(row(5));
    await userEvent.keyboard('{/Shift}');
    expect(Array.from(selection.toArray())).toEqual([2, 3, 4, 5]);
    await userEvent.keyboard('{Control>}');
    await userEvent.click(row(3));
    await userEvent.keyboard('{/Control}');
    expect(Array.from(selection.toArray())).toEqual([2, 4, 5]);
    expect(getComputedStyle(row(4)).backgroundColor).not.toBe(getComputedStyle(row(3)).backgroundColor);
    expect(box.querySelector('.tl-dt-count')!.textContent).toBe('1,000 rows · 3 selected');
    // keyboard after a click: the grid has focus, the cursor is on the last clicked row (3)
    await userEvent.keyboard('{ArrowDown}{ArrowDown}{ArrowDown}{ }');
    expect(Array.from(selection.toArray())).toEqual([2, 4, 5, 6]);
    // sort by sq descending: two header clicks
    const head = Array.from(box.querySelectorAll<HTMLButtonElement>('.tl-dt-head button'))[1];
    await userEvent.click(head);
    await userEvent.click(head);
    await t.whenRendered();
    await frame();
    const top = rowAtTop();
    // the largest i² mod 1009 over i < 1000 (by brute force here)
    let best = 0;
    let arg = 0;
    for (let i = 0; i < 1000; i++) if ((i * i) % 1009 > best) [best, arg] = [(i * i) % 1009, i];
    expect(top.children[1].textContent).toBe(best.toLocaleString('en-US'));
    expect(top.firstElementChild!.textContent).toBe(String(arg));
  });

  it('sorts 1M rows in slices: timers keep firing while it runs, and the order is right', async () => {
    const n = 1_000_000;
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) v[i] = (i * 7919) % 100_003; // a permutation-like spread with ties
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const p = await sortRows(v);
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(5);
    for (let k = 1; k < n; k++) if (v[p[k - 1]] > v[p[k]] || (v[p[k - 1]] === v[p[k]] && p[k - 1] > p[k])) throw new Error(`out of order at ${k}`);
  });
});
