/// <reference types="vite/client" />
import type { Meta, StoryObj } from '@storybook/html-vite';
import { expect, fn, userEvent, waitFor } from 'storybook/test';
import { createEmbeddingProjector, type EmbeddingProjectorHandle, type EmbeddingProjectorOptions } from '@tensorlens/views';
import { defineElements, type TlEmbeddingProjector } from '@tensorlens/elements';
import projectorTensors from '../docs/examples/projector/tensors.tsv?url';
import projectorMetadata from '../docs/examples/projector/metadata.tsv?url';
import { mnistEmbedding, mnistPixels } from './data/mnist-embedding';
import { fashionMnist, type FashionMnistStoryData } from './data/fashion-mnist';
import { mnist, errorBox } from './support';

defineElements();

type Dataset = 'mnist-cnn' | 'mnist-pixels' | 'fashion-60k';

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
  /** Further projector options a story sets (t-SNE parameters, PCA axes, custom projection, isolate…). */
  options?: Partial<EmbeddingProjectorOptions>;
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

function dataFor(d: Dataset, fashion: FashionMnistStoryData | null) {
  if (d === 'fashion-60k') {
    if (!fashion) throw new Error('fashion-mnist did not load');
    return fashion;
  }
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
    dataset: { control: 'select', options: ['mnist-cnn', 'mnist-pixels', 'fashion-60k'] },
    method: { control: 'inline-radio', options: ['pca', 'umap', 'tsne'] },
    dims: { control: 'inline-radio', options: [2, 3] },
    color: { control: 'select', options: ['label', 'predicted', 'correct', 'cnn_predicted', ''], description: 'Column of data that colours the points' },
    legend: { control: 'boolean', description: 'Show the colour legend (categories with counts; click to select)' },
    k: { control: { type: 'number', min: 1, max: 50 } },
    metric: { control: 'inline-radio', options: ['cosine', 'euclidean'] },
    maxPoints: { control: { type: 'number', min: 0, step: 100 }, description: 'UMAP/t-SNE sample size (0 = the method default)' },
    options: { control: 'object', description: 'Further projector options (tsne, umap, pca, custom, spherize, isolate…)' },
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
  // Fashion-MNIST comes from the binary cache (scripts/fashion-mnist.mjs), fetched before the story renders.
  loaders: [async ({ args }) => ({ fashion: args.dataset === 'fashion-60k' ? await fashionMnist(60_000) : null })],
  render: (args, { canvasElement, loaded }) => {
    const container = document.createElement('div');
    container.style.maxWidth = '980px';
    const d = dataFor(args.dataset, (loaded as { fashion: FashionMnistStoryData | null }).fashion);
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
          // Fashion-MNIST: each point shows its 28 × 28 image once you zoom in (raw bytes from the cache).
          ...('images' in d ? { sprite: { pixels: d.images, size: [28, 28] as [number, number] } } : {}),
          // MNIST as raw pixels: the vectors are the images, so they are the sprites too (0…1 → bytes).
          ...(args.dataset === 'mnist-pixels' ? { sprite: { pixels: Uint8Array.from(d.embedding.data, (v) => Math.round(v * 255)), size: [28, 28] as [number, number] } } : {}),
          ...args.options,
          title: { 'mnist-pixels': 'MNIST digits as raw pixels', 'mnist-cnn': 'MNIST CNN embedding', 'fashion-60k': 'Fashion-MNIST, 60 000 images' }[args.dataset],
        });
        // Workaround, reported: with tens of thousands of dense points the point cloud's density rendering draws
        // nothing inside the projector (a WebGL framebuffer/texture feedback loop); plain points draw all 60 000.
        if (args.dataset === 'fashion-60k') h.pointCloud.update({ density: 'off' });
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

