import { afterEach, beforeAll, beforeEach, describe as suite, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { TensorLensError } from '@tensorlens/core';
import { createLayerExplorer } from '@tensorlens/charts';
import type { LayerExplorerHandle, LayerExplorerOptions, LayerSpec } from '@tensorlens/charts';
import { conv2dValid, tinyLogits, tinyModel } from './layer-explorer-model';
import { expectError } from '../../../test/support';

let box: HTMLDivElement;
let handles: LayerExplorerHandle[] = [];
const make = (o: LayerExplorerOptions) => {
  const h = createLayerExplorer(box, o);
  handles.push(h);
  return h;
};
beforeAll(() => tf.setBackend('cpu'));
beforeEach(() => {
  box = document.createElement('div');
  document.body.appendChild(box);
});
afterEach(() => {
  for (const h of handles) h.destroy();
  handles = [];
  box.remove();
});

suite('createLayerExplorer (jsdom)', () => {
  it('draws one column per layer and one heatmap per channel, and leaks no tensor', async () => {
    const m = tinyModel(tf);
    const before = tf.memory().numTensors;
    const lx = make({ model: m.layers, input: m.input, tidy: tf.tidy });
    await lx.whenRendered();
    const cols = box.querySelectorAll('.tl-lx-col');
    expect(Array.from(cols, (c) => c.querySelector('.tl-lx-head')!.textContent)).toEqual(['input', 'conv', 'relu', 'dense']);
    expect(Array.from(cols, (c) => c.querySelectorAll('canvas.tl-lx-ch').length)).toEqual([1, 2, 2, 1]);
    expect(tf.memory().numTensors).toBe(before);
    lx.destroy();
    expect(tf.memory().numTensors).toBe(before);
    expect(m.input.isDisposed).toBe(false);
    m.dispose();
  });

  it("a channel's detail holds the layer's output computed independently, its range and its kernel", async () => {
    const m = tinyModel(tf);
    const lx = make({ model: m.layers, input: m.input, tidy: tf.tidy });
    await lx.whenRendered();
    const ref = conv2dValid(m.x, 4, 4, m.k, 2, 2);
    const events: unknown[] = [];
    lx.on('select', (e) => events.push(e));
    box.querySelectorAll<HTMLCanvasElement>('.tl-lx-col')[1].querySelectorAll('canvas')[1].dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(events).toEqual([{ indices: Uint32Array.of(0), layer: 1, layerName: 'conv', channel: 1 }]);
    const d = lx.detail()!;
    expect(Array.from(d.values)).toEqual(ref[1]);
    expect([d.min, d.max]).toEqual([Math.min(...ref[1]), Math.max(...ref[1])]);
    expect(Array.from(d.kernel!.data)).toEqual([1, 1, 1, 1]);
    const cellsText = Array.from(box.querySelectorAll('.tl-lx-detail table')[0].querySelectorAll('td'), (td) => Number(td.textContent));
    expect(cellsText).toEqual(ref[1]);
    // relu(x − 2) of channel 0, by hand
    lx.select(2, 0);
    expect(Array.from(lx.detail()!.values)).toEqual(ref[0].map((v) => Math.max(0, v - 2)));
    m.dispose();
  });

  it('arrow keys move focus between channels and layers; Enter selects', async () => {
    const m = tinyModel(tf);
    const lx = make({ model: m.layers, input: m.input, tidy: tf.tidy, showInput: false });
    await lx.whenRendered();
    const first = box.querySelector<HTMLCanvasElement>('canvas[tabindex="0"]')!;
    expect(first.dataset.layer).toBe('0');
    first.focus();
    const key = (k: string) => document.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true }));
    key('ArrowDown');
    key('ArrowRight');
    expect((document.activeElement as HTMLElement).dataset).toMatchObject({ layer: '1', channel: '1' });
    key('Enter');
    expect(lx.detail()).toMatchObject({ layerName: 'relu', channel: 1 });
    expect(box.querySelectorAll('canvas[tabindex="0"]')).toHaveLength(1);
    m.dispose();
  });

  it('range option: channel, layer and global change the legend, maxChannels limits the heatmaps', async () => {
    const m = tinyModel(tf);
    const lx = make({ model: m.layers, input: m.input, tidy: tf.tidy, range: 'global', maxChannels: 1 });
    await lx.whenRendered();
    expect(box.querySelector('.tl-sal-legend')!.textContent).toMatch(/one range over all layers/);
    expect(Array.from(box.querySelectorAll('.tl-lx-col'), (c) => c.querySelectorAll('canvas').length)).toEqual([1, 1, 1, 1]);
    expect(box.textContent).toContain('+1 more');
    lx.update({ range: 'channel' });
    await lx.whenRendered();
    expect(box.querySelector('.tl-sal-legend')!.textContent).toMatch(/each channel its own range/);
    m.dispose();
  });

  it('bad input: TensorLensErrors naming the argument; a throwing layer frees what was made', async () => {
    const m = tinyModel(tf);
    expect(() => createLayerExplorer(box, { model: [], input: m.input })).toThrow(expect.objectContaining({ code: 'empty', argument: 'options.model' }));
    expect(() => createLayerExplorer(box, { model: {} as never, input: m.input })).toThrow(expect.objectContaining({ code: 'type', argument: 'options.model' }));
    expect(() => createLayerExplorer(box, { model: m.layers, input: m.input, range: 'all' as never })).toThrow(TensorLensError);
    const before = tf.memory().numTensors;
    const bad: LayerSpec[] = [m.layers[0], { name: 'boom', fn: () => { throw new Error('boom'); } }];
    const lx = make({ model: bad, input: m.input, tidy: tf.tidy });
    await expect(lx.whenRendered()).rejects.toThrow('boom');
    expect(box.querySelector('[role=alert]')!.textContent).toBe('boom');
    expect(tf.memory().numTensors).toBe(before);
    // a row outside the batch is known from the input's shape: the factory throws at once and leaves nothing
    const children = box.children.length;
    expectError(() => createLayerExplorer(box, { model: m.layers, input: m.input, index: 3 }), 'range', 'options.index');
    expect(box.children).toHaveLength(children);
    m.dispose();
  });

  it('accepts a Sequential-like model {layers: [{name, apply, getWeights}]}', async () => {
    const m = tinyModel(tf);
    const seq = { layers: m.layers.map((l) => ({ name: l.name, apply: l.fn, getWeights: () => (l.kernel ? [l.kernel as tf.Tensor] : []) })) };
    const lx = make({ model: seq, input: m.input, tidy: tf.tidy });
    await lx.whenRendered();
    lx.select(1, 0);
    expect(Array.from(lx.detail()!.kernel!.data)).toEqual([1, 0, 0, 0]);
    m.dispose();
  });
});

