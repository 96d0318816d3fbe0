// The projector's controls (Parameters panel, pause/resume, PCA component picker, spherize, isolate, custom
// projections) and its state (getState/setState), in Chromium. Each test drives the DOM a user would and checks what
// is computed and drawn against an independent computation made here.
import { afterEach, beforeEach, describe as suite, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { pca, tsne } from '@tensorlens/explain';
import { createEmbeddingProjector, validateState, type EmbeddingProjectorHandle, type ProjectorState } from '@tensorlens/views';
import { expectError, firstComponentScores, makeBox, rng, until } from '../../../test/support';

// ---- data: three seeded Gaussian clusters in 12 dimensions, labelled "<group>-<row>" ----
const N = 150;
const D = 12;
const rand = rng(7);
const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
const GROUPS = ['alpha', 'beta', 'gamma'];
const data = new Float32Array(N * D);
const group: string[] = [];
for (let i = 0; i < N; i++) {
  const c = i % 3;
  group.push(GROUPS[c]);
  for (let j = 0; j < D; j++) data[i * D + j] = (j % 3 === c ? 5 : 0) + (j === 0 ? 2 * c : 0) + 1.5 + gauss() * (0.5 + j / 12);
}
const E = { data, shape: [N, D] as [number, number] };
const table = () => ({ label: Array.from({ length: N }, (_, i) => `${group[i]}-${i}`), group });

const column = (p: Float32Array, dims: number, t: number, rows?: ArrayLike<number>) => Array.from(rows ?? { length: p.length / dims }, (_, i) => p[(rows ? rows[i] : i) * dims + t]);

function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, tol: number): void {
  expect(got.length).toBe(want.length);
  let worst = 0;
  for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
  expect(worst).toBeLessThan(tol);
}

/** Equal up to the sign of the whole column (principal axes have no sign). */
function expectSameAxis(got: ArrayLike<number>, want: ArrayLike<number>, tol: number): void {
  let dot = 0;
  for (let i = 0; i < got.length; i++) dot += got[i] * want[i];
  expectClose(got, Array.from(want, (v) => (dot < 0 ? -v : v)), tol);
}

// ---- a Worker spy: counts the workers started ----
const RealWorker = globalThis.Worker;
let started = 0;
class SpyWorker extends RealWorker {
  constructor(url: string | URL, opts?: WorkerOptions) {
    super(url, opts);
    started++;
  }
}

let box: HTMLDivElement;
let ep: EmbeddingProjectorHandle | null = null;
beforeEach(() => {
  box = makeBox(760, 560);
  started = 0;
  globalThis.Worker = SpyWorker as typeof Worker;
});
afterEach(() => {
  ep?.destroy();
  ep = null;
  box.remove();
  globalThis.Worker = RealWorker;
});

