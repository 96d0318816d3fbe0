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
