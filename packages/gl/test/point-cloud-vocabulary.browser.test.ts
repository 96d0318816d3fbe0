// The point cloud on the shared vocabulary: channels and data, the legend, events, transactional updates, the
// contrast of the default ('auto') opacity, and coordinates beyond float32.
import { afterEach, beforeEach, describe as suite, expect, it } from 'vitest';
import { createPointCloud, type PointCloudHandle } from '@tensorlens/gl';
import { categoricalColors, createSelection, interpolateScheme, parseColor } from '@tensorlens/core';
import { makeBox, near, pixel, ringClusters } from '../../../test/support';

let box: HTMLDivElement;
let pc: PointCloudHandle | null = null;
beforeEach(() => (box = makeBox(640, 420)));
afterEach(() => {
  pc?.destroy();
  pc = null;
  box.remove();
});

const distance = (a: number[], b: number[]) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
const err = (code: string, argument: string) => expect.objectContaining({ name: 'TensorLensError', code, argument });

suite('contrast of the default opacity', () => {
  it('the densest cluster core reaches the category colour on the background; lone points stay lighter (overlap reads)', async () => {
    // 20k points in 8 clusters, as the "2D clusters" story: cluster c is centred on (10 cos θc, 10 sin θc).
    const k = 8;
    const { x, y, category } = ringClusters(20_000, k, 3, 1);
    pc = createPointCloud(box, { x, y, color: category, transition: 0 });
    await pc.whenRendered();
    const palette = categoricalColors(k).map((c) => parseColor(c).slice(0, 3));
    // Screen position of a data point, from two rows (the 2D view is affine).
    const p0 = pc.screenPosition(0)!, p1 = pc.screenPosition(1)!;
    const kx = (p1[0] - p0[0]) / (x[1] - x[0]), ky = (p1[1] - p0[1]) / (y[1] - y[0]);
    const at = (dx: number, dy: number): [number, number] => [p0[0] + (dx - x[0]) * kx, p0[1] + (dy - y[0]) * ky];
    for (let c = 0; c < k; c++) {
      const core = pixel(pc, ...at(10 * Math.cos((2 * Math.PI * c) / k), 10 * Math.sin((2 * Math.PI * c) / k)));
      // Background is white (transparent canvas over --tl-bg): the core must be within 24 of the full colour.
      expect(core[3], `core alpha of cluster ${c}`).toBeGreaterThan(240);
      expect(distance(core, palette[c]), `core of cluster ${c}: ${core} vs ${palette[c]}`).toBeLessThan(24);
    }
    // The loneliest point of cluster 0 (farthest from its centre) is drawn, but translucent: overlap still reads.
    let far = -1, best = 0;
    for (let i = 0; i < x.length; i += k) {
      const d = Math.hypot(x[i] - 10, y[i]);
      if (d > best) [best, far] = [d, i];
    }
    const lone = pixel(pc, ...pc.screenPosition(far)!);
    expect(lone[3]).toBeGreaterThan(40);
    expect(lone[3]).toBeLessThan(230);
  });

  it('an explicit opacity is kept as given', async () => {
    pc = createPointCloud(box, { x: [0, 1], y: [0, 1], color: '#ff0000', opacity: 0.5, size: 12, transition: 0 });
    await pc.whenRendered();
    expect(pc.pointOpacity).toBe(0.5);
    const a = pixel(pc, ...pc.screenPosition(0)!)[3];
    expect(Math.abs(a - 128)).toBeLessThan(4);
  });
});

suite('coordinates beyond float32 and BigInt64Array', () => {
  for (const big of [1e39, 1e308]) {
    it(`draws points at ±${big} where they belong (bounds in float64, normalised before the float32 upload)`, async () => {
      pc = createPointCloud(box, { x: new Float64Array([-big, 0, big]), y: new Float64Array([0, big, 0]), color: '#ff0000', size: 12, transition: 0 });
      await pc.whenRendered();
      expect(pc.count).toBe(3);
      expect(pc.skipped).toBe(0);
      const [a, b, c] = [0, 1, 2].map((i) => pc!.screenPosition(i)!);
      expect(b[0]).toBeCloseTo((a[0] + c[0]) / 2, 3);
      expect(c[0] - a[0]).toBeGreaterThan(200);
      for (const p of [a, b, c]) expect(near(pixel(pc, p[0], p[1]), [255, 0, 0])).toBe(true);
      expect(pc.element.getAttribute('aria-label')).toContain('3 points');
    });
  }

  it('reads BigInt64Array coordinates as numbers and draws them', async () => {
    pc = createPointCloud(box, { x: new BigInt64Array([0n, 10n, 20n]), y: new BigInt64Array([0n, 20n, 0n]), color: '#0000ff', size: 12, transition: 0 });
    await pc.whenRendered();
    expect(pc.skipped).toBe(0);
    const [a, b, c] = [0, 1, 2].map((i) => pc!.screenPosition(i)!);
    expect(b[0]).toBeCloseTo((a[0] + c[0]) / 2, 3);
    for (const p of [a, b, c]) expect(near(pixel(pc, p[0], p[1]), [0, 0, 255])).toBe(true);
  });
});