/** Zooms the projector's camera onto the middle of the rows labelled `label` (where their images show). */
function zoomOnto(h: EmbeddingProjectorHandle, label: string, zoom: number): void {
  const labels = (h.data?.columns.label ?? []) as ArrayLike<unknown>;
  const pos = h.projection!.positions;
  const dims = h.projection!.dims;
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== label || !Number.isFinite(pos[i * dims])) continue;
    xs.push(pos[i * dims]);
    ys.push(pos[i * dims + 1]);
  }
  const median = (v: number[]) => v.sort((p, q) => p - q)[v.length >> 1];
  h.pointCloud.setCamera({ view: '2d', center: [median(xs), median(ys)], zoom, aspect: 1 }, { transition: 600 });
}

export const Fashion60kSprites: Story = {
  name: 'Fashion-MNIST: 60 000 images as sprites (PCA)',
  args: { dataset: 'fashion-60k', method: 'pca' },
  parameters: {
    docs: {
      description: {
        story:
          "60 000 Fashion-MNIST images (784 pixels each) from the binary cache of scripts/fashion-mnist.mjs, laid out by PCA on all points, coloured by class with a legend. The `sprite` option gives each point its own 28 × 28 image (raw bytes, packed into texture pages): zoomed out they are dots; wheel-zoom in and every point shows its image, as TensorBoard's sprites do. UMAP fits all 60 000 and t-SNE a sample of 10 000, in tens of seconds: to see a few classes in detail, select them in the legend and **Isolate** them first.",
      },
    },
  },
  play: async ({ canvasElement }) => {
    const h = await projectorIn(canvasElement);
    await expect(h.shape).toEqual([60_000, 784]);
    const legend = canvasElement.querySelectorAll('.tl-legend-entry');
    await expect(legend.length).toBeGreaterThanOrEqual(10);
    // PCA of 60 000 × 784 runs in the worker (seconds; longer on a loaded CI machine): the test checks that it
    // started and reports progress, not that it finished within the story test's time limit.
    await waitFor(() => expect(h.busy || h.projection?.method === 'pca').toBe(true), { timeout: 30_000 });
  },
};

export const Fashion60kCustom: Story = {
  name: 'Fashion-MNIST 60k: custom projection, zoomed in on the images',
  args: { dataset: 'fashion-60k', method: 'custom', options: { custom: { left: 'Sneaker', right: 'Ankle boot', down: 'T-shirt/top', up: '/^Shirt$/' }, spriteScale: 0.6 } },
  parameters: {
    docs: {
      description: {
        story:
          'A custom projection of the 60 000 images (linear, so it takes a moment where t-SNE would take minutes): sneakers to ankle boots across, T-shirts to shirts up. The play function zooms 28× onto the shirts, where every point shows its image (`spriteScale: 0.6`: images 0.6 × the mean spacing of the points); the legend still counts 6,000 per class.',
      },
    },
  },
  play: async ({ canvasElement }) => {
    const h = await projectorIn(canvasElement);
    await waitFor(() => expect(h.projection?.method).toBe('custom'), { timeout: 50_000 });
    await expect(h.projection?.matches).toEqual({ left: 6000, right: 6000, up: 6000, down: 6000 });
    zoomOnto(h, 'Shirt', 28);
    await waitFor(() => expect(h.pointCloud.sprites.state).toBe('ready'), { timeout: 30_000 });
    await expect(h.pointCloud.sprites.pages).toBeGreaterThanOrEqual(1);
  },
};

export const LabelsAtZoom: Story = {
  name: 'Labels on every point once zoomed in',
  args: { options: { labels: 'auto' } },
  parameters: {
    docs: {
      description: {
        story:
          "`labels: 'auto'` (the default): zoomed out, only selected points are labelled; zoom in until at most `maxLabels` (50) points are in view and every point in view gets its label, placed so that none overlap. The play function zooms 30× onto the 7s.",
      },
    },
  },
  play: async ({ canvasElement }) => {
    const h = await projectorIn(canvasElement);
    await waitFor(() => expect(h.projection?.method).toBe('pca'), { timeout: 30_000 });
    await expect(canvasElement.querySelectorAll('.tl-pc-label').length).toBe(0);
    zoomOnto(h, '7', 30);
    await waitFor(() => expect(canvasElement.querySelectorAll('.tl-pc-label').length).toBeGreaterThan(5), { timeout: 10_000 });
  },
};

