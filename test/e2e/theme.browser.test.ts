// Every documented --tl-* property, set by a page on the component's element, on an ancestor or on :root, in the
// light theme and in the dark one (the component's theme option, an ancestor's data-tl-theme, prefers-color-scheme),
// reaches what the component draws: the computed style of the node that shows it (confusion matrix, SVG and HTML),
// and the pixels of the point cloud's WebGL canvas. The reference for a colour is what Chromium computes for the same
// string on a plain element, independent of tensorlens's parser.
import { afterAll, afterEach, beforeAll, describe as suite, expect, it } from 'vitest';
import { cdp } from 'vitest/browser';
import { THEME_DARK, THEME_LIGHT, type Theme } from '@tensorlens/core';
import { createConfusionMatrix, type ConfusionMatrixHandle } from '@tensorlens/charts';
import { createPointCloud, type PointCloudHandle } from '@tensorlens/gl';
import { near, pixel, until } from '../support';

/** A distinct value per property, several colour syntaxes among them. */
const VALUES: Record<string, string> = {
  '--tl-fg': 'rgb(120, 20, 90)',
  '--tl-bg': 'hsl(60 100% 92%)',
  '--tl-muted': 'darkolivegreen',
  '--tl-accent': 'oklch(0.6 0.2 30)',
  '--tl-grid': '#0a0',
  '--tl-font': 'Georgia, serif',
  '--tl-font-size': '15px',
  '--tl-focus': 'rgb(255 128 0)',
  '--tl-tooltip-bg': 'rebeccapurple',
  '--tl-tooltip-fg': 'hwb(60 10% 20%)',
};
const NAMES = Object.keys(THEME_LIGHT);

/** What Chromium computes for `property: value` on a plain element (the independent reference). */
function computed(property: string, value: string): string {
  const probe = document.body.appendChild(document.createElement('i'));
  probe.style.setProperty(property, value);
  const out = getComputedStyle(probe).getPropertyValue(property);
  probe.remove();
  return out;
}

/** The computed colour of a CSS colour string, as Chromium writes it. */
const colour = (value: string) => computed('color', value);
/** RGB bytes of a CSS colour, painted by Chromium on a 2-D canvas (oklch() included). */
function bytes(value: string): number[] {
  const c = document.createElement('canvas').getContext('2d')!;
  c.fillStyle = value;
  c.fillRect(0, 0, 1, 1);
  return Array.from(c.getImageData(0, 0, 1, 1).data.slice(0, 3));
}

/** How a theme is put in force around a component created with `theme`. */
interface ThemeCase {
  name: string;
  theme: Theme;
  dark: boolean;
  /** Sets the theme up around `wrap` (the ancestor); returns the undo. */
  apply?: (wrap: HTMLElement) => Promise<() => Promise<void>> | (() => Promise<void>);
}

/** Emulates prefers-color-scheme: dark in this test's page (its own browser context), or puts the page's own scheme (light) back. */
async function emulateDark(on: boolean): Promise<void> {
  await cdp().send('Emulation.setEmulatedMedia', { features: on ? [{ name: 'prefers-color-scheme', value: 'dark' }] : [] });
  await until(() => matchMedia('(prefers-color-scheme: dark)').matches === on, 'the emulated colour scheme');
}

const THEMES: ThemeCase[] = [
  { name: 'light by default', theme: 'auto', dark: false },
  { name: "theme: 'light'", theme: 'light', dark: false },
  { name: "theme: 'dark'", theme: 'dark', dark: true },
  {
    name: 'data-tl-theme="dark" on an ancestor',
    theme: 'auto',
    dark: true,
    apply: (wrap) => {
      wrap.setAttribute('data-tl-theme', 'dark');
      return async () => wrap.removeAttribute('data-tl-theme');
    },
  },
  {
    name: 'prefers-color-scheme: dark',
    theme: 'auto',
    dark: true,
    apply: async () => {
      await emulateDark(true);
      return () => emulateDark(false);
    },
  },
  {
    // the component's own option wins over the page's scheme and an ancestor's marker
    name: "theme: 'light' inside data-tl-theme=\"dark\" under prefers-color-scheme: dark",
    theme: 'light',
    dark: false,
    apply: async (wrap) => {
      wrap.setAttribute('data-tl-theme', 'dark');
      await emulateDark(true);
      return () => emulateDark(false);
    },
  },
];

/** Where the page sets the property: a stylesheet rule on the element (as `tl-confusion-matrix { … }`), an ancestor, :root. */
const PLACES = ['element', 'ancestor', ':root'] as const;
const selectorOf = { element: '#tl-theme-host', ancestor: '#tl-theme-wrap', ':root': ':root' } as const;

