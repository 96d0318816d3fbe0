// The embedding projector of a projector config (`config` option): loads TensorBoard's projector_config.pbtxt, draws
// its first embedding (or the one the URL state names) in a projector, and with several embeddings adds an
// "Embedding" picker to the toolbar; switching loads the other embedding's files (once) and updates the projector.
import { el, fail, type Unsubscribe } from '@tensorlens/core';
import { bookmarksControllerOf, DEFAULT_URL_STATE_KEY, readUrlState } from './bookmarks';
import { findEmbedding, loadProjectorConfig, loadProjectorEmbedding, type LoadedProjectorEmbedding, type ProjectorConfig } from './config';
import { projectorOptions, type EmbeddingProjectorEvents, type EmbeddingProjectorHandle, type EmbeddingProjectorOptions } from './options';
import { injectProjectorStyles } from './styles';

type Create = (container: HTMLElement, options: EmbeddingProjectorOptions) => EmbeddingProjectorHandle;

/** The handle members this wrapper answers itself; every other one is the inner projector's. */
type OwnMembers = Pick<EmbeddingProjectorHandle, 'element' | 'update' | 'on' | 'whenRendered' | 'destroy' | 'config' | 'embeddingName' | 'selectEmbedding'>;

/**
 * The inner projector's members (the compiler checks that the list is complete): reading one before the config has
 * loaded is an error that says to wait; any other name (a test library's or a framework's probe) reads undefined.
 */
const INNER_MEMBERS: Record<Exclude<keyof EmbeddingProjectorHandle, keyof OwnMembers>, true> = {
  pointCloud: true,
  projection: true,
  paused: true,
  busy: true,
  workers: true,
  shape: true,
  data: true,
  cancel: true,
  whenProjected: true,
  pause: true,
  resume: true,
  rerun: true,
  getState: true,
  setState: true,
  bookmarks: true,
  showNeighbors: true,
};

const isAbort = (e: unknown) => (e as { name?: string })?.name === 'AbortError';
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * Creates a projector from `options.config` (a URL of projector_config.pbtxt, or a parsed config). The returned handle
 * is the projector's once the config and the first embedding are loaded: `whenRendered()` waits for them (and
 * rejects with the typed loading error, which is also shown in the container and emitted as `error`).
 */
