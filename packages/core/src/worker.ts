// Starting a Web Worker where a page may refuse it. The published builds carry their workers inside as blob: URLs;
// a Content-Security-Policy without `worker-src blob:` (or, without worker-src, `script-src blob:`) refuses them —
// some browsers by throwing a SecurityError from `new Worker`, Chromium by an `error` event on the worker that never
// ran. Callers then run the same computation on the main thread; this module detects the refusal and says so once.
import { warnOnce } from './warn-once';

/** Options of {@link startWorker}. */
export interface StartWorkerOptions {
  /** What the worker computes, for the console line: e.g. `'projections'`, `"the point cloud's hover and lasso index"`. */
  what: string;
  /**
   * Called once, asynchronously, when a started worker turns out refused (an `error` event before its first
   * message); the worker is terminated by then, and the event does not reach the worker's own error handlers.
   */
  onRefused?: () => void;
}

/** The console line of a computation that runs on the main thread because no worker could start. */
export function workerFallbackMessage(what: string): string {
  return (
    `the browser refused a Web Worker for ${what}, so that work runs on the main thread (slower, and the page can pause): ` +
    "allow workers from blob: URLs in the page's Content-Security-Policy (worker-src blob:)."
  );
}

/** Says once per page (per `what`) that `what` runs on the main thread. */
export function warnWorkerFallback(what: string): void {
  warnOnce(`worker:${what}`, workerFallbackMessage(what));
}

/** True for the error a browser throws from `new Worker` when the page's policy refuses the script. */
function isRefusal(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'SecurityError';
}

/**
 * Starts a Web Worker with `create`, watching for a refusal by the page's Content-Security-Policy. Returns null
 * where none can start: no `Worker` here (Node), or `new Worker` threw a SecurityError. A worker that starts
 * but fires `error` before its first message never ran its script: it is terminated, and `onRefused` is called
 * (the caller falls back to the main thread). Either refusal writes one console line per page naming
 * `worker-src blob:`. Any other error from `create` is thrown. The worker's `terminate()` also removes the watch.
 *
 * ```ts
 * const worker = startWorker(() => new Worker(url, { type: 'module' }), { what: 'projections', onRefused: runHere });
 * if (!worker) return runHere();
 * ```
 */
export function startWorker(create: () => Worker, options: StartWorkerOptions): Worker | null {
  if (typeof Worker === 'undefined') return null;
  let worker: Worker;
  try {
    worker = create();
  } catch (error) {
    if (!isRefusal(error)) throw error;
    warnWorkerFallback(options.what);
    return null;
  }
  const started = () => {
    worker.removeEventListener('message', started);
    worker.removeEventListener('error', refused);
  };
  const refused = (event: Event) => {
    started();
    // Registered before the caller's handlers: they never see the refusal.
    event.stopImmediatePropagation();
    event.preventDefault();
    worker.terminate();
    warnWorkerFallback(options.what);
    options.onRefused?.();
  };
  worker.addEventListener('message', started);
  worker.addEventListener('error', refused);
  // A caller may terminate the worker before its first message (a component destroyed at once): the watch's
  // listeners go with it, so nothing of ours stays attached to a dead worker.
  const terminate = worker.terminate.bind(worker);
  worker.terminate = () => {
    started();
    terminate();
  };
  return worker;
}
