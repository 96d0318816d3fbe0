// Hand-made activation atlases for the icon and file-format tests (until buildActivationAtlas exists they are
// the only way to get one; afterwards they stay, as small atlases whose every field the test chooses).
import type { ActivationAtlas, AtlasLevel } from '../src/atlas/types';

export interface LevelSpec {
  grid: number;
  /** Per kept cell: its grid index and its representative examples (nearest first). */
  cells: { index: number; examples: number[]; members?: number[]; classes?: number[]; scores?: number[] }[];
  dropped?: number;
}

/** An atlas of `n` examples from level specs; members default to the examples, counts to the member count. */
export function handAtlas(n: number, levels: LevelSpec[], opts: { examplesPerCell?: number; topK?: number; d?: number; classNames?: string[] | null } = {}): ActivationAtlas {
  const E = opts.examplesPerCell ?? 4;
  const K = opts.topK ?? 2;
  const d = opts.d ?? 3;
  const out: AtlasLevel[] = levels.map((spec) => {
    const m = spec.cells.length;
    const examples = new Int32Array(m * E).fill(-1);
    const topClasses = new Int32Array(m * K).fill(-1);
    const topScores = new Float32Array(m * K).fill(NaN);
    const offsets = new Uint32Array(m + 1);
    const members: number[] = [];
    const counts = new Uint32Array(m);
    const means = new Float32Array(m * d);
    spec.cells.forEach((c, k) => {
      c.examples.slice(0, E).forEach((e, j) => (examples[k * E + j] = e));
      (c.classes ?? []).slice(0, K).forEach((v, j) => (topClasses[k * K + j] = v));
      (c.scores ?? []).slice(0, K).forEach((v, j) => (topScores[k * K + j] = v));
      const mem = (c.members ?? c.examples).slice().sort((a, b) => a - b);
      members.push(...mem);
      offsets[k + 1] = members.length;
      counts[k] = mem.length;
      for (let j = 0; j < d; j++) means[k * d + j] = k + j / 10;
    });
    return {
      grid: spec.grid,
      cellCount: m,
      cells: Uint32Array.from(spec.cells.map((c) => c.index)),
      counts,
      means,
      topClasses,
      topScores,
      examples,
      offsets,
      members: Uint32Array.from(members),
      dropped: spec.dropped ?? 0,
    };
  });
  const layout = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    layout[2 * i] = (i % 7) / 7;
    layout[2 * i + 1] = (i % 5) / 5;
  }
  const numClasses = opts.classNames ? opts.classNames.length : 3;
  return {
    n,
    d,
    bounds: [0, 0, 1, 1],
    layout,
    classNames: opts.classNames === undefined ? ['cat', 'dog', 'bird'] : opts.classNames,
    numClasses,
    scoreKind: 'labels',
    topK: K,
    examplesPerCell: E,
    levels: out,
  };
}

/** `n` flat-colour RGB images [n, h, w, 3] in 0..255: example i has colour colourOf(i). */
export function flatImages(n: number, h: number, w: number): { data: Uint8Array; shape: number[] } {
  const data = new Uint8Array(n * h * w * 3);
  for (let i = 0; i < n; i++) {
    const [r, g, b] = colourOf(i);
    for (let p = 0; p < h * w; p++) data.set([r, g, b], (i * h * w + p) * 3);
  }
  return { data, shape: [n, h, w, 3] };
}

/** A distinct opaque colour per example id (ids < 4096). */
export function colourOf(i: number): [number, number, number] {
  return [(i * 37) % 256, (i * 91 + 17) % 256, Math.floor(i / 16) * 16 + (i % 16)];
}

/** RGBA at (x, y) of an RGBA image. */
export function rgbaAt(img: { width: number; data: ArrayLike<number> }, x: number, y: number): number[] {
  const o = (y * img.width + x) * 4;
  return [img.data[o], img.data[o + 1], img.data[o + 2], img.data[o + 3]];
}
