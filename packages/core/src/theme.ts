import { isCssColor } from './color';
import type { Unsubscribe } from './component';
import { adoptStyles } from './stylesheet';

/**
 * The theme's default values in light mode, by documented custom property. A page sets any `--tl-*` property
 * (on the component's element, an ancestor or `:root`) to override its default in every theme; see docs/core.md.
 */
export const THEME_LIGHT: Record<string, string> = {
  '--tl-fg': '#1f2328',
  '--tl-bg': '#fff',
  '--tl-muted': '#656d76',
  '--tl-accent': '#0969da',
  '--tl-grid': '#d0d7de',
  '--tl-font': 'system-ui,sans-serif',
  '--tl-font-size': '12px',
  '--tl-focus': '#0969da',
  '--tl-tooltip-bg': '#1f2328',
  '--tl-tooltip-fg': '#fff',
};

/** The theme's default values in dark mode, where they differ from light (the font stays). */
export const THEME_DARK: Record<string, string> = {
  '--tl-fg': '#e6edf3',
  '--tl-bg': '#0d1117',
  '--tl-muted': '#8b949e',
  '--tl-accent': '#58a6ff',
  '--tl-grid': '#30363d',
  '--tl-focus': '#58a6ff',
  '--tl-tooltip-bg': '#e6edf3',
  '--tl-tooltip-fg': '#0d1117',
};

/** Every documented theme property (`--tl-fg`, …). */
const NAMES = Object.keys(THEME_LIGHT);

/** The private property (never set by a page) that holds a theme property's value in use: `--tl-fg` → `--_tl-fg`. */
const used = (name: string) => `--_tl-${name.slice(5)}`;
/** The private, inherited property that holds the default of the theme chosen by a marker: `--_tl-default-fg`. */
const chosen = (name: string) => `--_tl-default-${name.slice(5)}`;

/** Every default of one theme, dark values over light ones. */
const themeValues = (theme: 'light' | 'dark'): [string, string][] => NAMES.map((name) => [name, (theme === 'dark' && THEME_DARK[name]) || THEME_LIGHT[name]]);

/** `--_tl-default-fg:#1f2328;…`: the defaults of a theme chosen by `data-tl-theme` or a component's `data-theme`. */
const defaults = (theme: 'light' | 'dark') =>
  themeValues(theme)
    .map(([name, value]) => `${chosen(name)}:${value}`)
    .join(';');

/** `--_tl-fg:var(--tl-fg,var(--_tl-default-fg,#1f2328));…`: the page's value, else the chosen theme's, else this one's. */
const resolved = (theme: 'light' | 'dark') =>
  themeValues(theme)
    .map(([name, value]) => `${used(name)}:var(${name},var(${chosen(name)},${value}))`)
    .join(';');

/**
 * The theme stylesheet, every rule zero-specificity (`:where()`), so any page style overrides it.
 *
 * tensorlens never declares the documented `--tl-*` properties itself: they belong to the page, so a value set on
 * the component's element, on any ancestor or on `:root` reaches the component by inheritance, whatever theme is in
 * force (`tl-confusion-matrix { --tl-accent: … }` works as written, with or without the component's `theme`
 * option). Each component root (`.tl-root`, and each tooltip) computes private `--_tl-*` properties, which its
 * styles use, as `var(--tl-x, <default>)`. The default comes from the nearest theme marker: a component's
 * `data-theme="light"|"dark"` (its `theme` option), else an ancestor's `data-tl-theme="light"|"dark"`, which set the
 * inherited `--_tl-default-*` properties; else `prefers-color-scheme`.
 */
export const THEME_CSS =
  `:where([data-tl-theme=light]){${defaults('light')}}` +
  `:where([data-tl-theme=dark]){${defaults('dark')}}` +
  // After the ancestor markers: a component's own theme option wins on its root.
  `:where(.tl-root[data-theme=light]){${defaults('light')}}` +
  `:where(.tl-root[data-theme=dark]){${defaults('dark')}}` +
  `:where(.tl-root,.tl-tooltip){${resolved('light')}}` +
  `@media (prefers-color-scheme:dark){:where(.tl-root,.tl-tooltip){${resolved('dark')}}}` +
  `:where(.tl-root){position:relative;color:var(--_tl-fg);font:var(--_tl-font-size) var(--_tl-font)}` +
  `:where(.tl-root :focus-visible){outline:2px solid var(--_tl-focus);outline-offset:1px}` +
  // position:absolute is set inline by createTooltip.
  `:where(.tl-tooltip){z-index:10;pointer-events:none;max-width:280px;padding:4px 6px;border-radius:3px;white-space:pre-line;background:var(--_tl-tooltip-bg);color:var(--_tl-tooltip-fg)}` +
  `:where(.tl-tooltip-row>:first-child){opacity:.7;margin-right:8px}`;

