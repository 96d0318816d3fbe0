// Parallel coordinates vs HiPlot (its npm bundle, mounted with hiplot_setup in the same page), same seeded
// data: 10 numeric dimensions, values in [0, 1]. Figures: first render (create → picture on screen) and brush
// (one brush change → the repainted frame). Ours at 10k, 100k and 1M rows (lines at 10k, density from 50k: the
// default 'auto' mode); HiPlot at 10k and 100k.
//
// The brush: a fixed brush d4 ∈ [0.2, 0.9] is set first (not timed), then the timed change is a new brush
// d1 ∈ [0.2, 0.5]. On HiPlot both are real drags on its d3-brush overlays (mousedown on the overlay of the axis,
// mousemove and mouseup on the window, at the pixel rows of those values on its linear [min, max] scale); its
// "Selected: k/n" count is read back to check that the brush took, and compared with ours. HiPlot draws
// progressively on Canvas2D (a d3 timer, at most 300 rows per tick, fewer when frames are slow): its frame counts
// as repainted when its last selected line is stroked (its strokes are counted on its canvas since its last
// clear); the time to its first line is reported too (peer_first_change_ms). Ours: update({ brushes }) → whenRendered → a 1-pixel
// readPixels (the GPU has finished).
import { createParallelCoordinates } from '@tensorlens/views';
import { emit, median, rng, round, run } from './harness';
import 'hiplot/dist/hiplot.bundle.js';

const D = 10;
const FIXED = { d4: [[0.2, 0.9]] as Array<[number, number]> };
const TIMED: [number, number] = [0.2, 0.5]; // on d1
/** How long HiPlot may take to finish one drawing before we give up (and say how far it got). */
const CAP_MS = 120_000;

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

/**
 * HiPlot's progress, counted on its canvases: its progressive draw clears the line canvas, then strokes one path
 * per selected row (a d3 timer, at most 300 rows per tick, fewer when frames are slow). Counting strokes since
 * the last clear tells exactly when its last line is on the canvas (sampling pixels cannot: a few new 1-pixel
 * lines may miss every sampled pixel).
 */
const hip = { root: null as HTMLElement | null, strokes: 0, firstStroke: 0, lastStroke: 0, lastClear: 0 };
{
  const proto = CanvasRenderingContext2D.prototype;
  // HiPlot's line canvas: the first canvas of its .pplot-root, inside the host being measured
  const isLines = (c: HTMLCanvasElement) => !!hip.root && c.parentElement?.classList.contains('pplot-root') === true && c.parentElement.firstElementChild === c && hip.root.contains(c);
  const stroke = proto.stroke;
  const clearRect = proto.clearRect;
  proto.stroke = function (this: CanvasRenderingContext2D, ...a: unknown[]) {
    if (isLines(this.canvas)) {
      const t = performance.now();
      if (!hip.strokes) hip.firstStroke = t;
      hip.strokes++;
      hip.lastStroke = t;
    }
    return (stroke as (...x: unknown[]) => void).apply(this, a);
  } as typeof proto.stroke;
  proto.clearRect = function (this: CanvasRenderingContext2D, x: number, y: number, w: number, h: number) {
    if (isLines(this.canvas)) {
      hip.strokes = 0;
      hip.lastClear = performance.now();
    }
    return clearRect.call(this, x, y, w, h);
  };
}

/**
 * Waits until HiPlot has drawn `expected()` lines since its last clear (and no new clear came within 3 frames),
 * at least `minMs` after t0 (its brush handler is throttled to 75 ms, its trailing call restarts the drawing).
 * Returns the time of the last line, or null after `capMs` with how far it got.
 */
