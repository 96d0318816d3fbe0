// Page-wide named selections through the BUILT script files: <tl-point-cloud selection="digits"> and
// <tl-confusion-matrix selection="digits"> on one page share one selection, whether they come from the full
// bundle or from two per-component files (each with its own copy of core). Clicking a matrix cell must change
// the cloud's pixels where those rows are. Needs `npm run build` first.
import { afterAll, describe, expect, it } from 'vitest';
import { clickCellAndCheckCloud, type CloudElement, type MatrixElement } from './linked-views';

const DIST = '/packages/elements/dist/';
const frames: HTMLIFrameElement[] = [];
afterAll(() => frames.forEach((frame) => frame.remove()));

async function page(scripts: string[], body: string): Promise<{ win: Window & typeof globalThis; doc: Document; errors: string[] }> {
  const frame = document.createElement('iframe');
  frames.push(frame);
  frame.style.cssText = 'width:1000px;height:900px;border:0';
  const loaded = new Promise<void>((resolve) => frame.addEventListener('load', () => resolve(), { once: true }));
  frame.srcdoc = `<!doctype html><html><head><base href="${location.origin}/docs/examples/"></head><body>${body}${scripts
    .map((script) => `<script src="${DIST}${script}"></script>`)
    .join('')}</body></html>`;
  document.body.append(frame);
  frame.scrollIntoView();
  await loaded;
  const win = frame.contentWindow as Window & typeof globalThis;
  const errors: string[] = [];
  win.addEventListener('error', (e) => errors.push(String((e as ErrorEvent).message)));
  win.addEventListener('unhandledrejection', (e) => errors.push(`unhandled rejection: ${String(e.reason)}`));
  return { win, doc: frame.contentDocument!, errors };
}

const BODY = `
  <tl-point-cloud src="article-embedding.csv" color="label" selection="digits" eager style="width:600px;height:400px"></tl-point-cloud>
  <tl-confusion-matrix src="article-predictions.csv" selection="digits" eager style="width:700px"></tl-confusion-matrix>`;

describe('selection="digits" links a point cloud and a confusion matrix through the built scripts', () => {
  it('with the full bundle (tensorlens.min.js): a matrix cell click highlights its rows in the cloud', async () => {
    const res = await fetch(`${DIST}tensorlens.min.js`);
    expect(res.ok, 'run `npm run build` first').toBe(true);
    const { doc, errors } = await page(['tensorlens.min.js'], BODY);
    await clickCellAndCheckCloud(doc.querySelector('tl-point-cloud') as CloudElement, doc.querySelector('tl-confusion-matrix') as MatrixElement);
    expect(errors).toEqual([]);
  });

  it('with two per-component files (each with its own copy of core) on one page', async () => {
    const { win, doc, errors } = await page(['tensorlens-point-cloud.min.js', 'tensorlens-confusion-matrix.min.js'], BODY);
    // Two copies of core: the point cloud's file defined <tl-point-cloud>, the matrix's file <tl-confusion-matrix>.
    expect(win.customElements.get('tl-point-cloud')).toBeTypeOf('function');
    expect(win.customElements.get('tl-confusion-matrix')).toBeTypeOf('function');
    expect(win.customElements.get('tl-parallel-coordinates')).toBeUndefined();
    await clickCellAndCheckCloud(doc.querySelector('tl-point-cloud') as CloudElement, doc.querySelector('tl-confusion-matrix') as MatrixElement);
    // One registry on the page, under the shared symbol.
    const registry = (win as unknown as Record<symbol, Map<string, unknown>>)[Symbol.for('tensorlens.selections')];
    expect(registry.get('digits')).toBe((doc.querySelector('tl-point-cloud') as CloudElement).selection);
    expect(errors).toEqual([]);
  });
});
