import { afterEach, beforeEach, describe as suite, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { createSelection, TensorLensError } from '@tensorlens/core';
import { createXYPlot } from '@tensorlens/gl';
import type { XYPlotHandle } from '@tensorlens/gl';
import { frames, makeBox, pixel } from '../../../test/support';

let box: HTMLDivElement;
let plot: XYPlotHandle | null = null;
beforeEach(() => {
  box = makeBox(520, 420);
  box.style.font = '12px sans-serif';
});
afterEach(() => {
  plot?.destroy();
  plot = null;
  box.remove();
});

const N = 200;
/** x = i, neg = -i, y = 37·i mod 200, group = "a"/"b"/"c", lr spanning four decades. */
function data(n = N) {
  const x = new Float32Array(n);
  const neg = new Float32Array(n);
  const y = new Float32Array(n);
  const lr = new Float32Array(n);
  const group: string[] = [];
  for (let i = 0; i < n; i++) {
    x[i] = i;
    neg[i] = -i;
    y[i] = (37 * i) % n;
    lr[i] = 10 ** (-4 + (4 * i) / (n - 1));
    group.push('abc'[i % 3]);
  }
  return { x, neg, y, lr, group };
}

/** RGBA of the plot's WebGL canvas at a row's point. */
const at = (h: XYPlotHandle, row: number) => pixel(h.cloud, ...h.cloud.screenPosition(row)!);
const drawn = (p: number[]) => p[3] > 100;

/** Tick labels of one axis (x: below the plot, y: left of it) with their positions in plot px. */
function ticks(axis: 'x' | 'y'): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of box.querySelectorAll<SVGTextElement>('text.tl-xy-tick')) {
    const isY = t.getAttribute('text-anchor') == 'end';
    if (isY == (axis == 'y')) out.set(t.textContent!, +t.getAttribute(axis)!);
  }
  return out;
}

