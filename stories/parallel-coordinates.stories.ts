/// <reference types="vite/client" />
import type { Meta, StoryObj } from '@storybook/html-vite';
import { expect, fn, waitFor } from 'storybook/test';
import { createConfusionMatrix, createDataTable } from '@tensorlens/charts';
import { createParallelCoordinates, type ParallelCoordinatesHandle, type ParallelCoordinatesOptions } from '@tensorlens/views';
import { createXYPlot } from '@tensorlens/gl';
import { createSelection, type Selection } from '@tensorlens/core';
// Real data, bundled (nothing is fetched): the sweep trained by scripts/make-sweep.mjs, and vega-datasets' cars
// (the package's exports map hides its data files, so the JSON is imported by path).
import sweepCsv from './data/sweep.csv?raw';
import cars from '../node_modules/vega-datasets/data/cars.json';
import { errorBox, mnist, rng } from './support';

type Dataset = 'sweep' | 'cars' | 'million';

interface Args {
  dataset: Dataset;
  color: string;
  scheme: NonNullable<ParallelCoordinatesOptions['scheme']>;
  legend: boolean;
  maxCategories: number;
  opacity: number;
  renderer: NonNullable<ParallelCoordinatesOptions['renderer']>;
  mode: NonNullable<ParallelCoordinatesOptions['mode']>;
  theme: NonNullable<ParallelCoordinatesOptions['theme']>;
  title: string;
  onSelect: (e: unknown) => void;
}

// ---- story bookkeeping: destroy what the previous render drew ----
const live = new WeakMap<HTMLElement, Array<{ destroy(): void }>>();
const charts = new WeakMap<HTMLElement, ParallelCoordinatesHandle>();
function track(canvas: HTMLElement | undefined, ...h: Array<{ destroy(): void }>) {
  if (!canvas) return;
  release(canvas);
  live.set(canvas, h);
}
function release(canvas: HTMLElement | undefined) {
  if (!canvas) return;
  for (const h of live.get(canvas) ?? []) h.destroy();
  live.delete(canvas);
}

// ---- data ----
const sweepLines = sweepCsv.trim().split('\n');
const sweepHeader = sweepLines[0].split(',');
/** A numeric column of the sweep, read straight from the CSV text (an independent reference for play checks). */
const sweepColumn = (name: string) => sweepLines.slice(1).map((l) => +l.split(',')[sweepHeader.indexOf(name)]);
/** Runs at or above this validation accuracy are "the best runs" the sweep stories brush. */
const BEST = 0.85;

const synthCache = new Map<number, Record<string, Float32Array | string[]>>();
/**
 * n (default 1M) seeded synthetic rows × 10 columns shaped like a large sweep: log-uniform learning rate, categorical optimizer,
 * widths in powers of two, a loss that depends on them with noise, accuracy from the loss, 1 % missing losses.
 */
function millionRows(n = 1_000_000) {
  const hit = synthCache.get(n);
  if (hit) return hit;
  const r = rng(11);
  const f = () => new Float32Array(n);
  const [lr, width, depth, dropout, batch, epochs, loss, acc, time] = [f(), f(), f(), f(), f(), f(), f(), f(), f()];
  const opt: string[] = new Array(n);
  const opts = ['sgd', 'momentum', 'adam', 'rmsprop'];
  for (let i = 0; i < n; i++) {
    lr[i] = 10 ** (-4 + 3.5 * r());
    width[i] = 2 ** (4 + Math.floor(r() * 6));
    depth[i] = 1 + Math.floor(r() * 4);
    dropout[i] = Math.floor(r() * 6) / 10;
    batch[i] = 2 ** (4 + Math.floor(r() * 5));
    epochs[i] = 1 + Math.floor(r() * 20);
    const o = Math.floor(r() * 4);
    opt[i] = opts[o];
    const l = 0.15 + 0.25 * Math.abs(Math.log10(lr[i]) + (o >= 2 ? 3 : 1.5)) + 8 / width[i] + dropout[i] * 0.2 + 1.5 / epochs[i] + 0.1 * r();
    loss[i] = r() < 0.01 ? NaN : l;
    acc[i] = Math.max(0.1, Math.min(0.995, 1.05 - 0.45 * l + 0.02 * r()));
    time[i] = epochs[i] * width[i] * depth[i] * (0.8 + 0.4 * r()) / batch[i];
  }
  const out = { learning_rate: lr, optimizer: opt, width, depth, dropout, batch_size: batch, epochs, loss, accuracy: acc, time_s: time };
  synthCache.set(n, out);
  return out;
}

