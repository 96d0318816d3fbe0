// The point cloud's stylesheet: zero-specificity :where() rules over the --tl-* theme variables.
import { adoptStyles } from '@tensorlens/core';
const CSS =
  ':where(.tl-pc){position:relative;width:100%;height:100%;min-height:var(--tl-pc-min-height,320px);overflow:hidden;background:var(--_tl-bg);outline:none;user-select:none;-webkit-user-select:none}' +
  ':where(.tl-pc:focus-visible){outline:2px solid var(--_tl-focus);outline-offset:-2px}' +
  ':where(.tl-pc-canvas,.tl-pc-overlay,.tl-pc-labels){position:absolute;left:0;top:0;width:100%;height:100%}' +
  ':where(.tl-pc-canvas){touch-action:none;cursor:grab}' +
  ':where(.tl-pc[data-tool=box] .tl-pc-canvas,.tl-pc[data-tool=lasso] .tl-pc-canvas){cursor:crosshair}' +
  ':where(.tl-pc-overlay,.tl-pc-labels){pointer-events:none}' +
  ':where(.tl-pc-overlay path){fill:var(--_tl-accent);fill-opacity:.12;stroke:var(--_tl-accent);stroke-width:1.5;stroke-dasharray:4 3}' +
  ':where(.tl-pc-label){position:absolute;white-space:nowrap;padding:0 3px;border-radius:2px;background:var(--_tl-bg);color:var(--_tl-fg);opacity:.9;font:var(--_tl-font-size) var(--_tl-font)}' +
  ':where(.tl-pc-label[data-hover]){font-weight:600;opacity:1}' +
  ':where(.tl-pc-reset){position:absolute;right:6px;top:6px;font:inherit;padding:2px 8px;border:1px solid var(--_tl-grid);border-radius:3px;background:var(--_tl-bg);color:var(--_tl-fg);cursor:pointer}' +
  ':where(.tl-pc-message){padding:1em;color:var(--_tl-fg);font:14px var(--_tl-font)}' +
  ':where(.tl-pc-legend){position:absolute;left:6px;top:6px;max-width:45%;padding:4px 6px;border-radius:3px;background:var(--_tl-bg);opacity:.92}' +
  ':where(.tl-visually-hidden){position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}';

/** Inserts the stylesheet once into the container's document or shadow root. */
export function injectPointCloudStyles(container: HTMLElement): void {
  adoptStyles(container, 'pc', CSS);
}
