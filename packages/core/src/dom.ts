import type { Lifecycle, Unsubscribe } from './component';

/** Attributes for {@link el} / {@link svgEl}: set with setAttribute; `text` sets textContent; null/false skip. */
export type Attrs = Record<string, string | number | boolean | null | undefined>;

export const SVG_NS = 'http://www.w3.org/2000/svg';

/** Sets attributes (`text` → textContent, `true` → empty attribute, null/undefined/false → skipped). */
export function setAttrs<T extends Element>(e: T, attrs?: Attrs): T {
  for (const k in attrs) {
    const v = attrs[k];
    if (k == 'text') e.textContent = (v ?? '') as string;
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
  let last = '';
  let live = true;
  const fire = (w: number, h: number) => {
    if (live && last != (last = w + ' ' + h)) cb(w, h);
  };
  let off: () => void;
  if (typeof ResizeObserver == 'function') {
    const ro = new ResizeObserver((es) => {
      const r = es[es.length - 1].contentRect;
      fire(r.width, r.height);
    });
    ro.observe(target);
    off = () => ro.disconnect();
  } else {
    const f = () => fire(target.clientWidth, target.clientHeight);
    addEventListener('resize', f);
    queueMicrotask(f);
    off = () => removeEventListener('resize', f);
  }
  const stop = () => {
    live = false;
    off();
  };
  lifecycle?.own(stop);
  return stop;
}
