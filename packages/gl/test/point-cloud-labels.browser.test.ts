import { afterEach, beforeEach, describe as suite, expect, it } from 'vitest';
import { createPointCloud, type PointCloudHandle } from '@tensorlens/gl';
import { makeBox } from '../../../test/support';

let box: HTMLDivElement;
let pc: PointCloudHandle | null = null;
beforeEach(() => (box = makeBox(400, 300)));
afterEach(() => {
  pc?.destroy();
  pc = null;
  box.remove();
});

// 900 points on a 30 × 30 grid, named p<row>.
const n = 900;
const x = Float32Array.from({ length: n }, (_, i) => i % 30);
const y = Float32Array.from({ length: n }, (_, i) => Math.floor(i / 30));
const names = Array.from({ length: n }, (_, i) => `p${i}`);

const labelsOf = (h: PointCloudHandle) => Array.from(h.element.querySelectorAll<HTMLElement>('.tl-pc-label'));
const inView = (h: PointCloudHandle) =>
  names.filter((_, i) => {
    const p = h.screenPosition(i)!;
    return p[0] >= 0 && p[1] >= 0 && p[0] <= 400 && p[1] <= 300;
  });

function expectNoOverlap(spans: HTMLElement[]) {
  const boxes = spans.map((s) => s.getBoundingClientRect());
  for (let a = 0; a < boxes.length; a++)
    for (let b = a + 1; b < boxes.length; b++) {
      const p = boxes[a], q = boxes[b];
      const overlap = p.left < q.right && q.left < p.right && p.top < q.bottom && q.top < p.bottom;
      expect(overlap, `${spans[a].textContent} overlaps ${spans[b].textContent}`).toBe(false);
    }
}

suite('labels', () => {
  it("'auto' (default): zoomed out only the selection's labels; zoomed in, every point in view has a label and none overlap", async () => {
    pc = createPointCloud(box, { x, y, label: names, transition: 0 });
    pc.selection.set([0, 465]);
    await pc.whenRendered();
    expect(labelsOf(pc).map((s) => s.textContent).sort()).toEqual(['p0', 'p465']);
    // Zoomed in to about 5 × 4 points.
    pc.setCamera({ view: '2d', center: [15, 15], zoom: 6, aspect: 1 });
    pc.renderFrame();
    const visible = inView(pc);
    expect(visible.length).toBeGreaterThan(10);
    expect(visible.length).toBeLessThanOrEqual(50);
    const spans = labelsOf(pc);
    expect(spans.map((s) => s.textContent).sort()).toEqual(visible.sort());
    expectNoOverlap(spans);
    // A label is next to its point.
    const s = spans.find((e) => e.textContent === 'p465')!.getBoundingClientRect();
    const p = pc.screenPosition(465)!, r = box.getBoundingClientRect();
    expect(Math.hypot(s.left - r.left - p[0], (s.top + s.bottom) / 2 - r.top - p[1])).toBeLessThan(30);
  });

  it('labels crowded points without overlap (moving or leaving some out), at most maxLabels; labels: selection shows only the selection', async () => {
    // Zoomed in so that about 30 points are in view, 10 px apart: labels cannot all fit beside their points.
    pc = createPointCloud(box, { x: x.map((v) => v / 4), y: y.map((v) => v / 4), label: names.map((s) => `${s} long name`), transition: 0, labels: 'all', maxLabels: 40 });
    pc.setCamera({ view: '2d', center: [3.75, 3.75], zoom: 3, aspect: 1 });
    await pc.whenRendered();
    const spans = labelsOf(pc);
    expect(spans.length).toBeGreaterThan(3);
    expect(spans.length).toBeLessThanOrEqual(41);
    expectNoOverlap(spans);
    pc.update({ labels: 'selection' });
    pc.selection.set([465]);
    await pc.whenRendered();
    expect(labelsOf(pc).map((s) => s.textContent)).toEqual(['p465 long name']);
  });

  it('labels are text (never markup)', async () => {
    pc = createPointCloud(box, { x: [0, 1, 2], y: [0, 1, 2], label: ['a', '<b>bold</b>', 'c'], transition: 0 });
    pc.setCamera({ view: '2d', center: [1, 1], zoom: 1.5, aspect: 1 });
    await pc.whenRendered();
    const s = labelsOf(pc).find((e) => e.textContent === '<b>bold</b>')!;
    expect(s.querySelector('b')).toBeNull();
  });
});