// A projector made from TensorBoard's projector_config.pbtxt (E's fixture: written by TensorBoard's own plugin), served
// with the files it names beside it by .storybook/main.ts's staticDirs (a bundled URL would separate them).
const projectorConfig = new URL('projector-fixture/projector_config.pbtxt', document.baseURI).href;
const configHandles = new WeakMap<HTMLElement, EmbeddingProjectorHandle>();

export const FromProjectorConfig: Story = {
  name: "TensorBoard's projector_config.pbtxt: two embeddings, sprites, bookmarks",
  parameters: {
    docs: {
      description: {
        story:
          'The `config` option reads a projector_config.pbtxt written by TensorBoard\'s projector plugin (100 MNIST digits, two embeddings): each embedding\'s tensor, metadata, sprite sheet and bookmarks. The **Embedding** picker switches between them; **Bookmarks (2)** holds TensorBoard\'s saved views ("A three, by label", "Sevens in t-SNE 3D"); **Save view** adds yours, **Download**/**Upload…** move them as a JSON file. The play function restores the first bookmark and switches embeddings.',
      },
    },
  },
  render: (_args, { canvasElement }) => {
    const container = document.createElement('div');
    container.style.maxWidth = '980px';
    setTimeout(() => {
      configHandles.get(canvasElement)?.destroy();
      const h = createEmbeddingProjector(container, { config: projectorConfig, title: 'MNIST digits from projector_config.pbtxt' });
      configHandles.set(canvasElement, h);
    }, 0);
    return container;
  },
  play: async ({ canvasElement }) => {
    // (The handle is not given to expect() while the config loads: its members throw until then.)
    await waitFor(() => expect(configHandles.has(canvasElement)).toBe(true));
    const h = configHandles.get(canvasElement);
    await h!.whenRendered();
    await expect(h!.embeddingName).toBe('digits/pooled');
    await expect(h!.shape).toEqual([100, 49]);
    const picker = canvasElement.querySelector<HTMLSelectElement>('.tl-ep-embedding')!;
    await expect(Array.from(picker.options, (o) => o.value)).toEqual(['digits/pooled', 'digits/random']);
    const panel = canvasElement.querySelector<HTMLDetailsElement>('.tl-ep-bookmarks')!;
    await waitFor(() => expect(panel.querySelector('summary')!.textContent).toBe('Bookmarks (2)'));
    panel.open = true;
    await userEvent.click(panel.querySelector<HTMLButtonElement>('.tl-ep-bookmark-restore')!);
    await waitFor(() => expect(h!.getState().selection?.length).toBeGreaterThan(0), { timeout: 20_000 });
    await userEvent.selectOptions(picker, 'digits/random');
    await waitFor(() => expect(h!.embeddingName).toBe('digits/random'), { timeout: 20_000 });
    await h!.whenRendered();
    await expect(h!.shape).toEqual([100, 8]);
  },
};

