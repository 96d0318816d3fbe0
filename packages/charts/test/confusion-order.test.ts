import { describe as suite, expect, it } from 'vitest';
import { orderClasses } from '@tensorlens/charts';
import { layoutClasses, normalizeMatrix, topConfusions } from '../src/confusion-matrix/view';

const flat = (rows: number[][]) => Float64Array.from(rows.flat());

suite('orderClasses', () => {
  const m = flat([
    [5, 1, 0],
    [2, 20, 3],
    [0, 0, 9],
  ]);
  it('keeps the given order', () => {
    expect(Array.from(orderClasses(m, 3, 'given'))).toEqual([0, 1, 2]);
  });
  it('orders by frequency (support), largest first', () => {
    // supports 6, 25, 9
    expect(Array.from(orderClasses(m, 3, 'frequency'))).toEqual([1, 2, 0]);
  });
  it('orders by per-class accuracy (recall), highest first, classes without examples last', () => {
    // recalls 5/6, 20/25, 9/9
    expect(Array.from(orderClasses(m, 3, 'accuracy'))).toEqual([2, 0, 1]);
    const z = flat([[0, 0], [1, 1]]);
    expect(Array.from(orderClasses(z, 2, 'accuracy'))).toEqual([1, 0]);
  });

  it('seriation makes blocks of mutually confused classes contiguous after shuffling', () => {
    // three blocks of 4 classes: heavy confusion inside a block, a little noise across blocks
    const C = 12;
    const blockOf = (c: number) => Math.floor(c / 4);
    const perm = [7, 2, 11, 0, 5, 9, 3, 10, 1, 6, 8, 4]; // shuffled class → original class
    const m = new Float64Array(C * C);
    for (let a = 0; a < C; a++) {
      for (let b = 0; b < C; b++) {
        const i = perm[a];
        const j = perm[b];
        m[a * C + b] = i === j ? 100 : blockOf(i) === blockOf(j) ? 10 + ((i * 7 + j * 3) % 5) : (i + j) % 4 === 0 ? 1 : 0;
      }
    }
    const order = Array.from(orderClasses(m, C, 'seriation'));
    expect(order.slice().sort((x, y) => x - y)).toEqual(Array.from({ length: C }, (_, i) => i));
    const blocks = order.map((a) => blockOf(perm[a]));
    // each block appears as one run
    const runs = blocks.filter((b, i) => i === 0 || b !== blocks[i - 1]);
    expect(runs.length).toBe(3);
    expect(new Set(runs).size).toBe(3);
  });

  it('seriation puts disconnected groups one after the other', () => {
    const m = flat([
      [5, 0, 3, 0],
      [0, 5, 0, 2],
      [3, 0, 5, 0],
      [0, 2, 0, 5],
    ]);
    const order = Array.from(orderClasses(m, 4, 'seriation'));
    const pos = (c: number) => order.indexOf(c);
    expect(Math.abs(pos(0) - pos(2))).toBe(1);
    expect(Math.abs(pos(1) - pos(3))).toBe(1);
  });
});

suite('layoutClasses (top-k folding)', () => {
  const m = flat([
    [10, 1, 0, 2],
    [1, 30, 0, 0],
    [0, 1, 2, 1],
    [0, 0, 3, 4],
  ]);
  const names = ['a', 'b', 'c', 'd'];
  it('keeps the k classes with most examples and folds the rest into "other"', () => {
    const l = layoutClasses(m, 4, names, 'given', 2);
    // supports a 13, b 31, c 4, d 7 → keep a, b; fold c, d
    expect(l.names).toEqual(['a', 'b', 'other (2)']);
    expect(l.other).toBe(2);
    expect(Array.from(l.members[2])).toEqual([2, 3]);
    expect(Array.from(l.matrix)).toEqual([10, 1, 2, 1, 30, 0, 0, 1, 10]);
    // a kept class keeps its own statistics
    expect(l.stats.perClass[0].recall).toBeCloseTo(10 / 13, 12);
    expect(l.stats.perClass[0].precision).toBeCloseTo(10 / 11, 12);
  });
  it('orders the kept classes and leaves "other" last', () => {
    const l = layoutClasses(m, 4, names, 'frequency', 2);
    expect(l.names).toEqual(['b', 'a', 'other (2)']);
  });
  it('shows every class when topK is null or covers all', () => {
    expect(layoutClasses(m, 4, names, 'given', null).names).toEqual(names);
    expect(layoutClasses(m, 4, names, 'given', 3).names).toEqual(names); // folding one class is pointless
  });
});

suite('normalizeMatrix and topConfusions', () => {
  const l = { matrix: flat([[3, 1], [0, 4]]), size: 2 };
  it('normalises by true class, predicted class and over all; an empty row stays zeros', () => {
    expect(Array.from(normalizeMatrix(l, 'true'))).toEqual([0.75, 0.25, 0, 1]);
    expect(Array.from(normalizeMatrix(l, 'pred'))).toEqual([1, 0.2, 0, 0.8]);
    expect(Array.from(normalizeMatrix(l, 'all'))).toEqual([0.375, 0.125, 0, 0.5]);
    expect(Array.from(normalizeMatrix({ matrix: flat([[0, 0], [1, 1]]), size: 2 }, 'true'))).toEqual([0, 0, 0.5, 0.5]);
  });
  it('lists the largest off-diagonal cells', () => {
    const m = flat([[9, 5, 1], [7, 9, 0], [2, 3, 9]]);
    expect(topConfusions(m, 3, 3)).toEqual([[1, 0, 7], [0, 1, 5], [2, 1, 3]]);
  });
});
