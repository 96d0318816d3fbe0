let L: string, D: string;
const vars = (s: string) => '--tl-' + s.replace(/;/g, ';--tl-').replace(/=/g, ':');
const table = (s: string): Record<string, string> => Object.fromEntries(s.split(';').map((d) => ['--tl-' + d.split('=')[0], d.split('=')[1]]));

/** Theme variables (light). Components read them through CSS `var(--tl-*)`. */
export const THEME_LIGHT = table((L = 'fg=#1f2328;bg=#fff;muted=#656d76;accent=#0969da;grid=#d0d7de;font=system-ui,sans-serif;font-size=12px;focus=#0969da;tooltip-bg=#1f2328;tooltip-fg=#fff'));

/** Theme variables overridden in dark mode. */
export const THEME_DARK = table((D = 'fg=#e6edf3;bg=#0d1117;muted=#8b949e;accent=#58a6ff;grid=#30363d;focus=#58a6ff;tooltip-bg=#e6edf3;tooltip-fg=#0d1117'));

/** The theme stylesheet: zero-specificity `:where()` rules, so any page style overrides them. */
export const THEME_CSS =
  `:where(.tl-root){${vars(L)};position:relative;color:var(--tl-fg);font:var(--tl-font-size) var(--tl-font)}` +
  `@media (prefers-color-scheme:dark){:where(.tl-root:not([data-theme=light],[data-tl-theme=light] *)){${vars(D)}}}` +
  `:where(.tl-root[data-theme=dark],[data-tl-theme=dark] .tl-root){${vars(D)}}` +
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