suite('legend', () => {
  it('shows categories with counts by default; a click selects the rows of a category and emits select with tool legend', async () => {
    const selection = createSelection();
    pc = createPointCloud(box, { data: { kind: ['b', 'a', 'b', 'c', 'b'] }, x: [0, 1, 2, 3, 4], y: [0, 1, 0, 1, 0], color: 'kind', selection, transition: 0 });
    await pc.whenRendered();
    const items = [...pc.element.querySelectorAll('.tl-legend-item')];
    expect(items.map((e) => e.querySelector('.tl-legend-name')!.textContent)).toEqual(['a', 'b', 'c']);
    expect(items.map((e) => e.querySelector('.tl-legend-count')!.textContent)).toEqual(['1', '3', '1']);
    const events: Array<{ indices: Uint32Array; tool: string }> = [];
    pc.on('select', (e) => events.push(e));
    (items[1] as HTMLElement).click();
    expect(Array.from(selection.toArray())).toEqual([0, 2, 4]);
    expect(events.map((e) => [Array.from(e.indices), e.tool])).toEqual([[[0, 2, 4], 'legend']]);
    pc.update({ legend: false });
    expect(pc.element.querySelector('.tl-legend')).toBeNull();
  });

  it('shows a continuous ramp for continuous colour, and none for one constant colour', async () => {
    pc = createPointCloud(box, { x: [0, 1, 2], y: [0, 1, 2], color: [0.5, 1.5, 2.5], transition: 0 });
    await pc.whenRendered();
    const legend = pc.element.querySelector('.tl-legend')!;
    expect(legend.getAttribute('data-type')).toBe('continuous');
    expect(legend.querySelector('.tl-legend-ramp')).not.toBeNull();
    pc.update({ color: 'tomato' });
    await pc.whenRendered();
    expect(pc.element.querySelector('.tl-legend')).toBeNull();
    expect(near(pixel(pc, ...pc.screenPosition(1)!), [255, 99, 71])).toBe(true);
  });
});

suite('updates, events, theme', () => {
  it('a bad update throws a TensorLensError naming the option and leaves the cloud exactly as it was', async () => {
    pc = createPointCloud(box, { data: { name: ['p', 'q', 'r'] }, x: [0, 1, 2], y: [0, 1, 0], color: [0, 10, 20], colorType: 'continuous', size: 14, label: 'name', transition: 0 });
    await pc.whenRendered();
    const positions = [0, 1, 2].map((i) => pc!.screenPosition(i));
    const pixels = positions.map((p) => pixel(pc!, p![0], p![1]));
    const label = pc.element.getAttribute('aria-label');
    const legendHtml = pc.element.querySelector('.tl-legend')!.outerHTML;
    expect(() => pc!.update({ x: [1, 2] })).toThrowError(err('length', 'options.y')); // y no longer has one value per x
    expect(() => pc!.update({ color: 'no such column', size: 3 })).toThrowError(err('option', 'options.color'));
    expect(() => pc!.update({ label: 'nope' })).toThrowError(err('option', 'options.label'));
    expect(() => pc!.update({ size: -2 })).toThrowError(err('option', 'options.size'));
    expect(() => pc!.update({ search: '/[/' })).toThrowError(err('option', 'options.search'));
    expect(() => pc!.update({ hideUnselected: true } as never)).toThrowError(err('option', 'options.hideUnselected'));
    pc.renderFrame();
    await pc.whenRendered();
    expect([0, 1, 2].map((i) => pc!.screenPosition(i))).toEqual(positions);
    expect(positions.map((p) => pixel(pc!, p![0], p![1]))).toEqual(pixels);
    expect(pc.element.getAttribute('aria-label')).toBe(label);
    expect(pc.element.querySelector('.tl-legend')!.outerHTML).toBe(legendHtml);
    expect(pc.count).toBe(3);
  });

  it('old option names are errors that name the new ones', () => {
    for (const [old, now] of [['metadata', 'data'], ['labelField', 'label'], ['category', 'color'], ['colorScheme', 'scheme'], ['hideUnselected', 'showOnlySelected'], ['xField', 'x']]) {
      expect(() => createPointCloud(box, { x: [0], y: [0], [old]: 'a' } as never)).toThrowError(expect.objectContaining({ argument: `options.${old}`, expected: expect.stringContaining(`'${now}'`) }));
    }
    expect(box.children.length).toBe(0);
  });

  it('emits render when a state reaches the screen, and error (with whenRendered rejecting) for a bad tensor', async () => {
    pc = createPointCloud(box, { x: [0, 1], y: [0, 1], transition: 0 });
    const renders: number[] = [];
    pc.on('render', (e) => renders.push(e.count));
    await pc.whenRendered();
    pc.update({ x: [0, 2, 3], y: [1, 2, 3] });
    await pc.whenRendered();
    expect(renders.at(-1)).toBe(3);
    const errors: string[] = [];
    pc.on('error', (e) => errors.push(e.message));
    const tensor = { shape: [3, 4], dtype: 'float32', data: async () => new Float32Array(12) };
    pc.update({ positions: tensor, x: null, y: null });
    await expect(pc.whenRendered()).rejects.toMatchObject({ code: 'shape', argument: 'options.positions' });
    expect(errors).toHaveLength(1);
    expect(pc.element.querySelector('[role=alert]')!.textContent).toContain('options.positions');
  });

  it("sets data-theme on its root ('auto' leaves it to the page), and the continuous colours follow scheme", async () => {
    pc = createPointCloud(box, { x: [0, 1], y: [0, 1], color: [0, 1], colorType: 'continuous', theme: 'dark', size: 12, transition: 0 });
    expect(pc.element.dataset.theme).toBe('dark');
    pc.update({ theme: 'auto', scheme: 'magma' });
    expect(pc.element.hasAttribute('data-theme')).toBe(false);
    await pc.whenRendered();
    expect(near(pixel(pc, ...pc.screenPosition(1)!), parseColor(interpolateScheme('magma')(1)).slice(0, 3), 4)).toBe(true);
  });
});
