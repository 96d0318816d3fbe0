import type { Meta, StoryObj } from '@storybook/html-vite';
import { expect, fn, waitFor } from 'storybook/test';
import { createPointCloud, type PointCloudHandle, type PointCloudOptions } from '@tensorlens/gl';
import { createSelection } from '@tensorlens/core';
import { tableFromArrays } from 'apache-arrow';
// The package's exports map hides its data files: import the JSON by path (bundled, nothing fetched).
import penguins from '../node_modules/vega-datasets/data/penguins.json';
import { errorBox, rng } from './support';

type Dataset = 'clusters-2d' | 'spiral-3d' | 'penguins' | 'clusters-1m' | 'flights-200k';

interface Args {
  dataset: Dataset;
  colorBy: 'category' | 'value' | 'none';
  scheme: NonNullable<PointCloudOptions['scheme']>;
  size: number;
  sizeUnits: NonNullable<PointCloudOptions['sizeUnits']>;
  density: NonNullable<PointCloudOptions['density']>;
  tool: NonNullable<PointCloudOptions['tool']>;
  search: string;
  showOnlySelected: boolean;
  legend: boolean;
  transition: number;
  onSelect: (e: unknown) => void;
  onHover: (e: unknown) => void;
}

/** Seeded Gaussian clusters (k clusters of different spread on a ring) with a label column. */
function clusters2d(n: number, k = 8, seed = 3) {
  const rand = rng(seed);
  const x = new Float32Array(n), y = new Float32Array(n), category = new Uint16Array(n), value = new Float32Array(n);
  const label: string[] = n <= 200_000 ? new Array(n) : [];
  for (let i = 0; i < n; i++) {
    const c = Math.floor(rand() * k);
    const s = 0.6 + (c % 3) * 0.5;
    const r = Math.sqrt(-2 * Math.log(rand() + 1e-12)), a = 2 * Math.PI * rand();
    x[i] = 8 * Math.cos((2 * Math.PI * c) / k) + s * r * Math.cos(a);
    y[i] = 8 * Math.sin((2 * Math.PI * c) / k) + s * r * Math.sin(a);
    category[i] = c;
    value[i] = r;
    if (label.length) label[i] = `cluster ${c} · point ${i}`;
  }
  return { x, y, category, value, label, names: Array.from({ length: k }, (_, c) => `cluster ${c}`) };
}

function spiral3d(n: number) {
  const rand = rng(5);
  const x = new Float32Array(n), y = new Float32Array(n), z = new Float32Array(n), category = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const arm = i % 3, t = rand() * 4 * Math.PI;
    x[i] = Math.cos(t + (arm * 2 * Math.PI) / 3) * (1 + t) + (rand() - 0.5) * 0.6;
    z[i] = Math.sin(t + (arm * 2 * Math.PI) / 3) * (1 + t) + (rand() - 0.5) * 0.6;
    y[i] = t * 1.5 + (rand() - 0.5) * 0.6;
    category[i] = arm;
  }
  return { x, y, z, category };
}

const rows = penguins as Array<Record<string, string | number | null>>;

/** A dataset: the cloud's options, with the column that colours by category and the one that colours by value. */
interface Data {
  options: PointCloudOptions;
  category: PointCloudOptions['color'];
  value: PointCloudOptions['color'];
}

async function dataFor(d: Dataset): Promise<Data> {
  if (d === 'clusters-2d') {
    const c = clusters2d(20_000);
    return { options: { data: { label: c.label, cluster: c.category, radius: c.value }, x: c.x, y: c.y, categories: c.names, label: 'label' }, category: 'cluster', value: 'radius' };
  }
  if (d === 'clusters-1m') {
    const c = clusters2d(1_000_000, 24, 11);
    return { options: { x: c.x, y: c.y }, category: c.category, value: c.value };
  }
  if (d === 'spiral-3d') {
    const s = spiral3d(30_000);
    return { options: { x: s.x, y: s.y, z: s.z, categories: ['arm A', 'arm B', 'arm C'] }, category: s.category, value: s.y };
  }
  if (d === 'flights-200k') {
    // An Apache Arrow table (200k rows) whose columns are named by the x / y / color channels.
    const c = clusters2d(200_000, 10, 21);
    const table = tableFromArrays({ u: c.x, v: c.y, cluster: c.category, radius: c.value });
    return { options: { data: table, x: 'u', y: 'v', tooltipFields: ['cluster', 'radius'] }, category: 'cluster', value: 'radius' };
  }
  return {
    options: {
      // The penguins' rows as they come (records), read by core's toTable.
      data: rows.map((r) => ({
        beak: (r['Beak Length (mm)'] as number) ?? NaN,
        flipper: (r['Flipper Length (mm)'] as number) ?? NaN,
        species: String(r.Species),
        island: String(r.Island),
        mass: (r['Body Mass (g)'] as number) ?? NaN,
        sex: String(r.Sex ?? ''),
      })),
      x: 'beak',
      y: 'flipper',
      label: 'species',
      searchField: 'island',
      size: 7,
    },
    category: 'species',
    value: 'mass',
  };
}