let wrap: HTMLDivElement;
let host: HTMLDivElement;
let sheet: HTMLStyleElement;
beforeAll(() => {
  sheet = document.head.appendChild(document.createElement('style'));
});
afterAll(() => sheet.remove());
function makeHost(): void {
  wrap = document.body.appendChild(document.createElement('div'));
  wrap.id = 'tl-theme-wrap';
  host = wrap.appendChild(document.createElement('div'));
  host.id = 'tl-theme-host';
  host.style.cssText = 'width:480px;height:420px;position:relative';
}
afterEach(() => {
  sheet.textContent = '';
  wrap?.remove();
});

/** One probe of a component: what node shows a property, and what it computes there. */
type Probe = (property: string) => { node: Element; css: string } | null;

/** Checks every property in every place: the page's value wins, and without it the theme's default shows. */
async function checkEveryProperty(theme: ThemeCase, probe: Probe, redraw: () => Promise<void>): Promise<string[]> {
  const checked: string[] = [];
  const expected = (name: string, value: string, css: string) => (css === 'font-family' || css === 'font-size' ? computed(css, value) : colour(value));
  for (const name of NAMES) {
    const target = probe(name);
    if (!target) continue;
    const read = () => getComputedStyle(target.node).getPropertyValue(target.css);
    const fallback = (theme.dark && THEME_DARK[name]) || THEME_LIGHT[name];
    expect(read(), `${name} default in ${theme.name}`).toBe(expected(name, fallback, target.css));
    for (const place of PLACES) {
      sheet.textContent = `${selectorOf[place]}{${name}:${VALUES[name]}}`;
      await redraw();
      expect(read(), `${name} on ${place} in ${theme.name}`).toBe(expected(name, VALUES[name], target.css));
    }
    sheet.textContent = '';
    checked.push(name);
  }
  return checked;
}

suite('confusion matrix (SVG and HTML): every --tl-* property from the element, an ancestor or :root', () => {
  let cm: ConfusionMatrixHandle;
  afterEach(() => cm?.destroy());

  for (const theme of THEMES) {
    it(theme.name, async () => {
      makeHost();
      const undo = await theme.apply?.(wrap);
      try {
        const selection = (await import('@tensorlens/core')).createSelection(6);
        cm = createConfusionMatrix(host, { yTrue: [0, 0, 1, 1, 2, 2], yPred: [0, 1, 1, 1, 2, 0], classes: ['cat', 'dog', 'eel'], theme: theme.theme, selection });
        await cm.whenRendered();
        selection.set([0]); // outlines cell (cat, cat) in the accent colour
        await cm.whenRendered();
        const root = cm.element;
        const cell = root.querySelector<SVGElement>('.tl-cm-cell')!;
        cell.focus({ focusVisible: true } as FocusOptions);
        expect(cell.matches(':focus-visible')).toBe(true);
        const probe: Probe = (name) => {
          const at = (selector: string, css: string) => ({ node: root.querySelector(selector)!, css });
          switch (name) {
            case '--tl-fg':
              return at('.tl-cm-svg text:not([fill]):not(.tl-cm-muted)', 'fill');
            case '--tl-bg':
              return { node: root, css: 'background-color' };
            case '--tl-muted':
              return at('text.tl-cm-muted', 'fill');
            case '--tl-accent':
              return at('.tl-cm-hl', 'stroke');
            case '--tl-grid':
              return at('.tl-cm-reset', 'border-top-color');
            case '--tl-font':
              return at('.tl-cm-svg text', 'font-family');
            case '--tl-font-size':
              return { node: root, css: 'font-size' };
            case '--tl-focus':
              return { node: cell, css: 'stroke' };
            case '--tl-tooltip-bg':
              return at('.tl-tooltip', 'background-color');
            case '--tl-tooltip-fg':
              return at('.tl-tooltip', 'color');
          }
          return null;
        };
        expect(await checkEveryProperty(theme, probe, async () => {})).toEqual(NAMES);
      } finally {
        await undo?.();
      }
    });
  }

  it('works as docs/embedding.md writes it: tl-confusion-matrix { --tl-font: …; --tl-accent: … }, with the theme option too', async () => {
    makeHost();
    const element = wrap.appendChild(document.createElement('tl-confusion-matrix'));
    sheet.textContent = 'tl-confusion-matrix{display:block;--tl-font:Georgia, serif;--tl-accent:#d1242f}';
    const selection = (await import('@tensorlens/core')).createSelection(4);
    for (const theme of ['auto', 'dark'] as const) {
      cm = createConfusionMatrix(element as HTMLElement, { yTrue: [0, 1, 1, 0], yPred: [0, 1, 0, 0], theme, selection });
      selection.set([0]);
      await cm.whenRendered();
      expect(getComputedStyle(cm.element.querySelector('.tl-cm-hl')!).stroke, theme).toBe('rgb(209, 36, 47)');
      expect(getComputedStyle(cm.element.querySelector('text')!).fontFamily, theme).toBe('Georgia, serif');
      cm.destroy();
    }
  });
});

