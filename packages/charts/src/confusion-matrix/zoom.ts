import type { Lifecycle } from '@tensorlens/core';

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
  /** True while the last pointer gesture moved (so a click is not a cell click). */
  dragged(): boolean;
}

export interface ZoomOptions {
  /** The plot rectangle in the target's coordinates: [left, top, width, height]. */
  extent(): [number, number, number, number];
  maxScale(): number;
  onChange(t: ZoomTransform): void;
}

/**
 * Wheel zoom, drag pan, two-finger pinch and double-click zoom on `target`, in about 1 kB (d3-zoom and its
 * transition dependencies would cost 18 kB min+gzip). Content always covers the plot.
 */
export function createZoom(target: Element, life: Lifecycle, o: ZoomOptions): Zoom {
  let t: ZoomTransform = { k: 1, x: 0, y: 0 };
  let drag: { id: number; x: number; y: number; tx: number; ty: number; moved: boolean } | null = null;
  let moved = false;
  const touches = new Map<number, [number, number]>();
  let pinch: { d: number; t: ZoomTransform; c: [number, number] } | null = null;
  const spread = (): [number, [number, number]] => {
    const [[ax, ay], [bx, by]] = [...touches.values()];
    return [Math.hypot(ax - bx, ay - by) || 1, [(ax + bx) / 2, (ay + by) / 2]];
  };

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
  const local = (e: MouseEvent): [number, number] => {
    const r = target.getBoundingClientRect();
    const [l, top] = o.extent();
    return [e.clientX - r.left - l, e.clientY - r.top - top];
  };
  const scaleBy = (f: number, px?: number, py?: number) => {
    const [, , w, h] = o.extent();
    const cx = px ?? w / 2;
    const cy = py ?? h / 2;
    const k = Math.max(1, Math.min(o.maxScale(), t.k * f));
    set({ k, x: cx - ((cx - t.x) * k) / t.k, y: cy - ((cy - t.y) * k) / t.k });
  };
  const inside = (p: [number, number]) => {
    const [, , w, h] = o.extent();
    return p[0] >= 0 && p[1] >= 0 && p[0] <= w && p[1] <= h;
  };

  life.listen(
    target,
    'wheel',
    ((e: WheelEvent) => {
      const p = local(e);
      if (!inside(p)) return;
      e.preventDefault();
      const unit = e.deltaMode === 1 ? 0.05 : e.deltaMode === 2 ? 1 : 0.002;
      scaleBy(Math.pow(2, -e.deltaY * unit * (e.ctrlKey ? 5 : 1)), p[0], p[1]);
    }) as EventListener,
    { passive: false },
  );
  life.listen(target, 'pointerdown', ((e: PointerEvent) => {
    const p = local(e);
    moved = false;
    if (e.pointerType === 'touch') {
      touches.set(e.pointerId, p);
      if (touches.size === 2) {
        const [d, c] = spread();
        pinch = { d, t, c };
        drag = null;
        moved = true;
        return;
      }
    }
    if (e.button !== 0 || !inside(p)) return;
    drag = { id: e.pointerId, x: e.clientX, y: e.clientY, tx: t.x, ty: t.y, moved: false };
  }) as EventListener);
  life.listen(target, 'pointermove', ((e: PointerEvent) => {
    if (pinch && touches.has(e.pointerId)) {
      // two-finger pinch: scale by the change of finger distance around their first midpoint
      touches.set(e.pointerId, local(e));
      const [d] = spread();
      const { t: t0, c } = pinch;
      const k = Math.max(1, Math.min(o.maxScale(), (t0.k * d) / pinch.d));
      set({ k, x: c[0] - ((c[0] - t0.x) * k) / t0.k, y: c[1] - ((c[1] - t0.y) * k) / t0.k });
      return;
    }
    if (!drag || e.pointerId !== drag.id) return;
    const dx = e.clientX - drag.x;
    const dy = e.clientY - drag.y;
    if (!drag.moved && dx * dx + dy * dy < 9) return;
    if (!drag.moved) {
      drag.moved = moved = true;
      (target as Element & { setPointerCapture?(id: number): void }).setPointerCapture?.(e.pointerId);
    }
    set({ k: t.k, x: drag.tx + dx, y: drag.ty + dy });
  }) as EventListener);
  const end = ((e: PointerEvent) => {
    touches.delete(e.pointerId);
    if (touches.size < 2) pinch = null;
    if (drag && e.pointerId === drag.id) drag = null;
  }) as EventListener;
  life.listen(target, 'pointerup', end);
  life.listen(target, 'pointercancel', end);
  life.listen(target, 'dblclick', ((e: MouseEvent) => {
    const p = local(e);
    if (!inside(p)) return;
    e.preventDefault();
    scaleBy(e.shiftKey ? 0.5 : 2, p[0], p[1]);
  }) as EventListener);

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
