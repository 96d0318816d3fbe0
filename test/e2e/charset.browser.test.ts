// The script-tag files are ASCII (non-ASCII text escaped at build), so a page in another charset reads them
// right: a classic script served without a charset is decoded in the page's encoding, and before this the
// parallel-coordinates axis buttons of a windows-1252 page read `â‡…` and `âœ•` instead of ⇅ and ✕.
// Needs `npm run build` first.
import { afterAll, describe, expect, it } from 'vitest';
import { until } from '../support';

const SCRIPT = `${location.origin}/packages/elements/dist/tensorlens-parallel-coordinates.min.js`;
const frames: HTMLIFrameElement[] = [];
const urls: string[] = [];
afterAll(() => {
  frames.forEach((f) => f.remove());
  urls.forEach((u) => URL.revokeObjectURL(u));
});

/** A page served as `contentType`, with `head`, that draws two axes with <tl-parallel-coordinates>. */
async function page(contentType: string, head: string): Promise<Document> {
  const html = `<!doctype html><html><head>${head}<title>charset</title></head><body>
<tl-parallel-coordinates eager columns="lr,loss" style="display:block;width:600px;height:320px"></tl-parallel-coordinates>
<script src="${SCRIPT}"></script>
<script>document.querySelector('tl-parallel-coordinates').data = { lr: [0.001, 0.01, 0.1, 0.03], loss: [0.52, 0.31, 0.44, 0.35] };</script>
</body></html>`;
  const url = URL.createObjectURL(new Blob([html], { type: contentType }));
  urls.push(url);
  const frame = document.createElement('iframe');
  frames.push(frame);
  frame.style.cssText = 'width:700px;height:420px;border:0';
  const loaded = new Promise<void>((resolve) => frame.addEventListener('load', () => resolve(), { once: true }));
  frame.src = url;
  document.body.append(frame);
  await loaded;
  const doc = frame.contentDocument!;
  const el = doc.querySelector('tl-parallel-coordinates') as HTMLElement & { whenRendered(): Promise<void> };
  await until(() => typeof (el as { whenRendered?: unknown }).whenRendered === 'function', 'the element to be defined');
  await el.whenRendered();
  return doc;
}

/** The text of the axis header buttons, by their accessible name. */
function axisButtons(doc: Document): { flip: string[]; hide: string[] } {
  const text = (sel: string) => [...doc.querySelectorAll(sel)].map((b) => b.textContent ?? '');
  return { flip: text('.tl-par-head button[aria-label^="Flip axis"]'), hide: text('.tl-par-head button[aria-label^="Hide axis"]') };
}

describe('script files in a page of any charset', () => {
  it('a windows-1252 page shows the axis buttons ⇅ and ✕ of <tl-parallel-coordinates>', async () => {
    const res = await fetch(SCRIPT);
    expect(res.ok, 'run `npm run build` first').toBe(true);
    // The premise: the script arrives without a charset, so the browser decodes it in the page's encoding.
    expect(res.headers.get('content-type') ?? '').not.toMatch(/charset/i);
    const doc = await page('text/html; charset=windows-1252', '<meta charset="windows-1252">');
    expect(doc.characterSet).toBe('windows-1252');
    expect(axisButtons(doc)).toEqual({ flip: ['⇅', '⇅'], hide: ['✕', '✕'] });
  });

  it('a page that declares no charset shows them too', async () => {
    const doc = await page('text/html', '');
    expect(axisButtons(doc)).toEqual({ flip: ['⇅', '⇅'], hide: ['✕', '✕'] });
  });
});
