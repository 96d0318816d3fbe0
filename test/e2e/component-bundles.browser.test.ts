// The per-component script files (tensorlens-<component>.min.js): each defines only its own elements, and
// several on one page merge their API into the one global `tensorlens`. Needs `npm run build` first.
import { afterAll, describe, expect, it } from 'vitest';

const DIST = '/packages/elements/dist/';
const frames: HTMLIFrameElement[] = [];
afterAll(() => frames.forEach((f) => f.remove()));

async function page(scripts: string[], body: string): Promise<{ win: Window & typeof globalThis; doc: Document; errors: string[] }> {
  const frame = document.createElement('iframe');
  frames.push(frame);
  frame.style.cssText = 'width:900px;height:700px;border:0';
  const loaded = new Promise<void>((resolve) => frame.addEventListener('load', () => resolve(), { once: true }));
  frame.srcdoc = `<!doctype html><html><head><base href="${location.origin}/docs/examples/"></head><body>${body}${scripts
    .map((s) => `<script src="${DIST}${s}"></script>`)
    .join('')}</body></html>`;
  document.body.append(frame);
  await loaded;
  const win = frame.contentWindow as Window & typeof globalThis;
  const errors: string[] = [];
  win.addEventListener('error', (e) => errors.push(String((e as ErrorEvent).message)));
  return { win, doc: frame.contentDocument!, errors };
}

describe('per-component script files', () => {
  it('tensorlens-confusion-matrix.min.js defines <tl-confusion-matrix> only, and draws the article CSV', async () => {
    const res = await fetch(`${DIST}tensorlens-confusion-matrix.min.js`);
    expect(res.ok, 'run `npm run build` first').toBe(true);
    const { win, doc, errors } = await page(['tensorlens-confusion-matrix.min.js'], '<tl-confusion-matrix src="article-predictions.csv" eager></tl-confusion-matrix>');
    expect(win.customElements.get('tl-confusion-matrix')).toBeTypeOf('function');
    expect(win.customElements.get('tl-point-cloud')).toBeUndefined();
    expect(win.customElements.get('tl-parallel-coordinates')).toBeUndefined();
    const el = doc.querySelector('tl-confusion-matrix') as HTMLElement & { whenRendered(): Promise<void>; stats(): { total: number } | null };
    await el.whenRendered();
    expect(el.querySelectorAll('.tl-cm-cell')).toHaveLength(100);
    expect(el.stats()?.total).toBe(2000);
    expect(errors).toEqual([]);
  });

  it('two component files on one page merge into one global and each defines its own tag', async () => {
    const { win } = await page(['tensorlens-confusion-matrix.min.js', 'tensorlens-saliency.min.js'], '');
    const api = (win as unknown as { tensorlens: Record<string, unknown> }).tensorlens;
    expect(api.createConfusionMatrix).toBeTypeOf('function');
    expect(api.createSaliencyOverlay).toBeTypeOf('function');
    expect(api.createSelection).toBeTypeOf('function');
    expect(win.customElements.get('tl-confusion-matrix')).toBeTypeOf('function');
    expect(win.customElements.get('tl-saliency')).toBeTypeOf('function');
  });

  it('a component file beside the full bundle does not redefine a tag (no error)', async () => {
    const { win, errors } = await page(['tensorlens.min.js', 'tensorlens-confusion-matrix.min.js'], '');
    expect(win.customElements.get('tl-confusion-matrix')).toBeTypeOf('function');
    expect(errors).toEqual([]);
  });
});
