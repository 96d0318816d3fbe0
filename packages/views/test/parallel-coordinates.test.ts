import { describe, expect, it } from 'vitest';
import { filterRows } from '@tensorlens/gl';
import { inferType, typeColumn, normalizeColumn, toLineRanges, fromBrushSpec, toBrushSpec, mergeRanges } from '@tensorlens/views';
import type { ParcoordsColumn } from '@tensorlens/views';
import { TensorLensError, toTable } from '@tensorlens/core';
import { axisTicks } from '../src/parallel-coordinates/axes';

/** The table as parallel coordinates read it: core's toTable, values kept as given. */
const readRawTable = (data: Parameters<typeof toTable>[0]) => toTable(data, { name: 'data', keepValues: true });
import { createBrushFilter, filterBrushed } from '../src/parallel-coordinates/filter';

const col = (name: string, raw: ArrayLike<unknown>, max = 30, spec?: Parameters<typeof typeColumn>[3]) => typeColumn(name, raw, raw.length, spec, max);

describe('column typing', () => {
  it('infers numeric, categorical, datetime (ISO strings and Dates) and boolean columns', () => {
    expect(inferType(Float32Array.of(1, 2, 3))).toBe('numeric');
    expect(inferType([1, 2, null, 4])).toBe('numeric');
    expect(inferType(['1.5', '2', '3e2'])).toBe('numeric');
    expect(inferType(['a', 'b', 'a'])).toBe('categorical');
    expect(inferType(['2024-01-02', '2024-03-04T10:00:00Z', null])).toBe('datetime');
    expect(inferType([new Date(0), new Date(1e12)])).toBe('datetime');
    expect(inferType([true, false, true])).toBe('boolean');
    expect(inferType(['true', 'False'])).toBe('boolean');
  });

  it('uses a log axis for positive data spanning at least 3 decades, and not otherwise', () => {
    expect(col('lr', [1e-5, 1e-3, 1e-2]).type).toBe('log');
    expect(col('lr', [1, 999]).type).toBe('numeric'); // < 3 decades
    expect(col('lr', [1, 1000]).type).toBe('log');
    expect(col('x', [0, 1e-5, 1e3]).type).toBe('numeric'); // a zero: no log
    expect(col('x', [-1, 1e3]).type).toBe('numeric');
    expect(col('lr', [1e-5, 1e-1], 30, { name: 'lr', type: 'numeric' }).type).toBe('numeric'); // override
  });

  it('treats a few non-numeric strings in a numeric column as missing, says how many, and makes mostly-string columns categorical', () => {
    const raw = Array.from({ length: 40 }, (_, i) => (i % 20 == 3 ? 'oops' : String(i)));
    const c = col('x', raw);
    expect(c.type).toBe('numeric');
    expect(c.invalid).toBe(2);
    expect(c.missing).toBe(2);
    expect(c.note).toMatch(/2 values not numbers/);
    const mostly = col('y', ['a', 'b', '1', 'c']);
    expect(mostly.type).toBe('categorical');
    expect(mostly.categories).toEqual(['1', 'a', 'b', 'c']);
  });

  it('folds high-cardinality categoricals into the top k plus "other", with a note', () => {
    // category c0 ×50, c1 ×49 … c49 ×1
    const raw: string[] = [];
    for (let k = 0; k < 50; k++) for (let j = 0; j < 50 - k; j++) raw.push(`c${k}`);
    const c = col('cat', raw, 10);
    expect(c.categories!.length).toBe(10);
    expect(c.categories![9]).toBe('other');
    expect(new Set(c.categories!.slice(0, 9))).toEqual(new Set(Array.from({ length: 9 }, (_, k) => `c${k}`)));
    const folded = raw.filter((s) => +s.slice(1) >= 9).length;
    let inOther = 0;
    for (let i = 0; i < raw.length; i++) if (c.num[i] == 9) inOther++;
    expect(inOther).toBe(folded);
    expect(c.note).toContain('50 categories');
    expect(c.note).toContain(`${folded} rows`);
  });

  it('keeps constant and all-missing columns with notes', () => {
    const k = col('k', [3, 3, 3]);
    expect(k.constant).toBe(true);
    expect(k.note).toMatch(/constant: 3/);
    const out = new Float32Array(3);
    normalizeColumn(k, out, 0, 1);
    expect([...out]).toEqual([0.5, 0.5, 0.5]);
    const m = col('m', [null, undefined, NaN]);
    expect(m.missing).toBe(3);
    expect(m.note).toMatch(/all values missing/);
    normalizeColumn(m, out, 0, 1);
    expect([...out]).toEqual([-1, -1, -1]);
  });

  it('normalises linear, log and categorical values to [0, 1] and missing to −1', () => {
    const out = new Float32Array(3);
    normalizeColumn(col('a', [0, 5, 10]), out, 0, 1);
    expect([...out]).toEqual([0, 0.5, 1]);
    normalizeColumn(col('b', [1, 100, 1e4]), out, 0, 1);
    expect([...out].map((v) => +v.toFixed(6))).toEqual([0, 0.5, 1]);
    normalizeColumn(col('c', ['x', null, 'y']), out, 0, 1);
    expect([...out]).toEqual([0.25, -1, 0.75]);
  });
});

