// Saved views of the embedding projector: bookmarks (a list of named ProjectorStates, saved/restored/deleted,
// downloaded and uploaded as JSON; TensorBoard's bookmarks JSON is read too) and URL state (the current view kept
// in location.hash under a key and restored on load). Every file and hash is read with JSON.parse and checked field
// by field (state.ts's validateState); nothing is evaluated. The panel is DOM text only.
import { TensorLensError, describe, el, fail, fetchResource, type OptionCheck } from '@tensorlens/core';
import { validateState, type ProjectorMethod, type ProjectorState } from './state';

/** One saved view: a name, the projector's state, and (for a projector config) the embedding it shows. */
export interface ProjectorBookmark {
  /** The name shown in the bookmarks panel. */
  label: string;
  /** The view (`handle.getState()`). */
  state: ProjectorState;
  /** The embedding of a config (its tensor_name) the view belongs to; absent: the one shown. */
  embedding?: string;
}

/** The `format` of a bookmarks file written by {@link bookmarksToJSON}. */
export const BOOKMARKS_FORMAT = 'tensorlens-projector-bookmarks';

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** True when an object looks like one of TensorBoard's saved `State`s (vz_projector's bookmarks). */
function isTensorBoardState(v: unknown): v is Record<string, unknown> {
  return isRecord(v) && !('state' in v) && ('selectedProjection' in v || 'projections' in v || 'cameraDef' in v || 'selectedPoints' in v);
}

const rowsOf = (v: unknown, field: string): number[] | undefined => {
  if (v == null) return undefined;
  if (!Array.isArray(v) || !v.every((x) => Number.isInteger(x) && x >= 0)) throw fail('type', field, 'an array of row indices', v);
  return (v as number[]).slice().sort((a, b) => a - b);
};
const positive = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined);

/**
 * Maps one of TensorBoard's saved States onto a {@link ProjectorState}: `selectedProjection` → method (`pca`,
 * `tsne`, `umap`, `custom`); `tSNEis3d` / `umapIs3d` / the length of `pcaComponentDimensions` → dims;
 * `pcaComponentDimensions` → pca.axes; `tSNEPerplexity`, `tSNELearningRate`, `tSNEIteration` → tsne;
 * `umapNeighbors` → umap.nNeighbors; `selectedPoints` → selection; `filteredPoints` → isolate;
 * `selectedColorOptionName` → color; `selectedLabelOption` → label. TensorBoard's `cameraDef` (three.js camera
 * in its own normalised layout space) and `projections` (its stored positions) have no equivalent: the projector
 * recomputes the layout and fits the camera.
 */
export function fromTensorBoardState(tb: Record<string, unknown>, where = 'bookmark'): ProjectorState {
  if (!isRecord(tb)) throw fail('type', where, "a TensorBoard State object", tb);
  const p = tb.selectedProjection;
  const method: ProjectorMethod = p === 'tsne' || p === 'umap' || p === 'custom' || p === 'pca' ? p : 'pca';
  if (p != null && p !== method) throw fail('option', `${where}.selectedProjection`, "'pca', 'tsne', 'umap' or 'custom'", p);
  const axes = Array.isArray(tb.pcaComponentDimensions) ? rowsOf(tb.pcaComponentDimensions, `${where}.pcaComponentDimensions`) : undefined;
  // TensorBoard keeps the components in the order given, not sorted.
  const pcaAxes = Array.isArray(tb.pcaComponentDimensions) ? (tb.pcaComponentDimensions as number[]).slice() : undefined;
  let dims: 2 | 3 = 2;
  if (method === 'tsne') dims = tb.tSNEis3d === false ? 2 : 3;
  else if (method === 'umap') dims = tb.umapIs3d === false ? 2 : 3;
  else if (method === 'pca') dims = axes && axes.length === 3 ? 3 : 2;
  const s: Record<string, unknown> = { version: 1, method, dims };
  if (method === 'pca' && pcaAxes && (pcaAxes.length === 2 || pcaAxes.length === 3)) s.pca = { axes: pcaAxes };
  const tsne: Record<string, number> = {};
  if (positive(tb.tSNEPerplexity)) tsne.perplexity = tb.tSNEPerplexity as number;
  if (positive(tb.tSNELearningRate)) tsne.learningRate = tb.tSNELearningRate as number;
  if (positive(tb.tSNEIteration) && Number.isInteger(tb.tSNEIteration)) tsne.iterations = tb.tSNEIteration as number;
  if (Object.keys(tsne).length) s.tsne = tsne;
  if (positive(tb.umapNeighbors) && Number.isInteger(tb.umapNeighbors) && (tb.umapNeighbors as number) >= 2) s.umap = { nNeighbors: tb.umapNeighbors };
  const selected = rowsOf(tb.selectedPoints, `${where}.selectedPoints`);
  if (selected) s.selection = selected;
  const filtered = rowsOf(tb.filteredPoints, `${where}.filteredPoints`);
  if (filtered && filtered.length) s.isolate = filtered;
  if (typeof tb.selectedColorOptionName === 'string') s.color = tb.selectedColorOptionName || null;
  if (typeof tb.selectedLabelOption === 'string' && tb.selectedLabelOption) s.label = tb.selectedLabelOption;
  try {
    return validateState(s);
  } catch (e) {
    if (e instanceof TensorLensError) throw new TensorLensError(e.code, `${where} (TensorBoard State)`, e.expected, e.received, e.argument);
    throw e;
  }
}

