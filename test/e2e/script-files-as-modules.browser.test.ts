// The script-tag files of @tensorlens/elements work as ES modules too: `import '@tensorlens/elements/tensorlens-
// confusion-matrix.min.js'` defines the elements and sets globalThis.tensorlens, alone, beside another script
// file, or beside a classic <script> of one. Needs `npm run build` first.
import { afterAll, describe, expect, it } from 'vitest';
import { until } from '../support';

const DIST = `${location.origin}/packages/elements/dist/`;
const frames: HTMLIFrameElement[] = [];
afterAll(() => frames.forEach((f) => f.remove()));

type TlWindow = Window & typeof globalThis & { tensorlens?: Record<string, unknown>; __errors: string[]; __imported?: boolean };

/** A page whose body is `body`, then a module script importing `modules` in order, then `classic` scripts. */
async function page(modules: string[], body = '', classic: string[] = []): Promise<{ win: TlWindow; doc: Document }> {
  const frame = document.createElement('iframe');
  frames.push(frame);
  frame.style.cssText = 'width:900px;height:700px;border:0';
  const imports = modules.map((m) => `import '${DIST}${m}';`).join('\n');
  frame.srcdoc = `<!doctype html><html><head><meta charset="utf-8"><base href="${location.origin}/docs/examples/">
<script>window.__errors = []; addEventListener('error', (e) => __errors.push(String(e.message)));</script></head>
<body>${body}${classic.map((s) => `<script src="${DIST}${s}"></script>`).join('')}
<script type="module">${imports}\nwindow.__imported = true;</script></body></html>`;
  document.body.append(frame);
  const win = () => frame.contentWindow as TlWindow | null;
  await until(() => win()?.__imported === true || (win()?.__errors?.length ?? 0) > 0, 'the module script to run');
  return { win: win()!, doc: frame.contentDocument! };
}

describe('script files imported as ES modules', () => {
  it("import 'tensorlens-confusion-matrix.min.js' defines <tl-confusion-matrix>, sets globalThis.tensorlens and draws", async () => {
    const res = await fetch(`${DIST}tensorlens-confusion-matrix.min.js`);
    expect(res.ok, 'run `npm run build` first').toBe(true);
    const { win, doc } = await page(['tensorlens-confusion-matrix.min.js'], '<tl-confusion-matrix src="article-predictions.csv" eager></tl-confusion-matrix>');
    expect(win.__errors).toEqual([]);
    expect(win.customElements.get('tl-confusion-matrix')).toBeTypeOf('function');
    expect(win.customElements.get('tl-point-cloud')).toBeUndefined();
    expect(win.tensorlens?.createConfusionMatrix).toBeTypeOf('function');
    expect(win.tensorlens?.createSelection).toBeTypeOf('function');
    const el = doc.querySelector('tl-confusion-matrix') as HTMLElement & { whenRendered(): Promise<void>; stats(): { total: number } | null };
    await el.whenRendered();
    expect(el.querySelectorAll('.tl-cm-cell')).toHaveLength(100);
    expect(el.stats()?.total).toBe(2000);
  });

  it("import 'tensorlens.min.js' defines every element and exposes the whole API", async () => {
    const { win } = await page(['tensorlens.min.js']);
    expect(win.__errors).toEqual([]);
    for (const tag of ['tl-confusion-matrix', 'tl-saliency', 'tl-parallel-coordinates', 'tl-point-cloud', 'tl-embedding-projector', 'tl-activation-atlas']) {
      expect(win.customElements.get(tag), tag).toBeTypeOf('function');
    }
    expect(win.tensorlens?.createEmbeddingProjector).toBeTypeOf('function');
    expect(win.tensorlens?.toTable).toBeTypeOf('function');
  });

  it('two files imported as modules merge into one global', async () => {
    const { win } = await page(['tensorlens-confusion-matrix.min.js', 'tensorlens-saliency.min.js']);
    expect(win.__errors).toEqual([]);
    expect(win.tensorlens?.createConfusionMatrix).toBeTypeOf('function');
    expect(win.tensorlens?.createSaliencyOverlay).toBeTypeOf('function');
    expect(win.customElements.get('tl-saliency')).toBeTypeOf('function');
  });

  it('a module import beside a classic <script> of the full bundle keeps both APIs and redefines nothing', async () => {
    const { win } = await page(['tensorlens-saliency.min.js'], '', ['tensorlens.min.js']);
    expect(win.__errors).toEqual([]);
    expect(win.tensorlens?.createPointCloud).toBeTypeOf('function');
    expect(win.tensorlens?.createSaliencyOverlay).toBeTypeOf('function');
  });
});
