import { interpolateBlues, interpolateGreys, interpolateMagma, interpolatePuOr, interpolateRdBu, interpolateViridis } from 'd3-scale-chromatic';
import { colorLut, interpolateScheme } from '@tensorlens/core';
import { viridis } from './fixtures/matplotlib-colormaps';

/** [r, g, b] of a colour d3 returns: `#rrggbb` or `rgb(r, g, b)`. */
function channels(css: string): number[] {
  if (css.startsWith('#')) return [1, 3, 5].map((o) => parseInt(css.slice(o, o + 2), 16));
  return css.match(/\d+/g)!.slice(0, 3).map(Number);
}

describe('colorLut(scheme, domain)', () => {
  it('holds 256 colours whose ends are the scheme ends (viridis #440154 → #fde725)', () => {
    const lut = colorLut('viridis');
    expect([...lut.rgb.subarray(0, 3)]).toEqual([0x44, 0x01, 0x54]);
    expect([...lut.rgb.subarray(765, 768)]).toEqual([0xfd, 0xe7, 0x25]);
  });

  // Core interpolates 33 stops per scheme (packages/core/src/schemes.ts, sampled from d3-scale-chromatic by
  // scripts/make-color-schemes.mjs) instead of bundling d3-scale-chromatic's tables: every entry stays within
  // 4/255 per channel of d3's colour (a difference under a just-noticeable one).
  const TOLERANCE = 4;
  const within = (actual: number[], expected: number[], label: string) =>
    expect(Math.max(...actual.map((v, i) => Math.abs(v - expected[i]))), `${label}: ${actual} vs ${expected}`).toBeLessThanOrEqual(TOLERANCE);

  it("holds d3-scale-chromatic's colour at k / 255 in entry k within 4/255, for every scheme (puor in ColorBrewer's orange → purple order)", () => {
    const reference = {
      viridis: interpolateViridis,
      magma: interpolateMagma,
      blues: interpolateBlues,
      greys: interpolateGreys,
      rdbu: interpolateRdBu,
      puor: (t: number) => interpolatePuOr(1 - t),
    };
    for (const [scheme, interpolate] of Object.entries(reference)) {
      const lut = colorLut(scheme as keyof typeof reference);
      for (let k = 0; k < 256; k++) within([...lut.rgb.subarray(k * 3, k * 3 + 3)], channels(interpolate(k / 255)), `${scheme} ${k}`);
    }
  });

  it("is matplotlib's 256-entry viridis table within 4/255, with its exact ends", () => {
    const lut = colorLut('viridis');
    for (let k = 0; k < 256; k++) within([...lut.rgb.subarray(k * 3, k * 3 + 3)], channels('#' + viridis.substr(k * 6, 6)), `entry ${k}`);
    expect([...lut.rgb.subarray(0, 3)]).toEqual(channels('#' + viridis.substr(0, 6)));
    expect([...lut.rgb.subarray(765, 768)]).toEqual(channels('#' + viridis.substr(255 * 6, 6)));
  });

  it('agrees with interpolateScheme at every entry', () => {
    const lut = colorLut('magma');
    const f = interpolateScheme('magma');
    for (const k of [0, 17, 128, 200, 255]) {
      const hex = f(k / 255);
      expect([...lut.rgb.subarray(k * 3, k * 3 + 3)]).toEqual([1, 3, 5].map((o) => parseInt(hex.slice(o, o + 2), 16)));
    }
  });

  it('packs rgba words for a little-endian ImageData view (R in the low byte, opaque alpha)', () => {
    const lut = colorLut('viridis');
    const bytes = new Uint8Array(lut.rgba.buffer);
    expect([...bytes.subarray(0, 4)]).toEqual([0x44, 0x01, 0x54, 255]);
    expect([...bytes.subarray(1020, 1024)]).toEqual([0xfd, 0xe7, 0x25, 255]);
  });

  it('maps values over its domain, clamping outside it', () => {
    const lut = colorLut('blues', [10, 20]);
    expect(lut.index(10)).toBe(0);
    expect(lut.index(20)).toBe(255);
    expect(lut.index(15)).toBe(128);
    expect(lut.index(-5)).toBe(0);
    expect(lut.index(99)).toBe(255);
    expect(lut.css(20)).toBe('rgb(8,48,107)');
  });

  it('rejects an unknown scheme with a typed error naming it', () => {
    // @ts-expect-error unknown scheme on purpose
    expect(() => colorLut('rainbow')).toThrow(expect.objectContaining({ code: 'option', argument: 'scheme' }));
  });
});
