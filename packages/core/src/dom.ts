import type { Lifecycle, Unsubscribe } from './component';

/** Attributes for {@link el} / {@link svgEl}: set with setAttribute; `text` sets textContent, `style` the inline style (CSSOM); null/false skip. */
export type Attrs = Record<string, string | number | boolean | null | undefined>;

/** The SVG namespace, for `createElementNS`. */
export const SVG_NS = 'http://www.w3.org/2000/svg';

/** Sets attributes (`text` → textContent, `style` → `style.cssText`, `true` → empty attribute, null/undefined/false → skipped). */
export function setAttrs<T extends Element>(e: T, attrs?: Attrs): T {
  for (const k in attrs) {
    const v = attrs[k];
    if (k == 'text') e.textContent = (v ?? '') as string;
    // Through the CSSOM, which a Content-Security-Policy without style-src 'unsafe-inline' allows (a style attribute it blocks).
    else if (k == 'style' && v != null && v !== false && (e as unknown as ElementCSSInlineStyle).style) (e as unknown as ElementCSSInlineStyle).style.cssText = String(v);
    else if (v != null && v !== false) e.setAttribute(k, v === true ? '' : (v as string));
  }
  return e;
}

/** Creates an HTML element with attributes, appended to `parent` when given. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs, parent?: Node | null): HTMLElementTagNameMap[K] {
  const e = setAttrs((parent?.ownerDocument ?? document).createElement(tag), attrs);
  parent?.appendChild(e);
  return e;
}

/** Creates an SVG element with attributes, appended to `parent` when given. */
export function svgEl<K extends keyof SVGElementTagNameMap>(tag: K, attrs?: Attrs, parent?: Node | null): SVGElementTagNameMap[K] {
  const e = setAttrs((parent?.ownerDocument ?? document).createElementNS(SVG_NS, tag), attrs);
  parent?.appendChild(e);
  return e;
}

/** The device pixel ratio (1 where unknown). */
export function pixelRatio(): number {
  return globalThis.devicePixelRatio || 1;
}

/**
 * Calls `cb(width, height)` (content box, CSS pixels) when `target` changes size, once soon after observing,
 * via ResizeObserver — or window 'resize' where there is none (jsdom). Repeated sizes are skipped.
 * Stops on the returned unsubscribe or when `lifecycle` is destroyed.
 */
export function observeSize(target: Element, cb: (width: number, height: number) => void, lifecycle?: Lifecycle): Unsubscribe {
  let lastSize = '';
  let live = true;
  const report = (width: number, height: number) => {
    const size = `${width} ${height}`;
    if (!live || size === lastSize) return;
    lastSize = size;
    cb(width, height);
  };
  let disconnect: () => void;
  if (typeof ResizeObserver === 'function') {
    const observer = new ResizeObserver((entries) => {
      const box = entries[entries.length - 1].contentRect;
      report(box.width, box.height);
    });
    observer.observe(target);
    disconnect = () => observer.disconnect();
  } else {
    const onResize = () => report(target.clientWidth, target.clientHeight);
    addEventListener('resize', onResize);
    queueMicrotask(onResize);
    disconnect = () => removeEventListener('resize', onResize);
  }
  const stop = () => {
    live = false;
    disconnect();
  };
  lifecycle?.own(stop);
  return stop;
}
