// The 2D density grid built on the CPU (a typed-array histogram uploaded as a float texture) against the GPU
// splat (one-pixel points blended into a framebuffer): the same frames drawn both ways must give the same
// picture. Drawn through the renderer itself, which is where the choice is made.
import { afterEach, describe as suite, expect, it } from 'vitest';
import { categoricalColors, interpolateScheme, parseColor } from '@tensorlens/core';
import { Renderer, type FrameProps } from '../src/point-cloud/renderer';
import { computeBounds, packCategoryValue, writeFlags } from '../src/point-cloud/packing';
import { fitView, viewMatrix2D } from '../src/point-cloud/camera';
import { ringClusters } from '../../../test/support';

const W = 400, H = 300;
const canvases: HTMLCanvasElement[] = [];
const renderers: Renderer[] = [];
afterEach(() => {
  for (const r of renderers.splice(0)) r.finalize(true);
  for (const c of canvases.splice(0)) c.remove();
});

const rgb = (c: string) => parseColor(c).slice(0, 3) as [number, number, number];
const ramp = (f: (t: number) => string, lo = 0, hi = 1) => Array.from({ length: 256 }, (_, i) => rgb(f(lo + ((hi - lo) * i) / 255)));

interface Scene {
  x: Float32Array;
  y: Float32Array;
  cv: Uint16Array | null;
  k: number;
}

function renderer(s: Scene, binning: 'cpu' | 'gpu'): { r: Renderer; gl: WebGLRenderingContext } {
  const canvas = document.createElement('canvas');
  canvas.width = W;
  canvas.height = H;
  document.body.appendChild(canvas);
  canvases.push(canvas);
  const gl = canvas.getContext('webgl', { antialias: false, alpha: true, premultipliedAlpha: true, preserveDrawingBuffer: true, depth: false, stencil: false })!;
  const r = new Renderer(gl);
  renderers.push(r);
  r.densityBinning = binning;
  const b = computeBounds(s.x, s.y);
  r.setData({ dims: 2, count: s.x.length, x: s.x, y: s.y, q: null, min: b.min, max: b.max, origin: [0, 0, 0], scale: 1, cv: s.cv }, 'none');
  r.setColors(categoricalColors(Math.max(1, s.k)).map(rgb), ramp(interpolateScheme('viridis')), ramp(interpolateScheme('magma'), 0.97, 0.12));
  return { r, gl };
}

function frame(s: Scene, over: Partial<FrameProps> = {}, zoom = 1): FrameProps {
  const b = computeBounds(s.x, s.y);
  const v = fitView([b.min[0], b.min[1], b.max[0], b.max[1]], W, H);
  return {
    width: W,
    height: H,
    matrix: viewMatrix2D({ ...v, kx: v.kx * zoom, ky: v.ky * zoom }, W, H),
    size: 4,
    sizeScale: 1,
    perspective: 0,
    colorMode: 1,
    opacity: 0.6,
    densityOpacity: 0.75,
    density: true,
    logMax: Math.log(1 + 40),
    active: [0, 0, 0],
    hideUnselected: false,
    t: 1,
    constColor: [0.04, 0.41, 0.85, 1],
    missingColor: [0.8, 0.8, 0.8, 1],
    ringColor: [0.12, 0.14, 0.16, 1],
    ...over,
  };
}

function read(gl: WebGLRenderingContext): Uint8Array {
  const px = new Uint8Array(W * H * 4);
  gl.readPixels(0, 0, W, H, gl.RGBA, gl.UNSIGNED_BYTE, px);
  return px;
}

/**
 * Draws `f` with CPU and GPU binning; returns the largest channel difference over the canvas (outside `skip`, a
 * list of circles in canvas px, y up), and the pixels either one drew.
 */
