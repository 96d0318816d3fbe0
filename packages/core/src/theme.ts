/** Theme variables (light). Components read them through CSS `var(--tl-*)`. */
export const THEME_LIGHT: Record<string, string> = {
  '--tl-fg': '#1f2328',
  '--tl-bg': '#ffffff',
  '--tl-muted': '#656d76',
  '--tl-accent': '#0969da',
  '--tl-grid': '#d0d7de',
  '--tl-font': 'system-ui,sans-serif',
  '--tl-font-size': '12px',
  '--tl-focus': '#0969da',
  '--tl-tooltip-bg': '#1f2328',
  '--tl-tooltip-fg': '#ffffff',
};

/** Theme variables overridden in dark mode. */
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

const vars = (t: Record<string, string>) => Object.entries(t).map(([k, v]) => k + ':' + v).join(';');

/** The theme stylesheet: zero-specificity `:where()` rules, so any page style overrides them. */
export const THEME_CSS =
  `:where(.tl-root){${vars(THEME_LIGHT)};position:relative;color:var(--tl-fg);font:var(--tl-font-size) var(--tl-font)}` +
  `@media (prefers-color-scheme:dark){:where(.tl-root:not([data-theme=light],[data-tl-theme=light] *)){${vars(THEME_DARK)}}}` +
  `:where(.tl-root[data-theme=dark],[data-tl-theme=dark] .tl-root){${vars(THEME_DARK)}}` +
  `:where(.tl-root :focus-visible){outline:2px solid var(--tl-focus);outline-offset:1px}` +
  `:where(.tl-tooltip){position:absolute;z-index:10;pointer-events:none;max-width:280px;padding:4px 6px;border-radius:3px;white-space:pre-line;background:var(--tl-tooltip-bg);color:var(--tl-tooltip-fg)}` +
  `:where(.tl-tooltip-row>:first-child){opacity:.7;margin-right:8px}`;

/**
 * Inserts the theme stylesheet once (`<style data-tl-theme>`) into a document's head or a shadow root,
 * and returns it.
 */
export function injectTheme(root: Document | ShadowRoot = document): HTMLStyleElement {
  let s = root.querySelector<HTMLStyleElement>('style[data-tl-theme]');
  if (!s) {
    const doc = (root as ShadowRoot).host ? root.ownerDocument! : (root as Document);
    s = doc.createElement('style');
    s.setAttribute('data-tl-theme', '');
    s.textContent = THEME_CSS;
    ((root as Document).head ?? root).appendChild(s);
  }
  return s;
}

/** The computed value of a theme variable on `el` (e.g. `--tl-fg`), or its light default when unset. */
export function readThemeColor(el: Element, name: string): string {
  return getComputedStyle(el).getPropertyValue(name).trim() || THEME_LIGHT[name] || '';
}
