// Point cloud vs regl-scatterplot, same Chromium run, same seeded Gaussian-cluster points, 800×600 canvases.
// - first-frame: create → first frame drawn, completion forced with gl.finish() + a one-pixel readPixels on both sides. Ours is given
//   the raw columns (any scale); regl-scatterplot gets its points pre-scaled to [-1, 1] as number[][] rows,
//   built OUTSIDE its timing (the scaling cost is reported separately as peer_prescale_ms).
// - frame: median of redraws after the same camera change (alternating zoom ×1.1 / ÷1.1 about the centre),
//   each waiting for the next animation frame on both sides (ours: keyboard +/- → scheduled frame; theirs:
//   zoomToLocation → its 'draw' event), then gl.finish() + readPixels.
//   `density` says whether our density mode was on (it turns on by itself at 100k–4M on 800×600: the points binned
//   into a data-space grid that later frames resample — on SwiftShader binned on the CPU, elsewhere one-pixel GPU
//   splats; see docs/point-cloud.md). point-cloud/frame-points is ours
//   with density 'off' (4 px anti-aliased points, every point drawn every frame), the like-for-like figure.
// - hover p95 at 1M (ours): time from a pointer position to the answer of the worker's hover query.
// - bytes per point on the GPU: ours from the handle; regl-scatterplot's from its documented buffers: an RGBA32F
//   state texture padded to a square (16 B a texel) + a float32 ×2 texel-index buffer (8 B).
import createScatterplot from 'regl-scatterplot';
import { createPointCloud } from '@tensorlens/gl';
import { emit, median, rng, round, run } from './harness';

const W = 800, H = 600;

function gaussianClusters(n: number, seed: number) {
  const rand = rng(seed);
  const K = 12;
  const cx = Array.from({ length: K }, () => 1000 + rand() * 400), cy = Array.from({ length: K }, () => -300 + rand() * 300);
  const s = Array.from({ length: K }, () => 5 + rand() * 25);
  const x = new Float32Array(n), y = new Float32Array(n), category = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const k = Math.floor(rand() * K);
    const r = Math.sqrt(-2 * Math.log(rand() + 1e-12)), a = 2 * Math.PI * rand();
    x[i] = cx[k] + s[k] * r * Math.cos(a);
    y[i] = cy[k] + s[k] * r * Math.sin(a);
    category[i] = k;
  }
  return { x, y, category };
}

/** Forces the GPU work of a context to complete: gl.finish() alone does not wait for SwiftShader's raster. */
const complete = (gl: WebGLRenderingContext) => {
  gl.finish();
  gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
};

const nextFrame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));

function stageDiv(): HTMLDivElement {
  const d = document.createElement('div');
  d.style.cssText = `width:${W}px;height:${H}px;position:relative`;
  document.body.appendChild(d);
  return d;
}

