import type { Meta, StoryObj } from '@storybook/html-vite';
import { expect, waitFor } from 'storybook/test';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { sequentialFromWeights, type SequentialModel, type SequentialSpec } from '@tensorlens/explain/attribution';
import { createLayerExplorer, type LayerExplorerHandle, type LayerExplorerOptions, type LayerSpec } from '@tensorlens/charts';
import modelJson from './data/mnist-cnn/model.json';
import digitsJson from './data/mnist-cnn/digits.json';

interface Loaded {
  model: SequentialModel;
  digits: tf.Tensor4D;
}

let loading: Promise<Loaded> | null = null;
/** The CNN trained by scripts/make-mnist-cnn.mjs and 20 held-out test digits, on the CPU backend (once per page). */
function load(): Promise<Loaded> {
  return (loading ??= (async () => {
    await tf.setBackend('cpu');
    const spec = modelJson as unknown as SequentialSpec & { weightsData: { data: string } };
    const bytes = Uint8Array.from(atob(spec.weightsData.data), (c) => c.charCodeAt(0));
    const model = sequentialFromWeights(spec, new Float32Array(bytes.buffer, 0, bytes.length / 4));
    const px = Uint8Array.from(atob(digitsJson.pixels), (c) => c.charCodeAt(0));
    const digits = tf.tensor4d(Float32Array.from(px, (v) => v / 255), digitsJson.shape as [number, number, number, number]);
    return { model, digits };
  })());
}

/** The CNN's layers for the explorer, with each convolution's kernel for the detail view. */
const layersOf = (m: SequentialModel): LayerSpec[] =>
  m.layers.map((l) => ({ name: `${l.name} (${l.type})`, fn: (x) => l.apply(x as tf.Tensor), kernel: l.type == 'conv2d' ? (m.weights.get(`${l.name}/kernel`) ?? null) : null }));

const live = new WeakMap<HTMLElement, { lx: LayerExplorerHandle; input: tf.Tensor }>();
function release(canvas: HTMLElement | undefined): void {
  const old = canvas && live.get(canvas);
  if (!old) return;
  old.lx.destroy();
  old.input.dispose();
  live.delete(canvas!);
}

interface Args {
  digit: number;
  range: NonNullable<LayerExplorerOptions['range']>;
  maxChannels: number;
  size: number;
  showInput: boolean;
  scheme: NonNullable<LayerExplorerOptions['scheme']>;
}

const meta: Meta<Args> = {
  title: 'Attribution/Layer explorer',
  args: { digit: 4, range: 'layer', maxChannels: 16, size: 40, showInput: true, scheme: 'viridis' },
  argTypes: {
    digit: { control: { type: 'range', min: 0, max: 19, step: 1 } },
    range: { control: 'inline-radio', options: ['channel', 'layer', 'global'] },
    maxChannels: { control: { type: 'range', min: 1, max: 16, step: 1 } },
    size: { control: { type: 'range', min: 24, max: 80, step: 4 } },
    scheme: { control: 'inline-radio', options: ['viridis', 'magma', 'blues', 'greys'] },
  },
  parameters: { docs: { description: { component: "CNN Explainer's view for any sequential model: every layer's channels for one MNIST test digit through the trained CNN (convolutions, pooling, flatten, dense). Click a channel for its values and kernel weights." } } },
};
export default meta;
type Story = StoryObj<Args>;

/** The trained MNIST CNN on a held-out test digit. */
export const MnistCnn: Story = {
  render: (args, { canvasElement }) => {
    const box = document.createElement('div');
    box.dataset.state = 'loading';
    load().then(async ({ model, digits }) => {
      release(canvasElement);
      const input = tf.tidy(() => tf.slice(digits, [args.digit, 0, 0, 0], [1, 28, 28, 1]));
      const lx = createLayerExplorer(box, {
        model: layersOf(model),
        input,
        tidy: tf.tidy,
        range: args.range,
        maxChannels: args.maxChannels,
        size: args.size,
        showInput: args.showInput,
        scheme: args.scheme,
        classes: Array.from({ length: 10 }, (_, k) => `digit ${k}`),
        title: `Digit ${digitsJson.labels[args.digit]} (predicted ${digitsJson.predicted[args.digit]})`,
      });
      if (canvasElement) live.set(canvasElement, { lx, input });
      await lx.whenRendered();
      box.dataset.state = 'done';
    });
    return box;
  },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(canvasElement.querySelector('[data-state]')?.getAttribute('data-state')).toBe('done'), { timeout: 30_000 });
    const cols = canvasElement.querySelectorAll('.tl-lx-col');
    expect(cols).toHaveLength(modelJson.layers.length + 1); // the input, then every layer
    const conv1 = cols[1].querySelectorAll('canvas');
    expect(conv1).toHaveLength((modelJson.layers[0] as { filters: number }).filters);
    // the input digit is a grey image: every pixel has R = G = B
    const input = cols[0].querySelector('canvas')!;
    const pixels = input.getContext('2d')!.getImageData(0, 0, input.width, input.height).data;
    for (let q = 0; q < pixels.length; q += 4) expect(pixels[q] === pixels[q + 1] && pixels[q + 1] === pixels[q + 2]).toBe(true);
    // the logits: one row per class with its name and value, the model's prediction marked
    const rows = Array.from(canvasElement.querySelectorAll('.tl-lx-logits li'));
    expect(rows.map((r) => r.querySelector('.tl-lx-class')!.textContent)).toEqual(Array.from({ length: 10 }, (_, k) => `digit ${k}`));
    expect(canvasElement.querySelector('.tl-lx-predicted .tl-lx-class')!.textContent).toBe(`digit ${digitsJson.predicted[4]}`);
    conv1[3].dispatchEvent(new MouseEvent('click', { bubbles: true }));
    await waitFor(() => expect(canvasElement.querySelector('.tl-lx-detail')!.textContent).toMatch(/channel 3.*kernel weights 3×3/));
  },
};

/** The same digit with one colour range per channel: weak channels become visible. */
export const RangePerChannel: Story = { ...MnistCnn, args: { range: 'channel', digit: 11 }, play: undefined };

/** One colour range over all layers, as CNN Explainer's global scale. */
export const GlobalRange: Story = { ...MnistCnn, args: { range: 'global', digit: 15 }, play: undefined };