describe('reading data', () => {
  it('reads ragged records: missing keys are missing values', () => {
    const t = readRawTable([{ a: 1, b: 'x' }, { a: 2 }, { b: 'y', c: true }]);
    expect(t.names).toEqual(['a', 'b', 'c']);
    expect(t.length).toBe(3);
    expect(col('a', t.columns.a).missing).toBe(1);
    expect(col('c', t.columns.c).missing).toBe(2);
  });

  it("rejects columns of unequal length with a 'length' error naming the column", () => {
    try {
      readRawTable({ a: [1, 2, 3], b: [1, 2] });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(TensorLensError);
      expect((e as TensorLensError).code).toBe('length');
      expect((e as TensorLensError).argument).toBe('data.b');
    }
  });

  it('reads CSV and JSON text, and rejects empty data and non-records', () => {
    expect(readRawTable('a,b\n1,x\n2,y').names).toEqual(['a', 'b']);
    expect(readRawTable('[{"a":1},{"a":"z"}]').length).toBe(2);
    expect(() => readRawTable([])).toThrow(expect.objectContaining({ code: 'empty', argument: 'data' }));
    expect(() => readRawTable([1 as unknown as Record<string, unknown>])).toThrow(expect.objectContaining({ code: 'type', argument: 'data[0]' }));
    expect(() => readRawTable('{oops')).toThrow(expect.objectContaining({ code: 'parse' }));
  });

  it('keeps the values as given (numbers, strings, booleans, Dates) so columns are typed here', () => {
    const day = new Date(Date.UTC(2024, 0, 2));
    const t = readRawTable([{ a: 1, d: day, ok: true }, { a: 'oops', d: day, ok: false }]);
    expect(Array.from(t.columns.a)).toEqual([1, 'oops']);
    expect(col('d', t.columns.d).type).toBe('datetime');
    expect(col('ok', t.columns.ok).type).toBe('boolean');
  });

  it('a "__proto__" key in a JSON row is a column and writes nothing into Object.prototype; "constructor" stays a column', () => {
    const t = readRawTable('[{"__proto__":{"polluted":1},"constructor":"c0","x":1},{"__proto__":{"polluted":2},"constructor":"c1","x":2}]');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(t.names).toEqual(['__proto__', 'constructor', 'x']);
    const constructorColumn = t.columns['constructor'] as ArrayLike<unknown>;
    expect(Array.from(constructorColumn)).toEqual(['c0', 'c1']);
    expect(col('constructor', constructorColumn).categories).toEqual(['c0', 'c1']);
  });

  it('brushes of columns called "__proto__" and "constructor" are own keys of the reported spec', () => {
    const cols = [col('__proto__', [0, 10]), col('constructor', ['p', 'q'])];
    const spec = toBrushSpec(fromBrushSpec(JSON.parse('{"__proto__":[[2,4]],"constructor":[["q"]]}'), cols), cols);
    expect(Object.keys(spec)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(spec)).toBe(Object.prototype);
    expect(spec['constructor']).toEqual([['q']]);
  });
});

