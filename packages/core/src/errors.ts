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
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name} of length ${(value as unknown as ArrayLike<number>).length}`;
  if (typeof value === 'object') {
    const shape = (value as { shape?: unknown }).shape;
    if (Array.isArray(shape)) return `an object of shape [${shape.join(', ')}]`;
    return `an object (${value.constructor?.name ?? 'Object'})`;
  }
  return typeof value;
}

/** Creates a {@link TensorLensError}, describing `received` with {@link describe} unless it is already a string. */
export function fail(code: TensorLensErrorCode, argument: string, expected: string, received: unknown, detail?: string): TensorLensError {
  return new TensorLensError(code, argument, expected, typeof received == 'string' ? received : describe(received), detail);
}
