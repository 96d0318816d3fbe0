// Telling a Content-Security-Policy refusal from other failures. A request the page's policy refuses fails like a
// network error (fetch rejects with a bare TypeError, an image fires `error`), but the browser also reports it as a
// `securitypolicyviolation` event on the document, naming the directive and the blocked URL.

/** True when a violation's blocked URI is `url`, its scheme (`data`, `blob`) or its origin (reported for cross-origin URLs). */
function blocks(blockedURI: string, url: string): boolean {
  if (!blockedURI) return false;
  if (url === blockedURI || url.startsWith(blockedURI + ':')) return true;
  const prefix = blockedURI.endsWith('/') ? blockedURI : blockedURI + '/';
  return url.startsWith(prefix) || url + '/' === prefix;
}

/**
 * Runs `task` (which loads `url`); where it fails and the page's Content-Security-Policy reported a violation of
 * `directive` for `url` meanwhile, rejects with `refused()` instead of the task's error. Any other outcome is the
 * task's.
 */
export async function explainPolicyRefusal<T>(directive: string, url: string, task: () => Promise<T>, refused: () => Error): Promise<T> {
  const doc = typeof document === 'undefined' ? null : document;
  let seen = false;
  const onViolation = (e: SecurityPolicyViolationEvent) => {
    if ((e.effectiveDirective || e.violatedDirective).startsWith(directive) && blocks(e.blockedURI, url)) seen = true;
  };
  doc?.addEventListener('securitypolicyviolation', onViolation);
  try {
    return await task();
  } catch (error) {
    if ((error as { name?: string })?.name === 'AbortError' || !doc) throw error;
    // The violation event is dispatched in a task of its own: give it a turn.
    if (!seen) await new Promise((resolve) => setTimeout(resolve, 0));
    if (seen) throw refused();
    throw error;
  } finally {
    doc?.removeEventListener('securitypolicyviolation', onViolation);
  }
}

/** The message of a request the page's Content-Security-Policy refused. */
export function connectBlockedMessage(href: string): string {
  return `the page's Content-Security-Policy does not allow connecting to ${href} (add its origin to connect-src)`;
}

/**
 * `fetch(href, init)` (with `f`, default the global fetch) for the files components load (`src=`). Where the page's
 * Content-Security-Policy refused the request, rejects with a TypeError whose message names connect-src and the
 * URL ({@link connectBlockedMessage}); any other failure rejects as fetch does.
 */
export function fetchResource(href: string, init: RequestInit = {}, f: typeof fetch = fetch): Promise<Response> {
  return explainPolicyRefusal('connect-src', href, () => f(href, init), () => new TypeError(connectBlockedMessage(href)));
}
