// Assertions on the typed errors tensorlens throws.
import { expect } from 'vitest';
import { TensorLensError } from '@tensorlens/core';

/** The code and argument a {@link TensorLensError} must carry. */
export interface ExpectedError {
  code: string;
  argument: string;
}

function expected(codeOrError: string | ExpectedError, argument?: string): ExpectedError {
  return typeof codeOrError === 'string' ? { code: codeOrError, argument: argument! } : codeOrError;
}

/**
 * Asserts that `fn` throws a TensorLensError with this code and argument (and non-empty `expected` and
 * `received`), and returns it. Either `expectError(fn, 'option', 'options.size')` or
 * `expectError(fn, { code: 'option', argument: 'options.size' })`.
 */
export function expectError(fn: () => unknown, code: string, argument: string): TensorLensError;
export function expectError(fn: () => unknown, error: ExpectedError): TensorLensError;
export function expectError(fn: () => unknown, codeOrError: string | ExpectedError, argument?: string): TensorLensError {
  const want = expected(codeOrError, argument);
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(TensorLensError);
  const error = thrown as TensorLensError;
  expect({ code: error.code, argument: error.argument }).toEqual(want);
  expect(error.expected).toBeTruthy();
  expect(error.received).toBeTruthy();
  return error;
}

/** The same for a promise that must reject. */
export async function expectRejection(promise: Promise<unknown>, code: string, argument: string): Promise<TensorLensError>;
export async function expectRejection(promise: Promise<unknown>, error: ExpectedError): Promise<TensorLensError>;
export async function expectRejection(promise: Promise<unknown>, codeOrError: string | ExpectedError, argument?: string): Promise<TensorLensError> {
  const want = expected(codeOrError, argument);
  let thrown: unknown;
  try {
    await promise;
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(TensorLensError);
  const error = thrown as TensorLensError;
  expect({ code: error.code, argument: error.argument }).toEqual(want);
  return error;
}
