import * as tf from '@tensorflow/tfjs-core';
import { fail } from '@tensorlens/core';
import type { AttributionOptions, ModelFn } from './types';
import { checkInput, checkInt, common, targetMask, targetScores } from './internal';

/** Options of {@link occlusionSensitivity}. */
export interface OcclusionOptions extends AttributionOptions {
  /** Side of the square patch in pixels. Default 4. */
  patch?: number;
  /** Step between patch positions. Default `patch` (non-overlapping). */
  stride?: number;
  /** Value written into the patch (all channels). Default 0. */
  fill?: number;
}

/**
 * Occlusion sensitivity (Zeiler & Fergus, 2014): slide a `patch` × `patch` square of `fill` over each image with
 * `stride` and record the drop f_c(x) − f_c(x occluded). Each pixel gets the mean drop of the patches that cover it
 * (0 where none does). Returns `[B, H, W]`, signed: negative where hiding a region raises the score.
 */
export async function occlusionSensitivity(model: ModelFn, x: tf.Tensor, opts: OcclusionOptions): Promise<tf.Tensor3D> {
  const { batchSize, step, progress } = common(opts);
  const patch = checkInt(opts.patch, 'options.patch', 4);
  const stride = checkInt(opts.stride, 'options.stride', patch);
  const fill = opts.fill ?? 0;
  if (!Number.isFinite(fill)) throw fail('nan', 'options.fill', 'a finite number', fill);
  await checkInput(x, [4]);
  const [B, H, W] = x.shape;
  if (patch > H || patch > W) throw fail('range', 'options.patch', `at most the image size (${H} × ${W})`, patch);
  const { scores, targets, classes } = await targetScores(model, x, opts.target, batchSize);
  const pos: Array<[number, number]> = [];
  // Patch corners along one axis: every `stride` pixels until a patch (clipped at the border) reaches the edge.
  const starts = (size: number) => {
    const out: number[] = [];
    for (let p = 0; ; p += stride) {
      out.push(p);
      if (p + patch >= size || p + stride >= size) return out;
    }
  };
  for (const y of starts(H)) for (const xx of starts(W)) pos.push([y, xx]);
  const P = pos.length;
  const total = B * P;
  const sum = new Float32Array(B * H * W);
  const count = new Float32Array(H * W);
  for (const [y0, x0] of pos)
    for (let y = y0; y < Math.min(H, y0 + patch); y++) for (let xx = x0; xx < Math.min(W, x0 + patch); xx++) count[y * W + xx]++;
  for (let s = 0; s < total; s += batchSize) {
    await step();
    const e = Math.min(total, s + batchSize);
    const n = e - s;
    const masks = new Float32Array(n * H * W);
    const rows = new Int32Array(n);
    for (let j = 0; j < n; j++) {
      rows[j] = Math.floor((s + j) / P);
      const [y0, x0] = pos[(s + j) % P];
      for (let y = y0; y < Math.min(H, y0 + patch); y++) masks.fill(1, j * H * W + y * W + x0, j * H * W + y * W + Math.min(W, x0 + patch));
    }
    const out = tf.tidy(() => {
      const m = tf.tensor4d(masks, [n, H, W, 1]);
      const xs = tf.gather(x, tf.tensor1d(rows, 'int32'));
      const occluded = tf.add(tf.mul(xs, tf.sub(1, m)), tf.mul(m, fill));
      const y = model(occluded);
      if (y.rank != 2 || y.shape[0] != n || y.shape[1] != classes) throw fail('shape', 'model(x)', `a [${n}, ${classes}] tensor`, `shape [${y.shape}]`);
      return tf.sum(tf.mul(y, targetMask(Array.from(rows, (r) => targets[r]), classes)), 1);
    });
    const v = (await out.data()) as Float32Array;
    out.dispose();
    for (let j = 0; j < n; j++) {
      const r = rows[j];
      const drop = scores[r] - v[j];
      const [y0, x0] = pos[(s + j) % P];
      for (let y = y0; y < Math.min(H, y0 + patch); y++)
        for (let xx = x0; xx < Math.min(W, x0 + patch); xx++) sum[(r * H + y) * W + xx] += drop;
    }
    progress(e, total);
  }
  for (let r = 0; r < B; r++) for (let i = 0; i < H * W; i++) if (count[i]) sum[r * H * W + i] /= count[i];
  return tf.tensor3d(sum, [B, H, W]);
}
