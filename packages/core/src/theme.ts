/** Theme variables (light). Components read them through CSS `var(--tl-*)`. */
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

/** Theme variables overridden in dark mode (the font stays). */
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

/** `--a:1;--b:2` from a variables record. */
const declarations = (variables: Record<string, string>): string =>
  Object.entries(variables)
    .map(([name, value]) => `${name}:${value}`)
    .join(';');

const LIGHT = declarations(THEME_LIGHT);
const DARK = declarations(THEME_DARK);

/**
 * The theme stylesheet, every rule zero-specificity (`:where()`), so any page style overrides it.
 *
 * The variables are declared where a page's own declarations still win by inheritance: defaults on the document
 * root (`:root`, or the shadow host when the sheet is in a shadow root); dark values there under
 * `prefers-color-scheme: dark`; light or dark values on an element with `data-tl-theme`. None is declared on
 * `.tl-root` itself, so `tl-confusion-matrix { --tl-accent: red }` (or any ancestor's `--tl-*`) reaches the
 * component. Only a component given an explicit theme (`data-theme="light"|"dark"` on its root) declares the
 * values on its root; to restyle such a component, set the variables on `.tl-root` (any page rule wins there).
 */
export const THEME_CSS =
  `:where(:root),:host{${LIGHT}}` +
  `@media (prefers-color-scheme:dark){:where(:root),:host{${DARK}}}` +
  `:where([data-tl-theme=light],.tl-root[data-theme=light]){${LIGHT}}` +
  `:where([data-tl-theme=dark],.tl-root[data-theme=dark]){${DARK}}` +
  `:where(.tl-root){position:relative;color:var(--tl-fg);font:var(--tl-font-size) var(--tl-font)}` +
  `:where(.tl-root :focus-visible){outline:2px solid var(--tl-focus);outline-offset:1px}` +
  // position:absolute is set inline by createTooltip.
  `:where(.tl-tooltip){z-index:10;pointer-events:none;max-width:280px;padding:4px 6px;border-radius:3px;white-space:pre-line;background:var(--tl-tooltip-bg);color:var(--tl-tooltip-fg)}` +
  `:where(.tl-tooltip-row>:first-child){opacity:.7;margin-right:8px}`;

/**
 * Inserts the theme stylesheet once (`<style data-tl-theme>`) into a document's head or a shadow root,
 * and returns it.
 */
export function injectTheme(node: Node = document): HTMLStyleElement {
  // The document or shadow root that holds `node`; a detached node gets its owner document.
  let root = node.getRootNode() as Document | ShadowRoot;
  if (root.nodeType !== Node.DOCUMENT_NODE && root.nodeType !== Node.DOCUMENT_FRAGMENT_NODE) root = node.ownerDocument!;
  let style = root.querySelector<HTMLStyleElement>('style[data-tl-theme]');
  if (!style) {
    style = (root.ownerDocument ?? (root as Document)).createElement('style');
    style.setAttribute('data-tl-theme', '');
    style.textContent = THEME_CSS;
    ((root as Document).head ?? root).appendChild(style);
  }
  return style;
}

/** The computed value of a theme variable on `el` (e.g. `--tl-fg`), or its light default when unset. */
export function readThemeColor(el: Element, name: string): string {
  return getComputedStyle(el).getPropertyValue(name).trim() || THEME_LIGHT[name] || '';
}
