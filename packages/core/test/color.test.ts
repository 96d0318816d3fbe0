import { describe, it, expect } from 'vitest';
import {
  sequentialScale,
  divergingScale,
  interpolateScheme,
  categoricalColors,
  CATEGORICAL,
  textColorOn,
  contrastRatio,
  luminance,
  parseColor,
  isCssColor,
  cssRGB,
  rgbToHex,
  oklch,
  MISSING_COLOR,
} from '../src/index';
import { viridis, magma } from './fixtures/matplotlib-colormaps';
import { expectError } from '../../../test/support';

const rgb = (hex: string) => parseColor(hex).slice(0, 3);
const maxDiff = (a: string, b: string) => Math.max(...rgb(a).map((v, i) => Math.abs(v - rgb(b)[i])));

/** sRGB hex → OKLab (Ottosson's published matrices), written independently of src/color.ts. */
function oklab(hex: string): number[] {
  const [r, g, b] = rgb(hex).map((v) => ((v /= 255) <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  const l = Math.cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
  const m = Math.cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
  const s = Math.cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
  return [0.2104542553 * l + 0.793617785 * m - 0.0040720468 * s, 1.9779984951 * l - 2.428592205 * m + 0.4505937099 * s, 0.0259040371 * l + 0.7827717662 * m - 0.808675766 * s];
}
const dist = (a: number[], b: number[]) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

describe('sequentialScale(domain, scheme)', () => {
  it('is viridis by default, from #440154 to #fde725', () => {
    const s = sequentialScale([0, 10]);
    expect(s(0)).toBe('#440154');
    expect(s(10)).toBe('#fde725');
    expect(maxDiff(s(5), '#21918c')).toBeLessThanOrEqual(2);
  });

  it("follows matplotlib's 256-entry viridis and magma tables within 6/255", () => {
    for (const [name, lut] of [
      ['viridis', viridis],
      ['magma', magma],
    ] as const) {
      const f = interpolateScheme(name);
      for (let i = 0; i < 256; i++) expect(maxDiff(f(i / 255), '#' + lut.substr(i * 6, 6)), `${name} ${i}`).toBeLessThanOrEqual(6);
    }
  });

  it('has ColorBrewer blues and greys end points', () => {
    expect(sequentialScale([0, 1], 'blues')(0)).toBe('#f7fbff');
    expect(sequentialScale([0, 1], 'blues')(1)).toBe('#08306b');
    expect(sequentialScale([0, 1], 'greys')(0)).toBe('#ffffff');
    expect(sequentialScale([0, 1], 'greys')(1)).toBe('#000000');
  });

  it('is monotone in lightness for every sequential scheme', () => {
    for (const name of ['viridis', 'magma', 'blues', 'greys'] as const) {
      const f = interpolateScheme(name);
      const L = Array.from({ length: 21 }, (_, i) => oklab(f(i / 20))[0]);
      const dir = Math.sign(L[20] - L[0]);
      for (let i = 1; i < L.length; i++) expect((L[i] - L[i - 1]) * dir, name).toBeGreaterThan(0);
    }
  });

  it('clamps outside the domain, maps NaN to the missing colour and a zero-width domain to the middle', () => {
    const s = sequentialScale([0, 1]);
    expect(s(-5)).toBe('#440154');
    expect(s(7)).toBe('#fde725');
    expect(s(NaN)).toBe(MISSING_COLOR);
    expect(sequentialScale([2, 2])(2)).toBe(interpolateScheme('viridis')(0.5));
  });

  it("throws 'option' naming scheme for an unknown scheme", () => {
    expectError(() => sequentialScale([0, 1], 'jet' as never), 'option', 'scheme');
  });
});

describe('divergingScale(domain, center, scheme)', () => {
  it("puts the scheme's neutral middle colour (d3-scale-chromatic's value at 0.5) at the centre", () => {
    // d3's interpolateRdBu(0.5) = rgb(242, 239, 238), interpolatePuOr(0.5) = rgb(243, 238, 234): near-neutral greys
    expect(divergingScale([-1, 1])(0)).toBe('#f2efee');
    expect(divergingScale([0, 10], 2, 'puor')(2)).toBe('#f3eeea');
    for (const c of ['#f2efee', '#f3eeea']) expect(Math.hypot(oklab(c)[1], oklab(c)[2])).toBeLessThan(0.01);
  });

  it('is symmetric around the centre even for a lopsided domain', () => {
    const s = divergingScale([-1, 3], 0);
    const f = interpolateScheme('rdbu');
    expect(s(3)).toBe('#053061');
    expect(s(-1)).toBe(f(0.5 - 1 / 6));
    expect(s(1)).toBe(f(0.5 + 1 / 6));
    // equal distances from the centre: equal contrast with the neutral colour
    const mid = oklab(s(0));
    for (const d of [0.3, 0.7, 1]) expect(Math.abs(dist(oklab(s(-d)), mid) - dist(oklab(s(d)), mid))).toBeLessThan(0.03);
  });

  it('goes red → blue (rdbu) and orange → purple (puor), like ColorBrewer', () => {
    expect(divergingScale([-1, 1])(-1)).toBe('#67001f');
    expect(divergingScale([-1, 1])(1)).toBe('#053061');
    expect(divergingScale([-1, 1], 0, 'puor')(-1)).toBe('#7f3b08');
    expect(divergingScale([-1, 1], 0, 'puor')(1)).toBe('#2d004b');
  });

  it("throws 'option' for an unknown scheme", () => {
    expectError(() => divergingScale([-1, 1], 0, 'rainbow' as never), 'option', 'scheme');
  });
});

describe('categoricalColors(n)', () => {
  it('starts with ten hand-picked colours', () => {
    expect(categoricalColors(10)).toEqual(CATEGORICAL);
    expect(categoricalColors(3)).toEqual(CATEGORICAL.slice(0, 3));
    expect(categoricalColors(0)).toEqual([]);
  });

  it('gives n distinct colours beyond 20 classes, each pair at least one just-noticeable difference (0.02) apart in OKLab', () => {
    for (let n = 21; n <= 70; n++) {
      const c = categoricalColors(n);
      expect(c.length).toBe(n);
      expect(new Set(c).size).toBe(n);
      for (const x of c) expect(x).toMatch(/^#[0-9a-f]{6}$/);
      const lab = c.map(oklab);
      let min = Infinity;
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) min = Math.min(min, dist(lab[i], lab[j]));
      expect(min, `n=${n}`).toBeGreaterThan(0.02);
    }
  });

  it('keeps colours unique for hundreds of classes', () => {
    expect(new Set(categoricalColors(200)).size).toBe(200);
  });
});

describe('oklch(L, C, h)', () => {
  it("matches published OKLCH coordinates of sRGB red, white and black", () => {
    expect(oklch(0.627955, 0.257683, 29.2339)).toBe('#ff0000');
    expect(oklch(1, 0, 0)).toBe('#ffffff');
    expect(oklch(0, 0, 0)).toBe('#000000');
  });
  it('reduces chroma to stay inside sRGB', () => {
    expect(oklch(0.7, 0.4, 145)).toMatch(/^#[0-9a-f]{6}$/);
  });
});

describe('textColorOn(bg) and contrast', () => {
  it('uses black on light and white on dark backgrounds', () => {
    expect(textColorOn('#ffffff')).toBe('#000');
    expect(textColorOn('#000')).toBe('#fff');
    expect(textColorOn('#440154')).toBe('#fff');
    expect(textColorOn('#fde725')).toBe('#000');
    expect(textColorOn('rgb(8, 48, 107)')).toBe('#fff');
  });

  it('always picks the text colour with the higher WCAG contrast', () => {
    const f = interpolateScheme('viridis');
    for (let i = 0; i <= 50; i++) {
      const bg = f(i / 50);
      const t = textColorOn(bg);
      expect(contrastRatio(t, bg)).toBeGreaterThanOrEqual(contrastRatio(t == '#000' ? '#fff' : '#000', bg));
      expect(contrastRatio(t, bg)).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('computes WCAG contrast ratios: 21 for black on white, 4.48 for #777 on white', () => {
    expect(contrastRatio('#000', '#fff')).toBeCloseTo(21, 6);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(luminance('#fff')).toBeCloseTo(1, 9);
  });
});

describe('parseColor(css) and rgbToHex(r, g, b)', () => {
  it('parses hex and rgb() forms', () => {
    expect(parseColor('#abc')).toEqual([170, 187, 204, 1]);
    expect(parseColor('#11223380')).toEqual([17, 34, 51, 128 / 255]);
    expect(parseColor(' rgb(1, 2, 3) ')).toEqual([1, 2, 3, 1]);
    expect(parseColor('rgba(1 2 3 / 0.5)')).toEqual([1, 2, 3, 0.5]);
    expect(parseColor('rgb(100%, 0%, 50%)')).toEqual([255, 0, 127.5, 1]);
  });
  it('formats, rounds and clamps', () => {
    expect(rgbToHex(255, 0, 127.6)).toBe('#ff0080');
    expect(rgbToHex(300, -2, 16)).toBe('#ff0010');
  });
  it("throws 'parse' naming the argument (default color) and what a colour looks like for anything else", () => {
    expectError(() => parseColor('tomatoes'), 'parse', 'color');
    expectError(() => parseColor('#12'), 'parse', 'color');
    expectError(() => textColorOn('rgb(1,2)'), 'parse', 'color');
    const error = expectError(() => parseColor('nope', 'options.background'), 'parse', 'options.background');
    expect(error.message).toBe('options.background: expected a CSS colour (a name, #hex, rgb(), hsl(), hwb(), lab(), lch(), oklab(), oklch() or color()), received "nope"');
  });
});

/** CSS Color 4's hsl → sRGB (the spec's sample algorithm, written here independently of d3-color): 0–255 channels. */
function hslReference(h: number, s: number, l: number): number[] {
  h = ((h % 360) + 360) % 360;
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    const a = s * Math.min(l, 1 - l);
    return 255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1)));
  };
  return [f(0), f(8), f(4)];
}
const close = (got: number[], want: number[], within = 1e-9) => got.every((v, i) => Math.abs(v - want[i]) <= within);

describe('parseColor(css): every syntax d3-color reads, without a browser', () => {
  it('reads CSS named colours (CSS Color 4 table), any case, and transparent', () => {
    expect(parseColor('steelblue')).toEqual([70, 130, 180, 1]);
    expect(parseColor(' RebeccaPurple ')).toEqual([0x66, 0x33, 0x99, 1]);
    expect(parseColor('lightgoldenrodyellow')).toEqual([250, 250, 210, 1]);
    expect(parseColor('transparent')).toEqual([0, 0, 0, 0]);
  });

  it('reads #rgb, #rgba, #rrggbb and #rrggbbaa', () => {
    expect(parseColor('#F08')).toEqual([255, 0, 136, 1]);
    expect(parseColor('#f008')).toEqual([255, 0, 0, 0x88 / 255]);
    expect(parseColor('#4682B4')).toEqual([70, 130, 180, 1]);
    expect(parseColor('#4682b400')).toEqual([70, 130, 180, 0]);
  });

  it('reads rgb() and rgba() in comma and space syntax, numbers, percentages, none, and clamps', () => {
    expect(parseColor('rgb(70, 130, 180)')).toEqual([70, 130, 180, 1]);
    expect(parseColor('rgba(70,130,180)')).toEqual([70, 130, 180, 1]);
    expect(parseColor('rgba(70, 130, 180, .25)')).toEqual([70, 130, 180, 0.25]);
    expect(parseColor('rgb(70 130 180)')).toEqual([70, 130, 180, 1]);
    expect(parseColor('rgb(70 130 180/50%)')).toEqual([70, 130, 180, 0.5]);
    expect(parseColor('rgb(1.5 2e1 3)')).toEqual([1.5, 20, 3, 1]);
    expect(parseColor('rgb(100% 0 50%)')).toEqual([255, 0, 127.5, 1]);
    expect(parseColor('rgb(none 255 0 / none)')).toEqual([0, 255, 0, 0]);
    expect(parseColor('rgb(300, -5, 0, 2)')).toEqual([255, 0, 0, 1]);
  });

  it("reads hsl() and hsla() (comma and space syntax, hue in deg, rad, grad, turn) as CSS Color 4's algorithm does", () => {
    const cases: [string, number, number, number, number][] = [
      ['hsl(120, 100%, 25%)', 120, 1, 0.25, 1],
      ['hsla(240, 100%, 50%, 0.25)', 240, 1, 0.5, 0.25],
      ['hsl(207 44% 49%)', 207, 0.44, 0.49, 1],
      ['hsl(207deg 44% 49% / 40%)', 207, 0.44, 0.49, 0.4],
      ['hsl(0.5turn 100% 50%)', 180, 1, 0.5, 1],
      ['hsl(3.14159265rad 100% 50%)', 180, 1, 0.5, 1],
      ['hsl(200grad 100% 50%)', 180, 1, 0.5, 1],
      ['hsl(-120 100% 50%)', 240, 1, 0.5, 1],
      ['hsl(480 60% 70%)', 120, 0.6, 0.7, 1],
      ['hsl(30 80 60)', 30, 0.8, 0.6, 1],
    ];
    for (const [css, h, sat, l, a] of cases) {
      const got = parseColor(css);
      expect(close(got.slice(0, 3), hslReference(h, sat, l), 1e-6), `${css}: ${got}`).toBe(true);
      expect(got[3]).toBeCloseTo(a, 12);
    }
  });

  it('rejects what CSS rejects: mixed legacy syntax, wrong counts, CSS-wide keywords, var()', () => {
    for (const bad of ['rgb(1, 2 3)', 'rgb(1,2)', 'rgba(1 2 3 4)', 'rgb(100%, 0, 0)', 'hsl(120, 100, 25)', 'rgb(1, none, 3)', 'rgb(1 2 3 /)', 'rgb(1 2 3 / 4 / 5)', '#12', '#12345', 'blu', '', '  ', 'inherit', 'currentColor', 'var(--tl-fg)'])
      expectError(() => parseColor(bad), 'parse', 'color');
    expectError(() => parseColor(12 as unknown as string), 'parse', 'color');
  });

  it('leaves hwb(), lab(), lch(), oklab(), oklch() and color() to the browser: without one they throw the same typed error', () => {
    for (const css of ['hwb(120 0% 50%)', 'lab(50% 40 -20)', 'oklch(0.6 0.1 240)', 'color(srgb 1 0 0)']) {
      expectError(() => parseColor(css, 'options.color'), 'parse', 'options.color');
      expect(isCssColor(css)).toBe(false);
    }
  });
});

describe('isCssColor(value) and cssRGB(rgba)', () => {
  it('says whether a value is a colour, without throwing', () => {
    for (const good of ['steelblue', '#abc', 'rgb(1 2 3 / 50%)', 'hsl(120, 100%, 25%)', 'transparent', 'currentColor']) expect(isCssColor(good), good).toBe(true);
    for (const bad of ['nope', '', 'rgb(1,2)', null, 3, ['#fff']]) expect(isCssColor(bad), String(bad)).toBe(false);
  });
  it('formats a parsed colour as rgb() or rgba(), rounded', () => {
    expect(cssRGB(parseColor('steelblue'))).toBe('rgb(70, 130, 180)');
    expect(cssRGB(parseColor('hsl(120 100% 25% / 0.5)'))).toBe('rgba(0, 128, 0, 0.5)');
    expect(cssRGB([300, -1, 1.4, 1])).toBe('rgb(255, 0, 1)');
  });
});
