import { afterEach, describe, expect, it } from 'vitest';
import { createLineBundle, filterRows, type LineBundle, type LineRange } from '@tensorlens/gl';

const W = 300;
const H = 200;
const layout = { width: W, height: H, pixelRatio: 1, axisX: [20, 150, 280], axisColumn: [0, 1, 2], top: 20, bottom: 170, missingY: 190 };

let bundles: LineBundle[] = [];
afterEach(() => {
  for (const b of bundles) b.destroy();
  bundles = [];
  document.body.replaceChildren();
});

function make(values: number[], n: number, extra: Record<string, unknown> = {}): LineBundle {
  const canvas = document.createElement('canvas');
  document.body.appendChild(canvas);
  const b = createLineBundle(canvas, { ...layout, values: Float32Array.from(values), n, d: 3, opacity: 1, dimOpacity: 1, color: '#ff0000', dimColor: '#0000ff', ...extra });
  bundles.push(b);
  return b;
}

/** RGBA of CSS pixel (x, y) of a WebGL canvas (read after a draw, preserveDrawingBuffer is on). */
function pixel(b: LineBundle, x: number, y: number): number[] {
  const c = document.createElement('canvas');
  c.width = W;
  c.height = H;
  const ctx = c.getContext('2d')!;
  ctx.drawImage(b.canvas, 0, 0, W, H);
  return [...ctx.getImageData(x, y, 1, 1).data];
}

/** The rows of column x where a red line crosses (antialiased lines cover two rows at half alpha). */
function redRows(b: LineBundle, x: number): number[] {
  const c = document.createElement('canvas');
  c.width = W;
  c.height = H;
  const ctx = c.getContext('2d')!;
  ctx.drawImage(b.canvas, 0, 0, W, H);
  const d = ctx.getImageData(x, 0, 1, H).data;
  const out: number[] = [];
  for (let y = 0; y < H; y++) if (d[y * 4] > 128 && d[y * 4 + 2] < 100 && d[y * 4 + 3] >= 60) out.push(y);
  return out;
}