function bookmarkOf(v: unknown, where: string, embedding: string | undefined): ProjectorBookmark {
  if (isTensorBoardState(v)) {
    const label = typeof v.label === 'string' && v.label ? v.label : where;
    const b: ProjectorBookmark = { label, state: fromTensorBoardState(v, where) };
    if (embedding !== undefined) b.embedding = embedding;
    return b;
  }
  if (!isRecord(v)) throw fail('type', where, 'a bookmark { label, state } or a TensorBoard State', v);
  if (typeof v.label !== 'string') throw fail('type', `${where}.label`, 'a string', v.label);
  let state: ProjectorState;
  try {
    state = validateState(v.state);
  } catch (e) {
    if (e instanceof TensorLensError) throw new TensorLensError(e.code, `${where}.${e.argument}`, e.expected, e.received);
    throw e;
  }
  const b: ProjectorBookmark = { label: v.label, state };
  if (v.embedding !== undefined) {
    if (typeof v.embedding !== 'string') throw fail('type', `${where}.embedding`, 'the name of an embedding (a string)', v.embedding);
    b.embedding = v.embedding;
  } else if (embedding !== undefined) b.embedding = embedding;
  return b;
}

/**
 * Reads bookmarks from JSON text or a parsed value: our file (`{ format, version, bookmarks: [...] }` from
 * {@link bookmarksToJSON}), a bare array of `{ label, state, embedding? }`, or TensorBoard's bookmarks file (an array
 * of its `State` objects, converted by {@link fromTensorBoardState}). Throws a `TensorLensError` naming the bad
 * entry (`bookmarks[2].state.dims`).
 *
 * @param options `name`: what errors call the input (default `'bookmarks'`); `embedding`: the embedding the
 *   bookmarks belong to when they do not say (a config's bookmarks_path)
 */
export function readBookmarks(source: unknown, options: { name?: string; embedding?: string } = {}): ProjectorBookmark[] {
  const name = options.name ?? 'bookmarks';
  let v = source;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch (e) {
      throw fail('parse', name, 'bookmarks JSON', describe(v), (e as Error).message);
    }
  }
  if (isRecord(v) && Array.isArray(v.bookmarks)) {
    if (v.format !== undefined && v.format !== BOOKMARKS_FORMAT) throw fail('type', `${name}.format`, `'${BOOKMARKS_FORMAT}'`, v.format);
    v = v.bookmarks;
  }
  if (!Array.isArray(v)) throw fail('type', name, 'an array of bookmarks (ours or TensorBoard\'s), or { bookmarks: [...] }', v);
  return v.map((b, i) => bookmarkOf(b, `${name}[${i}]`, options.embedding));
}

/** The JSON text of a bookmarks file (what Download saves and {@link readBookmarks} reads). */
export function bookmarksToJSON(list: readonly ProjectorBookmark[]): string {
  return JSON.stringify({ format: BOOKMARKS_FORMAT, version: 1, bookmarks: list }, null, 1);
}

// ---------------------------------------------------------------------------------------------------------------
// URL state

/** The hash key used by `urlState: true`. */
export const DEFAULT_URL_STATE_KEY = 'projector';

