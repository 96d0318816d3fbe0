// GLSL (WebGL 1) of the point cloud. One vertex shader for 2D (two float32 columns) and 3D (uint16
// positions quantised in a box), with #defines for the variants: D3 (3D), PREV (a position transition:
// previous positions as extra attributes; without it the shader reads the current ones only) and SPLAT (the
// density splat: one-pixel points into the reduced-resolution density buffer). Fragment shaders: round
// anti-aliased points; the density splat (one fragment a point, no coverage maths); a full-screen pass that
// maps the accumulated density through a colour ramp, upsampled with bilinear filtering.

export const POINT_VERT = (dims: 2 | 3, prev = false, splat = false) => `precision highp float;
${dims === 3 ? '#define D3' : ''}
${prev ? '#define PREV' : ''}
${splat ? '#define SPLAT' : ''}
#ifdef D3
attribute vec3 aQ;
uniform vec3 uMin, uExt;
#ifdef PREV
attribute vec3 aQPrev;
uniform vec3 uMinPrev, uExtPrev;
#endif
#else
attribute float aX, aY;
#ifdef PREV
attribute float aXPrev, aYPrev;
uniform vec2 uOffPrev;
#endif
#endif
attribute vec2 aCV;
uniform mat4 uMatrix;
uniform float uT, uFade, uSize, uSizeScale, uPerspective, uColorMode, uPaletteRows, uOpacity, uPass, uHide;
#ifndef SPLAT
uniform float uSpritePx, uSpriteMin; // image size in device px (3D: × depth), shown from uSpriteMin px (0: no images)
#endif
uniform vec3 uActive; // selection, highlight, search are active (0/1)
uniform sampler2D uPalette, uRamp;
uniform vec4 uConstColor, uMissingColor;
varying vec4 vColor;
varying float vSize, vRing;

void main() {
#ifdef D3
#ifdef PREV
  vec3 p = mix(uMinPrev + aQPrev * uExtPrev, uMin + aQ * uExt, uT);
#else
  vec3 p = uMin + aQ * uExt;
#endif
#else
#ifdef PREV
  vec3 p = vec3(mix(vec2(aXPrev, aYPrev) + uOffPrev, vec2(aX, aY), uT), 0.0);
#else
  vec3 p = vec3(aX, aY, 0.0);
#endif
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
#ifndef SPLAT
#ifdef D3
  float sprite = uSpritePx / gl_Position.w;
#else
  float sprite = uSpritePx;
#endif
  // Points large enough for their image are drawn by the sprite pass instead.
  if (uSpriteMin > 0.0 && sprite >= uSpriteMin) {
    gl_Position = vec4(2.0, 2.0, 2.0, 1.0);
    gl_PointSize = 0.0;
    return;
  }
#endif
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
#ifdef SPLAT
  vRing = 0.0;
  vSize = 1.0;
  gl_PointSize = 1.0;
#else
  float s = uSize * uSizeScale;
  if (uPerspective > 0.0) s = uSize * uPerspective / gl_Position.w;
  if (emph > 0.5) s = max(s * 1.5, s + 3.0);
  vRing = max(uActive.y * hl, uActive.z * match);
  vSize = s + 1.0;
  gl_PointSize = vSize;
#endif
}
`;

export const POINT_FRAG = `precision mediump float;
varying vec4 vColor;
varying float vSize, vRing;
uniform vec4 uRingColor;
void main() {
  float r = length(gl_PointCoord * 2.0 - 1.0) * vSize * 0.5;
  float R = (vSize - 1.0) * 0.5;
  float a = clamp(R + 0.5 - r, 0.0, 1.0);
  if (a <= 0.0) discard;
  vec3 c = vColor.rgb;
  if (vRing > 0.5) c = mix(c, uRingColor.rgb, smoothstep(R - 2.5, R - 1.5, r));
  float al = vColor.a * a;
  gl_FragColor = vec4(c * al, al);
}
`;

