// regl compiles each draw command into JavaScript at run time (with `Function`), which a Content-Security-Policy
// without script-src 'unsafe-eval' forbids. Every renderer of the package creates regl through here, so that such
// a page gets one readable error naming the directive instead of an EvalError from deep inside regl.
import createREGL from 'regl';
import { TensorLensError } from '@tensorlens/core';

/** The sentence a WebGL view shows in its container when the page forbids run-time compilation. */
export const UNSAFE_EVAL_TEXT = "This chart needs script-src 'unsafe-eval' in the page's Content-Security-Policy (regl compiles its WebGL draw calls at run time).";

let compileAllowed: boolean | null = null;

/**
 * Whether this page lets code be compiled at run time, as regl needs. Probed once per page with a constant,
 * empty function; on a page whose policy forbids it, the browser reports that probe as one violation of
 * script-src (blocked URI `eval`) — the same report regl itself would cause, once instead of once per chart.
 */
export function canCompileShaders(): boolean {
  if (compileAllowed === null) {
    try {
      // eslint-disable-next-line no-restricted-syntax -- a constant probe, never user text: is 'unsafe-eval' allowed?
      new Function('');
      compileAllowed = true;
    } catch {
      compileAllowed = false;
    }
  }
  return compileAllowed;
}

/** The error of a WebGL view on a page whose Content-Security-Policy forbids 'unsafe-eval' (code `'csp'`, argument `script-src`). */
export function unsafeEvalError(): TensorLensError {
  return new TensorLensError('csp', 'script-src', "'unsafe-eval' in the page's Content-Security-Policy", 'a policy without it', 'regl compiles its WebGL draw calls at run time');
}

/** Throws {@link unsafeEvalError} where the page forbids run-time compilation (before any WebGL context is taken). */
export function assertCanCompileShaders(): void {
  if (!canCompileShaders()) throw unsafeEvalError();
}

/** `createREGL(config)`, or {@link unsafeEvalError} (thrown before the canvas gets a context) where the page forbids 'unsafe-eval'. */
export function createRegl(config: createREGL.InitializationOptions): createREGL.Regl {
  assertCanCompileShaders();
  return createREGL(config);
}