/** The `key=value` pairs of a hash (`#a=1&b=2`), in order. */
function hashPairs(hash: string): Array<[string, string]> {
  const text = hash.replace(/^#/, '');
  if (!text) return [];
  return text.split('&').map((part) => {
    const eq = part.indexOf('=');
    const k = eq < 0 ? part : part.slice(0, eq);
    const v = eq < 0 ? '' : part.slice(eq + 1);
    try {
      return [decodeURIComponent(k), decodeURIComponent(v)];
    } catch {
      return [k, v];
    }
  });
}

/**
 * The view kept in `hash` under `key` (written by {@link writeUrlState}), or null when there is none. A value that
 * is not a valid bookmark is a `TensorLensError` naming `location.hash.<key>`.
 */
export function readUrlState(key: string, hash: string = typeof location !== 'undefined' ? location.hash : ''): ProjectorBookmark | null {
  const pair = hashPairs(hash).find(([k]) => k === key);
  if (!pair) return null;
  return readBookmarks([JSON.parse(safeJSON(pair[1], `location.hash.${key}`))], { name: `location.hash.${key}` })[0];
}

function safeJSON(text: string, name: string): string {
  try {
    JSON.parse(text);
    return text;
  } catch (e) {
    throw fail('parse', name, 'the JSON of a projector view', describe(text), (e as Error).message);
  }
}

/** `hash` with `key` set to the view's JSON (other keys kept), for {@link writeUrlState}. */
export function hashWithState(hash: string, key: string, view: ProjectorBookmark | null): string {
  const pairs = hashPairs(hash).filter(([k]) => k !== key);
  if (view) pairs.push([key, JSON.stringify(view)]);
  return pairs.length ? '#' + pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&') : '';
}

/** Keeps `view` in location.hash under `key` (history.replaceState: no new history entry; null removes it). */
export function writeUrlState(key: string, view: ProjectorBookmark | null): void {
  if (typeof location === 'undefined' || typeof history === 'undefined') return;
  const next = hashWithState(location.hash, key, view);
  if (next === location.hash || (!next && !location.hash)) return;
  history.replaceState(history.state, '', `${location.pathname}${location.search}${next || ''}` || location.pathname);
}

// ---------------------------------------------------------------------------------------------------------------
// The bookmarks controller and panel

/** What the bookmarks need of a projector. */
export interface StatefulProjector {
  getState(): ProjectorState;
  setState(state: ProjectorState): unknown;
  on(type: 'render', fn: (e: { count: number }) => void): () => void;
}

/** Bookmarks of a projector (`handle.bookmarks`): saved views, their JSON, and the URL state. */
export interface ProjectorBookmarks {
  /** The saved views, in order (a copy). */
  list(): ProjectorBookmark[];
  /** Saves the current view under `label` (default "View n"); returns it. */
  save(label?: string): ProjectorBookmark;
  /** Restores a saved view (its index or label) or a bookmark object; resolves once it is applied. */
  restore(which: number | string | ProjectorBookmark): Promise<void>;
  /** Deletes a saved view (its index or label). */
  delete(which: number | string): void;
  /** The saved views as a bookmarks JSON file (see {@link bookmarksToJSON}). */
  toJSON(): string;
  /** Adds the bookmarks of a JSON file (ours or TensorBoard's); `replace`: instead of the current ones. Returns how many. */
  load(json: string | unknown, options?: { replace?: boolean }): number;
  /** Saves the bookmarks as a file (`projector-bookmarks.json`) through a download link. */
  download(filename?: string): void;
}

/** Hooks of a projector config: which embedding a bookmark belongs to, and switching to it. */
export interface BookmarkEmbeddingHooks {
  /** The tensor name of the embedding shown. */
  current(): string;
  /** Shows the named embedding (resolves when its data is in the projector). */
  select(name: string): Promise<void>;
}

/** Options of {@link attachBookmarks}. */
export interface AttachBookmarksOptions {
  /** Initial bookmarks (a config's bookmarks_path loaded, or the `bookmarks` option). */
  bookmarks?: ProjectorBookmark[] | null;
  /** Keep the view in location.hash: true (key {@link DEFAULT_URL_STATE_KEY}) or the key. Default false. */
  urlState?: boolean | string;
  /** For a projector config: which embedding a bookmark belongs to. */
  embedding?: BookmarkEmbeddingHooks | null;
  /** Where the panel goes (its first child); null: no panel (API only). */
  panelParent?: HTMLElement | null;
  /** Called when a restore fails (also when the URL's view is bad). */
  onError?: (e: unknown) => void;
}

/** A bookmarks controller with its panel: what {@link attachBookmarks} returns. */
export interface BookmarksController extends ProjectorBookmarks {
  /** Replaces the bookmarks (an array; a URL is fetched by the projector's hook) and/or the URL-state setting (the projector's update()). */
  configure(options: { bookmarks?: ProjectorBookmark[] | string | null; urlState?: boolean | string }): void;
  /** Restores the view kept in the URL, if any; resolves true when one was applied. */
  restoreFromUrl(): Promise<boolean>;
  /** Sets (or removes) the hooks of a projector config: bookmarks then record and switch the embedding. */
  setEmbeddingHooks(hooks: BookmarkEmbeddingHooks | null): void;
  /** Removes the panel and listeners. */
  destroy(): void;
}

const urlKey = (v: boolean | string | undefined): string | null => (v === true ? DEFAULT_URL_STATE_KEY : typeof v === 'string' && v ? v : null);

/**
 * Bookmarks and URL state for a projector: a collapsible "Bookmarks" panel (a list of saved views, each a button
 * that restores it and one that deletes it; a name field and Save; Download and Upload of the JSON file) and, with
 * `urlState`, the current view written to location.hash (debounced after each frame drawn) and read back by
 * {@link BookmarksController.restoreFromUrl}. Everything shown is DOM text.
 */
export function attachBookmarks(projector: StatefulProjector, options: AttachBookmarksOptions = {}): BookmarksController {
  let items: ProjectorBookmark[] = options.bookmarks ? readBookmarks(options.bookmarks, { name: 'options.bookmarks' }) : [];
  let key = urlKey(options.urlState);
  let destroyed = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastWritten = '';
  let hooks = options.embedding ?? null;
  const report = (e: unknown) => options.onError?.(e);

  // ---- panel ----
  const parent = options.panelParent ?? null;
  const doc = parent?.ownerDocument ?? null;
  let panel: HTMLDetailsElement | null = null;
  let summary: HTMLElement | null = null;
  let list: HTMLElement | null = null;
  let nameInput: HTMLInputElement | null = null;
  let fileInput: HTMLInputElement | null = null;
  const cleanups: Array<() => void> = [];
  const listen = (target: EventTarget, type: string, fn: (e: Event) => void) => {
    target.addEventListener(type, fn);
    cleanups.push(() => target.removeEventListener(type, fn));
  };
  if (parent && doc) {
    panel = doc.createElement('details');
    panel.className = 'tl-ep-bookmarks';
    summary = el('summary', { class: 'tl-ep-bookmarks-summary' }, panel);
    const form = el('div', { class: 'tl-ep-bookmarks-save' }, panel);
    nameInput = el('input', { type: 'text', class: 'tl-ep-bookmark-name', placeholder: 'Name this view', 'aria-label': 'Bookmark name' }, form) as HTMLInputElement;
    const saveButton = el('button', { type: 'button', class: 'tl-ep-bookmark-save', text: 'Save view' }, form);
    list = el('ul', { class: 'tl-ep-bookmark-list', 'aria-label': 'Saved views' }, panel);
    const files = el('div', { class: 'tl-ep-bookmarks-files' }, panel);
    const downloadButton = el('button', { type: 'button', class: 'tl-ep-bookmarks-download', text: 'Download' }, files);
    const uploadButton = el('button', { type: 'button', class: 'tl-ep-bookmarks-upload', text: 'Upload…' }, files);
    fileInput = el('input', { type: 'file', accept: '.json,application/json', hidden: '', 'aria-label': 'Bookmarks file' }, files) as HTMLInputElement;
    parent.insertBefore(panel, parent.firstChild);
    listen(saveButton, 'click', () => {
      try {
        api.save(nameInput!.value.trim() || undefined);
        nameInput!.value = '';
      } catch (e) {
        report(e);
      }
    });
    listen(nameInput, 'keydown', (e) => {
      if ((e as KeyboardEvent).key === 'Enter') {
        e.preventDefault();
        saveButton.click();
      }
    });
    listen(downloadButton, 'click', () => api.download());
    listen(uploadButton, 'click', () => fileInput!.click());
    listen(fileInput, 'change', () => {
      const file = fileInput!.files?.[0];
      if (!file) return;
      file.text().then(
        (text) => {
          if (destroyed) return;
          try {
            api.load(text);
          } catch (e) {
            report(e);
          }
          fileInput!.value = '';
        },
        (e) => report(e),
      );
    });
    listen(list, 'click', (e) => {
      const b = (e.target as Element).closest?.('button[data-bookmark]');
      if (!b) return;
      const i = Number(b.getAttribute('data-bookmark'));
      if (b.getAttribute('data-action') === 'delete') api.delete(i);
      else api.restore(i).catch(report);
    });
  }

  function render(): void {
    if (!list || !summary) return;
    summary.textContent = `Bookmarks (${items.length})`;
    list.replaceChildren();
    items.forEach((b, i) => {
      const li = el('li', { class: 'tl-ep-bookmark' }, list!);
      const where = b.embedding && hooks ? ` · ${b.embedding}` : '';
      el('button', { type: 'button', class: 'tl-ep-bookmark-restore', 'data-bookmark': i, text: b.label, title: `Restore “${b.label}” (${b.state.method} ${b.state.dims}D${where})` }, li);
      el('button', { type: 'button', class: 'tl-ep-bookmark-delete', 'data-bookmark': i, 'data-action': 'delete', text: '×', 'aria-label': `Delete bookmark ${b.label}` }, li);
    });
  }
  render();

  const indexOf = (which: number | string, argument: string): number => {
    const i = typeof which === 'number' ? which : items.findIndex((b) => b.label === which);
    if (!(Number.isInteger(i) && i >= 0 && i < items.length)) {
      throw fail('range', argument, `a saved view: an index below ${items.length} or one of ${items.map((b) => `'${b.label}'`).join(', ') || '(none saved)'}`, describe(which));
    }
    return i;
  };

  const current = (label: string): ProjectorBookmark => {
    const b: ProjectorBookmark = { label, state: projector.getState() };
    if (hooks) b.embedding = hooks.current();
    return b;
  };

  async function apply(b: ProjectorBookmark): Promise<void> {
    if (hooks && b.embedding && b.embedding !== hooks.current()) await hooks.select(b.embedding);
    if (destroyed) return;
    try {
      await projector.setState(b.state);
    } catch (e) {
      // A colour or label column this data does not have (a TensorBoard bookmark of other metadata): the rest of
      // the view still applies, and the reason is reported.
      const field = e instanceof TensorLensError ? /^options\.(color|label)$/.exec(e.argument)?.[1] : undefined;
      if (!field) throw e;
      const rest = { ...b.state };
      delete rest.color;
      delete rest.label;
      await projector.setState(rest);
      report(e);
    }
  }

  // ---- URL state ----
  function writeSoon(): void {
    if (!key || destroyed) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      if (!key || destroyed) return;
      let view: ProjectorBookmark;
      try {
        view = current('url');
      } catch {
        return; // no state yet (nothing projected)
      }
      const text = JSON.stringify(view.state) + (view.embedding ?? '');
      if (text === lastWritten) return;
      lastWritten = text;
      writeUrlState(key, { ...view, label: '' });
    }, URL_STATE_DELAY_MS);
  }
  const unsubscribe = projector.on('render', writeSoon);

  const api: BookmarksController = {
    list: () => items.map((b) => ({ ...b })),
    save(label) {
      if (label !== undefined && typeof label !== 'string') throw fail('type', 'label', 'a string', label);
      let n = items.length + 1;
      while (items.some((b) => b.label === `View ${n}`)) n++;
      const b = current(label ?? `View ${n}`);
      items.push(b);
      render();
      return { ...b };
    },
    restore(which) {
      let b: ProjectorBookmark;
      if (typeof which === 'object' && which !== null) b = readBookmarks([which], { name: 'bookmark' })[0];
      else b = items[indexOf(which, 'bookmark')];
      return apply(b);
    },
    delete(which) {
      items.splice(indexOf(which, 'bookmark'), 1);
      render();
    },
    toJSON: () => bookmarksToJSON(items),
    load(json, opts = {}) {
      const more = readBookmarks(json, { name: 'bookmarks file' });
      items = opts.replace ? more : items.concat(more);
      render();
      return more.length;
    },
    download(filename = 'projector-bookmarks.json') {
      if (!doc || typeof URL.createObjectURL !== 'function') return;
      const url = URL.createObjectURL(new Blob([api.toJSON()], { type: 'application/json' }));
      const a = el('a', { href: url, download: filename, hidden: '' }, doc.body) as HTMLAnchorElement;
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    },
    configure(o) {
      if ('bookmarks' in o) {
        items = Array.isArray(o.bookmarks) ? readBookmarks(o.bookmarks, { name: 'options.bookmarks' }) : [];
        render();
      }
      if ('urlState' in o) {
        const next = urlKey(o.urlState);
        if (key && key !== next) writeUrlState(key, null);
        key = next;
        lastWritten = '';
        writeSoon();
      }
    },
    async restoreFromUrl() {
      if (!key) return false;
      let b: ProjectorBookmark | null;
      try {
        b = readUrlState(key);
      } catch (e) {
        report(e);
        return false;
      }
      if (!b) return false;
      await apply(b);
      return true;
    },
    setEmbeddingHooks(h) {
      hooks = h;
      render();
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      if (timer) clearTimeout(timer);
      unsubscribe();
      for (const c of cleanups.splice(0)) c();
      panel?.remove();
    },
  };
  return api;
}

