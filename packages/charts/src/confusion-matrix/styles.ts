// Zero-specificity styles of the confusion matrix. Colours come from the --tl-* custom properties
// (set by the page or by core's theme); the fallbacks below give a light and a dark default.
const LIGHT = '--c-fg:var(--tl-fg,#1f2328);--c-bg:var(--tl-bg,#fff);--c-muted:var(--tl-muted,#656d76);--c-grid:var(--tl-grid,#d0d7de);--c-accent:var(--tl-accent,#0969da);--c-focus:var(--tl-focus,#bf3989);--c-tip-bg:var(--tl-tooltip-bg,#1f2328);--c-tip-fg:var(--tl-tooltip-fg,#fff)';
const DARK = '--c-fg:var(--tl-fg,#e6edf3);--c-bg:var(--tl-bg,#0d1117);--c-muted:var(--tl-muted,#9198a1);--c-grid:var(--tl-grid,#3d444d);--c-accent:var(--tl-accent,#4493f8);--c-focus:var(--tl-focus,#f778ba);--c-tip-bg:var(--tl-tooltip-bg,#e6edf3);--c-tip-fg:var(--tl-tooltip-fg,#0d1117)';

export const CONFUSION_CSS = `
:where(.tl-cm){${LIGHT};position:relative;display:block;color:var(--c-fg);background:var(--c-bg);font:var(--tl-font-size,12px)/1.3 var(--tl-font,system-ui,sans-serif);box-sizing:border-box}
@media (prefers-color-scheme:dark){:where(.tl-cm:not([data-theme=light])){${DARK}}}
:where(.tl-cm[data-theme=dark],[data-tl-theme=dark] .tl-cm){${DARK}}
:where(.tl-cm) :where(svg){position:relative;display:block;overflow:visible;user-select:none;touch-action:none}
:where(.tl-cm) :where(text:not([fill])){fill:var(--c-fg)}
:where(.tl-cm) :where(text){font:inherit}
:where(.tl-cm) :where(.tl-cm-muted){fill:var(--c-muted)}
:where(.tl-cm) :where(.tl-cm-cell:focus){outline:none}
:where(.tl-cm) :where(.tl-cm-cell:focus-visible,.tl-cm-cell.tl-cm-active){stroke:var(--c-focus);stroke-width:2px}
:where(.tl-cm) :where(.tl-cm-focus){fill:none;stroke:var(--c-focus);stroke-width:2px;pointer-events:none}
:where(.tl-cm) :where(.tl-cm-hl){fill:none;stroke:var(--c-accent);stroke-width:1.5px;pointer-events:none}
:where(.tl-cm) :where(.tl-cm-plot:focus){outline:none}
:where(.tl-cm) :where(.tl-cm-plot:focus-visible){outline:2px solid var(--c-focus)}
:where(.tl-cm) :where(.tl-cm-canvas){position:absolute;pointer-events:none}
:where(.tl-cm) :where(.tl-cm-pairs-box){padding:.25em 0 0}
:where(.tl-cm) :where(.tl-cm-pairs){margin:0;padding:0 0 0 1.5em}
:where(.tl-cm) :where(.tl-cm-pairs button){all:unset;cursor:pointer;color:var(--c-fg)}
:where(.tl-cm) :where(.tl-cm-pairs button:focus-visible){outline:2px solid var(--c-focus)}
:where(.tl-cm) :where(.tl-cm-reset){position:absolute;right:4px;top:4px;font:inherit;color:var(--c-fg);background:var(--c-bg);border:1px solid var(--c-grid);border-radius:3px;cursor:pointer}
:where(.tl-cm) :where(.tl-cm-error){color:#cf222e;padding:.5em}
:where(.tl-cm) :where(.tl-tooltip){position:absolute;pointer-events:none;background:var(--c-tip-bg);color:var(--c-tip-fg);padding:4px 6px;border-radius:3px;white-space:pre;z-index:1}
:where(.tl-cm) :where(.tl-visually-hidden){position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
`;

const done = new WeakSet<Node>();

/** Inserts the stylesheet once per document or shadow root that holds `el`. */
export function injectConfusionStyles(el: Element): void {
  const root = el.getRootNode() as Document | ShadowRoot;
  const host: Node = (root as Document).head ?? root;
  if (done.has(host) || !host) return;
  done.add(host);
  const style = el.ownerDocument.createElement('style');
  style.setAttribute('data-tl-confusion', '');
  style.textContent = CONFUSION_CSS;
  host.appendChild(style);
}