function compare(s: Scene, f: FrameProps, skip: Array<[number, number, number]> = []): { maxDiff: number; drawnCpu: number; drawnGpu: number; onCpu: boolean[] } {
  const a = renderer(s, 'cpu'), b = renderer(s, 'gpu');
  a.r.draw(f);
  b.r.draw(f);
  const pa = read(a.gl), pb = read(b.gl);
  let drawnCpu = 0, drawnGpu = 0, maxDiff = 0;
  for (let i = 0; i < pa.length; i += 4) {
    const px = (i / 4) % W, py = Math.floor(i / 4 / W);
    if (skip.some(([x, y, r]) => Math.hypot(px - x, py - y) < r)) continue;
    drawnCpu += +(pa[i + 3] > 0);
    drawnGpu += +(pb[i + 3] > 0);
    for (let c = 0; c < 4; c++) maxDiff = Math.max(maxDiff, Math.abs(pa[i + c] - pb[i + c]));
  }
  return { maxDiff, drawnCpu, drawnGpu, onCpu: [a.r.densityGrid!.onCpu, b.r.densityGrid!.onCpu] };
}

/**
 * Clustered points placed at the centres of the cells of the grid the renderer builds for the fitted view, so
 * no point lies on a cell edge (where the GPU's sub-pixel snapping may pick the neighbouring cell), plus two
 * anchors at the corners of the bounds (which fix the grid). Categories 0…k−1, values from the position.
 */
function cellCentred(n: number, k: number, withValue: boolean): { s: Scene; anchors: Array<[number, number, number]> } {
  const ax = new Float32Array([0, 100]), ay = new Float32Array([0, 75]);
  const probe: Scene = { x: ax, y: ay, cv: null, k };
  const f = frame(probe, { colorMode: 0 });
  const { r } = renderer(probe, 'gpu');
  r.draw(f);
  const g = r.densityGrid!;
  const { x: cx, y: cy, category } = ringClusters(n, k, 9, 1);
  const x = new Float32Array(n + 2), y = new Float32Array(n + 2), cat = new Uint8Array(n + 2);
  for (let i = 0; i < n; i++) {
    // The clusters (centres 10 from the origin) moved into the middle of the box, then onto a cell centre.
    const u = 50 + cx[i] * 2.5, v = 37.5 + cy[i] * 2;
    const gi = Math.min(g.gw - 1, Math.max(0, Math.floor(((u - g.x0) / g.w) * g.gw)));
    const gj = Math.min(g.gh - 1, Math.max(0, Math.floor(((v - g.y0) / g.h) * g.gh)));
    x[i] = g.x0 + ((gi + 0.5) * g.w) / g.gw;
    y[i] = g.y0 + ((gj + 0.5) * g.h) / g.gh;
    cat[i] = category[i];
  }
  x.set(ax, n);
  y.set(ay, n);
  const value = withValue ? Float32Array.from(x, (v, i) => v + y[i]) : null;
  const cv = packCategoryValue(new Uint16Array(2 * (n + 2)), n + 2, null, cat, value, [0, 175], null);
  const b = computeBounds(x, y);
  expect(b.min).toEqual([0, 0, 0]);
  expect(b.max).toEqual([100, 75, 0]);
  // Canvas px (y up, as readPixels) of the anchors, to leave their few pixels out of the comparison.
  const m = f.matrix;
  const anchors = [0, 1].map((i) => [((m[0] * ax[i] + m[12] + 1) / 2) * W, ((m[5] * ay[i] + m[13] + 1) / 2) * H, 8] as [number, number, number]);
  return { s: { x, y, cv, k }, anchors };
}