const live = new WeakMap<HTMLElement, PointCloudHandle>();

function renderCloud(args: Args, canvasElement: HTMLElement | undefined): HTMLElement {
  const container = document.createElement('div');
  container.style.cssText = 'width:100%;max-width:820px;height:520px;border:1px solid #d0d7de';
  if (canvasElement) live.get(canvasElement)?.destroy();
  dataFor(args.dataset).then(
    ({ options, category, value }) => {
      try {
        const pc = createPointCloud(container, {
          ...options,
          color: args.colorBy === 'category' ? category : args.colorBy === 'value' ? value : null,
          colorType: args.colorBy === 'category' ? 'categorical' : args.colorBy === 'value' ? 'continuous' : 'auto',
          scheme: args.scheme,
          size: options.size ?? args.size,
          sizeUnits: args.sizeUnits,
          density: args.density,
          tool: args.tool,
          search: args.search || null,
          showOnlySelected: args.showOnlySelected,
          legend: args.legend,
          transition: args.transition,
        });
        pc.on('select', (e) => args.onSelect(e));
        pc.on('hover', (e) => args.onHover(e));
        (container as HTMLElement & { pointCloud?: PointCloudHandle }).pointCloud = pc;
        if (canvasElement) live.set(canvasElement, pc);
      } catch (e) {
        container.append(errorBox(document, (e as Error).message));
      }
    },
    (e) => container.append(errorBox(document, String(e))),
  );
  return container;
}

const cloudIn = async (canvas: HTMLElement): Promise<PointCloudHandle> => {
  let pc: PointCloudHandle | undefined;
  await waitFor(() => {
    pc = live.get(canvas);
    expect(pc).toBeTruthy();
  }, { timeout: 20_000 });
  await pc!.whenRendered();
  return pc!;
};

