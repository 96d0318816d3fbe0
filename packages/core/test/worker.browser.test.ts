// startWorker in Chromium: a worker that runs, and one refused by a real Content-Security-Policy (an iframe whose
// policy has no worker-src blob:; Chromium answers with an error event, not a throw).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startWorker, warnOnce, workerFallbackMessage } from '../src/index';
import { frameWithPolicy } from '../../../test/support';

const cleanup: Array<() => void> = [];
afterEach(() => {
  cleanup.splice(0).forEach((f) => f());
  vi.restoreAllMocks();
});

const ECHO = 'onmessage = (e) => postMessage(e.data * 2);';

/** A blob: URL of `code` (how the published builds carry their workers). */
function blobUrl(code: string, win: Window & typeof globalThis = window): string {
  const url = win.URL.createObjectURL(new win.Blob([code], { type: 'text/javascript' }));
  cleanup.push(() => win.URL.revokeObjectURL(url));
  return url;
}

/** The window of an iframe under `csp`, removed after the test. */
async function frameUnder(csp: string): Promise<Window & typeof globalThis> {
  const { frame, win } = await frameWithPolicy(csp);
  cleanup.push(() => frame.remove());
  return win;
}

const answer = (w: Worker, value: number) =>
  new Promise<unknown>((resolve, reject) => {
    w.onmessage = (e) => resolve(e.data);
    w.onerror = (e) => reject(new Error(e.message));
    w.postMessage(value);
  });

describe('startWorker(create, { what, onRefused })', () => {
  it('starts a worker that runs, and says nothing', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const onRefused = vi.fn();
    const w = startWorker(() => new Worker(blobUrl(ECHO)), { what: 'test doubling', onRefused });
    expect(w).toBeInstanceOf(Worker);
    cleanup.push(() => w!.terminate());
    expect(await answer(w!, 21)).toBe(42);
    expect(onRefused).not.toHaveBeenCalled();
    expect(warn).not.toHaveBeenCalled();
  });

  it('reports a worker refused by the page\'s policy (error before its first message) once, and hides the error from the worker\'s own handlers', async () => {
    const frame = await frameUnder("default-src 'none'; script-src 'self'");
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const what = `refused test ${Math.random()}`;
    const refusals: string[] = [];
    const ownErrors: unknown[] = [];
    for (const name of ['first', 'second']) {
      await new Promise<void>((resolve) => {
        const w = startWorker(() => new frame.Worker(blobUrl(ECHO, frame)), {
          what,
          onRefused: () => {
            refusals.push(name);
            resolve();
          },
        });
        expect(w).not.toBeNull();
        w!.onerror = (e) => ownErrors.push(e);
      });
    }
    expect(refusals).toEqual(['first', 'second']);
    expect(ownErrors).toEqual([]);
    // One console line for the page, naming the directive.
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toBe(`tensorlens: ${workerFallbackMessage(what)}`);
    expect(String(warn.mock.calls[0][0])).toContain('worker-src blob:');
  });

  it('returns null (and warns) where new Worker throws a SecurityError, and throws any other error', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const what = `throwing test ${Math.random()}`;
    const refuse = () => {
      throw new DOMException('denied by the Content Security Policy', 'SecurityError');
    };
    expect(startWorker(refuse, { what })).toBeNull();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(() =>
      startWorker(() => {
        throw new TypeError('not a worker');
      }, { what }),
    ).toThrow(TypeError);
  });
});

describe('warnOnce(key, message)', () => {
  it('writes one prefixed line per key', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const key = `once ${Math.random()}`;
    expect(warnOnce(key, 'said once')).toBe(true);
    expect(warnOnce(key, 'said once')).toBe(false);
    expect(warn.mock.calls).toEqual([['tensorlens: said once']]);
  });
});