suite('createLayerExplorer: the shared vocabulary and contract', () => {
  it("lists the last layer's outputs with their class names and values, the largest marked as predicted", async () => {
    const m = tinyModel(tf);
    const classes = ['cat', 'dog', 'bird'];
    const lx = make({ model: m.layers, input: m.input, tidy: tf.tidy, classes });
    await lx.whenRendered();
    // the logits computed by plain loops: conv → relu(x − 2) → flatten (channels last) → · W
    const expected = tinyLogits(m.x);
    const rows = Array.from(box.querySelectorAll('.tl-lx-logits li'));
    expect(rows.map((li) => li.querySelector('.tl-lx-class')!.textContent)).toEqual(classes);
    rows.forEach((li, j) => expect(Number(li.querySelector('.tl-lx-value')!.textContent)).toBeCloseTo(expected[j], 2));
    const best = expected.indexOf(Math.max(...expected));
    expect(rows.map((li) => li.classList.contains('tl-lx-predicted'))).toEqual(classes.map((_, j) => j === best));
    expect(rows[best].textContent).toContain('predicted');
    expect(rows[best].getAttribute('aria-current')).toBe('true');
    expect(lx.element.getAttribute('aria-label')).toContain(`Predicted class ${classes[best]}`);
    lx.logits()!.forEach((row, j) => expect(row.value).toBeCloseTo(expected[j], 5));
    // without classes the rows are labelled by index
    lx.update({ classes: null });
    await lx.whenRendered();
    expect(Array.from(box.querySelectorAll('.tl-lx-class'), (e) => e.textContent)).toEqual(['0', '1', '2']);
    m.dispose();
  });

  it('a bad update throws a TensorLensError naming the option and leaves the view exactly as it was', async () => {
    const m = tinyModel(tf);
    const lx = make({ model: m.layers, input: m.input, tidy: tf.tidy, classes: ['a', 'b', 'c'] });
    await lx.whenRendered();
    const before = lx.element.outerHTML;
    const renders: unknown[] = [];
    lx.on('render', (e) => renders.push(e));
    expectError(() => lx.update({ classes: ['a', 'b'] }), 'length', 'options.classes');
    expectError(() => lx.update({ index: 1 }), 'range', 'options.index');
    expectError(() => lx.update({ model: [] }), 'empty', 'options.model');
    expectError(() => lx.update({ range: 'all' as never, title: 'ignored' }), 'option', 'options.range');
    expectError(() => lx.update({ colorScheme: 'magma' } as never), 'option', 'options.colorScheme');
    expectError(() => lx.update({ input: { shape: [1, 4] } as never }), 'type', 'options.input');
    await lx.whenRendered();
    await new Promise((r) => setTimeout(r, 30));
    expect(renders).toEqual([]);
    expect(lx.element.outerHTML).toBe(before);
    // and it still works
    lx.update({ scheme: 'magma', title: 'after' });
    await lx.whenRendered();
    expect(renders).toHaveLength(1);
    expect(box.querySelector('.tl-sal-title')!.textContent).toBe('after');
    m.dispose();
  });

  it('renamed colorScheme → scheme: the error names the new name', () => {
    const m = tinyModel(tf);
    const e = expectError(() => createLayerExplorer(box, { model: m.layers, input: m.input, colorScheme: 'magma' } as never), 'option', 'options.colorScheme');
    expect(e.message).toContain("'scheme'");
    m.dispose();
  });

  it('emits error (and rejects whenRendered) when a layer throws; render after each state reaches the screen', async () => {
    const m = tinyModel(tf);
    const bad: LayerSpec[] = [m.layers[0], { name: 'boom', fn: () => { throw new Error('boom'); } }];
    const lx = make({ model: bad, input: m.input, tidy: tf.tidy });
    const errors: string[] = [];
    lx.on('error', (e) => errors.push(e.message));
    await expect(lx.whenRendered()).rejects.toThrow('boom');
    expect(errors).toEqual(['boom']);
    const renders: number[] = [];
    lx.on('render', (e) => renders.push(e.layers));
    lx.update({ model: m.layers });
    await lx.whenRendered();
    expect(renders).toEqual([4]);
    m.dispose();
  });

  it('shows a core legend: sequential for ranges ≥ 0, diverging when a layer has negatives, the real domain over all layers, none with legend: false', async () => {
    const m = tinyModel(tf);
    const lx = make({ model: m.layers, input: m.input, tidy: tf.tidy });
    await lx.whenRendered();
    const types = () => Array.from(box.querySelectorAll('.tl-legend'), (e) => e.getAttribute('data-type'));
    expect(types()).toEqual(['continuous']);
    expect(box.querySelector('.tl-legend')!.textContent).toMatch(/low.*high/);
    // one range over all layers: the activations run from 0 (relu) to 50 (the box sum of 10, 11, 14, 15)
    lx.update({ range: 'global' });
    await lx.whenRendered();
    const labels = Array.from(box.querySelectorAll('.tl-legend text'), (t) => t.textContent);
    expect(labels[0]).toBe('0');
    expect(labels[labels.length - 1]).toBe('50');
    // a centred input gives negative activations: a diverging legend too
    const centred = tf.tensor4d(m.x.map((v) => v - 8), [1, 4, 4, 1]);
    lx.update({ range: 'layer', input: centred });
    await lx.whenRendered();
    expect(types()).toEqual(['continuous', 'diverging']);
    lx.update({ legend: false });
    await lx.whenRendered();
    expect(box.querySelectorAll('.tl-legend')).toHaveLength(0);
    lx.destroy();
    centred.dispose();
    m.dispose();
  });
});