const meta = {
  title: 'GL/Point cloud',
  tags: ['autodocs'],
  render: (args, { canvasElement }) => renderCloud(args, canvasElement),
  beforeEach: ({ canvasElement }) => () => {
    live.get(canvasElement)?.destroy();
    live.delete(canvasElement);
  },
  args: {
    dataset: 'clusters-2d',
    colorBy: 'category',
    scheme: 'viridis',
    size: 4,
    sizeUnits: 'pixels',
    density: 'auto',
    tool: 'pan',
    search: '',
    showOnlySelected: false,
    legend: true,
    transition: 300,
    onSelect: fn(),
    onHover: fn(),
  },
  argTypes: {
    dataset: { control: 'select', options: ['clusters-2d', 'penguins', 'spiral-3d', 'flights-200k', 'clusters-1m'], description: 'Data shown' },
    colorBy: { control: 'inline-radio', options: ['category', 'value', 'none'], description: 'Colour channel: the category column, the value column (continuous), or none (one colour)' },
    scheme: { control: 'inline-radio', options: ['viridis', 'magma', 'blues', 'greys', 'rdbu', 'puor'], description: 'Scheme for continuous colours' },
    size: { control: { type: 'range', min: 1, max: 20, step: 1 }, description: 'Point diameter' },
    sizeUnits: { control: 'inline-radio', options: ['pixels', 'data'], description: 'Units of size' },
    density: { control: 'inline-radio', options: ['auto', 'on', 'off'], description: 'Density rendering (auto: when points pile up)' },
    tool: { control: 'inline-radio', options: ['pan', 'box', 'lasso'], description: 'Drag behaviour (shift-drag: lasso)' },
    search: { control: 'text', description: 'Substring, or /regex/flags, over the search field' },
    showOnlySelected: { control: 'boolean', description: 'Show only the selected points while there is a selection' },
    legend: { control: 'boolean', description: 'Show the colour legend (categories with counts, or a ramp)' },
    transition: { control: { type: 'number', min: 0, step: 50 }, description: 'Animation in ms' },
    onSelect: { table: { disable: true } },
    onHover: { table: { disable: true } },
  },
  parameters: {
    docs: {
      description: {
        component:
          'A WebGL point cloud for embeddings and large scatter data: drag to pan, wheel or pinch to zoom, hover for the tooltip, click / box / lasso (shift-drag) to select, arrow keys and +/- from the keyboard, Escape clears the selection.',
      },
    },
  },
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

export const Clusters2D: Story = {
  name: '2D clusters (20k points, categories)',
  play: async ({ canvasElement }) => {
    const pc = await cloudIn(canvasElement);
    await expect(pc.count).toBe(20_000);
    await expect(canvasElement.querySelector('canvas')!.getAttribute('aria-hidden')).toBe('true');
    await expect(canvasElement.querySelector('.tl-pc-summary')!.textContent).toContain('20,000 points, 8 categories');
    // The colour legend comes by default: the eight clusters with their counts.
    await expect(canvasElement.querySelectorAll('.tl-legend-item').length).toBe(8);
  },
};

export const Penguins: Story = {
  name: 'Real data: Palmer penguins (categories, NaN rows skipped)',
  args: { dataset: 'penguins' },
  play: async ({ canvasElement }) => {
    const pc = await cloudIn(canvasElement);
    // Two penguins have no beak/flipper measurements: skipped and counted, not drawn at the origin.
    await expect(pc.skipped).toBe(2);
  },
};

export const ColourByValue: Story = {
  name: 'Colour by value (magma)',
  args: { colorBy: 'value', scheme: 'magma' },
};

export const Search: Story = {
  name: 'Search highlights matches',
  args: { dataset: 'penguins', search: 'biscoe' },
  play: async ({ canvasElement }) => {
    const pc = await cloudIn(canvasElement);
    await waitFor(() => expect(pc.matches).toBe(rows.filter((r) => String(r.Island).toLowerCase().includes('biscoe')).length));
  },
};

export const SearchRegex: Story = {
  name: 'Search with a regular expression',
  args: { search: '/^cluster [03] · point \\d{1,3}$/' },
};

export const BoxSelection: Story = {
  name: 'Selection tools: box (lasso with shift or tool=lasso), linked selection',
  args: { tool: 'box', showOnlySelected: true },
  play: async ({ canvasElement, args }) => {
    const pc = await cloudIn(canvasElement);
    const c = canvasElement.querySelector('canvas')!;
    const r = c.getBoundingClientRect();
    const at = (type: string, x: number, y: number) => c.dispatchEvent(new PointerEvent(type, { clientX: r.left + x, clientY: r.top + y, bubbles: true, pointerId: 1 }));
    at('pointerdown', r.width * 0.5, r.height * 0.2);
    at('pointermove', r.width * 0.7, r.height * 0.5);
    at('pointerup', r.width * 0.8, r.height * 0.6);
    await waitFor(() => expect(args.onSelect).toHaveBeenCalled(), { timeout: 10_000 });
    await expect(pc.selection.size).toBeGreaterThan(0);
  },
};

export const Lasso: Story = {
  name: 'Lasso tool',
  args: { tool: 'lasso' },
};

export const LinkedSelection: Story = {
  name: 'Two views sharing one selection',
  render: () => {
    const wrap = document.createElement('div');
    wrap.style.cssText = 'display:grid;grid-template-columns:1fr 1fr;gap:8px;max-width:900px';
    const selection = createSelection();
    const c = clusters2d(10_000, 6, 9);
    for (const k of [0, 1]) {
      const box = document.createElement('div');
      box.style.cssText = 'height:360px;border:1px solid #d0d7de';
      wrap.append(box);
      queueMicrotask(() =>
        createPointCloud(box, { x: k ? c.value : c.x, y: c.y, color: c.category, selection, tool: 'lasso', title: k ? 'value against y' : 'x against y' }),
      );
    }
    return wrap;
  },
  tags: ['!test'],
};

export const Density: Story = {
  name: 'Density mode',
  args: { density: 'on', colorBy: 'none' },
  play: async ({ canvasElement }) => {
    const pc = await cloudIn(canvasElement);
    await expect(pc.densityActive).toBe(true);
  },
};

export const Spiral3D: Story = {
  name: '3D orbit camera (30k points)',
  args: { dataset: 'spiral-3d', size: 3 },
  play: async ({ canvasElement }) => {
    const pc = await cloudIn(canvasElement);
    await expect(pc.bytesPerPoint).toBe(10);
  },
};

export const Flights: Story = {
  name: 'Arrow table (200k rows, field names)',
  args: { dataset: 'flights-200k', size: 2 },
  tags: ['!test'],
};

export const OneMillion: Story = {
  name: '1M points (density turns on by itself)',
  args: { dataset: 'clusters-1m', size: 3 },
  tags: ['!test'],
};
