import type { Meta, StoryObj } from '@storybook/html-vite';
import { expect, fn, waitFor } from 'storybook/test';
import { createConfusionMatrix, type ConfusionMatrixHandle, type ConfusionMatrixOptions } from '@tensorlens/charts';
import { createSelection } from '@tensorlens/core';
import { animals, clickCenter, errorBox, imagenetLike, mnist, release, track } from './support';

type Dataset = 'mnist' | 'animals' | 'imagenet-1000';

interface Args {
  dataset: Dataset;
  normalize: NonNullable<ConfusionMatrixOptions['normalize']>;
  cellText: NonNullable<ConfusionMatrixOptions['cellText']>;
  order: NonNullable<ConfusionMatrixOptions['order']>;
  /** 0 = every class. */
  topK: number;
  margins: boolean;
  confusedPairs: number;
  legend: boolean;
  scheme: NonNullable<ConfusionMatrixOptions['scheme']>;
  theme: NonNullable<ConfusionMatrixOptions['theme']>;
  title: string;
  canvasThreshold: number;
  /** Draw model B − model A (MNIST only: softmax regression vs MLP). */
  compare: boolean;
  onSelect: (e: unknown) => void;
}

function dataFor(dataset: Dataset): Pick<ConfusionMatrixOptions, 'yTrue' | 'yPred' | 'classes'> {
  if (dataset === 'animals') return { yTrue: animals.yTrue, yPred: animals.yPred, classes: animals.classes };
  if (dataset === 'imagenet-1000') {
    const d = imagenetLike();
    return { yTrue: d.yTrue, yPred: d.yPred, classes: d.classes };
  }
  return { yTrue: mnist.yTrue, yPred: mnist.yPred, classes: mnist.classes };
}

function optionsFrom(args: Args): ConfusionMatrixOptions {
  return {
    ...dataFor(args.dataset),
    normalize: args.normalize,
    cellText: args.cellText,
    order: args.order,
    topK: args.topK > 0 ? args.topK : null,
    margins: args.margins,
    confusedPairs: args.confusedPairs,
    legend: args.legend,
    scheme: args.scheme,
    theme: args.theme,
    title: args.title || undefined,
    canvasThreshold: args.canvasThreshold,
    compare: args.compare && args.dataset === 'mnist' ? { yPred: mnist.yPredB, label: 'softmax regression' } : null,
  };
}

/** Draws one chart into a fresh container (destroying the previous render's chart). */
function renderChart(args: Args, canvasElement: HTMLElement | undefined): HTMLElement {
  const container = document.createElement('div');
  container.style.maxWidth = '820px';
  let chart: ConfusionMatrixHandle;
  try {
    chart = createConfusionMatrix(container, optionsFrom(args));
  } catch (e) {
    release(canvasElement);
    container.append(errorBox(document, (e as Error).message));
    return container;
  }
  chart.on('select', (e) => args.onSelect(e));
  track(canvasElement, chart);
  return container;
}

const cellOf = async (canvas: HTMLElement, n = 0): Promise<Element> => {
  let cell: Element | undefined;
  await waitFor(
    () => {
      cell = canvas.querySelectorAll('.tl-cm-cell')[n];
      expect(cell).toBeTruthy();
    },
    { timeout: 10_000 },
  );
  return cell!;
};

