// One console line per page for a condition a user should know about but that is not an error (a slower fallback).

/** The keys already warned about, on globalThis so that every tensorlens copy on a page (each script file bundles its own core) says it once. */
const WARNED_KEY = Symbol.for('tensorlens.warned');

/**
 * Writes `message` to the console (`console.warn`, prefixed `tensorlens: `) the first time `key` is seen on this
 * page; later calls with the same key write nothing. Returns true when it wrote.
 */
export function warnOnce(key: string, message: string): boolean {
  const scope = globalThis as unknown as Record<symbol, Set<string> | undefined>;
  const warned = (scope[WARNED_KEY] ??= new Set());
  if (warned.has(key)) return false;
  warned.add(key);
  console.warn(`tensorlens: ${message}`);
  return true;
}
