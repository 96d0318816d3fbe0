// Loads docs/examples/article.html (served from the repository root by the vitest server) in an
// iframe, as a reader would, and checks that the script-tag bundle drew the chart without errors.
// Needs the bundle: run `npm run build` first (`npm test` does).
import { afterAll, describe, expect, it } from 'vitest';
import { clickCellAndCheckCloud, type CloudElement, type MatrixElement } from './linked-views';

interface Probe {
  errors: string[];
}

const PAGE = '/docs/examples/article.html';
const CSV = '/docs/examples/article-predictions.csv';

/** Installs error hooks in the iframe's window as soon as its document exists. */
function instrument(win: Window & typeof globalThis, probe: Probe): void {
  const original = win.console.error.bind(win.console);
  win.console.error = (...args: unknown[]) => {
    probe.errors.push(`console.error: ${args.map(String).join(' ')}`);
    original(...args);
  };
  win.addEventListener('error', (e) => probe.errors.push(`error: ${(e as ErrorEvent).message ?? (e.target as Element)?.outerHTML}`), true);
  win.addEventListener('unhandledrejection', (e) => probe.errors.push(`unhandled rejection: ${String(e.reason)}`));
}

async function openArticle(): Promise<{ frame: HTMLIFrameElement; win: Window & typeof globalThis; probe: Probe }> {
  const probe: Probe = { errors: [] };
  const frame = document.createElement('iframe');
  frame.style.cssText = 'width:1000px;height:800px;border:0';
  document.body.append(frame);
  frame.scrollIntoView(); // figures start when visible, and an iframe below the fold shows nothing
  const loaded = new Promise<void>((resolve) => frame.addEventListener('load', () => resolve(), { once: true }));
  frame.src = PAGE;
  // Hook the new document's window before its scripts run: poll until the navigation commits.
  await new Promise<void>((resolve) => {
    const poll = () => {
      const doc = frame.contentDocument;
      if (doc && doc.URL.endsWith(PAGE)) {
        instrument(frame.contentWindow as Window & typeof globalThis, probe);
        resolve();
      } else setTimeout(poll, 0);
    };
    poll();
  });
  await loaded;
  return { frame, win: frame.contentWindow as Window & typeof globalThis, probe };
}

/** Independent reference: accuracy and per-class counts straight from the CSV text. */
async function reference(): Promise<{ total: number; correct: number; classes: number }> {
  const text = await (await fetch(CSV)).text();
  const rows = text.trim().split('\n').slice(1).map((l) => l.split(','));
  const correct = rows.filter(([t, p]) => t === p).length;
  return { total: rows.length, correct, classes: new Set(rows.map((r) => r[0])).size };
}

const frames: HTMLIFrameElement[] = [];
afterAll(() => frames.forEach((f) => f.remove()));

