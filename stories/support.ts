// Shared data and helpers for the stories (not a story file itself).
import type { ConfusionMatrixHandle } from '@tensorlens/charts';
import { userEvent } from 'storybook/test';
import mnistJson from './data/mnist-predictions.json';

export interface MnistPredictions {
  description: string;
  classes: string[];
  trainSize: number;
  testSize: number;
  models: { A: { name: string; testAccuracy: number }; B: { name: string; testAccuracy: number } };
  yTrue: number[];
  yPred: number[];
  yPredB: number[];
}

/** Real predictions of two classifiers trained on MNIST digits by scripts/make-mnist-predictions.mjs. */
export const mnist = mnistJson as MnistPredictions;

/** mulberry32: a small seeded PRNG in [0, 1). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A small hand-made 3-class example (string labels). */
export const animals = {
  classes: ['cat', 'dog', 'bird'],
  yTrue: ['cat', 'cat', 'cat', 'cat', 'cat', 'dog', 'dog', 'dog', 'dog', 'dog', 'dog', 'bird', 'bird', 'bird', 'bird'],
  yPred: ['cat', 'cat', 'cat', 'dog', 'dog', 'dog', 'dog', 'dog', 'dog', 'cat', 'bird', 'bird', 'bird', 'bird', 'cat'],
};

const GROUPS = [
  'terrier', 'retriever', 'hound', 'spaniel', 'shepherd', 'songbird', 'raptor', 'parrot', 'waterbird', 'snake',
  'lizard', 'turtle', 'frog', 'shark', 'reef fish', 'beetle', 'butterfly', 'spider', 'crab', 'primate',
  'wild cat', 'bear', 'rodent', 'ungulate', 'sports car', 'truck', 'boat', 'aircraft', 'train', 'bicycle',
  'string instrument', 'wind instrument', 'drum', 'fruit', 'vegetable', 'dish', 'bread', 'hand tool', 'power tool', 'kitchenware',
  'chair', 'table', 'lamp', 'building', 'bridge', 'garment', 'hat', 'shoe', 'container', 'electronic device',
];

export interface SyntheticPredictions {
  classes: string[];
  yTrue: Int32Array;
  yPred: Int32Array;
  accuracy: number;
}

let imagenetCache: SyntheticPredictions | null = null;

/**
 * ImageNet-sized synthetic predictions: 1000 classes in 50 groups of 20 related classes,
 * 50 validation images per class (50 000 rows), seeded. Each class has its own difficulty
 * (top-1 accuracy between about 45 % and 98 %, mean about 76 % like a ResNet-50); 70 % of errors
 * stay inside the class's group (fine-grained confusions such as dog breeds), a third of those go
 * to one "look-alike" sibling, and the rest land anywhere.
 */
export function imagenetLike(seed = 1000): SyntheticPredictions {
  if (imagenetCache && seed === 1000) return imagenetCache;
  const rand = rng(seed);
  const G = GROUPS.length;
  const per = 20;
  const C = G * per;
  const classes = Array.from({ length: C }, (_, i) => `${GROUPS[Math.floor(i / per)]} ${String((i % per) + 1).padStart(2, '0')}`);
  const sibling = Int32Array.from({ length: C }, (_, i) => {
    const g = Math.floor(i / per) * per;
    return g + ((i % per) + 1 + Math.floor(rand() * (per - 1))) % per;
  });
  const acc = Float64Array.from({ length: C }, () => {
    const u = (rand() + rand() + rand()) / 3; // bell-shaped in [0, 1]
    return 0.45 + 0.53 * Math.min(1, Math.max(0, 0.5 + (u - 0.5) * 2.2 + 0.05));
  });
  const N = C * 50;
  const yTrue = new Int32Array(N);
  const yPred = new Int32Array(N);
  let correct = 0;
  for (let n = 0; n < N; n++) {
    const t = Math.floor(n / 50);
    yTrue[n] = t;
    let p = t;
    if (rand() >= acc[t]) {
      const r = rand();
      if (r < 0.25) p = sibling[t];
      else if (r < 0.7) {
        const g = Math.floor(t / per) * per;
        p = g + Math.floor(rand() * per);
        if (p === t) p = sibling[t];
      } else {
        p = Math.floor(rand() * C);
        if (p === t) p = (t + 1) % C;
      }
    }
    yPred[n] = p;
    if (p === t) correct++;
  }
  const out = { classes, yTrue, yPred, accuracy: correct / N };
  if (seed === 1000) imagenetCache = out;
  return out;
}

const handles = new WeakMap<HTMLElement, ConfusionMatrixHandle[]>();

/** Remembers the charts a story drew into its canvas, destroying those of the previous render. */
export function track(canvas: HTMLElement | undefined, ...charts: ConfusionMatrixHandle[]): void {
  if (!canvas) return;
  release(canvas);
  handles.set(canvas, charts);
}

/** Destroys the charts drawn in a canvas (on re-render and unmount). */
export function release(canvas: HTMLElement | undefined): void {
  if (!canvas) return;
  for (const h of handles.get(canvas) ?? []) h.destroy();
  handles.delete(canvas);
}

/** A text line (role="alert") for errors a story catches. */
export function errorBox(doc: Document, message: string): HTMLElement {
  const div = doc.createElement('div');
  div.className = 'tl-error';
  div.setAttribute('role', 'alert');
  div.style.cssText = 'color:#cf222e;border-left:3px solid currentColor;padding:.4em .75em;margin:.5em 0;font:13px system-ui,sans-serif';
  div.textContent = message;
  return div;
}

/**
 * Clicks the middle of an element with storybook/test's userEvent. The chart finds the cell
 * under the pointer from clientX/clientY, so the click needs real coordinates (plain
 * userEvent.click dispatches at 0, 0).
 */
export async function clickCenter(target: Element): Promise<void> {
  const r = target.getBoundingClientRect();
  const coords = { clientX: r.left + r.width / 2, clientY: r.top + r.height / 2 };
  await userEvent.pointer({ keys: '[MouseLeft]', target, coords });
}