function dataFor(d: Dataset): ParallelCoordinatesOptions['data'] {
  return d == 'cars' ? (cars as Array<Record<string, unknown>>) : d == 'million' ? millionRows() : sweepCsv;
}

function sweepOptions(): Partial<ParallelCoordinatesOptions> {
  return {
    columns: ['optimizer', 'learning_rate', 'hidden_units', 'hidden_layers', 'activation', 'batch_size', 'dropout', 'l2', 'epochs', 'params', 'train_time_ms', 'val_loss', 'val_accuracy'],
    brushes: { val_accuracy: [[BEST, 1]] },
  };
}

function render(args: Args, canvas: HTMLElement | undefined, extra: Partial<ParallelCoordinatesOptions> = {}): HTMLElement {
  const wrap = document.createElement('div');
  wrap.style.cssText = 'max-width:1100px;height:440px';
  try {
    const pc = createParallelCoordinates(wrap, {
      data: dataFor(args.dataset),
      color: args.color || null,
      scheme: args.scheme,
      legend: args.legend,
      maxCategories: args.maxCategories,
      opacity: args.opacity > 0 ? args.opacity : 'auto',
      renderer: args.renderer,
      mode: args.mode,
      theme: args.theme,
      title: args.title,
      ...(args.dataset == 'sweep' ? sweepOptions() : {}),
      ...extra,
    });
    pc.on('select', (e) => args.onSelect({ count: e.count, brushes: e.brushes }));
    track(canvas, pc);
    if (canvas) charts.set(canvas, pc);
  } catch (e) {
    release(canvas);
    wrap.append(errorBox(document, (e as Error).message));
  }
  return wrap;
}

