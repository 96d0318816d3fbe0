// Parallel coordinates vs HiPlot (its npm bundle, mounted with hiplot_setup in the same page), same seeded
// data: 10 numeric dimensions. Figures: first render (create → lines on screen) and brush (a brush change →
// the repainted frame). Ours at 10k, 100k and 1M rows; HiPlot at 10k and 100k.
// HiPlot draws progressively on Canvas2D (a d3 timer); its frame counts as repainted when its line canvases
// stop changing for 3 animation frames (time taken at the last change).
import { createParallelCoordinates } from '@tensorlens/charts';
import { emit, median, rng, round, run } from './harness';
import 'hiplot/dist/hiplot.bundle.js';

const D = 10;

function makeColumns(n: number): Record<string, Float32Array> {
  const r = rng(1234 + n);
  const cols: Record<string, Float32Array> = {};
  for (let j = 0; j < D; j++) cols[`d${j}`] = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const z = r();
    for (let j = 0; j < D; j++) cols[`d${j}`][i] = j % 2 ? z * 0.7 + r() * 0.3 : r();
  }
  return cols;
}

const frame = () => new Promise<number>((r) => requestAnimationFrame(r));

/** Waits until the canvases under `root` stop changing for 3 frames; returns the time of the last change. */
async function settle(root: Element, t0: number, timeoutMs = 120_000): Promise<number> {
  const sum = () => {
    let s = 0;
    for (const c of root.querySelectorAll('canvas')) {
      const ctx = (c as HTMLCanvasElement).getContext('2d');
      if (!ctx || !c.width) continue;
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      for (let k = 0; k < d.length; k += 97) s = (s * 31 + d[k]) | 0;
    }
    return s;
  };
  let last = sum();
  let lastChange = performance.now();
  let still = 0;
  while (still < 3 && performance.now() - t0 < timeoutMs) {
    await frame();
    const s = sum();
    if (s != last) {
      last = s;
      lastChange = performance.now();
      still = 0;
    } else still++;
  }
  return lastChange - t0;
}

async function ours(stage: HTMLElement, n: number, cols: Record<string, Float32Array>) {
  const first: number[] = [];
  for (let rep = 0; rep < (n >= 1e6 ? 1 : 3); rep++) {
    const t0 = performance.now();
    const pc = createParallelCoordinates(stage, { data: cols });
    await pc.whenRendered();
    readPixel(stage);
    first.push(performance.now() - t0);
    pc.destroy();
  }
  const pc = createParallelCoordinates(stage, { data: cols });
  await pc.whenRendered();
  const brush: number[] = [];
  for (let rep = 0; rep < (n >= 1e6 ? 3 : 6); rep++) {
    const lo = 0.1 + 0.05 * rep;
    const t0 = performance.now();
    pc.update({ brushes: { d1: [[lo, lo + 0.3]], d4: [[0.2, 0.9]] } });
    await pc.whenRendered();
    readPixel(stage);
    brush.push(performance.now() - t0);
  }
  const renderer = pc.renderer;
  pc.destroy();
  return { first: median(first), brush: median(brush), renderer };
}

/** Forces the GPU to finish the frame (a 1-pixel read). */
function readPixel(stage: HTMLElement) {
  const c = stage.querySelector('canvas');
  const gl = c?.getContext('webgl');
  if (gl) gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
}

type HiPlotSetup = (el: HTMLElement, extra: Record<string, unknown>) => { props: { plugins: Record<string, unknown> } };

/** HiPlot's persistent state, in memory (its default keeps it in the page URL). */
function memoryState(prefix = ''): { get(k: string, d?: unknown): unknown; set(k: string, v: unknown): void; children(k: string): unknown } {
  const m = new Map<string, unknown>();
  return {
    get: (k, d) => (m.has(prefix + k) ? m.get(prefix + k) : d),
    set: (k, v) => void m.set(prefix + k, v),
    children: (k) => memoryState(`${prefix}${k}.`),
  };
}

/**
 * HiPlot's experiment format (read from its bundle and type declarations): flat datapoints { uid, from_uid,
 * ...values }, parameters_definition, colormap, colorby and `_displays` (a missing `_displays` is the
 * "reading 'PARALLEL_PLOT'" error). `is_webserver: false` and an in-memory persistent state: nothing is
 * fetched. Only its PARALLEL_PLOT plugin is mounted (its table, XY and distribution plugins are not measured).
 */
