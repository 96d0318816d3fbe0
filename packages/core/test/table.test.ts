import { describe, it, expect } from 'vitest';
import { Table, tableFromArrays, tableFromIPC, tableToIPC, vectorFromArray } from 'apache-arrow';
import { parseCSV, parseJSON, toTable, isArrowTable, fromArrow, toColumn, makeTable } from '../src/index';
import { expectError } from '../../../test/support';

describe('parseCSV(text)', () => {
  it('reads the header row and detects numeric columns as Float64Array', () => {
    const t = parseCSV('label,score,n\ncat,0.5,1\ndog,1e-3,-2\n');
    expect(t.names).toEqual(['label', 'score', 'n']);
    expect(t.length).toBe(2);
    expect(t.columns.label).toEqual(['cat', 'dog']);
    expect(t.columns.score).toBeInstanceOf(Float64Array);
    expect([...t.columns.score]).toEqual([0.5, 0.001]);
    expect([...t.columns.n]).toEqual([1, -2]);
  });

  it('follows RFC 4180: quoted fields hold separators, newlines and doubled quotes', () => {
    const t = parseCSV('a,b\r\n"x, y","say ""hi"""\r\n"line1\nline2",2\r\n');
    expect(t.columns.a).toEqual(['x, y', 'line1\nline2']);
    expect(t.columns.b).toEqual(['say "hi"', '2']);
  });

  it('accepts CRLF, a missing final newline, a byte order mark and blank lines', () => {
    const t = parseCSV('\ufeffx,y\r\n1,2\r\n\r\n3,4');
    expect(t.names).toEqual(['x', 'y']);
    expect([...t.columns.x]).toEqual([1, 3]);
    expect([...t.columns.y]).toEqual([2, 4]);
  });

  it('reads empty cells of numeric columns as NaN', () => {
    const t = parseCSV('x,y\n1,\n,2\n');
    expect([...t.columns.x]).toEqual([1, NaN]);
    expect([...t.columns.y]).toEqual([NaN, 2]);
  });

  it('reads a trailing empty field', () => {
    expect(parseCSV('a,b\n1,').columns.b).toEqual(['']);
  });

  it('reads inf, -Infinity and nan as numbers', () => {
    expect([...parseCSV('x\ninf\n-Infinity\nnan\n2.5').columns.x]).toEqual([Infinity, -Infinity, NaN, 2.5]);
  });

  it('keeps a column with any non-numeric cell, or no values, as strings', () => {
    const t = parseCSV('x,y\n1,\n0x10,\n');
    expect(t.columns.x).toEqual(['1', '0x10']);
    expect(t.columns.y).toEqual(['', '']);
  });

  it('reads TSV with delimiter "\\t", and detects it from a header with tabs and no commas', () => {
    const text = 'a\tb\n1\t2,5\n';
    expect(parseCSV(text, { delimiter: '\t' }).columns.b).toEqual(['2,5']);
    expect(parseCSV(text).columns.b).toEqual(['2,5']);
    expect([...parseCSV('a;b\n1;2', { delimiter: ';' }).columns.b]).toEqual([2]);
  });

  it('makes repeated header names unique', () => {
    expect(parseCSV('a,a\n1,2').names).toEqual(['a', 'a_']);
  });

  it("throws 'parse' for rows of the wrong length, an open quote and text after a closing quote", () => {
    const e = expectError(() => parseCSV('a,b\n1,2\n3\n', { name: 'csv' }), 'parse', 'csv');
    expect(e.received).toBe('1 on row 3');
    expect(e.expected).toMatch(/2 fields/);
    expectError(() => parseCSV('a\n"open'), 'parse', 'text');
    expectError(() => parseCSV('a\n"x"y\n'), 'parse', 'text');
  });

  it("throws 'empty' for empty text and 'type' for non-text", () => {
    expectError(() => parseCSV(''), 'empty', 'text');
    expectError(() => parseCSV(5 as unknown as string, { name: 'f' }), 'type', 'f');
  });
});