export function createConfiguredProjector(container: HTMLElement, options: EmbeddingProjectorOptions, create: Create): EmbeddingProjectorHandle {
  let resolved = projectorOptions.resolve(options); // every option checked now, as for a plain projector
  injectProjectorStyles(container);
  const host = el('div', { class: 'tl-ep-config' }, container);
  const statusLine = el('p', { class: 'tl-ep-config-status', role: 'status', text: 'Loading the projector config…' }, host);
  const errorLine = el('p', { class: 'tl-ep-error', role: 'alert', hidden: true }, host);

  let inner: EmbeddingProjectorHandle | null = null;
  let config: ProjectorConfig | null = null;
  let shown: string | null = null;
  let destroyed = false;
  let ctrl = new AbortController();
  let cache = new Map<string, Promise<LoadedProjectorEmbedding>>();
  let picker: HTMLSelectElement | null = null;
  let switching: Promise<void> = Promise.resolve();
  /** Options given by update() before the projector exists. */
  let pending: Partial<EmbeddingProjectorOptions> = {};
  /** Embeddings whose bookmarks_path has been added to the bookmarks. */
  const bookmarksAdded = new Set<string>();
  const subscriptions = new Set<{ type: keyof EmbeddingProjectorEvents; fn: (e: never) => void; off: Unsubscribe | null }>();

  function emitError(e: unknown): void {
    for (const s of subscriptions) if (s.type === 'error' && !s.off) (s.fn as (e: EmbeddingProjectorEvents['error']) => void)({ error: e, message: message(e) });
  }

  function load(name: string): Promise<LoadedProjectorEmbedding> {
    let p = cache.get(name);
    if (!p) {
      p = loadProjectorEmbedding(config!, name, { signal: ctrl.signal, sprite: typeof createImageBitmap === 'function' });
      cache.set(name, p);
      p.catch(() => cache.delete(name));
    }
    return p;
  }

  /** The projector options of a loaded embedding (data, sprite), keeping the user's colour/label where they still fit. */
  function dataOptions(loaded: LoadedProjectorEmbedding, current: Partial<EmbeddingProjectorOptions>): Partial<EmbeddingProjectorOptions> {
    const o: Record<string, unknown> = { embedding: loaded.embedding, data: loaded.metadata };
    const names = loaded.metadata?.names ?? [];
    for (const k of ['color', 'label'] as const) {
      const v = current[k];
      if (typeof v === 'string' && !names.includes(v) && (k === 'label' || !/^(#|rgb|hsl|[a-z]+$)/i.test(v))) o[k] = undefined;
    }
    // The point cloud's sprite option: TensorBoard's sheet and single_image_dim.
    o.sprite = loaded.sprite ? { image: loaded.sprite.image, size: loaded.sprite.singleImageDim } : null;
    return o as Partial<EmbeddingProjectorOptions>;
  }

  function addBookmarks(loaded: LoadedProjectorEmbedding): void {
    if (!inner || !loaded.bookmarks?.length || bookmarksAdded.has(loaded.info.tensorName)) return;
    bookmarksAdded.add(loaded.info.tensorName);
    inner.bookmarks.load(loaded.bookmarks);
  }

  function addPicker(h: EmbeddingProjectorHandle): void {
    if (!config || config.embeddings.length < 2) return;
    const toolbar = h.element.querySelector('.tl-ep-toolbar');
    if (!toolbar) return;
    const label = el('label', { class: 'tl-ep-embedding-label', text: 'Embedding ' });
    picker = el('select', { class: 'tl-ep-embedding' }, label);
    for (const e of config.embeddings) el('option', { value: e.tensorName, text: e.tensorName }, picker);
    picker.value = shown ?? '';
    toolbar.insertBefore(label, toolbar.firstChild);
    picker.addEventListener('change', () => {
      handle.selectEmbedding(picker!.value).catch((e) => {
        if (!isAbort(e)) report(e);
      });
    });
  }

  function report(e: unknown): void {
    errorLine.textContent = message(e);
    errorLine.hidden = false;
    emitError(e);
  }

  async function start(): Promise<void> {
    const cfg = await loadProjectorConfig(resolved.config as string | ProjectorConfig, { signal: ctrl.signal });
    if (destroyed) return;
    config = cfg;
    // The view kept in the URL names the embedding to show first.
    const key = resolved.urlState === true ? DEFAULT_URL_STATE_KEY : typeof resolved.urlState === 'string' ? resolved.urlState : null;
    let first = cfg.embeddings[0].tensorName;
    if (key) {
      try {
        const view = readUrlState(key);
        if (view?.embedding && cfg.embeddings.some((e) => e.tensorName === view.embedding)) first = view.embedding;
      } catch {
        // a bad URL state is reported by the projector's bookmarks when it restores
      }
    }
    statusLine.textContent = `Loading ${first}…`;
    const loaded = await load(first);
    if (destroyed) return;
    shown = first;
    const given: Record<string, unknown> = { ...options, ...pending };
    delete given.config;
    const h = create(host, { ...(given as Partial<EmbeddingProjectorOptions>), ...dataOptions(loaded, given as Partial<EmbeddingProjectorOptions>) } as EmbeddingProjectorOptions);
    pending = {};
    statusLine.remove();
    inner = h;
    for (const s of subscriptions) s.off = h.on(s.type, s.fn as never);
    const controller = bookmarksControllerOf(h);
    controller?.setEmbeddingHooks({ current: () => shown ?? '', select: (name) => handle.selectEmbedding(name) });
    addBookmarks(loaded);
    addPicker(h);
  }

  let ready = start();
  ready.catch((e) => {
    if (destroyed || isAbort(e)) return;
    statusLine.remove();
    report(e);
  });

  const own: OwnMembers = {
    element: host,
    get config() {
      return config;
    },
    get embeddingName() {
      return shown;
    },
    update(o) {
      if (destroyed) throw fail('destroyed', 'projector', 'a live projector', 'destroyed');
      // Checked first (the merge's validate: exactly one of embedding and config); nothing changes when it throws.
      const change = projectorOptions.merge(resolved, o);
      if (change.changed.has('config')) {
        resolved = change.options;
        if (resolved.config == null) throw fail('option', 'options.config', 'a config URL or object (this projector was created from a config)', resolved.config);
        // Another config: start again (listeners stay).
        ctrl.abort();
        ctrl = new AbortController();
        cache = new Map();
        bookmarksAdded.clear();
        for (const s of subscriptions) {
          s.off?.();
          s.off = null;
        }
        inner?.destroy();
        inner = null;
        picker = null;
        shown = null;
        config = null;
        errorLine.hidden = true;
        host.insertBefore(statusLine, host.firstChild);
        statusLine.textContent = 'Loading the projector config…';
        options = { ...options, ...o };
        ready = start();
        ready.catch((e) => {
          if (destroyed || isAbort(e)) return;
          statusLine.remove();
          report(e);
        });
        return;
      }
      const rest: Record<string, unknown> = { ...o };
      delete rest.config;
      if (inner) inner.update(rest as Partial<EmbeddingProjectorOptions>);
      else pending = { ...pending, ...(rest as Partial<EmbeddingProjectorOptions>) };
      resolved = change.options;
    },
    on(type, fn) {
      const s = { type, fn: fn as (e: never) => void, off: inner ? inner.on(type, fn) : null };
      subscriptions.add(s);
      return () => {
        s.off?.();
        subscriptions.delete(s);
      };
    },
    whenRendered: () => ready.then(() => (inner ? switching.then(() => inner!.whenRendered()) : Promise.reject(fail('option', 'projector', 'a live projector', 'destroyed')))),
    destroy() {
      if (destroyed) return;
      destroyed = true;
      ctrl.abort();
      for (const s of subscriptions) s.off?.();
      subscriptions.clear();
      inner?.destroy();
      inner = null;
      for (const p of cache.values()) p.then((l) => l.sprite?.image.close(), () => {});
      host.remove();
    },
    async selectEmbedding(which) {
      if (destroyed) throw fail('destroyed', 'projector', 'a live projector', 'destroyed');
      await ready;
      if (!config || !inner) throw fail('option', 'projector', 'a loaded config', 'none');
      const name = findEmbedding(config, which).tensorName;
      if (name === shown) return switching;
      const previous = shown;
      picker?.setAttribute('aria-busy', 'true');
      if (picker) picker.value = name;
      const step = (async () => {
        try {
          const loaded = await load(name);
          if (destroyed || !inner) return;
          inner.update({ ...dataOptions(loaded, resolved), isolate: null, custom: null });
          shown = name;
          addBookmarks(loaded);
        } catch (e) {
          if (picker && previous) picker.value = previous;
          throw e;
        } finally {
          picker?.removeAttribute('aria-busy');
        }
      })();
      switching = step.catch(() => {});
      await step;
    },
  };

  // Every other member (pointCloud, projection, getState, bookmarks…) is the projector's, once it exists.
  const handle = new Proxy(own as EmbeddingProjectorHandle, {
    get(target, key, receiver) {
      if (key in target) return Reflect.get(target, key, receiver);
      if (!inner) {
        if (typeof key !== 'string' || !Object.hasOwn(INNER_MEMBERS, key)) return undefined; // not a member (and not a thenable)
        throw fail('option', `projector.${String(key)}`, 'the projector config loaded first (await whenRendered())', destroyed ? 'destroyed' : 'still loading');
      }
      const v = (inner as unknown as Record<PropertyKey, unknown>)[key];
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(inner) : v;
    },
    has: (target, key) => key in target || (inner != null && key in inner),
  });
  return handle;
}
