// Zero-specificity styles of the legend (`createLegend`). Colours come from the --tl-* custom properties of
// core's theme (light and dark), with light fallbacks, so any page style overrides them.
import { adoptStyles } from './stylesheet';
import { injectTheme } from './theme';

const CSS = `
:where(.tl-legend){display:inline-block;box-sizing:border-box;max-width:100%;padding:6px 8px;border-radius:4px;color:var(--_tl-fg);background:var(--_tl-bg);background:color-mix(in srgb,var(--_tl-bg) 88%,transparent);font:var(--_tl-font-size)/1.35 var(--_tl-font)}
:where(.tl-legend-title){font-weight:600;margin:0 0 4px}
:where(.tl-legend-items){list-style:none;margin:0;padding:0;max-height:var(--tl-legend-max-height,240px);overflow-y:auto;overscroll-behavior:contain}
:where(.tl-legend[data-orientation=horizontal] .tl-legend-items){display:flex;flex-wrap:wrap;gap:0 6px}
:where(.tl-legend-entry){margin:0;padding:0}
:where(.tl-legend-items-long .tl-legend-entry){content-visibility:auto;contain-intrinsic-size:auto 20px}
:where(.tl-legend-item){display:flex;align-items:center;gap:6px;box-sizing:border-box;width:100%;margin:0;padding:2px 4px;border:0;border-radius:3px;background:none;color:inherit;font:inherit;text-align:left;cursor:pointer}
:where(.tl-legend-item:hover){background:color-mix(in srgb,var(--_tl-fg) 8%,transparent)}
:where(.tl-legend-item[aria-pressed=true]){background:color-mix(in srgb,var(--_tl-accent) 16%,transparent);font-weight:600}
:where(.tl-legend-filtering .tl-legend-item[aria-pressed=false]){color:var(--_tl-muted)}
:where(.tl-legend-filtering .tl-legend-item[aria-pressed=false] .tl-legend-swatch){opacity:.3}
:where(.tl-legend-swatch){flex:none;width:10px;height:10px;border-radius:2px;box-shadow:0 0 0 1px color-mix(in srgb,var(--_tl-fg) 22%,transparent)}
:where(.tl-legend-partial .tl-legend-swatch){box-shadow:0 0 0 2px var(--_tl-accent)}
:where(.tl-legend-name){flex:1 1 auto;min-width:0;max-width:18em;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
:where(.tl-legend-count:empty){display:none}
:where(.tl-legend-count){flex:none;margin-left:auto;padding-left:6px;color:var(--_tl-muted);font-variant-numeric:tabular-nums}
:where(.tl-legend-ramp){display:block;position:relative}
:where(.tl-legend-ramp canvas){position:absolute;display:block;border-radius:1px;box-shadow:0 0 0 1px color-mix(in srgb,var(--_tl-fg) 18%,transparent)}
:where(.tl-legend-ramp svg){display:block;overflow:visible}
:where(.tl-legend-tick line){stroke:var(--_tl-muted)}
:where(.tl-legend-tick text){fill:currentColor;font-variant-numeric:tabular-nums}
:where(.tl-legend-tick-center text){font-weight:600}
`;

/** Inserts core's theme and the legend stylesheet once into the document or shadow root that holds `node`. */
export function injectLegendStyles(node: Element): void {
  injectTheme(node);
  adoptStyles(node, 'legend', CSS);
}