/**
 * Adds the theme stylesheet once to the document or shadow root that holds `node` (core's {@link adoptStyles}: an
 * adopted constructed sheet, which a Content-Security-Policy without `style-src 'unsafe-inline'` allows, else a
 * `<style data-tl-theme>` element), and returns the sheet or that element.
 */
export function injectTheme(node: Node = document): CSSStyleSheet | HTMLStyleElement {
  return adoptStyles(node, 'theme', THEME_CSS);
}

/**
 * The value a component uses for a theme property at `el` (e.g. `--tl-accent`), for what it draws itself (canvas,
 * WebGL, exports): the page's value (set on `el`, an ancestor or `:root`), else the default of the theme in force at
 * `el` (see {@link themeAt}). For a colour property, `currentColor` gives `el`'s computed colour, and a value that
 * is no CSS colour gives the default, so the result always goes through {@link parseColor}.
 */
export function readThemeColor(el: Element, name: string): string {
  const style = el.ownerDocument.defaultView?.getComputedStyle(el);
  const page = style?.getPropertyValue(name).trim() ?? '';
  const fallback = (themeAt(el) === 'dark' && THEME_DARK[name]) || THEME_LIGHT[name] || '';
  if (!page || !(name in THEME_DARK)) return page || fallback;
  if (page.toLowerCase() === 'currentcolor') return style!.color || fallback;
  return isCssColor(page) ? page : fallback;
}

/**
 * The theme in force at `el`, as the theme stylesheet chooses it: the nearest component root (`.tl-root`) with
 * `data-theme="light"|"dark"` (its `theme` option) or element with `data-tl-theme="light"|"dark"`, else the page's
 * `prefers-color-scheme`.
 */
export function themeAt(el: Element): 'light' | 'dark' {
  for (let e: Element | null = el; e; e = e.parentElement ?? ((e.getRootNode() as ShadowRoot).host || null)) {
    const own = e.classList.contains('tl-root') ? e.getAttribute('data-theme') : null;
    const marker = own === 'light' || own === 'dark' ? own : e.getAttribute('data-tl-theme');
    if (marker === 'light' || marker === 'dark') return marker;
  }
  return prefersDark(el.ownerDocument.defaultView) ? 'dark' : 'light';
}

/** The `prefers-color-scheme: dark` query of each window. */
const darkQueries = new WeakMap<Window, MediaQueryList>();

function darkQuery(view: Window | null): MediaQueryList | null {
  if (!view || typeof view.matchMedia !== 'function') return null;
  let query = darkQueries.get(view);
  if (!query) darkQueries.set(view, (query = view.matchMedia('(prefers-color-scheme: dark)')));
  return query;
}

function prefersDark(view: Window | null): boolean {
  return !!darkQuery(view)?.matches;
}

/**
 * Calls `callback` when the theme values at `el` (every `--tl-*` property, as {@link readThemeColor} reads them)
 * change: the page switching `prefers-color-scheme`, or an attribute that may carry a theme (`data-tl-theme`,
 * `data-theme`, `class`, `style`) changing on `el` or an ancestor. Canvas and WebGL components repaint then; their
 * CSS-drawn parts follow by themselves. A stylesheet edited in place is not seen (the component's next render reads
 * it). Returns the unsubscribe function.
 */
export function onThemeChange(el: Element, callback: () => void): Unsubscribe {
  const doc = el.ownerDocument;
  const snapshot = () => NAMES.map((name) => readThemeColor(el, name)).join('\n');
  let last = snapshot();
  const check = () => {
    const now = snapshot();
    if (now !== last) {
      last = now;
      callback();
    }
  };
  const query = darkQuery(doc.defaultView);
  query?.addEventListener?.('change', check);
  const Observer = doc.defaultView?.MutationObserver;
  const observer = Observer
    ? new Observer((records) => {
        if (records.some((r) => r.target === el || (r.target as Node).contains(el))) check();
      })
    : null;
  observer?.observe(doc.documentElement, { attributes: true, subtree: true, attributeFilter: ['data-tl-theme', 'data-theme', 'class', 'style'] });
  return () => {
    query?.removeEventListener?.('change', check);
    observer?.disconnect();
  };
}