run(async () => {
  for (const n of [100_000, 1_000_000, 4_000_000]) {
    const { x, y, category } = gaussianClusters(n, 7);
    const reps = n >= 4_000_000 ? 6 : 30;

    // ---- ours: first frame ----
    const firsts: number[] = [];
    let firstDensity = false;
    for (let r = 0; r < (n >= 4_000_000 ? 2 : 3); r++) {
      const stage = stageDiv();
      await nextFrame();
      const t0 = performance.now();
      const pc = createPointCloud(stage, { x, y, color: category, transition: 0 });
      pc.renderFrame();
      complete(stage.querySelector('canvas')!.getContext('webgl')!);
      firsts.push(performance.now() - t0);
      firstDensity = pc.densityActive;
      pc.destroy();
      stage.remove();
    }

    // ---- peer: first frame ----
    const ts = performance.now();
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    for (let i = 0; i < n; i++) {
      if (x[i] < x0) x0 = x[i];
      if (x[i] > x1) x1 = x[i];
      if (y[i] < y0) y0 = y[i];
      if (y[i] > y1) y1 = y[i];
    }
    const sc = 2 / Math.max(x1 - x0, y1 - y0);
    const rows: number[][] = new Array(n);
    for (let i = 0; i < n; i++) rows[i] = [(x[i] - (x0 + x1) / 2) * sc, (y[i] - (y0 + y1) / 2) * sc, category[i]];
    const prescale = performance.now() - ts;
    const peerFirsts: number[] = [];
    let sp: ReturnType<typeof createScatterplot> | null = null;
    let peerCanvas: HTMLCanvasElement | null = null;
    for (let r = 0; r < (n >= 4_000_000 ? 2 : 3); r++) {
      sp?.destroy();
      peerCanvas?.remove();
      peerCanvas = document.createElement('canvas');
      peerCanvas.style.cssText = `width:${W}px;height:${H}px;display:block`;
      document.body.appendChild(peerCanvas);
      await nextFrame();
      const t0 = performance.now();
      sp = createScatterplot({ canvas: peerCanvas, width: W, height: H, pointSize: 4, colorBy: 'valueA' } as Parameters<typeof createScatterplot>[0]);
      await sp.draw(rows);
      complete((sp.get('renderer') as { regl: { _gl: WebGLRenderingContext } }).regl._gl);
      peerFirsts.push(performance.now() - t0);
    }
    const ours = median(firsts), peer = median(peerFirsts);
    await emit({ bench: 'point-cloud/first-frame', n, ours_ms: round(ours), peer: 'regl-scatterplot', peer_ms: round(peer), ratio: round(ours / peer, 3), density: firstDensity, peer_prescale_ms: round(prescale), peer_prescale: 'outside timing', reps: firsts.length });

    // ---- steady frame: peer ----
    const peerGl = (sp!.get('renderer') as { regl: { _gl: WebGLRenderingContext } }).regl._gl;
    const peerFrames: number[] = [];
    for (let r = 0; r < reps; r++) {
      const drawn = new Promise<void>((res) => sp!.subscribe('draw', () => res(), 1));
      const t0 = performance.now();
      await sp!.zoomToLocation([0, 0], r % 2 ? 1 : 1 / 1.1, { transition: false });
      sp!.redraw();
      await drawn;
      complete(peerGl);
      peerFrames.push(performance.now() - t0);
    }
    sp!.destroy();
    peerCanvas!.remove();

    // ---- steady frame: ours ----
    const stage = stageDiv();
    const pc = createPointCloud(stage, { x, y, color: category, transition: 0 });
    await pc.whenRendered();
    const gl = stage.querySelector('canvas')!.getContext('webgl')!;
    const frames: number[] = [];
    for (let r = 0; r < reps; r++) {
      const t0 = performance.now();
      pc.element.dispatchEvent(new KeyboardEvent('keydown', { key: r % 2 ? '-' : '+', bubbles: true }));
      await pc.whenRendered();
      complete(gl);
      frames.push(performance.now() - t0);
    }
    // The draw alone (no animation-frame wait): camera change, renderFrame(), gl.finish().
    const sync: number[] = [];
    for (let r = 0; r < Math.min(reps, 10); r++) {
      pc.element.dispatchEvent(new KeyboardEvent('keydown', { key: r % 2 ? '-' : '+', bubbles: true }));
      const t0 = performance.now();
      pc.renderFrame();
      complete(gl);
      sync.push(performance.now() - t0);
    }
    await pc.whenRendered();
    const f = median(frames), pf = median(peerFrames);
    await emit({ bench: 'point-cloud/frame', n, ours_ms: round(f), peer: 'regl-scatterplot', peer_ms: round(pf), ratio: round(f / pf, 3), density: pc.densityActive, ours_draw_only_ms: round(median(sync)), reps });

    // ---- steady frame: ours without density mode (plain points, like the peer) ----
    {
      const st = stageDiv();
      const pp = createPointCloud(st, { x, y, color: category, transition: 0, density: 'off' });
      await pp.whenRendered();
      const g2 = st.querySelector('canvas')!.getContext('webgl')!;
      const fr: number[] = [];
      for (let r = 0; r < Math.min(reps, n >= 4_000_000 ? 3 : 10); r++) {
        const t0 = performance.now();
        pp.element.dispatchEvent(new KeyboardEvent('keydown', { key: r % 2 ? '-' : '+', bubbles: true }));
        await pp.whenRendered();
        complete(g2);
        fr.push(performance.now() - t0);
      }
      await emit({ bench: 'point-cloud/frame-points', n, ours_ms: round(median(fr)), peer: 'regl-scatterplot', peer_ms: round(pf), ratio: round(median(fr) / pf, 3), density: pp.densityActive, reps: fr.length });
      pp.destroy();
      st.remove();
    }

    // ---- bytes per point ----
    const res = Math.max(2, Math.ceil(Math.sqrt(n)));
    const peerBytes = (res * res * 16 + n * 8) / n;
    await emit({ bench: 'point-cloud/gpu-bytes-per-point', n, ours_ms: pc.bytesPerPoint, peer: 'regl-scatterplot', peer_ms: round(peerBytes), ratio: round(pc.bytesPerPoint / peerBytes, 3), unit: 'bytes' });

    // ---- hover latency (1M) ----
    if (n === 1_000_000) {
      const r = pc.element.getBoundingClientRect();
      pc.resetView();
      await pc.whenRendered();
      const p = pc.screenPosition(0)!;
      const tReady = performance.now();
      while ((await pc.pick(r.left + p[0], r.top + p[1])) < 0) await new Promise((res) => setTimeout(res, 20));
      const indexMs = performance.now() - tReady;
      const rand = rng(99);
      const lat: number[] = [];
      for (let k = 0; k < 200; k++) {
        const t0 = performance.now();
        await pc.pick(r.left + rand() * W, r.top + rand() * H);
        lat.push(performance.now() - t0);
      }
      lat.sort((a, b) => a - b);
      await emit({ bench: 'point-cloud/hover-p95', n, ours_ms: round(lat[Math.floor(0.95 * lat.length)]), peer: null, peer_ms: null, ratio: null, median_ms: round(median(lat)), index_ready_after_first_frame_ms: round(indexMs) });
    }
    pc.destroy();
    stage.remove();
  }
});
