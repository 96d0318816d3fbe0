/// <reference types="vite/client" />
import type { Meta, StoryObj } from '@storybook/html-vite';
import { expect, fn, userEvent, waitFor } from 'storybook/test';
import { createDataTable, type DataTableOptions } from '@tensorlens/charts';
import { createSelection } from '@tensorlens/core';
// The real hyperparameter sweep (scripts/make-sweep.mjs), bundled as text: nothing is fetched.
import sweepCsv from './data/sweep.csv?raw';
import { errorBox, rng } from './support';

interface Args {
  dataset: 'sweep' | 'million';
  showOnlySelected: boolean;
  rowHeight: number;
  height: number;
  theme: NonNullable<DataTableOptions['theme']>;
  onSelect: (e: unknown) => void;
  onSort: (e: unknown) => void;
}

const live = new WeakMap<HTMLElement, Array<{ destroy(): void }>>();
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

let million: Record<string, Float64Array | string[]> | null = null;
/** 1M seeded synthetic rows: an id, three numeric columns (one with 2 % missing) and a category. */
function millionRows() {
  if (million) return million;
  const n = 1_000_000;
  const r = rng(7);
  const id = new Float64Array(n);
  const loss = new Float64Array(n);
  const lr = new Float64Array(n);
  const width = new Float64Array(n);
  const opt: string[] = new Array(n);
  const names = ['sgd', 'momentum', 'adam', 'rmsprop'];
  for (let i = 0; i < n; i++) {
    id[i] = i;
    lr[i] = 10 ** (-4 + 3 * r());
    width[i] = 2 ** (4 + Math.floor(r() * 5));
    loss[i] = r() < 0.02 ? NaN : Math.abs(Math.log10(lr[i]) + 2.5) * 0.4 + 64 / width[i] + r() * 0.3;
    opt[i] = names[Math.floor(r() * 4)];
  }
  return (million = { id, optimizer: opt, learning_rate: lr, width, loss });
}

function render(args: Args, canvas: HTMLElement | undefined, extra: Partial<DataTableOptions> = {}): HTMLElement {
  const wrap = document.createElement('div');
  wrap.style.maxWidth = '900px';
  try {
    const t = createDataTable(wrap, {
      data: args.dataset == 'million' ? millionRows() : sweepCsv,
      showOnlySelected: args.showOnlySelected,
      rowHeight: args.rowHeight,
      height: args.height,
      theme: args.theme,
      title: args.dataset == 'million' ? '1M synthetic runs' : 'Hyperparameter sweep (80 MLPs on MNIST)',
      ...extra,
    });
    t.on('select', (e) => args.onSelect(e));
    t.on('sort', (e) => args.onSort(e));
    track(canvas, t);
  } catch (e) {
    release(canvas);
    wrap.append(errorBox(document, (e as Error).message));
  }
  return wrap;
}

const meta = {
  title: 'Charts/Data table',
  tags: ['autodocs'],
  render: (args, { canvasElement }) => render(args, canvasElement),
  beforeEach: ({ canvasElement }) => () => release(canvasElement),
  args: { dataset: 'sweep', showOnlySelected: false, rowHeight: 24, height: 360, theme: 'auto', onSelect: fn(), onSort: fn() },
  argTypes: {
    dataset: { control: 'inline-radio', options: ['sweep', 'million'], description: 'The real 80-run sweep, or 1M seeded synthetic rows' },
    showOnlySelected: { control: 'boolean', description: 'Show only the selected rows' },
    rowHeight: { control: { type: 'range', min: 16, max: 48, step: 2 }, description: 'Row height (px)' },
    height: { control: { type: 'range', min: 160, max: 800, step: 20 }, description: 'Table height (px)' },
    theme: { control: 'inline-radio', options: ['auto', 'light', 'dark'] },
    onSelect: { table: { disable: true } },
    onSort: { table: { disable: true } },
  },
  parameters: {
    docs: {
      description: {
        component:
          'A virtualized table (only the rows on screen are in the DOM) linked to a shared selection. Click a header to sort (again: descending, a third time: data order); click, shift-click and ctrl/cmd-click rows; arrows, PageUp/PageDown, Home/End, Space, Enter, Escape and Ctrl+A work when the grid has focus.',
      },
    },
  },
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

/** The real hyperparameter sweep: click "val_accuracy" twice to see the best runs first. */
export const Sweep: Story = {
  play: async ({ canvasElement, args }) => {
    await waitFor(() => expect(canvasElement.querySelector('.tl-dt-count')!.textContent).toBe('80 rows · 0 selected'));
    const head = Array.from(canvasElement.querySelectorAll<HTMLButtonElement>('.tl-dt-head button')).find((b) => b.textContent == 'val_accuracy')!;
    await userEvent.click(head);
    await userEvent.click(head);
    // the best run of the sweep (by the CSV itself) is now on top
    const lines = sweepCsv.trim().split('\n');
    const col = lines[0].split(',').indexOf('val_accuracy');
    const best = lines.slice(1).map((l) => l.split(',')).sort((a, b) => +b[col] - +a[col])[0];
    await waitFor(() => {
      const top = canvasElement.querySelector('.tl-dt-row[aria-rowindex="2"]')!;
      expect(top.firstElementChild!.textContent).toBe(best[0]);
    });
    expect(args.onSort).toHaveBeenLastCalledWith({ column: 'val_accuracy', descending: true });
    await userEvent.click(canvasElement.querySelector('.tl-dt-row[aria-rowindex="3"]')!);
    expect(canvasElement.querySelector('.tl-dt-count')!.textContent).toBe('80 rows · 1 selected');
  },
};

/** A selection made elsewhere (here: runs with val accuracy ≥ 0.85), with "show only selected" on. */
export const ShowOnlySelected: Story = {
  args: { showOnlySelected: true },
  render: (args, { canvasElement }) => {
    const selection = createSelection();
    const lines = sweepCsv.trim().split('\n');
    const col = lines[0].split(',').indexOf('val_accuracy');
    lines.slice(1).forEach((l, i) => +l.split(',')[col] >= 0.85 && selection.add([i]));
    return render(args, canvasElement, { selection, sort: { column: 'val_accuracy', descending: true } });
  },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(canvasElement.querySelector('.tl-dt-count')!.textContent).toMatch(/^80 rows · (\d+) selected · showing \1$/));
  },
};

/** One million rows: scrolling stays smooth (a fixed pool of row elements); sorting runs in slices with "sorting…". */
export const OneMillionRows: Story = {
  args: { dataset: 'million' },
  tags: ['!test'],
};

/** Bad input gives a TensorLensError that names the argument: here, columns of different lengths. */
export const BadInput: Story = {
  render: (args, { canvasElement }) => render(args, canvasElement, { data: { run: [1, 2, 3], loss: [0.5, 0.4] } }),
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(canvasElement.querySelector('[role=alert]')!.textContent).toContain('data.loss'));
  },
};
