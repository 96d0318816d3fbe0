// The point cloud's automatic opacity ('auto'), a pure function of how many points pile up on the densest pixel.

/**
 * The opacity of one point under 'auto', for `overlap` points expected on the densest pixel: opaque while points
 * do not overlap; above that, low enough that overlaps read (each layer adds colour) and high enough that the
 * densest pixel reaches 97 % of its colour (1 − (1 − a)^overlap ≥ 0.97), never below 0.3 so lone points stay visible.
 */
export function autoOpacity(overlap: number): number {
  if (!(overlap > 1)) return 1;
  return Math.min(1, Math.max(0.3, 1 - 0.03 ** (1 / overlap)));
}