export const BookmarksAndUrlState: Story = {
  name: 'Bookmarks and URL state',
  args: { options: { urlState: 'mnist' } },
  parameters: {
    docs: {
      description: {
        story:
          'Open **Bookmarks**, name the view and **Save view**: the projection, camera, selection, colour and search are stored; click the name to come back to it (Download/Upload… move them as JSON, TensorBoard\'s bookmark files included). With `urlState`, the view also lives in the page\'s location hash, so a link or a reload opens the same view. The play function searches for 7s, saves the view, switches to a custom projection and restores the bookmark.',
      },
    },
  },
  play: async ({ canvasElement }) => {
    const h = await projectorIn(canvasElement);
    await waitFor(() => expect(h.projection?.method).toBe('pca'), { timeout: 30_000 });
    await userEvent.type(canvasElement.querySelector<HTMLInputElement>('.tl-ep-search')!, '7');
    const panel = canvasElement.querySelector<HTMLDetailsElement>('.tl-ep-bookmarks')!;
    panel.open = true;
    await userEvent.type(panel.querySelector<HTMLInputElement>('.tl-ep-bookmark-name')!, 'the sevens');
    await userEvent.click(panel.querySelector<HTMLButtonElement>('.tl-ep-bookmark-save')!);
    await expect(panel.querySelector('summary')!.textContent).toBe('Bookmarks (1)');
    // The URL keeps the view (a moment after the last change).
    await waitFor(() => expect(decodeURIComponent(location.hash)).toContain('mnist='));
    h.update({ search: null, method: 'custom', custom: { left: '4', right: '9', down: '1', up: '7' } });
    await waitFor(() => expect(h.projection?.method).toBe('custom'), { timeout: 30_000 });
    await userEvent.click(panel.querySelector<HTMLButtonElement>('.tl-ep-bookmark-restore')!);
    await waitFor(() => expect(h.projection?.method).toBe('pca'), { timeout: 30_000 });
    await expect(h.getState().search).toBe('7');
  },
};

export const ElementFromConfig: Story = {
  name: '<tl-embedding-projector config="projector_config.pbtxt">',
  parameters: {
    docs: {
      description: {
        story:
          'The custom element reading TensorBoard\'s projector_config.pbtxt with one attribute, `config` (its embeddings, metadata, sprite sheet and bookmarks come from the paths inside it).',
      },
    },
  },
  render: () => {
    const el = document.createElement('tl-embedding-projector') as TlEmbeddingProjector;
    el.setAttribute('config', projectorConfig);
    el.setAttribute('eager', '');
    el.style.maxWidth = '980px';
    return el;
  },
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector('tl-embedding-projector') as TlEmbeddingProjector;
    await el.whenRendered();
    await waitFor(() => expect(el.projector!.shape).toEqual([100, 49]), { timeout: 30_000 });
    await expect(el.projector!.embeddingName).toBe('digits/pooled');
    await expect(canvasElement.querySelector<HTMLSelectElement>('.tl-ep-embedding')!.options.length).toBe(2);
  },
};

export const UmapParameters: Story = {
  name: 'Parameters: UMAP neighbours and min distance',
  args: { method: 'umap', options: { umap: { nNeighbors: 5, minDist: 0.5, nEpochs: 200 } } },
  parameters: {
    docs: {
      description: {
        story:
          'UMAP with 5 neighbours (local structure only: more, smaller islands) and min distance 0.5 (points spread within them). Change either under **Parameters** and press Enter: a new run starts and streams its layout.',
      },
    },
  },
  play: async ({ canvasElement }) => {
    const h = await projectorIn(canvasElement);
    await waitFor(() => expect(h.projection?.method).toBe('umap'), { timeout: 50_000 });
    canvasElement.querySelector<HTMLDetailsElement>('.tl-ep-params')!.open = true;
    await expect(canvasElement.querySelector<HTMLInputElement>('.tl-ep-neighbors-input')!.value).toBe('5');
    await expect(canvasElement.querySelector<HTMLInputElement>('.tl-ep-min-dist')!.value).toBe('0.5');
    await expect(h.getState().umap).toMatchObject({ nNeighbors: 5, minDist: 0.5 });
  },
};