// ---------------------------------------------------------------------------------------------------------------
// The projector's options and its hook

/** Check of the `bookmarks` option: an array of bookmarks (each checked) or the URL of a bookmarks file. */
export const isBookmarksOption: OptionCheck<unknown> = (value, argument) => {
  if (typeof value === 'string') return;
  if (!Array.isArray(value)) throw fail('option', argument, 'an array of bookmarks { label, state } or the URL of a bookmarks JSON file', value);
  readBookmarks(value, { name: argument });
};

/** Check of the `urlState` option: a boolean or a non-empty hash key without '=', '&' or '#'. */
export const isUrlStateOption: OptionCheck<unknown> = (value, argument) => {
  if (typeof value === 'boolean') return;
  if (typeof value !== 'string' || !/^[^=&#\s]+$/.test(value)) throw fail('option', argument, "true, false, or a key for location.hash (no '=', '&', '#' or spaces)", value);
};

const controllers = new WeakMap<object, BookmarksController>();

/** The bookmarks controller of a projector handle (for the config wrapper's embedding hooks). */
export function bookmarksControllerOf(handle: object): BookmarksController | null {
  return controllers.get(handle) ?? null;
}

/**
 * The projector's hook: a bookmarks controller with its panel at the top of the side panel (`.tl-ep-side`), the
 * `bookmarks` option (an array, or a URL fetched through core's fetchResource, relative to the document) and the
 * `urlState` option; the view in the URL is restored at once. Errors go to `onError` (shown by the projector).
 */
export function attachProjectorBookmarks(
  handle: StatefulProjector & object,
  root: HTMLElement,
  options: { bookmarks?: ProjectorBookmark[] | string | null; urlState?: boolean | string },
  onError: (e: unknown) => void,
): BookmarksController {
  const side = root.querySelector<HTMLElement>('.tl-ep-side') ?? root;
  const c = attachBookmarks(handle, {
    bookmarks: Array.isArray(options.bookmarks) ? options.bookmarks : null,
    urlState: options.urlState,
    panelParent: side,
    onError,
  });
  controllers.set(handle, c);
  let fetchToken = 0;
  const configure = c.configure;
  c.configure = (o) => {
    if ('bookmarks' in o && typeof o.bookmarks === 'string') {
      const url = new URL(o.bookmarks, root.ownerDocument.baseURI).href;
      const token = ++fetchToken;
      configure({ bookmarks: null });
      fetchResource(url, { credentials: 'same-origin' })
        .then((res) => {
          if (!res.ok) throw fail('type', 'options.bookmarks', `a readable file at ${url}`, `HTTP ${res.status}`);
          return res.text();
        })
        .then((text) => {
          if (token === fetchToken) c.load(readBookmarks(text, { name: url }));
        })
        .catch((e) => token === fetchToken && onError(e));
      if ('urlState' in o) configure({ urlState: o.urlState });
      return;
    }
    if ('bookmarks' in o) fetchToken++;
    configure(o);
  };
  if (typeof options.bookmarks === 'string') c.configure({ bookmarks: options.bookmarks });
  c.restoreFromUrl().catch(onError);
  return c;
}

/** Delay between the last frame drawn and writing the view to the URL. */
const URL_STATE_DELAY_MS = 250;
