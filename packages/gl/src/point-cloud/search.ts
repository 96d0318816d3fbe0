// Search over a metadata column: a substring (case-insensitive) or a regular expression. A user's pattern
// "/…/flags" goes through the RegExp constructor; an invalid one is a TensorLensError. Matching runs in
// chunks that yield to the page, and can be cancelled.
import { fail } from '@tensorlens/core';

/** A predicate on text from a search option (null: no search). */
export function searchMatcher(search: string | RegExp | null | undefined): ((s: string) => boolean) | null {
  if (search == null || search === '') return null;
  if (search instanceof RegExp) {
    const re = new RegExp(search.source, search.flags.replace(/[gy]/g, ''));
    return (s) => re.test(s);
  }
  if (typeof search !== 'string') throw fail('type', 'options.search', 'a string, a RegExp or null', search);
  const m = /^\/(.*)\/([a-z]*)$/s.exec(search);
  if (m) {
    let re: RegExp;
    try {
      re = new RegExp(m[1], m[2].replace(/[gy]/g, ''));
    } catch (e) {
      throw fail('option', 'options.search', 'a valid regular expression', search, (e as Error).message);
    }
    return (s) => re.test(s);
  }
  const needle = search.toLowerCase();
  return (s) => s.toLowerCase().includes(needle);
}

/** Rows whose text matches, as a 0/1 mask, computed `chunk` rows at a time; null when cancelled. */
export async function runSearch(column: ArrayLike<unknown>, match: (s: string) => boolean, cancelled: () => boolean, chunk = 50_000): Promise<{ mask: Uint8Array; count: number } | null> {
  const n = column.length;
  const mask = new Uint8Array(n);
  let count = 0;
  for (let i0 = 0; i0 < n; i0 += chunk) {
    if (i0) await new Promise((r) => setTimeout(r, 0));
    if (cancelled()) return null;
    for (let i = i0, e = Math.min(n, i0 + chunk); i < e; i++) {
      const v = column[i];
      if (match(v == null ? '' : String(v))) {
        mask[i] = 1;
        count++;
      }
    }
  }
  return { mask, count };
}