/** The density splat: colour sums in rgb and the count in alpha (additive blending), one fragment a point. */
export const SPLAT_FRAG = `precision mediump float;
varying vec4 vColor;
uniform float uDensity;
void main() {
  gl_FragColor = vec4(vColor.rgb, 1.0) * uDensity;
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
uniform float uUnit, uLogMax, uMean, uOpacity, uScale;
uniform vec2 uTexel; // 1 / buffer size
uniform float uLinear; // 1: the texture filters linearly itself
uniform vec4 uUvMap; // buffer uv = screen uv * xy + zw
vec4 tap(vec2 uv) {
  if (uLinear > 0.5) return texture2D(uAcc, uv);
  // Bilinear by hand (a half-float texture without OES_texture_half_float_linear filters nearest only).
  vec2 st = uv / uTexel - 0.5;
  vec2 i = floor(st), f = st - i;
  vec2 a = (i + 0.5) * uTexel, b = a + uTexel;
  return mix(mix(texture2D(uAcc, a), texture2D(uAcc, vec2(b.x, a.y)), f.x), mix(texture2D(uAcc, vec2(a.x, b.y)), texture2D(uAcc, b), f.x), f.y);
}
void main() {
  vec2 uv = vUv * uUvMap.xy + uUvMap.zw;
  if (uv.x < 0.0 || uv.y < 0.0 || uv.x > 1.0 || uv.y > 1.0) discard;
  // One bilinear tap: cells are about a point's radius, so this spreads each point over about its disk.
  vec4 s = tap(uv) / uUnit;
  // s.a counts the points in one buffer cell; uScale turns it into points covering one screen pixel.
  float c = s.a * uScale;
  if (c < 0.02) discard;
  float t = clamp(log(1.0 + c) / uLogMax, 0.0, 1.0);
  vec3 col;
  float a = uOpacity;
  if (uMean > 0.5) {
    col = s.rgb / s.a;
    a *= 0.3 + 0.7 * t;
  } else {
    col = texture2D(uDensityRamp, vec2(t * (255.0 / 256.0) + 0.5 / 256.0, 0.5)).rgb;
    a *= min(1.0, 0.55 + 4.0 * t);
  }
  gl_FragColor = vec4(col * a, a);
}
`;

/**
 * Per-point images, as TensorBoard draws them: one point sprite a point (camera-facing squares, sized in px by the
 * zoom and, in 3D, the depth), drawn once per texture page; points of other pages and points too small for their
 * image are moved off screen. A point finds its image from its row (page ⌊row / perPage⌋, then column and line
 * in the page). The image (s × s·aspect px) is centred in a square point no larger than the GPU draws points; the
 * fragment shader maps gl_PointCoord (y runs down, as the image's lines) to the image, clamps to half a texel
 * inside it (linear filtering never reads the next image), and frames emphasised (selected, highlighted,
 * matching, hovered) images with 2 px of the ring colour. (Kept without comments or indentation: shader text
 * is not minified.)
 */
export const SPRITE_VERT = (dims: 2 | 3) => `precision highp float;
${dims === 3 ? '#define D3' : ''}
#ifdef D3
attribute vec3 aQ;
uniform vec3 uMin, uExt;
#else
attribute float aX, aY;
#endif
attribute vec2 aCV;
attribute float aRow;
uniform mat4 uMatrix;
uniform float uPage, uPerPage, uCols, uSpritePx, uSpriteMin, uHide, uHover, uAspect, uMaxPoint;
uniform vec3 uActive;
varying vec2 vCellIndex, vSpan, vPx;
varying float vAlpha, vRing;
void main() {
#ifdef D3
vec3 p = uMin + aQ * uExt;
#else
vec3 p = vec3(aX, aY, 0.0);
#endif
float page = floor((aRow + 0.5) / uPerPage);
float flags = aCV.y - floor(aCV.y / 16.0) * 16.0;
float sel = mod(flags, 2.0);
float emph = max(max(uActive.x * sel, uActive.y * mod(floor(flags / 2.0), 2.0)), uActive.z * mod(floor(flags / 4.0), 2.0));
gl_Position = uMatrix * vec4(p, 1.0);
#ifdef D3
float s = uSpritePx / gl_Position.w;
#else
float s = uSpritePx;
#endif
if (page != uPage || s < uSpriteMin || (uHide > 0.5 && uActive.x > 0.5 && sel < 0.5)) {
gl_Position = vec4(2.0, 2.0, 2.0, 1.0);
gl_PointSize = 0.0;
return;
}
float side = min(s * max(1.0, uAspect), uMaxPoint);
vPx = vec2(s, s * uAspect) * (side / (s * max(1.0, uAspect)));
vSpan = vPx / side;
gl_PointSize = side;
float cell = aRow - page * uPerPage;
float line = floor((cell + 0.5) / uCols);
vCellIndex = vec2(cell - line * uCols, line);
vRing = emph > 0.5 || abs(aRow - uHover) < 0.5 ? 1.0 : 0.0;
vAlpha = max(max(uActive.x, uActive.y), uActive.z) > 0.5 && emph < 0.5 ? 0.25 : 1.0;
}
`;

export const SPRITE_FRAG = `precision mediump float;
uniform sampler2D uImages;
uniform vec4 uRingColor;
uniform vec2 uCell, uHalfTexel;
varying vec2 vCellIndex, vSpan, vPx;
varying float vAlpha, vRing;
void main() {
vec2 q = (gl_PointCoord - 0.5) / vSpan + 0.5;
if (q.x < 0.0 || q.y < 0.0 || q.x > 1.0 || q.y > 1.0) discard;
vec4 c = texture2D(uImages, (vCellIndex + clamp(q, uHalfTexel, 1.0 - uHalfTexel)) * uCell);
vec2 edge = min(q, 1.0 - q) * vPx;
if (vRing > 0.5 && min(edge.x, edge.y) < 2.0) c = uRingColor;
gl_FragColor = c * vAlpha;
}
`;
