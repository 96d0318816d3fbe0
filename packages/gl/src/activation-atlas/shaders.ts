// The activation atlas's tile shaders. One quad per cell (4 vertices, see lod.ts for why not instances); the
// vertex attributes hold the cell's grid position, density scale, sprite slot and up to 8 (class, score) pairs,
// so selecting a class, switching tint/filter or density sizing only changes uniforms. Output is premultiplied and blended additively, so two
// levels drawn with weights (1 - w) and w cross-fade exactly where both have a tile.

export const TILE_VERT = `
precision highp float;
attribute vec4 aTile;   // col, row, corner (0..3), 65535 * sqrt(count / maxCount)
attribute vec2 aSlot;   // sprite slot x, y (px)
attribute vec4 aCls0, aCls1; // top classes (65535: none)
attribute vec4 aSc0, aSc1;   // their scores as a fraction of the level's largest
attribute float aFlag;  // 1: holds selected examples
uniform vec2 uViewport, uCenter, uPageSize, uHover;
uniform float uCellPx, uGap, uDensity, uClass, uClassMode, uScoreMax, uIconSize;
varying vec2 vUV, vLocal;
varying float vPx, vAlpha, vTint, vTop, vEdge;
void main() {
  vec2 corner = vec2(mod(aTile.z, 2.0), floor(aTile.z / 2.0));
  float px = max(0.0, uCellPx * mix(1.0, aTile.w / 65535.0, uDensity) - uGap);
  float active = step(-0.5, uClass);
  vec4 m0 = (1.0 - step(0.5, abs(aCls0 - uClass))) * active;
  vec4 m1 = (1.0 - step(0.5, abs(aCls1 - uClass))) * active;
  vec4 mm = max(m0, m1);
  float found = max(max(mm.x, mm.y), max(mm.z, mm.w));
  float score = dot(m0, aSc0) + dot(m1, aSc1);
  vTint = found * clamp(score / max(uScoreMax, 1e-20), 0.0, 1.0);
  float dim = active * (1.0 - found);
  vAlpha = 1.0 - 0.82 * dim;
  if (uClassMode > 0.5 && dim > 0.5) px = 0.0;
  vec2 centre = (aTile.xy + 0.5 - uCenter) * uCellPx;
  vec2 pos = centre + (corner - 0.5) * vec2(px, -px);
  gl_Position = vec4(pos * 2.0 / uViewport, 0.0, 1.0);
  vUV = (aSlot.xy + 0.5 + corner * (uIconSize - 1.0)) / uPageSize;
  vLocal = corner;
  vPx = px;
  vTop = aCls0.x;
  vEdge = aFlag + (abs(aTile.x - uHover.x) + abs(aTile.y - uHover.y) < 0.5 ? 2.0 : 0.0);
}`;

export const TILE_FRAG = `
precision mediump float;
uniform sampler2D uPage, uPalette;
uniform vec2 uPaletteSize;
uniform float uHasTex, uTopWash, uAlpha, uEdgePx;
uniform vec3 uClassColor, uSelColor, uHoverColor, uMissA, uMissB;
varying vec2 vUV, vLocal;
varying float vPx, vAlpha, vTint, vTop, vEdge;
void main() {
  vec4 c;
  if (uHasTex > 0.5) c = texture2D(uPage, vUV);
  else c = vec4(mod(gl_FragCoord.x + gl_FragCoord.y, 8.0) < 2.0 ? uMissB : uMissA, 1.0);
  if (uTopWash > 0.5 && vTop > -0.5) {
    float id = floor(vTop + 0.5);
    float row = floor(id / uPaletteSize.x);
    vec3 tc = texture2D(uPalette, vec2((id - row * uPaletteSize.x + 0.5) / uPaletteSize.x, (row + 0.5) / uPaletteSize.y)).rgb;
    c.rgb = mix(c.rgb, tc, 0.4);
  }
  c.rgb = mix(c.rgb, uClassColor, 0.55 * vTint);
  vec2 e = min(vLocal, 1.0 - vLocal) * vPx;
  if (vEdge > 0.5 && min(e.x, e.y) < uEdgePx) c = vec4(vEdge > 1.5 ? uHoverColor : uSelColor, 1.0);
  float a = c.a * vAlpha * uAlpha;
  gl_FragColor = vec4(c.rgb * a, a);
}`;
