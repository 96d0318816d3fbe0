// Zero-specificity styles of the confusion matrix. Colours and fonts come from core's theme (THEME_CSS): the page's
// --tl-* custom properties, else the light or dark default.
import { adoptStyles, injectTheme } from '@tensorlens/core';
const THEME = '--c-fg:var(--_tl-fg);--c-bg:var(--_tl-bg);--c-muted:var(--_tl-muted);--c-grid:var(--_tl-grid);--c-accent:var(--_tl-accent);--c-focus:var(--_tl-focus);--c-tip-bg:var(--_tl-tooltip-bg);--c-tip-fg:var(--_tl-tooltip-fg)';

export const CONFUSION_CSS = `
:where(.tl-cm){${THEME};position:relative;display:block;color:var(--c-fg);background:var(--c-bg);font:var(--_tl-font-size)/1.3 var(--_tl-font);box-sizing:border-box}
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

/** Inserts core's theme and this stylesheet once per document or shadow root that holds `el`. */
export function injectConfusionStyles(el: Element): void {
  injectTheme(el);
  adoptStyles(el, 'confusion', CONFUSION_CSS);
}
