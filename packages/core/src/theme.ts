// One list of variable names, with their light and dark values in the same order ('' = not overridden).
const NAMES = 'fg bg muted accent grid font font-size focus tooltip-bg tooltip-fg'.split(' ');
const table = (values: string): Record<string, string> =>
  Object.fromEntries(values.split(' ').flatMap((v, i) => (v ? [['--tl-' + NAMES[i], v]] : [])));
const vars = (t: Record<string, string>) => Object.entries(t).map((e) => e.join(':')).join(';');

/** Theme variables (light). Components read them through CSS `var(--tl-*)`. */
export const THEME_LIGHT = table('#1f2328 #fff #656d76 #0969da #d0d7de system-ui,sans-serif 12px #0969da #1f2328 #fff');

/** Theme variables overridden in dark mode. */
export const THEME_DARK = table('#e6edf3 #0d1117 #8b949e #58a6ff #30363d   #58a6ff #e6edf3 #0d1117');

const dark = vars(THEME_DARK);

/** The theme stylesheet: zero-specificity `:where()` rules, so any page style overrides them. */
export const THEME_CSS =
  `:where(.tl-root){${vars(THEME_LIGHT)};position:relative;color:var(--tl-fg);font:var(--tl-font-size) var(--tl-font)}` +
  `@media (prefers-color-scheme:dark){:where(.tl-root:not([data-theme=light],[data-tl-theme=light] *)){${dark}}}` +
  `:where(.tl-root[data-theme=dark],[data-tl-theme=dark] .tl-root){${dark}}` +
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
  if (root.nodeType != 9 && root.nodeType != 11) root = node.ownerDocument!;
  let s = root.querySelector<HTMLStyleElement>('style[data-tl-theme]');
  if (!s) {
    s = (root.ownerDocument ?? (root as Document)).createElement('style');
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