export const SpritesIn3D: Story = {
  name: 'MNIST digits as their images, PCA 3D',
  args: { dataset: 'mnist-pixels', dims: 3, options: { spriteMinSize: 8 } },
  parameters: {
    docs: {
      description: {
        story:
          "500 digits as raw pixels, laid out by PCA in 3D, each point drawn as its digit (the vectors are the images, so they are the sprites too: `sprite: { pixels, size: [28, 28] }`). In 3D the images face the camera and shrink with depth; drag to orbit. The play function moves the camera 1.6× closer.",
      },
    },
  },
  play: async ({ canvasElement }) => {
    const h = await projectorIn(canvasElement);
    await waitFor(() => expect(h.projection?.method).toBe('pca'), { timeout: 30_000 });
    await expect(h.projection?.dims).toBe(3);
    await waitFor(() => expect(h.pointCloud.sprites.state).toBe('ready'), { timeout: 30_000 });
    const camera = h.pointCloud.getCamera();
    h.pointCloud.setCamera({ ...camera, zoom: 1.6 }, { transition: 600 }); // closer: the digits are readable
    await waitFor(() => expect(h.pointCloud.getCamera().zoom).toBe(1.6));
  },
};

/** Rows of the MNIST CNN embedding whose true label is one of `digits`. */
function rowsOf(...digits: string[]): number[] {
  const out: number[] = [];
  mnistEmbedding().metadata.label.forEach((l, i) => digits.includes(l) && out.push(i));
  return out;
}

export const TsneParameters: Story = {
  name: 'Parameters: t-SNE perplexity, pause and resume',
  args: { method: 'tsne', options: { tsne: { perplexity: 30, iterations: 300 } } },
  parameters: {
    docs: {
      description: {
        story:
          'Open **Parameters** for t-SNE\'s perplexity, learning rate and iterations (UMAP: neighbours and min distance), applied on Enter; **Re-run** starts again. **Pause** stops the worker where it is and **Resume** continues to the same layout an uninterrupted run gives. The play function sets perplexity 10 (a new run starts), pauses, checks that the iteration count stands still, and resumes.',
      },
    },
  },
  play: async ({ canvasElement }) => {
    const h = await projectorIn(canvasElement);
    const status = canvasElement.querySelector('.tl-ep-status-text')!;
    await waitFor(() => expect(h.busy).toBe(true), { timeout: 30_000 });
    canvasElement.querySelector<HTMLDetailsElement>('.tl-ep-params')!.open = true;
    const perplexity = canvasElement.querySelector<HTMLInputElement>('.tl-ep-perplexity')!;
    await userEvent.clear(perplexity);
    await userEvent.type(perplexity, '10');
    await userEvent.tab(); // leaving the field commits it, as Enter does
    await waitFor(() => expect(h.getState().tsne?.perplexity).toBe(10));
    await waitFor(() => expect(status.textContent).toMatch(/iteration [1-9]\d*/), { timeout: 40_000 });
    const pause = canvasElement.querySelector<HTMLButtonElement>('.tl-ep-pause')!;
    await userEvent.click(pause);
    await waitFor(() => expect(status.textContent).toMatch(/paused at iteration \d+/));
    await expect(h.paused).toBe(true);
    await expect(pause.getAttribute('aria-pressed')).toBe('true');
    const at = status.textContent;
    await new Promise((r) => setTimeout(r, 500));
    await expect(status.textContent).toBe(at);
    await userEvent.click(pause);
    await waitFor(() => expect(status.textContent).not.toBe(at));
    await expect(h.paused).toBe(false);
  },
};

export const PcaComponents: Story = {
  name: 'PCA components: pick x and y among the first 10',
  args: { options: { pca: { axes: [2, 0] } } },
  parameters: {
    docs: {
      description: {
        story:
          'PCA computes the first 10 components once; the X/Y(/Z) pickers under **Parameters** show each with its share of the variance, and switching redraws at once without recomputing. Here x = PC3, y = PC1.',
      },
    },
  },
  play: async ({ canvasElement }) => {
    const h = await projectorIn(canvasElement);
    await waitFor(() => expect(h.projection?.method).toBe('pca'), { timeout: 30_000 });
    await expect(h.projection?.axes).toEqual([2, 0]);
    const x = canvasElement.querySelector<HTMLSelectElement>('.tl-ep-axis-x')!;
    await expect(x.selectedOptions[0].textContent).toMatch(/^PC3 · \d+(\.\d)? %$/);
    await userEvent.selectOptions(x, x.options[1].value);
    await expect(h.busy).toBe(false);
    await waitFor(() => expect(h.projection?.axes).toEqual([1, 0]));
  },
};

