import type { Meta, StoryObj } from '@storybook/html-vite';
import { expect, waitFor } from 'storybook/test';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import {
  gradCam,
  gradientTimesInput,
  integratedGradients,
  occlusionSensitivity,
  sequentialFromWeights,
  smoothGrad,
  spearman,
  vanillaGradients,
  type SequentialModel,
  type SequentialSpec,
} from '@tensorlens/explain/attribution';
import { createSaliencyOverlay, type SaliencyEntry, type SaliencyOverlayHandle, type SaliencyOverlayOptions } from '@tensorlens/charts';
import modelJson from './data/mnist-cnn/model.json';
import digitsJson from './data/mnist-cnn/digits.json';

// ---- data: the CNN trained by scripts/make-mnist-cnn.mjs and 20 held-out MNIST test digits ----

interface Cnn {
  model: SequentialModel;
  /** The same architecture with fresh random weights (Glorot-uniform kernels, zero biases), seeded. */
  random: SequentialModel;
  /** [20, 28, 28, 1] pixels in [0, 1]. */
  digits: tf.Tensor4D;
  pixels: Float32Array;
  labels: number[];
  predicted: number[];
}

const b64bytes = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

function glorot(spec: SequentialSpec, n: number, seed: number): Float32Array {
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const w = new Float32Array(n);
  let off = 0;
  for (const e of spec.weights!) {
    const size = e.shape.reduce((x, y) => x * y, 1);
    off = e.offset ?? off;
    if (e.shape.length > 1) {
      const fanOut = e.shape[e.shape.length - 1];
      const fanIn = size / fanOut;
      const lim = e.shape.length == 4 ? Math.sqrt(6 / (fanIn + fanOut * e.shape[0] * e.shape[1])) : Math.sqrt(6 / (fanIn + fanOut));
      for (let i = 0; i < size; i++) w[off + i] = (rand() * 2 - 1) * lim;
    }
    off += size;
  }
  return w;
}

let cnnPromise: Promise<Cnn> | null = null;

/** Loads the trained CNN (CPU backend) once per page. */
function loadCnn(): Promise<Cnn> {
  return (cnnPromise ??= (async () => {
    await tf.setBackend('cpu');
    const spec = modelJson as unknown as SequentialSpec & { weightsData: { data: string } };
    const bytes = b64bytes(spec.weightsData.data);
    const weights = new Float32Array(bytes.buffer, 0, bytes.length / 4);
    const model = sequentialFromWeights(spec, weights);
    const random = sequentialFromWeights(spec, glorot(spec, weights.length, 7));
    const px = b64bytes(digitsJson.pixels);
    const pixels = Float32Array.from(px, (v) => v / 255);
    const digits = tf.tensor4d(pixels, digitsJson.shape as [number, number, number, number]);
    return { model, random, digits, pixels, labels: digitsJson.labels, predicted: digitsJson.predicted };
  })());
}

/** One digit's pixels as an image for the overlay. */
const digitImage = (cnn: Cnn, i: number) => ({ data: cnn.pixels.subarray(i * 784, (i + 1) * 784), shape: [28, 28, 1] });
/** Row i of a [B, 28, 28(, 1)] attribution array as a map. */
const row = (d: Float32Array, i: number) => ({ data: d.subarray(i * 784, (i + 1) * 784), shape: [28, 28] });

type Method = 'gradients' | 'gradient × input' | 'SmoothGrad' | 'integrated gradients' | 'Grad-CAM' | 'occlusion';
const METHODS: Method[] = ['gradients', 'gradient × input', 'SmoothGrad', 'integrated gradients', 'Grad-CAM', 'occlusion'];

/**
 * Computes a method on rows `idx` of the test digits for their predicted classes (modest samples and steps so the
 * story stays fast on a CPU). Returns one [n·784] array and a note per row (IG: its completeness error).
 */
