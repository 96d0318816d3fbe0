// Zero-specificity styles of the parallel coordinates. Colours and fonts come from core's theme (THEME_CSS): the
// page's --tl-* custom properties, else the light or dark default.
import { adoptStyles, injectTheme } from '@tensorlens/core';
const THEME = '--p-fg:var(--_tl-fg);--p-bg:var(--_tl-bg);--p-muted:var(--_tl-muted);--p-grid:var(--_tl-grid);--p-accent:var(--_tl-accent);--p-focus:var(--_tl-focus)';

export const PARCOORDS_CSS = `
:where(.tl-par){${THEME};position:relative;display:block;color:var(--p-fg);background:var(--p-bg);font:var(--_tl-font-size)/1.3 var(--_tl-font);box-sizing:border-box}
:where(.tl-par) :where(.tl-par-bar){display:flex;flex-wrap:wrap;gap:4px 8px;align-items:center;padding:2px 0 4px}
:where(.tl-par) :where(.tl-par-count){font-weight:600;margin-right:4px}
:where(.tl-par) :where(button,select){font:inherit;color:var(--p-fg);background:var(--p-bg);border:1px solid var(--p-grid);border-radius:3px;padding:1px 6px;cursor:pointer}
:where(.tl-par) :where(button:disabled){opacity:.45;cursor:default}
:where(.tl-par) :where(.tl-par-notes){margin:0 0 4px;padding:0 0 0 1.2em;color:var(--p-muted)}
:where(.tl-par) :where(.tl-par-legend){margin:0 0 6px}
:where(.tl-par) :where(.tl-par-scroll){overflow-x:auto;overflow-y:hidden;position:relative}
:where(.tl-par) :where(.tl-par-plot){position:relative}
:where(.tl-par) :where(.tl-par-canvas){position:absolute;left:0;top:0;pointer-events:none}
:where(.tl-par) :where(.tl-par-svg){position:absolute;left:0;top:0;overflow:visible;user-select:none;touch-action:none}
:where(.tl-par) :where(.tl-par-svg text){font:inherit;fill:var(--p-fg)}
:where(.tl-par) :where(.tl-par-svg .tl-par-muted){fill:var(--p-muted)}
:where(.tl-par) :where(.tl-par-domain,.tl-par-tick){stroke:var(--p-fg);stroke-width:1px;fill:none}
:where(.tl-par) :where(.tl-par-missing-band){stroke:var(--p-muted);stroke-dasharray:2 2;fill:none}
:where(.tl-par) :where(.tl-par-hit){fill:transparent;cursor:crosshair}
:where(.tl-par) :where(.tl-par-title){font-weight:600;cursor:grab}
:where(.tl-par) :where(.tl-par-brush){fill:var(--p-accent);fill-opacity:.18;stroke:var(--p-accent);stroke-width:1px;cursor:move}
:where(.tl-par) :where(.tl-par-handle){fill:var(--p-accent);fill-opacity:.6;cursor:ns-resize}
:where(.tl-par) :where(.tl-par-cursor){fill:none;stroke:var(--p-focus);stroke-width:1.5px}
:where(.tl-par) :where(.tl-par-axis:focus){outline:none}
:where(.tl-par) :where(.tl-par-axis:focus-visible .tl-par-domain){stroke:var(--p-focus);stroke-width:3px}
:where(.tl-par) :where(.tl-par-hover){fill:none;stroke:var(--p-focus);stroke-width:2px;pointer-events:none}
:where(.tl-par) :where(.tl-par-heads){position:absolute;left:0;top:0;height:0}
:where(.tl-par) :where(.tl-par-head){position:absolute;top:0;display:flex;gap:2px;transform:translateX(-50%)}
:where(.tl-par) :where(.tl-par-head button){padding:0 4px;font-size:11px;line-height:16px}
:where(.tl-par) :where(.tl-par-error){color:#cf222e;padding:.5em}
:where(.tl-par) :where(.tl-visually-hidden){position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
`;

/** Inserts core's theme and this stylesheet once per document or shadow root that holds `el`. */
export function injectParcoordsStyles(el: Element): void {
  injectTheme(el);
  adoptStyles(el, 'parcoords', PARCOORDS_CSS);
}