describe('ticks', () => {
  const ticksOf = (name: string, raw: ArrayLike<unknown>, height = 240, spec?: Parameters<typeof typeColumn>[3]) => axisTicks(col(name, raw, 30, spec), height);

  it("are d3's: nice linear steps (1, 2 or 5 × 10^k) inside the domain, labelled in data units", () => {
    // d3: scaleLinear().domain([0, 1]).ticks(6) → 0, 0.2, …, 1; domain [-3, 7] with 6 → -2 … 6 in steps of 2
    expect(ticksOf('a', [0, 1]).map((t) => t.label)).toEqual(['0', '0.2', '0.4', '0.6', '0.8', '1']);
    expect(ticksOf('a', [-3, 7]).map((t) => t.label)).toEqual(['-2', '0', '2', '4', '6']);
    // positions: a tick at value v sits at (v - lo) / (hi - lo)
    expect(ticksOf('a', [-3, 7]).map((t) => +t.t.toFixed(6))).toEqual([0.1, 0.3, 0.5, 0.7, 0.9]);
  });

  it('a log axis shows the powers of ten (and 2…5 × 10^k when the labels fit), evenly spaced by decade', () => {
    const decades = ticksOf('lr', [1e-5, 1], 240);
    expect(decades.map((t) => t.label)).toEqual(['1.00e-5', '1.00e-4', '0.001', '0.01', '0.1', '1']);
    expect(decades.map((t) => +t.t.toFixed(6))).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    const narrow = ticksOf('x', [1, 1000], 400, { name: 'x', type: 'log' }).map((t) => Number(t.label));
    expect(narrow).toContain(2);
    expect(narrow).toContain(10);
    expect(narrow.every((v) => /^[1-5]$/.test(String(v / 10 ** Math.floor(Math.log10(v) + 1e-9))))).toBe(true);
  });

  it('a date axis has calendar ticks (UTC midnights of a week)', () => {
    const days = ticksOf('t', ['2024-01-01', '2024-01-08'], 240);
    expect(days.map((t) => t.label)).toEqual(['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05', '2024-01-06', '2024-01-07', '2024-01-08']);
  });
});

describe('brush logic (OR within an axis, AND across axes) against brute force', () => {
  function rand(seed: number) {
    let a = seed;
    return () => ((a = (a * 1103515245 + 12345) % 2147483648) / 2147483648);
  }
  it('matches a brute-force reference on random data and brushes', () => {
    const r = rand(7);
    const n = 500;
    const raw: Record<string, unknown[]> = { a: [], b: [], c: [], k: [] };
    for (let i = 0; i < n; i++) {
      raw.a.push(r() < 0.05 ? null : r() * 10);
      raw.b.push(r() * 100);
      raw.c.push(r() * 2 - 1);
      raw.k.push(['x', 'y', 'z', 'w'][Math.floor(r() * 4)]);
    }
    const cols: ParcoordsColumn[] = ['a', 'b', 'c', 'k'].map((k) => col(k, raw[k]));
    const d = cols.length;
    const values = new Float32Array(n * d);
    cols.forEach((c, j) => normalizeColumn(c, values, j, d));
    for (let trial = 0; trial < 20; trial++) {
      const a1 = r() * 10, a2 = r() * 10, a3 = r() * 10, a4 = r() * 10;
      const b1 = r() * 100, b2 = r() * 100;
      const cats = ['x', 'y', 'z', 'w'].filter(() => r() < 0.5);
      const spec: Record<string, Array<[number, number] | string[]>> = {
        a: [[Math.min(a1, a2), Math.max(a1, a2)], [Math.min(a3, a4), Math.max(a3, a4)]],
        b: [[Math.min(b1, b2), Math.max(b1, b2)]],
      };
      if (cats.length) spec.k = [cats];
      const brushes = fromBrushSpec(spec, cols);
      const got = filterRows(values, n, d, toLineRanges(brushes, cols));
      const eps = 1e-4;
      for (let i = 0; i < n; i++) {
        const a = raw.a[i] as number | null;
        const inA = a != null && spec.a.some(([lo, hi]) => a >= (lo as number) - eps && a <= (hi as number) + eps);
        const b = raw.b[i] as number;
        const inB = b >= (spec.b[0][0] as number) - eps && b <= (spec.b[0][1] as number) + eps;
        const inK = !cats.length || cats.includes(raw.k[i] as string);
        expect(!!got[i], `row ${i}, trial ${trial}`).toBe(inA && inB && inK);
      }
    }
  });

  it('round-trips brushes through data units and merges overlapping ranges', () => {
    const cols = [col('a', [0, 10]), col('k', ['p', 'q', 'r'])];
    const b = fromBrushSpec({ a: [[2, 4]], k: [['q', 'r']] }, cols);
    const back = toBrushSpec(b, cols);
    expect((back.a[0] as number[]).map((v) => +v.toFixed(6))).toEqual([2, 4]);
    expect(back.k).toEqual([['q', 'r']]);
    expect(toLineRanges(b, cols).find((r) => r.column == 1)).toEqual({ column: 1, lo: 1 / 3, hi: 1 });
    const r0 = toLineRanges(b, cols).find((r) => r.column == 0)!;
    expect(r0.lo).toBeCloseTo(0.2, 5);
    expect(r0.hi).toBeCloseTo(0.4, 5);
    expect(mergeRanges([[0.5, 0.7], [0.1, 0.2], [0.6, 0.9]])).toEqual([[0.1, 0.2], [0.5, 0.9]]);
    expect(() => fromBrushSpec({ nope: [[0, 1]] }, cols)).toThrow(expect.objectContaining({ code: 'option', argument: 'options.brushes.nope' }));
    expect(() => fromBrushSpec({ k: [['zz']] }, cols)).toThrow(expect.objectContaining({ argument: 'options.brushes.k' }));
  });
});