async function attribute(cnn: Cnn, method: Method, idx: number[], model: SequentialModel = cnn.model): Promise<{ data: Float32Array; notes: string[] }> {
  const x = tf.tidy(() => tf.gather(cnn.digits, idx));
  const target = idx.map((i) => cnn.predicted[i]);
  const f = model.predict;
  try {
    let t: tf.Tensor;
    const notes = idx.map(() => '');
    if (method == 'gradients') t = await vanillaGradients(f, x, { target });
    else if (method == 'gradient × input') t = await gradientTimesInput(f, x, { target });
    else if (method == 'SmoothGrad') t = await smoothGrad(f, x, { target, samples: 16, noise: 0.15, seed: 1 });
    else if (method == 'integrated gradients') {
      const r = await integratedGradients(f, x, { target, steps: 32 });
      t = r.attributions;
      r.completenessError.forEach((e, k) => (notes[k] = ` (completeness error ${(100 * e / Math.abs(r.delta[k])).toFixed(2)} % of Δf = ${r.delta[k].toFixed(2)})`));
    } else if (method == 'Grad-CAM') t = await gradCam(model, x, { target, layer: 'conv2' });
    else t = await occlusionSensitivity(f, x, { target, patch: 4 });
    const data = (await t.data()) as Float32Array;
    t.dispose();
    return { data, notes };
  } finally {
    x.dispose();
  }
}

const handles = new WeakMap<HTMLElement, SaliencyOverlayHandle[]>();
/** Destroys the overlays a story drew into its canvas on re-render. */
function keep(canvas: HTMLElement | undefined, ...hs: SaliencyOverlayHandle[]): void {
  if (!canvas) return;
  for (const h of handles.get(canvas) ?? []) h.destroy();
  handles.set(canvas, hs);
}

function errorBox(message: string): HTMLElement {
  const div = document.createElement('div');
  div.setAttribute('role', 'alert');
  div.style.cssText = 'color:#cf222e;border-left:3px solid currentColor;padding:.4em .75em;font:13px system-ui,sans-serif';
  div.textContent = message;
  return div;
}

interface Args {
  digits: number;
  signed: 'auto' | 'magnitude';
  clip: number;
  opacity: number;
  mode: NonNullable<SaliencyOverlayOptions['mode']>;
  alpha: NonNullable<SaliencyOverlayOptions['alpha']>;
  divergingScheme: NonNullable<SaliencyOverlayOptions['divergingScheme']>;
  scheme: NonNullable<SaliencyOverlayOptions['scheme']>;
  size: number;
}

const view = (a: Args): Partial<SaliencyOverlayOptions> => ({
  signed: a.signed == 'auto' ? 'auto' : false,
  clip: a.clip,
  opacity: a.opacity,
  mode: a.mode,
  alpha: a.alpha,
  divergingScheme: a.divergingScheme,
  scheme: a.scheme,
  size: a.size,
});

/** Draws asynchronously into a fresh box; `data-state` becomes 'done' (or the error is shown). */
function drawAsync(canvas: HTMLElement | undefined, work: (box: HTMLElement) => Promise<SaliencyOverlayHandle[]>): HTMLElement {
  const box = document.createElement('div');
  box.dataset.state = 'computing';
  const status = document.createElement('p');
  status.textContent = 'Computing attributions on the CPU…';
  status.setAttribute('role', 'status');
  box.append(status);
  work(box).then(
    (hs) => {
      status.remove();
      keep(canvas, ...hs);
      box.dataset.state = 'done';
    },
    (e) => {
      status.remove();
      box.append(errorBox(e instanceof Error ? e.message : String(e)));
      box.dataset.state = 'error';
    },
  );
  return box;
}

