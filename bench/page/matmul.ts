import * as tf from '@tensorflow/tfjs';
import type { Workload } from './timing';

/** One large square matMul per step: the backend's practical FLOP/s ceiling. */
export function matmulWorkload(n: number): Workload & { dispose(): void } {
  const a = tf.randomNormal([n, n], 0, 1, 'float32', 1);
  const b = tf.randomNormal([n, n], 0, 1, 'float32', 2);
  return {
    // A 1×1 slice of the product is what the window reads back: it depends on the whole product
    // (so the product must run) without timing the download of 4 MB.
    step: () => tf.tidy(() => tf.slice(tf.matMul(a, b), [0, 0], [1, 1])),
    dispose: () => tf.dispose([a, b]),
  };
}