describe('parseJSON(text)', () => {
  it('reads an array of records', () => {
    const t = parseJSON('[{"a":1,"b":"x"},{"a":2,"b":"y","c":true}]');
    expect(t.names).toEqual(['a', 'b', 'c']);
    expect([...t.columns.a]).toEqual([1, 2]);
    expect(t.columns.b).toEqual(['x', 'y']);
    expect([...t.columns.c]).toEqual([NaN, 1]);
  });
  it('reads an object of columns', () => {
    const t = parseJSON('{"a":[1,null],"s":["p",null]}');
    expect([...t.columns.a]).toEqual([1, NaN]);
    expect(t.columns.s).toEqual(['p', '']);
  });
  it("throws 'parse' for invalid JSON and 'type' for other values", () => {
    expectError(() => parseJSON('[1,', 'data'), 'parse', 'data');
    expectError(() => parseJSON('42', 'data'), 'type', 'data');
    expectError(() => parseJSON('[1]', 'data'), 'type', 'data[0]');
  });
});

describe('toTable(input, options)', () => {
  it('keeps TypedArray and string columns without copying', () => {
    const x = new Float32Array([1, 2]);
    const s = ['a', 'b'];
    const t = toTable({ x, s }, { name: 'data' });
    expect(t.columns.x).toBe(x);
    expect(t.columns.s).toBe(s);
    expect(t.length).toBe(2);
  });
  it('converts number arrays to Float64Array and booleans to 0/1', () => {
    const t = toTable({ x: [1, 2], b: [true, false] }, { name: 'data' });
    expect(t.columns.x).toBeInstanceOf(Float64Array);
    expect([...t.columns.b]).toEqual([1, 0]);
  });
  it('reads arrays of records, CSV, TSV and JSON text', () => {
    expect(toTable([{ a: 1 }, { a: 2 }], { name: 'd' }).columns.a).toEqual(new Float64Array([1, 2]));
    expect([...toTable('a,b\n1,2', { name: 'd' }).columns.b]).toEqual([2]);
    expect([...toTable('a\tb\n1\t2', { name: 'd', format: 'tsv' }).columns.b]).toEqual([2]);
    expect([...toTable(' [{"a":3}]', { name: 'd' }).columns.a]).toEqual([3]);
    expect(toTable('{"a":["x"]}', { name: 'd', format: 'json' }).columns.a).toEqual(['x']);
  });
  it('passes a ColumnTable through', () => {
    const t = parseCSV('a\n1');
    expect(toTable(t, { name: 'd' }).columns.a).toBe(t.columns.a);
  });
  it("throws 'length' naming the column whose length differs", () => {
    const e = expectError(() => toTable({ a: [1, 2], b: [1] }, { name: 'data' }), 'length', 'data.b');
    expect(e.expected).toMatch(/2 rows/);
  });
  it("throws 'nan' for empty numeric cells only when finite is asked", () => {
    const t = 'x,y\n1,2\n3,\n';
    expect(Number.isNaN(toTable(t, { name: 'csv' }).columns.y[1])).toBe(true);
    expectError(() => toTable(t, { name: 'csv', finite: true }), 'nan', 'csv.y[1]');
  });
  it("throws 'dtype' for mixed or unsupported column values", () => {
    expectError(() => toTable({ a: [1, 'x'] }, { name: 'd' }), 'dtype', 'd.a[1]');
    expectError(() => toTable({ a: [{}] }, { name: 'd' }), 'dtype', 'd.a[0]');
    expectError(() => toTable([{ a: 1 }, { a: 'x' }], { name: 'rows' }), 'dtype', 'rows.a[1]');
  });
  it("throws 'type' for non-tables and non-array columns", () => {
    expectError(() => toTable(42 as never, { name: 'd' }), 'type', 'd');
    expectError(() => toTable({ a: 5 } as never, { name: 'd' }), 'type', 'd.a');
    expectError(() => toTable([1] as never, { name: 'd' }), 'type', 'd[0]');
  });
  it("throws 'empty' for no columns or no rows", () => {
    expectError(() => toTable({}, { name: 'd' }), 'empty', 'd');
    expectError(() => toTable({ a: [] }, { name: 'd' }), 'empty', 'd');
    expectError(() => toTable('a,b\n', { name: 'd' }), 'empty', 'd');
    expectError(() => toTable([], { name: 'd' }), 'empty', 'd');
  });
});

