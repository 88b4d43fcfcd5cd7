import type * as tf from '@tensorflow/tfjs';

/** The shape of a rank-2 tensor, checked. */
export function shape2(t: tf.Tensor): [number, number] {
  if (t.rank !== 2) throw new Error(`expected a rank-2 tensor, got shape [${t.shape}]`);
  return t.shape as [number, number];
}

/** The shape of a rank-3 tensor, checked. */
export function shape3(t: tf.Tensor): [number, number, number] {
  if (t.rank !== 3) throw new Error(`expected a rank-3 tensor, got shape [${t.shape}]`);
  return t.shape as [number, number, number];
}