async function hiplotDrawn(t0: number, expected: () => number, minMs: number, capMs: number): Promise<{ ms: number | null; first: number | null; drawn: number; of: number }> {
  for (;;) {
    await frame();
    const now = performance.now();
    const want = expected();
    if (now - t0 >= minMs && hip.lastClear > t0 && hip.strokes >= want) {
      const clear = hip.lastClear;
      for (let k = 0; k < 3; k++) await frame();
      if (hip.lastClear == clear) return { ms: hip.lastStroke - t0, first: hip.firstStroke - t0, drawn: hip.strokes, of: want };
      continue;
    }
    if (now - t0 > capMs) return { ms: null, first: hip.strokes ? hip.firstStroke - t0 : null, drawn: hip.strokes, of: want };
  }
}

/** Forces the GPU to finish the frame (a 1-pixel read). */
function readPixel(stage: HTMLElement) {
  const c = stage.querySelector('canvas');
  const gl = c?.getContext('webgl');
  if (gl) gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
}

/**
 * The rows a user asked for: values as given (float32 here, compared in float64) within the brushes' data ranges,
 * both ends included (the chart's semantics: its selectedCount must equal this exactly).
 */
function bruteCount(cols: Record<string, Float32Array>, n: number): number {
  let k = 0;
  const [a, b] = TIMED;
  const [c, e] = FIXED.d4[0];
  for (let i = 0; i < n; i++) {
    const v1 = cols.d1[i];
    const v4 = cols.d4[i];
    if (v1 >= a && v1 <= b && v4 >= c && v4 <= e) k++;
  }
  return k;
}

async function ours(stage: HTMLElement, n: number, cols: Record<string, Float32Array>, colorBy: string | null = null) {
  const first: number[] = [];
  for (let rep = 0; rep < (n >= 1e6 ? 2 : 3); rep++) {
    const t0 = performance.now();
    const pc = createParallelCoordinates(stage, { data: cols, color: colorBy });
    await pc.whenRendered();
    readPixel(stage);
    first.push(performance.now() - t0);
    pc.destroy();
  }
  const pc = createParallelCoordinates(stage, { data: cols, brushes: FIXED, color: colorBy });
  await pc.whenRendered();
  const brush: number[] = [];
  let selected = 0;
  for (let rep = 0; rep < (n >= 1e6 ? 7 : 5); rep++) {
    // alternate between two brushes on d1 so every rep is a change; the odd reps are the timed range
    const range: [number, number] = rep % 2 ? TIMED : [0.3, 0.6];
    const t0 = performance.now();
    pc.update({ brushes: { ...FIXED, d1: [range] } });
    await pc.whenRendered();
    readPixel(stage);
    brush.push(performance.now() - t0);
    if (rep % 2) selected = pc.selectedCount;
    await frame();
  }
  const out = { first: median(first), brush: median(brush), renderer: pc.renderer, mode: pc.mode, selected };
  pc.destroy();
  return out;
}

interface HiPlotInstance {
  props: { plugins: Record<string, unknown> };
  /** Refs to its mounted plugins; the parallel plot keeps its progressive drawing (a d3 timer) in `animloop`. */
  plugins_ref?: Array<{ current?: { animloop?: { stop(): void } | null } | null }>;
}
type HiPlotSetup = (el: HTMLElement, extra: Record<string, unknown>) => HiPlotInstance;

/** HiPlot's persistent state, in memory (its default keeps it in the page URL). */
function memoryState(prefix = ''): { get(k: string, d?: unknown): unknown; set(k: string, v: unknown): void; children(k: string): unknown } {
  const m = new Map<string, unknown>();
  return {
    get: (k, d) => (m.has(prefix + k) ? m.get(prefix + k) : d),
    set: (k, v) => void m.set(prefix + k, v),
    children: (k) => memoryState(`${prefix}${k}.`),
  };
}

interface PeerResult {
  first: number | null;
  brush: number | null;
  /** HiPlot had not finished when we stopped waiting: its time is at least this. */
  firstAtLeast?: number;
  brushAtLeast?: number;
  brushFirstChange?: number | null;
  selected?: number;
  why?: string;
}

/**
 * HiPlot's experiment format (its makeDatasets reads `{ uid, from_uid, values: {...} }` per datapoint; flat
 * values give rows with no columns, hence no axes and no brush overlays), `_displays`, an in-memory persistent
 * state, `is_webserver: false`: nothing is fetched. Only its PARALLEL_PLOT plugin is mounted (its table, XY and
 * distribution plugins are not measured).
 */