const meta = {
  title: 'Charts/Confusion matrix',
  tags: ['autodocs'],
  render: (args, { canvasElement }) => renderChart(args, canvasElement),
  beforeEach: ({ canvasElement }) => () => release(canvasElement),
  args: {
    dataset: 'mnist',
    normalize: 'none',
    cellText: 'auto',
    order: 'given',
    topK: 0,
    margins: true,
    confusedPairs: 5,
    legend: true,
    scheme: 'blues',
    theme: 'auto',
    title: '',
    canvasThreshold: 40,
    compare: false,
    onSelect: fn(),
  },
  argTypes: {
    dataset: {
      control: 'select',
      options: ['mnist', 'animals', 'imagenet-1000'],
      description: 'Data shown: real MNIST predictions, a 3-class toy set, or 1000 synthetic ImageNet-sized classes',
    },
    normalize: { control: 'inline-radio', options: ['none', 'true', 'pred', 'all'], description: 'none: counts; true: rows sum to 1 (recall); pred: columns sum to 1 (precision); all: share of every example' },
    cellText: { control: 'inline-radio', options: ['auto', 'count', 'percent', 'none'], description: 'Text in each cell (auto: count when not normalized, else percent)' },
    order: { control: 'inline-radio', options: ['given', 'frequency', 'accuracy', 'seriation'], description: 'Order of the classes on both axes' },
    topK: { control: { type: 'number', min: 0, step: 1 }, description: 'Show the k classes with most support and fold the rest into "other" (0 = all)' },
    margins: { control: 'boolean', description: 'Support, precision, recall and F1 per class, plus a summary line' },
    confusedPairs: { control: { type: 'range', min: 0, max: 20, step: 1 }, description: 'Length of the "most confused pairs" list (0 hides it)' },
    legend: { control: 'boolean', description: 'Colour legend' },
    scheme: { control: 'inline-radio', options: ['blues', 'viridis', 'magma', 'greys'], description: 'Sequential colour scheme of the cells' },
    theme: { control: 'inline-radio', options: ['auto', 'light', 'dark'], description: 'auto follows the page (data-tl-theme) and prefers-color-scheme' },
    title: { control: 'text', description: 'Title above the chart' },
    canvasThreshold: { control: { type: 'number', min: 1, step: 1 }, description: 'Above this many classes, cells are drawn on a canvas' },
    compare: { control: 'boolean', description: 'Compare with a second model (MNIST: softmax regression − MLP)' },
    onSelect: { table: { disable: true } },
  },
  parameters: {
    docs: {
      description: {
        component:
          'The confusion matrix of a classifier: rows are true classes, columns are predicted classes. Every option of `createConfusionMatrix` is a control below. Click a cell to select its examples.',
      },
    },
  },
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

/** Every option as a control, on real MNIST predictions. */
export const Playground: Story = {};

export const MnistRealClassifier: Story = {
  name: 'MNIST digits — real classifier',
  args: { title: `MNIST test digits — ${mnist.models.A.name}` },
  parameters: {
    docs: {
      description: {
        story: `Real predictions on ${mnist.testSize} held-out MNIST digits from an MLP trained in this repository (scripts/make-mnist-predictions.mjs; test accuracy ${(mnist.models.A.testAccuracy * 100).toFixed(1)} %). Look at the off-diagonal cells: 4↔9, 3↔5 and 7↔9 are the classic confusions.`,
      },
    },
  },
  play: async ({ canvasElement, args }) => {
    const cell = await cellOf(canvasElement, 11); // row 1, column 1 (the "1 → 1" diagonal cell) of a 10×10 matrix
    await clickCenter(cell);
    await waitFor(() => expect(args.onSelect).toHaveBeenCalled());
    const detail = (args.onSelect as ReturnType<typeof fn>).mock.calls.at(-1)![0] as { trueClass: string; predClass: string; count: number; indices: Uint32Array };
    await expect(detail.indices.length).toBe(detail.count);
    for (const i of detail.indices) {
      await expect(String(mnist.yTrue[i])).toBe(detail.trueClass);
      await expect(String(mnist.yPred[i])).toBe(detail.predClass);
    }
  },
};

export const NormalizedByTrueClass: Story = {
  name: 'normalize: true (recall per row)',
  args: { normalize: 'true' },
};

export const NormalizedByPrediction: Story = {
  name: 'normalize: pred (precision per column)',
  args: { normalize: 'pred', cellText: 'percent' },
};

export const NormalizedOverAll: Story = {
  name: 'normalize: all',
  args: { normalize: 'all' },
};

export const CellTextCounts: Story = {
  name: 'cellText: count',
  args: { normalize: 'true', cellText: 'count' },
};

export const CellTextNone: Story = {
  name: 'cellText: none',
  args: { cellText: 'none' },
};

export const OrderBySeriation: Story = {
  name: 'order: seriation (confused classes side by side)',
  args: { order: 'seriation', normalize: 'true' },
};

export const OrderByAccuracy: Story = {
  name: 'order: accuracy',
  args: { order: 'accuracy', normalize: 'true' },
};

export const OrderByFrequency: Story = {
  name: 'order: frequency',
  args: { order: 'frequency', dataset: 'animals' },
};

export const TopK: Story = {
  name: 'topK: 12 of 1000 classes, rest folded into "other"',
  args: { dataset: 'imagenet-1000', topK: 12, normalize: 'true' },
};

/** The legend is core's createLegend: a ramp of the cell values in the current normalisation, under the plot. */
export const Legend: Story = {
  name: 'legend: the colour ramp of the cell values',
  args: { normalize: 'true', confusedPairs: 0, title: 'MNIST — share of each true digit' },
  parameters: {
    docs: {
      description: {
        story: 'Shown by default (`legend: false` hides it). Counts run from 0 to the largest cell; with `normalize: "true"` or `"pred"` from 0 % to 100 %; when comparing two models the ramp is diverging and centred at 0.',
      },
    },
  },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(canvasElement.querySelector('.tl-cm-legend .tl-legend-ramp')?.getAttribute('aria-label')).toBe('% of true class: colour scale, 0% to 100%'), { timeout: 10_000 });
    await expect(canvasElement.querySelector('.tl-cm-legend .tl-legend-title')!.textContent).toBe('% of true class');
  },
};

