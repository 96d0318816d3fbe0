import { afterEach, beforeAll, beforeEach, describe as suite, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { TensorLensError } from '@tensorlens/core';
import { createLayerExplorer } from '@tensorlens/charts';
import type { LayerExplorerHandle, LayerExplorerOptions, LayerSpec } from '@tensorlens/charts';
import { conv2dValid, tinyModel } from './layer-explorer-model';

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
    expect(events).toEqual([{ layer: 1, layerName: 'conv', channel: 1 }]);
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
    const lx2 = make({ model: m.layers, input: m.input, index: 3 });
    await expect(lx2.whenRendered()).rejects.toMatchObject({ code: 'range', argument: 'options.index' });
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
