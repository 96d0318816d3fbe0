// Activation atlas vs the interactive article's approach (Canvas2D, one drawImage per icon), same Chromium run,
// same page images, same view, same 800 × 800 canvas size and device pixel ratio.
// Data: a fully occupied 160 × 160 level (25,600 icons of 32 px, packed in 2048 px pages: 7 pages), the view
// fitted so every icon is visible (about 4.9 px an icon).
// - frame: median over repeated sub-pixel pans (every icon stays visible) of the draw of the new view, to the
//   GPU finishing: ours renderFrame() then gl.finish() + a one-pixel readPixels; the peer clears and issues
//   drawImage(page, sx, sy, 32, 32, dx, dy, dw, dh) per icon, then a one-pixel getImageData (which waits for its
//   raster). frame-raf: the same pan through the animation-frame path (update → whenRendered) on both sides.
// - class-switch: update({ classIndex }) → whenRendered() (+ finish), and the same with renderFrame() (sync);
//   no peer (the article has no class filter on the GPU).
// - first-frame: create → first frame on screen (pages uploaded as textures), no peer.
import { createActivationAtlas } from '@tensorlens/gl';
import type { ActivationAtlas, AtlasSprites } from '@tensorlens/explain';
import { emit, median, rng, round, run } from './harness';

const G = 160, ICON = 32, PAGE = 2048, CSS = 800, C = 10, K = 8;
const N = G * G;

const complete = (gl: WebGLRenderingContext) => {
  gl.finish();
  gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
};
const nextFrame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));

async function makeData(): Promise<{ atlas: ActivationAtlas; sprites: AtlasSprites; bitmaps: ImageBitmap[] }> {
  const rand = rng(11);
  const perRow = PAGE / ICON, perPage = perRow * perRow;
  const pages = Math.ceil(N / perPage);
  const bitmaps: ImageBitmap[] = [];
  const icons = new Int32Array(N * 3);
  for (let p = 0; p < pages; p++) {
    const c = document.createElement('canvas');
    c.width = c.height = PAGE;
    const ctx = c.getContext('2d')!;
    for (let k = 0; k < perPage && p * perPage + k < N; k++) {
      const i = p * perPage + k, x = (k % perRow) * ICON, y = Math.floor(k / perRow) * ICON;
      ctx.fillStyle = `hsl(${(i * 37) % 360} 60% ${35 + ((i * 7) % 40)}%)`;
      ctx.fillRect(x, y, ICON, ICON);
      ctx.fillStyle = `hsl(${(i * 91) % 360} 80% 70%)`;
      ctx.beginPath();
      ctx.arc(x + 8 + rand() * 16, y + 8 + rand() * 16, 4 + rand() * 6, 0, 2 * Math.PI);
      ctx.fill();
      icons.set([p, x, y], i * 3);
    }
    bitmaps.push(await createImageBitmap(c));
  }
  const topClasses = new Int32Array(N * K), topScores = new Float32Array(N * K);
  for (let i = 0; i < N; i++) {
    let left = 1;
    for (let j = 0; j < K; j++) {
      topClasses[i * K + j] = (i + j * 3) % C;
      const s = j === K - 1 ? left : left * rand();
      topScores[i * K + j] = s;
      left -= s;
    }
  }
  const members = Uint32Array.from({ length: N * 4 }, (_, i) => i);
  const atlas: ActivationAtlas = {
    n: N * 4, d: 64, bounds: [0, 0, 1, 1], layout: new Float32Array(0), classNames: null, numClasses: C, scoreKind: 'labels', topK: K, examplesPerCell: 4,
    levels: [{
      grid: G, cellCount: N, cells: Uint32Array.from({ length: N }, (_, i) => i), counts: Uint32Array.from({ length: N }, () => 4 + Math.floor(rand() * 60)),
      means: null, topClasses, topScores, examples: Int32Array.from(members), offsets: Uint32Array.from({ length: N + 1 }, (_, i) => i * 4), members, dropped: 0,
    }],
  };
  const sprites: AtlasSprites = {
    iconSize: ICON, pageSize: PAGE, pages: bitmaps.map((image) => ({ kind: 'image' as const, width: PAGE, height: PAGE, image })),
    icons: [icons], thumbIds: new Int32Array(0), thumbSlots: new Int32Array(0), thumbSize: ICON, missing: new Int32Array(0),
  };
  return { atlas, sprites, bitmaps };
}

function stageDiv(): HTMLDivElement {
  const d = document.createElement('div');
  d.style.cssText = `width:${CSS}px;height:${CSS}px;position:relative`;
  document.body.appendChild(d);
  return d;
}