async function hiplot(stage: HTMLElement, n: number, cols: Record<string, Float32Array>): Promise<PeerResult> {
  const setup = (window as unknown as { hiplot_setup?: HiPlotSetup }).hiplot_setup;
  if (!setup) return { first: null, brush: null, why: 'hiplot_setup missing from the bundle' };
  const names = Object.keys(cols);
  const experiment = {
    datapoints: Array.from({ length: n }, (_, i) => {
      const values: Record<string, number> = {};
      for (const k of names) values[k] = cols[k][i];
      return { uid: String(i), from_uid: null, values };
    }),
    parameters_definition: {},
    colormap: 'interpolateViridis',
    colorby: 'd0',
    _displays: {},
  };
  // its plugin classes are only reachable from a mounted HiPlot: mount an empty one, keep PARALLEL_PLOT
  const probe = document.createElement('div');
  stage.appendChild(probe);
  const inst = setup(probe, { experiment: null, is_webserver: false, persistent_state: memoryState(), asserts: false });
  const plugins = { PARALLEL_PLOT: inst.props.plugins.PARALLEL_PLOT };
  probe.remove();
  const host = document.createElement('div');
  host.style.cssText = 'width:800px;height:600px';
  stage.appendChild(host);
  let mounted: HiPlotInstance | null = null;
  try {
    hip.root = host;
    hip.strokes = hip.lastClear = 0;
    const t0 = performance.now();
    mounted = setup(host, { experiment, is_webserver: false, persistent_state: memoryState(), plugins, asserts: false });
    while (!host.querySelector('.pplot-brush .overlay') && performance.now() - t0 < CAP_MS) await frame();
    if (!host.querySelector('.pplot-brush .overlay')) return { first: null, brush: null, why: 'HiPlot mounted no brush overlay' };
    const selectedText = () => Number((host.textContent ?? '').match(/Selected:\s*(\d+)/)?.[1] ?? NaN);
    const firstDraw = await hiplotDrawn(t0, () => n, 0, CAP_MS);
    // not finished: its brush is still measured (a brush stops its drawing and starts the new selection's)
    const notes: string[] = firstDraw.ms == null ? [`HiPlot's first render drew ${firstDraw.drawn} of ${n} lines in ${CAP_MS / 1000} s`] : [];
    const overlayOf = (dim: string) => {
      for (const g of host.querySelectorAll<SVGGElement>('g.dimension')) {
        if ((g as unknown as { __data__?: unknown }).__data__ === dim) return g.querySelector<SVGRectElement>('.pplot-brush .overlay');
      }
      return null;
    };
    /** A real drag on the brush overlay of `dim` from value `from` to value `to` (HiPlot's scale: linear, [min, max] of the column). */
    const drag = (dim: string, from: number, to: number) => {
      const ov = overlayOf(dim);
      if (!ov) throw new Error(`no brush overlay for ${dim}`);
      const r = ov.getBoundingClientRect();
      let lo = Infinity;
      let hi = -Infinity;
      for (const v of cols[dim]) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      const y = (v: number) => r.top + r.height * (1 - (v - lo) / (hi - lo));
      const x = r.left + r.width / 2;
      const ev = (type: string, target: EventTarget, v: number) =>
        target.dispatchEvent(new MouseEvent(type, { bubbles: true, cancelable: true, view: window, clientX: x, clientY: y(v), button: 0, buttons: type == 'mouseup' ? 0 : 1 }));
      ev('mousedown', ov, from);
      ev('mousemove', window, to);
      ev('mouseup', window, to);
    };
    const before = selectedText();
    const t2 = performance.now();
    drag('d4', FIXED.d4[0][1], FIXED.d4[0][0]);
    // the fixed brush is not timed: wait for its drawing at most 20 s (the timed brush restarts it anyway)
    await hiplotDrawn(t2, selectedText, 300, 20_000);
    const mid = selectedText();
    const t1 = performance.now();
    drag('d1', TIMED[1], TIMED[0]);
    const timed = await hiplotDrawn(t1, selectedText, 300, CAP_MS);
    const selected = selectedText();
    const took = selected < mid && mid < before;
    if (!took) notes.push(`the brush did not take (selected ${before} → ${mid} → ${selected})`);
    else if (timed.ms == null) notes.push(`HiPlot drew ${timed.drawn} of ${timed.of} lines in ${CAP_MS / 1000} s after the brush`);
    return {
      first: firstDraw.ms,
      brush: took ? timed.ms : null,
      ...(firstDraw.ms == null ? { firstAtLeast: CAP_MS } : {}),
      ...(took && timed.ms == null ? { brushAtLeast: CAP_MS } : {}),
      brushFirstChange: timed.first,
      selected,
      ...(notes.length ? { why: notes.join('; ') } : {}),
    };
  } finally {
    // a removed host does not unmount HiPlot: stop its drawing timer, or it keeps running (and slowing every later
    // frame) until it has drawn every row
    for (const r of mounted?.plugins_ref ?? []) r.current?.animloop?.stop();
    hip.root = null;
    host.remove();
  }
}

