import { describe, it, expect, vi } from 'vitest';
import { createSelection, popcount } from '../src/index';
import { expectError } from '../../../test/support';

describe('createSelection(capacity)', () => {
  it('starts empty with the given capacity', () => {
    const s = createSelection(100);
    expect(s.size).toBe(0);
    expect(s.capacity).toBe(100);
    expect(s.has(5)).toBe(false);
    expect(s.words).toBeInstanceOf(Uint32Array);
    expect(s.words.length).toBe(4);
  });

  it('add, delete and has work on single rows across word boundaries', () => {
    const s = createSelection(64);
    s.add([0, 31, 32, 63]);
    expect([0, 31, 32, 63].map((i) => s.has(i))).toEqual([true, true, true, true]);
    expect(s.has(1)).toBe(false);
    expect(s.size).toBe(4);
    s.delete([31, 5]);
    expect(s.has(31)).toBe(false);
    expect(s.size).toBe(3);
    expect(s.has(-1)).toBe(false);
    expect(s.has(0.5)).toBe(false);
  });

  it('toArray returns the rows ascending, whatever the order they were added in', () => {
    const s = createSelection();
    s.add([70, 3, 31, 0, 3, 1000]);
    expect([...s.toArray()]).toEqual([0, 3, 31, 70, 1000]);
    expect(s.toArray()).toBeInstanceOf(Uint32Array);
    const seen: number[] = [];
    s.forEach((i) => seen.push(i));
    expect(seen).toEqual([0, 3, 31, 70, 1000]);
  });

  it('grows its capacity as higher rows are added', () => {
    const s = createSelection(10);
    s.add([5000]);
    expect(s.capacity).toBeGreaterThan(5000);
    expect(s.has(5000)).toBe(true);
    expect(s.size).toBe(1);
  });

  it('set replaces the selection; accepts any iterable', () => {
    const s = createSelection(10);
    s.add([1, 2, 3]);
    s.set(new Set([3, 4]));
    expect([...s.toArray()]).toEqual([3, 4]);
    expect(s.size).toBe(2);
  });

  it('union and intersect combine with other selections or index lists', () => {
    const a = createSelection(100);
    const b = createSelection(100);
    a.add([1, 2, 3, 40]);
    b.add([3, 40, 99]);
    a.union(b);
    expect([...a.toArray()]).toEqual([1, 2, 3, 40, 99]);
    expect(a.size).toBe(5);
    a.intersect([2, 3, 99, 500]);
    expect([...a.toArray()]).toEqual([2, 3, 99]);
    expect(a.size).toBe(3);
    a.union(a);
    a.intersect(a);
    expect(a.size).toBe(3);
  });

  it('clear empties it', () => {
    const s = createSelection(10);
    s.add([1, 9]);
    s.clear();
    expect(s.size).toBe(0);
    expect(s.toArray().length).toBe(0);
  });

  it('emits one change event per write that changes something, with its source and size', () => {
    const s = createSelection(10);
    const fn = vi.fn();
    const off = s.on('change', fn);
    const me = {};
    s.add([1, 2], me);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(fn).toHaveBeenLastCalledWith({ source: me, size: 2 });
    s.add([1]); // no change
    s.delete([7]); // no change
    s.set([2, 1]); // same set
    s.intersect([1, 2]);
    expect(fn).toHaveBeenCalledTimes(1);
    s.set([5], 'lasso');
    expect(fn).toHaveBeenLastCalledWith({ source: 'lasso', size: 1 });
    s.clear('reset');
    expect(fn).toHaveBeenLastCalledWith({ source: 'reset', size: 0 });
    expect(fn).toHaveBeenCalledTimes(3);
    off();
    s.add([1]);
    expect(fn).toHaveBeenCalledTimes(3);
  });

  it('handles millions of rows: 5M rows in 625 kB, size kept by popcount', () => {
    const n = 5_000_000;
    const s = createSelection(n);
    expect(s.words.byteLength).toBe(625_000);
    const even = new Uint32Array(n / 2);
    for (let i = 0; i < even.length; i++) even[i] = i * 2;
    s.set(even);
    expect(s.size).toBe(n / 2);
    const t0 = performance.now();
    const other = createSelection(n);
    const thirds = new Uint32Array(Math.ceil(n / 3));
    for (let i = 0; i < thirds.length; i++) thirds[i] = i * 3;
    other.set(thirds);
    s.intersect(other);
    // multiples of 6 below 5M: 0, 6, …, 4999998
    expect(s.size).toBe(Math.floor((n - 1) / 6) + 1);
    s.union(other);
    expect(s.size).toBe(thirds.length); // (multiples of 6) ∪ (multiples of 3)
    const arr = s.toArray();
    expect(arr.length).toBe(s.size);
    for (let i = 1; i < arr.length; i++) if (arr[i] <= arr[i - 1]) throw new Error('not ascending at ' + i);
    expect(s.has(n - 1)).toBe(false);
    expect(s.has(n - 2)).toBe(true);
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it("throws 'range' for negative or fractional rows and 'type' for non-lists, leaving the selection unchanged", () => {
    const s = createSelection(10);
    s.add([1]);
    expectError(() => s.add([2, -1]), 'range', 'indices');
    expectError(() => s.set([2, 1.5]), 'range', 'indices');
    expectError(() => s.add([NaN]), 'range', 'indices');
    expectError(() => s.union(5 as never), 'type', 'indices');
    expect([...s.toArray()]).toEqual([1]);
  });

  it("destroy frees listeners and storage; later writes throw 'destroyed'", () => {
    const s = createSelection(10);
    const fn = vi.fn();
    s.on('change', fn);
    s.destroy();
    expect(s.size).toBe(0);
    expectError(() => s.add([1]), 'destroyed', 'selection');
    expect(fn).not.toHaveBeenCalled();
  });
});

describe('popcount(word)', () => {
  it('counts the set bits of 32-bit words', () => {
    expect(popcount(0)).toBe(0);
    expect(popcount(0xffffffff)).toBe(32);
    expect(popcount(0x80000001)).toBe(2);
    for (let i = 0; i < 100; i++) {
      const w = (Math.random() * 2 ** 32) >>> 0;
      expect(popcount(w)).toBe(w.toString(2).split('').filter((c) => c == '1').length);
    }
  });
});
