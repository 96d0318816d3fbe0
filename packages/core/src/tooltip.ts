import { el } from './dom';

/** A text-only tooltip inside a container. */
export interface Tooltip {
  /** The `.tl-tooltip` element (role="tooltip"). */
  element: HTMLElement;
  /**
   * Shows text (a string, or [label, value] rows) near container point (x, y) in CSS pixels, flipped and
   * clamped to stay inside the container. Text only: everything goes through textContent.
   */
  show(x: number, y: number, rows: Array<[string, string]> | string): void;
  hide(): void;
  destroy(): void;
}

/** Creates a hidden tooltip in `container` (made `position: relative` if it was static). */
export function createTooltip(container: HTMLElement): Tooltip {
  if ((getComputedStyle(container).position || 'static') == 'static') container.style.position = 'relative';
  const t = el('div', { class: 'tl-tooltip', role: 'tooltip', hidden: true }, container);
  const s = t.style;
  s.position = 'absolute';
  return {
    element: t,
    show(x, y, rows) {
      t.replaceChildren(
        ...(typeof rows == 'string'
          ? [rows]
          : rows.map(([k, v]) => {
              const r = el('div', { class: 'tl-tooltip-row' });
              el('span', { text: k }, r);
              el('span', { text: v }, r);
              return r;
            })),
      );
      t.hidden = false;
      s.left = s.top = '0';
      const W = container.clientWidth;
      const H = container.clientHeight;
      const w = t.offsetWidth;
      const h = t.offsetHeight;
      const at = (p: number, size: number, max: number) => Math.max(0, Math.min(p + 12 + size > max ? p - 12 - size : p + 12, max - size));
      s.left = at(x, w, W) + 'px';
      s.top = at(y, h, H) + 'px';
    },
    hide() {
      t.hidden = true;
    },
    destroy() {
      t.remove();
    },
  };
}