describe('brush edges in data units (Float32Array and Float64Array input) against brute force', () => {
  /** The float32 / float64 neighbours of x (the values a float32 or float64 column can hold next to a brush edge). */
  function near32(x: number): number[] {
    const f = new Float32Array(1);
    const u = new Uint32Array(f.buffer);
    f[0] = x;
    const out: number[] = [];
    for (let k = -3; k <= 3; k++) {
      const v = new Float32Array(new Uint32Array([u[0] + k]).buffer)[0];
      out.push(v);
    }
    return out;
  }
  function near64(x: number): number[] {
    const f = new Float64Array(1);
    const u = new BigInt64Array(f.buffer);
    f[0] = x;
    const out: number[] = [];
    for (let k = -3n; k <= 3n; k++) out.push(new Float64Array(new BigInt64Array([u[0] + k]).buffer)[0]);
    return out;
  }
  function rand(seed: number) {
    let a = seed;
    return () => ((a = (a * 1103515245 + 12345) % 2147483648) / 2147483648);
  }
  for (const kind of ['float32', 'float64'] as const) {
    it(`selects exactly the rows whose ${kind} values lie in the reported range (edges included)`, () => {
      const r = rand(kind == 'float32' ? 11 : 12);
      const edges = [0.2, 0.5, 1 / 3, 0.7000001, -1.25, 3.3];
      const near = kind == 'float32' ? near32 : near64;
      const list: number[] = [-3.7, 12.1]; // the domain: normalising divides by 15.8, so edges round in float32
      for (const e of edges) list.push(...near(e));
      for (let i = 0; i < 20000; i++) list.push(-3.7 + r() * 15.8);
      const n = list.length;
      const A = kind == 'float32' ? Float32Array.from(list) : Float64Array.from(list);
      const bl = list.map((_, i) => ((i * 7919) % 101) / 10);
      const B = kind == 'float32' ? Float32Array.from(bl) : Float64Array.from(bl);
      const cols = [col('a', A), col('b', B)];
      const specs: Array<Record<string, Array<[number, number]>>> = [
        { a: [[0.2, 0.5]] },
        { a: [[1 / 3, 3.3]], b: [[2, 7]] },
        { a: [[-1.25, 0.2], [0.5, 0.7000001]] },
        { a: [[-10, 0.5]], b: [[0, 100]] },
      ];
      // one stateful filter over every spec in turn (the incremental path), and a fresh one per spec
      const inc = createBrushFilter();
      const pass = new Uint8Array(n);
      for (const spec of specs) {
        const brushes = fromBrushSpec(spec, cols);
        // the brushes reported are the values given (clamped to the axis's domain)
        const back = toBrushSpec(brushes, cols);
        for (const name in spec) {
          const dom = cols.find((c) => c.name == name)!.domain;
          expect(back[name]).toEqual(spec[name].map(([lo, hi]) => [Math.max(lo, dom[0]), Math.min(hi, dom[1])]));
        }
        const inside = (name: 'a' | 'b', x: number) => !spec[name] || (back[name] as Array<[number, number]>).some(([lo, hi]) => x >= lo && x <= hi);
        const want = Array.from({ length: n }, (_, i) => (inside('a', A[i]) && inside('b', B[i]) ? 1 : 0));
        expect(Array.from(filterBrushed(cols, brushes, null, n))).toEqual(want);
        inc.update(cols, brushes, null, n, pass);
        expect(Array.from(pass)).toEqual(want);
        // the edge rows themselves: the value equal to an edge passes, its neighbours on the outside do not
        if (spec.a[0][0] == 0.2 && spec.a.length == 1) {
          const at = (kind == 'float32' ? Math.fround(0.2) : 0.2) >= 0.2;
          const i = list.indexOf(kind == 'float32' ? Math.fround(0.2) : 0.2, 2);
          expect(pass[i]).toBe(at ? 1 : 0);
        }
      }
    });
  }
});
