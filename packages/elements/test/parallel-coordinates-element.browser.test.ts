import { afterEach, describe, expect, it } from 'vitest';
import { defineElements, TlParallelCoordinates } from '@tensorlens/elements';

defineElements();
afterEach(() => document.body.replaceChildren());

describe('<tl-parallel-coordinates>', () => {
  it('loads CSV from src, draws it, and cleans up on disconnect', async () => {
    const url = URL.createObjectURL(new Blob(['a,b,c\n1,2,x\n3,4,y\n5,6,x\n'], { type: 'text/csv' }));
    const el = document.createElement('tl-parallel-coordinates') as TlParallelCoordinates;
    el.setAttribute('eager', '');
    el.setAttribute('color-by', 'c');
    el.style.cssText = 'width:500px;height:360px';
    const rendered = new Promise((r) => el.addEventListener('tl-render', r, { once: true }));
    el.setAttribute('src', url);
    document.body.appendChild(el);
    await rendered;
    expect(el.chart!.rowCount).toBe(3);
    expect(el.querySelectorAll('.tl-par-axis').length).toBe(3);
    expect(el.chart!.columnsInfo().map((c) => c.type)).toEqual(['numeric', 'numeric', 'categorical']);
    const selected = new Promise<CustomEvent>((r) => el.addEventListener('tl-select', (e) => r(e as CustomEvent), { once: true }));
    el.chart!.update({ brushes: { c: [['x']] } });
    expect((await selected).detail.count).toBe(2);
    el.remove();
    expect(el.chart).toBeNull();
    expect(el.querySelector('.tl-par')).toBeNull();
  });

  it('shows a load error as text with role alert', async () => {
    const el = document.createElement('tl-parallel-coordinates') as TlParallelCoordinates;
    el.setAttribute('eager', '');
    const failed = new Promise<CustomEvent>((r) => el.addEventListener('tl-error', (e) => r(e as CustomEvent), { once: true }));
    el.data = { a: [1, 2], b: [1] };
    document.body.appendChild(el);
    const e = await failed;
    expect(e.detail.message).toMatch(/data\.b/);
    expect(el.querySelector('[role=alert]')!.textContent).toMatch(/data\.b/);
  });
});
