// Zero-specificity styles of the data table. Colours come from the --tl-* custom properties (set by the page or
// by core's theme); the fallbacks give a light and a dark default.
const LIGHT =
  '--t-fg:var(--tl-fg,#1f2328);--t-bg:var(--tl-bg,#fff);--t-muted:var(--tl-muted,#656d76);--t-grid:var(--tl-grid,#d0d7de);--t-accent:var(--tl-accent,#0969da);--t-focus:var(--tl-focus,#bf3989);--t-sel:var(--tl-selected-bg,#ddf4ff);--t-hover:var(--tl-hover-bg,#f6f8fa)';
const DARK =
  '--t-fg:var(--tl-fg,#e6edf3);--t-bg:var(--tl-bg,#0d1117);--t-muted:var(--tl-muted,#9198a1);--t-grid:var(--tl-grid,#3d444d);--t-accent:var(--tl-accent,#4493f8);--t-focus:var(--tl-focus,#f778ba);--t-sel:var(--tl-selected-bg,#1f3a5c);--t-hover:var(--tl-hover-bg,#161b22)';

export const DATA_TABLE_CSS = `
:where(.tl-dt){${LIGHT};position:relative;display:flex;flex-direction:column;color:var(--t-fg);background:var(--t-bg);font:var(--tl-font-size,12px)/1.3 var(--tl-font,system-ui,sans-serif);box-sizing:border-box}
@media (prefers-color-scheme:dark){:where(.tl-dt:not([data-theme=light])){${DARK}}}
:where(.tl-dt[data-theme=dark],[data-tl-theme=dark] .tl-dt){${DARK}}
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

const done = new WeakSet<Node>();

/** Inserts the stylesheet once per document or shadow root that holds `el`. */
export function injectDataTableStyles(el: Element): void {
  const root = el.getRootNode() as Document | ShadowRoot;
  const host: Node = (root as Document).head ?? root;
  if (!host || done.has(host)) return;
  done.add(host);
  const style = el.ownerDocument.createElement('style');
  style.setAttribute('data-tl-data-table', '');
  style.textContent = DATA_TABLE_CSS;
  host.appendChild(style);
}