suite('createXYPlot in Chromium', () => {
  it('draws every point on the WebGL canvas, and the axis ticks sit where the rows with those values are drawn', async () => {
    plot = createXYPlot(box, { data: data(), x: 'x', y: 'y', transition: 0, size: 6 });
    await plot.whenRendered();
    await frames();
    for (const row of [0, 50, 123, 199]) expect(drawn(at(plot, row))).toBe(true);
    // an empty corner of the plot is background
    expect(drawn(pixel(plot.cloud, 3, 3))).toBe(false);
    const xt = ticks('x');
    expect([...xt.keys()]).toEqual(expect.arrayContaining(['0', '50', '100', '150']));
    // tick "100" is at the screen x of row 100 (x = 100); y's tick "100" at the row whose y is 100
    const [sx] = plot.cloud.screenPosition(100)!;
    expect(Math.abs(xt.get('100')! - sx)).toBeLessThan(1.5);
    const row = Array.from({ length: N }, (_, i) => i).find((i) => (37 * i) % N == 100)!;
    const yt = ticks('y');
    expect(Math.abs(yt.get('100')! - plot.cloud.screenPosition(row)![1])).toBeLessThan(1.5);
    expect(box.querySelector('.tl-xy-count')!.textContent).toBe('200 points · 0 selected');
    expect(plot.axes().x.kind).toBe('linear');
  });

  it('choosing another x column in the picker moves the points (row 0 goes from the left edge to the right edge)', async () => {
    plot = createXYPlot(box, { data: data(), x: 'x', y: 'y', transition: 0, size: 6 });
    await plot.whenRendered();
    const changes: unknown[] = [];
    plot.on('change', (e) => changes.push(e));
    const before = plot.cloud.screenPosition(0)!;
    const w = plot.cloud.element.clientWidth;
    expect(before[0]).toBeLessThan(w / 4);
    await userEvent.selectOptions(box.querySelector<HTMLSelectElement>('.tl-xy-pick-x select')!, 'neg');
    await plot.whenRendered();
    await frames();
    const after = plot.cloud.screenPosition(0)!;
    expect(after[0]).toBeGreaterThan((3 * w) / 4);
    expect(after[1]).toBeCloseTo(before[1], 0);
    expect(drawn(pixel(plot.cloud, ...after))).toBe(true);
    expect(drawn(pixel(plot.cloud, ...before))).toBe(false);
    expect(changes).toEqual([{ x: 'neg', y: 'y', color: null }]);
    expect(ticks('x').has('-100')).toBe(true);
    expect(box.querySelector('.tl-xy-axes .tl-xy-title')!.textContent).toBe('neg');
  });

  it('a box drag writes exactly the rows inside it to the shared selection; a selection from elsewhere changes the drawing', async () => {
    const selection = createSelection();
    plot = createXYPlot(box, { data: data(), x: 'x', y: 'y', selection, transition: 0, size: 6 });
    await plot.whenRendered();
    const canvas = plot.cloud.element.querySelector('canvas')!;
    const r = canvas.getBoundingClientRect();
    const [x0, y0, x1, y1] = [40, 40, 200, 180];
    const ev = (type: string, x: number, y: number) =>
      canvas.dispatchEvent(new PointerEvent(type, { clientX: r.left + x, clientY: r.top + y, bubbles: true, pointerId: 1, isPrimary: true, button: 0 }));
    const events: Uint32Array[] = [];
    plot.on('select', (e) => events.push(e.indices));
    ev('pointerdown', x0, y0);
    ev('pointermove', 120, 100);
    ev('pointermove', x1, y1);
    ev('pointerup', x1, y1);
    for (let t = 0; !events.length && t < 500; t++) await new Promise((res) => setTimeout(res, 10));
    const want: number[] = [];
    for (let i = 0; i < N; i++) {
      const [sx, sy] = plot.cloud.screenPosition(i)!;
      if (sx >= x0 && sx <= x1 && sy >= y0 && sy <= y1) want.push(i);
    }
    expect(want.length).toBeGreaterThan(10);
    expect(Array.from(selection.toArray())).toEqual(want);
    expect(Array.from(events[0])).toEqual(want);
    expect(box.querySelector('.tl-xy-count')!.textContent).toBe(`200 points · ${want.length} selected`);
    // from elsewhere: select one row; an unselected row is drawn differently than before
    const other = 199;
    selection.clear();
    await plot.whenRendered();
    await frames();
    const plain = at(plot, other);
    selection.set([0], 'table');
    await plot.whenRendered();
    await frames();
    expect(at(plot, other)).not.toEqual(plain);
    expect(box.querySelector('.tl-xy-count')!.textContent).toBe('200 points · 1 selected');
  });

  it('puts positive data spanning decades on a log axis with power-of-ten ticks; categories on bands', async () => {
    plot = createXYPlot(box, { data: data(), x: 'lr', y: 'group', color: 'group', transition: 0 });
    await plot.whenRendered();
    expect(plot.axes().x.kind).toBe('log');
    // d3's log ticks, labelled by core's logTickFormat
    expect([...ticks('x').keys()]).toEqual(['0.0001', '0.001', '0.01', '0.1', '1']);
    expect(plot.axes().y.kind).toBe('categorical');
    expect([...ticks('y').keys()].sort()).toEqual(['a', 'b', 'c']);
    expect(box.querySelector('.tl-xy-axes .tl-xy-title')!.textContent).toBe('lr (log)');
    // row 1 ('b') lies in the band of tick 'b'
    const band = ticks('y').get('b')!;
    expect(Math.abs(plot.cloud.screenPosition(1)![1] - band)).toBeLessThan(40);
  });

  it('takes arrays as channels; shows a legend while colour encodes data (legend: false hides it); emits render', async () => {
    const d = data();
    plot = createXYPlot(box, { x: d.x, y: d.neg, color: d.group, transition: 0, size: 6 });
    const renders: number[] = [];
    plot.on('render', (e) => renders.push(e.count));
    await plot.whenRendered();
    expect(renders).toEqual([N]);
    // row 10 (x = 10, y = -10) lies left of and above row 150
    const [a, b] = [plot.cloud.screenPosition(10)!, plot.cloud.screenPosition(150)!];
    expect(a[0]).toBeLessThan(b[0]);
    expect(a[1]).toBeLessThan(b[1]);
    expect([...box.querySelectorAll('.tl-legend-name')].map((e) => e.textContent)).toEqual(['a', 'b', 'c']);
    expect(box.querySelector<HTMLSelectElement>('.tl-xy-pick-x select')!.selectedOptions[0].textContent).toBe('(values)');
    plot.update({ legend: false });
    expect(box.querySelector('.tl-legend')).toBeNull();
  });

  it('a bad update throws naming the option and leaves the plot as it was (same axes, picture, pickers)', async () => {
    plot = createXYPlot(box, { data: data(), x: 'x', y: 'y', transition: 0, size: 6 });
    await plot.whenRendered();
    const axesBefore = plot.axes();
    const svg = box.querySelector('.tl-xy-axes')!.innerHTML;
    const pickers = [...box.querySelectorAll('select')].map((s) => s.value);
    const pixels = [0, 50, 199].map((r) => at(plot!, r));
    for (const [partial, code, argument] of [
      [{ x: 'nope' }, 'option', 'options.x'],
      [{ y: 'x', color: 'zz' }, 'option', 'options.color'],
      [{ data: { x: [1, 2], y: [3, 4] }, x: 'x', y: 'q' }, 'option', 'options.y'],
      [{ xScale: 'sqrt' }, 'option', 'options.xScale'],
      [{ size: 0 }, 'option', 'options.size'],
    ] as const) {
      expect(() => plot!.update(partial as never)).toThrowError(expect.objectContaining({ code, argument }));
    }
    await plot.whenRendered();
    await frames();
    expect(plot.axes()).toEqual(axesBefore);
    expect(box.querySelector('.tl-xy-axes')!.innerHTML).toBe(svg);
    expect([...box.querySelectorAll('select')].map((s) => s.value)).toEqual(pickers);
    expect([0, 50, 199].map((r) => at(plot!, r))).toEqual(pixels);
    expect(plot.count).toBe(N);
  });

  it('draws 1M points', async () => {
    const n = 1_000_000;
    const x = new Float32Array(n);
    const y = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      x[i] = Math.sin(i) * 10;
      y[i] = Math.cos(i * 1.7) * 10;
    }
    plot = createXYPlot(box, { data: { x, y }, x: 'x', y: 'y', transition: 0 });
    await plot.whenRendered();
    await frames();
    expect(plot.count).toBe(n);
    // the points fill the data square: every cell of a 8 × 8 grid between rows' extreme positions has drawn pixels
    const canvas = plot.cloud.element.querySelector('canvas')!;
    const c = document.createElement('canvas');
    [c.width, c.height] = [canvas.width, canvas.height];
    const ctx = c.getContext('2d')!;
    ctx.drawImage(canvas, 0, 0);
    const k = canvas.width / canvas.clientWidth;
    const { x: dx, y: dy } = plot.axes();
    const W = plot.cloud.element.clientWidth;
    const H = plot.cloud.element.clientHeight;
    // the visible domain spans the plot; data span [-10, 10] on both axes
    const sx = (v: number) => ((v - dx.domain[0]) / (dx.domain[1] - dx.domain[0])) * W;
    const sy = (v: number) => H - ((v - dy.domain[0]) / (dy.domain[1] - dy.domain[0])) * H;
    let empty = 0;
    for (let a = 0; a < 8; a++)
      for (let b = 0; b < 8; b++) {
        const x0 = sx(-10 + (20 * a) / 8), x1 = sx(-10 + (20 * (a + 1)) / 8); // prettier-ignore
        const y0 = sy(-10 + (20 * (b + 1)) / 8), y1 = sy(-10 + (20 * b) / 8); // prettier-ignore
        const d = ctx.getImageData(Math.ceil(x0 * k), Math.ceil(y0 * k), Math.max(1, Math.floor((x1 - x0) * k)), Math.max(1, Math.floor((y1 - y0) * k))).data;
        let any = false;
        for (let q = 3; q < d.length && !any; q += 4) any = d[q] > 0;
        if (!any) empty++;
      }
    expect(empty).toBe(0);
    expect(box.querySelector('.tl-xy-count')!.textContent).toBe('1,000,000 points · 0 selected');
  });

  it('rejects bad input with a TensorLensError naming the option, and frees everything over 20 create/destroy cycles', async () => {
    const bad = (o: object) => {
      try {
        createXYPlot(box, { data: data(), x: 'x', y: 'y', ...o });
      } catch (e) {
        expect(e).toBeInstanceOf(TensorLensError);
        return [(e as TensorLensError).code, (e as TensorLensError).argument];
      }
      return null;
    };
    expect(bad({ x: 'nope' })).toEqual(['option', 'options.x']);
    expect(bad({ y: undefined })).toEqual(['option', 'options.y']);
    expect(bad({ color: 'zz' })).toEqual(['option', 'options.color']);
    expect(bad({ colorBy: 'group' })).toEqual(['option', 'options.colorBy']); // renamed: the error names 'color'
    expect(bad({ xScale: 'sqrt' })).toEqual(['option', 'options.xScale']);
    expect(bad({ data: { x: [1, 2], y: [1] } })).toEqual(['length', 'options.data.y']);
    expect(bad({ data: 'x,y\n' })).toEqual(['empty', 'options.data']);
    expect(box.children.length).toBe(0);
    const selection = createSelection();
    for (let i = 0; i < 20; i++) {
      const p = createXYPlot(box, { data: data(50), x: 'x', y: 'y', selection, transition: 0 });
      p.on('select', () => {});
      await p.whenRendered();
      p.destroy();
      p.destroy();
      expect(p.listenerCount).toBe(0);
    }
    expect(box.children.length).toBe(0);
    selection.set([1]);
  });
});