export const Spherize: Story = {
  name: 'Spherize (centre, unit length) before PCA',
  args: { options: { spherize: true } },
  parameters: {
    docs: {
      description: {
        story:
          'TensorBoard\'s **Spherize data**: every vector is centred on the mean and scaled to unit length before it is projected (any method), so the layout follows the directions of the activations, not their size. Toggle the checkbox to compare.',
      },
    },
  },
  play: async ({ canvasElement }) => {
    const h = await projectorIn(canvasElement);
    await waitFor(() => expect(h.projection?.method).toBe('pca'), { timeout: 30_000 });
    const box = canvasElement.querySelector<HTMLInputElement>('.tl-ep-spherize')!;
    await expect(box.checked).toBe(true);
    const spherized = h.projection!.explainedVarianceRatio![0];
    await userEvent.click(box);
    await waitFor(() => expect(h.getState().spherize).toBe(false));
    await waitFor(() => expect(h.projection?.explainedVarianceRatio?.[0]).not.toBe(spherized), { timeout: 30_000 });
  },
};

export const Isolate: Story = {
  name: 'Isolate: t-SNE of the 4s, 7s and 9s only',
  args: { method: 'tsne', options: { isolate: rowsOf('4', '7', '9'), tsne: { iterations: 300 } } },
  parameters: {
    docs: {
      description: {
        story:
          'Select points (click a legend entry, or shift-drag a lasso), then **Isolate N points**: only those rows are projected and drawn, and indices in events stay the original rows. Here the three digits the CNN confuses most, laid out by t-SNE on their own; **Show all** brings every point back.',
      },
    },
  },
  play: async ({ canvasElement }) => {
    const h = await projectorIn(canvasElement);
    const n = rowsOf('4', '7', '9').length;
    await waitFor(() => expect(h.projection?.method).toBe('tsne'), { timeout: 50_000 });
    await expect(h.projection?.rows?.length).toBe(n);
    await expect(canvasElement.querySelector('.tl-ep-status-text')!.textContent).toMatch(new RegExp(`^t-SNE 2D of ${n} isolated of 2000 points`));
    const showAll = canvasElement.querySelector<HTMLButtonElement>('.tl-ep-show-all')!;
    await expect(showAll.hidden).toBe(false); // (left for the reader: it lays out all 2000 again)
  },
};

export const CustomProjection: Story = {
  name: 'Custom projection: 4 → 9 across, 1 → 7 up',
  args: { method: 'custom', options: { custom: { left: '4', right: '9', up: '7', down: '1' } } },
  parameters: {
    docs: {
      description: {
        story:
          'As TensorBoard\'s custom projection: the x axis runs from the mean of the points matching the left search to the mean of those matching the right one, the y axis from down to up (searches are substrings or /regex/ on the label). Points between 4 and 9 are the ones the CNN hesitates on. Edit the four searches under **Parameters**; each shows its match count.',
      },
    },
  },
  play: async ({ canvasElement }) => {
    const h = await projectorIn(canvasElement);
    await waitFor(() => expect(h.projection?.method).toBe('custom'), { timeout: 30_000 });
    await expect(h.projection?.matches).toEqual({ left: 200, right: 200, up: 200, down: 200 });
    canvasElement.querySelector<HTMLDetailsElement>('.tl-ep-params')!.open = true;
    await expect(canvasElement.querySelector<HTMLSelectElement>('.tl-ep-dims')!.disabled).toBe(true);
  },
};
