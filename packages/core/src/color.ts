import { fail } from './errors';

/** A CSS colour string: `#rrggbb`, `#rgb`, `rgb()`/`rgba()`. */
export type Color = string;

const HEX_COLOR = /^#([\da-f]{3,4}|[\da-f]{6}|[\da-f]{8})$/i;
const RGB_FUNCTION = /^rgba?\(([^)]*)\)$/i;

/** Parses `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`, `rgb(r, g, b)`, `rgba(r g b / a)` into [r, g, b, a] (0–255, alpha 0–1). */
export function parseColor(c: Color): [number, number, number, number] {
  const text = String(c).trim();
  const hex = HEX_COLOR.exec(text);
  if (hex) {
    // #rgb and #rgba: each digit doubled.
    const digits = hex[1].length <= 4 ? hex[1].replace(/./g, '$&$&') : hex[1];
    const byte = (at: number) => parseInt(digits.slice(at, at + 2), 16);
    return [byte(0), byte(2), byte(4), digits.length === 8 ? byte(6) / 255 : 1];
  }
  const rgb = RGB_FUNCTION.exec(text);
  if (rgb) {
    const parts = rgb[1]
      .split(/[\s,/]+/)
      .filter(Boolean)
      .map((part) => (part.endsWith('%') ? (parseFloat(part) * 255) / 100 : Number(part)));
    if (parts.length >= 3 && parts.length <= 4 && !parts.some(Number.isNaN)) return [parts[0], parts[1], parts[2], parts[3] ?? 1];
  }
  throw fail('parse', 'color', '#hex or rgb()', c);
}

/** `#rrggbb` from 0–255 channels (rounded and clamped). */
export function rgbToHex(r: number, g: number, b: number): string {
  return '#' + [r, g, b].map((v) => toByte(v).toString(16).padStart(2, '0')).join('');
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
