// The projector from TensorBoard's projector_config.pbtxt in Chromium: the fixture written by TensorBoard's own
// projector plugin (scripts/make-projector-fixture.py; two embeddings of 100 MNIST digits, metadata, a sprite of the
// digits, TensorBoard bookmarks), served by vite; the embedding picker, bookmarks and URL state; the custom element.
import { afterEach, describe as suite, expect, it } from 'vitest';
import { createEmbeddingProjector, type EmbeddingProjectorHandle } from '@tensorlens/views';
import '@tensorlens/elements/define';
import type { TlEmbeddingProjector } from '@tensorlens/elements';
import { loadProjectorConfig, loadProjectorEmbedding } from '../src/embedding-projector/config';
import { readUrlState } from '../src/embedding-projector/bookmarks';
import expected from './fixtures/projector/expected.json';
import { makeBox, until } from '../../../test/support';

const CONFIG = new URL('./fixtures/projector/projector_config.pbtxt', import.meta.url).href;

let handles: EmbeddingProjectorHandle[] = [];
const cleanup: Array<() => void> = [];
afterEach(() => {
  for (const h of handles) h.destroy();
  handles = [];
  for (const c of cleanup.splice(0)) c();
  history.replaceState(null, '', location.pathname + location.search);
});

function projector(options: Parameters<typeof createEmbeddingProjector>[1]): EmbeddingProjectorHandle {
  const box = makeBox(640, 420);
  cleanup.push(() => box.remove());
  const h = createEmbeddingProjector(box, options);
  handles.push(h);
  return h;
}

const picker = (h: EmbeddingProjectorHandle) => h.element.querySelector<HTMLSelectElement>('select.tl-ep-embedding');