const meta = {
  title: 'Charts/Parallel coordinates',
  tags: ['autodocs'],
  render: (args, { canvasElement }) => render(args, canvasElement),
  beforeEach: ({ canvasElement }) => () => release(canvasElement),
  args: {
    dataset: 'sweep',
    color: 'val_accuracy',
    scheme: 'viridis',
    legend: true,
    maxCategories: 30,
    opacity: 0,
    renderer: 'webgl',
    mode: 'auto',
    theme: 'auto',
    title: '',
    onSelect: fn(),
  },
  argTypes: {
    dataset: { control: 'inline-radio', options: ['sweep', 'cars', 'million'], description: 'Real sweep (80 MLPs on MNIST), vega-datasets cars, or 1M synthetic rows' },
    color: { control: 'text', description: 'Column that colours the lines, or a CSS colour (empty: the theme accent)' },
    scheme: { control: 'inline-radio', options: ['viridis', 'magma', 'blues', 'greys', 'rdbu', 'puor'] },
    legend: { control: 'boolean', description: 'Show the colour legend (categories with counts, clickable; a continuous ramp)' },
    maxCategories: { control: { type: 'number', min: 2, max: 256 }, description: 'More categories than this fold into top-k + "other" (with a note)' },
    opacity: { control: { type: 'range', min: 0, max: 1, step: 0.05 }, description: '0 = auto (from the row count)' },
    renderer: { control: 'inline-radio', options: ['webgl', 'canvas'] },
    mode: { control: 'inline-radio', options: ['auto', 'lines', 'density'], description: "One line per row, or density (rows counted per pair of bins on adjacent axes); 'auto': density above 50 000 rows" },
    theme: { control: 'inline-radio', options: ['auto', 'light', 'dark'] },
    title: { control: 'text' },
    onSelect: { table: { disable: true } },
  },
  parameters: {
    docs: {
      description: {
        component:
          'One line per row across one axis per column. Drag on an axis to brush (several brushes per axis: OR; across axes: AND), drag an axis title to reorder, and use Keep / Exclude to narrow the data.',
      },
    },
  },
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

/** The real hyperparameter sweep, coloured by validation accuracy and brushed to the best runs. */
export const Sweep: Story = {
  name: 'Real sweep: 80 MLPs on MNIST, brushed to the best runs',
  play: async ({ canvasElement }) => {
    const want = sweepColumn('val_accuracy').filter((v) => v >= BEST).length;
    await waitFor(() => expect(charts.get(canvasElement)?.selectedCount).toBe(want), { timeout: 15_000 });
    expect(charts.get(canvasElement)!.rowCount).toBe(80);
  },
};

/** vega-datasets' cars: numeric, categorical (origin, cylinders) and datetime (year) columns; 14 rows miss a value. */
export const Cars: Story = {
  args: { dataset: 'cars', color: 'Origin' },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(charts.get(canvasElement)?.rowCount).toBe((cars as unknown[]).length), { timeout: 15_000 });
    const info = charts.get(canvasElement)!.columnsInfo();
    const hp = info.find((c) => c.name == 'Horsepower')!;
    expect(hp.missing).toBe((cars as Array<Record<string, unknown>>).filter((r) => r.Horsepower == null).length);
  },
};

/**
 * One million synthetic rows × 10 columns in density mode (the default above 50 000 rows): rows are counted per
 * pair of bins on adjacent axes and each bin pair is a band whose opacity follows log(1 + rows per pixel); the
 * brushed rows are drawn over the dimmed density of every row. Drag a brush: only the rows that pass are counted
 * again. Heavy for the story test run (building the rows takes seconds), so not tested there.
 */
export const OneMillionRows: Story = {
  name: 'One million rows (density mode)',
  args: { dataset: 'million', color: '' },
  tags: ['!test'],
  render: (args, { canvasElement }) => render(args, canvasElement, { brushes: { accuracy: [[0.85, 1]], optimizer: [['adam', 'rmsprop']] } }),
};

/** The same million rows forced to one line per row: compare the picture and the brush latency with density mode. */
export const OneMillionRowsLines: Story = {
  name: 'One million rows, one line per row (slow on software GL)',
  args: { dataset: 'million', color: 'accuracy', mode: 'lines' },
  tags: ['!test'],
  render: (args, { canvasElement }) => render(args, canvasElement, { brushes: { accuracy: [[0.85, 1]], optimizer: [['adam', 'rmsprop']] } }),
};

/** 60 000 rows of the same synthetic sweep (above the threshold, so density), with a play check of the brushed count. */
export const DensityBrushed: Story = {
  name: 'Density mode, brushed (60 000 rows)',
  args: { dataset: 'million', color: '' },
  render: (args, { canvasElement }) => {
    return render({ ...args }, canvasElement, { data: millionRows(60_000), brushes: { learning_rate: [[1e-3, 1e-2]] } });
  },
  play: async ({ canvasElement }) => {
    const lr = millionRows(60_000).learning_rate as Float32Array;
    let want = 0;
    for (const v of lr) if (v >= 1e-3 && v <= 1e-2) want++;
    await waitFor(() => expect(charts.get(canvasElement)?.mode).toBe('density'), { timeout: 30_000 });
    await waitFor(() => expect(charts.get(canvasElement)?.selectedCount).toBe(want), { timeout: 30_000 });
  },
};

