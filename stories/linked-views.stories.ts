import type { Meta, StoryObj } from '@storybook/html-vite';
import { expect, waitFor } from 'storybook/test';
import { createSelection, type Selection } from '@tensorlens/core';
import { createConfusionMatrix, type ConfusionMatrixHandle } from '@tensorlens/charts';
import { createPointCloud, type PointCloudHandle } from '@tensorlens/gl';
import { pca } from '@tensorlens/explain';
import { mnistEmbedding } from './data/mnist-embedding';
import { clickCenter, errorBox, mnist } from './support';

interface Linked {
  cloud: PointCloudHandle;
  matrix: ConfusionMatrixHandle;
  selection: Selection;
}

const byCanvas = new WeakMap<HTMLElement, Linked>();
const byRoot = new WeakMap<Element, Linked>();
function release(canvas: HTMLElement | undefined): void {
  const l = canvas && byCanvas.get(canvas);
  if (!l) return;
  l.cloud.destroy();
  l.matrix.destroy();
  l.selection.destroy();
  byCanvas.delete(canvas!);
}

const meta: Meta = {
  title: 'Linked views/MNIST embedding × confusion matrix',
  tags: ['autodocs'],
  parameters: {
    docs: {
      description: {
        component:
          'One core Selection shared by a point cloud of the MNIST CNN embedding (PCA of the 64-d penultimate layer, 2000 test digits) and the confusion matrix of an MLP\'s predictions on the same digits (row i of the embedding is row i of the predictions). Click a cell (e.g. true 9 → predicted 4): those digits light up in the cloud. Lasso in the cloud (drag; the tool is lasso): the cells holding the lassoed digits are outlined in the matrix.',
      },
    },
  },
  render: (_args, { canvasElement }) => {
    release(canvasElement);
    const root = document.createElement('div');
    root.className = 'linked-views';
    root.style.cssText = 'display:grid;grid-template-columns:minmax(320px,1fr) minmax(320px,440px);gap:16px;max-width:1000px;font:13px system-ui,sans-serif';
    const cloudBox = document.createElement('div');
    cloudBox.style.cssText = 'height:460px;border:1px solid #d0d7de';
    const matrixBox = document.createElement('div');
    const status = document.createElement('p');
    status.className = 'linked-status';
    status.setAttribute('role', 'status');
    status.style.gridColumn = '1 / -1';
    status.textContent = 'Projecting the embedding (PCA)…';
    root.append(cloudBox, matrixBox, status);
    const data = mnistEmbedding();
    pca(data.embedding, { dims: 2 }).then(
      (res) => {
        if (!root.isConnected) return;
        try {
          const selection = createSelection(2000);
          const cloud = createPointCloud(cloudBox, {
            positions: { data: res.positions, shape: [res.n, 2] },
            color: 'label',
            data: data.metadata,
            label: 'label',
            tooltipFields: ['label', 'predicted', 'correct'],
            selection,
            tool: 'lasso',
            title: 'MNIST CNN embedding (PCA)',
          });
          const matrix = createConfusionMatrix(matrixBox, {
            yTrue: mnist.yTrue,
            yPred: mnist.yPred,
            classes: mnist.classes,
            selection,
            title: 'MLP predictions on the same digits',
          });
          selection.on('change', (e) => {
            status.textContent = `${e.size} digit${e.size === 1 ? '' : 's'} selected`;
          });
          status.textContent = 'Click a cell, or lasso points in the cloud.';
          const l = { cloud, matrix, selection };
          byRoot.set(root, l);
          if (canvasElement) byCanvas.set(canvasElement, l);
        } catch (e) {
          root.append(errorBox(document, (e as Error).message));
        }
      },
      (e) => root.append(errorBox(document, String(e))),
    );
    return root;
  },
  beforeEach: ({ canvasElement }) => () => release(canvasElement),
};
export default meta;
type Story = StoryObj;

async function linkedIn(canvas: HTMLElement): Promise<Linked> {
  let l: Linked | undefined;
  await waitFor(
    () => {
      const root = canvas.querySelector('.linked-views');
      expect((l = root ? byRoot.get(root) : undefined)).toBeTruthy();
    },
    { timeout: 30_000 },
  );
  await l!.cloud.whenRendered();
  await l!.matrix.whenRendered();
  return l!;
}

export const ClickCellLightsUpDigits: Story = {
  name: 'Click the 9 → 4 cell: those digits light up in the cloud',
  play: async ({ canvasElement }) => {
    const { cloud, selection } = await linkedIn(canvasElement);
    const cell = canvasElement.querySelector('.tl-cm-cell[data-i="9"][data-j="4"]')!;
    await expect(cell).toBeTruthy();
    await clickCenter(cell);
    // The digits whose true label is 9 and predicted label 4 (read from the predictions directly).
    const expected = mnist.yTrue.flatMap((t, i) => (t === 9 && mnist.yPred[i] === 4 ? [i] : []));
    await expect(expected.length).toBeGreaterThan(0);
    await waitFor(() => expect(Array.from(selection.toArray())).toEqual(expected));
    // The cloud reads the same selection: every selected digit is a 9 in the metadata it draws.
    await expect(cloud.selection).toBe(selection);
    for (const i of cloud.selection.toArray()) await expect(cloud.data!.columns.label[i]).toBe('9');
    await waitFor(() => expect(canvasElement.querySelector('.linked-status')!.textContent).toBe(`${expected.length} digit${expected.length === 1 ? '' : 's'} selected`));
  },
};

export const LassoOutlinesCells: Story = {
  name: 'Lasso in the cloud: the cells of the lassoed digits are outlined',
  play: async ({ canvasElement }) => {
    const { cloud, selection } = await linkedIn(canvasElement);
    const canvas = cloud.element.querySelector('canvas')!;
    const r = canvas.getBoundingClientRect();
    // A closed lasso around the middle of the cloud (retried until the cloud's picking index is ready).
    const ring: Array<[number, number]> = [];
    for (let a = 0; a <= 24; a++) ring.push([r.width / 2 + Math.cos((a / 24) * 2 * Math.PI) * r.width * 0.25, r.height / 2 + Math.sin((a / 24) * 2 * Math.PI) * r.height * 0.25]);
    const fire = (type: string, [x, y]: [number, number]) =>
      canvas.dispatchEvent(new PointerEvent(type, { clientX: r.left + x, clientY: r.top + y, bubbles: true, pointerId: 1, isPrimary: true, button: 0, buttons: type === 'pointerup' ? 0 : 1 }));
    // Draw the lasso, then wait for the selection (the polygon query waits for the cloud's picking index);
    // redraw only if it stays empty. (Never fire events inside a waitFor callback: it reruns on every DOM
    // mutation, and the lasso's own path mutates the DOM — that loop starved the page.)
    for (let attempt = 0; attempt < 10 && !selection.size; attempt++) {
      fire('pointerdown', ring[0]);
      for (const p of ring.slice(1)) fire('pointermove', p);
      fire('pointerup', ring[ring.length - 1]);
      try {
        await waitFor(() => expect(selection.size).toBeGreaterThan(0), { timeout: 2000, interval: 100 });
      } catch {
        // not yet: draw again
      }
    }
    await expect(selection.size).toBeGreaterThan(0);
    // Independent reference: the distinct (true, predicted) pairs of the selected digits.
    const pairs = new Set<string>();
    for (const i of selection.toArray()) pairs.add(`${mnist.yTrue[i]},${mnist.yPred[i]}`);
    await waitFor(() => expect(canvasElement.querySelectorAll('.tl-cm-hl').length).toBe(pairs.size));
  },
};