suite('a projector from projector_config.pbtxt', () => {
  it('while loading, a projector member says to wait; any other name (a library probe) reads undefined', async () => {
    const h = projector({ config: CONFIG });
    expect(() => h.pointCloud).toThrow(/loaded first/);
    expect((h as unknown as Record<string, unknown>).__storyId__).toBeUndefined();
    expect((h as unknown as Record<string, unknown>).then).toBeUndefined();
    await h.whenRendered();
    expect(h.pointCloud.count).toBe(expected.embeddings[0].tensorShape[0]);
  });

  it('loads the sprite sheet TensorBoard names, decoded to the pixels the script wrote', async () => {
    const cfg = await loadProjectorConfig(CONFIG);
    const got = await loadProjectorEmbedding(cfg, 0);
    const sprite = got.sprite!;
    expect([sprite.image.width, sprite.image.height]).toEqual([expected.sprite.width, expected.sprite.height]);
    expect(sprite.singleImageDim).toEqual([28, 28]);
    const canvas = new OffscreenCanvas(sprite.image.width, sprite.image.height);
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(sprite.image, 0, 0);
    for (const [x, y, grey] of expected.sprite.pixels) expect(Array.from(ctx.getImageData(x, y, 1, 1).data)).toEqual([grey, grey, grey, 255]);
    sprite.image.close();
  });

  it('draws the first embedding, shows a picker of both, and switching redraws the other', async () => {
    const h = projector({ config: CONFIG });
    await h.whenRendered();
    expect(h.embeddingName).toBe('digits/pooled');
    expect(h.config!.embeddings.map((e) => e.tensorName)).toEqual(['digits/pooled', 'digits/random']);
    expect(h.shape).toEqual([100, 49]);
    expect(h.data!.names).toEqual(['label', 'index']);
    const first = await h.whenProjected();
    expect(first!.positions.length).toBe(200);
    const select = picker(h)!;
    expect(Array.from(select.options, (o) => o.textContent)).toEqual(['digits/pooled', 'digits/random']);
    expect(select.value).toBe('digits/pooled');

    const projected = new Promise<Float32Array>((resolve) => h.on('projection', (r) => resolve(r.positions)));
    select.value = 'digits/random';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    const positions = await projected;
    await until(() => h.embeddingName === 'digits/random', 'the second embedding shown');
    expect(h.shape).toEqual([100, 8]);
    expect(h.data!.names).toEqual(['label']);
    expect(h.data!.columns.label[0]).toBe('digit 0');
    expect(positions.length).toBe(200);
    expect(Array.from(positions)).not.toEqual(Array.from(first!.positions));
    await h.whenRendered();
    // The neighbours now come from the 8-dimensional vectors.
    const res = await h.showNeighbors(0);
    expect(res!.indices.length).toBe(10);
  });

  it("restores TensorBoard's bookmarks from bookmarks_path: projection and selection", async () => {
    const h = projector({ config: CONFIG });
    await h.whenRendered();
    expect(h.bookmarks.list().map((b) => b.label)).toEqual(['A three, by label', 'Sevens in t-SNE 3D']);
    await h.bookmarks.restore('A three, by label');
    const s = h.getState();
    expect([s.method, s.dims, s.selection, s.color]).toEqual(['pca', 2, [31], 'label']);
    // The panel lists them as buttons (text, keyboard-focusable), collapsed by default.
    const panel = h.element.querySelector('details.tl-ep-bookmarks')!;
    expect(panel.hasAttribute('open')).toBe(false);
    expect(Array.from(panel.querySelectorAll('button.tl-ep-bookmark-restore'), (b) => b.textContent)).toEqual(['A three, by label', 'Sevens in t-SNE 3D']);
  });

  it('saves a view, writes its JSON, and a new projector restores it to the same getState()', async () => {
    const h = projector({ config: CONFIG, bookmarks: [] });
    await h.whenRendered();
    await h.setState({ version: 1, method: 'pca', dims: 2, pca: { axes: [1, 2] }, selection: [3, 40, 77], search: '7', color: 'label' });
    h.pointCloud.setCamera({ view: '2d', center: [0.05, -0.02], zoom: 1.7, aspect: 1 });
    const saved = h.bookmarks.save('three points');
    const json = h.bookmarks.toJSON();

    const other = projector({ config: CONFIG });
    await other.whenRendered();
    // The file holds the config's two TensorBoard bookmarks and the one saved.
    expect(JSON.parse(json).bookmarks.map((b: { label: string }) => b.label)).toEqual(['A three, by label', 'Sevens in t-SNE 3D', 'three points']);
    expect(other.bookmarks.load(json, { replace: true })).toBe(3);
    await other.bookmarks.restore('three points');
    expect(other.getState()).toEqual(saved.state);
    expect(other.getState()).toEqual(h.getState());
  });

  it('keeps the view in location.hash and a new projector restores it (embedding included)', async () => {
    const h = projector({ config: CONFIG, urlState: 'view' });
    await h.whenRendered();
    await h.selectEmbedding('digits/random');
    await h.setState({ version: 1, method: 'pca', dims: 2, selection: [5, 6] });
    await until(() => readUrlState('view')?.state.selection?.length === 2, 'the view written to the URL', 5000);
    expect(readUrlState('view')!.embedding).toBe('digits/random');
    const hash = location.hash;
    h.destroy();

    expect(location.hash).toBe(hash);
    const again = projector({ config: CONFIG, urlState: 'view' });
    await again.whenRendered();
    await until(() => again.getState().selection?.length === 2, 'the selection restored', 5000);
    expect(again.embeddingName).toBe('digits/random');
    expect(again.getState().selection).toEqual([5, 6]);
  });

  it('says which file is missing, in the container and through whenRendered()', async () => {
    const h = projector({ config: new URL('./fixtures/projector/no-such-config.pbtxt', import.meta.url).href });
    await expect(h.whenRendered()).rejects.toMatchObject({ name: 'TensorLensError', argument: 'config' });
    expect(h.element.querySelector('[role="alert"]')!.textContent).toContain('no-such-config.pbtxt');
  });

  it('a bad update of a config projector throws a typed error and changes nothing; a good one applies', async () => {
    const h = projector({ config: CONFIG });
    await h.whenRendered();
    const before = h.getState();
    expect(() => h.update({ method: 'lda' as never })).toThrow(/options\.method/);
    expect(() => h.update({ embedding: [[1, 2], [3, 4]] })).toThrow(/options\.config/);
    expect(h.getState()).toEqual(before);
    h.update({ dims: 3 });
    await h.whenProjected();
    expect(h.getState().dims).toBe(3);
  });

  it('requires exactly one of embedding and config', () => {
    const box = makeBox(200, 200);
    cleanup.push(() => box.remove());
    expect(() => createEmbeddingProjector(box, {})).toThrow(/options\.embedding/);
    expect(() => createEmbeddingProjector(box, { config: CONFIG, embedding: [[1, 2], [3, 4]] })).toThrow(/options\.config/);
  });
});

