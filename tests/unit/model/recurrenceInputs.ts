import * as tf from '@tensorflow/tfjs';

/** Random inputs of an LSTM recurrence of T steps, batch B, H units: pre-activations xs, W_hh, h0 and c0, from `seed` on. */
export function recurrenceInputs(seed: number, { T, B, H }: { T: number; B: number; H: number }) {
  return {
    xs: tf.randomNormal([T, B, 4 * H], 0, 1, 'float32', seed),
    wHh: tf.randomNormal([H, 4 * H], 0, 0.5, 'float32', seed + 1),
    h0: tf.randomNormal([B, H], 0, 0.5, 'float32', seed + 2),
    c0: tf.randomNormal([B, H], 0, 0.5, 'float32', seed + 3),
  };
}
