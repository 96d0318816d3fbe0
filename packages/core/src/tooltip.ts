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

/** Distance in CSS pixels between the pointer and the tooltip. */
const POINTER_GAP = 12;

/**
 * Where the tooltip starts along one axis: `gap` after the pointer, or before it when it would overflow the
 * container, and always inside [0, container − size].
 */
function placeAlong(pointer: number, size: number, container: number): number {
  const after = pointer + POINTER_GAP;
  const start = after + size > container ? pointer - POINTER_GAP - size : after;
  return Math.max(0, Math.min(start, container - size));
}

/** Creates a hidden tooltip in `container` (made `position: relative` if it was static). */
export function createTooltip(container: HTMLElement): Tooltip {
  if ((getComputedStyle(container).position || 'static') === 'static') container.style.position = 'relative';
  const tip = el('div', { class: 'tl-tooltip', role: 'tooltip', hidden: true }, container);
  tip.style.position = 'absolute';
  return {
    element: tip,
    show(x, y, rows) {
      const content =
        typeof rows === 'string'
          ? [rows]
          : rows.map(([label, value]) => {
              const row = el('div', { class: 'tl-tooltip-row' });
              el('span', { text: label }, row);
              el('span', { text: value }, row);
              return row;
            });
      tip.replaceChildren(...content);
      tip.hidden = false;
      // Measure at the origin, then place.
      tip.style.left = tip.style.top = '0';
      tip.style.left = placeAlong(x, tip.offsetWidth, container.clientWidth) + 'px';
      tip.style.top = placeAlong(y, tip.offsetHeight, container.clientHeight) + 'px';
    },
    hide() {
      tip.hidden = true;
    },
    destroy() {
      tip.remove();
    },
  };
}
