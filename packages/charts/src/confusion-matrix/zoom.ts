// The matrix's zoom: a transform of the plot (scale k ≥ 1, offsets that keep the cells covering the plot) driven by
// core's pointer gestures — wheel and trackpad pinch (Ctrl+wheel) zoom at the pointer, drag pans, a two-finger
// pinch zooms about the fingers, double-click zooms in (Shift: out).
import { attachGestures } from '@tensorlens/core';
import type { Lifecycle, Point } from '@tensorlens/core';

/** A zoom transform: screen = offset + k · content (content in plot pixels at scale 1). */
export interface ZoomTransform {
  k: number;
  x: number;
  y: number;
}

export interface Zoom {
  readonly transform: ZoomTransform;
  set(t: ZoomTransform): void;
  reset(): void;
  /** Scales by factor f keeping plot point (px, py) fixed. */
  scaleBy(f: number, px?: number, py?: number): void;
  /** True when the last press moved (a drag or a pinch), so the click that ends it is not a cell click. */
  dragged(): boolean;
}

export interface ZoomOptions {
  /** The plot rectangle in the target's coordinates: [left, top, width, height]. */
  extent(): [number, number, number, number];
  maxScale(): number;
  onChange(t: ZoomTransform): void;
  /** The pointer moved with no button pressed (position in the target's coordinates). */
  hover?(p: Point, e: PointerEvent): void;
  /** The pointer left the target. */
  leave?(): void;
}

/**
 * Wheel zoom: the scale doubles per 500 px of deltaY (per 20 lines, per page). Ctrl+wheel is how browsers report a
 * trackpad pinch, whose deltas are small, so it goes 5× faster.
 */
function wheelFactor(e: WheelEvent): number {
  const perUnit = e.deltaMode === 1 ? 0.05 : e.deltaMode === 2 ? 1 : 0.002;
  return Math.pow(2, -e.deltaY * perUnit * (e.ctrlKey ? 5 : 1));
}

/** Zoom and pan of the plot inside `target` (the matrix's SVG), on core's {@link attachGestures}. */
export function createZoom(target: SVGSVGElement, life: Lifecycle, o: ZoomOptions): Zoom {
  let t: ZoomTransform = { k: 1, x: 0, y: 0 };
  /** Whether the current press started inside the plot (only those pan). */
  let panning = false;
  let moved = false;

  const clamp = (n: ZoomTransform): ZoomTransform => {
    const [, , w, h] = o.extent();
    const k = Math.max(1, Math.min(o.maxScale(), n.k));
    return { k, x: Math.min(0, Math.max(w - w * k, n.x)), y: Math.min(0, Math.max(h - h * k, n.y)) };
  };
  const set = (n: ZoomTransform) => {
    const c = clamp(n);
    if (c.k === t.k && c.x === t.x && c.y === t.y) return;
    t = c;
    o.onChange(t);
  };
  /** A point of the target in plot coordinates. */
  const inPlot = (p: Point): Point => {
    const [left, top] = o.extent();
    return [p[0] - left, p[1] - top];
  };
  const inside = ([x, y]: Point) => {
    const [, , w, h] = o.extent();
    return x >= 0 && y >= 0 && x <= w && y <= h;
  };
  /** `from` scaled by f about plot point (cx, cy) (the point stays put). */
  const scaledAbout = (from: ZoomTransform, f: number, cx: number, cy: number): ZoomTransform => {
    const k = Math.max(1, Math.min(o.maxScale(), from.k * f));
    return { k, x: cx - ((cx - from.x) * k) / from.k, y: cy - ((cy - from.y) * k) / from.k };
  };
  const scaleBy = (f: number, px?: number, py?: number) => {
    const [, , w, h] = o.extent();
    set(scaledAbout(t, f, px ?? w / 2, py ?? h / 2));
  };

  attachGestures(life, target, {
    start(p) {
      moved = false;
      panning = inside(inPlot(p));
    },
    drag(p, last) {
      if (!panning) return;
      moved = true;
      set({ k: t.k, x: t.x + p[0] - last[0], y: t.y + p[1] - last[1] });
    },
    end() {
      panning = false;
    },
    cancel() {
      // a pinch began (or the press was cancelled): the click that may follow is not a cell click
      panning = false;
      moved = true;
    },
    hover: o.hover,
    leave: () => o.leave?.(),
    zoom(factor, at, pan, wheel) {
      const p = inPlot(at);
      if (wheel) {
        if (!inside(p)) return false; // outside the plot the wheel scrolls the page
        scaleBy(wheelFactor(wheel), p[0], p[1]); // the matrix's own rate, not core's e^(−0.002·deltaY)
        return true;
      }
      // a two-finger pinch: follow the fingers' midpoint, then scale about it
      moved = true;
      const followed = pan ? { k: t.k, x: t.x + pan[0], y: t.y + pan[1] } : t;
      set(scaledAbout(followed, factor, p[0], p[1]));
      return true;
    },
    doubleClick(at, e) {
      const p = inPlot(at);
      if (!inside(p)) return;
      e.preventDefault();
      scaleBy(e.shiftKey ? 0.5 : 2, p[0], p[1]);
    },
  });

  return {
    get transform() {
      return t;
    },
    set,
    reset: () => set({ k: 1, x: 0, y: 0 }),
    scaleBy,
    dragged: () => moved,
  };
}
