// Zero-specificity styles of the saliency overlay and the layer explorer. Colours come from the --tl-*
// custom properties (core's theme, or the page); the fallbacks give a light default.
const CSS = `
:where(.tl-sal,.tl-lx){display:block;position:relative;color:var(--_tl-fg);font:var(--_tl-font-size)/1.3 var(--_tl-font);box-sizing:border-box}
:where(.tl-sal,.tl-lx) :where(canvas.tl-px){image-rendering:pixelated;display:block;background:var(--_tl-grid)}
:where(.tl-sal,.tl-lx) :where(canvas.tl-px:focus-visible,.tl-lx-ch.tl-on){outline:2px solid var(--_tl-focus);outline-offset:1px}
:where(.tl-sal,.tl-lx) :where(.tl-sal-title){font-weight:600;margin:0 0 .4em}
:where(.tl-sal) :where(.tl-sal-grid){display:grid;gap:12px 16px;align-items:start}
:where(.tl-sal) :where(.tl-sal-cell){margin:0}
:where(.tl-sal) :where(.tl-sal-panels){display:flex;gap:4px;position:relative}
:where(.tl-sal) :where(.tl-sal-label){margin-top:3px}
:where(.tl-sal,.tl-lx) :where(.tl-muted){color:var(--_tl-muted)}
:where(.tl-sal) :where(.tl-sal-cursor){position:absolute;pointer-events:none;outline:2px solid var(--_tl-focus);box-sizing:border-box}
:where(.tl-sal,.tl-lx) :where(.tl-sal-legend){display:flex;flex-wrap:wrap;gap:4px 24px;margin-top:10px;align-items:flex-start}
:where(.tl-sal,.tl-lx) :where(.tl-sal-note){flex-basis:100%}
:where(.tl-sal,.tl-lx) :where(.tl-error){color:#cf222e;padding:.5em}
:where(.tl-sal,.tl-lx) :where(.tl-visually-hidden){position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
:where(.tl-lx) :where(.tl-lx-cols){display:flex;gap:14px;align-items:flex-start;overflow-x:auto;padding:2px}
:where(.tl-lx) :where(.tl-lx-col){display:flex;flex-direction:column;gap:4px;flex:none}
:where(.tl-lx) :where(.tl-lx-head){font-weight:600;max-width:9em}
:where(.tl-lx) :where(.tl-lx-chs){display:grid;gap:3px}
:where(.tl-lx) :where(.tl-lx-ch){cursor:pointer}
:where(.tl-lx) :where(.tl-lx-detail){display:flex;flex-wrap:wrap;gap:16px;margin-top:12px;align-items:flex-start}
:where(.tl-lx) :where(.tl-lx-detail table){border-collapse:collapse;font-variant-numeric:tabular-nums;font-size:10px}
:where(.tl-lx) :where(.tl-lx-detail td){padding:1px 3px;text-align:right;border:1px solid var(--_tl-grid)}
:where(.tl-lx) :where(.tl-lx-kernels){display:flex;flex-wrap:wrap;gap:8px}
:where(.tl-lx) :where(.tl-lx-logits-pair){display:flex;gap:6px;align-items:flex-start}
:where(.tl-lx) :where(.tl-lx-logits){list-style:none;margin:0;padding:0;display:grid;gap:0;font-variant-numeric:tabular-nums}
:where(.tl-lx) :where(.tl-lx-logit){display:flex;align-items:center;gap:6px;white-space:nowrap;line-height:1}
:where(.tl-lx) :where(.tl-lx-class){min-width:1.5em}
:where(.tl-lx) :where(.tl-lx-value){color:var(--_tl-muted);min-width:3.5em;text-align:right}
:where(.tl-lx) :where(.tl-lx-predicted){font-weight:700}
:where(.tl-lx) :where(.tl-lx-predicted .tl-lx-value){color:inherit}
:where(.tl-lx) :where(.tl-lx-mark){color:var(--_tl-accent);font-size:.9em}
`;

import { adoptStyles, fail, injectTheme } from '@tensorlens/core';

/** The HTML text core's exportPNG draws: our labels (`.tl-text`) and the legends' titles. */
export const EXPORTED_TEXT = '.tl-text,.tl-legend-title';

/** toPNG needs a 2D canvas (not in jsdom, nor in some locked-down pages): a typed error before anything is decoded. */
export function assertCanvasSupport(): void {
  if (typeof document === 'undefined' || !document.createElement('canvas').getContext('2d')) throw fail('type', 'toPNG', 'a browser with 2D canvas support', 'none');
}

/**
 * Inserts the stylesheet once per document or shadow root that holds `el`, with core's theme (light/dark
 * variables of `.tl-root`, `data-theme` and `data-tl-theme`).
 */
export function injectSaliencyStyles(el: Element): void {
  injectTheme(el);
  adoptStyles(el, 'saliency', CSS);
}