export const NoMarginsNoLegend: Story = {
  name: 'margins, legend and confused pairs off',
  args: { margins: false, legend: false, confusedPairs: 0 },
};

export const TenConfusedPairs: Story = {
  name: 'confusedPairs: 10',
  args: { confusedPairs: 10 },
};

export const SchemeViridis: Story = { name: 'scheme: viridis', args: { scheme: 'viridis', normalize: 'true' } };
export const SchemeMagma: Story = { name: 'scheme: magma', args: { scheme: 'magma', normalize: 'true' } };
export const SchemeGreys: Story = { name: 'scheme: greys', args: { scheme: 'greys', normalize: 'true' } };

export const SmallStringLabels: Story = {
  name: 'Three classes from string labels',
  args: { dataset: 'animals', title: 'cat / dog / bird' },
  play: async ({ canvasElement, args }) => {
    const cell = await cellOf(canvasElement, 1); // true cat → predicted dog
    await clickCenter(cell);
    await waitFor(() => expect(args.onSelect).toHaveBeenCalledWith(expect.objectContaining({ trueClass: 'cat', predClass: 'dog', count: 2 })));
  },
};

export const CompareTwoModels: Story = {
  name: 'compare: two models (B − A)',
  args: { compare: true, normalize: 'true', title: 'Softmax regression minus MLP (share of each true digit)' },
  parameters: {
    docs: {
      description: {
        story: `Model A: ${mnist.models.A.name} (${(mnist.models.A.testAccuracy * 100).toFixed(1)} %). Model B: ${mnist.models.B.name} (${(mnist.models.B.testAccuracy * 100).toFixed(1)} %). Diverging colours show where B makes more (or fewer) of each kind of prediction than A.`,
      },
    },
  },
};

export const DarkTheme: Story = {
  name: 'Dark theme',
  args: { theme: 'dark', normalize: 'true', scheme: 'magma' },
  parameters: { tlTheme: 'dark', backgrounds: { disable: true } },
};

export const ImageNetSized: Story = {
  name: '1000 classes (ImageNet-sized)',
  args: { dataset: 'imagenet-1000', order: 'seriation', normalize: 'true', cellText: 'none', confusedPairs: 10 },
  parameters: {
    docs: {
      description: {
        story:
          'Synthetic but realistic: 50 000 predictions over 1000 classes in 50 groups of 20 related classes (seeded). Errors cluster inside groups (dog breeds, instruments, ...), so seriation shows blocks along the diagonal. Cells are drawn on a canvas above 40 classes.',
      },
    },
  },
};

