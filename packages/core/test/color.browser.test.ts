// parseColor in Chromium: the browser path (hwb(), lab(), lch(), oklab(), oklch(), color(), color-mix(), system
// colours) against independent references — what Chromium computes for the same string where it computes sRGB, and
// steelblue and red written in each colour space (converted with CSS Color 4's published matrices, outside this code).
import { describe, expect, it } from 'vitest';
import { createLegend, isColor, isCssColor, parseColor, readThemeColor, TensorLensError } from '../src/index';
import { expectError } from '../../../test/support';

/** Chromium's computed `color` for a string, read as numbers: `rgb(r, g, b)` or `rgba(r, g, b, a)`. */
function chromium(value: string): number[] {
  const probe = document.body.appendChild(document.createElement('i'));
  probe.style.color = value;
  const text = getComputedStyle(probe).color;
  probe.remove();
  const numbers = /^rgba?\(([^)]*)\)$/.exec(text)![1].split(',').map(Number);
  return numbers.length === 3 ? [...numbers, 1] : numbers;
}
const within = (got: number[], want: number[], tolerance: number) => got.every((v, i) => Math.abs(v - want[i]) <= (i === 3 ? 0.01 : tolerance));

describe('parseColor in Chromium', () => {
  it('agrees with what Chromium computes for names, hex, rgb(), hsl() and hwb() in every syntax', () => {
    const cases = [
      'steelblue', 'Transparent', '#4682b4', '#4682b480', '#f80', '#f808', 'rgb(70, 130, 180)', 'rgba(70 130 180 / 25%)', 'rgb(27.5% 51% 70.6%)',
      'rgb(100% 0 50%)', 'rgb(none 255 0)', 'hsl(207 44% 49%)', 'hsla(207, 44%, 49%, .5)', 'hsl(0.575turn 44% 49%)', 'hsl(30 80 60)',
      'hwb(207 27% 29%)', 'hwb(120 0% 50% / 0.5)', 'hwb(0 50% 50%)',
    ];
    for (const css of cases) expect(within(parseColor(css), chromium(css), 0.5), `${css}: ${parseColor(css)} vs ${chromium(css)}`).toBe(true);
  });

  it('reads lab(), lch(), oklab(), oklch() and color() as the sRGB colour they name', () => {
    const steelblue = [70, 130, 180, 1];
    const red = [255, 0, 0, 1];
    const cases: [string, number[]][] = [
      ['lab(51.9865% -8.3619 -32.8329)', steelblue],
      ['lch(51.9865 33.881 255.7116)', steelblue],
      ['oklab(0.588 -0.040817 -0.090566)', steelblue],
      ['oklab(58.8% -10.2% -22.6%)', steelblue],
      ['oklch(0.588 0.099339 245.7394)', steelblue],
      ['oklch(58.8% 0.099339 245.7394deg / 0.5)', [70, 130, 180, 0.5]],
      ['lab(54.29 80.8 69.89)', red],
      ['oklch(62.8% 0.2577 29.23)', red],
      ['color(srgb 1 0 0)', red],
      ['color(srgb 0.2745 0.5098 0.7059)', steelblue],
      ['color(display-p3 0.9175 0.2003 0.1387)', red],
      ['color-mix(in srgb, red 50%, blue)', [127.5, 0, 127.5, 1]],
    ];
    for (const [css, want] of cases) expect(within(parseColor(css), want, 1.5), `${css}: ${parseColor(css)}`).toBe(true);
  });

  it('reads what Chromium reads and rejects what it rejects, with a typed error naming the argument', () => {
    for (const css of ['Canvas', 'CanvasText', 'light-dark(white, black)', 'lab(50 20 -30 / 0.4)']) expect(isCssColor(css), css).toBe(CSS.supports('color', css));
    // light-dark(): a canvas does not read it; the page's computed colour does (its color-scheme is light here)
    expect(parseColor('light-dark(rgb(1 2 3), black)')).toEqual([1, 2, 3, 1]);
    for (const css of ['oklch(0.6 0.1)', 'lab(50 20)', 'hwb(120 0 50% 1)', 'color(nope 1 0 0)', 'inherit', 'var(--tl-accent)', 'bluish']) {
      expect(CSS.supports('color', css) && !/inherit|var/.test(css), css).toBe(false);
      expectError(() => parseColor(css, 'options.background'), 'parse', 'options.background');
    }
  });

  it('gives currentColor the colour of the element it is read for', () => {
    const el = document.body.appendChild(document.createElement('div'));
    el.style.color = 'oklch(0.588 0.099339 245.7394)';
    expect(within(parseColor('currentColor', 'color', el), [70, 130, 180, 1], 1.5)).toBe(true);
    el.style.setProperty('--tl-accent', 'currentcolor');
    expect(within(parseColor(readThemeColor(el, '--tl-accent')), [70, 130, 180, 1], 1.5)).toBe(true);
    el.remove();
  });

  it('every colour option takes every syntax: isColor, and the legend paints an oklch() swatch', () => {
    for (const css of ['steelblue', 'hsl(207 44% 49%)', 'hwb(207 27% 29%)', 'lab(52 -8 -33)', 'oklch(0.6 0.1 245)', 'color(srgb 0.27 0.51 0.71)', 'transparent', 'currentColor'])
      expect(() => isColor(css, 'options.background'), css).not.toThrow();
    expect(() => isColor('oklch(nope)', 'options.background')).toThrow(TensorLensError);
    const box = document.body.appendChild(document.createElement('div'));
    const legend = createLegend(box, { type: 'categorical', categories: ['a', 'b'], colors: ['oklch(0.588 0.099339 245.7394)', 'hwb(0 0% 0%)'] });
    const swatches = [...box.querySelectorAll('.tl-legend-swatch')].map((s) => parseColor(getComputedStyle(s).backgroundColor));
    expect(within(swatches[0], [70, 130, 180, 1], 1.5), String(swatches[0])).toBe(true);
    expect(swatches[1]).toEqual([255, 0, 0, 1]);
    expectError(() => createLegend(box, { type: 'categorical', categories: ['a'], colors: ['oklch(nope)'] }), 'option', 'options.colors[0]');
    legend.destroy();
    box.remove();
  });
});
