// GLSL (WebGL 1) of the point cloud. One vertex shader for 2D (two float32 columns) and 3D (uint16
// positions quantised in a box), chosen by a #define; one fragment shader for round anti-aliased points and
// the density splat; a full-screen pass that maps accumulated density through a colour ramp.

export const POINT_VERT = (dims: 2 | 3) => `precision highp float;
${dims === 3 ? '#define D3' : ''}
#ifdef D3
attribute vec3 aQ;
attribute vec3 aQPrev;
uniform vec3 uMin, uExt, uMinPrev, uExtPrev;
#else
attribute float aX, aY, aXPrev, aYPrev;
uniform vec2 uOffPrev;
#endif
attribute vec2 aCV;
uniform mat4 uMatrix;
uniform float uT, uFade, uSize, uSizeScale, uPerspective, uColorMode, uPaletteRows, uOpacity, uPass, uHide;
uniform vec3 uActive; // selection, highlight, search are active (0/1)
uniform sampler2D uPalette, uRamp;
uniform vec4 uConstColor, uMissingColor;
varying vec4 vColor;
varying float vSize, vRing;

void main() {
#ifdef D3
  vec3 p = mix(uMinPrev + aQPrev * uExtPrev, uMin + aQ * uExt, uT);
#else
  vec3 p = vec3(mix(vec2(aXPrev, aYPrev) + uOffPrev, vec2(aX, aY), uT), 0.0);
#endif
  float w = aCV.y;
  float hi = floor(w / 16.0);
  float flags = w - hi * 16.0;
  float sel = mod(flags, 2.0);
  float hl = mod(floor(flags / 2.0), 2.0);
  float match = mod(floor(flags / 4.0), 2.0);
  float emph = max(max(uActive.x * sel, uActive.y * hl), uActive.z * match);
  float any = max(max(uActive.x, uActive.y), uActive.z);
  // Pass 0 draws the points that are not emphasised, pass 1 only the emphasised ones (on top), pass 2 all.
  bool hidden = (uPass == 0.0 && emph > 0.5) || (uPass == 1.0 && emph < 0.5) || (uHide > 0.5 && uActive.x > 0.5 && sel < 0.5);
  if (hidden) {
    gl_Position = vec4(2.0, 2.0, 2.0, 1.0);
    gl_PointSize = 0.0;
    return;
  }
  gl_Position = uMatrix * vec4(p, 1.0);
  vec4 c = uConstColor;
  if (uColorMode == 1.0) {
    float k = aCV.x;
    c = k > 65534.5 ? uMissingColor : texture2D(uPalette, vec2((mod(k, 256.0) + 0.5) / 256.0, (floor(k / 256.0) + 0.5) / uPaletteRows));
  } else if (uColorMode == 2.0) {
    c = hi > 4094.5 ? uMissingColor : texture2D(uRamp, vec2((hi / 4094.0) * (255.0 / 256.0) + 0.5 / 256.0, 0.5));
  }
  float a = uOpacity * uFade;
  if (any > 0.5 && emph < 0.5) a *= 0.15;
  vColor = vec4(c.rgb, a);
  float s = uSize * uSizeScale;
  if (uPerspective > 0.0) s = uSize * uPerspective / gl_Position.w;
  if (emph > 0.5) s = max(s * 1.5, s + 3.0);
  vRing = max(uActive.y * hl, uActive.z * match);
  vSize = s + 1.0;
  gl_PointSize = vSize;
}
`;

export const POINT_FRAG = `precision mediump float;
varying vec4 vColor;
varying float vSize, vRing;
uniform vec4 uRingColor;
uniform float uDensity;
void main() {
  float r = length(gl_PointCoord * 2.0 - 1.0) * vSize * 0.5;
  float R = (vSize - 1.0) * 0.5;
  float a = 1.0 - smoothstep(R - 0.5, R + 0.5, r);
  if (a <= 0.0) discard;
  vec3 c = vColor.rgb;
  if (vRing > 0.5) c = mix(c, uRingColor.rgb, smoothstep(R - 2.5, R - 1.5, r));
  if (uDensity > 0.0) {
    // Accumulate colour sums in rgb and the count in alpha (additive blending).
    gl_FragColor = vec4(c, 1.0) * (a * uDensity);
  } else {
    float al = vColor.a * a;
    gl_FragColor = vec4(c * al, al);
  }
}
`;

export const RESOLVE_VERT = `precision highp float;
attribute vec2 aCorner;
varying vec2 vUv;
void main() {
  vUv = aCorner * 0.5 + 0.5;
  gl_Position = vec4(aCorner, 0.0, 1.0);
}
`;

export const RESOLVE_FRAG = `precision highp float;
varying vec2 vUv;
uniform sampler2D uAcc, uDensityRamp;
uniform float uUnit, uLogMax, uMean, uOpacity;
void main() {
  vec4 s = texture2D(uAcc, vUv) / uUnit;
  float c = s.a;
  if (c < 0.02) discard;
  float t = clamp(log(1.0 + c) / uLogMax, 0.0, 1.0);
  vec3 col;
  float a = uOpacity;
  if (uMean > 0.5) {
    col = s.rgb / c;
    a *= 0.3 + 0.7 * t;
  } else {
    col = texture2D(uDensityRamp, vec2(t * (255.0 / 256.0) + 0.5 / 256.0, 0.5)).rgb;
    a *= min(1.0, 0.55 + 4.0 * t);
  }
  gl_FragColor = vec4(col * a, a);
}
`;
