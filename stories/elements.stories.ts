/// <reference types="vite/client" />
import type { Meta, StoryObj } from '@storybook/html-vite';
import { expect, fn, waitFor } from 'storybook/test';
import { defineElements, type TlConfusionMatrix } from '@tensorlens/elements';
import articleCsv from '../docs/examples/article-predictions.csv?url';
import { clickCenter, mnist } from './support';

defineElements();

interface Args {
  src: string;
  eager: boolean;
  normalize: string;
  cellText: string;
  order: string;
  topK: string;
  margins: string;
  confusedPairs: string;
  legend: string;
  colorScheme: string;
  classes: string;
  theme: string;
  chartTitle: string;
  onSelect: (e: unknown) => void;
}

const ATTRS: Array<[keyof Args, string]> = [
  ['src', 'src'],
  ['normalize', 'normalize'],
  ['cellText', 'cell-text'],
  ['order', 'order'],
  ['topK', 'top-k'],
  ['margins', 'margins'],
  ['confusedPairs', 'confused-pairs'],
  ['legend', 'legend'],
  ['colorScheme', 'color-scheme'],
  ['classes', 'classes'],
  ['theme', 'theme'],
  ['chartTitle', 'chart-title'],
];

/** Builds the element from args, as a page author would write it in HTML. */
function element(args: Args): TlConfusionMatrix {
  const el = document.createElement('tl-confusion-matrix');
  for (const [key, attr] of ATTRS) {
    const v = args[key];
    if (typeof v === 'string' && v !== '') el.setAttribute(attr, v);
  }
  if (args.eager) el.setAttribute('eager', '');
  el.style.maxWidth = '820px';
  el.addEventListener('tl-select', (e) => args.onSelect((e as CustomEvent).detail));
  return el;
}

const markup = (args: Args) =>
  `<script src="tensorlens.min.js"></script>\n<tl-confusion-matrix${ATTRS.map(([k, a]) => (args[k] ? ` ${a}="${args[k]}"` : '')).join('')}${args.eager ? ' eager' : ''}></tl-confusion-matrix>`;

const waitForCells = (canvas: HTMLElement) =>
  waitFor(() => expect(canvas.querySelector('tl-confusion-matrix .tl-cm-cell')).toBeTruthy(), { timeout: 10_000 });

const meta = {
  title: 'Elements/<tl-confusion-matrix>',
  tags: ['autodocs'],
  render: (args) => element(args),
  args: {
    src: articleCsv,
    eager: false,
    normalize: '',
    cellText: '',
    order: '',
    topK: '',
    margins: '',
    confusedPairs: '',
    legend: '',
    colorScheme: '',
    classes: '',
    theme: '',
    chartTitle: 'MNIST digits, 2000 test images',
    onSelect: fn(),
  },
  argTypes: {
    src: { control: 'text', description: 'URL of a CSV (y_true,y_pred) or JSON file' },
    eager: { control: 'boolean', description: 'Start at once instead of when scrolled into view' },
    normalize: { control: 'select', options: ['', 'none', 'true', 'pred', 'all'] },
    cellText: { control: 'select', options: ['', 'auto', 'count', 'percent', 'none'], name: 'cell-text' },
    order: { control: 'select', options: ['', 'given', 'frequency', 'accuracy', 'seriation'] },
    topK: { control: 'text', name: 'top-k', description: 'Integer ≥ 1, or empty for all classes' },
    margins: { control: 'select', options: ['', 'true', 'false'] },
    confusedPairs: { control: 'text', name: 'confused-pairs' },
    legend: { control: 'select', options: ['', 'true', 'false'] },
    colorScheme: { control: 'select', options: ['', 'blues', 'viridis', 'magma', 'greys'], name: 'color-scheme' },
    classes: { control: 'text', description: 'Comma-separated class names (index i ↔ name i)' },
    theme: { control: 'select', options: ['', 'auto', 'light', 'dark'] },
    chartTitle: { control: 'text', name: 'chart-title' },
    onSelect: { table: { disable: true } },
  },
  parameters: {
    docs: {
      description: {
        component:
          'The custom element wraps `createConfusionMatrix`: every option is a kebab-case attribute (and a camelCase property), data come from `src` or the `data` property, and a click on a cell dispatches `tl-select`. See docs/embedding.md.',
      },
      source: { transform: (_code: string, ctx: { args: Args }) => markup(ctx.args) },
    },
  },
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

/** A CSV of real MNIST predictions loaded from `src`, started when scrolled into view. */
export const FromCsvSrc: Story = {
  name: 'From a CSV src (lazy start)',
  play: async ({ canvasElement, args }) => {
    await waitForCells(canvasElement);
    const el = canvasElement.querySelector('tl-confusion-matrix')!;
    await el.whenRendered();
    await expect(el.stats()?.total).toBe(2000);
    await clickCenter(canvasElement.querySelectorAll('tl-confusion-matrix .tl-cm-cell')[0]);
    await waitFor(() => expect(args.onSelect).toHaveBeenCalledWith(expect.objectContaining({ trueClass: '0', predClass: '0' })));
  },
};

export const WithAttributes: Story = {
  name: 'normalize="true" order="seriation" color-scheme="viridis"',
  args: { eager: true, normalize: 'true', order: 'seriation', colorScheme: 'viridis', confusedPairs: '8' },
};

export const DataProperty: Story = {
  name: 'From the data property',
  render: (args) => {
    const el = element({ ...args, src: '' });
    el.data = { yTrue: mnist.yTrue, yPred: mnist.yPredB, classes: mnist.classes };
    return el;
  },
  args: { eager: true, chartTitle: `Softmax regression (${(mnist.models.B.testAccuracy * 100).toFixed(1)} % test accuracy)`, normalize: 'true' },
  play: async ({ canvasElement }) => {
    await waitForCells(canvasElement);
    const el = canvasElement.querySelector('tl-confusion-matrix')!;
    await expect(el.stats()?.total).toBe(mnist.yTrue.length);
  },
};

export const DarkTheme: Story = {
  name: 'theme="dark"',
  args: { eager: true, theme: 'dark', colorScheme: 'magma', normalize: 'true' },
  parameters: { tlTheme: 'dark' },
};

export const LoadError: Story = {
  name: 'Error: src not found',
  args: { src: 'does-not-exist.csv', eager: true },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(canvasElement.querySelector('tl-confusion-matrix [role="alert"]')?.textContent).toMatch(/404/), { timeout: 10_000 });
  },
};

export const BadAttribute: Story = {
  name: 'Error: bad attribute value',
  args: { eager: true, normalize: 'rows' },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(canvasElement.querySelector('tl-confusion-matrix [role="alert"]')?.textContent).toMatch(/normalize/), { timeout: 10_000 });
  },
};
