import { fail } from '@tensorlens/core';
import { loadAtlas, type ActivationAtlas, type AtlasSprites } from '@tensorlens/explain';
import { createActivationAtlas, type ActivationAtlasHandle, type ActivationAtlasOptions } from '@tensorlens/gl';
import { TlElement, optionsFromSpecs, type AttributeSpec } from './element-base';

/**
 * Attributes of `<tl-activation-atlas>` that map to renderer options. `level` ('auto' or a level index) and
 * `highlight-class` (a class index or name) are read as text here and converted with the atlas at hand.
 */
export const ATLAS_ATTRIBUTES: Record<string, AttributeSpec> = {
  level: { kind: 'string' },
  'icon-px': { kind: 'number' },
  'highlight-class': { option: 'classIndex', kind: 'string' },
  'class-mode': { kind: ['tint', 'filter'] },
  'size-by-density': { kind: 'boolean' },
  'color-by-top-class': { kind: 'boolean' },
  'cross-fade': { kind: 'boolean' },
  minimap: { kind: 'boolean' },
  tooltip: { kind: 'boolean' },
  legend: { kind: 'boolean' },
  theme: { kind: ['auto', 'light', 'dark'] },
  gap: { kind: 'number' },
  background: { kind: 'string' },
  'chart-title': { option: 'title', kind: 'string' },
};

/** Data of `<tl-activation-atlas>`: an atlas with its sprites (what loadAtlas returns), or other renderer options with it. */
export type AtlasData = { atlas: ActivationAtlas; sprites: AtlasSprites } & Partial<Omit<ActivationAtlasOptions, 'sprites'>>;

/** 'auto' or a level index ≥ 0, from the `level` attribute. */
function parseLevel(text: string): number | 'auto' {
  const t = text.trim().toLowerCase();
  if (t === '' || t === 'auto') return 'auto';
  const v = Number(t);
  if (!Number.isInteger(v) || v < 0) throw fail('option', 'attribute level', '"auto" or a level index (an integer ≥ 0)', text);
  return v;
}

/** A class index from the `highlight-class` attribute: an integer, or one of the atlas's class names; '' / 'none' → null. */
function parseClass(text: string, atlas: ActivationAtlas | undefined): number | null {
  const t = text.trim();
  if (t === '' || t.toLowerCase() === 'none') return null;
  const names = atlas?.classNames ?? null;
  const byName = names ? names.indexOf(t) : -1;
  if (byName >= 0) return byName;
  const v = Number(t);
  const count = atlas?.numClasses ?? 0;
  if (Number.isInteger(v) && v >= 0 && (!atlas || v < count)) return v;
  const expected = names?.length
    ? `a class index 0..${count - 1} or one of ${names.slice(0, 12).map((s) => JSON.stringify(s)).join(', ')}${names.length > 12 ? ', …' : ''}`
    : count
      ? `a class index 0..${count - 1}`
      : 'no class (this atlas has no classes)';
  throw fail('unknown-class', 'attribute highlight-class', expected, text);
}

/**
 * `<tl-activation-atlas>`: an activation atlas from its files (`src` = the manifest, `atlas.json`, written by
 * `serializeAtlas` or by any pipeline following docs/activation-atlas-format.md; sprite pages load from paths
 * relative to it) or from the `data` property `{atlas, sprites}` (sprites from loadAtlas or packAtlasIcons).
 *
 * - Attributes: `src`, `level` ('auto' or a level index), `highlight-class` (a class index or name: the class
 *   tinted or filtered; the attribute is not `class`, which is HTML's CSS class list), `class-mode`
 *   ('tint' | 'filter'), `size-by-density`, `color-by-top-class`, `minimap`, `tooltip`, `icon-px`, `cross-fade`,
 *   `gap`, `background`, `chart-title`, `eager`, `selection` (the name of a page-wide selection).
 * - Starts when scrolled into view ("Loading…" while the manifest and sprites load); on disconnect destroys the renderer (GL objects, listeners) and aborts fetches.
 * - Events (bubbling, composed): `tl-select` (a cell clicked: its examples), `tl-hover`, `tl-levelchange`,
 *   `tl-view`, `tl-render`, `tl-error` (a bad manifest or option: the message is shown with role="alert"; a
 *   sprite page that fails to load: `detail.page`, the atlas stays up with a note and placeholders).
 */
export class TlActivationAtlas extends TlElement<ActivationAtlasHandle, AtlasData> {
  /** The tag this class is registered under: `<tl-activation-atlas>` (see {@link TlElement.define}). */
  static get tagName(): 'tl-activation-atlas' {
    return 'tl-activation-atlas';
  }
  static get observedAttributes(): string[] {
    return ['src', 'eager', 'selection', ...Object.keys(ATLAS_ATTRIBUTES)];
  }
  protected readonly sourceAttributes = ['src'] as const;
  protected readonly optionSpecs = ATLAS_ATTRIBUTES;
  protected override readonly forwardsNullSelection = false;

  /** The renderer's handle while drawn, else null. */
  get activationAtlas(): ActivationAtlasHandle | null {
    return this.current;
  }

  protected load(signal: AbortSignal): Promise<AtlasData> | null {
    const src = this.getAttribute('src');
    if (!src) return null;
    return loadAtlas(new URL(src, this.ownerDocument.baseURI).href, { signal });
  }

  /** Options from the attributes, `level` and `highlight-class` converted for `atlas`. */
  #options(attrs: Record<string, unknown>, atlas: ActivationAtlas | undefined): Partial<ActivationAtlasOptions> {
    const out: Record<string, unknown> = { ...attrs };
    if (typeof out.level === 'string') out.level = parseLevel(out.level);
    if (typeof out.classIndex === 'string') out.classIndex = parseClass(out.classIndex, atlas);
    return out as Partial<ActivationAtlasOptions>;
  }

  protected create(container: HTMLElement, data: AtlasData): ActivationAtlasHandle {
    const attrs = this.#options(optionsFromSpecs(this, ATLAS_ATTRIBUTES), data?.atlas);
    const options = { ...data, ...attrs } as ActivationAtlasOptions;
    if (this.selection) options.selection = this.selection;
    return createActivationAtlas(container, options);
  }

  protected forward(h: ActivationAtlasHandle): Array<() => void> {
    return [
      h.on('select', (d) => this.fire('tl-select', d)),
      h.on('hover', (d) => this.fire('tl-hover', d)),
      h.on('levelchange', (d) => this.fire('tl-levelchange', d)),
      h.on('view', (d) => this.fire('tl-view', d)),
      h.on('error', (d) => this.fire('tl-error', d)),
    ];
  }

  protected apply(h: ActivationAtlasHandle, options: Record<string, unknown>): void {
    h.update(this.#options(options, this.currentData?.atlas));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-activation-atlas': TlActivationAtlas;
  }
}