suite('density grid built on the CPU', () => {
  it("gives the GPU splat's picture: density ramp, category mean colours, value ramp", () => {
    const { s, anchors } = cellCentred(120_000, 4, true);
    for (const mode of [0, 1, 2]) {
      const c = compare(s, frame(s, { colorMode: mode }), anchors);
      expect(c.onCpu).toEqual([true, false]);
      expect(c.drawnCpu, `mode ${mode}`).toBeGreaterThan(5000);
      expect(c.drawnCpu, `mode ${mode}`).toBe(c.drawnGpu);
      // Coverage and counts are the same. The mean colours differ only by the GPU's half-float sums: every add
      // is rounded to 11 significant bits, so a cell of a few hundred points drifts by up to ~2%.
      expect(c.maxDiff, `mode ${mode}`).toBeLessThanOrEqual(mode ? 8 : 3);
    }
  });

  it('leaves out the emphasised points (drawn on top) and, with hideUnselected, the unselected ones, as the splat does', () => {
    const { s, anchors } = cellCentred(80_000, 4, false);
    const flags = new Uint8Array(s.x.length);
    // Select the first cluster (category 0: every 4th row), highlight every 40th of the others, match a few.
    for (let i = 0; i < flags.length; i += 4) flags[i] = 1;
    for (let i = 1; i < flags.length; i += 40) flags[i] = 2;
    for (let i = 2; i < flags.length; i += 30) flags[i] = 4;
    writeFlags(s.cv!, flags);
    for (const [active, hideUnselected] of [[[1, 1, 0], false], [[1, 1, 1], true], [[0, 0, 1], false]] as const) {
      const c = compare(s, frame(s, { active: [...active], hideUnselected }), anchors);
      const label = `active ${active} hide ${hideUnselected}`;
      expect(c.drawnCpu, label).toBeGreaterThan(1000);
      expect(c.drawnCpu, label).toBe(c.drawnGpu);
      expect(c.maxDiff, label).toBeLessThanOrEqual(3);
    }
  });

  it('on unsnapped clusters, differs from the splat only where points on cell edges moved one cell: 8 × 8 px blocks agree', () => {
    const { x, y, category } = ringClusters(200_000, 5, 5, 1.5);
    const s: Scene = { x, y, cv: packCategoryValue(new Uint16Array(4e5), 2e5, null, category, null, [0, 1], null), k: 5 };
    const a = renderer(s, 'cpu'), b = renderer(s, 'gpu');
    const f = frame(s);
    a.r.draw(f);
    b.r.draw(f);
    const pa = read(a.gl), pb = read(b.gl);
    let worst = 0, blocks = 0;
    for (let by = 0; by < H; by += 8)
      for (let bx = 0; bx < W; bx += 8) {
        const d = [0, 0, 0, 0];
        let any = false;
        for (let yy = by; yy < by + 8; yy++)
          for (let xx = bx; xx < bx + 8; xx++) {
            const i = 4 * (yy * W + xx);
            any ||= pa[i + 3] > 0 || pb[i + 3] > 0;
            for (let c = 0; c < 4; c++) d[c] += pa[i + c] - pb[i + c];
          }
        if (!any) continue;
        blocks++;
        worst = Math.max(worst, ...d.map((v) => Math.abs(v) / 64));
      }
    expect(blocks).toBeGreaterThan(300);
    expect(worst).toBeLessThan(16);
  });

  it('counts past the half-float limit: a cell of 6000 points is darker than one of 3000 (the splat saturates at 2048)', () => {
    const n = 9002;
    const x = new Float32Array(n), y = new Float32Array(n);
    for (let i = 0; i < 9000; i++) [x[i], y[i]] = [i < 3000 ? 30 : 70, 50];
    [x[9000], y[9000], x[9001], y[9001]] = [0, 0, 100, 100];
    const s: Scene = { x, y, cv: null, k: 1 };
    const f = frame(s, { colorMode: 0, logMax: Math.log(1 + 6000 * 8) });
    const m = f.matrix;
    const at = (px: Uint8Array, dx: number, dy: number) => {
      const i = 4 * (Math.floor(((m[5] * dy + m[13] + 1) / 2) * H) * W + Math.floor(((m[0] * dx + m[12] + 1) / 2) * W));
      return Array.from(px.slice(i, i + 4));
    };
    const lum = (p: number[]) => (0.2126 * p[0] + 0.7152 * p[1] + 0.0722 * p[2]) / Math.max(1, p[3]);
    const a = renderer(s, 'cpu'), b = renderer(s, 'gpu');
    a.r.draw(f);
    b.r.draw(f);
    const pa = read(a.gl), pb = read(b.gl);
    expect(at(pa, 30, 50)[3]).toBeGreaterThan(0);
    expect(lum(at(pa, 70, 50))).toBeLessThan(lum(at(pa, 30, 50)) - 0.02);
    if (b.r.densityType === 'half float') expect(at(pb, 70, 50)).toEqual(at(pb, 30, 50));
  });

  it("is what the renderer uses by itself on a software rasteriser (this test browser's SwiftShader)", () => {
    const s: Scene = { x: new Float32Array([0, 1, 2]), y: new Float32Array([0, 1, 0]), cv: null, k: 1 };
    const { r } = renderer(s, 'gpu');
    r.densityBinning = 'auto';
    r.draw(frame(s, { colorMode: 0 }));
    expect(r.softwareRaster).toBe(true);
    expect(r.densityGrid!.onCpu).toBe(true);
  });
});
