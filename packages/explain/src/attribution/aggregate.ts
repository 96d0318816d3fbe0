import * as tf from '@tensorflow/tfjs-core';
import { fail, isTensorLike } from '@tensorlens/core';

/** How {@link aggregateChannels} folds the channel axis. */
export type ChannelAggregation = 'sum' | 'abs-sum' | 'max-abs' | 'l2';
const HOWS: ChannelAggregation[] = ['sum', 'abs-sum', 'max-abs', 'l2'];

/**
 * Folds the last (channel) axis of an attribution `[B, H, W, C]` into a map `[B, H, W]`: 'sum' keeps the sign,
 * 'abs-sum' sums magnitudes, 'max-abs' takes the largest magnitude (Simonyan et al.), 'l2' the Euclidean norm.
 * A separate, explicit step: the methods return raw per-channel attributions. Returns a new tensor.
 */
export function aggregateChannels(attr: tf.Tensor, how: ChannelAggregation = 'sum'): tf.Tensor3D {
  if (!isTensorLike(attr) || (attr as tf.Tensor).rank != 4) throw fail('shape', 'attr', 'a 4-D tensor [B, H, W, C]', isTensorLike(attr) ? `shape [${attr.shape}]` : attr);
  if (!HOWS.includes(how)) throw fail('option', 'how', HOWS.map((h) => `'${h}'`).join(', '), how);
  return tf.tidy(() =>
    how == 'sum' ? tf.sum(attr, 3) : how == 'abs-sum' ? tf.sum(tf.abs(attr), 3) : how == 'max-abs' ? tf.max(tf.abs(attr), 3) : tf.sqrt(tf.sum(tf.square(attr), 3)),
  ) as tf.Tensor3D;
}
