// Every component under a Content-Security-Policy, from its built script file, as a page embeds it: the strictest
// policy it supports (it draws, styled, and the browser reports no violation) and policies that leave out what it
// needs (a readable message naming the directive and tl-error, a slower fallback said once in the console, never a
// blank or half-working view). The policies are read from docs/embedding.md's table, so the docs state what is
// tested. Each page is an iframe whose <meta http-equiv> sets the policy; test/e2e/csp/recorder.js (loaded first)
// records violation reports and console warnings. Needs `npm run build` first (`npm test` does).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const DIST = '/packages/elements/dist/';

type Win = Window &
  typeof globalThis & {
    cspViolations: string[];
    consoleWarnings: string[];
    tlErrors: Array<{ error: unknown; message: string }>;
    componentErrors: unknown[];
    component?: Handle;
    tensorlens: Record<string, unknown>;
  };

interface Handle {
  whenRendered(): Promise<void>;
  on(type: string, fn: (e: unknown) => void): () => void;
  toPNG?(scale?: number): Promise<Blob>;
  element?: HTMLElement;
  [key: string]: unknown;
}

type TlElement = HTMLElement & { whenRendered(): Promise<void> } & Record<string, unknown>;

interface Page {
  frame: HTMLIFrameElement;
  win: Win;
  doc: Document;
  /** tl-error events dispatched in the page (their detail), recorded from the start by recorder.js. */
  readonly errors: Array<{ error: unknown; message: string }>;
}

const frames: HTMLIFrameElement[] = [];
afterAll(() => frames.forEach((f) => f.remove()));

/** The tested policy of each component, from the table in docs/embedding.md. */
const POLICIES: Record<string, string> = {};

