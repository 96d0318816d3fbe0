// Loads docs/examples/atlas.html in an iframe, as a reader would: one script tag (the atlas element's own
// file) and one <tl-activation-atlas src="atlas/atlas.json">. Checks the atlas is drawn from the sprite PNG,
// with the numbers the article quotes, and that nothing failed. Needs `npm run build` first.
import { afterAll, describe, expect, it } from 'vitest';

const PAGE = '/docs/examples/atlas.html';
const frames: HTMLIFrameElement[] = [];
afterAll(() => frames.forEach((f) => f.remove()));

interface AtlasEl extends HTMLElement {
  activationAtlas: {
    whenRendered(): Promise<void>;
    element: HTMLElement;
    readonly level: number;
    readonly lod: number;
    update(options: { level?: number | 'auto'; crossFade?: boolean }): void;
    cellPosition(level: number, cell: number): [number, number] | null;
  } | null;
}

describe('docs/examples/atlas.html', () => {
  it('draws the MNIST atlas from atlas.json and its PNG page with one script tag, without errors', async () => {
    const manifest = await (await fetch('/docs/examples/atlas/atlas.json')).json();
    const errors: string[] = [];
    const frame = document.createElement('iframe');
    frames.push(frame);
    frame.style.cssText = 'width:1000px;height:900px;border:0';
    document.body.append(frame);
    frame.scrollIntoView();
    const loaded = new Promise<void>((resolve) => frame.addEventListener('load', () => resolve(), { once: true }));
    frame.src = PAGE;
    await new Promise<void>((resolve) => {
      const poll = () => {
        const doc = frame.contentDocument;
        if (doc && doc.URL.endsWith(PAGE)) {
          const win = frame.contentWindow as Window & typeof globalThis;
          const orig = win.console.error.bind(win.console);
          win.console.error = (...a: unknown[]) => {
            errors.push(a.map(String).join(' '));
            orig(...a);
          };
          win.addEventListener('error', (e) => errors.push(String((e as ErrorEvent).message ?? 'resource error')), true);
          win.addEventListener('unhandledrejection', (e) => errors.push(String(e.reason)));
          resolve();
        } else setTimeout(poll, 0);
      };
      poll();
    });
    await loaded;
    const doc = frame.contentDocument!;
    const win = frame.contentWindow as Window & typeof globalThis;
    const scripts = Array.from(doc.querySelectorAll('script')).filter((s) => s.getAttribute('src') !== '/@vite/client');
    expect(scripts.map((s) => s.getAttribute('src'))).toEqual(['../../packages/elements/dist/tensorlens-activation-atlas.min.js']);
    expect(win.customElements.get('tl-activation-atlas')).toBeTypeOf('function');

    const el = doc.querySelector('tl-activation-atlas') as AtlasEl;
    el.scrollIntoView();
    const t0 = performance.now();
    while (!el.activationAtlas && performance.now() - t0 < 20_000) await new Promise((r) => setTimeout(r, 50));
    expect(el.activationAtlas, 'the element started its atlas').toBeTruthy();
    await el.activationAtlas!.whenRendered();
    expect(el.querySelector('[role="alert"]:not([hidden])'), 'no error shown').toBeNull();

    // The manifest is the real one: 3500 digits, four levels, the cell counts the article text quotes.
    expect(manifest.n).toBe(3500);
    expect(manifest.levels.map((l: { grid: number }) => l.grid)).toEqual([8, 16, 32, 64]);
    expect(manifest.levels.map((l: { counts: number[] }) => l.counts.length)).toEqual([30, 75, 198, 484]);
    // The article: "At the second level, one cell at the left edge holds 38 sevens and 26 nines. The average of
    // those activations scores 3.6 for nine and 1.7 for seven." Checked from the members and the digits' labels.
    const labels: number[] = (await (await fetch('/stories/data/mnist-atlas/digits.json')).json()).labels;
    const L = manifest.levels[1];
    const K = manifest.topK;
    const matches: number[] = [];
    for (let k = 0; k < L.counts.length; k++) {
      const byLabel = new Map<number, number>();
      for (const i of L.members.slice(L.offsets[k], L.offsets[k + 1])) byLabel.set(labels[i], (byLabel.get(labels[i]) ?? 0) + 1);
      if (byLabel.get(7) === 38 && byLabel.get(9) === 26) matches.push(k);
    }
    expect(matches).toHaveLength(1);
    const k = matches[0];
    expect(L.cells[k] % L.grid, 'at the left edge').toBeLessThanOrEqual(1);
    const top = L.topClasses.slice(k * K, k * K + 2);
    const scores = L.topScores.slice(k * K, k * K + 2);
    expect(top).toEqual([9, 7]);
    expect(scores[0]).toBeCloseTo(3.6, 1);
    expect(scores[1]).toBeCloseTo(1.7, 1);

    // Tiles are drawn: the canvas has icon pixels (MNIST strokes are bright on a dark icon background).
    const canvas = el.activationAtlas!.element.querySelector('canvas') as HTMLCanvasElement;
    const c = doc.createElement('canvas');
    c.width = canvas.width;
    c.height = canvas.height;
    const ctx = c.getContext('2d')!;
    let distinct = 0;
    for (let tries = 0; tries < 40 && distinct < 50; tries++) {
      ctx.clearRect(0, 0, c.width, c.height);
      ctx.drawImage(canvas, 0, 0);
      const px = ctx.getImageData(0, 0, c.width, c.height).data;
      const seen = new Set<number>();
      for (let i = 0; i < px.length; i += 4 * 7) seen.add((px[i] << 16) | (px[i + 1] << 8) | px[i + 2]);
      distinct = seen.size;
      if (distinct < 50) await new Promise((r) => setTimeout(r, 250));
    }
    expect(distinct, 'many distinct colours: digit icons drawn').toBeGreaterThanOrEqual(50);

    // At rest exactly one level is drawn, crisp: the picture is that level drawn alone (a fixed level, no fade),
    // although the fitted zoom lies about halfway between two levels (where both used to stay blended at half weight).
    const atlas = el.activationAtlas!;
    const snapshot = () => {
      ctx.clearRect(0, 0, c.width, c.height);
      ctx.drawImage(canvas, 0, 0);
      return ctx.getImageData(0, 0, c.width, c.height).data;
    };
    await new Promise((r) => setTimeout(r, 500));
    const atRest = snapshot();
    expect(Math.abs(atlas.lod - Math.round(atlas.lod)), 'the fitted view lies between two levels').toBeGreaterThan(0.25);
    atlas.update({ level: atlas.level, crossFade: false });
    await atlas.whenRendered();
    const alone = snapshot();
    let differing = 0;
    for (let i = 0; i < alone.length; i++) if (alone[i] !== atRest[i]) differing++;
    expect(differing, 'pixels that differ from the one level drawn alone').toBe(0);

    const failed = (win.performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .filter((r) => ((r as PerformanceResourceTiming & { responseStatus?: number }).responseStatus ?? 200) >= 400)
      .map((r) => r.name);
    expect(failed).toEqual([]);
    expect(errors).toEqual([]);
  });
});
