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
  // A plain (short) property, not a #private field or class-field initialiser: fewer bytes once built.
  declare private l: Map<keyof E, Set<(e: never) => void>>;

  constructor() {
    this.l = new Map();
  }

  on<K extends keyof E>(type: K, listener: (event: E[K]) => void): Unsubscribe {
    const m = this.l;
    let set = m.get(type);
    if (!set) m.set(type, (set = new Set()));
    set.add(listener as (e: never) => void);
    return () => {
      set.delete(listener as (e: never) => void);
    };
  }

  emit<K extends keyof E>(type: K, event: E[K]): void {
    for (const fn of [...(this.l.get(type) ?? [])]) (fn as (e: E[K]) => void)(event);
  }

  /** Number of listeners (for leak tests). */
  get listenerCount(): number {
    let n = 0;
    for (const s of this.l.values()) n += s.size;
    return n;
  }

  clear(): void {
    this.l.clear();
  }
}

/**
 * Lifecycle bookkeeping shared by components: collects disposers, batches renders into one
 * animation frame, and tracks when the current state has reached the screen.
 * (Its state lives in the constructor's closure, which minifies smaller than private fields.)
 */
export class Lifecycle {
  /** True once {@link Lifecycle.destroy} has run. */
  declare destroyed: boolean;
  /** Register a cleanup to run on destroy (listeners, observers, GL objects, tensors...). */
  declare own: (dispose: () => void) => void;
  /** Add a DOM listener that is removed on destroy. */
  declare listen: <T extends EventTarget>(target: T, type: string, listener: EventListenerOrEventListenerObject, options?: AddEventListenerOptions) => void;
  /** Schedule one render on the next animation frame (several calls in a frame coalesce). */
  declare schedule: () => Promise<void>;
  /** Resolves when nothing is waiting to be drawn. */
  declare whenRendered: () => Promise<void>;
  /** Throws 'destroyed' after {@link Lifecycle.destroy}. */
  declare assertAlive: () => void;
  /** Idempotent: cancels a pending frame and runs the disposers in reverse order. */
  declare destroy: () => void;

  constructor(render: () => void | Promise<void>) {
    const disposers: Array<() => void> = [];
    let frame = 0;
    let pending: Promise<void> | null = null;
    let settle: [(v?: void) => void, (e: unknown) => void] | null = null;
    const dead = () => this.destroyed;
    this.destroyed = false;
    this.own = (d) => {
      if (dead()) d();
      else disposers.push(d);
    };
    this.listen = (target, type, listener, options) => {
      target.addEventListener(type, listener, options);
      this.own(() => target.removeEventListener(type, listener, options));
    };
    this.schedule = () => {
      this.assertAlive();
      if (!pending) {
        pending = new Promise<void>((resolve, reject) => (settle = [resolve, reject]));
        // Never leave an unhandled rejection if nobody awaits whenRendered().
        pending.catch(() => {});
        const run = () => {
          const [resolve, reject] = settle!;
          frame = 0;
          pending = settle = null;
          if (dead()) return resolve();
          try {
            Promise.resolve(render()).then(resolve, reject);
          } catch (e) {
            reject(e);
          }
        };
        frame = typeof requestAnimationFrame == 'function' ? requestAnimationFrame(run) : (setTimeout(run, 0) as unknown as number);
      }
      return pending;
    };
    this.whenRendered = () => pending ?? Promise.resolve();
    this.assertAlive = () => {
      if (dead()) throw new TensorLensError('destroyed', 'this', 'a live component', 'a destroyed one');
    };
    this.destroy = () => {
      if (dead()) return;
      this.destroyed = true;
      if (frame) {
        if (typeof cancelAnimationFrame == 'function') cancelAnimationFrame(frame);
        clearTimeout(frame);
        frame = 0;
      }
      settle?.[0]();
      pending = settle = null;
      for (const d of disposers.splice(0).reverse()) d();
    };
  }
}
