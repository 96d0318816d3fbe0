import { formatSafe } from '@tensorlens/core';
import type { DivergingScheme, SequentialScheme, Theme } from '@tensorlens/core';
import { createLegendSlots } from './legend-slots';
import { LARGEST_NUMBER } from './format';

/** What the saliency legend shows. */
export interface SaliencyLegendSpec {
  /** Some map is signed: a diverging ramp centred on 0. */
  signed: boolean;
  /** Some map shows magnitudes: a sequential ramp from 0. */
  magnitude: boolean;
  /** The one clip value of a shared scale (its ends are labelled with it), or null when each map has its own. */
  sharedClip: number | null;
  /** The clip percentile. */
  percentile: number;
  divergingScheme: DivergingScheme;
  scheme: SequentialScheme;
  theme: Theme;
  /** Pixels of all maps whose channel sum overflowed (said in words under the ramps). */
  overflowed: number;
}

/** The saliency overlay's legend: core legends for the signed and magnitude scales in use, and a note on overflow. */
export interface SaliencyLegend {
  draw(spec: SaliencyLegendSpec): void;
  clear(): void;
  destroy(): void;
}

/**
 * Draws the legends into `container`. The ramps run over the clip range normalised to [−1, 1] (or [0, 1]) and their
 * ends are labelled with the clip value (shared scale) or the word "clip" (one clip per map), so the labels never
 * depend on arithmetic that could overflow (a clip near ±1.8e308 is labelled as it is, never as Infinity or NaN).
 */
export function drawSaliencyLegend(container: HTMLElement): SaliencyLegend {
  const slots = createLegendSlots(container, ['signed', 'magnitude'] as const);
  const note = container.ownerDocument.createElement('div');
  note.className = 'tl-text tl-muted tl-sal-note';
  note.hidden = true;
  container.appendChild(note);

  /**
   * The label of a normalised tick t (−1…1): a multiple of the word "clip" when each map has its own clip value,
   * else the value t·clip of the shared scale. `signs` puts a '+' on positive values (diverging ramps).
   */
  function tickLabel(t: number, clip: number | null, signs: boolean): string {
    if (t === 0) return '0';
    const sign = t < 0 ? '−' : signs ? '+' : '';
    const size = Math.abs(t);
    if (clip === null) return `${sign}${size === 1 ? '' : `${formatSafe(size)}·`}clip`;
    return `${sign}${formatSafe(size * clip)}`;
  }

  return {
    draw(spec) {
      const per = spec.sharedClip === null ? ' per map' : '';
      const what = `clipped at the ${formatSafe(spec.percentile)}th percentile of |attribution|${per}`;
      slots.show(
        'signed',
        spec.signed
          ? { type: 'diverging', title: `attribution (signed), ${what}`, domain: [-1, 1], center: 0, scheme: spec.divergingScheme, ticks: 2, format: (t) => tickLabel(t, spec.sharedClip, true), orientation: 'horizontal', length: 200, theme: spec.theme }
          : null,
      );
      slots.show(
        'magnitude',
        spec.magnitude
          ? { type: 'continuous', title: `|attribution|, ${what}`, domain: [0, 1], scheme: spec.scheme, ticks: 1, format: (t) => tickLabel(t, spec.sharedClip, false), orientation: 'horizontal', length: 200, theme: spec.theme }
          : null,
      );
      note.hidden = !spec.overflowed;
      note.textContent = spec.overflowed
        ? `${spec.overflowed} pixel${spec.overflowed > 1 ? 's' : ''} overflowed: the sum of ${spec.overflowed > 1 ? 'their' : 'its'} channels is beyond the largest number (±${formatSafe(LARGEST_NUMBER)}) and is shown as ±${formatSafe(LARGEST_NUMBER)}.`
        : '';
    },
    clear() {
      slots.clear();
      note.hidden = true;
      note.textContent = '';
    },
    destroy() {
      slots.destroy();
      note.remove();
    },
  };
}
