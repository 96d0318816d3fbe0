// Pointer gestures shared by the WebGL views: one-pointer drags (after a 3 px slop), taps, hover, two-pointer
// pinch, wheel and double-click zoom. The view decides what a drag means (pan, box, lasso…); this module only
// tracks pointers. Listeners are registered on the view's Lifecycle, so destroy() removes them.
import type { Lifecycle } from './component';

/** A point `[x, y]` in CSS px from the target element's top-left corner. */
export type Point = [number, number];

/** What {@link attachGestures} calls; every handler is optional. */
export interface GestureHandlers {
  /** A one-pointer press (not the second finger of a pinch). */
  start?(p: Point, e: PointerEvent): void;
  /** A one-pointer move once the pointer is more than 3 px from where it went down. */
  drag?(p: Point, last: Point, start: Point, e: PointerEvent): void;
  /** A move with no press in progress. */
  hover?(p: Point, e: PointerEvent): void;
  /** The press ended: `moved` false is a tap. Not called for pointercancel (see `cancel`). */
  end?(p: Point, moved: boolean, start: Point, e: PointerEvent): void;
  /** A press was cancelled (pointercancel) or turned into a pinch. */
  cancel?(): void;
  /** The pointer left the element; `pressed` tells whether a press is in progress. */
  leave?(pressed: boolean): void;
  /**
   * Zoom by `factor` about `at` (wheel, pinch); `pan` is the pinch midpoint's move in px; `wheel` is the wheel
   * event (absent for a pinch). Returning `false` leaves a wheel event to the page (no preventDefault: it scrolls).
   */
  zoom?(factor: number, at: Point, pan?: Point, wheel?: WheelEvent): void | boolean;
  /** A double-click (views that zoom on it say so here); `e` gives its modifier keys. */
  doubleClick?(p: Point, e: MouseEvent): void;
}

/** Position of a pointer event in CSS px relative to `target`'s top-left corner. */
export function localPoint(e: { clientX: number; clientY: number }, target: Element): Point {
  const r = target.getBoundingClientRect();
  return [e.clientX - r.left, e.clientY - r.top];
}

const SLOP_PX = 3;

/**
 * Tracks pointer gestures on `target` (positions relative to `target`) and calls `h`. `focus` gets keyboard
 * focus on press (default: `target`).
 */
export function attachGestures(life: Lifecycle, target: HTMLElement | SVGElement, h: GestureHandlers, focus: HTMLElement | SVGElement = target): void {
  const pointers = new Map<number, Point>();
  let press: { start: Point; last: Point; moved: boolean } | null = null;
  let pinch: { d: number; mid: Point } | null = null;
  const spread = (): { d: number; mid: Point } => {
    const [a, b] = [...pointers.values()];
    return { d: Math.hypot(a[0] - b[0], a[1] - b[1]), mid: [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2] };
  };

  life.listen(target, 'pointerdown', (ev) => {
    const e = ev as PointerEvent;
    if (e.button > 0) return;
    focus.focus({ preventScroll: true });
    const p = localPoint(e, target);
    pointers.set(e.pointerId, p);
    try {
      target.setPointerCapture?.(e.pointerId);
    } catch {
      // not an active pointer (a synthetic event): track it without capture
    }
    if (pointers.size === 2) {
      pinch = spread();
      if (press) h.cancel?.();
      press = null;
      return;
    }
    press = { start: p, last: p, moved: false };
    h.start?.(p, e);
  });

  life.listen(target, 'pointermove', (ev) => {
    const e = ev as PointerEvent;
    const p = localPoint(e, target);
    if (pointers.has(e.pointerId)) pointers.set(e.pointerId, p);
    if (pinch && pointers.size === 2) {
      const s = spread();
      h.zoom?.(s.d / (pinch.d || s.d), s.mid, [s.mid[0] - pinch.mid[0], s.mid[1] - pinch.mid[1]]);
      pinch = s;
      return;
    }
    if (!press) return h.hover?.(p, e);
    if (Math.hypot(p[0] - press.start[0], p[1] - press.start[1]) > SLOP_PX) press.moved = true;
    if (!press.moved) return;
    h.drag?.(p, press.last, press.start, e);
    press.last = p;
  });

  const endPointer = (ev: Event) => {
    const e = ev as PointerEvent;
    pointers.delete(e.pointerId);
    if (pinch) {
      if (pointers.size < 2) pinch = null;
      return;
    }
    const d = press;
    press = null;
    if (!d) return;
    if (ev.type === 'pointercancel') return h.cancel?.();
    h.end?.(localPoint(e, target), d.moved, d.start, e);
  };
  life.listen(target, 'pointerup', endPointer);
  life.listen(target, 'pointercancel', endPointer);
  life.listen(target, 'pointerleave', () => h.leave?.(press !== null));

  life.listen(
    target,
    'wheel',
    (ev) => {
      const e = ev as WheelEvent;
      const dy = e.deltaY * (e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? 400 : 1);
      if (h.zoom?.(Math.exp(-dy * 0.002), localPoint(e, target), undefined, e) !== false) e.preventDefault();
    },
    { passive: false },
  );
  if (h.doubleClick) life.listen(target, 'dblclick', (ev) => h.doubleClick!(localPoint(ev as MouseEvent, target), ev as MouseEvent));
}