async function hiplot(stage: HTMLElement, n: number, cols: Record<string, Float32Array>): Promise<{ first: number | null; brush: number | null; why?: string }> {
  const setup = (window as unknown as { hiplot_setup?: HiPlotSetup }).hiplot_setup;
  if (!setup) return { first: null, brush: null, why: 'hiplot_setup missing from the bundle' };
  const experiment = (rows: number) => ({
    datapoints: Array.from({ length: rows }, (_, i) => {
      const dp: Record<string, unknown> = { uid: String(i), from_uid: null };
      for (const k in cols) dp[k] = cols[k][i];
      return dp;
    }),
    parameters_definition: {},
    colormap: 'interpolateViridis',
    colorby: 'd0',
    _displays: {},
  });
  // its plugin classes are only reachable from a mounted HiPlot: mount an empty one (no experiment, so no
  // plugin renders), keep PARALLEL_PLOT
  const probe = document.createElement('div');
  stage.appendChild(probe);
  const inst = setup(probe, { experiment: null, is_webserver: false, persistent_state: memoryState(), asserts: false });
  const plugins = { PARALLEL_PLOT: inst.props.plugins.PARALLEL_PLOT };
  probe.remove();
  const exp = experiment(n);
  const host = document.createElement('div');
  host.style.cssText = 'width:800px;height:600px';
  stage.appendChild(host);
  const t0 = performance.now();
  setup(host, { experiment: exp, is_webserver: false, persistent_state: memoryState(), plugins, asserts: false });
  // wait for the plot's canvases to appear, then for drawing to stop
  while (!host.querySelector('canvas') && performance.now() - t0 < 60_000) await frame();
  if (!host.querySelector('canvas')) return { first: null, brush: null, why: 'no canvas after 60 s' };
  const first = await settle(host, t0);
  // brush: d3-brush on the second axis, driven by mouse events (its brush listens to mousedown on the overlay,
  // then mousemove/mouseup on the window); timed to the last repaint of its progressive canvas drawing
  const overlays = host.querySelectorAll<SVGRectElement>('.pplot-brush .overlay');
  let brush: number | null = null;
  let why: string | undefined;
  if (overlays.length > 1) {
    const r = overlays[1].getBoundingClientRect();
    const ev = (type: string, target: EventTarget, y: number) =>
      target.dispatchEvent(new MouseEvent(type, { bubbles: true, cancelable: true, view: window, clientX: r.left + r.width / 2, clientY: r.top + y, button: 0 }));
    const t1 = performance.now();
    ev('mousedown', overlays[1], r.height * 0.2);
    ev('mousemove', window, r.height * 0.5);
    ev('mouseup', window, r.height * 0.5);
    brush = await settle(host, t1);
    if (!host.querySelector('.pplot-brush .selection:not([style*="display: none"])')) why = 'the brush did not take';
  } else why = 'no brush overlay found';
  host.remove();
  return { first, brush, why };
}

run(async () => {
  const stage = document.getElementById('stage')!;
  for (const n of [10_000, 100_000, 1_000_000]) {
    const cols = makeColumns(n);
    const o = await ours(stage, n, cols);
    let p: { first: number | null; brush: number | null; why?: string } = { first: null, brush: null, why: 'not run at 1M' };
    if (n <= 100_000) {
      try {
        p = await hiplot(stage, n, cols);
      } catch (e) {
        p = { first: null, brush: null, why: String((e as Error)?.message ?? e) };
      }
    }
    const rec = (bench: string, ours_ms: number, peer_ms: number | null) => ({
      bench,
      n,
      dims: D,
      ours_ms: round(ours_ms),
      peer: 'hiplot',
      peer_ms: peer_ms == null ? null : round(peer_ms),
      ratio: peer_ms == null ? null : round(ours_ms / peer_ms),
      renderer: o.renderer,
      ...(p.why ? { note: p.why } : {}),
    });
    await emit(rec('parallel-coordinates/first-render', o.first, p.first));
    await emit(rec('parallel-coordinates/brush', o.brush, p.brush));
  }
});
