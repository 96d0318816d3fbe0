// Zero-specificity styles of the data table. Colours and fonts come from core's theme (THEME_CSS): the page's
// --tl-* custom properties, else the light or dark default; --tl-selected-bg and --tl-hover-bg default to mixes of them.
import { adoptStyles, injectTheme } from '@tensorlens/core';
const THEME = '--t-fg:var(--_tl-fg);--t-bg:var(--_tl-bg);--t-muted:var(--_tl-muted);--t-grid:var(--_tl-grid);--t-accent:var(--_tl-accent);--t-focus:var(--_tl-focus);--t-sel:var(--tl-selected-bg,color-mix(in srgb,var(--_tl-accent) 16%,var(--_tl-bg)));--t-hover:var(--tl-hover-bg,color-mix(in srgb,var(--_tl-fg) 5%,var(--_tl-bg)))';

export const DATA_TABLE_CSS = `
:where(.tl-dt){${THEME};position:relative;display:flex;flex-direction:column;color:var(--t-fg);background:var(--t-bg);font:var(--_tl-font-size)/1.3 var(--_tl-font);box-sizing:border-box}
:where(.tl-dt) :where(.tl-dt-bar){display:flex;gap:1em;align-items:center;padding:4px 2px;flex:none}
:where(.tl-dt) :where(.tl-dt-count){font-variant-numeric:tabular-nums}
:where(.tl-dt) :where(.tl-dt-status){color:var(--t-muted)}
:where(.tl-dt) :where(.tl-dt-scroll){position:relative;overflow:auto;flex:1 1 auto;min-height:0;border:1px solid var(--t-grid);outline:none}
:where(.tl-dt) :where(.tl-dt-scroll:focus-visible){outline:2px solid var(--t-focus);outline-offset:-2px}
:where(.tl-dt) :where(.tl-dt-head){position:sticky;top:0;z-index:1;display:grid;background:var(--t-bg);border-bottom:1px solid var(--t-grid);font-weight:600}
:where(.tl-dt) :where(.tl-dt-head button){all:unset;box-sizing:border-box;display:block;width:100%;height:100%;padding:0 6px;cursor:pointer;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
:where(.tl-dt) :where(.tl-dt-head button:focus-visible){outline:2px solid var(--t-focus);outline-offset:-2px}
:where(.tl-dt) :where(.tl-dt-num button){text-align:right}
:where(.tl-dt) :where(.tl-dt-body){position:relative}
:where(.tl-dt) :where(.tl-dt-row){position:absolute;left:0;right:0;top:0;display:grid;cursor:default;user-select:none}
:where(.tl-dt) :where(.tl-dt-row:hover){background:var(--t-hover)}
:where(.tl-dt) :where(.tl-dt-row[aria-selected=true]){background:var(--t-sel)}
:where(.tl-dt) :where(.tl-dt-active){box-shadow:inset 0 0 0 2px var(--t-focus)}
:where(.tl-dt) :where(.tl-dt-cell){padding:0 6px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;box-sizing:border-box;align-self:center}
:where(.tl-dt) :where(.tl-dt-num){text-align:right;font-variant-numeric:tabular-nums}
:where(.tl-dt) :where(.tl-dt-missing){color:var(--t-muted)}
:where(.tl-dt) :where(.tl-dt-empty){padding:1em;color:var(--t-muted)}
`;

/** Inserts core's theme and this stylesheet once per document or shadow root that holds `el`. */
export function injectDataTableStyles(el: Element): void {
  injectTheme(el);
  adoptStyles(el, 'data-table', DATA_TABLE_CSS);
}