run(async () => {
  const stage = document.getElementById('stage')!;
  const sizes = [10_000, 100_000, 1_000_000];
  // ours at every size first, then HiPlot: a mounted HiPlot keeps its rows (100k objects) and React state alive,
  // which made our later 1M figures several times slower (garbage collection), unrelated to our code
  const mine = new Map<number, Awaited<ReturnType<typeof ours>>>();
  for (const n of sizes) mine.set(n, await ours(stage, n, makeColumns(n)));
  // the same at 1M with the lines (density bands) coloured by a continuous column: the colour sums cost extra
  const colored = await ours(stage, 1_000_000, makeColumns(1_000_000), 'd3');
  for (const n of sizes) {
    const cols = makeColumns(n);
    const o = mine.get(n)!;
    let p: PeerResult = { first: null, brush: null, why: 'HiPlot not run at 1M rows' };
    if (n <= 100_000) {
      try {
        p = await hiplot(stage, n, cols);
      } catch (e) {
        p = { first: null, brush: null, why: String((e as Error)?.message ?? e) };
      }
    }
    const rec = (bench: string, ours_ms: number, peer_ms: number | null, atLeast: number | undefined, extra: Record<string, unknown> = {}) => ({
      bench,
      n,
      dims: D,
      ours_ms: round(ours_ms),
      peer: 'hiplot',
      peer_ms: peer_ms == null ? null : round(peer_ms),
      ratio: peer_ms == null ? null : round(ours_ms / peer_ms, 4),
      // HiPlot still drawing when we stopped waiting: a bound instead of a figure
      ...(atLeast ? { peer_ms_at_least: atLeast, ratio_at_most: round(ours_ms / atLeast, 4) } : {}),
      renderer: o.renderer,
      mode: o.mode,
      ...extra,
      ...(p.why ? { note: p.why } : {}),
    });
    await emit(rec('parallel-coordinates/first-render', o.first, p.first, p.firstAtLeast));
    await emit(rec('parallel-coordinates/brush', o.brush, p.brush, p.brushAtLeast, {
      peer_first_change_ms: p.brushFirstChange == null ? null : round(p.brushFirstChange),
      selected_ours: o.selected,
      selected_peer: p.selected ?? null,
      selected_exact: bruteCount(cols, n),
    }));
  }
  const c1 = mine.get(1_000_000)!;
  await emit({ bench: 'parallel-coordinates/brush-colored', n: 1_000_000, dims: D, ours_ms: round(colored.brush), peer: null, peer_ms: null, ratio: null, colorBy: 'd3 (continuous, viridis)', uncolored_ms: round(c1.brush), first_render_ms: round(colored.first), mode: colored.mode, selected_ours: colored.selected });
});
