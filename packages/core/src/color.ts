import { color as d3Color, hsl as d3Hsl } from 'd3-color';
import { describe, fail } from './errors';

/**
 * A CSS colour string: any syntax the browser accepts — a name (`steelblue`, `transparent`), `#rgb`, `#rgba`,
 * `#rrggbb`, `#rrggbbaa`, `rgb()`/`rgba()`, `hsl()`/`hsla()` (comma or space syntax), `hwb()`, `lab()`, `lch()`,
 * `oklab()`, `oklch()`, `color(srgb …)`, `color-mix()`; `currentColor` where an element gives it a meaning.
 */
export type Color = string;

/** A colour as `[r, g, b, a]`: sRGB channels 0–255 (not rounded), alpha 0–1. */
export type RGBA = [number, number, number, number];

/** What {@link parseColor}'s errors say was expected. */
const EXPECTED = 'a CSS colour (a name, #hex, rgb(), hsl(), hwb(), lab(), lch(), oklab(), oklch() or color())';

/** `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa` (read here: d3-color drops the channels of a fully transparent one). */
const HEX = /^#([\da-f]{3,4}|[\da-f]{6}|[\da-f]{8})$/;
/** A CSS <number>, alone. */
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/;
/** rgb(), rgba(), hsl(), hsla() and their arguments. */
const RGB_HSL_FUNCTION = /^(rgba?|hsla?)\((.*)\)$/;
/** CSS-wide keywords (and `var()`), which `CSS.supports('color', …)` accepts but are no colour. */
const NOT_A_COLOR = /^(?:inherit|initial|unset|revert|revert-layer)$|var\(/;

/**
 * Parses any CSS colour into `[r, g, b, a]` (sRGB 0–255, not rounded; alpha 0–1), or throws a `parse`
 * {@link TensorLensError} naming `argument` (default `color`).
 *
 * Names, hex, `transparent`, `rgb()` and `hsl()` (comma and space syntax, percentages, `none`, hue units) are read
 * here with d3-color, anywhere (Node, jsdom, workers); every other syntax the browser knows (`hwb()`, `lab()`,
 * `lch()`, `oklab()`, `oklch()`, `color()`, `color-mix()`, system colours) is handed to the browser's own parser
 * (a one-pixel canvas; the page's computed style for what CSS reads and a canvas does not, such as `light-dark()`),
 * so it works in a browser, out-of-sRGB colours clipped as the canvas clips them.
 * `currentColor` is the computed `color` of `element` when one is given (else the browser's answer for a canvas,
 * black).
 *
 * ```ts
 * parseColor('steelblue'); // [70, 130, 180, 1]
 * parseColor('hsl(120 100% 25% / 50%)'); // [0, 127.5, 0, 0.5]
 * parseColor('nope', 'options.background'); // throws "options.background: expected a CSS colour …"
 * ```
 */
export function parseColor(c: Color, argument = 'color', element?: Element): RGBA {
  const text = typeof c === 'string' ? c.trim().toLowerCase() : '';
  if (text) {
    if (text === 'currentcolor' && element) {
      const current = element.ownerDocument.defaultView?.getComputedStyle(element).color;
      if (current && current.toLowerCase() !== 'currentcolor') return parseColor(current, argument);
    }
    const parsed = parseHere(text) ?? parseInBrowser(text);
    if (parsed) return parsed;
  }
  // Described (quoted, cut), so an empty or a long string reads clearly.
  throw fail('parse', argument, EXPECTED, describe(c));
}

/**
 * Whether `value` is a CSS colour that {@link parseColor} reads here: a string, and a colour in the browser's
 * eyes (or, without a browser, in d3-color's).
 */
export function isCssColor(value: unknown): value is Color {
  if (typeof value !== 'string') return false;
  const text = value.trim().toLowerCase();
  return !!text && (text === 'currentcolor' || !!parseHere(text) || !!parseInBrowser(text));
}

/** Names, hex, `transparent`, rgb() and hsl(), without a browser; null for anything else. */
function parseHere(text: string): RGBA | null {
  const hex = HEX.exec(text);
  if (hex) {
    // #rgb and #rgba: each digit doubled.
    const digits = hex[1].length <= 4 ? hex[1].replace(/./g, '$&$&') : hex[1];
    const byte = (at: number) => parseInt(digits.slice(at, at + 2), 16);
    return [byte(0), byte(2), byte(4), digits.length === 8 ? byte(6) / 255 : 1];
  }
  const fn = RGB_HSL_FUNCTION.exec(text);
  if (fn) return parseRgbHsl(fn[1].startsWith('rgb'), fn[2]);
  if (text.includes('(')) return null;
  const parsed = d3Color(text);
  if (!parsed) return null;
  const { r, g, b, opacity } = parsed.rgb();
  // d3-color gives NaN channels for `transparent`.
  return [r || 0, g || 0, b || 0, opacity];
}

/**
 * The arguments of rgb()/rgba() (`isRgb`) or hsl()/hsla(): legacy comma syntax (three numbers or three
 * percentages, then an alpha), or space syntax with an optional `/ alpha` (numbers and percentages mixed, `none`).
 */
function parseRgbHsl(isRgb: boolean, args: string): RGBA | null {
  const legacy = args.includes(',');
  let parts: string[];
  let alpha: string | undefined;
  if (legacy) {
    parts = args.split(',').map((s) => s.trim());
    if (parts.length === 4) alpha = parts.pop();
    if (parts.some((p) => p === 'none')) return null;
  } else {
    const [channels, a, extra] = args.split('/');
    if (extra !== undefined || (a !== undefined && !a.trim())) return null;
    parts = channels.trim().split(/\s+/);
    alpha = a?.trim();
  }
  if (parts.length !== 3) return null;
  const a = alpha === undefined ? 1 : alphaValue(alpha);
  if (a === null) return null;
  if (isRgb) {
    // Legacy syntax: all numbers or all percentages.
    if (legacy && new Set(parts.map((p) => p.endsWith('%'))).size > 1) return null;
    const channels = parts.map((p) => (p === 'none' ? 0 : p.endsWith('%') ? percent(p, 255) : number(p)));
    if (channels.some((v) => v === null)) return null;
    const [r, g, b] = channels.map((v) => clamp(v!, 255));
    return [r, g, b, a];
  }
  const h = hue(parts[0]);
  // Saturation and lightness are percentages (numbers too in space syntax: 50 is 50%).
  const [s, l] = parts.slice(1).map((p) => (p === 'none' ? 0 : p.endsWith('%') ? percent(p, 1) : legacy ? null : number(p) === null ? null : number(p)! / 100));
  if (h === null || s == null || l == null) return null;
  const { r, g, b } = d3Hsl(h, clamp(s, 1), clamp(l, 1)).rgb();
  return [clamp(r, 255), clamp(g, 255), clamp(b, 255), a];
}

/** A CSS <number>, or null. */
function number(text: string): number | null {
  return NUMBER.test(text) ? Number(text) : null;
}

/** `p%` as a fraction of `full`, or null. */
function percent(text: string, full: number): number | null {
  const v = number(text.slice(0, -1));
  return v === null ? null : (v / 100) * full;
}

/** An alpha (number or percentage, clamped to 0–1; `none` is 0), or null. */
function alphaValue(text: string): number | null {
  const v = text === 'none' ? 0 : text.endsWith('%') ? percent(text, 1) : number(text);
  return v === null ? null : clamp(v, 1);
}

/** A hue in degrees: a number, or an angle in deg, rad, grad or turn; `none` is 0. */
function hue(text: string): number | null {
  if (text === 'none') return 0;
  const unit = /(deg|grad|rad|turn)$/.exec(text)?.[1];
  const v = number(unit ? text.slice(0, -unit.length) : text);
  if (v === null) return null;
  return unit === 'rad' ? (v * 180) / Math.PI : unit === 'grad' ? v * 0.9 : unit === 'turn' ? v * 360 : v;
}

/** `v` within [0, max]. */
function clamp(v: number, max: number): number {
  return v > max ? max : v > 0 ? v : 0;
}

/** The browser's 1×1 canvas (null without one: Node, jsdom); made on first use. */
let probe: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null | undefined;

/** Colours the browser parsed, by text (so a colour read on every frame costs one lookup). */
const browserParsed = new Map<string, RGBA | null>();

/**
 * The browser's own reading of a colour, or null where it is none (or there is no browser). `CSS.supports` gates
 * it (jsdom has none, so no canvas is asked there); a canvas's fillStyle then serialises it, as `#rrggbb` or
 * `rgba()` for sRGB colours, and one painted pixel gives the rest (lab(), oklch(), … in sRGB).
 */
function parseInBrowser(text: string): RGBA | null {
  const cached = browserParsed.get(text);
  if (cached !== undefined) return cached && [...cached];
  const css = (globalThis as { CSS?: { supports?: (property: string, value: string) => boolean } }).CSS;
  if (typeof css?.supports !== 'function' || NOT_A_COLOR.test(text) || !css.supports('color', text)) return null;
  probe ??= makeProbe();
  if (!probe) return null;
  // A value the canvas rejects leaves fillStyle as it was: two different starting colours tell.
  probe.fillStyle = '#000';
  probe.fillStyle = text;
  const once = String(probe.fillStyle);
  probe.fillStyle = '#fff';
  probe.fillStyle = text;
  let parsed: RGBA | null = null;
  if (String(probe.fillStyle) === once) {
    parsed = parseHere(once);
    if (!parsed) {
      probe.clearRect(0, 0, 1, 1);
      probe.fillRect(0, 0, 1, 1);
      const [r, g, b, a] = probe.getImageData(0, 0, 1, 1).data;
      parsed = [r, g, b, a / 255];
    }
  } else {
    // CSS knows it and a canvas does not (light-dark(), which depends on the page's color-scheme): what the page
    // computes for it, not kept, since the answer can change with the page.
    return parseComputed(text);
  }
  if (browserParsed.size > 512) browserParsed.clear();
  browserParsed.set(text, parsed);
  return parsed && [...parsed];
}

/** The page's computed colour for `text` (on a probe element in the document), read here or by a canvas. */
function parseComputed(text: string): RGBA | null {
  const root = typeof document !== 'undefined' ? document.documentElement : null;
  if (!root) return null;
  const probe = root.appendChild(document.createElement('i'));
  probe.style.color = text;
  const computed = getComputedStyle(probe).color.toLowerCase();
  probe.remove();
  return computed && computed !== text ? (parseHere(computed) ?? parseInBrowser(computed)) : null;
}

function makeProbe(): CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null {
  try {
    if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(1, 1).getContext('2d', { willReadFrequently: true });
    if (typeof document !== 'undefined') {
      const canvas = document.createElement('canvas');
      canvas.width = canvas.height = 1;
      return canvas.getContext('2d', { willReadFrequently: true });
    }
  } catch {
    // no canvas here
  }
  return null;
}

/** `#rrggbb` from 0–255 channels (rounded and clamped). */
export function rgbToHex(r: number, g: number, b: number): string {
  return '#' + [r, g, b].map((v) => toByte(v).toString(16).padStart(2, '0')).join('');
}

/** A colour from {@link parseColor} as CSS any renderer reads: `rgb(r, g, b)`, or `rgba(r, g, b, a)` when not opaque (channels rounded). */
export function cssRGB([r, g, b, a]: RGBA): string {
  const rgb = `${toByte(r)}, ${toByte(g)}, ${toByte(b)}`;
  return a >= 1 ? `rgb(${rgb})` : `rgba(${rgb}, ${Math.round(clamp(a, 1) * 1000) / 1000})`;
}

/** A channel rounded and clamped to 0–255 (NaN → 0). */
function toByte(v: number): number {
  return v > 255 ? 255 : v > 0 ? Math.round(v) : 0;
}

/** WCAG 2 relative luminance (0 black … 1 white). */
export function luminance(c: Color): number {
  const [r, g, b] = parseColor(c).slice(0, 3).map((v) => srgbToLinear(v / 255));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** An sRGB channel (0–1) to linear light. */
function srgbToLinear(v: number): number {
  return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
}

/** WCAG 2 contrast ratio of two colours (1 … 21). */
export function contrastRatio(a: Color, b: Color): number {
  const x = luminance(a) + 0.05;
  const y = luminance(b) + 0.05;
  return x > y ? x / y : y / x;
}

/** Black or white, whichever has the higher WCAG contrast on `bg` (for text inside coloured cells). */
export function textColorOn(bg: Color): '#000' | '#fff' {
  return contrastRatio(bg, '#000') >= contrastRatio(bg, '#fff') ? '#000' : '#fff';
}

/** OKLCH (L 0–1, chroma, hue in degrees) to `#rrggbb`, reducing chroma until the colour fits in sRGB. */
export function oklch(L: number, C: number, h: number): string {
  h *= Math.PI / 180;
  // OKLab → LMS (cubed) → linear sRGB, with Björn Ottosson's published matrices; then sRGB gamma.
  for (;;) {
    const a = C * Math.cos(h);
    const b = C * Math.sin(h);
    const l = (L + 0.39634 * a + 0.2158 * b) ** 3;
    const m = (L - 0.10556 * a - 0.06385 * b) ** 3;
    const s = (L - 0.08948 * a - 1.29149 * b) ** 3;
    const rgb = [
      4.07674 * l - 3.30771 * m + 0.23097 * s,
      -1.26844 * l + 2.60976 * m - 0.34132 * s,
      -0.0042 * l - 0.70342 * m + 1.70761 * s,
    ];
    if (C < 1e-3 || rgb.every((v) => v >= -1e-4 && v <= 1.0001)) {
      const [r, g, bb] = rgb.map((v) => 255 * (v <= 0.0031308 ? 12.92 * v : 1.055 * v ** (1 / 2.4) - 0.055));
      return rgbToHex(r, g, bb);
    }
    C *= 0.95;
  }
}
