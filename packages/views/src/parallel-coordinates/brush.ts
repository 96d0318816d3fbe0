import { fail, describe } from '@tensorlens/core';
import type { LineRange } from '@tensorlens/gl';
import { denormalize, normalizeValue, type ParcoordsColumn } from './columns';

/**
 * One range of a continuous axis: normalised positions (what is drawn and dragged) and, when the range came from
 * the user in data units and was not moved since, those exact data values. The filter and the reported brushes
 * both use {@link brushDataRange}, so the rows selected are exactly those whose values lie in the reported range.
 */
export type BrushRange = [lo: number, hi: number, dataLo?: number, dataHi?: number];

/** A range in data units: the values the user gave, else the normalised positions mapped back to data units. */
export function brushDataRange(c: ParcoordsColumn, r: BrushRange): [number, number] {
  return [r[2] ?? denormalize(c, r[0]), r[3] ?? denormalize(c, r[1])];
}

/** Brushes as users give and get them: per column, ranges in data units, or a list of categories. */
export type BrushSpec = Record<string, Array<[number, number] | string[]>>;

/**
 * Brushes of every axis, by column index. Continuous axes hold ranges of normalised positions (0 … 1,
 * before flipping); categorical axes hold a set of category indices. Several ranges on one axis are OR-ed,
 * axes are AND-ed.
 */
export interface Brushes {
  ranges: Map<number, BrushRange[]>;
  cats: Map<number, Set<number>>;
}

export const emptyBrushes = (): Brushes => ({ ranges: new Map(), cats: new Map() });

export function hasBrushes(b: Brushes): boolean {
  return b.ranges.size > 0 || b.cats.size > 0;
}

/** Merges overlapping ranges of one axis (sorted). */
export function mergeRanges(rs: BrushRange[]): BrushRange[] {
  const s = rs.map((r) => (r[0] <= r[1] ? ([...r] as BrushRange) : ([r[1], r[0], r[3], r[2]] as BrushRange))).sort((p, q) => p[0] - q[0]);
  const out: BrushRange[] = [];
  for (const r of s) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1]) {
      // the merged range's top is the higher of the two tops, with its exact data value if it has one
      if (r[1] > last[1]) out[out.length - 1] = [last[0], r[1], last[2], r[3]];
    } else out.push(r);
  }
  return out.map((r) => (r.length > 2 && r[2] === undefined && r[3] === undefined ? [r[0], r[1]] : r));
}

/**
 * The brushes as line-bundle ranges on normalised values: continuous ranges as they are, categories as the bands
 * they cover. The chart itself filters in data units (parcoords-filter.ts); these ranges can differ from it by
 * rows one float32 step outside an edge.
 */
export function toLineRanges(b: Brushes, columns: ParcoordsColumn[]): LineRange[] {
  const out: LineRange[] = [];
  // The values are normalised in float64 and stored as float32; rounding the bounds the same way keeps every row
  // inside the brush (rounding is monotone) and adds only rows within one float32 step of an edge (a widening by a
  // fixed 1e-6 let in about 1 row in 40 000 more at 1M rows).
  for (const [c, rs] of b.ranges) for (const [lo, hi] of rs) out.push({ column: c, lo: Math.fround(lo), hi: Math.fround(hi) });
  for (const [c, set] of b.cats) {
    const K = columns[c].categories?.length ?? 1;
    const ks = [...set].sort((x, y) => x - y);
    if (!ks.length) out.push({ column: c, lo: 2, hi: 3 }); // an empty set passes nothing
    for (let i = 0; i < ks.length; ) {
      let j = i;
      while (j + 1 < ks.length && ks[j + 1] == ks[j] + 1) j++;
      out.push({ column: c, lo: ks[i] / K, hi: (ks[j] + 1) / K });
      i = j + 1;
    }
  }
  return out;
}

/** Reads user brushes (data units / category names) into {@link Brushes}; unknown columns or categories are errors. */
export function fromBrushSpec(spec: BrushSpec | null | undefined, columns: ParcoordsColumn[]): Brushes {
  const b = emptyBrushes();
  if (spec == null) return b;
  if (typeof spec != 'object') throw fail('option', 'options.brushes', 'an object of column → brushes', spec);
  for (const name of Object.keys(spec)) {
    const c = columns.findIndex((x) => x.name == name);
    const arg = `options.brushes.${name}`;
    if (c < 0) throw fail('option', arg, 'a column of the data', JSON.stringify(name));
    const col = columns[c];
    const list = spec[name];
    if (!Array.isArray(list)) throw fail('option', arg, 'an array of [min, max] ranges or of category lists', list);
    for (const item of list) {
      if (!Array.isArray(item)) throw fail('option', arg, 'a [min, max] range or a list of categories', item);
      if (col.categories) {
        const set = b.cats.get(c) ?? new Set<number>();
        for (const name2 of item) {
          const k = col.categories.indexOf(String(name2));
          if (k < 0) throw fail('option', arg, `categories of "${name}" (${col.categories.slice(0, 5).join(', ')}${col.categories.length > 5 ? ', …' : ''})`, describe(name2));
          set.add(k);
        }
        b.cats.set(c, set);
      } else {
        const [lo, hi] = item as number[];
        if (item.length != 2 || typeof lo != 'number' || typeof hi != 'number' || lo !== lo || hi !== hi) throw fail('option', arg, '[min, max] numbers', item);
        const a = Math.min(lo, hi);
        const z = Math.max(lo, hi);
        const r: [number, number] = [normalizeValue(col, a), normalizeValue(col, z)];
        const l = b.ranges.get(c) ?? [];
        // the exact values given are kept (clamped to the axis's domain, as drawn) for the filter and brushes()
        l.push([Math.max(0, r[0]), Math.min(1, r[1]), Math.max(a, col.domain[0]), Math.min(z, col.domain[1])]);
        b.ranges.set(c, l);
      }
    }
  }
  return b;
}

/** Brushes in data units (ranges) and category names, by column name. */
export function toBrushSpec(b: Brushes, columns: ParcoordsColumn[]): BrushSpec {
  const out: BrushSpec = {};
  // Own properties, defined (not assigned): a column called "__proto__" must be a key, not the object's prototype.
  const put = (name: string, value: BrushSpec[string]) => Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
  for (const [c, rs] of b.ranges) if (rs.length) put(columns[c].name, rs.map((r) => brushDataRange(columns[c], r)));
  for (const [c, set] of b.cats) put(columns[c].name, [[...set].sort((x, y) => x - y).map((k) => columns[c].categories![k])]);
  return out;
}
