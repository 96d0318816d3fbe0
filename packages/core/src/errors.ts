/** What kind of bad input was found. */
export type TensorLensErrorCode =
  | 'type' // the argument is not of an accepted kind
  | 'shape' // wrong rank or dimensions
  | 'length' // lengths of related arguments differ
  | 'nan' // NaN or ±Infinity where finite numbers are needed
  | 'empty' // no rows / no elements
  | 'dtype' // wrong element type
  | 'unknown-class' // a label outside the declared class list
  | 'range' // a number outside its allowed range
  | 'parse' // CSV/JSON text that could not be parsed
  | 'option' // an unknown or invalid option value
  | 'destroyed' // the component was used after destroy()
  | 'webgl'; // WebGL is unavailable

/**
 * The one error class tensorlens throws for bad input. It names the argument,
 * what was expected and what was received, so a user can fix the call.
 */
export class TensorLensError extends Error {
  override readonly name = 'TensorLensError';
  readonly code: TensorLensErrorCode;
  /** The argument (or option path) that was wrong, e.g. `yPred` or `options.normalize`. */
  readonly argument: string;
  readonly expected: string;
  readonly received: string;

  constructor(code: TensorLensErrorCode, argument: string, expected: string, received: string, detail?: string) {
    super(`${argument}: expected ${expected}, received ${received}${detail ? ` (${detail})` : ''}`);
    this.code = code;
    this.argument = argument;
    this.expected = expected;
    this.received = received;
  }
}

/** A short, human description of a value for error messages (never the whole value). */
export function describe(value: unknown): string {
  const v = value as { length: number; shape?: unknown; constructor?: { name: string } };
  const t = typeof value;
  return value === null
    ? 'null'
    : t == 'string'
      ? JSON.stringify(v.length > 40 ? (value as string).slice(0, 40) + '…' : value)
      : t != 'object'
        ? t == 'function'
          ? t
          : String(value)
        : Array.isArray(value)
          ? `an array of length ${v.length}`
          : ArrayBuffer.isView(value)
            ? `a ${v.constructor!.name} of length ${v.length}`
            : Array.isArray(v.shape)
              ? `an object of shape [${v.shape.join(', ')}]`
              : `an object (${v.constructor?.name ?? 'Object'})`;
}

/** Creates a {@link TensorLensError}, describing `received` with {@link describe} unless it is already a string. */
export function fail(code: TensorLensErrorCode, argument: string, expected: string, received: unknown, detail?: string): TensorLensError {
  return new TensorLensError(code, argument, expected, typeof received == 'string' ? received : describe(received), detail);
}
