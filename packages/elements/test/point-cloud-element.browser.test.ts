import { afterEach, describe, expect, it } from 'vitest';
import { TensorLensError, createSelection } from '@tensorlens/core';
import type { PointCloudHandle } from '@tensorlens/gl';
import { LoadError } from '../src/load';
import { TlPointCloud, defineElements } from '../src/index';
import { pixel as canvasPixel, until } from '../../../test/support';

defineElements();

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).href;

const made: HTMLElement[] = [];
function make(attrs: Record<string, string>, eager = true): TlPointCloud {
  const el = document.createElement('tl-point-cloud');
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (eager) el.setAttribute('eager', '');
  el.style.cssText = 'width:400px;height:300px';
  made.push(el);
  return el;
}
afterEach(() => {
  for (const el of made.splice(0)) el.remove();
});

/** RGBA of the cloud's canvas at CSS px (x, y), drawn first. */
function pixel(pc: PointCloudHandle, x: number, y: number): number[] {
  pc.renderFrame();
  return canvasPixel(pc, x, y);
}

/** True once row `i` is drawn: its pixel differs from the background corner. */
const drawnAt = (pc: PointCloudHandle, i: number) => {
  const p = pc.screenPosition(i);
  return !!p && pixel(pc, p[0], p[1]).join() !== pixel(pc, 2, 2).join();
};

describe('<tl-point-cloud> in Chromium', () => {
  it('draws a tensor TSV (columns x, y) and a CSV with x-field / y-field / category-field', async () => {
    const tsv = make({ src: fixture('embedding-tensors.tsv'), size: '8' });
    const csv = make({ src: fixture('embedding-table.csv'), 'x-field': 'e0', 'y-field': 'e1', 'category-field': 'group', 'label-field': 'name' });
    document.body.append(tsv, csv);
    await tsv.whenRendered();
    await csv.whenRendered();
    const a = tsv.pointCloud!;
    const b = csv.pointCloud!;
    expect(a.count).toBe(24);
    expect(b.count).toBe(24);
    // The tensor file has 5 columns: the first three are x, y, z → a 3D view.
    expect((tsv.data as { names: string[] }).names.slice(0, 3)).toEqual(['x', 'y', 'z']);
    await until(() => drawnAt(a, 0) && drawnAt(b, 0) && drawnAt(b, 1));
    // Category colours: points 0 (alpha) and 1 (beta) differ.
    const p0 = b.screenPosition(0)!, p1 = b.screenPosition(1)!;
    expect(pixel(b, p0[0], p0[1]).join()).not.toBe(pixel(b, p1[0], p1[1]).join());
  });

  it('rejects a JSON that is not a point table, draws the data property, and applies attributes live', async () => {
    const el = make({ src: fixture('embedding.json') });
    const ok = (async () => {
      // embedding.json is {embedding, metadata}: not a point table → a clear error naming src.
      document.body.append(el);
      return el.whenRendered().catch((e: unknown) => e);
    })();
    expect(await ok).toBeInstanceOf(TensorLensError);

    const prop = make({});
    prop.data = { x: Float32Array.of(0, 1, 2, 3), y: Float32Array.of(0, 1, 0, 1), label: ['a', 'b', 'c', 'd'] };
    document.body.append(prop);
    await prop.whenRendered();
    const pc = prop.pointCloud!;
    expect(pc.count).toBe(4);
    prop.setAttribute('search', 'c');
    await until(() => pc.matches === 1);
    prop.setAttribute('size', 'big');
    await expect(prop.whenRendered()).rejects.toThrow(/attribute size/);
  });

  it('shares a selection and re-dispatches select events', async () => {
    const selection = createSelection();
    const el = make({});
    el.selection = selection;
    el.data = { x: Float32Array.of(0, 10, 0, 10), y: Float32Array.of(0, 0, 10, 10) };
    document.body.append(el);
    await el.whenRendered();
    const pc = el.pointCloud!;
    await until(() => drawnAt(pc, 3));
    const got: number[][] = [];
    el.addEventListener('tl-select', (e) => got.push(Array.from((e as CustomEvent).detail.indices as Uint32Array)));
    const click = () => {
      const p = pc.screenPosition(3)!;
      const c = pc.element.querySelector('canvas')!;
      const r = c.getBoundingClientRect();
      for (const type of ['pointerdown', 'pointerup']) {
        c.dispatchEvent(new PointerEvent(type, { clientX: r.left + p[0], clientY: r.top + p[1], bubbles: true, pointerId: 1, isPrimary: true, button: 0 }));
      }
    };
    // The hover/pick index is built in a worker: click until it answers.
    await until(() => {
      if (!got.length) click();
      return got.length > 0;
    }, 20_000);
    expect(got[0]).toEqual([3]);
    expect(Array.from(selection.toArray())).toEqual([3]);
  });

  it('reports a ragged TSV and a 404 as text with role="alert"', async () => {
    const ragged = make({ src: fixture('embedding-ragged.tsv') });
    const missing = make({ src: fixture('nope.csv') });
    document.body.append(ragged, missing);
    const e1 = await ragged.whenRendered().catch((e: unknown) => e);
    expect((e1 as TensorLensError).code).toBe('shape');
    expect(ragged.querySelector('[role=alert]')!.textContent).toContain('line 4');
    const e2 = await missing.whenRendered().catch((e: unknown) => e);
    expect((e2 as LoadError).status).toBe(404);
  });

  it('destroys the cloud on disconnect and starts lazily', async () => {
    const el = make({ src: fixture('embedding-tensors.tsv') }, false);
    el.style.marginTop = '3000px';
    document.body.append(el);
    await new Promise((r) => setTimeout(r, 300));
    expect(el.pointCloud).toBeNull();
    el.scrollIntoView();
    await until(() => !!el.pointCloud);
    await el.whenRendered();
    const pc = el.pointCloud!;
    el.remove();
    expect(el.pointCloud).toBeNull();
    expect(el.querySelector('canvas')).toBeNull();
    expect(() => pc.update({ size: 3 })).toThrow(TensorLensError);
    window.scrollTo(0, 0);
  });
});