describe('toColumn(values, name)', () => {
  it('keeps a string array without missing values, copies one with nulls', () => {
    const s = ['a'];
    expect(toColumn(s, 'c')).toBe(s);
    expect(toColumn(['a', undefined], 'c')).toEqual(['a', '']);
  });
});

describe('Apache Arrow tables', () => {
  const arrow = tableFromArrays({
    f: new Float64Array([1.5, 2.5, 3.5]),
    i: Int32Array.from([1, 2, 3]),
    s: ['a', 'b', 'c'],
  });

  it('isArrowTable recognises a real Arrow table by duck typing', () => {
    expect(isArrowTable(arrow)).toBe(true);
    expect(isArrowTable({ numRows: 1 })).toBe(false);
    expect(isArrowTable(null)).toBe(false);
  });

  it('toTable reads numeric columns as zero-copy TypedArrays and strings as string[]', () => {
    const t = toTable(arrow, { name: 't' });
    expect(t.names).toEqual(['f', 'i', 's']);
    expect(t.length).toBe(3);
    expect(t.columns.f).toBeInstanceOf(Float64Array);
    expect((t.columns.f as Float64Array).buffer).toBe((arrow.getChild('f')!.data[0].values as Float64Array).buffer);
    expect(t.columns.i).toBeInstanceOf(Int32Array);
    expect(t.columns.s).toEqual(['a', 'b', 'c']);
  });

  it('reads a table decoded from IPC bytes, with nulls as NaN / "" and 64-bit integers as Float64Array', () => {
    const src = new Table({
      x: vectorFromArray([1, null, 3]),
      s: vectorFromArray(['p', null, 'q']),
      big: vectorFromArray(new BigInt64Array([1n, 2n, 3n])),
      b: vectorFromArray([true, false, true]),
    });
    const t = fromArrow(tableFromIPC(tableToIPC(src)), 'ipc');
    expect([...t.columns.x]).toEqual([1, NaN, 3]);
    expect(t.columns.s).toEqual(['p', '', 'q']);
    expect(t.columns.big).toBeInstanceOf(Float64Array);
    expect([...t.columns.big]).toEqual([1, 2, 3]);
    expect([...t.columns.b]).toEqual([1, 0, 1]);
  });

  it("throws 'nan' for Arrow nulls when finite is asked", () => {
    expectError(() => toTable(new Table({ x: vectorFromArray([1, null]) }), { name: 'arrow', finite: true }), 'nan', 'arrow.x[1]');
  });
});

