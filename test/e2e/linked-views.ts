// Shared by the e2e tests of linked views: the article's 9 → 4 cell clicked, the point cloud's pixels read back.
import { expect } from 'vitest';
import { canvasPixels, until } from '../support';

const PREDICTIONS = '/docs/examples/article-predictions.csv';

/** What the tests read of a point-cloud handle in the page (its own bundle's type is not imported here). */
export interface PointCloudLike {
  count: number;
  element: HTMLElement;
  renderFrame(): void;
  screenPosition(i: number): [number, number] | null;
}
export type CloudElement = HTMLElement & { whenRendered(): Promise<void>; pointCloud: PointCloudLike | null; selection: { toArray(): Uint32Array; size: number } | null };
export type MatrixElement = HTMLElement & { whenRendered(): Promise<void>; selection: unknown; stats(): { total: number } | null };

/** Independent reference: the rows of the article's CSV with this true and predicted digit. */
export async function rowsOfCell(truth: string, predicted: string): Promise<number[]> {
  const lines = (await (await fetch(PREDICTIONS)).text()).trim().split('\n').slice(1);
  return lines.flatMap((line, row) => (line === `${truth},${predicted}` ? [row] : []));
}

/** Sum of |RGB − white| at each row's screen position in the cloud's canvas over white (one frame, read at once). */
export function contrastAt(cloud: PointCloudLike, rows: number[]): number[] {
  cloud.renderFrame();
  const canvas = cloud.element.querySelector('canvas')!;
  const scale = canvas.width / canvas.clientWidth;
  // The WebGL canvas is transparent where nothing is drawn and a dimmed point keeps its RGB with a low alpha:
  // composite it over white, as the reader sees it on a white page.
  const image = canvasPixels(canvas, { background: '#fff' });
  const at = (x: number, y: number) => {
    const offset = (Math.floor(y * scale) * canvas.width + Math.floor(x * scale)) * 4;
    return [image[offset], image[offset + 1], image[offset + 2]];
  };
  const background = [255, 255, 255];
  return rows.map((row) => {
    const p = cloud.screenPosition(row)!;
    const rgb = at(p[0], p[1]);
    return rgb.reduce((sum, v, k) => sum + Math.abs(v - background[k]), 0);
  });
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

/** Clicks the 9 → 4 cell and checks the shared selection and the cloud's pixels. */
export async function clickCellAndCheckCloud(cloud: CloudElement, matrix: MatrixElement): Promise<void> {
  await Promise.all([cloud.whenRendered(), matrix.whenRendered()]);
  expect(matrix.stats()?.total).toBe(2000);
  const pc = cloud.pointCloud!;
  expect(pc.count).toBe(2000);
  // Both elements hold the one page-wide selection called "digits".
  expect(cloud.selection).not.toBeNull();
  expect(matrix.selection).toBe(cloud.selection);

  const selected = await rowsOfCell('9', '4');
  expect(selected).toHaveLength(13); // the article's text: thirteen nines were read as fours
  const chosen = new Set(selected);
  const others = Array.from({ length: 2000 }, (_, row) => row).filter((row) => !chosen.has(row));
  await until(() => median(contrastAt(pc, others)) > 0, 'the cloud to draw its points');
  const othersBefore = median(contrastAt(pc, others));
  const selectedBefore = median(contrastAt(pc, selected));

  const cell = matrix.querySelector('.tl-cm-cell[data-i="9"][data-j="4"]')!.getBoundingClientRect();
  const events: number[][] = [];
  matrix.addEventListener('tl-select', (e) => events.push(Array.from((e as CustomEvent).detail.indices as Uint32Array)));
  // The matrix finds the cell under the pointer: click at the cell's centre.
  matrix.querySelector('svg')!.dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: cell.left + cell.width / 2, clientY: cell.top + cell.height / 2 }));
  expect(events).toEqual([selected]);
  expect(Array.from(cloud.selection!.toArray())).toEqual(selected);

  // The cloud redraws on the selection's change event: the other 1987 points fade, the 13 stay strong.
  await until(() => median(contrastAt(pc, others)) < othersBefore * 0.7, 'the unselected points to dim');
  const othersAfter = median(contrastAt(pc, others));
  const selectedAfter = median(contrastAt(pc, selected));
  expect(othersAfter).toBeLessThan(othersBefore * 0.7);
  // Selected points keep the cloud's opacity and are drawn on top, larger; a dense cluster's stacked dots could be
  // darker before, so "strong" is relative to the dimmed rest, not to the picture before the click.
  expect(selectedAfter).toBeGreaterThan(othersAfter * 1.5);
  expect(selectedBefore).toBeGreaterThan(0);
}


