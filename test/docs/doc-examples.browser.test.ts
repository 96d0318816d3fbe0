// Every code example of README.md, docs/*.md and packages/*/README.md, run in Chromium as a reader would run it.
// scripts/doc-examples.mjs extracts them into test/docs/.tmp/ (it is this project's vitest globalSetup, and an
// `npm test` step that also typechecks them); read its header for the rules. Here:
// - a ts/js block runs as a module, with the names of ./prelude.ts (real data), an element for each
//   `querySelector('#id')` / `querySelector('tl-…')` it makes, and relative URLs resolving as in an html block; every component handle it leaves in a top-level
//   variable must reach the screen (`whenRendered()`), and nothing may log an error, reject unhandled, emit
//   `tl-error` or show an alert. Then the handles are destroyed.
// - an html block is a page (an iframe) with the built script bundle (`npm run build` first): every tl-* element
//   in it must draw (a canvas or svg with a size) and the page must log no error and load every file it names.
import { describe, expect, it } from 'vitest';
import { defineElements } from '@tensorlens/elements';
import { resetPage } from './prelude';

interface ScriptExample {
  id: string;
  source: string;
  lang: 'ts' | 'js';
  module: string;
  lookedUp: string[];
}
interface PageExample {
  id: string;
  source: string;
  html: string;
  lookedUp: string[];
}
interface Manifest {
  scripts: ScriptExample[];
  pages: PageExample[];
  skipped: { source: string; lang: string; reason: string }[];
  /** Blocks marked `<!-- excerpt of file -->` that were found in their file. */
  excerpts: { source: string; of: string }[];
  /** A not-run marker without a reason, an excerpt not found in its file, a json block that does not parse. */
  problems: string[];
}
type Example = () => Promise<Record<string, unknown>>;
interface Drawable {
  whenRendered(): Promise<unknown>;
}

const manifest = Object.values(import.meta.glob<Manifest>('./.tmp/examples.json', { eager: true, import: 'default' }))[0];
const modules = import.meta.glob<Example>('./.tmp/blocks/*', { import: 'default' });
/** Where a page's relative URLs point: docs/examples/ and the script files (see scripts/doc-examples.mjs). */
const SITE = `${location.origin}/test/docs/.tmp/site/`;
const RENDER_TIMEOUT_MS = 45_000;

