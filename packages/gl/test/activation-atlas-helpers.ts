// Hand-built atlases and sprite pages for the activation atlas's tests (until the builder and packer land).
// The generic helpers (makeBox, pixel, near, pointer) are in test/support.
import type { ActivationAtlas, AtlasLevel, AtlasSprites } from '@tensorlens/explain';

export interface CellSpec {
  col: number;
  row: number;
  count?: number;
  /** Top classes with scores, best first. */
  classes?: Array<[number, number]>;
  /** Member example ids (default: a range from the cell's position). */
  members?: number[];
  /** The icon's solid colour (RGBA); null: no icon (page -1). */
  color?: [number, number, number, number] | null;
}

export interface AtlasSpec {
  levels: Array<{ grid: number; cells: CellSpec[] }>;
  classNames?: string[];
  topK?: number;
  iconSize?: number;
  pageSize?: number;
  scoreKind?: ActivationAtlas['scoreKind'];
}

/**
 * An atlas over bounds [0, 0, 1, 1] and its sprites: each icon a solid colour square of iconSize px, packed
 * row by row into 'pixels' pages of pageSize px; each cell's first member gets a thumbnail (its icon's slot).
 */
export function makeAtlas(spec: AtlasSpec): { atlas: ActivationAtlas; sprites: AtlasSprites } {
  const K = spec.topK ?? 3, E = 4, s = spec.iconSize ?? 8, P = spec.pageSize ?? 64;
  const perRow = Math.floor(P / s), perPage = perRow * perRow;
  const pages: Array<{ kind: 'pixels'; width: number; height: number; data: Uint8ClampedArray }> = [];
  const icons: Int32Array[] = [];
  const thumbs: Array<[number, number, number, number]> = [];
  let slot = 0, nextExample = 0;
  const levels: AtlasLevel[] = spec.levels.map((L) => {
    const cells = [...L.cells].sort((a, b) => a.row * L.grid + a.col - (b.row * L.grid + b.col));
    const n = cells.length;
    const lv: AtlasLevel = {
      grid: L.grid,
      cellCount: n,
      cells: Uint32Array.from(cells, (c) => c.row * L.grid + c.col),
      counts: Uint32Array.from(cells, (c) => c.count ?? c.members?.length ?? 10),
      means: null,
      topClasses: new Int32Array(n * K).fill(-1),
      topScores: new Float32Array(n * K).fill(NaN),
      examples: new Int32Array(n * E).fill(-1),
      offsets: new Uint32Array(n + 1),
      members: new Uint32Array(0),
      dropped: 0,
    };
    const members: number[] = [];
    const ic = new Int32Array(n * 3).fill(-1);
    cells.forEach((c, i) => {
      (c.classes ?? []).slice(0, K).forEach(([cls, sc], j) => {
        lv.topClasses[i * K + j] = cls;
        lv.topScores[i * K + j] = sc;
      });
      const m = c.members ?? Array.from({ length: Math.min(3, lv.counts[i]) }, () => nextExample++);
      members.push(...[...m].sort((a, b) => a - b));
      lv.offsets[i + 1] = members.length;
      m.slice(0, E).forEach((ex, j) => (lv.examples[i * E + j] = ex));
      const color = c.color === undefined ? [200, 200, 200, 255] : c.color;
      if (color) {
        const pg = Math.floor(slot / perPage), k = slot % perPage;
        const x = (k % perRow) * s, y = Math.floor(k / perRow) * s;
        while (pages.length <= pg) pages.push({ kind: 'pixels', width: P, height: P, data: new Uint8ClampedArray(P * P * 4) });
        const d = pages[pg].data;
        for (let r = 0; r < s; r++) for (let q = 0; q < s; q++) d.set(color, ((y + r) * P + x + q) * 4);
        ic.set([pg, x, y], i * 3);
        if (m.length) thumbs.push([m[0], pg, x, y]);
        slot++;
      }
    });
    lv.members = Uint32Array.from(members);
    icons.push(ic);
    return lv;
  });
  thumbs.sort((a, b) => a[0] - b[0]);
  const uniq = thumbs.filter((t, i) => !i || t[0] !== thumbs[i - 1][0]);
  const numClasses = spec.classNames?.length ?? Math.max(0, ...levels.flatMap((l) => Array.from(l.topClasses).map((c) => c + 1)));
  const atlas: ActivationAtlas = {
    n: Math.max(nextExample, ...levels.flatMap((l) => Array.from(l.members).map((m) => m + 1))),
    d: 4,
    bounds: [0, 0, 1, 1],
    layout: new Float32Array(0),
    classNames: spec.classNames ?? null,
    numClasses,
    scoreKind: spec.scoreKind ?? (numClasses ? 'labels' : 'none'),
    topK: K,
    examplesPerCell: E,
    levels,
  };
  const sprites: AtlasSprites = {
    iconSize: s,
    pageSize: P,
    pages,
    icons,
    thumbIds: Int32Array.from(uniq, (t) => t[0]),
    thumbSlots: Int32Array.from(uniq.flatMap((t) => [t[1], t[2], t[3]])),
    thumbSize: s,
    missing: new Int32Array(0),
  };
  return { atlas, sprites };
}
