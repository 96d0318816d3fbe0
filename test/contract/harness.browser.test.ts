// The contract harness must see what it claims to check: deliberate leaks are reported, clean-ups are not.
import { afterEach, describe, expect, it } from 'vitest';
import { hasInk, installProbe, leaks, type ResourceProbe } from '../support/contract';

let probe: ResourceProbe | null = null;
afterEach(() => {
  probe?.uninstall();
  probe = null;
  document.body.replaceChildren();
});

describe('installProbe / leaks', () => {
  it('reports a listener left on window or on a connected node, not one removed or on a detached node', () => {
    probe = installProbe();
    const kept = () => {};
    const removed = () => {};
    window.addEventListener('resize', kept);
    window.addEventListener('scroll', removed, { capture: true });
    window.removeEventListener('scroll', removed, true);
    const detached = document.createElement('div');
    detached.addEventListener('click', kept);
    const connected = document.body.appendChild(document.createElement('div'));
    connected.addEventListener('pointerdown', kept);
    const media = matchMedia('(prefers-color-scheme: dark)');
    media.addEventListener('change', kept);
    expect(leaks(probe)).toEqual(["listener 'resize' on window not removed", "listener 'pointerdown' on <div> not removed", "listener 'change' on MediaQueryList not removed"]);
    window.removeEventListener('resize', kept);
    connected.removeEventListener('pointerdown', kept);
    media.removeEventListener('change', kept);
    expect(leaks(probe)).toEqual([]);
  });

  it('a listener removed with a different capture flag is still a leak', () => {
    probe = installProbe();
    const listener = () => {};
    document.addEventListener('keydown', listener, true);
    document.removeEventListener('keydown', listener);
    expect(leaks(probe)).toEqual(["listener 'keydown' on document not removed"]);
    document.removeEventListener('keydown', listener, true);
  });

  it('reports observers still observing and workers not terminated', () => {
    probe = installProbe();
    const resize = new ResizeObserver(() => {});
    resize.observe(document.body);
    const mutation = new MutationObserver(() => {});
    mutation.observe(document.body, { childList: true });
    const unobserved = new ResizeObserver(() => {});
    unobserved.observe(document.body);
    unobserved.unobserve(document.body);
    const worker = new Worker(URL.createObjectURL(new Blob([''], { type: 'text/javascript' })));
    expect(leaks(probe)).toEqual(['ResizeObserver still observing 1 target(s)', 'MutationObserver still observing 1 target(s)', expect.stringMatching(/^Worker blob:.* not terminated$/)]);
    resize.disconnect();
    mutation.disconnect();
    worker.terminate();
    expect(leaks(probe)).toEqual([]);
  });

  it('records each WebGL context once, and gl.isContextLost() tells a released one', () => {
    probe = installProbe();
    const canvas = document.body.appendChild(document.createElement('canvas'));
    const gl = canvas.getContext('webgl')!;
    canvas.getContext('webgl');
    document.createElement('canvas').getContext('2d');
    expect(probe.contexts).toHaveLength(1);
    expect(probe.contexts[0].gl).toBe(gl);
    gl.getExtension('WEBGL_lose_context')!.loseContext();
    expect(gl.isContextLost()).toBe(true);
  });

  it('hasInk tells a drawn canvas from a blank one', () => {
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 4;
    expect(hasInk(canvas)).toBe(false);
    const context = canvas.getContext('2d')!;
    context.fillRect(1, 1, 1, 1);
    expect(hasInk(canvas)).toBe(true);
  });

  it('uninstall restores the originals', () => {
    const add = EventTarget.prototype.addEventListener;
    const Observer = window.ResizeObserver;
    const getContext = HTMLCanvasElement.prototype.getContext;
    installProbe().uninstall();
    expect(EventTarget.prototype.addEventListener).toBe(add);
    expect(window.ResizeObserver).toBe(Observer);
    expect(HTMLCanvasElement.prototype.getContext).toBe(getContext);
  });
});

describe('installProbe: listeners removed by an AbortSignal', () => {
  it('are not leaks once the signal aborts', () => {
    probe = installProbe();
    const controller = new AbortController();
    window.addEventListener('keyup', () => {}, { signal: controller.signal });
    expect(leaks(probe)).toEqual(["listener 'keyup' on window not removed"]);
    controller.abort();
    expect(leaks(probe)).toEqual([]);
  });
});