/** Two charts and a text readout share one selection: clicking a cell in either selects those test images in all three. */
export const LinkedSelection: Story = {
  name: 'Selection linking (two models, one selection)',
  render: (args, { canvasElement }) => {
    const doc = document;
    const root = doc.createElement('div');
    root.style.cssText = 'display:grid;grid-template-columns:repeat(auto-fit,minmax(360px,1fr));gap:16px';
    const selection = createSelection(mnist.yTrue.length);
    const a = doc.createElement('div');
    const b = doc.createElement('div');
    const readout = doc.createElement('p');
    readout.setAttribute('aria-live', 'polite');
    readout.className = 'linked-readout';
    readout.style.cssText = 'grid-column:1/-1;font:13px system-ui,sans-serif;margin:0';
    readout.textContent = 'Click a cell in either matrix.';
    root.append(a, b, readout);
    const common = { yTrue: mnist.yTrue, classes: mnist.classes, selection, normalize: args.normalize, margins: false, confusedPairs: 0, legend: false } as const;
    const chartA = createConfusionMatrix(a, { ...common, yPred: mnist.yPred, title: 'A: MLP' });
    const chartB = createConfusionMatrix(b, { ...common, yPred: mnist.yPredB, title: 'B: softmax regression' });
    chartA.on('select', (e) => args.onSelect(e));
    chartB.on('select', (e) => args.onSelect(e));
    const off = selection.on('change', ({ size }) => {
      const rows = Array.from(selection.toArray().slice(0, 12));
      readout.textContent = size
        ? `${size} test images selected. First ${rows.length}: ` + rows.map((i) => `#${i} (true ${mnist.yTrue[i]}, A ${mnist.yPred[i]}, B ${mnist.yPredB[i]})`).join(', ')
        : 'Nothing selected.';
    });
    track(canvasElement, chartA, chartB, { destroy: () => (off(), selection.destroy()) } as unknown as ConfusionMatrixHandle);
    return root;
  },
  play: async ({ canvasElement, args }) => {
    const cell = await cellOf(canvasElement, 94); // A: true 9 → predicted 4
    await clickCenter(cell);
    await waitFor(() => expect(args.onSelect).toHaveBeenCalled());
    const detail = (args.onSelect as ReturnType<typeof fn>).mock.calls.at(-1)![0] as { count: number };
    const readout = canvasElement.querySelector('.linked-readout')!;
    await waitFor(() => expect(readout.textContent).toMatch(detail.count ? `${detail.count} test images selected` : 'Nothing selected'));
  },
};

/** Bad input gives a readable error naming the argument, never a blank chart. */
export const ErrorsForBadInput: Story = {
  name: 'Errors shown for bad input',
  render: (_args, { canvasElement }) => {
    const root = document.createElement('div');
    const cases: Array<[string, ConfusionMatrixOptions]> = [
      ['yTrue and yPred of different lengths', { yTrue: [0, 1, 2], yPred: [0, 1] }],
      ['NaN in the labels', { yTrue: [0, Number.NaN, 1], yPred: [0, 1, 1] }],
      ['a label outside the class list', { yTrue: ['cat', 'dog'], yPred: ['cat', 'cow'], classes: ['cat', 'dog'] }],
      ['an unknown normalize value', { yTrue: [0, 1], yPred: [0, 1], normalize: 'rows' as never }],
      ['no data at all', {}],
    ];
    const charts: ConfusionMatrixHandle[] = [];
    for (const [label, options] of cases) {
      const box = document.createElement('section');
      box.className = 'error-case';
      const h = document.createElement('h4');
      h.textContent = label;
      h.style.cssText = 'font:600 13px system-ui,sans-serif;margin:1em 0 .25em';
      const target = document.createElement('div');
      box.append(h, target);
      root.append(box);
      try {
        const chart = createConfusionMatrix(target, options);
        charts.push(chart);
        chart.whenRendered().catch(() => {
          /* shown by the chart as .tl-error text */
        });
      } catch (e) {
        target.append(errorBox(document, (e as Error).message));
      }
    }
    track(canvasElement, ...charts);
    return root;
  },
  play: async ({ canvasElement }) => {
    const boxes = Array.from(canvasElement.querySelectorAll('.error-case'));
    await expect(boxes.length).toBe(5);
    for (const box of boxes) {
      await waitFor(() => expect(box.querySelector('[role="alert"]')?.textContent ?? '').not.toBe(''));
    }
  },
};
