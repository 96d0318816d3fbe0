// The projector's stylesheet: zero-specificity :where() rules over the --tl-* theme variables.
import { adoptStyles, injectTheme } from '@tensorlens/core';
const CSS =
  ':where(.tl-ep){display:flex;flex-direction:column;gap:6px;background:var(--_tl-bg);color:var(--_tl-fg)}' +
  ':where(.tl-ep-toolbar){display:flex;flex-wrap:wrap;gap:6px 14px;align-items:center}' +
  ':where(.tl-ep-toolbar label){display:inline-flex;gap:4px;align-items:center}' +
  ':where(.tl-ep select,.tl-ep input,.tl-ep button){font:inherit;color:var(--_tl-fg);background:var(--_tl-bg);border:1px solid var(--_tl-grid);border-radius:3px;padding:2px 6px}' +
  ':where(.tl-ep button){cursor:pointer}' +
  ':where(.tl-ep-matches,.tl-ep-note,.tl-ep-variance,.tl-ep-status-text,.tl-ep-side-empty){color:var(--_tl-muted)}' +
  ':where(.tl-ep-status){display:flex;gap:8px;align-items:center;min-height:1.6em}' +
  ':where(.tl-ep-params>summary){cursor:pointer;color:var(--_tl-muted);width:max-content}' +
  ':where(.tl-ep-params-body){display:flex;flex-wrap:wrap;gap:6px 14px;padding:4px 0}' +
  ':where(.tl-ep-params fieldset){display:flex;flex-wrap:wrap;gap:6px 12px;align-items:center;margin:0;border:1px solid var(--_tl-grid);border-radius:3px;padding:4px 8px}' +
  ':where(.tl-ep-params fieldset[hidden]){display:none}' +
  ':where(.tl-ep-params legend){color:var(--_tl-muted);padding:0 4px}' +
  ':where(.tl-ep-params label){display:inline-flex;gap:4px;align-items:center}' +
  ':where(.tl-ep-params input[type=number]){width:6em}' +
  ':where(.tl-ep-params input[type=search]){width:9em}' +
  ':where(.tl-ep-custom-count){color:var(--_tl-muted);font-variant-numeric:tabular-nums;min-width:5.5em}' +
  ':where(.tl-ep-progress){width:160px}' +
  ':where(.tl-ep-note){margin:0;border-left:3px solid var(--_tl-accent);padding-left:6px}' +
  ':where(.tl-ep-variance){margin:0}' +
  ':where(.tl-ep-error){margin:0;color:#b00020;border-left:3px solid currentColor;padding-left:6px}' +
  ':where(.tl-ep-main){display:flex;gap:10px;min-height:0;flex:1}' +
  ':where(.tl-ep-cloud){flex:1;min-width:0;height:var(--tl-ep-height,420px);position:relative}' +
  ':where(.tl-ep-side){width:var(--tl-ep-side-width,220px);flex:none;overflow:auto;max-height:var(--tl-ep-height,420px)}' +
  ':where(.tl-ep-side h3){font-size:1em;margin:0 0 4px}' +
  // bookmarks panel (engineer E's bookmarks.ts): collapsed <details> at the top of the side panel
  ':where(.tl-ep-bookmarks){border-bottom:1px solid var(--_tl-grid);padding-bottom:4px;margin-bottom:6px}' +
  ':where(.tl-ep-bookmarks-summary){cursor:pointer;font-weight:600}' +
  ':where(.tl-ep-bookmarks-save,.tl-ep-bookmarks-files){display:flex;gap:4px;margin:4px 0}' +
  ':where(.tl-ep-bookmark-name){flex:1;min-width:0}' +
  ':where(.tl-ep-bookmark-list){list-style:none;margin:0;padding:0}' +
  ':where(.tl-ep-bookmark){display:flex;gap:4px;align-items:center}' +
  ':where(.tl-ep-bookmark-restore){flex:1;min-width:0;text-align:left;border:0;border-bottom:1px solid var(--_tl-grid);border-radius:0;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}' +
  ':where(.tl-ep-bookmark-restore:hover,.tl-ep-bookmark-delete:hover){background:var(--_tl-grid)}' +
  ':where(.tl-ep-bookmark-delete){border:0;color:var(--_tl-muted)}' +
  ':where(.tl-ep-config-status){color:var(--_tl-muted)}' +
  ':where(.tl-ep-side p){margin:0 0 6px}' +
  ':where(.tl-ep-neighbors){list-style:none;margin:0;padding:0}' +
  ':where(.tl-ep-neighbors button){display:flex;justify-content:space-between;gap:8px;width:100%;text-align:left;border:0;border-bottom:1px solid var(--_tl-grid);border-radius:0;padding:3px 4px}' +
  ':where(.tl-ep-neighbors button:hover){background:var(--_tl-grid)}' +
  ':where(.tl-ep-distance){font-variant-numeric:tabular-nums;color:var(--_tl-muted)}' +
  // `hidden` wins over the display of the rules above (an author rule would otherwise beat the UA's [hidden])
  ':where(.tl-ep [hidden]){display:none}' +
  '@media (max-width:560px){:where(.tl-ep-main){flex-direction:column}:where(.tl-ep-side){width:auto}}';

/** Inserts core's theme and this stylesheet once into the container's document or shadow root. */
export function injectProjectorStyles(container: HTMLElement): void {
  injectTheme(container);
  adoptStyles(container, 'ep', CSS);
}