const $ = <T extends Element = HTMLElement>(sel: string) => ep!.element.querySelector<T>(sel)!;
const status = () => $('.tl-ep-status-text').textContent ?? '';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Types `value` into an input and leaves it (a `change`, as a user's Tab does). */
async function enter(sel: string, value: string): Promise<void> {
  const input = $<HTMLInputElement>(sel);
  await userEvent.click($('.tl-ep-params > summary')).catch(() => {});
  if (!$<HTMLDetailsElement>('.tl-ep-params').open) $<HTMLDetailsElement>('.tl-ep-params').open = true;
  await userEvent.fill(input, value);
  await userEvent.tab();
}

suite('projector controls', () => {
  it('t-SNE perplexity typed in the Parameters panel runs a new t-SNE with it, equal to explain’s tsne() with that perplexity', async () => {
    const params = { iterations: 100, perplexity: 30 };
    ep = createEmbeddingProjector(box, { embedding: E, data: table(), method: 'tsne', tsne: params, seed: 3 });
    const first = (await ep.whenProjected())!;
    expect(first.method).toBe('tsne');
    expect($<HTMLDetailsElement>('.tl-ep-params-tsne').hidden).toBe(false);
    expect($<HTMLDetailsElement>('.tl-ep-params-pca').hidden).toBe(true);
    expect($<HTMLInputElement>('.tl-ep-perplexity').value).toBe('30');
    await enter('.tl-ep-perplexity', '5');
    const second = (await ep.whenProjected())!;
    expect(second).not.toBe(first);
    const reference = await tsne(E, { iterations: 100, perplexity: 5, seed: 3 });
    expect(Array.from(second.positions)).toEqual(Array.from(reference.positions));
    expect(ep.getState().tsne).toEqual({ perplexity: 5, iterations: 100 });
    // A bad value is refused on screen and changes nothing.
    await enter('.tl-ep-perplexity', '-2');
    expect(ep.busy).toBe(false);
    expect($('.tl-ep-error').textContent).toContain('options.tsne.perplexity');
    expect($<HTMLInputElement>('.tl-ep-perplexity').value).toBe('5');
    // Learning rate and iterations reach the computation too; Re-run runs it again with the same result.
    await enter('.tl-ep-iterations', '60');
    await enter('.tl-ep-learning-rate', '80');
    const third = (await ep.whenProjected())!;
    const ref3 = await tsne(E, { iterations: 60, perplexity: 5, learningRate: 80, seed: 3 });
    expect(Array.from(third.positions)).toEqual(Array.from(ref3.positions));
    await userEvent.click($('.tl-ep-params-tsne .tl-ep-rerun'));
    const fourth = (await ep.whenProjected())!;
    expect(fourth).not.toBe(third);
    expect(Array.from(fourth.positions)).toEqual(Array.from(ref3.positions));
  });

  it('Pause stops the running t-SNE (status: paused at iteration N), Resume continues it to the unpaused layout', async () => {
    const params = { iterations: 1500, perplexity: 20 };
    ep = createEmbeddingProjector(box, { embedding: E, data: table(), tsne: params });
    await ep.whenProjected();
    let iteration = 0;
    ep.on('progress', (p) => (iteration = Math.max(iteration, p.iteration)));
    await userEvent.selectOptions($<HTMLSelectElement>('.tl-ep-method'), 'tsne');
    await until(() => iteration >= 30, 't-SNE past iteration 30', 30_000);
    expect(ep.busy).toBe(true);
    expect($('.tl-ep-pause').hidden).toBe(false);
    $('.tl-ep-pause').click(); // in this turn, while it runs (a driven click could land after the run ended)
    expect(ep.paused).toBe(true);
    expect($('.tl-ep-pause').textContent).toBe('Resume');
    expect($('.tl-ep-pause').getAttribute('aria-pressed')).toBe('true');
    await until(() => /paused at iteration \d+/.test(status()), 'the paused status', 5000);
    const at = Number(/paused at iteration (\d+)/.exec(status())![1]);
    const seen = iteration;
    expect(at).toBeGreaterThanOrEqual(seen);
    await sleep(400);
    expect(iteration).toBe(seen);
    expect(ep.busy).toBe(true);
    expect(status()).toContain(`paused at iteration ${at}`);
    await userEvent.click($('.tl-ep-pause'));
    expect(ep.paused).toBe(false);
    const res = (await ep.whenProjected())!;
    expect(iteration).toBeGreaterThan(seen);
    const reference = await tsne(E, { ...params, seed: 42 });
    expect(Array.from(res.positions)).toEqual(Array.from(reference.positions));
    expect($('.tl-ep-pause').hidden).toBe(true);
  });

  it('UMAP neighbours and min-dist from the panel reach the computation', async () => {
    ep = createEmbeddingProjector(box, { embedding: E, data: table(), method: 'umap', umap: { nEpochs: 50 } });
    const first = (await ep.whenProjected())!;
    expect($<HTMLElement>('.tl-ep-params-umap').hidden).toBe(false);
    await enter('.tl-ep-neighbors-input', '5');
    await enter('.tl-ep-min-dist', '0.8');
    const res = (await ep.whenProjected())!;
    expect(res).not.toBe(first);
    expect(ep.getState().umap).toEqual({ nEpochs: 50, nNeighbors: 5, minDist: 0.8 });
    const { umap } = await import('@tensorlens/explain');
    const reference = await umap(E, { nEpochs: 50, nNeighbors: 5, minDist: 0.8, seed: 42 });
    expect(Array.from(res.positions)).toEqual(Array.from(reference.positions));
  });

  it('the PCA picker draws PC3 against PC1 with their variance beside each name, without a new worker', async () => {
    ep = createEmbeddingProjector(box, { embedding: E, data: table() });
    const first = (await ep.whenProjected())!;
    const workers = started;
    const reference = await pca(E, { components: 10 });
    const options = Array.from($<HTMLSelectElement>('.tl-ep-axis-x').options, (o) => o.textContent);
    expect(options).toHaveLength(10);
    expect(options[2]).toBe(`PC3 · ${(reference.explainedVarianceRatio![2] * 100).toFixed(1)} %`);
    expect($<HTMLElement>('.tl-ep-axis-z').closest('label')!.hidden).toBe(true); // 2D: no z
    let progress = 0;
    ep.on('progress', () => progress++);
    await userEvent.click($('.tl-ep-params > summary'));
    await userEvent.selectOptions($<HTMLSelectElement>('.tl-ep-axis-x'), '2'); // X = PC3
    await userEvent.selectOptions($<HTMLSelectElement>('.tl-ep-axis-y'), '0'); // Y = PC1
    const res = (await ep.whenProjected())!;
    expect(res).not.toBe(first);
    expect(res.axes).toEqual([2, 0]);
    expect(started).toBe(workers + 1); // only the reference pca() above started one
    expect(progress).toBe(0);
    expectClose(column(res.positions, 2, 0), column(reference.positions, 10, 2), 1e-4);
    expectClose(column(res.positions, 2, 1), column(reference.positions, 10, 0), 1e-4);
    expect($('.tl-ep-variance').textContent).toContain(`PC3 ${(reference.explainedVarianceRatio![2] * 100).toFixed(1)} %, PC1`);
    // By keyboard: the X picker takes focus and the arrow keys choose the next component.
    $<HTMLSelectElement>('.tl-ep-axis-x').focus();
    await userEvent.keyboard('{ArrowDown}');
    expect((await ep.whenProjected())!.axes).toEqual([3, 0]);
    await userEvent.selectOptions($<HTMLSelectElement>('.tl-ep-axis-x'), '2');
    expect((await ep.whenProjected())!.axes).toEqual([2, 0]);
    // Picking on y the component shown on x swaps them.
    await userEvent.selectOptions($<HTMLSelectElement>('.tl-ep-axis-y'), '2');
    expect((await ep.whenProjected())!.axes).toEqual([0, 2]);
    // 3D: a z axis among the 10, still no new computation.
    ep.update({ dims: 3, pca: { axes: [4, 1, 0] } });
    const r3 = (await ep.whenProjected())!;
    expect(started).toBe(workers + 1);
    expectClose(column(r3.positions, 3, 0), column(reference.positions, 10, 4), 1e-4);
    expectClose(column(r3.positions, 3, 2), column(reference.positions, 10, 0), 1e-4);
    // Out-of-range and repeated axes are refused naming the option.
    expectError(() => ep!.update({ pca: { axes: [0, 10] } }), 'range', 'options.pca.axes[1]');
    expectError(() => ep!.update({ pca: { axes: [1, 1] } }), 'option', 'options.pca.axes');
    expect(ep.projection).toBe(r3);
  });

  it('spherize projects the centred, unit-length vectors (PCA vs an independent power iteration)', async () => {
    ep = createEmbeddingProjector(box, { embedding: E, data: table() });
    const plain = (await ep.whenProjected())!;
    await userEvent.click($('.tl-ep-spherize'));
    expect(ep.getState().spherize).toBe(true);
    const res = (await ep.whenProjected())!;
    expect(res).not.toBe(plain);
    const mean = new Float64Array(D);
    for (let i = 0; i < N; i++) for (let j = 0; j < D; j++) mean[j] += data[i * D + j] / N;
    const s = new Float64Array(N * D);
    for (let i = 0; i < N; i++) {
      let q = 0;
      for (let j = 0; j < D; j++) q += (data[i * D + j] - mean[j]) ** 2;
      for (let j = 0; j < D; j++) s[i * D + j] = (data[i * D + j] - mean[j]) / Math.sqrt(q);
    }
    expectSameAxis(column(res.positions, 2, 0), firstComponentScores(s, N, D, 300), 1e-4);
    // … which is not the plain PCA's axis.
    let differs = 0;
    const want = firstComponentScores(s, N, D, 300);
    const plainX = column(plain.positions, 2, 0);
    for (let i = 0; i < N; i++) differs = Math.max(differs, Math.abs(Math.abs(plainX[i]) - Math.abs(want[i])));
    expect(differs).toBeGreaterThan(0.5);
    await userEvent.click($('.tl-ep-spherize'));
    const back = (await ep.whenProjected())!;
    expectSameAxis(column(back.positions, 2, 0), firstComponentScores(data, N, D, 300), 1e-3);
  });

  it('"Isolate N points" projects and draws only the selected rows (original row numbers), "Show all" restores', async () => {
    ep = createEmbeddingProjector(box, { embedding: E, data: table() });
    await ep.whenProjected();
    expect($('.tl-ep-isolate').hidden).toBe(true);
    const rows = Array.from({ length: N }, (_, i) => i).filter((i) => group[i] !== 'gamma' && i % 2 === 0);
    ep.pointCloud.selection.set(rows);
    expect($('.tl-ep-isolate').hidden).toBe(false);
    expect($('.tl-ep-isolate').textContent).toBe(`Isolate ${rows.length} points`);
    await userEvent.click($('.tl-ep-isolate'));
    const res = (await ep.whenProjected())!;
    expect(Array.from(res.rows!)).toEqual(rows);
    expect(ep.getState().isolate).toEqual(rows);
    // PCA of the isolated rows only, against the independent reference on those rows.
    const sub = new Float32Array(rows.length * D);
    rows.forEach((r, i) => sub.set(data.subarray(r * D, (r + 1) * D), i * D));
    expectSameAxis(column(res.positions, 2, 0, rows), firstComponentScores(sub, rows.length, D, 300), 1e-3);
    // The others are not drawn; the drawn ones keep their row numbers.
    await ep.whenRendered();
    expect(ep.pointCloud.skipped).toBe(N - rows.length);
    expect(ep.pointCloud.screenPosition(1)).toBeNull();
    const p = ep.pointCloud.screenPosition(rows[3])!;
    expect(p).not.toBeNull();
    expect(await ep.pointCloud.pick(p[0] + ep.pointCloud.element.getBoundingClientRect().left, p[1] + ep.pointCloud.element.getBoundingClientRect().top)).toBe(rows[3]);
    expect($('.tl-ep-status-text').textContent).toContain(`${rows.length} isolated of ${N} points`);
    await userEvent.click($('.tl-ep-show-all'));
    const all = (await ep.whenProjected())!;
    expect(all.rows).toBeNull();
    await ep.whenRendered();
    expect(ep.pointCloud.skipped).toBe(0);
    expect($('.tl-ep-show-all').hidden).toBe(true);
    // t-SNE of an isolated set: the same as explain's t-SNE of those rows.
    ep.update({ method: 'tsne', tsne: { iterations: 80 }, isolate: rows });
    const t = (await ep.whenProjected())!;
    const ref = await tsne({ data: sub, shape: [rows.length, D] }, { iterations: 80, seed: 42 });
    expect(column(t.positions, 2, 0, rows)).toEqual(column(ref.positions, 2, 0));
    expectError(() => ep!.update({ isolate: [0, N] }), 'range', 'options.isolate[1]');
    // Fewer isolated rows than components: every axis of the picker still draws (finite positions).
    ep.update({ method: 'pca', isolate: [0, 1, 2, 3], pca: { axes: [6, 0] } });
    const few = (await ep.whenProjected())!;
    expect(few.axes).toEqual([6, 0]);
    expect([0, 1, 2, 3].every((r) => Number.isFinite(few.positions[r * 2]) && Number.isFinite(few.positions[r * 2 + 1]))).toBe(true);
  });

  it('a custom projection from four searches equals the closed form computed here, and shows match counts', async () => {
    ep = createEmbeddingProjector(box, { embedding: E, data: table() });
    await ep.whenProjected();
    await userEvent.selectOptions($<HTMLSelectElement>('.tl-ep-method'), 'custom');
    // no searches yet: the panel opens and says what to type; the PCA layout stays, no error
    expect((await ep.whenProjected())!.method).toBe('pca');
    expect($<HTMLDetailsElement>('.tl-ep-params').open).toBe(true);
    expect($<HTMLElement>('.tl-ep-params-custom').hidden).toBe(false);
    expect(status()).toContain('type a search');
    expect($('.tl-ep-error').hidden).toBe(true);
    await enter('.tl-ep-custom-left', 'alpha');
    await enter('.tl-ep-custom-right', 'beta');
    await enter('.tl-ep-custom-up', '/^gamma-1\\d$/');
    expect(Array.from(ep.element.querySelectorAll('.tl-ep-custom-count'), (e) => e.textContent).slice(0, 2)).toEqual(['50 matches', '50 matches']);
    expect(status()).toContain('type a search');
    await enter('.tl-ep-custom-down', 'gamma');
    const res = (await ep.whenProjected())!;
    expect(res.method).toBe('custom');
    expect(res.dims).toBe(2);
    const counts = Array.from(ep.element.querySelectorAll('.tl-ep-custom-count'), (e) => e.textContent);
    const matches = (f: (s: string) => boolean) => table().label.filter(f).length;
    const up = (s: string) => /^gamma-1\d$/.test(s);
    expect(counts).toEqual([`${matches((s) => s.includes('alpha'))} matches`, `${matches((s) => s.includes('beta'))} matches`, `${matches(up)} matches`, `${matches((s) => s.includes('gamma'))} matches`]);
    // closed form: unit directions between the means; centred vectors projected on them
    const labels = table().label;
    const meanOf = (f: (i: number) => boolean) => {
      const m = new Float64Array(D);
      let c = 0;
      for (let i = 0; i < N; i++) if (f(i)) {
        c++;
        for (let j = 0; j < D; j++) m[j] += data[i * D + j];
      }
      return m.map((v) => v / c);
    };
    const unit = (a: Float64Array, b: Float64Array) => {
      const v = a.map((x, j) => x - b[j]);
      const n = Math.hypot(...v);
      return v.map((x) => x / n);
    };
    const all = meanOf(() => true);
    const xDir = unit(meanOf((i) => labels[i].includes('beta')), meanOf((i) => labels[i].includes('alpha')));
    const yDir = unit(meanOf((i) => up(labels[i])), meanOf((i) => labels[i].includes('gamma')));
    const want = (dir: Float64Array) => Array.from({ length: N }, (_, i) => {
      let s = 0;
      for (let j = 0; j < D; j++) s += (data[i * D + j] - all[j]) * dir[j];
      return s;
    });
    expectClose(column(res.positions, 2, 0), want(xDir), 1e-4);
    expectClose(column(res.positions, 2, 1), want(yDir), 1e-4);
    // alpha left of beta on screen
    await ep.whenRendered();
    expect(ep.pointCloud.screenPosition(0)![0]).toBeLessThan(ep.pointCloud.screenPosition(1)![0]);
    // A search that matches nothing: a typed error naming the side, shown on screen.
    const errors: unknown[] = [];
    ep.on('error', (e) => errors.push(e.error));
    ep.update({ custom: { left: 'alpha', right: 'delta', up: 'gamma', down: 'beta' } });
    expect(await ep.whenProjected()).toBeNull();
    expect(errors[0]).toMatchObject({ name: 'TensorLensError', code: 'empty', argument: 'options.custom.right' });
    expect($('.tl-ep-error').textContent).toContain('options.custom.right');
    expect(Array.from(ep.element.querySelectorAll('.tl-ep-custom-count'), (e) => e.textContent)[1]).toBe('0 matches');
    expectError(() => ep!.update({ custom: { left: 'a', right: 'b', up: 'c' } as never }), 'option', 'options.custom.down');
  });
});

suite('projector: labels and sprites (drawn by the point cloud)', () => {
  it('passes sprite (TensorBoard layout, one image per vector), spriteMinSize and labels to the point cloud; bad ones name options.X', async () => {
    // one 4×4 grey image per row, brightness = row's group
    const pixels = new Uint8Array(N * 16);
    for (let i = 0; i < N; i++) pixels.fill(60 + 80 * (i % 3), i * 16, (i + 1) * 16);
    ep = createEmbeddingProjector(box, { embedding: E, data: table(), sprite: { pixels, size: [4, 4], channels: 1 }, spriteMinSize: 2, labels: 'all' });
    await ep.whenProjected();
    await ep.whenRendered();
    await until(() => ep!.pointCloud.sprites.state === 'ready', 'sprites ready', 10_000);
    expect(ep.pointCloud.sprites.pages).toBeGreaterThanOrEqual(1);
    await until(() => ep!.element.querySelectorAll('.tl-pc-label').length > 0, 'labels of points in view', 10_000);
    expect(ep.element.querySelector('.tl-pc-label')!.textContent).toMatch(/^(alpha|beta|gamma)-\d+$/);
    ep.update({ labels: 'selection' });
    await ep.whenRendered();
    await until(() => ep!.element.querySelectorAll('.tl-pc-label').length === 0, 'no labels without a selection', 5000);
    expectError(() => ep!.update({ labels: 'some' as never }), 'option', 'options.labels');
    expectError(() => ep!.update({ spriteMinSize: 0 }), 'option', 'options.spriteMinSize');
    expectError(() => ep!.update({ sprite: { size: [4, 4] } as never }), 'option', 'options.sprite.image');
    ep.update({ sprite: null });
    await until(() => ep!.pointCloud.sprites.state === 'none', 'sprites dropped', 5000);
  });
});

suite('projector state (getState / setState)', () => {
  it('a JSON round trip restores method, parameters, search, selection and camera on a new projector', async () => {
    ep = createEmbeddingProjector(box, { embedding: E, data: table(), method: 'tsne', tsne: { iterations: 100, perplexity: 12 } });
    await ep.whenProjected();
    ep.update({ search: 'beta', color: 'group' });
    ep.pointCloud.selection.set([3, 9, 12]);
    ep.pointCloud.setCamera({ view: '2d', center: [1, -2], zoom: 2.5, aspect: 1 });
    const saved = JSON.stringify(ep.getState());
    const drawn = ep.projection!.positions;
    ep.destroy();
    ep = createEmbeddingProjector(box, { embedding: E, data: table() });
    await ep.whenProjected();
    const state = validateState(saved);
    await ep.setState(state);
    expect(ep.projection!.method).toBe('tsne');
    expect(Array.from(ep.projection!.positions)).toEqual(Array.from(drawn));
    expect(Array.from(ep.pointCloud.selection.toArray())).toEqual([3, 9, 12]);
    expect(ep.pointCloud.getCamera()).toEqual({ view: '2d', center: [1, -2], zoom: 2.5, aspect: 1 });
    expect($<HTMLInputElement>('.tl-ep-search').value).toBe('beta');
    expect(ep.pointCloud.matches).toBe(N / 3);
    expect(ep.getState()).toEqual(JSON.parse(saved));
    // Setting the same state again runs nothing new.
    const workers = started;
    await ep.setState(state);
    expect(started).toBe(workers);
  });

  it('validateState names the bad field; a bad state changes nothing', async () => {
    const good: ProjectorState = { version: 1, method: 'pca', dims: 2 };
    expect(validateState(JSON.stringify(good))).toEqual(good);
    expectError(() => validateState('{nope'), 'parse', 'state');
    expectError(() => validateState({ ...good, version: 2 }), 'option', 'state.version');
    expectError(() => validateState({ ...good, method: 'lda' }), 'option', 'state.method');
    expectError(() => validateState({ ...good, tsne: { perplexity: -1 } }), 'option', 'state.tsne.perplexity');
    expectError(() => validateState({ ...good, selection: [0, 1.5] }), 'option', 'state.selection[1]');
    expectError(() => validateState({ ...good, custom: { left: 'a', right: 'b', up: 1, down: 'd' } }), 'option', 'state.custom.up');
    expectError(() => validateState({ ...good, camera: { view: '3d', target: [0, 0, 0], zoom: 1, yaw: 0, pitch: 0 } }), 'option', 'state.camera.view');
    expectError(() => validateState({ ...good, extra: 1 }), 'option', 'state.extra');
    ep = createEmbeddingProjector(box, { embedding: E, data: table() });
    const res = await ep.whenProjected();
    const before = ep.getState();
    await expect(ep.setState({ ...good, method: 'tsne', selection: [N + 1] })).rejects.toMatchObject({ argument: 'state.selection[0]' });
    await expect(ep.setState({ ...good, method: 'tsne', isolate: [0, N] })).rejects.toMatchObject({ argument: 'options.isolate[1]' });
    expect(ep.getState()).toEqual(before);
    expect(ep.busy).toBe(false);
    expect(ep.projection).toBe(res);
  });
});
