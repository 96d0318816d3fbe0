import { afterEach, beforeEach, describe as suite, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { TensorLensError } from '@tensorlens/core';
import { createSaliencyOverlay, percentile, selectKth } from '@tensorlens/charts';
import type { SaliencyOverlayHandle, SaliencyOverlayOptions } from '@tensorlens/charts';
import { expectError } from '../../../test/support';

/** numpy's default percentile (linear interpolation between order statistics), by a full sort. */
function sortPercentile(values: ArrayLike<number>, p: number): number {
  const s = Array.from(values).sort((a, b) => a - b);
  const r = (p / 100) * (s.length - 1);
  const k = Math.floor(r);
  return k + 1 < s.length ? s[k] + (s[k + 1] - s[k]) * (r - k) : s[k];
}

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

suite('percentile', () => {
  it('equals the sorted reference for random, tied, sorted and reversed data at many percentiles', () => {
    const r = lcg(7);
    const sets = [
      Float32Array.from({ length: 1001 }, () => r() * 2 - 1),
      Float32Array.from({ length: 500 }, () => Math.round(r() * 5)), // many ties
      Float32Array.from({ length: 300 }, (_, i) => i), // sorted
      Float32Array.from({ length: 300 }, (_, i) => -i), // reversed
      Float32Array.of(3),
      Float32Array.of(2, -7),
    ];
    for (const d of sets)
      for (const p of [0, 1, 10, 25, 50, 73.5, 90, 99, 99.9, 100]) {
        expect(percentile(d, p)).toBeCloseTo(sortPercentile(d, p), 5);
        expect(percentile(d, p, true)).toBeCloseTo(sortPercentile(d.map(Math.abs), p), 5);
      }
  });

  it('handles a large map (100 000 values) and leaves the input untouched', () => {
    const r = lcg(3);
    const d = Float32Array.from({ length: 100_000 }, () => (r() - 0.5) ** 3);
    const copy = d.slice();
    expect(percentile(d, 99, true)).toBeCloseTo(sortPercentile(d.map(Math.abs), 99), 7);
    expect(d).toEqual(copy);
  });

  it('selectKth puts the k-th order statistic at k with smaller values before it', () => {
    const r = lcg(11);
    const a = Float64Array.from({ length: 257 }, () => Math.floor(r() * 50));
    const sorted = Array.from(a).sort((x, y) => x - y);
    for (const k of [0, 1, 128, 200, 256]) {
      const b = a.slice();
      expect(selectKth(b, k)).toBe(sorted[k]);
      for (let i = 0; i < k; i++) expect(b[i]).toBeLessThanOrEqual(b[k]);
      for (let i = k + 1; i < b.length; i++) expect(b[i]).toBeGreaterThanOrEqual(b[k]);
    }
  });

  it('rejects empty input and percentiles outside [0, 100]', () => {
    expect(() => percentile([], 50)).toThrow(expect.objectContaining({ code: 'empty' }));
    expect(() => percentile([1], 101)).toThrow(expect.objectContaining({ code: 'range', argument: 'p' }));
  });
});

let box: HTMLDivElement;
let handles: SaliencyOverlayHandle[] = [];
const make = (o: SaliencyOverlayOptions) => {
  const h = createSaliencyOverlay(box, o);
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

/** 4×4 map: +1 in the left half, −1 in the right half. */
const halves = { data: Array.from({ length: 16 }, (_, i) => (i % 4 < 2 ? 1 : -1)), shape: [4, 4] };
const image = { data: new Float32Array(16).fill(0.5), shape: [4, 4, 1] };

suite('createSaliencyOverlay (jsdom)', () => {
  it('draws one labelled map panel over the image, a signed legend and an aria summary', async () => {
    const s = make({ image, attributions: halves, label: 'gradients' });
    await s.whenRendered();
    const canvases = box.querySelectorAll('.tl-sal-grid canvas');
    expect(canvases).toHaveLength(1);
    expect(canvases[0].getAttribute('width')).toBe('4');
    expect(box.querySelector('.tl-sal-label')!.textContent).toContain('gradients');
    expect(canvases[0].getAttribute('aria-label')).toMatch(/gradients: signed attribution from -1 to 1/);
    expect(box.querySelector('.tl-sal-legend')!.textContent).toMatch(/−clip.*0.*\+clip/);
    expect(box.querySelector('.tl-sal')!.getAttribute('aria-label')).toMatch(/1 map of 4×4 pixels, blend/);
    expect(s.stats()).toEqual([{ label: 'gradients', width: 4, height: 4, min: -1, max: 1, clip: 1, signed: true, overflowed: 0 }]);
  });

  it('side-by-side draws two panels per map; a grid of methods draws one cell each with its label', async () => {
    const s = make({ image, attributions: [{ label: 'a', map: halves }, { label: 'b', map: { data: new Array(16).fill(2), shape: [1, 4, 4] } }], mode: 'side-by-side', columns: 2 });
    await s.whenRendered();
    expect(box.querySelectorAll('.tl-sal-cell')).toHaveLength(2);
    expect(box.querySelectorAll('.tl-sal-grid canvas')).toHaveLength(4);
    expect(Array.from(box.querySelectorAll('.tl-sal-label'), (e) => e.firstChild!.textContent)).toEqual(['a', 'b']);
    // 'b' has no negative value: a magnitude map with its own legend bar
    expect(s.stats()!.map((m) => m.signed)).toEqual([true, false]);
    expect(Array.from(box.querySelectorAll('.tl-legend'), (e) => e.getAttribute('data-type'))).toEqual(['diverging', 'continuous']);
    s.update({ mode: 'map' });
    await s.whenRendered();
    expect(box.querySelectorAll('.tl-sal-grid canvas')).toHaveLength(2);
  });

  it('clips at the exact percentile of |a|, per map or shared', async () => {
    const r = lcg(5);
    const a = Float32Array.from({ length: 100 }, () => r() * 4 - 2);
    const b = Float32Array.from({ length: 100 }, () => r() * 10);
    const s = make({ attributions: [{ label: 'a', map: { data: a, shape: [10, 10] } }, { label: 'b', map: { data: b, shape: [10, 10] } }], clip: 90 });
    await s.whenRendered();
    expect(s.stats()![0].clip).toBeCloseTo(sortPercentile(a.map(Math.abs), 90), 5);
    expect(s.stats()![1].clip).toBeCloseTo(sortPercentile(b, 90), 5);
    s.update({ shared: true });
    await s.whenRendered();
    const both = [...a.map(Math.abs), ...b];
    expect(s.stats()![0].clip).toBeCloseTo(sortPercentile(both, 90), 5);
    expect(s.stats()![1].clip).toBe(s.stats()![0].clip);
  });

  it('signed: false shows magnitudes; channels of an [H, W, C] map are reduced as asked', async () => {
    const m = { data: [1, -3, 2, 2, -1, 0, 0.5, 0.5], shape: [2, 2, 2] };
    const s = make({ attributions: m, signed: false });
    await s.whenRendered();
    expect(s.stats()![0].signed).toBe(false);
    expect([0, 1].flatMap((y) => [0, 1].map((x) => s.valueAt(0, x, y)))).toEqual([-2, 4, -1, 1]);
    s.update({ channels: 'abs-sum' });
    await s.whenRendered();
    expect([0, 1].flatMap((y) => [0, 1].map((x) => s.valueAt(0, x, y)))).toEqual([4, 4, 1, 1]);
    s.update({ channels: 'max-abs' });
    await s.whenRendered();
    expect(s.valueAt(0, 0, 0)).toBe(3);
  });

  it('reads tensors with data() and never disposes them', async () => {
    const before = tf.memory().numTensors;
    const img = tf.fill([4, 4, 1], 0.2);
    const map = tf.tensor4d(halves.data, [1, 4, 4, 1]);
    const s = make({ image: img, attributions: map });
    await s.whenRendered();
    expect(s.stats()![0].min).toBe(-1);
    s.destroy();
    expect(img.isDisposed || map.isDisposed).toBe(false);
    img.dispose();
    map.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('throws shape when image and map sizes differ, nan for NaN, empty for no values, naming the argument', () => {
    const code = (o: SaliencyOverlayOptions) => {
      try {
        createSaliencyOverlay(box, o).destroy();
      } catch (e) {
        expect(e).toBeInstanceOf(TensorLensError);
        return [(e as TensorLensError).code, (e as TensorLensError).argument];
      }
      return null;
    };
    expect(code({ image: { data: new Float32Array(25), shape: [5, 5] }, attributions: halves })).toEqual(['shape', 'options.attributions']);
    expect(code({ attributions: { data: [1, NaN, 0, 0], shape: [2, 2] } })).toEqual(['nan', 'options.attributions[0, 1]']);
    expect(code({ attributions: { data: [], shape: [0, 0] } })).toEqual(['empty', 'options.attributions']);
    expect(code({ attributions: [] })).toEqual(['empty', 'options.attributions']);
    expect(code({ attributions: [{ label: 'x', map: { data: [1, 2], shape: [3] } }] })?.[0]).toBe('shape');
    expect(code({ attributions: { data: new Float32Array(8), shape: [2, 2, 2, 1] } })).toEqual(['shape', 'options.attributions']);
    expect(code({ image: { data: new Float32Array(16 * 2), shape: [4, 4, 2] }, attributions: halves })).toEqual(['shape', 'options.image']);
    expect(code({ attributions: halves, clip: 120 })).toEqual(['option', 'options.clip']);
    expect(code({ attributions: halves, mode: 'overlay' as never })).toEqual(['option', 'options.mode']);
    expect(code({ attributions: halves, opacity: 2 })).toEqual(['option', 'options.opacity']);
    expect(box.children).toHaveLength(0); // a factory that throws leaves nothing behind
  });

  it('rejects whenRendered and shows the error when a tensor map holds NaN', async () => {
    const t = tf.tensor2d([[1, NaN], [0, 0]]);
    const s = make({ attributions: t });
    await expect(s.whenRendered()).rejects.toMatchObject({ code: 'nan' });
    expect(box.querySelector('[role=alert]')!.textContent).toMatch(/finite/);
    t.dispose();
  });

  it('a bad update throws and keeps the previous data', async () => {
    const s = make({ image, attributions: halves });
    await s.whenRendered();
    expect(() => s.update({ attributions: { data: [1, 2, 3, 4], shape: [2, 2] } })).toThrow(expect.objectContaining({ code: 'shape' }));
    s.update({ opacity: 0.3 });
    await s.whenRendered();
    expect(s.stats()![0].width).toBe(4);
  });

  it('arrow keys on a panel read pixel values aloud and emit hover', async () => {
    const s = make({ image, attributions: halves, label: 'g' });
    await s.whenRendered();
    const seen: number[] = [];
    s.on('hover', (e) => e && seen.push(e.value));
    const c = box.querySelector<HTMLCanvasElement>('canvas[data-kind=map]')!;
    c.focus();
    // the first key lands on the centre pixel (2, 2), then moves
    for (const key of ['ArrowLeft', 'ArrowLeft', 'ArrowRight', 'ArrowRight', 'ArrowRight']) c.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
    expect(seen).toEqual([-1, 1, -1, -1, -1]);
    expect(box.querySelector('[aria-live]')!.textContent).toBe('g, x 3, y 2: -1');
  });

  it('destroy removes the view and its listeners and is idempotent; toPNG rejects without canvas', async () => {
    const s = make({ attributions: halves });
    await s.whenRendered();
    await expect(s.toPNG()).rejects.toBeInstanceOf(TensorLensError);
    s.on('render', () => {});
    s.destroy();
    s.destroy();
    expect(box.children).toHaveLength(0);
    expect(s.listenerCount).toBe(0);
    expect(() => s.update({ clip: 90 })).toThrow(expect.objectContaining({ code: 'destroyed' }));
  });
});

/** Text a user can read anywhere in the overlay: visible text and every aria-label. */
const readable = (root: Element) => [root.textContent ?? '', ...Array.from(root.querySelectorAll('[aria-label]'), (e) => e.getAttribute('aria-label') ?? ''), root.getAttribute('aria-label') ?? ''].join(' | ');

suite('createSaliencyOverlay: the shared vocabulary and contract', () => {
  it('signed maps get a diverging core legend centred on 0, magnitudes a continuous one; legend: false hides it', async () => {
    const s = make({ attributions: halves });
    await s.whenRendered();
    const legend = box.querySelector('.tl-legend')!;
    expect(legend.getAttribute('data-type')).toBe('diverging');
    expect(Array.from(legend.querySelectorAll('text'), (t) => t.textContent)).toEqual(['−clip', '0', '+clip']);
    // one clip over all maps: the ends are labelled with its value
    s.update({ shared: true, clip: 100 });
    await s.whenRendered();
    expect(Array.from(box.querySelectorAll('.tl-legend text'), (t) => t.textContent)).toEqual(['−1', '0', '+1']);
    s.update({ signed: false });
    await s.whenRendered();
    expect(Array.from(box.querySelectorAll('.tl-legend'), (e) => e.getAttribute('data-type'))).toEqual(['continuous']);
    expect(Array.from(box.querySelectorAll('.tl-legend text'), (t) => t.textContent)).toEqual(['0', '1']);
    s.update({ legend: false });
    await s.whenRendered();
    expect(box.querySelectorAll('.tl-legend')).toHaveLength(0);
  });

  it('overflowing channel sums never print NaN or Infinity: the legend, captions and summary say so in words', async () => {
    // two channels of 1e308 sum to more than the largest number; a third pixel is an ordinary value
    const map = { data: new Float64Array([1e308, 1e308, -1e308, -1e308, 0.5, 0.25, 1, 0]), shape: [2, 2, 2] };
    const s = make({ attributions: map });
    await s.whenRendered();
    const text = readable(box);
    expect(text).not.toMatch(/NaN|Infinity/);
    expect(box.querySelector('.tl-sal-note')!.textContent).toBe('2 pixels overflowed: the sum of their channels is beyond the largest number (±1.8e+308) and is shown as ±1.8e+308.');
    expect(box.querySelector('canvas[data-kind=map]')!.getAttribute('aria-label')).toContain('2 pixels overflowed');
    expect(box.querySelector('.tl-sal-label')!.textContent).toContain('(overflowed)');
    expect(s.valueAt(0, 0, 0)).toBe(Number.MAX_VALUE);
    expect(s.valueAt(0, 1, 0)).toBe(-Number.MAX_VALUE);
    const [stat] = s.stats()!;
    expect(stat.overflowed).toBe(2);
    expect(Number.isFinite(stat.clip)).toBe(true);
    // a shared scale over huge values labels its ends with the clip value, not Infinity
    s.update({ shared: true, clip: 100 });
    await s.whenRendered();
    expect(Array.from(box.querySelectorAll('.tl-legend text'), (t) => t.textContent)).toEqual(['−1.8e+308', '0', '+1.8e+308']);
    expect(readable(box)).not.toMatch(/NaN|Infinity/);
  });

  it('single values near the largest number (no overflow) keep their value and print as numbers', async () => {
    const s = make({ attributions: { data: new Float64Array([1e308, -1e308, 0, 1]), shape: [2, 2] }, shared: true, clip: 100 });
    await s.whenRendered();
    expect(s.valueAt(0, 0, 0)).toBe(1e308);
    expect(s.stats()![0]).toMatchObject({ overflowed: 0, clip: 1e308 });
    expect(readable(box)).not.toMatch(/NaN|Infinity/);
    expect(box.querySelector<HTMLElement>('.tl-sal-note')!.hidden).toBe(true);
  });

  it('a bad update throws a TensorLensError naming the option and leaves the overlay exactly as it was', async () => {
    const s = make({ image, attributions: halves, label: 'g', clip: 90 });
    await s.whenRendered();
    const before = s.element.outerHTML;
    const stats = s.stats();
    const renders: unknown[] = [];
    s.on('render', (e) => renders.push(e));
    expectError(() => s.update({ attributions: { data: [1, 2, 3, 4], shape: [2, 2] } }), 'shape', 'options.attributions');
    expectError(() => s.update({ attributions: { data: [1, NaN, 0, 0], shape: [2, 2] }, opacity: 0.1 }), 'nan', 'options.attributions[0, 1]');
    expectError(() => s.update({ clip: 120, title: 'ignored' }), 'option', 'options.clip');
    expectError(() => s.update({ imageRange: [1, 0] }), 'option', 'options.imageRange');
    expectError(() => s.update({ scheme: 'rdbu' as never }), 'option', 'options.scheme');
    expectError(() => s.update({ sise: 3 } as never), 'option', 'options.sise');
    await s.whenRendered();
    await new Promise((r) => setTimeout(r, 30));
    expect(renders).toEqual([]);
    expect(s.element.outerHTML).toBe(before);
    expect(s.stats()).toEqual(stats);
    expect(s.valueAt(0, 0, 0)).toBe(1);
    // an update that changes nothing schedules nothing; a good one renders once
    s.update({ clip: 90 });
    s.update({ title: 'after' });
    await s.whenRendered();
    expect(renders).toHaveLength(1);
    expect(box.querySelector('.tl-sal-title')!.textContent).toBe('after');
  });

  it('renamed options: colorScheme → divergingScheme, magnitudeScheme → scheme; errors name the new names', () => {
    expect(expectError(() => createSaliencyOverlay(box, { attributions: halves, colorScheme: 'puor' } as never), 'option', 'options.colorScheme').message).toContain("'divergingScheme'");
    expect(expectError(() => createSaliencyOverlay(box, { attributions: halves, magnitudeScheme: 'viridis' } as never), 'option', 'options.magnitudeScheme').message).toContain("'scheme'");
    // a diverging name given as scheme points to divergingScheme
    expect(expectError(() => createSaliencyOverlay(box, { attributions: halves, scheme: 'puor' as never }), 'option', 'options.scheme').message).toContain('divergingScheme');
    expect(box.children).toHaveLength(0);
  });

  it('emits render when drawn and error (with whenRendered rejecting) when a tensor turns out bad', async () => {
    const renders: unknown[] = [];
    const s = make({ attributions: halves });
    s.on('render', (e) => renders.push(e));
    await s.whenRendered();
    expect(renders).toEqual([{ maps: 1 }]);
    const t = tf.tensor2d([[1, Infinity], [0, 0]]);
    const errors: string[] = [];
    s.on('error', (e) => errors.push(e.message));
    s.update({ attributions: t });
    await expect(s.whenRendered()).rejects.toMatchObject({ code: 'nan' });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/finite/);
    t.dispose();
  });

  it('the theme option sets data-theme on the root', async () => {
    const s = make({ attributions: halves, theme: 'dark' });
    await s.whenRendered();
    expect(s.element.getAttribute('data-theme')).toBe('dark');
    expect(box.querySelector('.tl-legend')!.getAttribute('data-theme')).toBe('dark');
    s.update({ theme: 'auto' });
    await s.whenRendered();
    expect(s.element.hasAttribute('data-theme')).toBe(false);
  });
});
