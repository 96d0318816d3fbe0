import { createLegend } from '@tensorlens/core';
import type { LegendHandle, LegendOptions } from '@tensorlens/core';

/** A fixed, ordered set of places for core legends (e.g. one for signed maps, one for magnitudes). */
export interface LegendSlots<K extends string> {
  /** Shows the legend of `key` with these options (created on first use, updated after), or removes it (null). */
  show(key: K, options: LegendOptions | null): void;
  /** The legend shown for `key`, if any. */
  get(key: K): LegendHandle | null;
  /** Removes every legend. */
  clear(): void;
  /** Removes every legend and its places. */
  destroy(): void;
}

/**
 * Places for core's `createLegend` inside `container`, one per key in the given order, so a legend that appears
 * later still takes its place in the order. A legend whose type changes is created again.
 */
export function createLegendSlots<K extends string>(container: HTMLElement, keys: readonly K[]): LegendSlots<K> {
  const places = new Map<K, HTMLElement>();
  const legends = new Map<K, LegendHandle>();
  const shown = new Map<K, LegendOptions>();
  for (const key of keys) {
    const place = container.ownerDocument.createElement('div');
    place.className = 'tl-legend-slot';
    place.dataset.legend = key;
    container.appendChild(place);
    places.set(key, place);
  }
  function remove(key: K): void {
    legends.get(key)?.destroy();
    legends.delete(key);
    shown.delete(key);
    places.get(key)!.hidden = true;
  }
  return {
    show(key, options) {
      if (!options) return remove(key);
      const legend = legends.get(key);
      places.get(key)!.hidden = false;
      const before = shown.get(key);
      if (legend && before && before.type === options.type) {
        // The legend's options are replaced as a whole: an option given before and left out now returns to its default.
        const reset: Record<string, undefined> = {};
        for (const name of Object.keys(before)) if (!(name in options)) reset[name] = undefined;
        legend.update({ ...reset, ...options });
        shown.set(key, options);
        return;
      }
      if (legend) remove(key);
      places.get(key)!.hidden = false;
      legends.set(key, createLegend(places.get(key)!, options));
      shown.set(key, options);
    },
    get: (key) => legends.get(key) ?? null,
    clear() {
      for (const key of keys) remove(key);
    },
    destroy() {
      for (const key of keys) remove(key);
      for (const place of places.values()) place.remove();
      places.clear();
    },
  };
}