suite('point cloud (WebGL): the accent in its pixels, the rest in its HTML', () => {
  let pc: PointCloudHandle;
  afterEach(() => pc?.destroy());

  for (const theme of THEMES) {
    it(theme.name, async () => {
      makeHost();
      const undo = await theme.apply?.(wrap);
      try {
        // One big point in the middle, in the theme's accent (no color option), over a transparent canvas.
        pc = createPointCloud(host, { x: [0, 1, 0.5], y: [0, 1, 0.5], size: 40, opacity: 1, transition: 0, theme: theme.theme, label: ['a', 'b', 'c'] });
        await pc.whenRendered();
        const root = pc.element;
        const centre = () => pc.screenPosition(2)!;
        const fallback = (theme.dark && THEME_DARK['--tl-accent']) || THEME_LIGHT['--tl-accent'];
        expect(near(pixel(pc, ...centre()), bytes(fallback), 3), `default accent in ${theme.name}: ${pixel(pc, ...centre())}`).toBe(true);
        for (const place of PLACES) {
          sheet.textContent = `${selectorOf[place]}{--tl-accent:${VALUES['--tl-accent']}}`;
          // the stylesheet changed, not an attribute: the point cloud sees it at its next render
          pc.update({ size: 41 });
          await pc.whenRendered();
          expect(near(pixel(pc, ...centre()), bytes(VALUES['--tl-accent']), 3), `accent on ${place} in ${theme.name}: ${pixel(pc, ...centre())}`).toBe(true);
          pc.update({ size: 40 });
        }
        sheet.textContent = '';
        root.focus({ focusVisible: true } as FocusOptions);
        const resetButton = root.querySelector('.tl-pc-reset')!;
        const probe: Probe = (name) => {
          switch (name) {
            case '--tl-fg':
              return { node: resetButton, css: 'color' };
            case '--tl-bg':
              return { node: root, css: 'background-color' };
            case '--tl-grid':
              return { node: resetButton, css: 'border-top-color' };
            case '--tl-font':
              return { node: root, css: 'font-family' };
            case '--tl-font-size':
              return { node: root, css: 'font-size' };
            case '--tl-focus':
              return { node: root, css: 'outline-color' };
            case '--tl-tooltip-bg':
              return { node: root.querySelector('.tl-tooltip')!, css: 'background-color' };
            case '--tl-tooltip-fg':
              return { node: root.querySelector('.tl-tooltip')!, css: 'color' };
          }
          return null;
        };
        expect(await checkEveryProperty(theme, probe, async () => {})).toEqual(NAMES.filter((n) => n !== '--tl-muted' && n !== '--tl-accent'));
      } finally {
        await undo?.();
      }
    });
  }

  it('repaints by itself when the theme changes: an ancestor data-tl-theme, a class that sets --tl-accent, the page going dark', async () => {
    makeHost();
    pc = createPointCloud(host, { x: [0, 1, 0.5], y: [0, 1, 0.5], size: 40, opacity: 1, transition: 0 });
    await pc.whenRendered();
    const at = () => pixel(pc, ...pc.screenPosition(2)!);
    const shows = (value: string, what: string) => until(() => near(at(), bytes(value), 3), what);
    await shows(THEME_LIGHT['--tl-accent'], 'the light accent');
    wrap.setAttribute('data-tl-theme', 'dark');
    await shows(THEME_DARK['--tl-accent'], 'the dark accent after data-tl-theme="dark"');
    sheet.textContent = '.brand{--tl-accent:steelblue}';
    wrap.classList.add('brand');
    await shows('steelblue', 'the accent of a class added to an ancestor');
    wrap.classList.remove('brand');
    wrap.removeAttribute('data-tl-theme');
    await shows(THEME_LIGHT['--tl-accent'], 'the light accent again');
    try {
      await emulateDark(true);
      await shows(THEME_DARK['--tl-accent'], 'the dark accent under prefers-color-scheme: dark');
    } finally {
      await emulateDark(false);
    }
  });
});