describe('line bundle (WebGL)', () => {
  it('draws a row as a polyline through its values on each axis', () => {
    // value 0.5 on axis 0 (y 95), 1 on axis 1 (y 20), 0 on axis 2 (y 170)
    const b = make([0.5, 1, 0], 1);
    expect(b.renderer).toBe('webgl');
    b.draw();
    const near = (rows: number[], y: number) => rows.some((r) => Math.abs(r - y) <= 1.5);
    expect(near(redRows(b, 20), 95)).toBe(true);
    expect(near(redRows(b, 150), 20)).toBe(true);
    expect(near(redRows(b, 278), 170 - 150 * (2 / 130))).toBe(true); // the last pixel of a line is not drawn
    // half-way between axis 0 and 1: y = (95 + 20) / 2
    expect(near(redRows(b, 85), 57.5)).toBe(true);
    expect(pixel(b, 85, 150)[3]).toBe(0); // nothing elsewhere
  });

  it('draws missing values on the missing band and flips axes', () => {
    const b = make([NaN, 0.25, 0.25], 1, { flipped: [0, 1, 0] });
    b.draw();
    const rows0 = redRows(b, 20);
    expect(rows0.some((r) => Math.abs(r - 190) <= 1.5)).toBe(true);
    // flipped axis 1: value 0.25 drawn at y of 0.75
    expect(redRows(b, 150).some((r) => Math.abs(r - (170 - 0.75 * 150)) <= 1.5)).toBe(true);
    expect(redRows(b, 278).some((r) => Math.abs(r - (170 - 0.25 * 150)) <= 1.5)).toBe(true);
  });

  it('filters on the GPU: rows outside the ranges are dimmed under the rows that pass (OR within a column, AND across)', () => {
    // three flat rows at 0.2, 0.5, 0.8
    const vals = [0.2, 0.2, 0.2, 0.5, 0.5, 0.5, 0.8, 0.8, 0.8];
    const b = make(vals, 3);
    const ys = [0.2, 0.5, 0.8].map((v) => Math.round(170 - v * 150));
    const colorAt = (y: number) => {
      const p = pixel(b, 85, y);
      return p[0] > 128 && p[2] < 100 ? 'red' : p[2] > 128 && p[0] < 100 ? 'blue' : 'none';
    };
    b.draw();
    expect(ys.map(colorAt)).toEqual(['red', 'red', 'red']);
    const ranges: LineRange[] = [
      { column: 0, lo: 0.1, hi: 0.3 },
      { column: 0, lo: 0.7, hi: 0.9 },
      { column: 2, lo: 0.6, hi: 1 },
    ];
    b.setFilter(ranges);
    b.draw();
    expect(ys.map(colorAt)).toEqual(['blue', 'blue', 'red']);
    const ref = filterRows(Float32Array.from(vals), 3, 3, ranges);
    expect([...ref]).toEqual([0, 0, 1]);
    b.setFilter([{ column: 1, lo: 0.1, hi: 0.6 }]);
    b.draw();
    expect(ys.map(colorAt)).toEqual(['red', 'red', 'blue']);
    b.setMask(Uint8Array.from([1, 0, 1]));
    b.draw();
    expect(ys.map(colorAt)).toEqual(['red', 'blue', 'blue']);
    b.setFilter(null);
    b.setMask(null);
    b.draw();
    expect(ys.map(colorAt)).toEqual(['red', 'red', 'red']);
  });

  it('colours rows by a column through the palette (categorical and continuous)', () => {
    const b = make([0.25, 0.2, 0.2, 0.75, 0.8, 0.8], 2, { colors: { column: 0, palette: ['#00ff00', '#ff00ff'], categorical: true } });
    b.draw();
    const find = (y0: number, pred: (p: number[]) => boolean) => [-2, -1, 0, 1, 2].some((dy) => pred(pixel(b, 85, y0 + dy)));
    // The whole pixel column at x = 85 holds exactly the two lines: green pixels only within 2 px of row 0's line,
    // magenta only within 2 px of row 1's, and nothing else drawn.
    const greenY = 170 - 0.225 * 150, magentaY = 170 - 0.775 * 150;
    const seen = { green: [] as number[], magenta: [] as number[], other: [] as number[] };
    for (let y = 0; y < H; y++) {
      const p = pixel(b, 85, y);
      if (p[3] < 40) continue;
      if (p[1] > 120 && p[0] < 80 && p[2] < 80) seen.green.push(y);
      else if (p[0] > 120 && p[2] > 120 && p[1] < 80) seen.magenta.push(y);
      else seen.other.push(y);
    }
    expect(seen.green.length).toBeGreaterThan(0);
    expect(seen.magenta.length).toBeGreaterThan(0);
    expect(seen.green.every((y) => Math.abs(y - greenY) <= 2)).toBe(true);
    expect(seen.magenta.every((y) => Math.abs(y - magentaY) <= 2)).toBe(true);
    expect(seen.other).toEqual([]);
    expect(find(Math.round(170 - 0.225 * 150), (p) => p[1] > 200 && p[0] < 60)).toBe(true); // green
    expect(find(Math.round(170 - 0.775 * 150), (p) => p[0] > 200 && p[2] > 200 && p[1] < 60)).toBe(true); // magenta
    b.setColors({ column: 0, palette: ['#000000', '#ffffff'] });
    b.draw();
    // continuous: t = 0.75 → 75% grey
    expect(find(Math.round(170 - 0.775 * 150), (p) => Math.abs(p[0] - 191) < 12 && Math.abs(p[2] - 191) < 12 && p[3] > 60)).toBe(true);
  });

  it('draws only the given rows (keep / exclude)', () => {
    const b = make([0.2, 0.2, 0.2, 0.8, 0.8, 0.8], 2);
    b.setRows(Uint32Array.from([1]));
    b.draw();
    const rows = redRows(b, 85);
    expect(rows.every((r) => Math.abs(r - (170 - 0.8 * 150)) <= 1.5)).toBe(true);
    expect(rows.length).toBeGreaterThan(0);
  });

  it('recovers from a WebGL context loss', async () => {
    const b = make([0.5, 0.5, 0.5], 1);
    b.draw();
    const y = 95;
    expect(redRows(b, 85).some((r) => Math.abs(r - y) <= 1)).toBe(true);
    const gl = b.canvas.getContext('webgl')!;
    const ext = gl.getExtension('WEBGL_lose_context')!;
    const lostEvent = new Promise((r) => b.canvas.addEventListener('webglcontextlost', r, { once: true }));
    ext.loseContext();
    await lostEvent;
    await new Promise((r) => setTimeout(r, 50)); // Chromium ignores a restore in the task that lost the context
    expect(b.lost).toBe(true);
    b.draw(); // a no-op while lost
    const restored = new Promise((r) => b.canvas.addEventListener('webglcontextrestored', r, { once: true }));
    ext.restoreContext();
    await restored;
    await new Promise((r) => setTimeout(r, 50));
    expect(b.lost).toBe(false);
    b.setFilter([{ column: 0, lo: 0.4, hi: 0.6 }]);
    b.draw();
    expect(redRows(b, 85).some((r) => Math.abs(r - y) <= 1)).toBe(true);
  });

  it('frees its GL resources on destroy, over many create/destroy cycles on one shared regl', async () => {
    const { default: createREGL } = await import('regl');
    const canvas = document.createElement('canvas');
    const regl = createREGL({ canvas, extensions: ['ANGLE_instanced_arrays', 'OES_texture_float'], profile: true });
    const tex0 = regl.stats.textureCount;
    const buf0 = regl.stats.bufferCount;
    for (let i = 0; i < 30; i++) {
      const b = createLineBundle(regl, { ...layout, values: new Float32Array(300), n: 100, d: 3 });
      b.draw();
      if (i % 2) {
        // density mode allocates its two layer textures too
        b.setMode('density');
        b.setFilter([{ column: 0, lo: 0, hi: 0.5 }]);
        b.draw();
      }
      b.destroy();
      b.destroy(); // idempotent
    }
    expect(regl.stats.textureCount).toBe(tex0);
    expect(regl.stats.bufferCount).toBe(buf0);
    regl.destroy();
  });

  it('rejects values that do not hold n × d numbers', () => {
    const canvas = document.createElement('canvas');
    expect(() => createLineBundle(canvas, { ...layout, values: new Float32Array(5), n: 2, d: 3 })).toThrow(/options\.values/);
    expect(() => createLineBundle(canvas, { ...layout, values: [1, 2, 3] as unknown as Float32Array, n: 1, d: 3 })).toThrow(/Float32Array/);
  });
});

