// Shaders of the line bundle. One instance is one row; its vertices are the displayed axes in order
// (an instanced line strip). Values live in a float RGBA texture (4 columns per texel, rows in order). Which
// rows pass the brushes is decided once per change on the CPU (a typed-array loop over the brushed columns):
// the row buffer then holds the dimmed rows first and the passing rows after them, and each pass draws its
// own slice. The vertex shader reads one value per vertex (and the colour value): no per-vertex brush loop.

/**
 * Kept for compatibility: the filter used to be a loop over at most this many ranges in the vertex shader.
 * Filtering now runs on the CPU, so any number of ranges works.
 */
export const MAX_RANGES = 64;

export const VERT = /* glsl */ `
precision highp float;
attribute float aRow;
attribute vec3 aAxis; // column, x (CSS px), flipped
uniform sampler2D uValues;
uniform vec2 uValuesSize;
uniform float uPacks;
uniform sampler2D uPalette;
uniform float uPaletteN;
uniform float uColorColumn; // < 0: one colour
uniform float uCategorical;
uniform float uPass; // 0: dimmed rows (one colour), 1: rows that pass (colour or palette)
uniform vec4 uColor;
uniform vec4 uDim;
uniform vec4 uMissingColor;
uniform vec2 uSize;
uniform vec3 uY; // y of value 1, y of value 0, y of the missing band (CSS px)
varying vec4 vColor;

vec2 texel(float i, vec2 size) {
  float y = floor((i + 0.5) / size.x);
  return vec2(i - y * size.x + 0.5, y + 0.5) / size;
}

float value(float col) {
  float q = floor((col + 0.5) / 4.0);
  float c = col - q * 4.0;
  vec4 v = texture2D(uValues, texel(aRow * uPacks + q, uValuesSize));
  return dot(v, vec4(equal(vec4(c), vec4(0.0, 1.0, 2.0, 3.0))));
}

void main() {
  float v = value(aAxis.x);
  float y = v < 0.0 ? uY.z : mix(uY.y, uY.x, aAxis.z > 0.5 ? 1.0 - v : v);
  vec2 p = vec2(aAxis.y, y) / uSize * 2.0 - 1.0;
  gl_Position = vec4(p.x, -p.y, 0.0, 1.0);
  vec4 c = uColor;
  if (uPass < 0.5) c = uDim;
  else if (uColorColumn >= 0.0) {
    float t = value(uColorColumn);
    if (t < 0.0) c = vec4(uMissingColor.rgb, uColor.a);
    else {
      float k = uCategorical > 0.5 ? floor(min(t, 0.9999) * uPaletteN) : clamp(t, 0.0, 1.0) * (uPaletteN - 1.0);
      c = vec4(texture2D(uPalette, vec2((k + 0.5) / uPaletteN, 0.5)).rgb, uColor.a);
    }
  }
  vColor = vec4(c.rgb * c.a, c.a); // premultiplied
}
`;

export const FRAG = /* glsl */ `
precision mediump float;
varying vec4 vColor;
void main() {
  gl_FragColor = vColor;
}
`;