describe('one safe table reader: column names that are Object.prototype keys', () => {
  const untouched = () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeNames);
    expect((Object as unknown as Record<number, unknown>)[0]).toBeUndefined();
    expect((Object.prototype as unknown as Record<number, unknown>)[0]).toBeUndefined();
    expect(Object.prototype.toString).toBe(originalToString);
  };
  const prototypeNames = Object.getOwnPropertyNames(Object.prototype).sort();
  const originalToString = Object.prototype.toString;

  it('rejects the classic {"__proto__": {...}} payload with a typed error naming the column, Object.prototype untouched', () => {
    // Before: (cols['__proto__'] ||= [])[0] = … wrote the object into Object.prototype[0].
    expectError(() => toTable('[{"__proto__": {"polluted": 1}, "a": 1}]', { name: 'd' }), 'dtype', 'd.__proto__[0]');
    untouched();
    expect(({} as Record<number, unknown>)[0]).toBeUndefined();
  });

  it('keeps the values of "__proto__", "constructor" and "toString" keys of records', () => {
    const t = toTable(JSON.parse('[{"__proto__": 1, "constructor": "x", "toString": 3}, {"__proto__": 2, "constructor": "y", "toString": 4}]'), { name: 'rows' });
    untouched();
    expect(t.names).toEqual(['__proto__', 'constructor', 'toString']);
    expect([...t.columns['__proto__']]).toEqual([1, 2]);
    expect(t.columns['constructor']).toEqual(['x', 'y']);
    expect([...t.columns['toString']]).toEqual([3, 4]);
  });

  it('reads JSON columns named "__proto__" and "constructor"', () => {
    const t = parseJSON('{"__proto__": [1, 2], "constructor": [3, 4]}');
    untouched();
    expect(t.names).toEqual(['__proto__', 'constructor']);
    expect([...t.columns['__proto__']]).toEqual([1, 2]);
    expect([...t.columns['constructor']]).toEqual([3, 4]);
  });

  it('keeps CSV headers "__proto__", "constructor" and "toString" as columns named so, not renamed', () => {
    const t = parseCSV('__proto__,constructor,toString,hasOwnProperty\n1,a,3,x\n2,b,4,y');
    untouched();
    expect(t.names).toEqual(['__proto__', 'constructor', 'toString', 'hasOwnProperty']);
    expect([...t.columns['__proto__']]).toEqual([1, 2]);
    expect(t.columns['constructor']).toEqual(['a', 'b']);
    expect([...t.columns['toString']]).toEqual([3, 4]);
    expect(t.columns['hasOwnProperty']).toEqual(['x', 'y']);
  });

  it('has no inherited names: only real columns are "in" the columns', () => {
    const t = parseCSV('a\n1');
    expect('toString' in t.columns).toBe(false);
    expect('constructor' in t.columns).toBe(false);
    expect(Object.getPrototypeOf(t.columns)).toBeNull();
  });

  it('reads a columns record with an own "__proto__" key, and an Arrow-like table with such fields', () => {
    const cols = JSON.parse('{"__proto__": [5, 6], "b": ["u", "v"]}') as Record<string, ArrayLike<unknown>>;
    const t = makeTable(cols, 'cols');
    expect(t.names).toEqual(['__proto__', 'b']);
    expect([...t.columns['__proto__']]).toEqual([5, 6]);
    const fields = ['__proto__', 'constructor'];
    const vectors: Record<string, Float64Array> = Object.create(null);
    vectors['__proto__'] = new Float64Array([1, 2]);
    vectors['constructor'] = new Float64Array([3, 4]);
    const arrowLike = {
      numRows: 2,
      schema: { fields: fields.map((name) => ({ name })) },
      getChild: (name: string) => ({ length: 2, nullCount: 0, toArray: () => vectors[name], isValid: () => true }),
    };
    const a = toTable(arrowLike, { name: 'arrow' });
    untouched();
    expect(a.names).toEqual(fields);
    expect(a.columns['__proto__']).toBe(vectors['__proto__']);
    expect(a.columns['constructor']).toBe(vectors['constructor']);
  });

  it('does not pick up keys inherited by records (for…in would)', () => {
    const proto = { inherited: 1 };
    const row = Object.assign(Object.create(proto) as Record<string, unknown>, { own: 2 });
    expect(toTable([row], { name: 'rows' }).names).toEqual(['own']);
  });

  it('keeps column order as given, integer-like names included (CSV, records, Map)', () => {
    expect(parseCSV('2020,1999,name\n1,2,x').names).toEqual(['2020', '1999', 'name']);
    expect(toTable(new Map([['b', [1]], ['10', [2]], ['a', [3]]]), { name: 'm' }).names).toEqual(['b', '10', 'a']);
    const t = toTable({ names: ['z', 'y'], length: 1, columns: { y: ['1'], z: ['2'] } }, { name: 't' });
    expect(t.names).toEqual(['z', 'y']);
  });
});
