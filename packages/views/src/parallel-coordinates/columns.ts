import { fail, isTypedArray, type ArrowTableLike, type ColumnTable } from '@tensorlens/core';

/** How a column is drawn: a linear or log axis, bands of categories, a time axis, or false/true bands. */
export type ColumnType = 'numeric' | 'log' | 'categorical' | 'datetime' | 'boolean';

/** One axis: a column name, with optional overrides of what is inferred. */
export interface AxisSpec {
  name: string;
  /** Overrides the inferred type. */
  type?: ColumnType;
  /** Axis title (default: the name). */
  label?: string;
  /** [min, max] for numeric/log/datetime axes (values outside are clamped), or the categories in order. */
  domain?: [number, number] | string[];
  flipped?: boolean;
  hidden?: boolean;
}

/** Everything `data` accepts. */
export type ParallelData =
  | Array<Record<string, unknown>>
  | Record<string, ArrayLike<unknown>>
  | ColumnTable
  | ArrowTableLike
  | string;

/** A column read, typed and encoded as numbers (one Float64 per row, NaN = missing). */
export interface ParcoordsColumn {
  name: string;
  label: string;
  type: ColumnType;
  /** The inferred type (before any override). */
  inferred: ColumnType;
  /** numeric/log: the number; datetime: epoch ms; boolean: 0/1; categorical: the category index. */
  num: Float64Array;
  /** Category labels by index (categorical and boolean); the last is "other" when folded. */
  categories: string[] | null;
  /** [min, max] of the values (numeric, log, datetime), or [0, K − 1]. */
  domain: [number, number];
  missing: number;
  /** Cells that were not numbers in a numeric column (counted as missing). */
  invalid: number;
  /** Index of the "other" category, or −1. */
  other: number;
  /** True when every present value is the same. */
  constant: boolean;
  /** True when log scale is possible (every value > 0). */
  positive: boolean;
  note?: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const NUMBER = /^\s*[-+]?(?:\d+\.?\d*(?:e[-+]?\d+)?|\.\d+(?:e[-+]?\d+)?|inf(?:inity)?)\s*$/i;
const MISSING = /^\s*(?:|nan|null|none|na|n\/a|undefined|-)\s*$/i;

function isMissing(v: unknown): boolean {
  return v == null || (typeof v == 'number' && v !== v) || (typeof v == 'string' && MISSING.test(v)) || (v instanceof Date && isNaN(+v));
}

/** What kind of values a raw column holds. */
interface Census {
  numbers: number;
  strings: number; // strings that are not numbers, dates or booleans
  bools: number;
  dates: number;
  missing: number;
}

function census(c: ArrayLike<unknown>, n: number): Census {
  const s: Census = { numbers: 0, strings: 0, bools: 0, dates: 0, missing: 0 };
  for (let i = 0; i < n; i++) {
    const v = c[i];
    if (isMissing(v)) s.missing++;
    else if (typeof v == 'number' || typeof v == 'bigint') s.numbers++;
    else if (typeof v == 'boolean') s.bools++;
    else if (v instanceof Date) s.dates++;
    else {
      const t = String(v);
      if (NUMBER.test(t)) s.numbers++;
      else if (/^\s*(true|false)\s*$/i.test(t)) s.bools++;
      else if (ISO_DATE.test(t.trim()) && !isNaN(Date.parse(t))) s.dates++;
      else s.strings++;
    }
  }
  return s;
}

/** Share of non-numeric cells above which a column is categorical rather than numeric with bad cells. */
const BAD_SHARE = 0.1;

/** Infers the type of a raw column from its census (see docs/parallel-coordinates.md, "Types"). */
export function inferType(c: ArrayLike<unknown>, n = c.length): ColumnType {
  if (isTypedArray(c)) return 'numeric';
  const s = census(c, n);
  const present = n - s.missing;
  if (!present) return 'numeric';
  if (s.dates == present) return 'datetime';
  if (s.bools == present) return 'boolean';
  if (s.numbers && s.numbers >= present * (1 - BAD_SHARE)) return 'numeric';
  return 'categorical';
}

const fmt = (x: number) => (Number.isInteger(x) ? String(x) : String(+x.toPrecision(6)));

function toNumber(v: unknown, type: ColumnType): number {
  if (isMissing(v)) return NaN;
  if (type == 'datetime') return v instanceof Date ? +v : typeof v == 'number' ? v : Date.parse(String(v));
  if (type == 'boolean') return typeof v == 'boolean' ? +v : typeof v == 'number' ? +(v != 0) : /^\s*true\s*$/i.test(String(v)) ? 1 : /^\s*false\s*$/i.test(String(v)) ? 0 : NaN;
  if (typeof v == 'number') return v;
  if (typeof v == 'bigint') return Number(v);
  const t = String(v);
  return NUMBER.test(t) ? (/inf/i.test(t) ? (/-/.test(t) ? -Infinity : Infinity) : +t) : NaN;
}

/**
 * Types and encodes one column: numbers (log when every value is > 0 and they span ≥ 3 decades), categories
 * (at most `maxCategories` bands: the most frequent, then "other"), datetimes, booleans. Nothing is dropped
 * without a note: bad cells, folded categories, all-missing and constant columns say so in `note`.
 */
export function typeColumn(name: string, raw: ArrayLike<unknown>, n: number, spec: AxisSpec | undefined, maxCategories: number): ParcoordsColumn {
  const inferred0 = inferType(raw, n);
  const notes: string[] = [];
  let type = spec?.type ?? inferred0;
  const num = new Float64Array(n);
  let missing = 0;
  let invalid = 0;
  let categories: string[] | null = null;
  let other = -1;
  if (type == 'categorical') {
    const counts = new Map<string, number>();
    const keys: Array<string | null> = new Array(n);
    for (let i = 0; i < n; i++) {
      const v = raw[i];
      if (isMissing(v)) {
        keys[i] = null;
        continue;
      }
      const k = v instanceof Date ? v.toISOString() : String(v);
      keys[i] = k;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    const given = Array.isArray(spec?.domain) && typeof spec.domain[0] == 'string' ? (spec.domain as string[]).map(String) : null;
    let cats = given ?? [...counts.keys()].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
    const distinct = counts.size;
    if (!given && cats.length > maxCategories) {
      const top = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, Math.max(1, maxCategories - 1));
      cats = top.map((e) => e[0]).sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
    }
    const index = new Map(cats.map((c, i) => [c, i]));
    let folded = 0;
    for (let i = 0; i < n; i++) {
      const k = keys[i];
      if (k == null) {
        num[i] = NaN;
        missing++;
        continue;
      }
      const j = index.get(k);
      if (j == null) {
        folded++;
        num[i] = cats.length; // "other", appended below
      } else num[i] = j;
    }
    if (folded) {
      other = cats.length;
      cats = [...cats, 'other'];
      const kept = other;
      notes.push(given ? `${folded} rows outside the given categories shown as "other"` : `${distinct} categories: the ${kept} most frequent shown, ${distinct - kept} folded into "other" (${folded} rows)`);
    }
    categories = cats;
  } else {
    for (let i = 0; i < n; i++) {
      const v = raw[i];
      const x = toNumber(v, type);
      if (x !== x || !isFinite(x)) {
        num[i] = NaN;
        if (isMissing(v)) missing++;
        else {
          invalid++;
          missing++;
        }
      } else num[i] = x;
    }
    if (invalid) notes.push(`${invalid} value${invalid > 1 ? 's' : ''} not ${type == 'datetime' ? 'dates' : type == 'boolean' ? 'true/false' : 'numbers'} shown as missing`);
    if (type == 'boolean') categories = ['false', 'true'];
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = num[i];
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  const present = n - missing;
  const positive = present > 0 && lo > 0;
  let inferred = inferred0;
  if (inferred0 == 'numeric' && positive && Math.log10(hi / lo) >= 3 - 1e-9) inferred = 'log';
  if (!spec?.type && type == 'numeric') type = inferred;
  if (type == 'log' && !positive) {
    if (present) notes.push('values ≤ 0 cannot be on a log axis: shown linear');
    type = 'numeric';
  }
  if (categories) {
    lo = 0;
    hi = categories.length - 1;
  } else if (!present) {
    lo = 0;
    hi = 1;
  }
  if (!categories && Array.isArray(spec?.domain) && typeof spec.domain[0] == 'number') {
    const [a, b] = spec.domain as [number, number];
    if (!(isFinite(a) && isFinite(b) && (type != 'log' || (a > 0 && b > 0)))) throw fail('option', `columns.${name}.domain`, type == 'log' ? '[min, max] > 0' : '[min, max], finite', spec.domain);
    lo = Math.min(a, b);
    hi = Math.max(a, b);
  }
  if (!present) notes.push('all values missing');
  const constant = present > 0 && !categories && lo === hi;
  if (constant) notes.push(`constant: ${type == 'datetime' ? new Date(lo).toISOString() : fmt(lo)}`);
  return {
    name,
    label: spec?.label ?? name,
    type,
    inferred,
    num,
    categories,
    domain: [lo, hi],
    missing,
    invalid,
    other,
    constant,
    positive,
    note: notes.length ? notes.join('; ') : undefined,
  };
}

/**
 * Normalises a column to [0, 1] (missing: −1), as the line bundle reads it: linear or log over the domain
 * (clamped), categories at the middle of their band ((k + 0.5) / K), a constant column at 0.5.
 */
export function normalizeColumn(c: ParcoordsColumn, out: Float32Array, offset: number, stride: number): void {
  const n = c.num.length;
  const [lo, hi] = c.domain;
  const cat = c.categories ? c.categories.length : 0;
  const log = c.type == 'log';
  const a = log ? Math.log(lo) : lo;
  const span = (log ? Math.log(hi) : hi) - a;
  for (let i = 0, k = offset; i < n; i++, k += stride) {
    const x = c.num[i];
    let v: number;
    if (x !== x || (log && x <= 0)) v = -1;
    else if (cat) v = (x + 0.5) / cat;
    else if (!span) v = 0.5;
    else {
      v = ((log ? Math.log(x) : x) - a) / span;
      v = v < 0 ? 0 : v > 1 ? 1 : v;
    }
    out[k] = v;
  }
}

/** The value of normalised position `t` on a column's axis (inverse of {@link normalizeColumn}). */
export function denormalize(c: ParcoordsColumn, t: number): number {
  const [lo, hi] = c.domain;
  if (c.categories) return Math.min(c.categories.length - 1, Math.max(0, Math.floor(t * c.categories.length)));
  // the ends exactly (lo + 1 × (hi − lo) may miss hi by a rounding step, which would drop the largest rows)
  if (t <= 0) return lo;
  if (t >= 1) return hi;
  if (c.type == 'log') return Math.exp(Math.log(lo) + t * (Math.log(hi) - Math.log(lo)));
  return lo + t * (hi - lo);
}

/** Normalised position of a value on a column's axis (numbers in data units; categories by index). */
export function normalizeValue(c: ParcoordsColumn, x: number): number {
  const [lo, hi] = c.domain;
  if (c.categories) return (x + 0.5) / c.categories.length;
  if (c.type == 'log') return hi === lo ? 0.5 : (Math.log(x) - Math.log(lo)) / (Math.log(hi) - Math.log(lo));
  return hi === lo ? 0.5 : (x - lo) / (hi - lo);
}

/** Text of a column's value for tooltips and labels. */
export function formatValue(c: ParcoordsColumn, x: number): string {
  if (x !== x) return 'missing';
  if (c.categories) return c.categories[x] ?? String(x);
  if (c.type == 'datetime') {
    const s = new Date(x).toISOString();
    return s.endsWith('T00:00:00.000Z') ? s.slice(0, 10) : s.replace('.000Z', 'Z');
  }
  return Math.abs(x) >= 1e6 || (Math.abs(x) < 1e-3 && x) ? x.toExponential(2) : fmt(+x.toPrecision(4));
}
