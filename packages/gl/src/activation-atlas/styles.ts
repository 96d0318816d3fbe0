// The activation atlas's stylesheet: zero-specificity :where() rules over the --tl-* theme variables.
import { adoptStyles } from '@tensorlens/core';
const CSS =
  ':where(.tl-aa){position:relative;width:100%;height:100%;min-height:var(--tl-aa-min-height,320px);overflow:hidden;background:var(--tl-aa-bg,var(--_tl-bg));user-select:none;-webkit-user-select:none}' +
  ':where(.tl-aa-canvas){position:absolute;left:0;top:0;width:100%;height:100%;touch-action:none;cursor:grab;outline:none}' +
  ':where(.tl-aa-canvas:focus-visible){outline:2px solid var(--_tl-focus);outline-offset:-2px}' +
  ':where(.tl-aa-note){position:absolute;left:8px;top:8px;max-width:70%;padding:4px 8px;border-radius:3px;background:var(--_tl-bg);color:var(--_tl-fg);border:1px solid var(--_tl-grid);pointer-events:none}' +
  ':where(.tl-aa-minimap){position:absolute;right:8px;bottom:8px;border:1px solid var(--_tl-grid);background:var(--_tl-bg);cursor:pointer;touch-action:none}' +
  ':where(.tl-aa-minimap canvas){display:block;width:100%;height:100%}' +
  ':where(.tl-aa-viewport){position:absolute;border:1.5px solid var(--_tl-accent);background:color-mix(in srgb,var(--_tl-accent) 12%,transparent);pointer-events:none;box-sizing:border-box}' +
  ':where(.tl-aa-thumbs){display:flex;flex-wrap:wrap;gap:2px;margin-top:4px}' +
  ':where(.tl-aa-thumbs canvas){width:32px;height:32px;image-rendering:pixelated}' +
  ':where(.tl-aa-reset){position:absolute;right:8px;top:8px;font:inherit;padding:2px 8px;border:1px solid var(--_tl-grid);border-radius:3px;background:var(--_tl-bg);color:var(--_tl-fg);cursor:pointer}' +
  ':where(.tl-aa-message){padding:1em;color:var(--_tl-fg)}' +
  ':where(.tl-aa-legend){position:absolute;left:8px;bottom:8px;display:flex;flex-direction:column;align-items:flex-start;gap:4px;max-width:min(280px,calc(100% - 150px))}' +
  ':where(.tl-aa-legend[hidden]){display:none}' +
  ':where(.tl-aa-legend-note){max-width:220px;margin-top:4px;color:var(--_tl-muted);font-size:11px;line-height:1.35}' +
  ':where(.tl-visually-hidden){position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}';

/** Inserts the stylesheet once into the container's document or shadow root. */
export function injectAtlasStyles(container: HTMLElement): void {
  adoptStyles(container, 'aa', CSS);
}