beforeAll(async () => {
  const res = await fetch(`${DIST}tensorlens.min.js`, { method: 'HEAD' });
  expect(res.ok, 'packages/elements/dist/tensorlens.min.js is missing: run `npm run build` first').toBe(true);
  const doc = await (await fetch('/docs/embedding.md')).text();
  const table = doc.slice(doc.indexOf('<!-- csp-policies'), doc.indexOf('<!-- /csp-policies -->'));
  for (const line of table.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 5 || cells[1] === 'Component' || cells[1].startsWith('---')) continue;
    const policy = /^`([^`]+)`$/.exec(cells[3]);
    if (policy) POLICIES[cells[1]] = policy[1];
  }
});

/** The documented policy of `component`. */
function policyOf(component: string): string {
  const policy = POLICIES[component];
  expect(policy, `docs/embedding.md lists no policy for ${component}`).toBeTruthy();
  return policy;
}

/** `policy` without one source expression (`'unsafe-eval'`) or without a whole directive (`connect-src`). */
function without(policy: string, what: string): string {
  const directives = policy.split(';').map((d) => d.trim());
  const out = what.includes(' ') || what.startsWith("'") || what.endsWith(':')
    ? directives.map((d) => {
        const [name, ...sources] = d.split(/\s+/);
        const kept = sources.filter((s) => !what.split(' ').includes(s));
        return kept.length ? [name, ...kept].join(' ') : null;
      })
    : directives.map((d) => (d.split(/\s+/)[0] === what ? null : d));
  const result = out.filter((d): d is string => !!d).join('; ');
  expect(result, `dropping ${what} changes ${policy}`).not.toBe(policy);
  return result;
}

/** Loads a page with `policy`, the script file `bundle` and `body`; with `component`, test/e2e/csp/components.js creates it. */
async function open(policy: string, bundle: string, body: string, component?: string): Promise<Page> {
  const frame = document.createElement('iframe');
  frames.push(frame);
  frame.style.cssText = 'width:820px;height:620px;border:0';
  const loaded = new Promise<void>((resolve) => frame.addEventListener('load', () => resolve(), { once: true }));
  frame.srcdoc = `<!doctype html><html><head><meta charset="utf-8">
    <meta http-equiv="Content-Security-Policy" content="${policy}">
    <base href="${location.origin}/docs/examples/">
    <script src="/test/e2e/csp/recorder.js"></script>
    </head><body data-component="${component ?? ''}">
    ${component ? '<div id="chart" class="csp-box"></div>' : body}
    <script src="${DIST}${bundle}"></script>
    ${component ? '<script src="/test/e2e/csp/components.js"></script>' : ''}
    </body></html>`;
  document.body.append(frame);
  frame.scrollIntoView();
  await loaded;
  const win = frame.contentWindow as Win;
  const doc = frame.contentDocument!;
  // Boxes with a size, set through the CSSOM (the policy allows no style attribute and no <style> element).
  const size = (el: HTMLElement) => {
    el.style.display = 'block';
    el.style.width = '760px';
    el.style.height = '460px';
  };
  doc.querySelectorAll<HTMLElement>('.csp-box, tl-point-cloud, tl-activation-atlas, tl-parallel-coordinates').forEach(size);
  return { frame, win, doc, errors: win.tlErrors };
}

/** The element `tag` of the page. */
function elementOf(page: Page, tag: string): TlElement {
  return page.doc.querySelector(tag) as unknown as TlElement;
}

/** Resolves with the error `p` rejects with (fails if it resolves). */
async function rejection(p: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await p;
  } catch (e) {
    return e as Error & Record<string, unknown>;
  }
  throw new Error('expected a rejection');
}

/** How many pixels of `canvas` are painted (alpha > 0), read through a 2D copy. */
function paintedPixels(canvas: HTMLCanvasElement): number {
  const copy = document.createElement('canvas');
  copy.width = canvas.width;
  copy.height = canvas.height;
  const ctx = copy.getContext('2d')!;
  ctx.drawImage(canvas, 0, 0);
  const data = ctx.getImageData(0, 0, copy.width, copy.height).data;
  let n = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
  return n;
}

/** Waits until `condition()` is truthy (polling), failing with `what` after `ms`. */
async function until<T>(condition: () => T | null | undefined | false | 0, what: string, ms = 15_000): Promise<T> {
  const t0 = performance.now();
  for (;;) {
    const v = condition();
    if (v) return v;
    if (performance.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Gives the browser a turn to deliver late violation reports. */
const settle = () => new Promise((r) => setTimeout(r, 100));

/** What a view styled by tensorlens looks like: the theme's sheet is adopted (no <style> element was needed). */
function expectStyled(page: Page, root: Element): void {
  expect(page.doc.adoptedStyleSheets.length).toBeGreaterThan(0);
  expect(page.doc.querySelector('style')).toBeNull();
  expect(page.win.getComputedStyle(root).position).toBe('relative'); // :where(.tl-root){position:relative}
}

/** A WebGL view's message under a policy without 'unsafe-eval', and its error. */
function expectUnsafeEvalMessage(root: ParentNode, error: unknown): void {
  const alert = root.querySelector('[role="alert"]:not([hidden])');
  expect(alert?.textContent).toContain("script-src 'unsafe-eval'");
  expect(alert?.textContent).toContain('Content-Security-Policy');
  expect(error).toMatchObject({ name: 'TensorLensError', code: 'csp', argument: 'script-src' });
  expect(root.querySelector('.tl-pc-canvas, .tl-aa-canvas')).toBeNull(); // the WebGL canvas is gone, not left blank
}

/** The one console line of a computation that fell back to the main thread. */
function workerWarnings(page: Page): string[] {
  return page.win.consoleWarnings.filter((w) => w.includes('worker-src blob:'));
}

/** Dispatches a pointer event at CSS px (x, y) of `target`, with the page's own PointerEvent. */
function pointer(page: Page, target: Element, type: string, x: number, y: number, buttons = 0): void {
  const r = target.getBoundingClientRect();
  target.dispatchEvent(new page.win.PointerEvent(type, { clientX: r.left + x, clientY: r.top + y, pointerId: 1, bubbles: true, button: 0, buttons, isPrimary: true }));
}

/** Even-odd test of (x, y) against a closed polygon (independent of the cloud's own test). */
function inside(poly: Array<[number, number]>, x: number, y: number): boolean {
  let c = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i], [xj, yj] = poly[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c = !c;
  }
  return c;
}

describe('Content-Security-Policy: each component under its documented policy', () => {
  it('lists a tested policy for every component in docs/embedding.md', () => {
    expect(Object.keys(POLICIES).sort()).toEqual(
      ['Activation atlas', 'Confusion matrix', 'Data table', 'Embedding projector', 'Layer explorer', 'Parallel coordinates', 'Point cloud', 'Saliency overlay', 'XY plot'].sort(),
    );
    for (const policy of Object.values(POLICIES)) {
      expect(policy).toContain("default-src 'none'");
      expect(policy).not.toContain('unsafe-inline');
      expect(policy).not.toContain('style-src');
    }
  });

  it('confusion matrix: draws; toPNG() needs img-src blob:; without connect-src it says why and emits tl-error', async () => {
    const body = '<tl-confusion-matrix src="article-predictions.csv" eager></tl-confusion-matrix>';
    const page = await open(policyOf('Confusion matrix'), 'tensorlens-confusion-matrix.min.js', body);
    const el = elementOf(page, 'tl-confusion-matrix');
    await el.whenRendered();
    expect(el.querySelectorAll('.tl-cm-cell')).toHaveLength(100);
    expectStyled(page, el.querySelector('.tl-root')!);
    await settle();
    expect(page.win.cspViolations).toEqual([]);
    expect(page.errors).toEqual([]);
    // toPNG() rasterises through a blob: image: refused without img-src blob:, drawn with it.
    expect(await rejection((el.chart as Handle).toPNG!(1))).toMatchObject({ code: 'csp', argument: 'img-src' });
    const exporting = await open(`${policyOf('Confusion matrix')}; img-src blob:`, 'tensorlens-confusion-matrix.min.js', body);
    const exported = elementOf(exporting, 'tl-confusion-matrix');
    await exported.whenRendered();
    expect((await (exported.chart as Handle).toPNG!(1)).size).toBeGreaterThan(1000);
    await settle();
    expect(exporting.win.cspViolations).toEqual([]);

    const blocked = await open(without(policyOf('Confusion matrix'), 'connect-src'), 'tensorlens-confusion-matrix.min.js', body);
    const el2 = elementOf(blocked, 'tl-confusion-matrix');
    const error = await rejection(el2.whenRendered());
    expect(error.message).toContain('connect-src');
    expect(el2.querySelector('[role="alert"]')?.textContent).toContain("the page's Content-Security-Policy does not allow connecting to");
    expect(blocked.errors.map((e) => e.message)).toEqual([error.message]);
  });

  it('data table: draws with script-src alone', async () => {
    const page = await open(policyOf('Data table'), 'tensorlens.min.js', '', 'data-table');
    const table = await until(() => page.win.component, 'the data table');
    await table.whenRendered();
    const root = page.doc.querySelector('#chart .tl-root')!;
    expect(root.querySelector('[role="grid"]')?.textContent).toContain('adam');
    expect(root.textContent).toContain('0.93');
    expectStyled(page, root);
    await settle();
    expect(page.win.cspViolations).toEqual([]);
  });

  it('saliency overlay: draws; without connect-src a message; toPNG() without img-src data: rejects naming img-src', async () => {
    const body = '<tl-saliency src="saliency/methods-7.json" columns="3" size="120" eager></tl-saliency>';
    const page = await open(policyOf('Saliency overlay'), 'tensorlens-saliency.min.js', body);
    const el = elementOf(page, 'tl-saliency');
    await el.whenRendered();
    const canvases = Array.from(el.querySelectorAll('canvas'));
    expect(canvases.length).toBeGreaterThan(0);
    expect(Math.max(...canvases.map(paintedPixels))).toBeGreaterThan(100);
    expectStyled(page, el.querySelector('.tl-root')!);
    await settle();
    expect(page.win.cspViolations).toEqual([]);
    const error = await rejection((el.overlay as Handle).toPNG!(1));
    expect(error).toMatchObject({ name: 'TensorLensError', code: 'csp', argument: 'img-src' });

    const blocked = await open(without(policyOf('Saliency overlay'), 'connect-src'), 'tensorlens-saliency.min.js', body);
    const refused = await rejection(elementOf(blocked, 'tl-saliency').whenRendered());
    expect(refused.message).toContain('connect-src');
    expect(elementOf(blocked, 'tl-saliency').querySelector('[role="alert"]')?.textContent).toContain('connect-src');
    expect(blocked.errors).toHaveLength(1);

    const exporting = await open(`${policyOf('Saliency overlay')}; img-src data:`, 'tensorlens-saliency.min.js', body);
    const el2 = elementOf(exporting, 'tl-saliency');
    await el2.whenRendered();
    const png = await (el2.overlay as Handle).toPNG!(1);
    expect(png.size).toBeGreaterThan(1000);
    await settle();
    expect(exporting.win.cspViolations).toEqual([]);
  });

  it('layer explorer: draws with script-src alone; toPNG() needs img-src data:', async () => {
    const page = await open(policyOf('Layer explorer'), 'tensorlens.min.js', '', 'layer-explorer');
    const explorer = await until(() => page.win.component, 'the layer explorer');
    await explorer.whenRendered();
    const root = page.doc.querySelector('#chart .tl-root')!;
    const canvases = Array.from(root.querySelectorAll('canvas'));
    expect(canvases.length).toBeGreaterThanOrEqual(3); // the input and two channels at least
    expect(Math.max(...canvases.map(paintedPixels))).toBeGreaterThan(10);
    expect(root.textContent).toContain('dog'); // the largest logit's class
    expectStyled(page, root);
    await settle();
    expect(page.win.cspViolations).toEqual([]);
    const error = await rejection(explorer.toPNG!(1));
    expect(error).toMatchObject({ code: 'csp', argument: 'img-src' });

    const exporting = await open(`${policyOf('Layer explorer')}; img-src data:`, 'tensorlens.min.js', '', 'layer-explorer');
    const explorer2 = await until(() => exporting.win.component, 'the layer explorer');
    expect((await explorer2.toPNG!(1)).size).toBeGreaterThan(500);
  });
});

describe('Content-Security-Policy: WebGL views', () => {
  const CLOUD = '<tl-point-cloud src="article-embedding.csv" color="label" tool="lasso" eager></tl-point-cloud>';

  it("point cloud: draws under its policy; without 'unsafe-eval' it says so in place and emits tl-error", async () => {
    const page = await open(policyOf('Point cloud'), 'tensorlens-point-cloud.min.js', CLOUD);
    const el = elementOf(page, 'tl-point-cloud');
    await el.whenRendered();
    expect(paintedPixels(el.querySelector('canvas')!)).toBeGreaterThan(500);
    expectStyled(page, el.querySelector('.tl-root')!);
    await settle();
    expect(page.win.cspViolations).toEqual([]);
    expect(page.win.consoleWarnings).toEqual([]);

    const blocked = await open(without(policyOf('Point cloud'), "'unsafe-eval'"), 'tensorlens-point-cloud.min.js', CLOUD);
    const el2 = elementOf(blocked, 'tl-point-cloud');
    const error = await rejection(el2.whenRendered());
    expectUnsafeEvalMessage(el2, error);
    expect(blocked.errors).toHaveLength(1);
    expect(blocked.errors[0].error).toBe(error);
    expect(el2.querySelector('.tl-pc-legend:not([hidden])')).toBeNull();
    // One report: the probe (regl never ran). Reports arrive in a task of their own.
    await until(() => blocked.win.cspViolations.length, 'the report of the probe');
    await settle();
    expect(blocked.win.cspViolations).toEqual(['script-src eval']);
  });

  it('point cloud without worker-src blob:: hover and lasso work through the main-thread index, said once in the console', async () => {
    const page = await open(without(policyOf('Point cloud'), 'worker-src'), 'tensorlens-point-cloud.min.js', CLOUD);
    const el = elementOf(page, 'tl-point-cloud');
    await el.whenRendered();
    const cloud = el.pointCloud as Handle & { screenPosition(i: number): [number, number] | null; selection: { toArray(): Uint32Array }; count: number };
    const canvas = el.querySelector('canvas')!;
    // Hover: the pointer over a point gives its tl-hover and tooltip.
    const hovers: Array<number | null> = [];
    el.addEventListener('tl-hover', (e) => hovers.push((e as CustomEvent<{ index: number } | null>).detail?.index ?? null));
    const target = 7;
    const [hx, hy] = cloud.screenPosition(target)!;
    await until(
      () => {
        pointer(page, canvas, 'pointermove', hx + 30, hy + 30);
        pointer(page, canvas, 'pointermove', hx, hy);
        return hovers.some((h) => h !== null);
      },
      'a hover answered by the main-thread index',
    );
    const hovered = hovers.filter((h) => h !== null).pop()!;
    const distance = (i: number) => Math.hypot(cloud.screenPosition(i)![0] - hx, cloud.screenPosition(i)![1] - hy);
    expect(distance(hovered)).toBeLessThanOrEqual(distance(target) + 1e-3);
    expect(el.querySelector<HTMLElement>('.tl-tooltip')!.hidden).toBe(false);
    // Lasso: a triangle selects exactly the points inside it.
    const poly: Array<[number, number]> = [[120, 80], [520, 120], [300, 400]];
    pointer(page, canvas, 'pointerdown', ...poly[0], 1);
    for (let k = 1; k <= 30; k++) {
      const t = k / 30;
      const [a, b] = t < 0.5 ? [poly[0], poly[1]] : [poly[1], poly[2]];
      const u = t < 0.5 ? t * 2 : (t - 0.5) * 2;
      pointer(page, canvas, 'pointermove', a[0] + (b[0] - a[0]) * u, a[1] + (b[1] - a[1]) * u, 1);
    }
    pointer(page, canvas, 'pointerup', ...poly[2]);
    const selected = await until(() => (cloud.selection.toArray().length ? Array.from(cloud.selection.toArray()) : null), 'a lasso selection');
    const expected: number[] = [];
    for (let i = 0; i < cloud.count; i++) {
      const p = cloud.screenPosition(i);
      if (p && inside(poly, p[0], p[1])) expected.push(i);
    }
    expect(expected.length).toBeGreaterThan(20);
    // Points within a pixel of the edge may fall either way; every other point is decided the same.
    const edge = (i: number) => [-1, 1].some((dx) => [-1, 1].some((dy) => inside(poly, cloud.screenPosition(i)![0] + dx, cloud.screenPosition(i)![1] + dy) !== inside(poly, cloud.screenPosition(i)![0], cloud.screenPosition(i)![1])));
    expect(selected.filter((i) => !expected.includes(i) && !edge(i))).toEqual([]);
    expect(expected.filter((i) => !selected.includes(i) && !edge(i))).toEqual([]);
    // Said once, naming the directive; the browser reported the refused worker.
    expect(workerWarnings(page)).toHaveLength(1);
    expect(workerWarnings(page)[0]).toContain('hover and lasso');
    expect(page.win.cspViolations.every((v) => v === 'worker-src blob')).toBe(true);
    expect(page.errors).toEqual([]);
  });

  it("XY plot: draws under its policy; without 'unsafe-eval' it says so and emits error", async () => {
    const page = await open(policyOf('XY plot'), 'tensorlens.min.js', '', 'xy-plot');
    const plot = await until(() => page.win.component, 'the XY plot');
    await plot.whenRendered();
    const root = page.doc.querySelector('#chart .tl-root')!;
    expect(paintedPixels(root.querySelector('canvas')!)).toBeGreaterThan(300);
    expect(root.querySelectorAll('.tl-xy-tick').length).toBeGreaterThan(4);
    expectStyled(page, root);
    await settle();
    expect(page.win.cspViolations).toEqual([]);

    const blocked = await open(without(policyOf('XY plot'), "'unsafe-eval'"), 'tensorlens.min.js', '', 'xy-plot');
    const plot2 = await until(() => blocked.win.component, 'the XY plot');
    const error = await rejection(plot2.whenRendered());
    expectUnsafeEvalMessage(blocked.doc.getElementById('chart')!, error);
    expect(blocked.win.componentErrors).toEqual([error]);
  });

  it("parallel coordinates: WebGL lines under its policy; without 'unsafe-eval' Canvas2D lines (said once); without connect-src a message", async () => {
    const body = '<tl-parallel-coordinates src="/stories/data/sweep.csv" eager></tl-parallel-coordinates>';
    const page = await open(policyOf('Parallel coordinates'), 'tensorlens-parallel-coordinates.min.js', body);
    const el = elementOf(page, 'tl-parallel-coordinates');
    await el.whenRendered();
    const chart = el.chart as Handle & { renderer: string };
    expect(chart.renderer).toBe('webgl');
    const lines = (root: Element) => Math.max(...Array.from(root.querySelectorAll('canvas')).map(paintedPixels));
    expect(lines(el)).toBeGreaterThan(1000);
    expectStyled(page, el.querySelector('.tl-root')!);
    await settle();
    expect(page.win.cspViolations).toEqual([]);

    const noEval = await open(without(policyOf('Parallel coordinates'), "'unsafe-eval'"), 'tensorlens-parallel-coordinates.min.js', body);
    const el2 = elementOf(noEval, 'tl-parallel-coordinates');
    await el2.whenRendered();
    expect((el2.chart as { renderer: string }).renderer).toBe('canvas');
    expect(lines(el2)).toBeGreaterThan(1000);
    expect(noEval.win.consoleWarnings.filter((w) => w.includes("script-src 'unsafe-eval'")), JSON.stringify(noEval.win.consoleWarnings)).toHaveLength(1);
    expect(noEval.errors).toEqual([]);

    const noConnect = await open(without(policyOf('Parallel coordinates'), 'connect-src'), 'tensorlens-parallel-coordinates.min.js', body);
    const el3 = elementOf(noConnect, 'tl-parallel-coordinates');
    const error = await rejection(el3.whenRendered());
    expect(error.message).toContain('connect-src');
    expect(el3.querySelector('[role="alert"]')?.textContent).toContain('connect-src');
    expect(noConnect.errors).toHaveLength(1);
  });

  const PROJECTOR = '<tl-embedding-projector src="projector/tensors.tsv" metadata-src="projector/metadata.tsv" method="pca" color-by="label" k="5" eager></tl-embedding-projector>';

  it("embedding projector: projects and draws under its policy; without 'unsafe-eval' it says so and emits tl-error once", async () => {
    const page = await open(policyOf('Embedding projector'), 'tensorlens-embedding-projector.min.js', PROJECTOR);
    const el = elementOf(page, 'tl-embedding-projector');
    await el.whenRendered();
    const projector = el.projector as Handle & { projection: { method: string } | null };
    expect(projector.projection?.method).toBe('pca');
    expect(paintedPixels(el.querySelector('canvas')!)).toBeGreaterThan(500);
    expectStyled(page, el.querySelector('.tl-root')!);
    await settle();
    expect(page.win.cspViolations).toEqual([]);
    expect(page.win.consoleWarnings).toEqual([]);

    const blocked = await open(without(policyOf('Embedding projector'), "'unsafe-eval'"), 'tensorlens-embedding-projector.min.js', PROJECTOR);
    const el2 = elementOf(blocked, 'tl-embedding-projector');
    const error = await rejection(el2.whenRendered());
    expectUnsafeEvalMessage(el2, error);
    expect(blocked.errors.map((e) => e.error)).toEqual([error]);
    // No controls for a picture that cannot be drawn, and no projection started.
    expect((el2.querySelector('.tl-ep-toolbar') as HTMLElement).style.display).toBe('none');
    expect((el2.projector as { projection: unknown }).projection).toBeNull();
  });

  it('embedding projector without worker-src blob:: PCA and nearest neighbours run on the main thread, said once each', async () => {
    const page = await open(without(policyOf('Embedding projector'), 'worker-src'), 'tensorlens-embedding-projector.min.js', PROJECTOR);
    const el = elementOf(page, 'tl-embedding-projector');
    await el.whenRendered();
    const projector = el.projector as Handle & { projection: { method: string; n: number } | null; pointCloud: { selection: { set(rows: number[]): void } } };
    expect(projector.projection?.method).toBe('pca');
    expect(projector.projection?.n).toBe(2000);
    expect(paintedPixels(el.querySelector('canvas')!)).toBeGreaterThan(500);
    // Selecting one point lists its nearest neighbours (the neighbour index on the main thread).
    projector.pointCloud.selection.set([3]);
    await until(() => el.querySelectorAll('.tl-ep-neighbors li').length === 5, 'five neighbours listed');
    const warnings = workerWarnings(page);
    expect(warnings.some((w) => w.includes('projections'))).toBe(true);
    expect(warnings.some((w) => w.includes('nearest neighbours'))).toBe(true);
    expect(new Set(warnings).size).toBe(warnings.length); // each said once
    expect(page.win.cspViolations.every((v) => v === 'worker-src blob')).toBe(true);
    expect(page.errors).toEqual([]);
  });

  const ATLAS = '<tl-activation-atlas src="atlas/atlas.json" eager></tl-activation-atlas>';

  it("activation atlas: draws its sprites under its policy; without 'unsafe-eval' a message; without img-src a page error naming it", async () => {
    const page = await open(policyOf('Activation atlas'), 'tensorlens-activation-atlas.min.js', ATLAS);
    const el = elementOf(page, 'tl-activation-atlas');
    await el.whenRendered();
    expect(paintedPixels(el.querySelector('canvas')!)).toBeGreaterThan(2000);
    expect(el.querySelector('.tl-aa-note:not([hidden])')).toBeNull(); // no "could not be loaded" note
    expectStyled(page, el.querySelector('.tl-root')!);
    await settle();
    expect(page.win.cspViolations).toEqual([]);

    const blocked = await open(without(policyOf('Activation atlas'), "'unsafe-eval'"), 'tensorlens-activation-atlas.min.js', ATLAS);
    const el2 = elementOf(blocked, 'tl-activation-atlas');
    const error = await rejection(el2.whenRendered());
    expectUnsafeEvalMessage(el2, error);
    expect(blocked.errors.map((e) => e.error)).toEqual([error]);

    const noImages = await open(without(policyOf('Activation atlas'), 'img-src'), 'tensorlens-activation-atlas.min.js', ATLAS);
    const el3 = elementOf(noImages, 'tl-activation-atlas');
    await until(() => noImages.errors.length, 'a sprite page error');
    expect(noImages.errors[0].message).toContain('img-src');
    await el3.whenRendered();
    expect(el3.textContent).toContain('could not be loaded');
  });
});