/** The article's renderer: one Canvas2D drawImage per visible icon from the page images. */
function canvasPeer(bitmaps: ImageBitmap[], icons: Int32Array) {
  const dpr = devicePixelRatio || 1;
  const canvas = document.createElement('canvas');
  canvas.style.cssText = `width:${CSS}px;height:${CSS}px;display:block`;
  canvas.width = Math.round(CSS * dpr);
  canvas.height = Math.round(CSS * dpr);
  document.body.appendChild(canvas);
  const ctx = canvas.getContext('2d')!;
  /** Draws the view (layout point (cx, cy) at the centre, k CSS px per layout unit) with `gap` CSS px between tiles. */
  const draw = (cx: number, cy: number, k: number, gap: number) => {
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, CSS, CSS);
    const cell = k / G, dw = cell - gap;
    const x0 = CSS / 2 - cx * k, y0 = CSS / 2 + cy * k;
    for (let i = 0; i < N; i++) {
      const col = i % G, row = (i / G) | 0;
      const dx = x0 + col * cell + gap / 2, dy = y0 - (row + 1) * cell + gap / 2;
      if (dx > CSS || dy > CSS || dx + dw < 0 || dy + dw < 0) continue;
      ctx.drawImage(bitmaps[icons[3 * i]], icons[3 * i + 1], icons[3 * i + 2], ICON, ICON, dx, dy, dw, dw);
    }
  };
  const finish = () => ctx.getImageData(0, 0, 1, 1);
  return { canvas, draw, finish };
}

run(async () => {
  const { atlas, sprites, bitmaps } = await makeData();
  const reps = 15;

  // ---- ours: first frame ----
  const firsts: number[] = [];
  for (let r = 0; r < 3; r++) {
    const st = stageDiv();
    await nextFrame();
    const t0 = performance.now();
    const h = createActivationAtlas(st, { atlas, sprites, minimap: false, tooltip: false });
    await h.whenRendered();
    complete(st.querySelector('canvas')!.getContext('webgl')!);
    firsts.push(performance.now() - t0);
    h.destroy();
    st.remove();
  }
  await emit({ bench: 'activation-atlas/first-frame', n: N, ours_ms: round(median(firsts)), peer: null, peer_ms: null, ratio: null, pages: bitmaps.length, reps: firsts.length });

  const stage = stageDiv();
  const aa = createActivationAtlas(stage, { atlas, sprites, minimap: false, tooltip: false });
  await aa.whenRendered();
  const gl = stage.querySelector('canvas')!.getContext('webgl')!;
  complete(gl);
  const v0 = aa.getView();
  const k = (CSS - 16) * v0.zoom; // CSS px per layout unit at the fitted view (bounds are 1 × 1)
  const pan = (r: number) => ({ x: v0.x + (r % 2 ? 1 : -1) * 0.5 / k, y: v0.y });

  // ---- frame (draw only) ----
  const ours: number[] = [];
  for (let r = 0; r < reps; r++) {
    aa.setView(pan(r));
    const t0 = performance.now();
    aa.renderFrame();
    complete(gl);
    ours.push(performance.now() - t0);
    await aa.whenRendered();
    complete(gl); // the scheduled frame too, outside the timing
  }
  const peer = canvasPeer(bitmaps, sprites.icons[0]);
  peer.draw(v0.x, v0.y, k, 1);
  peer.finish();
  const theirs: number[] = [];
  for (let r = 0; r < reps; r++) {
    const v = pan(r);
    await nextFrame();
    const t0 = performance.now();
    peer.draw(v.x, v.y, k, 1);
    peer.finish();
    theirs.push(performance.now() - t0);
  }
  const o = median(ours), p = median(theirs);
  await emit({ bench: 'activation-atlas/frame', n: N, ours_ms: round(o), peer: 'canvas2d-drawImage', peer_ms: round(p), ratio: round(o / p, 3), target_ratio: 0.2, pages: bitmaps.length, icon_css_px: round(k / G), reps });

  // ---- frame through the animation-frame path on both sides ----
  const oursRaf: number[] = [], theirsRaf: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    aa.setView(pan(r));
    await aa.whenRendered();
    complete(gl);
    oursRaf.push(performance.now() - t0);
  }
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    const v = pan(r);
    await nextFrame();
    peer.draw(v.x, v.y, k, 1);
    peer.finish();
    theirsRaf.push(performance.now() - t0);
  }
  const orf = median(oursRaf), prf = median(theirsRaf);
  await emit({ bench: 'activation-atlas/frame-raf', n: N, ours_ms: round(orf), peer: 'canvas2d-drawImage', peer_ms: round(prf), ratio: round(orf / prf, 3), reps });
  peer.canvas.remove();

  // ---- class switch ----
  const sw: number[] = [], swSync: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    aa.update({ classIndex: r % C });
    await aa.whenRendered();
    complete(gl);
    sw.push(performance.now() - t0);
  }
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    aa.update({ classIndex: (r + 3) % C, classMode: r % 2 ? 'filter' : 'tint' });
    aa.renderFrame();
    complete(gl);
    swSync.push(performance.now() - t0);
    await aa.whenRendered();
    complete(gl);
  }
  await emit({ bench: 'activation-atlas/class-switch', n: N, ours_ms: round(median(sw)), peer: null, peer_ms: null, ratio: null, ours_sync_ms: round(median(swSync)), reps });
  aa.destroy();
  stage.remove();
});
