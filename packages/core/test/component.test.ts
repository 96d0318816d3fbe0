import { describe, it, expect, vi, afterEach } from 'vitest';
import { Emitter, Lifecycle, TensorLensError } from '../src/index';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('Emitter', () => {
  it('calls listeners in order, stops on unsubscribe, counts and clears them', () => {
    const e = new Emitter<{ ping: number }>();
    const got: string[] = [];
    const off = e.on('ping', (n) => got.push(`a${n}`));
    e.on('ping', (n) => got.push(`b${n}`));
    e.emit('ping', 1);
    off();
    e.emit('ping', 2);
    expect(got).toEqual(['a1', 'b1', 'b2']);
    expect(e.listenerCount).toBe(1);
    e.clear();
    expect(e.listenerCount).toBe(0);
  });
});

describe('Lifecycle', () => {
  it('coalesces several schedule() calls into one render on the next animation frame', async () => {
    const frames: FrameRequestCallback[] = [];
    vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => frames.push(cb));
    vi.stubGlobal('cancelAnimationFrame', vi.fn());
    const render = vi.fn();
    const life = new Lifecycle(render);
    const a = life.schedule();
    const b = life.schedule();
    expect(a).toBe(b);
    expect(frames).toHaveLength(1);
    expect(render).not.toHaveBeenCalled();
    frames[0](0);
    await a;
    expect(render).toHaveBeenCalledTimes(1);
    await expect(life.whenRendered()).resolves.toBeUndefined();
  });

  it('cancels a pending animation frame with cancelAnimationFrame, never clearTimeout', () => {
    const cancel = vi.fn();
    vi.stubGlobal('requestAnimationFrame', () => 42);
    vi.stubGlobal('cancelAnimationFrame', cancel);
    const clear = vi.spyOn(globalThis, 'clearTimeout');
    const life = new Lifecycle(() => {});
    const rendered = life.schedule();
    life.destroy();
    expect(cancel).toHaveBeenCalledWith(42);
    expect(clear).not.toHaveBeenCalled();
    return expect(rendered).resolves.toBeUndefined();
  });

  it('falls back to a 0 ms timeout without requestAnimationFrame, and cancels it with clearTimeout', async () => {
    vi.useFakeTimers();
    vi.stubGlobal('requestAnimationFrame', undefined);
    const cancel = vi.fn();
    vi.stubGlobal('cancelAnimationFrame', cancel);
    const clear = vi.spyOn(globalThis, 'clearTimeout');
    const render = vi.fn();
    const life = new Lifecycle(render);
    void life.schedule();
    vi.advanceTimersByTime(0);
    expect(render).toHaveBeenCalledTimes(1);
    void life.schedule();
    life.destroy();
    expect(clear).toHaveBeenCalledTimes(1);
    expect(cancel).not.toHaveBeenCalled();
    vi.advanceTimersByTime(10);
    expect(render).toHaveBeenCalledTimes(1);
  });

  it('rejects schedule()/whenRendered() with the render error', async () => {
    vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => setTimeout(() => cb(0), 0));
    const life = new Lifecycle(() => {
      throw new Error('boom');
    });
    await expect(life.schedule()).rejects.toThrow('boom');
  });

  it('runs disposers in reverse order once, runs late ones at once, and throws destroyed afterwards', () => {
    const order: number[] = [];
    const life = new Lifecycle(() => {});
    life.own(() => order.push(1));
    life.own(() => order.push(2));
    const target = new EventTarget();
    const listener = vi.fn();
    life.listen(target, 'x', listener);
    life.destroy();
    life.destroy();
    expect(order).toEqual([2, 1]);
    target.dispatchEvent(new Event('x'));
    expect(listener).not.toHaveBeenCalled();
    life.own(() => order.push(3));
    expect(order).toEqual([2, 1, 3]);
    expect(life.destroyed).toBe(true);
    expect(() => life.schedule()).toThrow(TensorLensError);
    expect(() => life.assertAlive()).toThrow(expect.objectContaining({ code: 'destroyed' }));
  });
});
