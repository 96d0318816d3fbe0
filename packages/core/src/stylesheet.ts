// How tensorlens puts its stylesheets into a page. A Content-Security-Policy whose style-src lacks
// 'unsafe-inline' blocks the text of a <style> element added at run time, but not a constructed stylesheet
// (`new CSSStyleSheet()` + `replaceSync`) adopted by the document or a shadow root: so that is used wherever the
// browser has it, and a <style> element only where it does not (older browsers, jsdom).

/** Where a stylesheet goes: a document, or a shadow root. */
export type StyleRoot = Document | ShadowRoot;

/** The sheets adopted per root, kept on globalThis so that every tensorlens copy on a page (each script file bundles its own core) adds a sheet once. */
const REGISTRY_KEY = Symbol.for('tensorlens.stylesheets');

type Registry = WeakMap<StyleRoot, Map<string, CSSStyleSheet>>;

function registry(): Registry {
  const scope = globalThis as unknown as Record<symbol, Registry | undefined>;
  return (scope[REGISTRY_KEY] ??= new WeakMap());
}

/** The document or shadow root that holds `node`; a detached node (or one in a detached tree) gets its owner document. */
export function styleRootOf(node: Node): StyleRoot {
  const root = node.getRootNode();
  if (root.nodeType === 9 /* DOCUMENT_NODE */ || root.nodeType === 11 /* DOCUMENT_FRAGMENT_NODE */) return root as StyleRoot;
  return node.ownerDocument!;
}

/** The CSSStyleSheet constructor of the root's window, when that window can construct and adopt sheets. */
function sheetConstructor(root: StyleRoot): typeof CSSStyleSheet | null {
  const doc = root.nodeType === 9 ? (root as Document) : root.ownerDocument;
  // A sheet may only be adopted by a document of the window that constructed it (an iframe has its own).
  const view = doc?.defaultView as (Window & typeof globalThis) | null;
  const Sheet = view?.CSSStyleSheet;
  if (!Sheet || !('adoptedStyleSheets' in root) || typeof Sheet.prototype.replaceSync !== 'function') return null;
  return Sheet;
}

/**
 * Adds `css` to the document or shadow root that holds `node`, once per `key` (later calls with the same key
 * return the sheet already there, whatever their `css`). Sheets added this way come after the page's own
 * stylesheets; tensorlens writes its rules with `:where()` (zero specificity) so that page rules still win.
 *
 * Where the browser has constructable stylesheets, the sheet is a `CSSStyleSheet` adopted by the root
 * (`adoptedStyleSheets`), which a Content-Security-Policy without `style-src 'unsafe-inline'` allows; elsewhere it
 * is a `<style data-tl-<key>>` element in the document's head or the shadow root. Returns the sheet, or that element.
 *
 * ```ts
 * adoptStyles(container, 'point-cloud', CSS);
 * ```
 */
export function adoptStyles(node: Node, key: string, css: string): CSSStyleSheet | HTMLStyleElement {
  const root = styleRootOf(node);
  const Sheet = sheetConstructor(root);
  if (Sheet) {
    let sheets = registry().get(root);
    if (!sheets) registry().set(root, (sheets = new Map()));
    let sheet = sheets.get(key);
    if (!sheet) {
      sheet = new Sheet();
      sheet.replaceSync(css);
      sheets.set(key, sheet);
    }
    // Put it back if page code replaced the root's adopted sheets since.
    if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    return sheet;
  }
  const attribute = `data-tl-${key}`;
  let style = root.querySelector<HTMLStyleElement>(`style[${attribute}]`);
  if (!style) {
    const doc = root.nodeType === 9 ? (root as Document) : (root as ShadowRoot).ownerDocument;
    style = doc.createElement('style');
    style.setAttribute(attribute, '');
    style.textContent = css;
    ((root as Document).head ?? (root as Document).documentElement ?? root).appendChild(style);
  }
  return style;
}