suite('bookmarks and URL state of a projector of an embedding', () => {
  it('fetches bookmarks from a URL, restores one whose colour column is missing, and keeps the view in the hash', async () => {
    const cfg = await loadProjectorConfig(CONFIG);
    const loaded = await loadProjectorEmbedding(cfg, 1, { sprite: false }); // metadata: one 'label' column
    const url = new URL('./fixtures/projector/pooled-bookmarks.json', import.meta.url).href;
    const errors: string[] = [];
    const h = projector({ embedding: loaded.embedding, data: loaded.metadata, bookmarks: url, urlState: true });
    h.on('error', (e) => errors.push(e.message));
    await h.whenRendered();
    await until(() => h.bookmarks.list().length === 2, 'the bookmarks file fetched');
    // 'Sevens in t-SNE 3D' labels by 'index', a column this metadata lacks: the rest applies and the reason is told.
    await h.bookmarks.restore(1);
    const s = h.getState();
    expect([s.method, s.dims, s.selection]).toEqual(['tsne', 3, [70, 71, 72, 73, 74, 75, 76, 77, 78, 79]]);
    expect(errors.join(' ')).toContain('options.label');
    await until(() => readUrlState('projector')?.state.method === 'tsne', 'the view written to the URL', 8000);
    h.destroy();

    const again = projector({ embedding: loaded.embedding, data: loaded.metadata, urlState: true });
    const againErrors: string[] = [];
    again.on('error', (e) => againErrors.push(e.message));
    await again.whenRendered();
    await until(() => again.getState().selection?.length === 10 || againErrors.length > 0, 'the selection restored from the URL', 20000);
    expect(againErrors).toEqual([]);
    expect([again.getState().method, again.getState().dims]).toEqual(['tsne', 3]);
  });
});

suite('<tl-embedding-projector config>', () => {
  it('loads the fixture, shows the picker with two embeddings, and switching redraws', async () => {
    const el = document.createElement('tl-embedding-projector') as TlEmbeddingProjector;
    el.setAttribute('config', CONFIG);
    el.setAttribute('eager', '');
    el.style.height = '420px';
    document.body.append(el);
    cleanup.push(() => el.remove());
    await until(() => el.projector != null, 'the projector created');
    const h = el.projector!;
    await h.whenRendered();
    expect(h.shape).toEqual([100, 49]);
    const select = el.querySelector<HTMLSelectElement>('select.tl-ep-embedding')!;
    expect(select.options.length).toBe(2);
    const projected = new Promise<void>((resolve) => el.addEventListener('tl-projection', () => resolve(), { once: true }));
    select.value = 'digits/random';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await projected;
    expect(h.shape).toEqual([100, 8]);
  });

  it('takes bookmarks and url-state attributes', async () => {
    const el = document.createElement('tl-embedding-projector') as TlEmbeddingProjector;
    el.setAttribute('config', CONFIG);
    el.setAttribute('bookmarks', new URL('./fixtures/projector/pooled-bookmarks.json', import.meta.url).href);
    el.setAttribute('url-state', 'el-view');
    el.setAttribute('eager', '');
    document.body.append(el);
    cleanup.push(() => el.remove());
    await until(() => el.projector != null, 'the projector created');
    const h = el.projector!;
    await h.whenRendered();
    // The attribute's file and the config's bookmarks_path (the same two views here).
    await until(() => h.bookmarks.list().length === 4, 'both bookmark sources loaded');
    await h.bookmarks.restore(0);
    await until(() => readUrlState('el-view')?.state.selection?.[0] === 31, 'the view in location.hash', 8000);
    expect(readUrlState('el-view')!.embedding).toBe('digits/pooled');
  });
});
