// The PNG export shared by the canvas-drawn charts (saliency overlay, layer explorer).
import { exportPNG, pixelRatio, readThemeColor } from '@tensorlens/core';
import type { Lifecycle } from '@tensorlens/core';
import { assertCanvasSupport, EXPORTED_TEXT } from '../saliency/styles';

/**
 * A PNG of a chart's root once its current state is drawn: its canvases without smoothing, its text and legend
 * titles, over the theme's background, at `scale` device pixels per CSS px (default: the screen's). Throws a
 * TensorLensError if the chart is destroyed or the browser has no 2-D canvas.
 */
export async function exportChartPNG(root: HTMLElement, life: Lifecycle, scale?: number): Promise<Blob> {
  life.assertAlive();
  await life.whenRendered();
  assertCanvasSupport();
  return exportPNG(root, { scale: scale ?? pixelRatio(), background: readThemeColor(root, '--tl-bg'), smoothing: false, text: EXPORTED_TEXT });
}