/** What bad input looks like: each panel is one case, with its note or its error. */
export const BadInput: Story = {
  render: (args, { canvasElement }) => {
    const grid = document.createElement('div');
    grid.style.cssText = 'display:grid;grid-template-columns:1fr 1fr;gap:12px;max-width:1100px';
    const cases: Array<[string, ParallelCoordinatesOptions['data']]> = [
      ['Strings in a numeric column (missing, counted, noted)', { loss: [0.5, 'n/a', 0.3, 0.2, 'oops', 0.9], lr: [1e-3, 1e-2, 1e-1, 1e-3, 1e-2, 1e-1], opt: ['a', 'b', 'a', 'b', 'a', 'b'] }],
      ['An all-missing column (shown on the missing band)', { loss: [0.5, 0.4, 0.3], empty: [null, null, null], lr: [1, 2, 3] }],
      ['A single row', [{ loss: 0.42, lr: 0.001, layers: 2, opt: 'adam' }]],
      ['Ragged columns (an error naming the column)', { loss: [0.5, 0.4, 0.3], lr: [1, 2] }],
    ];
    const handles: Array<{ destroy(): void }> = [];
    for (const [label, data] of cases) {
      const cell = document.createElement('div');
      const h = document.createElement('h4');
      h.textContent = label;
      h.style.cssText = 'margin:0 0 4px;font:600 13px system-ui,sans-serif';
      const box = document.createElement('div');
      box.style.height = '260px';
      cell.append(h, box);
      grid.append(cell);
      try {
        handles.push(createParallelCoordinates(box, { data, color: null, theme: args.theme }));
      } catch (e) {
        box.append(errorBox(document, (e as Error).message));
      }
    }
    track(canvasElement, ...handles);
    return grid;
  },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(canvasElement.querySelector('[role=alert]')?.textContent).toContain('data.lr'));
  },
};

/** A panel with a heading, for the linked views. */
function panel(parent: HTMLElement, title: string, css: string): HTMLElement {
  const cell = document.createElement('section');
  cell.style.cssText = css;
  const h = document.createElement('h4');
  h.textContent = title;
  h.style.cssText = 'margin:0 0 4px;font:600 13px system-ui,sans-serif';
  const body = document.createElement('div');
  cell.append(h, body);
  parent.append(cell);
  return body;
}

/**
 * Linked views over one Selection: the sweep in parallel coordinates (brushed to the best runs), its table and an
 * XY plot of learning rate against validation accuracy. Brush an axis, box-select in the plot or click table rows:
 * the other views follow.
 */
export const LinkedSweep: Story = {
  name: 'Linked: parallel coordinates + table + XY plot (sweep)',
  render: (args, { canvasElement }) => {
    const selection: Selection = createSelection();
    const grid = document.createElement('div');
    grid.style.cssText = 'display:grid;grid-template-columns:1fr 1fr;gap:12px;max-width:1100px';
    const pcBox = panel(grid, 'Parallel coordinates', 'grid-column:1 / span 2');
    pcBox.style.height = '380px';
    const tableBox = panel(grid, 'Runs', '');
    const xyBox = panel(grid, 'Learning rate vs validation accuracy', '');
    // attached before the charts are created (the point cloud puts its theme into the container's document)
    canvasElement?.append(grid);
    const handles: Array<{ destroy(): void }> = [];
    try {
      const { brushes, ...rest } = sweepOptions();
      const pc = createParallelCoordinates(pcBox, { data: sweepCsv, color: 'val_accuracy', selection, theme: args.theme, ...rest });
      // brushes set through update() are written to the shared selection (initial ones only filter the lines)
      pc.update({ brushes });
      handles.push(pc);
      if (canvasElement) charts.set(canvasElement, pc);
      handles.push(createDataTable(tableBox, { data: sweepCsv, selection, sort: { column: 'val_accuracy', descending: true }, height: 380, theme: args.theme }));
      handles.push(createXYPlot(xyBox, { data: sweepCsv, x: 'learning_rate', y: 'val_accuracy', color: 'optimizer', selection, height: 380 }));
    } catch (e) {
      grid.append(errorBox(document, (e as Error).message));
    }
    track(canvasElement, ...handles);
    return grid;
  },
  play: async ({ canvasElement }) => {
    const want = sweepColumn('val_accuracy').filter((v) => v >= BEST).length;
    // no error shown (an empty, hidden alert region, as the XY plot keeps one, is not an error)
    expect(canvasElement.querySelector('[role=alert]:not([hidden])')).toBeNull();
    // the brush in parallel coordinates reaches the table and the XY plot through the shared selection
    await waitFor(() => expect(canvasElement.querySelector('.tl-dt-count')!.textContent).toBe(`80 rows · ${want} selected`), { timeout: 15_000 });
    await waitFor(() => expect(canvasElement.querySelector('.tl-xy-count')!.textContent).toBe(`80 points · ${want} selected`));
  },
};

