import { describe, expect, it } from 'vitest';
import { hasColumn, resolveChannel, toTable, type ColumnTable } from '../src/index';
import { expectError } from '../../../test/support';

const table = toTable({ label: ['cat', 'dog', 'cat'], score: [0.1, 0.5, 0.9] }, { name: 'data' });

describe('resolveChannel(channel, data, argument, length?)', () => {
  it('null and undefined are no channel', () => {
    expect(resolveChannel(null, table, 'options.color')).toBeNull();
    expect(resolveChannel(undefined, table, 'options.color')).toBeNull();
  });

  it('a column name gives that column of data (the same array, not a copy)', () => {
    expect(resolveChannel('label', table, 'options.color')).toBe(table.columns.label);
    expect(Array.from(resolveChannel('score', table, 'options.size') as Float64Array)).toEqual([0.1, 0.5, 0.9]);
  });

  it('an unknown column name is an option error naming the channel and listing the columns', () => {
    const error = expectError(() => resolveChannel('lable', table, 'options.color'), 'option', 'options.color');
    expect(error.expected).toContain("'label'");
    expect(error.expected).toContain("'score'");
    expect(error.received).toBe('lable');
  });

  it('a long column list is cut after 12 names', () => {
    const wide = toTable(Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`c${i}`, [i]])), { name: 'data' });
    const error = expectError(() => resolveChannel('nope', wide, 'options.x'), 'option', 'options.x');
    expect(error.expected).toContain("'c11'");
    expect(error.expected).not.toContain("'c12'");
    expect(error.expected).toContain('…');
  });

  it('a column name with no data table is an option error that says so', () => {
    const error = expectError(() => resolveChannel('label', null, 'options.color'), 'option', 'options.color');
    expect(error.expected).toContain('no data table');
  });

  it('an array of numbers becomes a Float64Array, an array of strings stays strings', () => {
    const numbers = resolveChannel([3, 1, 2], table, 'options.size');
    expect(numbers).toBeInstanceOf(Float64Array);
    expect(Array.from(numbers as Float64Array)).toEqual([3, 1, 2]);
    expect(resolveChannel(['a', 'b', 'c'], table, 'options.label')).toEqual(['a', 'b', 'c']);
  });

  it('a typed array is kept as it is (no copy)', () => {
    const values = new Float32Array([1, 2, 3]);
    expect(resolveChannel(values, table, 'options.x')).toBe(values);
    const codes = new Uint8Array([0, 1, 0]);
    expect(resolveChannel(codes, table, 'options.color')).toBe(codes);
  });

  it('an array of the wrong length is a length error naming the channel', () => {
    const error = expectError(() => resolveChannel([1, 2], table, 'options.x'), 'length', 'options.x');
    expect(error.expected).toBe('3 values (one per row)');
    expect(error.received).toBe('2');
    // an explicit length wins over the table's row count, also with no table
    expect(resolveChannel([1, 2], table, 'options.x', 2)).toHaveLength(2);
    expectError(() => resolveChannel([1, 2, 3], null, 'options.x', 4), 'length', 'options.x');
    expect(resolveChannel([1, 2, 3], null, 'options.x')).toHaveLength(3);
  });

  it('mixed or unsupported values are errors naming the element', () => {
    expectError(() => resolveChannel([1, 'b', 3] as unknown as number[], table, 'options.x'), 'dtype', 'options.x[1]');
    expectError(() => resolveChannel(42 as unknown as number[], table, 'options.x'), 'type', 'options.x');
  });

  it("names of Object.prototype ('__proto__', 'constructor', 'toString') are not columns of a table that lacks them", () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
      expect(hasColumn(table, name)).toBe(false);
      expectError(() => resolveChannel(name, table, 'options.color'), 'option', 'options.color');
    }
  });

  it('… and are found when they are real own columns', () => {
    const tricky = toTable({ constructor: [1, 2], toString: ['a', 'b'] }, { name: 'data' });
    expect(hasColumn(tricky, 'constructor')).toBe(true);
    expect(Array.from(resolveChannel('constructor', tricky, 'options.x') as Float64Array)).toEqual([1, 2]);
    expect(resolveChannel('toString', tricky, 'options.label')).toEqual(['a', 'b']);
    // a column really named '__proto__' (an own property, as a null-prototype record or JSON.parse makes it)
    const columns: ColumnTable['columns'] = Object.create(null);
    columns['__proto__'] = Float64Array.of(7, 8);
    const protoTable: ColumnTable = { length: 2, names: ['__proto__'], columns };
    expect(hasColumn(protoTable, '__proto__')).toBe(true);
    expect(Array.from(resolveChannel('__proto__', protoTable, 'options.x') as Float64Array)).toEqual([7, 8]);
  });

  it('hasColumn is false with no table', () => {
    expect(hasColumn(null, 'label')).toBe(false);
    expect(hasColumn(undefined, 'label')).toBe(false);
  });
});