describe('docs/examples/article.html', () => {
  it('loads the built bundle with its one script tag and draws the first figure without errors', async () => {
    const bundle = await fetch('/packages/elements/dist/tensorlens.min.js');
    expect(bundle.ok, 'packages/elements/dist/tensorlens.min.js is missing: run `npm run build` first').toBe(true);

    const ref = await reference();
    expect(ref.total).toBe(2000);
    const { frame, win, probe } = await openArticle();
    frames.push(frame);
    const doc = frame.contentDocument!;

    // Only the bundle: one script tag, no inline script (the dev server adds its own /@vite/client).
    const scripts = Array.from(doc.querySelectorAll('script')).filter((s) => s.getAttribute('src') !== '/@vite/client');
    expect(scripts.map((s) => s.getAttribute('src'))).toEqual(['../../packages/elements/dist/tensorlens.min.js']);
    expect((win as unknown as { tensorlens?: Record<string, unknown> }).tensorlens?.createConfusionMatrix).toBeTypeOf('function');
    expect(win.customElements.get('tl-confusion-matrix')).toBeTypeOf('function');

    const figures = Array.from(doc.querySelectorAll('tl-confusion-matrix')) as Array<HTMLElement & { whenRendered(): Promise<void>; stats(): { total: number; size: number; accuracy: number } | null }>;
    expect(figures).toHaveLength(2);
    const first = figures[0];
    await first.whenRendered();

    // 10 × 10 cells, 2000 examples, accuracy as computed from the CSV.
    expect(first.querySelectorAll('.tl-cm-cell')).toHaveLength(ref.classes * ref.classes);
    const stats = first.stats()!;
    expect(stats.size).toBe(10);
    expect(stats.total).toBe(ref.total);
    expect(stats.accuracy).toBeCloseTo(ref.correct / ref.total, 12);

    // The visible summary line and the accessible label say the same.
    const pct = `${Math.round((ref.correct / ref.total) * 1000) / 10}%`;
    const summary = first.querySelector('.tl-cm-summary')?.textContent ?? '';
    expect(summary).toContain(`Accuracy ${pct}`);
    expect(summary).toContain('2000 examples');
    expect(summary).toContain('10 classes');
    expect(first.querySelector('.tl-cm')?.getAttribute('aria-label')).toContain('A small MLP on 2000 MNIST test digits');
    expect(first.querySelector('[role="alert"]')).toBeNull();

    // The second figure waits below the fold until scrolled into view.
    const second = figures[1];
    expect(second.querySelectorAll('.tl-cm-cell')).toHaveLength(0);
    second.scrollIntoView();
    await second.whenRendered();
    expect(second.querySelectorAll('.tl-cm-cell')).toHaveLength(100);
    expect(second.stats()!.total).toBe(ref.total);

    // Every resource the page fetched answered 2xx (a 404 would log a console error).
    const failed = (win.performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .filter((r) => (r as PerformanceResourceTiming & { responseStatus?: number }).responseStatus! >= 400)
      .map((r) => r.name);
    expect(failed).toEqual([]);
    expect(probe.errors).toEqual([]);
  });

  it('links Figure 1 and Figure 2 (selection="digits"): the 9 → 4 cell lights up its thirteen digits in the point cloud', async () => {
    const { frame, probe } = await openArticle();
    frames.push(frame);
    const doc = frame.contentDocument!;
    const matrix = doc.querySelector('tl-confusion-matrix') as MatrixElement;
    const cloud = doc.querySelector('tl-point-cloud') as CloudElement;
    expect(matrix.getAttribute('selection')).toBe('digits');
    expect(cloud.getAttribute('selection')).toBe('digits');
    // Read as a reader does: Figure 1 is in view on load, then scroll down to Figure 2. Both start lazily when
    // visible, so wait for the matrix before scrolling it out of view: on a busy machine its first visibility
    // callback can come after the scroll, and a figure never seen never starts.
    await matrix.whenRendered();
    cloud.scrollIntoView();
    await clickCellAndCheckCloud(cloud, matrix);
    // The cloud's accessible status line counts the selected digits.
    expect(cloud.textContent).toContain('13 selected');
    expect(probe.errors).toEqual([]);
  });

  it('runs under a strict Content-Security-Policy (no eval, no inline script)', async () => {
    const violations: string[] = [];
    const frame = document.createElement('iframe');
    frames.push(frame);
    frame.style.cssText = 'width:900px;height:700px;border:0';
    const loaded = new Promise<void>((resolve) => frame.addEventListener('load', () => resolve(), { once: true }));
    frame.srcdoc = `<!doctype html><html><head>
      <meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self' 'unsafe-inline'">
      <base href="${location.origin}/docs/examples/">
      </head><body>
      <tl-confusion-matrix src="article-predictions.csv" eager></tl-confusion-matrix>
      <script src="../../packages/elements/dist/tensorlens.min.js"></script>
      </body></html>`;
    document.body.append(frame);
    frame.contentDocument?.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    await loaded;
    const doc = frame.contentDocument!;
    doc.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    const el = doc.querySelector('tl-confusion-matrix') as HTMLElement & { whenRendered(): Promise<void>; stats(): { total: number } | null };
    await el.whenRendered();
    expect(el.querySelectorAll('.tl-cm-cell')).toHaveLength(100);
    expect(el.stats()?.total).toBe(2000);
    expect(violations).toEqual([]);
  });

  // Regression check: an auto-height container must not shrink the plot (it once fell to a 200 px floor).
  it('draws the matrix at a readable size in the article column', async () => {
    const { frame } = await openArticle();
    frames.push(frame);
    const first = frame.contentDocument!.querySelector('tl-confusion-matrix') as HTMLElement & { whenRendered(): Promise<void> };
    await Promise.race([first.whenRendered(), new Promise((r) => setTimeout(r, 10_000))]);
    await new Promise((r) => setTimeout(r, 300));
    const plot = first.querySelector('.tl-cm-plot')!.getBoundingClientRect();
    expect(first.getBoundingClientRect().width).toBeGreaterThan(700);
    expect(plot.width).toBeGreaterThanOrEqual(400);
  });
});