const meta: Meta<Args> = {
  title: 'Attribution/Saliency overlay',
  args: { digits: 3, signed: 'auto', clip: 99, opacity: 0.7, mode: 'blend', alpha: 'magnitude', divergingScheme: 'rdbu', scheme: 'magma', size: 96 },
  argTypes: {
    digits: { control: { type: 'range', min: 1, max: 6, step: 1 } },
    signed: { control: 'inline-radio', options: ['auto', 'magnitude'] },
    clip: { control: { type: 'range', min: 50, max: 100, step: 0.5 } },
    opacity: { control: { type: 'range', min: 0, max: 1, step: 0.05 } },
    mode: { control: 'inline-radio', options: ['blend', 'side-by-side', 'map'] },
    alpha: { control: 'inline-radio', options: ['magnitude', 'constant'] },
    divergingScheme: { control: 'inline-radio', options: ['rdbu', 'puor'] },
    scheme: { control: 'inline-radio', options: ['magma', 'viridis', 'blues', 'greys'] },
    size: { control: { type: 'range', min: 48, max: 200, step: 8 } },
  },
  parameters: { docs: { description: { component: 'Attribution maps of a small CNN trained on MNIST (scripts/make-mnist-cnn.mjs), computed live with @tensorlens/explain on the CPU backend, drawn by createSaliencyOverlay. Blue: evidence for the predicted class; red: against it.' } } },
};
export default meta;
type Story = StoryObj<Args>;

/** Spread test digits: one of each of several classes. */
const pick = (n: number) => [0, 2, 5, 7, 9, 12, 14, 16, 18].slice(0, n);

/** Every method (columns) on real test digits (rows), each map clipped at its own percentile. */
export const MethodsByDigits: Story = {
  render: (args, { canvasElement }) =>
    drawAsync(canvasElement, async (box) => {
      const cnn = await loadCnn();
      const idx = pick(args.digits);
      const results: Array<{ data: Float32Array; notes: string[] }> = [];
      for (const m of METHODS) results.push(await attribute(cnn, m, idx));
      const entries: SaliencyEntry[] = [];
      idx.forEach((d, r) =>
        METHODS.forEach((m, c) => entries.push({ label: `${m} · ${cnn.labels[d]}→${cnn.predicted[d]}${results[c].notes[r]}`, map: row(results[c].data, r), image: digitImage(cnn, d) })),
      );
      const el = document.createElement('div');
      box.append(el);
      const h = createSaliencyOverlay(el, { ...view(args), attributions: entries, columns: METHODS.length, title: 'Attribution methods × MNIST test digits (true→predicted)' });
      await h.whenRendered();
      return [h];
    }),
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(canvasElement.querySelector('[data-state]')?.getAttribute('data-state')).toBe('done'), { timeout: 50_000 });
    expect(canvasElement.querySelectorAll('.tl-sal-cell')).toHaveLength(3 * METHODS.length);
    // integrated gradients reports its completeness error
    expect(canvasElement.textContent).toMatch(/completeness error \d/);
  },
};

/** Integrated gradients: signed attributions (auto) against magnitudes (signed: false) on the same digits. */
export const SignedVersusMagnitude: Story = {
  args: { digits: 2 },
  render: (args, { canvasElement }) =>
    drawAsync(canvasElement, async (box) => {
      const cnn = await loadCnn();
      const idx = pick(args.digits);
      const { data } = await attribute(cnn, 'integrated gradients', idx);
      const entries = idx.map((d, r) => ({ label: `digit ${cnn.labels[d]}`, map: row(data, r), image: digitImage(cnn, d) }));
      const hs = [];
      for (const signed of ['auto', false] as const) {
        const el = document.createElement('div');
        el.style.marginBottom = '16px';
        box.append(el);
        const h = createSaliencyOverlay(el, { ...view(args), signed, attributions: entries, title: signed ? 'signed (diverging, centred on 0)' : 'magnitude |a| (sequential)' });
        await h.whenRendered();
        hs.push(h);
      }
      return hs;
    }),
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(canvasElement.querySelector('[data-state]')?.getAttribute('data-state')).toBe('done'), { timeout: 50_000 });
    // one core legend each: diverging (centred on 0) for the signed maps, continuous for the magnitudes
    expect(Array.from(canvasElement.querySelectorAll('.tl-legend'), (e) => e.getAttribute('data-type'))).toEqual(['diverging', 'continuous']);
  },
};

