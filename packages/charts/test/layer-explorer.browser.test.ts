import { afterEach, beforeAll, beforeEach, describe as suite, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { colorLut } from '@tensorlens/core';
import { createLayerExplorer } from '@tensorlens/charts';
import { conv2dValid, tinyLogits, tinyModel } from './layer-explorer-model';

let box: HTMLDivElement;
beforeAll(() => tf.setBackend('cpu'));
beforeEach(() => {
  box = document.createElement('div');
  box.style.width = '800px';
  document.body.appendChild(box);
});
afterEach(() => box.remove());

const rgbAt = (c: HTMLCanvasElement, x: number, y: number) => Array.from(c.getContext('2d')!.getImageData(x, y, 1, 1).data.slice(0, 3));

suite('createLayerExplorer in Chromium', () => {
  it('one canvas per channel, coloured by its range; detail values equal an independent convolution', async () => {
    const m = tinyModel(tf);
    const before = tf.memory().numTensors;
    const lx = createLayerExplorer(box, { model: m.layers, input: m.input, tidy: tf.tidy, range: 'channel' });
    await lx.whenRendered();
    const cols = Array.from(box.querySelectorAll('.tl-lx-col'));
    expect(cols.map((c) => c.querySelectorAll('canvas').length)).toEqual([1, 2, 2, 1]);
    // the dense layer's 3 outputs: a column of 3 cells of at least 12 px each
    const dense = cols[3].querySelector('canvas')!;
    expect([dense.width, dense.height]).toEqual([1, 3]);
    expect(dense.getBoundingClientRect().width).toBeGreaterThanOrEqual(12);
    expect(dense.getBoundingClientRect().height).toBeGreaterThanOrEqual(36);
    const conv = Array.from(cols[1].querySelectorAll('canvas'));
    expect([conv[1].width, conv[1].height]).toEqual([3, 3]);
    const ref = conv2dValid(m.x, 4, 4, m.k, 2, 2);
    // channel 1 (box sum) is ≥ 0: viridis over its own [min, max]; its max (bottom right) is viridis' end
    const lut = colorLut('viridis', [Math.min(...ref[1]), Math.max(...ref[1])]);
    const hex = (v: number) => Array.from(lut.rgb.slice(lut.index(v) * 3, lut.index(v) * 3 + 3));
    for (let p = 0; p < 9; p++) expect(rgbAt(conv[1], p % 3, Math.floor(p / 3))).toEqual(hex(ref[1][p]));
    expect(rgbAt(conv[1], 2, 2)).toEqual([0xfd, 0xe7, 0x25]);
    // click → detail
    conv[1].dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(Array.from(lx.detail()!.values)).toEqual(ref[1]);
    const big = box.querySelector<HTMLCanvasElement>('.tl-lx-detail canvas')!;
    expect(big.getBoundingClientRect().width).toBeCloseTo(196, 0);
    expect(box.querySelector('.tl-lx-detail')!.textContent).toContain(`max ${Math.max(...ref[1])}`);
    expect(tf.memory().numTensors).toBe(before);
    lx.destroy();
    expect(tf.memory().numTensors).toBe(before);
    expect(box.children).toHaveLength(0);
    m.dispose();
  });

  it('a new input re-runs the layers; create/destroy cycles and updates leak no tensor', async () => {
    const m = tinyModel(tf);
    const other = tf.tensor4d(Array.from({ length: 16 }, (_, i) => 15 - i), [1, 4, 4, 1]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 6; i++) {
      const lx = createLayerExplorer(box, { model: m.layers, input: m.input, tidy: tf.tidy });
      if (i % 2) {
        await lx.whenRendered();
        lx.update({ input: other });
        await lx.whenRendered();
        lx.select(1, 1);
        expect(Array.from(lx.detail()!.values)).toEqual(conv2dValid(Array.from({ length: 16 }, (_, j) => 15 - j), 4, 4, m.k, 2, 2)[1]);
      }
      lx.destroy();
    }
    // a run still reading its outputs when destroyed disposes them once they are read
    await new Promise((r) => setTimeout(r, 50));
    expect(tf.memory().numTensors).toBe(before);
    expect(box.children).toHaveLength(0);
    other.dispose();
    m.dispose();
  });

  it('draws the input as a grey image (not on the colour scale) and lists each logit with its class and value', async () => {
    const m = tinyModel(tf);
    // pixel values in [0, 1]: grey level = round(255 · v)
    const pixels = Array.from({ length: 16 }, (_, i) => i / 15);
    const input = tf.tensor4d(pixels, [1, 4, 4, 1]);
    const lx = createLayerExplorer(box, { model: m.layers, input, tidy: tf.tidy, classes: ['zero', 'one', 'two'] });
    await lx.whenRendered();
    const inputCanvas = box.querySelector<HTMLCanvasElement>('.tl-lx-col canvas')!;
    for (let p = 0; p < 16; p++) {
      const grey = Math.round(pixels[p] * 255);
      expect(rgbAt(inputCanvas, p % 4, Math.floor(p / 4))).toEqual([grey, grey, grey]);
    }
    // the logits: class names and values beside the last column, against plain-loop logits of the same input
    const expected = tinyLogits(pixels);
    const rows = Array.from(box.querySelectorAll<HTMLElement>('.tl-lx-logits li'));
    expect(rows.map((r) => r.querySelector('.tl-lx-class')!.textContent)).toEqual(['zero', 'one', 'two']);
    rows.forEach((r, j) => expect(Number(r.querySelector('.tl-lx-value')!.textContent)).toBeCloseTo(expected[j], 2));
    const best = expected.indexOf(Math.max(...expected));
    expect(rows.findIndex((r) => r.classList.contains('tl-lx-predicted'))).toBe(best);
    // each row sits beside its cell: same height and top as the cell it names
    const dense = box.querySelectorAll('.tl-lx-col')[3].querySelector('canvas')!.getBoundingClientRect();
    rows.forEach((r, j) => {
      const row = r.getBoundingClientRect();
      expect(row.top).toBeCloseTo(dense.top + (j * dense.height) / 3, 0);
      expect(row.height).toBeCloseTo(dense.height / 3, 0);
      expect(row.left).toBeGreaterThanOrEqual(dense.right);
    });
    // the PNG export holds the grey input: its brightest pixel (bottom right) is white, its first black
    const blob = await lx.toPNG(1);
    const bitmap = await createImageBitmap(blob);
    const copy = document.createElement('canvas');
    copy.width = bitmap.width;
    copy.height = bitmap.height;
    const context = copy.getContext('2d')!;
    context.drawImage(bitmap, 0, 0);
    const root = lx.element.getBoundingClientRect();
    const picture = inputCanvas.getBoundingClientRect();
    const cell = picture.width / 4;
    const png = (x: number, y: number) => Array.from(context.getImageData(Math.floor(picture.left - root.left + (x + 0.5) * cell), Math.floor(picture.top - root.top + (y + 0.5) * cell), 1, 1).data.slice(0, 3));
    expect(png(3, 3)).toEqual([255, 255, 255]);
    expect(png(0, 0)).toEqual([0, 0, 0]);
    lx.destroy();
    input.dispose();
    m.dispose();
  });

  it('draws a three-channel input as one RGB image', async () => {
    const rgb = Array.from({ length: 4 * 4 * 3 }, (_, i) => (i % 3 == 0 ? 1 : i % 3 == 1 ? 0.5 : 0)); // orange everywhere
    const input = tf.tensor4d(rgb, [1, 4, 4, 3]);
    const lx = createLayerExplorer(box, { model: [{ name: 'mean', fn: (t) => tf.mean(t as tf.Tensor, -1, true) as never }], input, tidy: tf.tidy });
    await lx.whenRendered();
    const cols = box.querySelectorAll('.tl-lx-col');
    expect(cols[0].querySelectorAll('canvas')).toHaveLength(1);
    expect(rgbAt(cols[0].querySelector('canvas')!, 2, 1)).toEqual([255, 128, 0]);
    lx.select(0, 0);
    expect(lx.detail()).toMatchObject({ image: true, width: 4, height: 4 });
    expect(lx.detail()!.values).toHaveLength(48);
    lx.destroy();
    input.dispose();
  });
});