defineElements();

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${RENDER_TIMEOUT_MS / 1000} s`)), RENDER_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const frames = (n = 2) => new Promise<void>((resolve) => {
  const step = (left: number) => (left ? requestAnimationFrame(() => step(left - 1)) : resolve());
  step(n);
});

/**
 * Errors the page reports while an example runs: console.error, uncaught errors and rejections, tl-error. The
 * examples' own console.log lines (what a reader would see in the console) are kept out of the test output.
 */
function watchErrors(): { errors: string[]; stop(): void } {
  const errors: string[] = [];
  const original = console.error;
  const log = console.log;
  console.error = (...args: unknown[]) => {
    errors.push(`console.error: ${args.map(String).join(' ')}`);
    original.apply(console, args);
  };
  console.log = () => {};
  const onError = (e: ErrorEvent) => errors.push(`uncaught: ${e.message}`);
  const onRejection = (e: PromiseRejectionEvent) => errors.push(`unhandled rejection: ${String((e.reason as Error)?.message ?? e.reason)}`);
  const onTlError = (e: Event) => errors.push(`tl-error: ${(e as CustomEvent<{ message: string }>).detail.message}`);
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
  document.addEventListener('tl-error', onTlError);
  return {
    errors,
    stop() {
      console.error = original;
      console.log = log;
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onRejection);
      document.removeEventListener('tl-error', onTlError);
    },
  };
}

const isDrawable = (v: unknown): v is Drawable => typeof (v as Drawable | null)?.whenRendered === 'function';
const isDestroyable = (v: unknown): v is { destroy(): void } => typeof (v as { destroy?: unknown } | null)?.destroy === 'function';

/** Visible error text in `root` (components and elements show their errors with role="alert"). */
function alerts(root: ParentNode): string[] {
  return Array.from(root.querySelectorAll<HTMLElement>('[role="alert"]'))
    .filter((n) => !n.hidden && n.textContent?.trim())
    .map((n) => n.textContent!.trim());
}

/** Whether `element` shows a drawn canvas or svg (with a size on screen). */
function draws(element: Element): boolean {
  const marks = Array.from(element.querySelectorAll('canvas, svg'));
  return marks.some((m) => {
    const r = m.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && (!(m instanceof HTMLCanvasElement) || (m.width > 0 && m.height > 0));
  });
}

describe('doc examples', () => {
  it('are extracted (scripts/doc-examples.mjs): markers have reasons, excerpts match their files, json parses', () => {
    expect(manifest, 'test/docs/.tmp/examples.json is missing: run `node scripts/doc-examples.mjs`').toBeDefined();
    expect(manifest.scripts.length + manifest.pages.length).toBeGreaterThan(0);
    expect(manifest.problems).toEqual([]);
  });

  // Listed as skipped tests, so `npm test`'s count shows every block that was marked not to run.
  describe('blocks marked <!-- not-run: reason -->', () => {
    for (const s of (manifest?.skipped ?? []).filter((b) => b.reason.startsWith('not-run'))) it.skip(`${s.source} — ${s.reason}`, () => {});
  });

  describe('ts/js blocks run in the page', () => {
    it.each((manifest?.scripts ?? []).map((e) => [e.source, e] as const))('%s', async (source, { module, lookedUp }) => {
      const boxes = resetPage();
      const made = lookedUp.map((selector) => {
        const node = selector.startsWith('#') ? document.createElement('div') : document.createElement(selector);
        if (selector.startsWith('#')) node.id = selector.slice(1);
        else node.setAttribute('eager', '');
        node.style.cssText = 'display:block;width:640px;height:400px;position:relative';
        return document.body.appendChild(node);
      });
      // Relative URLs in an example (`loadAtlas('atlas/atlas.json')`) resolve as in a page beside docs/examples/.
      const base = document.head.appendChild(Object.assign(document.createElement('base'), { href: SITE }));
      const watch = watchErrors();
      let bindings: Record<string, unknown> = {};
      try {
        const load = modules[module];
        expect(load, `${module} was not generated`).toBeTypeOf('function');
        bindings = await (await load())();
        for (const [name, value] of Object.entries(bindings)) {
          if (!isDrawable(value)) continue;
          await withTimeout(value.whenRendered(), `${source}: ${name}.whenRendered()`).catch((error: { code?: string }) => {
            if (error?.code !== 'destroyed') throw error; // the example destroyed it itself
          });
        }
        for (const node of made) {
          const element = node as HTMLElement & Partial<Drawable> & { data?: unknown };
          if (isDrawable(element) && (element.data != null || element.hasAttribute('src'))) {
            await withTimeout(element.whenRendered(), `${source}: <${node.localName}>.whenRendered()`);
          }
        }
        await frames(2);
        expect([...boxes, ...made].flatMap(alerts), 'error text shown in the page').toEqual([]);
        expect(watch.errors, 'errors reported while the example ran').toEqual([]);
      } finally {
        watch.stop();
        base.remove();
        for (const value of Object.values(bindings)) if (isDestroyable(value)) value.destroy();
        for (const node of made) node.remove();
      }
    });
  });

  describe('html blocks draw as pages with the script bundle', () => {
    it.each((manifest?.pages ?? []).map((e) => [e.source, e] as const))('%s', async (source, { html }) => {
      const frame = document.createElement('iframe');
      frame.style.cssText = 'width:1000px;height:700px;border:0';
      const loaded = new Promise<void>((resolve) => frame.addEventListener('load', () => resolve(), { once: true }));
      const ownScript = /<script\b[^>]*\bsrc=/i.test(html);
      frame.srcdoc =
        `<!doctype html><html><head><meta charset="utf-8"><base href="${SITE}"><script>${PROBE}</script></head>` +
        `<body>${html}${ownScript ? '' : '\n<script src="tensorlens.min.js"></script>'}</body></html>`;
      document.body.append(frame);
      try {
        await loaded;
        const win = frame.contentWindow as Window & { __docErrors: string[]; tensorlens?: unknown };
        const doc = frame.contentDocument!;
        expect(win.tensorlens, `${source}: no script bundle ran — build it with \`npm run build\``).toBeDefined();
        const elements = Array.from(doc.body.querySelectorAll('*')).filter((e) => e.localName.startsWith('tl-')) as Array<HTMLElement & Drawable>;
        for (const element of elements) {
          element.scrollIntoView();
          await withTimeout(element.whenRendered(), `${source}: <${element.localName}>.whenRendered()`).catch((error: Error) => {
            throw new Error(`<${element.localName}> did not draw: ${error.message}`);
          });
        }
        await frames(2);
        for (const element of elements) expect(draws(element), `<${element.localName}> shows a canvas or svg`).toBe(true);
        if (!elements.length) expect(draws(doc.body), 'the page draws a canvas or svg').toBe(true);
        expect(alerts(doc), 'error text shown in the page').toEqual([]);
        expect(win.__docErrors, 'errors reported by the page').toEqual([]);
      } finally {
        frame.remove();
      }
    });
  });
});

/** Installed first in every page: records errors, failed loads (a script or file that 404s) and tl-error events. */
const PROBE = `
window.__docErrors = [];
const push = (m) => window.__docErrors.push(m);
const consoleError = console.error.bind(console);
console.error = (...args) => { push('console.error: ' + args.map(String).join(' ')); consoleError(...args); };
addEventListener('error', (e) => push(e instanceof ErrorEvent ? 'uncaught: ' + e.message : 'failed to load ' + (e.target.src || e.target.href || e.target.localName)), true);
addEventListener('unhandledrejection', (e) => push('unhandled rejection: ' + ((e.reason && e.reason.message) || e.reason)));
document.addEventListener('tl-error', (e) => push('tl-error: ' + e.detail.message));
`;
