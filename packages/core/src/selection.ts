import { Emitter, type Unsubscribe } from './component';
import { fail } from './errors';

/** The payload of a selection's 'change' event. */
export interface SelectionChange {
  /** Whoever wrote the change (a component passes itself, to ignore its own writes). */
  source: unknown;
  /** The number of selected rows after the change. */
  size: number;
}

/** Row indices (integers ≥ 0). */
export type Indices = ArrayLike<number> | Iterable<number>;

/**
 * A set of row indices shared by linked views, stored as a bitset (one bit per row in Uint32Array words), so
 * millions of rows cost capacity/8 bytes. Every write that changes the set emits one 'change' event.
 */
export interface Selection {
  /** Number of addressable rows; grows as higher indices are added. */
  readonly capacity: number;
  /** Number of selected rows (kept up to date by popcount on each write). */
  readonly size: number;
  /** The live bitset (bit `i & 31` of word `i >>> 5`); read only — write through the methods. */
  readonly words: Uint32Array;
  has(i: number): boolean;
  /** Replaces the selection with `indices`. */
  set(indices: Indices, source?: unknown): void;
  add(indices: Indices, source?: unknown): void;
  delete(indices: Indices, source?: unknown): void;
  /** Adds every row of `other`. */
  union(other: Selection | Indices, source?: unknown): void;
  /** Keeps only rows also in `other`. */
  intersect(other: Selection | Indices, source?: unknown): void;
  clear(source?: unknown): void;
  /** The selected rows in ascending order. */
  toArray(): Uint32Array;
  /** Calls `fn` for each selected row in ascending order. */
  forEach(fn: (i: number) => void): void;
  on(type: 'change', fn: (e: SelectionChange) => void): Unsubscribe;
  /** Frees the listeners and the bitset; later writes throw 'destroyed'. */
  destroy(): void;
}

/** Number of set bits of a 32-bit word. */
export function popcount(w: number): number {
  let n = 0;
  for (; w; w &= w - 1) n++;
  return n;
}

/** Creates an empty selection for `capacity` rows (it grows as needed). */
export function createSelection(capacity = 0): Selection {
  let words: Uint32Array = new Uint32Array((capacity + 31) >>> 5);
  let size = 0;
  let cap = capacity;
  let dead = 0;
  const em = new Emitter<{ change: SelectionChange }>();
  const U = Uint32Array;
  const grown = (a: Uint32Array, n: number) => {
    if (n <= a.length) return a;
    const w = new U(Math.max(n, a.length * 2));
    w.set(a);
    return w;
  };
  /** Applies word op 0 (replace), 1 (or), 2 (and) or 3 (and not) with the bits of `x`; emits if anything changed. */
  const write = (x: Selection | Indices, op: number, source: unknown) => {
    if (dead) throw fail('destroyed', 'selection', 'a live one', 'a destroyed one');
    let b = (x as Selection)?.words;
    if (!b) {
      b = new U(0);
      const it = (x as ArrayLike<number>)?.length >= 0 ? Array.prototype.values.call(x as ArrayLike<number>) : (x as Iterable<number>)?.[Symbol.iterator]?.();
      if (!it) throw fail('type', 'indices', 'row indices', x);
      for (const i of it as Iterable<number>) {
        if (i >>> 0 !== i) throw fail('range', 'indices', 'integers ≥ 0', i);
        (b = grown(b, (i >>> 5) + 1))[i >>> 5] |= 1 << i;
      }
    }
    if (op < 2) {
      words = grown(words, b.length);
      cap = Math.max(cap, b.length * 32);
    }
    let changed = 0;
    words.forEach((o, k) => {
      const v = b[k] ?? 0;
      const n = (op ? (op < 2 ? o | v : op < 3 ? o & v : o & ~v) : v) >>> 0;
      words[k] = n;
      size += popcount(n) - popcount(o);
      changed |= n ^ o;
    });
    if (changed) em.emit('change', { source, size });
  };
  const sel: Selection = {
    get capacity() {
      return cap;
    },
    get size() {
      return size;
    },
    get words() {
      return words;
    },
    has: (i) => !!(words[i >>> 5] & (1 << i)) && i >>> 0 === i,
    set: (x, source) => write(x, 0, source),
    add: (x, source) => write(x, 1, source),
    delete: (x, source) => write(x, 3, source),
    union: (x, source) => write(x, 1, source),
    intersect: (x, source) => write(x, 2, source),
    clear: (source) => write([], 0, source),
    toArray() {
      const out = new Uint32Array(size);
      let n = 0;
      sel.forEach((i) => (out[n++] = i));
      return out;
    },
    forEach(fn) {
      words.forEach((w, k) => {
        for (; w; w ^= w & -w) fn(k * 32 + 31 - Math.clz32(w & -w));
      });
    },
    on: (type, fn) => em.on(type, fn),
    destroy() {
      dead = 1;
      em.clear();
      words = new Uint32Array(0);
      size = cap = 0;
    },
  };
  return sel;
}
