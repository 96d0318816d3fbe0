import type { Meta, StoryObj } from '@storybook/html-vite';
import { expect, fn, userEvent, waitFor } from 'storybook/test';
import { categoricalColors, createLegend, createSelection, type LegendHandle, type LegendOptions } from '@tensorlens/core';
import { errorBox, imagenetLike, mnist } from './support';

interface Args {
  orientation: NonNullable<LegendOptions['orientation']>;
  theme: NonNullable<LegendOptions['theme']>;
  onSelect: (e: unknown) => void;
  onHighlight: (e: unknown) => void;
}

const live = new WeakMap<HTMLElement, LegendHandle[]>();
function track(canvas: HTMLElement | undefined, ...handles: LegendHandle[]) {
  if (!canvas) return;
  release(canvas);
  live.set(canvas, handles);
}
function release(canvas: HTMLElement | undefined) {
  if (!canvas) return;
  for (const h of live.get(canvas) ?? []) h.destroy();
  live.delete(canvas);
}

/** Per-class counts of integer labels. */
function countLabels(labels: ArrayLike<number>, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i]]++;
  return counts;
}

/** Draws one or more legends into a fresh wrapper; a bad option shows its error as text. */
function render(args: Args, canvas: HTMLElement | undefined, options: LegendOptions[], background?: string): HTMLElement {
  const wrap = document.createElement('div');
  wrap.style.cssText = `display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start;padding:12px;${background ? `background:${background};` : ''}`;
  const handles: LegendHandle[] = [];
  try {
    for (const o of options) {
      const legend = createLegend(wrap, { orientation: args.orientation, theme: args.theme, ...o });
      legend.on('select', (e) => args.onSelect({ categories: e.categories, rows: e.indices.length }));
      legend.on('highlight', (e) => args.onHighlight(e));
      handles.push(legend);
    }
    track(canvas, ...handles);
  } catch (e) {
    for (const h of handles) h.destroy();
    release(canvas);
    wrap.append(errorBox(document, (e as Error).message));
  }
  return wrap;
}

const digits = mnist.classes;
const mnistCounts = countLabels(mnist.yTrue, digits.length);

const meta = {
  title: 'Core/Legend',
  tags: ['autodocs'],
  beforeEach: ({ canvasElement }) => () => release(canvasElement),
  args: { orientation: 'vertical', theme: 'auto', onSelect: fn(), onHighlight: fn() },
  argTypes: {
    orientation: { control: 'inline-radio', options: ['vertical', 'horizontal'] },
    theme: { control: 'inline-radio', options: ['auto', 'light', 'dark'] },
    onSelect: { table: { disable: true } },
    onHighlight: { table: { disable: true } },
  },
  parameters: {
    docs: {
      description: {
        component:
          'The legend every colour encoding comes with (`createLegend` in @tensorlens/core). Categorical: click a class to select its rows (again: clear), shift-click to add or remove classes; Enter/Space and the arrow keys work too. Continuous and diverging: a colour ramp with d3 ticks; a diverging ramp is symmetric about its centre, which is always labelled.',
      },
    },
  },
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

/** The 10 MNIST digits of the test set with their counts; clicking a digit selects its rows of the shared selection. */
export const MnistDigits: Story = {
  render: (args, { canvasElement }) => {
    const selection = createSelection();
    return render(args, canvasElement, [
      { type: 'categorical', title: 'MNIST digit (test set)', categories: digits, colors: categoricalColors(digits.length), counts: mnistCounts, values: mnist.yTrue, selection },
    ]);
  },
  play: async ({ canvasElement, args }) => {
    const items = [...canvasElement.querySelectorAll<HTMLButtonElement>('button.tl-legend-item')];
    expect(items).toHaveLength(10);
    expect(items[1].querySelector('.tl-legend-count')!.textContent).toBe(mnistCounts[1].toLocaleString('en-US'));
    await userEvent.click(items[3]);
    const threes = mnist.yTrue.filter((y) => y === 3).length;
    await waitFor(() => expect(args.onSelect).toHaveBeenLastCalledWith({ categories: [3], rows: threes }));
    expect(items[3].getAttribute('aria-pressed')).toBe('true');
    await userEvent.click(items[3]);
    await waitFor(() => expect(args.onSelect).toHaveBeenLastCalledWith({ categories: [], rows: 0 }));
  },
};

/** 1000 ImageNet-like classes (50 validation images each): a scrolling list of bounded height. */
export const ThousandClasses: Story = {
  render: (args, { canvasElement }) => {
    const data = imagenetLike();
    return render(args, canvasElement, [
      { type: 'categorical', title: '1000 classes', categories: data.classes, colors: categoricalColors(data.classes.length), counts: countLabels(data.yPred, data.classes.length), values: data.yTrue },
    ]);
  },
  play: async ({ canvasElement }) => {
    const list = canvasElement.querySelector<HTMLElement>('.tl-legend-items')!;
    expect(canvasElement.querySelectorAll('button.tl-legend-item')).toHaveLength(1000);
    expect(list.scrollHeight).toBeGreaterThan(list.clientHeight);
  },
};

/** A continuous viridis ramp over [0, 1] (e.g. a model's confidence). */
export const ContinuousViridis: Story = {
  render: (args, { canvasElement }) => render(args, canvasElement, [{ type: 'continuous', title: 'confidence', domain: [0, 1], scheme: 'viridis' }]),
  play: async ({ canvasElement }) => {
    const labels = [...canvasElement.querySelectorAll('g.tl-legend-tick text')].map((t) => t.textContent);
    expect(labels).toEqual(['0.0', '0.2', '0.4', '0.6', '0.8', '1.0']);
  },
};

/** A log scale over five orders of magnitude (e.g. a loss or a learning rate). */
export const LogScale: Story = {
  args: { orientation: 'horizontal' },
  render: (args, { canvasElement }) => render(args, canvasElement, [{ type: 'continuous', title: 'learning rate', domain: [1e-5, 1], scale: 'log', scheme: 'magma', length: 240 }]),
};

/** A diverging rdbu ramp centred at 0 over an asymmetric domain: equal distances from 0 get equally strong colours. */
export const DivergingCentredAtZero: Story = {
  args: { orientation: 'horizontal' },
  render: (args, { canvasElement }) => render(args, canvasElement, [{ type: 'diverging', title: 'attribution', domain: [-0.4, 1.2], center: 0, scheme: 'rdbu', length: 240 }]),
  play: async ({ canvasElement }) => {
    expect(canvasElement.querySelector('.tl-legend-tick-center')!.textContent).toBe('0.0');
  },
};

/** The dark theme: categories, a ramp and a diverging ramp on a dark page. */
export const DarkTheme: Story = {
  args: { theme: 'dark' },
  render: (args, { canvasElement }) =>
    render(
      args,
      canvasElement,
      [
        { type: 'categorical', title: 'MNIST digit', categories: digits, counts: mnistCounts },
        { type: 'continuous', title: 'activation', domain: [0, 6.5], scheme: 'viridis' },
        { type: 'diverging', title: 'Δ accuracy (B − A)', domain: [-0.2, 0.05], scheme: 'puor', orientation: 'horizontal', length: 220 },
      ],
      '#0d1117',
    ),
};

/** Bad options are a TensorLensError naming the option: here two colours for three categories. */
export const BadOptions: Story = {
  render: (args, { canvasElement }) => render(args, canvasElement, [{ type: 'categorical', categories: ['a', 'b', 'c'], colors: ['#f00', '#0f0'] }]),
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(canvasElement.querySelector('[role=alert]')!.textContent).toContain('options.colors'));
  },
};
