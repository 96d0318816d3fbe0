import { TensorLensError } from './errors';

/** Unsubscribes a listener. */
export type Unsubscribe = () => void;

/**
 * The handle every tensorlens component factory returns.
 * `O` is the options object, `E` maps event names to their payloads.
 */
export interface ComponentHandle<O, E> {
  /** The root element the component created inside its container. */
  readonly element: HTMLElement;
  /** Apply a partial options object; re-renders only what changed. */
  update(options: Partial<O>): void;
  /** Listen to a typed event; returns an unsubscribe function. */
  on<K extends keyof E & string>(type: K, listener: (event: E[K]) => void): Unsubscribe;
  /** Resolves once the current data and options are on screen. */
  whenRendered(): Promise<void>;
  /** Idempotent: frees every listener, observer, worker, GL resource and tensor it owns. */
  destroy(): void;
}

/** A tiny typed event emitter; listeners are called synchronously in order of subscription. */
export class Emitter<E> {
  private readonly listeners = new Map<keyof E, Set<(event: never) => void>>();

  /** Listens to `type`; returns the function that stops listening. */
  on<K extends keyof E>(type: K, listener: (event: E[K]) => void): Unsubscribe {
    let set = this.listeners.get(type);
    if (!set) this.listeners.set(type, (set = new Set()));
    const stored = listener as (event: never) => void;
    set.add(stored);
    return () => {
      set.delete(stored);
    };
  }

  /** Calls every listener of `type` with `event` (a listener added or removed meanwhile does not change this round). */
  emit<K extends keyof E>(type: K, event: E[K]): void {
    const set = this.listeners.get(type);
    if (!set) return;
    for (const listener of [...set]) (listener as (event: E[K]) => void)(event);
  }

  /** Number of listeners (for leak tests). */
  get listenerCount(): number {
    let count = 0;
    for (const set of this.listeners.values()) count += set.size;
    return count;
  }

  /** Removes every listener. */
  clear(): void {
    this.listeners.clear();
  }
}

/** A render waiting for its frame, and which scheduler holds it (so destroy cancels it with the matching call). */
type ScheduledFrame = { scheduler: 'animation-frame'; id: number } | { scheduler: 'timeout'; id: ReturnType<typeof setTimeout> };

/**
 * Lifecycle bookkeeping shared by components: collects disposers, batches renders into one
 * animation frame, and tracks when the current state has reached the screen.
 */
export class Lifecycle {
  private readonly render: () => void | Promise<void>;
  private readonly disposers: Array<() => void> = [];
  private isDestroyed = false;
  private frame: ScheduledFrame | null = null;
  /** The render promise of the pending frame, with the functions that settle it. */
  private pending: { promise: Promise<void>; resolve: () => void; reject: (error: unknown) => void } | null = null;

  /** `render` draws the current state; it is called once per scheduled frame, and may return a promise. */
  constructor(render: () => void | Promise<void>) {
    this.render = render;
  }

  /** True once {@link Lifecycle.destroy} has run. */
  get destroyed(): boolean {
    return this.isDestroyed;
  }

  /** Register a cleanup to run on destroy (listeners, observers, GL objects, tensors...); runs it now if already destroyed. */
  own(dispose: () => void): void {
    if (this.isDestroyed) dispose();
    else this.disposers.push(dispose);
  }

  /** Add a DOM listener that is removed on destroy. */
  listen<T extends EventTarget>(target: T, type: string, listener: EventListenerOrEventListenerObject, options?: AddEventListenerOptions): void {
    target.addEventListener(type, listener, options);
    this.own(() => target.removeEventListener(type, listener, options));
  }

  /**
   * Schedule one render on the next animation frame (a 0 ms timeout where there is no requestAnimationFrame);
   * several calls before it runs coalesce. Resolves once that render has finished, rejects with its error.
   */
  schedule(): Promise<void> {
    this.assertAlive();
    if (this.pending) return this.pending.promise;
    let resolve!: () => void;
    let reject!: (error: unknown) => void;
    const promise = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // Never leave an unhandled rejection if nobody awaits whenRendered().
    promise.catch(() => {});
    this.pending = { promise, resolve, reject };
    const run = () => this.runFrame();
    this.frame =
      typeof requestAnimationFrame === 'function'
        ? { scheduler: 'animation-frame', id: requestAnimationFrame(run) }
        : { scheduler: 'timeout', id: setTimeout(run, 0) };
    return promise;
  }

  private runFrame(): void {
    const pending = this.pending;
    this.frame = null;
    this.pending = null;
    if (!pending) return;
    if (this.isDestroyed) return pending.resolve();
    try {
      Promise.resolve(this.render()).then(pending.resolve, pending.reject);
    } catch (error) {
      pending.reject(error);
    }
  }

  /** Resolves when nothing is waiting to be drawn. */
  whenRendered(): Promise<void> {
    return this.pending?.promise ?? Promise.resolve();
  }

  /** Throws 'destroyed' after {@link Lifecycle.destroy}. */
  assertAlive(): void {
    if (this.isDestroyed) throw new TensorLensError('destroyed', 'this', 'a live component', 'a destroyed one');
  }

  /** Idempotent: cancels a pending frame (with the scheduler that holds it) and runs the disposers in reverse order. */
  destroy(): void {
    if (this.isDestroyed) return;
    this.isDestroyed = true;
    const frame = this.frame;
    this.frame = null;
    if (frame?.scheduler === 'animation-frame') cancelAnimationFrame(frame.id);
    else if (frame?.scheduler === 'timeout') clearTimeout(frame.id);
    this.pending?.resolve();
    this.pending = null;
    for (const dispose of this.disposers.splice(0).reverse()) dispose();
  }
}
