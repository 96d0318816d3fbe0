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
  // Fields are assigned in the constructor (no class-field initialisers: they cost bytes when down-levelled).
  declare readonly name: 'TensorLensError';
  declare readonly code: TensorLensErrorCode;
  /** The argument (or option path) that was wrong, e.g. `yPred` or `options.normalize`. */
  declare readonly argument: string;
  declare readonly expected: string;
  declare readonly received: string;

  constructor(code: TensorLensErrorCode, argument: string, expected: string, received: string, detail?: string) {
    super(`${argument}: expected ${expected}, received ${received}${detail ? ` (${detail})` : ''}`);
    Object.assign(this, { name: 'TensorLensError', code, argument, expected, received });
  }
}

/**
 * A short, human description of a value for error messages (never the whole value): a quoted string (cut at
 * 40 characters), a number, `null`, `Float32Array(5)`, `Array(3)`, `Tensor of shape [2,3]`, `Object`.
 */
export function describe(value: unknown): string {
  const v = value as { length: number; shape?: unknown; constructor?: { name: string } };
  const t = typeof value;
  return t == 'string'
    ? JSON.stringify(v.length > 40 ? (value as string).slice(0, 40) + '…' : value)
    : t == 'function'
      ? t
      : !value || t != 'object'
        ? String(value)
        : (v.constructor?.name ?? 'Object') + (v.length >= 0 ? `(${v.length})` : Array.isArray(v.shape) ? ` of shape [${v.shape}]` : '');
}

/** Creates a {@link TensorLensError}, describing `received` with {@link describe} unless it is already a string. */
export function fail(code: TensorLensErrorCode, argument: string, expected: string, received: unknown, detail?: string): TensorLensError {
  return new TensorLensError(code, argument, expected, typeof received == 'string' ? received : describe(received), detail);
}