/** One map at several clip percentiles: a lower clip saturates more pixels. */
export const ClipPercentiles: Story = {
  args: { digits: 1, size: 120 },
  render: (args, { canvasElement }) =>
    drawAsync(canvasElement, async (box) => {
      const cnn = await loadCnn();
      const { data } = await attribute(cnn, 'gradient × input', [5]);
      const el = document.createElement('div');
      box.append(el);
      // the same map four times, each clipped at its own percentile: a grid of overlays of one map
      const hs: SaliencyOverlayHandle[] = [];
      const wrap = document.createElement('div');
      wrap.style.cssText = 'display:flex;flex-wrap:wrap;gap:12px';
      el.append(wrap);
      for (const clip of [100, 99.5, 98, 90]) {
        const c = document.createElement('div');
        wrap.append(c);
        const h = createSaliencyOverlay(c, { ...view(args), clip, legend: clip == 90, attributions: row(data, 0), image: digitImage(cnn, 5), label: `clip ${clip}th percentile` });
        await h.whenRendered();
        hs.push(h);
      }
      return hs;
    }),
};

/** Blend, side-by-side and the map alone. */
export const Modes: Story = {
  args: { digits: 1, size: 120 },
  render: (args, { canvasElement }) =>
    drawAsync(canvasElement, async (box) => {
      const cnn = await loadCnn();
      const { data } = await attribute(cnn, 'SmoothGrad', [9]);
      const hs = [];
      for (const mode of ['blend', 'side-by-side', 'map'] as const) {
        const el = document.createElement('div');
        el.style.marginBottom = '12px';
        box.append(el);
        const h = createSaliencyOverlay(el, { ...view(args), mode, attributions: row(data, 0), image: digitImage(cnn, 9), label: `SmoothGrad, ${mode}`, legend: mode == 'map' });
        await h.whenRendered();
        hs.push(h);
      }
      return hs;
    }),
};

/**
 * The model-randomization sanity check (Adebayo et al., 2018): gradients of the trained CNN against gradients of
 * the same architecture with re-initialized weights. A method that explains the model must change when the
 * weights do; the Spearman rank correlation of |a| between the two is reported per digit (near 0: they differ).
 */
export const ModelRandomization: Story = {
  args: { digits: 4, signed: 'magnitude' },
  render: (args, { canvasElement }) =>
    drawAsync(canvasElement, async (box) => {
      const cnn = await loadCnn();
      const idx = pick(args.digits);
      const methods: Method[] = ['gradients', 'integrated gradients'];
      const entries: SaliencyEntry[] = [];
      const lines: string[] = [];
      for (const m of methods) {
        const a = await attribute(cnn, m, idx, cnn.model);
        const b = await attribute(cnn, m, idx, cnn.random);
        idx.forEach((d, r) => {
          const rho = spearman(row(a.data, r).data.map(Math.abs), row(b.data, r).data.map(Math.abs));
          entries.push({ label: `${m} · trained · ${cnn.labels[d]}`, map: row(a.data, r), image: digitImage(cnn, d) });
          entries.push({ label: `${m} · random · ρ = ${rho.toFixed(2)}`, map: row(b.data, r), image: digitImage(cnn, d) });
          lines.push(`${m}, digit ${cnn.labels[d]}: Spearman ρ(|a| trained, |a| random) = ${rho.toFixed(3)}`);
        });
      }
      const el = document.createElement('div');
      box.append(el);
      const h = createSaliencyOverlay(el, { ...view(args), attributions: entries, columns: 2 * Math.min(idx.length, 4), title: 'Model randomization: trained CNN vs the same architecture re-initialized' });
      const p = document.createElement('pre');
      p.className = 'tl-randomization';
      p.style.cssText = 'font:12px ui-monospace,monospace;white-space:pre-wrap';
      p.textContent = lines.join('\n');
      box.append(p);
      await h.whenRendered();
      return [h];
    }),
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(canvasElement.querySelector('[data-state]')?.getAttribute('data-state')).toBe('done'), { timeout: 50_000 });
    const rhos = Array.from(canvasElement.querySelector('.tl-randomization')!.textContent!.matchAll(/= (-?[\d.]+)/g), (m) => Number(m[1]));
    expect(rhos.length).toBe(8);
    for (const r of rhos) expect(Math.abs(r)).toBeLessThanOrEqual(1);
  },
};
