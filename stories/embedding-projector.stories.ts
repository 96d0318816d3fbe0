/// <reference types="vite/client" />
import type { Meta, StoryObj } from '@storybook/html-vite';
import { expect, fn, userEvent, waitFor } from 'storybook/test';
import { createEmbeddingProjector, type EmbeddingProjectorHandle, type EmbeddingProjectorOptions } from '@tensorlens/views';
import { defineElements, type TlEmbeddingProjector } from '@tensorlens/elements';
import projectorTensors from '../docs/examples/projector/tensors.tsv?url';
import projectorMetadata from '../docs/examples/projector/metadata.tsv?url';
import { mnistEmbedding, mnistPixels } from './data/mnist-embedding';
import { mnist, errorBox } from './support';

defineElements();

type Dataset = 'mnist-cnn' | 'mnist-pixels';

interface Args {
  dataset: Dataset;
  method: NonNullable<EmbeddingProjectorOptions['method']>;
  dims: 2 | 3;
  color: string;
  k: number;
  legend: boolean;
  metric: NonNullable<EmbeddingProjectorOptions['metric']>;
  search: string;
  maxPoints: number;
  onNeighbors: (e: unknown) => void;
  onProjection: (e: unknown) => void;
}

// Handles by canvas (destroyed on re-render) and by their root element (found by the play functions).
const byCanvas = new WeakMap<HTMLElement, EmbeddingProjectorHandle>();
const byRoot = new WeakMap<Element, EmbeddingProjectorHandle>();
function track(canvas: HTMLElement | undefined, h: EmbeddingProjectorHandle | null): void {
  if (h) byRoot.set(h.element, h);
  if (!canvas) return;
  byCanvas.get(canvas)?.destroy();
  if (h) byCanvas.set(canvas, h);
  else byCanvas.delete(canvas);
}

function dataFor(d: Dataset) {
  return d === 'mnist-pixels' ? mnistPixels() : mnistEmbedding();
}

/** The projector drawn in this canvas. */
async function projectorIn(canvas: HTMLElement): Promise<EmbeddingProjectorHandle> {
  let h: EmbeddingProjectorHandle | undefined;
  await waitFor(() => {
    const root = canvas.querySelector('.tl-ep');
    expect((h = root ? byRoot.get(root) : undefined), canvas.textContent?.slice(0, 300)).toBeTruthy();
  });
  return h!;
}

const meta: Meta<Args> = {
  title: 'GL/Embedding projector',
  tags: ['autodocs'],
  parameters: {
    docs: {
      description: {
        component:
          'createEmbeddingProjector: an [N, D] embedding as a WebGL point cloud laid out by PCA (exact, all points), UMAP or t-SNE in 2D or 3D, computed in a Web Worker with a progress bar and Cancel; UMAP and t-SNE stream their layouts. Colour by a metadata column, search labels, click a point for its nearest neighbours in the original space. The MNIST data are the penultimate-layer (64-d) activations of a small CNN trained in this repository (scripts/make-mnist-embedding.mjs) on 2000 held-out digits.',
      },
    },
  },
  argTypes: {
    dataset: { control: 'select', options: ['mnist-cnn', 'mnist-pixels'] },
    method: { control: 'inline-radio', options: ['pca', 'umap', 'tsne'] },
    dims: { control: 'inline-radio', options: [2, 3] },
    color: { control: 'select', options: ['label', 'predicted', 'correct', 'cnn_predicted', ''], description: 'Column of data that colours the points' },
    legend: { control: 'boolean', description: 'Show the colour legend (categories with counts; click to select)' },
    k: { control: { type: 'number', min: 1, max: 50 } },
    metric: { control: 'inline-radio', options: ['cosine', 'euclidean'] },
    maxPoints: { control: { type: 'number', min: 0, step: 100 }, description: 'UMAP/t-SNE sample size (0 = the method default)' },
  },
  args: {
    dataset: 'mnist-cnn',
    method: 'pca',
    dims: 2,
    color: 'label',
    legend: true,
    k: 10,
    metric: 'cosine',
    search: '',
    maxPoints: 0,
    onNeighbors: fn(),
    onProjection: fn(),
  },
  render: (args, { canvasElement }) => {
    const container = document.createElement('div');
    container.style.maxWidth = '980px';
    const d = dataFor(args.dataset);
    // Created once the container is in the page (the point cloud reads its document and size).
    setTimeout(() => {
      try {
        const color = args.color && (d.metadata as Record<string, unknown>)[args.color] ? args.color : args.color === '' ? null : 'label';
        const h = createEmbeddingProjector(container, {
          embedding: d.embedding,
          data: d.metadata,
          method: args.method,
          dims: args.dims,
          color,
          label: 'label',
          legend: args.legend,
          k: args.k,
          metric: args.metric,
          search: args.search || null,
          maxPoints: args.maxPoints > 0 ? args.maxPoints : null,
          umap: { nEpochs: 200 },
          title: args.dataset === 'mnist-pixels' ? 'MNIST digits as raw pixels' : 'MNIST CNN embedding',
        });
        h.on('neighbors', args.onNeighbors);
        h.on('projection', args.onProjection);
        track(canvasElement, h);
      } catch (e) {
        track(canvasElement, null);
        container.append(errorBox(document, (e as Error).message));
      }
    }, 0);
    return container;
  },
  beforeEach: ({ canvasElement }) => () => track(canvasElement, null),
};
export default meta;
type Story = StoryObj<Args>;

