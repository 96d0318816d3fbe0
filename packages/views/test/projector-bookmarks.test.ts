// Bookmarks: our file format and TensorBoard's (its vz_projector State objects), the URL hash, and the panel's DOM.
// The projector itself (getState/setState with real projections) is exercised in projector-config.browser.test.ts.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { validateState, type ProjectorState } from '@tensorlens/views';
import { expectError } from '../../../test/support';
import {
  attachBookmarks,
  BOOKMARKS_FORMAT,
  bookmarksToJSON,
  fromTensorBoardState,
  hashWithState,
  readBookmarks,
  readUrlState,
  type StatefulProjector,
} from '../src/embedding-projector/bookmarks';

const tensorBoardFile = readFileSync(resolve(process.cwd(), 'packages/views/test/fixtures/projector/pooled-bookmarks.json'), 'utf8');

describe("TensorBoard's bookmarks", () => {
  it('maps each State onto a ProjectorState: projection, dimensions, parameters, selection, colour and label', () => {
    const list = readBookmarks(tensorBoardFile, { embedding: 'digits/pooled' });
    expect(list.map((b) => b.label)).toEqual(['A three, by label', 'Sevens in t-SNE 3D']);
    expect(list[0]).toEqual({
      label: 'A three, by label',
      embedding: 'digits/pooled',
      state: { version: 1, method: 'pca', dims: 2, pca: { axes: [0, 1] }, selection: [31], color: 'label', label: 'label' },
    });
    expect(list[1].state).toEqual({
      version: 1,
      method: 'tsne',
      dims: 3,
      tsne: { perplexity: 12, learningRate: 10, iterations: 250 },
      selection: [70, 71, 72, 73, 74, 75, 76, 77, 78, 79],
      color: 'label',
      label: 'index',
    });
  });

  it('reads UMAP, custom, 3-component PCA, filtered points and "no colour"', () => {
    expect(fromTensorBoardState({ selectedProjection: 'umap', umapIs3d: false, umapNeighbors: 25 })).toEqual({ version: 1, method: 'umap', dims: 2, umap: { nNeighbors: 25 } });
    expect(fromTensorBoardState({ selectedProjection: 'pca', pcaComponentDimensions: [2, 0, 1], selectedColorOptionName: '' })).toEqual({
      version: 1,
      method: 'pca',
      dims: 3,
      pca: { axes: [2, 0, 1] },
      color: null,
    });
    expect(fromTensorBoardState({ selectedProjection: 'custom', filteredPoints: [9, 4] })).toMatchObject({ method: 'custom', dims: 2, isolate: [4, 9] });
  });

  it('names the bad entry', () => {
    expectError(() => readBookmarks([{ selectedProjection: 'lda' }]), 'option', 'bookmarks[0].selectedProjection');
    expectError(() => readBookmarks([{ selectedProjection: 'pca', selectedPoints: [1, -2] }]), 'type', 'bookmarks[0].selectedPoints');
    expectError(() => readBookmarks('[{"label": "x", "state": {"version": 1, "method": "pca", "dims": 4}}]'), 'option', 'bookmarks[0].state.dims');
    expectError(() => readBookmarks('not json'), 'parse', 'bookmarks');
    expectError(() => readBookmarks({ format: 'other', bookmarks: [] }), 'type', 'bookmarks.format');
  });
});

describe('our bookmarks file', () => {
  const state: ProjectorState = validateState({ version: 1, method: 'tsne', dims: 2, tsne: { perplexity: 30 }, selection: [1, 2], search: '/^7/', camera: { view: '2d', center: [0.5, -1], zoom: 2, aspect: 1 } });
  it('round-trips through bookmarksToJSON and readBookmarks', () => {
    const list = [{ label: 'a', state }, { label: 'b', state: { ...state, method: 'pca' as const }, embedding: 'second' }];
    const json = bookmarksToJSON(list);
    expect(JSON.parse(json).format).toBe(BOOKMARKS_FORMAT);
    expect(readBookmarks(json)).toEqual(list);
  });

  it('keeps a view in the hash beside other keys, and reads it back', () => {
    const hash = hashWithState('#tab=2&other=x%20y', 'view', { label: '', state, embedding: 'e' });
    expect(hash.startsWith('#tab=2&other=x%20y&view=')).toBe(true);
    expect(readUrlState('view', hash)).toEqual({ label: '', state, embedding: 'e' });
    expect(readUrlState('nothing', hash)).toBeNull();
    expect(hashWithState(hash, 'view', null)).toBe('#tab=2&other=x%20y');
    expectError(() => readUrlState('view', '#view=%7Bbroken'), 'parse', 'location.hash.view');
  });
});

describe('the bookmarks panel', () => {
  /** The smallest holder of a state: what the panel needs of a projector (getState, setState, render events). */
  function holder(initial: ProjectorState): StatefulProjector & { state: ProjectorState; emit(): void } {
    const listeners = new Set<(e: { count: number }) => void>();
    return {
      state: initial,
      getState() {
        return this.state;
      },
      setState(s: ProjectorState) {
        this.state = validateState(s);
      },
      on(_type, fn) {
        listeners.add(fn);
        return () => listeners.delete(fn);
      },
      emit() {
        for (const fn of listeners) fn({ count: 1 });
      },
    };
  }
  let parent: HTMLElement;
  afterEach(() => parent?.remove());

  it('lists, saves with a name (Enter), restores and deletes with buttons: text only', async () => {
    parent = document.createElement('div');
    document.body.append(parent);
    const p = holder({ version: 1, method: 'pca', dims: 2 });
    const c = attachBookmarks(p, { panelParent: parent, bookmarks: [{ label: '<img src=x onerror=alert(1)>', state: { version: 1, method: 'umap', dims: 3 } }] });
    const panel = parent.querySelector('details.tl-ep-bookmarks')!;
    expect(panel.querySelector('summary')!.textContent).toBe('Bookmarks (1)');
    expect(panel.querySelector('img')).toBeNull();
    expect(panel.querySelector('.tl-ep-bookmark-restore')!.textContent).toBe('<img src=x onerror=alert(1)>');

    const name = panel.querySelector<HTMLInputElement>('.tl-ep-bookmark-name')!;
    name.value = 'tsne view';
    p.state = { version: 1, method: 'tsne', dims: 2, selection: [4] };
    name.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    expect(c.list().map((b) => b.label)).toEqual(['<img src=x onerror=alert(1)>', 'tsne view']);
    expect(panel.querySelector('summary')!.textContent).toBe('Bookmarks (2)');

    panel.querySelectorAll<HTMLButtonElement>('.tl-ep-bookmark-restore')[0].click();
    await Promise.resolve();
    expect(p.state).toEqual({ version: 1, method: 'umap', dims: 3 });
    await c.restore('tsne view');
    expect(p.state).toEqual({ version: 1, method: 'tsne', dims: 2, selection: [4] });

    panel.querySelector<HTMLButtonElement>('.tl-ep-bookmark-delete[aria-label="Delete bookmark tsne view"]')!.click();
    expect(c.list().map((b) => b.label)).toEqual(['<img src=x onerror=alert(1)>']);
    expectError(() => c.delete('gone'), 'range', 'bookmark');
    c.destroy();
    expect(parent.querySelector('.tl-ep-bookmarks')).toBeNull();
  });
});
