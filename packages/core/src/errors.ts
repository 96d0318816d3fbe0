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
  | 'webgl' // WebGL is unavailable
  | 'csp'; // the page's Content-Security-Policy forbids what a component needs (the argument names the directive)

/**
 * The one error class tensorlens throws for bad input. It names the argument,
 * what was expected and what was received, so a user can fix the call.
 */
export class TensorLensError extends Error {
  override readonly name = 'TensorLensError' as const;
  /** What kind of bad input was found. */
  readonly code: TensorLensErrorCode;
  /** The argument (or option path) that was wrong, e.g. `yPred` or `options.normalize`. */
  readonly argument: string;
  /** What a good value looks like, e.g. `'row' | 'column' | 'none'`. */
  readonly expected: string;
  /** A short description of what was given (see {@link describe}). */
  readonly received: string;

  constructor(code: TensorLensErrorCode, argument: string, expected: string, received: string, detail?: string) {
    super(`${argument}: expected ${expected}, received ${received}${detail ? ` (${detail})` : ''}`);
    this.code = code;
    this.argument = argument;
    this.expected = expected;
    this.received = received;
  }
}

/** Strings longer than this are cut in {@link describe}. */
const DESCRIBED_STRING_LENGTH = 40;

/**
 * A short, human description of a value for error messages (never the whole value): a quoted string (cut at
 * 40 characters), a number, `null`, `Float32Array(5)`, `Array(3)`, `Tensor of shape [2,3]`, `Object`.
 */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > DESCRIBED_STRING_LENGTH ? value.slice(0, DESCRIBED_STRING_LENGTH) + '…' : value);
  if (typeof value === 'function') return 'function';
  if (!value || typeof value !== 'object') return String(value);
  const object = value as { length?: unknown; shape?: unknown; constructor?: { name?: string } };
  // A null-prototype object has no constructor.
  const kind = (typeof object.constructor === 'function' && object.constructor.name) || 'Object';
  if (typeof object.length === 'number' && object.length >= 0) return `${kind}(${object.length})`;
  if (Array.isArray(object.shape)) return `${kind} of shape [${object.shape.join(',')}]`;
  return kind;
}

/** Creates a {@link TensorLensError}, describing `received` with {@link describe} unless it is already a string. */
export function fail(code: TensorLensErrorCode, argument: string, expected: string, received: unknown, detail?: string): TensorLensError {
  return new TensorLensError(code, argument, expected, typeof received === 'string' ? received : describe(received), detail);
}