export const MnistCnnPCA: Story = {
  name: 'MNIST CNN embedding — PCA, then UMAP live',
  parameters: {
    docs: {
      description: {
        story: `2000 test digits × 64 activations of the CNN's penultimate layer (${mnistEmbedding().model.name}; test accuracy ${(mnistEmbedding().model.testAccuracy * 100).toFixed(1)} %). PCA first; pick UMAP or t-SNE in the toolbar and watch the layout converge. The play function switches to UMAP and clicks a neighbour.`,
      },
    },
  },
  play: async ({ canvasElement, args }) => {
    const h = await projectorIn(canvasElement);
    await waitFor(() => expect(h.projection?.method).toBe('pca'), { timeout: 30_000 });
    await expect(h.shape).toEqual([2000, 64]);
    const status = canvasElement.querySelector('.tl-ep-status-text')!;
    await expect(status.textContent).toMatch(/^PCA 2D of 2000 points/);
    await expect(canvasElement.querySelector('.tl-ep-variance')!.textContent).toMatch(/^Variance explained: PC1/);
    // Switch to UMAP from the picker: a progress bar, then the UMAP layout.
    await userEvent.selectOptions(canvasElement.querySelector<HTMLSelectElement>('.tl-ep-method')!, 'umap');
    await expect(h.busy).toBe(true);
    await waitFor(() => expect(h.projection?.method).toBe('umap'), { timeout: 50_000 });
    await expect(status.textContent).toMatch(/^UMAP 2D of 2000 points/);
    // Neighbours of digit 0 (a 4): mostly other 4s in the CNN's space.
    const res = (await h.showNeighbors(0))!;
    await expect(res.indices.length).toBe(10);
    const fours = Array.from(res.indices).filter((i) => mnist.yTrue[i] === 4).length;
    await expect(fours).toBeGreaterThanOrEqual(8);
    await expect(canvasElement.querySelectorAll('.tl-ep-neighbors li').length).toBe(10);
    await expect(args.onNeighbors).toHaveBeenCalled();
  },
};

export const MnistCnnTsne3D: Story = {
  name: 'MNIST CNN embedding — t-SNE 3D',
  args: { method: 'tsne', dims: 3, color: 'correct' },
  parameters: { docs: { description: { story: 't-SNE in 3D (drag to orbit), coloured by whether the MLP of mnist-predictions.json was right: its mistakes sit between clusters.' } } },
  play: async ({ canvasElement }) => {
    await projectorIn(canvasElement);
    // The layout streams while t-SNE runs: the status counts iterations.
    await waitFor(() => expect(canvasElement.querySelector('.tl-ep-status-text')!.textContent).toMatch(/^t-SNE 3D: .* iteration \d+/), { timeout: 30_000 });
    await expect(canvasElement.querySelector<HTMLProgressElement>('.tl-ep-progress')!.hidden).toBe(false);
  },
};