/**
 * Linked views over MNIST predictions (scripts/make-mnist-predictions.mjs): the confusion matrix, parallel
 * coordinates of true label, both models' predictions and whether each was right, and the table showing only the
 * selected test images. Click a cell of the matrix: its images are brushed everywhere.
 */
export const LinkedMnist: Story = {
  name: 'Linked: confusion matrix + parallel coordinates + table (MNIST)',
  render: (args, { canvasElement }) => {
    const selection = createSelection();
    const n = mnist.yTrue.length;
    const rows = {
      image: Float64Array.from({ length: n }, (_, i) => i),
      true_label: mnist.yTrue.map((v) => mnist.classes[v]),
      mlp: mnist.yPred.map((v) => mnist.classes[v]),
      softmax: mnist.yPredB.map((v) => mnist.classes[v]),
      mlp_right: mnist.yPred.map((v, i) => (v === mnist.yTrue[i] ? 'yes' : 'no')),
      softmax_right: mnist.yPredB.map((v, i) => (v === mnist.yTrue[i] ? 'yes' : 'no')),
    };
    const grid = document.createElement('div');
    grid.style.cssText = 'display:grid;grid-template-columns:1fr 1fr;gap:12px;max-width:1100px';
    const cmBox = panel(grid, 'Confusion matrix (MLP)', '');
    const tableBox = panel(grid, 'Selected test images', '');
    const pcBox = panel(grid, 'Labels and predictions', 'grid-column:1 / span 2');
    pcBox.style.height = '340px';
    const handles: Array<{ destroy(): void }> = [];
    try {
      handles.push(createConfusionMatrix(cmBox, { yTrue: mnist.yTrue, yPred: mnist.yPred, classes: mnist.classes, selection, margins: false, confusedPairs: 0 }));
      handles.push(createDataTable(tableBox, { data: rows, selection, showOnlySelected: true, height: 380, theme: args.theme }));
      const pc = createParallelCoordinates(pcBox, { data: rows, columns: ['true_label', 'mlp', 'softmax', 'mlp_right', 'softmax_right'], color: 'true_label', selection, theme: args.theme });
      handles.push(pc);
      if (canvasElement) charts.set(canvasElement, pc);
    } catch (e) {
      grid.append(errorBox(document, (e as Error).message));
    }
    track(canvasElement, ...handles);
    // a selection to start from: the MLP's mistakes of true 4 predicted as 9
    selection.set(mnist.yTrue.flatMap((t, i) => (t === 4 && mnist.yPred[i] === 9 ? [i] : [])));
    return grid;
  },
  play: async ({ canvasElement }) => {
    const want = mnist.yTrue.filter((t, i) => t === 4 && mnist.yPred[i] === 9).length;
    await waitFor(() => expect(canvasElement.querySelector('.tl-dt-count')!.textContent).toBe(`${n(mnist.yTrue.length)} rows · ${want} selected · showing ${want}`), { timeout: 15_000 });
  },
};

const n = (v: number) => v.toLocaleString('en-US');