describe('line bundle (Canvas2D fallback)', () => {
  it('draws the same polylines and filter on a 2D canvas', () => {
    const b = make([0.2, 0.2, 0.2, 0.8, 0.8, 0.8], 2, { renderer: 'canvas' });
    expect(b.renderer).toBe('canvas');
    b.setFilter([{ column: 0, lo: 0.7, hi: 1 }]);
    b.draw();
    const top = pixel(b, 85, Math.round(170 - 0.8 * 150));
    const low = pixel(b, 85, Math.round(170 - 0.2 * 150));
    expect(top[0]).toBeGreaterThan(128);
    expect(low[2]).toBeGreaterThan(128);
  });
});

describe('line bundle (density mode)', () => {
  /** n rows in two flat clusters: even rows near 0.2 on every axis, odd rows near 0.8 (± 0.02). */
  function clusters(n: number): number[] {
    const v: number[] = [];
    for (let i = 0; i < n; i++) {
      const c = i % 2 ? 0.8 : 0.2;
      for (let j = 0; j < 3; j++) v.push(c + (((i * 7 + j * 13) % 41) / 40 - 0.5) * 0.04);
    }
    return v;
  }
  const yOf = (t: number) => Math.round(170 - t * 150);
  const kind = (p: number[]) => (p[3] < 8 ? 'none' : p[0] > 128 && p[2] < 100 ? 'red' : p[2] > 128 && p[0] < 100 ? 'blue' : 'other');

  for (const renderer of ['webgl', 'canvas'] as const) {
    it(`draws density where the rows are and dims the rows a filter drops (${renderer})`, () => {
      const b = make(clusters(4000), 4000, { mode: 'density', renderer });
      expect(b.renderer).toBe(renderer);
      expect(b.mode).toBe('density');
      b.draw();
      for (const x of [40, 85, 200]) {
        expect(kind(pixel(b, x, yOf(0.2))), `x ${x}, 0.2`).toBe('red');
        expect(kind(pixel(b, x, yOf(0.8))), `x ${x}, 0.8`).toBe('red');
        expect(kind(pixel(b, x, yOf(0.5))), `x ${x}, 0.5`).toBe('none');
      }
      expect(kind(pixel(b, 10, yOf(0.2)))).toBe('none'); // left of the first axis
      // keep the upper cluster: it stays in the line colour, the lower one turns to the dim colour
      b.setFilter([{ column: 1, lo: 0.7, hi: 0.9 }]);
      b.draw();
      const hi = pixel(b, 85, yOf(0.8));
      const lo = pixel(b, 85, yOf(0.2));
      expect(kind(hi)).toBe('red');
      expect(kind(lo)).toBe('blue');
      expect(lo[3]).toBeLessThan(hi[3]); // dimmed layer is fainter
      // a mask from another view on top of the filter: nothing passes, everything is dim
      b.setMask(new Uint8Array(4000));
      b.draw();
      expect(kind(pixel(b, 85, yOf(0.8)))).toBe('blue');
      b.setMask(null);
      b.setFilter(null);
      b.setMode('lines');
      b.draw();
      expect(b.mode).toBe('lines');
      expect(kind(pixel(b, 85, yOf(0.2)))).toBe('red');
    });
  }

  for (const renderer of ['webgl', 'canvas'] as const) {
    it(`colours density bands by the colour column (mean colour of their rows), also when brushed (${renderer})`, () => {
      const green = (p: number[]) => p[3] > 8 && p[1] > 128 && p[0] < 100 && p[2] < 100;
      const magenta = (p: number[]) => p[3] > 8 && p[0] > 128 && p[2] > 128 && p[1] < 100;
      // categorical on column 0: the lower cluster (≈ 0.2) is category 0 (green), the upper (≈ 0.8) category 1
      const b = make(clusters(4000), 4000, { mode: 'density', renderer, colors: { column: 0, palette: ['#00ff00', '#ff00ff'], categorical: true } });
      b.draw();
      for (const x of [40, 85, 200]) {
        expect(green(pixel(b, x, yOf(0.2))), `x ${x}, lower band green: ${pixel(b, x, yOf(0.2))}`).toBe(true);
        expect(magenta(pixel(b, x, yOf(0.8))), `x ${x}, upper band magenta: ${pixel(b, x, yOf(0.8))}`).toBe(true);
      }
      // brushed: the passing (upper) band keeps its colour, the other is in the dim colour
      b.setFilter([{ column: 1, lo: 0.7, hi: 0.9 }]);
      b.draw();
      expect(magenta(pixel(b, 85, yOf(0.8)))).toBe(true);
      expect(kind(pixel(b, 85, yOf(0.2)))).toBe('blue');
      // a continuous palette: values interpolate between its ends, so the two bands differ
      b.setFilter(null);
      b.setColors({ column: 0, palette: ['#000000', '#ffffff'] });
      b.draw();
      const lo = pixel(b, 85, yOf(0.2));
      const hi = pixel(b, 85, yOf(0.8));
      expect(hi[0] / hi[3]).toBeGreaterThan(lo[0] / lo[3] + 0.3);
      // no colour column: back to the line colour
      b.setColors(null);
      b.draw();
      expect(kind(pixel(b, 85, yOf(0.2)))).toBe('red');
    });
  }

  it('keeps drawing density after a WebGL context loss', async () => {
    const b = make(clusters(400), 400, { mode: 'density' });
    b.draw();
    const ext = b.canvas.getContext('webgl')!.getExtension('WEBGL_lose_context')!;
    const lostEvent = new Promise((r) => b.canvas.addEventListener('webglcontextlost', r, { once: true }));
    ext.loseContext();
    await lostEvent;
    await new Promise((r) => setTimeout(r, 50));
    const restored = new Promise((r) => b.canvas.addEventListener('webglcontextrestored', r, { once: true }));
    ext.restoreContext();
    await restored;
    await new Promise((r) => setTimeout(r, 50));
    b.setFilter([{ column: 0, lo: 0.7, hi: 0.9 }]);
    b.draw();
    expect(kind(pixel(b, 85, yOf(0.8)))).toBe('red');
    expect(kind(pixel(b, 85, yOf(0.2)))).toBe('blue');
  });
});
