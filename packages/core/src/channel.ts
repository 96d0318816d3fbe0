// Channels, as Observable Plot has them: an encoding (x, y, z, color, size, label…) is given either as the name of
// a column of the component's `data` or as an array of values, one per row. One function resolves both, so
// every component reads its channels the same way and reports the same errors.
import { fail } from './errors';
import { toColumn, type Column, type ColumnTable } from './column';

/** A channel: the name of a column of `data`, or the values themselves (one per row). */
export type ChannelValue = string | ArrayLike<number> | ArrayLike<string>;

/** Whether `data` has a column called `name` (own columns only: never a property inherited from Object). */
export function hasColumn(data: ColumnTable | null | undefined, name: string): boolean {
  return !!data && Object.prototype.hasOwnProperty.call(data.columns, name);
}

/**
 * Resolves a channel: `null`/`undefined` → `null`; a string → that column of `data` (an 'option' error listing the
 * columns when there is none by that name); an array → a {@link Column} (a TypedArray kept as is, numbers as a
 * Float64Array, strings as strings). The column's length must be `length` (default: the table's row count), or a
 * 'length' error names the channel.
 *
 * ```ts
 * const color = resolveChannel(options.color, table, 'options.color'); // 'label' or ['cat', 'dog', …]
 * ```
 */
export function resolveChannel(channel: ChannelValue | null | undefined, data: ColumnTable | null | undefined, argument: string, length?: number): Column | null {
  if (channel === null || channel === undefined) return null;
  let column: Column;
  if (typeof channel === 'string') {
    if (!hasColumn(data, channel)) {
      const names = data?.names ?? [];
      const expected = names.length ? `a column of data (${names.slice(0, 12).map((n) => `'${n}'`).join(', ')}${names.length > 12 ? ', …' : ''}) or an array` : 'an array of values (there is no data table to name a column of)';
      throw fail('option', argument, expected, channel);
    }
    column = data!.columns[channel];
  } else {
    column = toColumn(channel as ArrayLike<unknown>, argument);
  }
  const n = length ?? data?.length;
  if (n !== undefined && column.length !== n) throw fail('length', argument, `${n} values (one per row)`, `${column.length}`);
  return column;
}
