// Shared helpers for benchmark pages (run by test/bench/run.mjs in headless Chromium).

export interface BenchRecord {
  bench: string;
  n: number;
  ours_ms: number;
  peer: string | null;
  peer_ms: number | null;
  ratio: number | null;
  [extra: string]: unknown;
}

declare global {
  interface Window {
    __emit(rec: BenchRecord): Promise<void>;
    __benchDone?: true | string;
    /** Set by run.mjs for suites with a peer script (scripts/bench-sklearn-projections.py): its JSON, or why not. */
    __peer?: () => Promise<unknown>;
    /** The BENCH_* environment variables of `npm run bench` (e.g. BENCH_SIZES). */
    __benchEnv?: () => Promise<Record<string, string>>;
  }
}

export function emit(rec: BenchRecord): Promise<void> {
  return window.__emit(rec);
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Throws unless `values` (what `what` names, e.g. "projections/umap positions") has exactly `length` entries and
 * every one is finite: a benchmark never reports the time of a blank or wrong-sized result.
 */
export function checkOutput(what: string, values: ArrayLike<number>, length: number): void {
  if (values.length !== length) throw new Error(`${what}: expected ${length} values, got ${values.length}`);
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new Error(`${what}: value ${i} of ${length} is ${values[i]}, expected every value finite`);
  }
}

/**
 * What run.mjs's peer script printed for this suite (parsed JSON), or `{ error }` saying why there is none (no
 * python3, no scikit-learn, the script failed). Null where run.mjs runs no peer for the suite.
 */
export async function peerFigures<T>(): Promise<T | { error: string } | null> {
  return window.__peer ? ((await window.__peer()) as T | { error: string }) : null;
}

/** The BENCH_* environment variables `npm run bench` was started with (e.g. BENCH_SIZES=2000,10000). */
export async function benchEnv(): Promise<Record<string, string>> {
  return window.__benchEnv ? await window.__benchEnv() : {};
}

/**
 * Watches the main thread while a job runs: the longest interval between animation frames (`gap_ms`; ~17 ms when
 * nothing blocks, and what a user sees as a frozen page) and the longest task the browser reported as a long task
 * (`longtask_ms`, over 50 ms; 0 when none). Call `stop()` when the job's promise resolved.
 */
export function watchMainThread(): { stop(): { gap_ms: number; longtask_ms: number } } {
  let gap = 0;
  let last = performance.now();
  let running = true;
  const tick = (t: number) => {
    if (!running) return;
    gap = Math.max(gap, t - last);
    last = t;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame((t) => {
    last = t;
    requestAnimationFrame(tick);
  });
  let longtask = 0;
  let observer: PerformanceObserver | null = null;
  try {
    observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) longtask = Math.max(longtask, e.duration);
    });
    observer.observe({ type: 'longtask', buffered: false });
  } catch {
    observer = null; // no long-task timing in this browser: longtask_ms stays 0
  }
  return {
    stop() {
      running = false;
      // the interval from the last frame to now counts too (a job that blocked until it resolved)
      gap = Math.max(gap, performance.now() - last);
      if (observer) {
        for (const e of observer.takeRecords()) longtask = Math.max(longtask, e.duration);
        observer.disconnect();
      }
      return { gap_ms: round(gap, 1), longtask_ms: round(longtask, 1) };
    },
  };
}

export const round = (x: number, d = 2): number => Math.round(x * 10 ** d) / 10 ** d;

/** Mulberry32: a small seeded PRNG, so every run benchmarks the same data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function run(main: () => Promise<void>): void {
  main().then(
    () => (window.__benchDone = true),
    (e: unknown) => (window.__benchDone = e instanceof Error ? `${e.message}\n${e.stack}` : String(e)),
  );
}
