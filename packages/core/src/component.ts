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
  #map = new Map<keyof E, Set<(e: never) => void>>();

  on<K extends keyof E>(type: K, listener: (event: E[K]) => void): Unsubscribe {
    let set = this.#map.get(type);
    if (!set) this.#map.set(type, (set = new Set()));
    set.add(listener as (e: never) => void);
    return () => {
      set.delete(listener as (e: never) => void);
    };
  }

  emit<K extends keyof E>(type: K, event: E[K]): void {
    const set = this.#map.get(type);
    if (set) for (const fn of [...set]) (fn as (e: E[K]) => void)(event);
  }

  /** Number of listeners (for leak tests). */
  get listenerCount(): number {
    let n = 0;
    for (const s of this.#map.values()) n += s.size;
    return n;
  }

  clear(): void {
    this.#map.clear();
  }
}

/**
 * Lifecycle bookkeeping shared by components: collects disposers, batches renders into one
 * animation frame, and tracks when the current state has reached the screen.
 */
export class Lifecycle {
  #disposers: Array<() => void> = [];
  #frame = 0;
  #pending: Promise<void> | null = null;
  #settle: [(v?: void) => void, (e: unknown) => void] | null = null;
  #render: () => void | Promise<void>;
  destroyed = false;

  constructor(render: () => void | Promise<void>) {
    this.#render = render;
  }

  /** Register a cleanup to run on destroy (listeners, observers, GL objects, tensors...). */
  own(dispose: () => void): void {
    if (this.destroyed) dispose();
    else this.#disposers.push(dispose);
  }

  /** Add a DOM listener that is removed on destroy. */
  listen<T extends EventTarget>(
    target: T,
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: AddEventListenerOptions,
  ): void {
    target.addEventListener(type, listener, options);
    this.own(() => target.removeEventListener(type, listener, options));
  }

  /** Schedule one render on the next animation frame (several calls in a frame coalesce). */
  schedule(): Promise<void> {
    this.assertAlive();
    if (!this.#pending) {
      this.#pending = new Promise<void>((resolve, reject) => (this.#settle = [resolve, reject]));
      // Never leave an unhandled rejection if nobody awaits whenRendered().
      this.#pending.catch(() => {});
      const run = () => {
        const [resolve, reject] = this.#settle!;
        this.#frame = 0;
        this.#pending = this.#settle = null;
        if (this.destroyed) return resolve();
        try {
          Promise.resolve(this.#render()).then(resolve, reject);
        } catch (e) {
          reject(e);
        }
      };
      this.#frame = typeof requestAnimationFrame == 'function' ? requestAnimationFrame(run) : (setTimeout(run, 0) as unknown as number);
    }
    return this.#pending;
  }

  /** Resolves when nothing is waiting to be drawn. */
  whenRendered(): Promise<void> {
    return this.#pending ?? Promise.resolve();
  }

  assertAlive(): void {
    if (this.destroyed) throw new TensorLensError('destroyed', 'this', 'a live component', 'a destroyed one', 'call the factory again');
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    if (this.#frame) {
      if (typeof cancelAnimationFrame == 'function') cancelAnimationFrame(this.#frame);
      clearTimeout(this.#frame);
      this.#frame = 0;
    }
    this.#settle?.[0]();
    this.#pending = this.#settle = null;
    for (const d of this.#disposers.splice(0).reverse()) d();
  }
}
