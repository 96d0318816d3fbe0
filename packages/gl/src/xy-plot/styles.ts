// The XY plot's stylesheet: zero-specificity :where() rules over the --tl-* theme variables.
import { adoptStyles } from '@tensorlens/core';
const CSS =
  ':where(.tl-xy){position:relative;display:flex;flex-direction:column;box-sizing:border-box;color:var(--_tl-fg);background:var(--_tl-bg);font:var(--_tl-font-size) var(--_tl-font)}' +
  ':where(.tl-xy-bar){display:flex;flex-wrap:wrap;gap:.4em 1em;align-items:center;padding:4px 2px;flex:none}' +
  ':where(.tl-xy-bar select){font:inherit;color:var(--_tl-fg);background:var(--_tl-bg);border:1px solid var(--_tl-grid);border-radius:3px;margin-left:.3em}' +
  ':where(.tl-xy-count){font-variant-numeric:tabular-nums;color:var(--_tl-muted)}' +
  ':where(.tl-xy-frame){position:relative;flex:1 1 auto;min-height:0}' +
  ':where(.tl-xy-plot){position:absolute;--tl-pc-min-height:0}' +
  ':where(.tl-xy-axes){position:absolute;left:0;top:0;width:100%;height:100%;overflow:visible;pointer-events:none}' +
  ':where(.tl-xy-axes text){fill:var(--_tl-muted);font:inherit;font-size:11px}' +
  ':where(.tl-xy-axes .tl-xy-title){fill:var(--_tl-fg);font-size:12px}' +
  ':where(.tl-xy-axes line){stroke:var(--_tl-grid)}' +
  ':where(.tl-xy-axes .tl-xy-domain){stroke:var(--_tl-muted)}';

/** Inserts the stylesheet once into the container's document or shadow root. */
export function injectXYPlotStyles(container: HTMLElement): void {
  adoptStyles(container, 'xy', CSS);
}