export const CancelProjection: Story = {
  name: 'Cancel a projection (the previous layout stays)',
  args: { method: 'pca' },
  play: async ({ canvasElement }) => {
    const h = await projectorIn(canvasElement);
    await waitFor(() => expect(h.projection?.method).toBe('pca'), { timeout: 30_000 });
    await userEvent.selectOptions(canvasElement.querySelector<HTMLSelectElement>('.tl-ep-method')!, 'tsne');
    await waitFor(() => expect(canvasElement.querySelector('.tl-ep-status-text')!.textContent).toMatch(/iteration/), { timeout: 30_000 });
    await userEvent.click(canvasElement.querySelector<HTMLButtonElement>('.tl-ep-cancel')!);
    await expect(h.busy).toBe(false);
    await expect(canvasElement.querySelector('.tl-ep-status-text')!.textContent).toBe('t-SNE cancelled; showing PCA 2D.');
    await expect(canvasElement.querySelector<HTMLSelectElement>('.tl-ep-method')!.value).toBe('pca');
  },
};

export const MnistSampledUMAP: Story = {
  name: 'UMAP on a sample (the note says so)',
  args: { method: 'umap', maxPoints: 500 },
  play: async ({ canvasElement }) => {
    const h = await projectorIn(canvasElement);
    await waitFor(() => expect(h.projection?.sampled).toMatchObject({ fitted: 500, total: 2000 }), { timeout: 50_000 });
    await expect(canvasElement.querySelector('.tl-ep-note')!.textContent).toContain('random sample of 500 of 2000 points');
  },
};

export const MnistPixelsPCA: Story = {
  name: 'MNIST as raw pixels (500 digits × 784)',
  args: { dataset: 'mnist-pixels' },
  parameters: { docs: { description: { story: 'The same digits as raw pixels: PCA of pixel space mixes classes that the CNN embedding separates.' } } },
  play: async ({ canvasElement }) => {
    const h = await projectorIn(canvasElement);
    await waitFor(() => expect(h.projection?.method).toBe('pca'), { timeout: 30_000 });
    await expect(h.shape).toEqual([500, 784]);
    await userEvent.type(canvasElement.querySelector<HTMLInputElement>('.tl-ep-search')!, '7');
    const sevens = mnistPixels().metadata.label.filter((l) => l === '7').length;
    await waitFor(() => expect(canvasElement.querySelector('.tl-ep-matches')!.textContent).toBe(`${sevens} matches`));
  },
};

export const ElementFromProjectorFiles: Story = {
  name: '<tl-embedding-projector> from the Projector TSV files',
  parameters: {
    docs: {
      description: {
        story:
          'The custom element loading docs/examples/projector/tensors.tsv and metadata.tsv — the TensorBoard Embedding Projector\'s own format — with `src`, `metadata-src`, `method`, `k` and `color-by` attributes.',
      },
    },
  },
  render: () => {
    const el = document.createElement('tl-embedding-projector') as TlEmbeddingProjector;
    el.setAttribute('src', projectorTensors);
    el.setAttribute('metadata-src', projectorMetadata);
    el.setAttribute('color-by', 'correct');
    el.setAttribute('k', '8');
    el.setAttribute('eager', '');
    el.style.maxWidth = '980px';
    return el;
  },
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector('tl-embedding-projector') as TlEmbeddingProjector;
    await el.whenRendered();
    await waitFor(() => expect(el.projector?.projection?.method).toBe('pca'), { timeout: 30_000 });
    await expect(el.projector!.shape).toEqual([2000, 64]);
  },
};
