import * as tf from '@tensorflow/tfjs';

/** The shape of the work a backend is measured on: one window of the LSTM forward pass. */
export interface ProbeShape {
  batch: number;
  hidden: number;
  seqLen: number;
}

/** Steps of the probe window: enough kernels to show per-kernel overhead, short enough to start quickly. */
const PROBE_STEPS = 8;

/** Runs the window and waits for its result (read back asynchronously: a synchronous read stalls a GPU's queue). */
async function probeWindow({ batch, hidden }: ProbeShape, w: tf.Tensor, x: tf.Tensor): Promise<void> {
  const last = tf.tidy(() => {
    let h: tf.Tensor = tf.zeros([batch, hidden]);
    let c: tf.Tensor = tf.zeros([batch, hidden]);
    for (let t = 0; t < PROBE_STEPS; t++) {
      const z = tf.add(x, tf.matMul(h, w));
      const [i, f, g, o] = tf.split(z, 4, 1) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
      c = tf.add(tf.mul(tf.sigmoid(f), c), tf.mul(tf.sigmoid(i), tf.tanh(g)));
      h = tf.mul(tf.sigmoid(o), tf.tanh(c));
    }
    return h;
  });
  try {
    await last.data();
  } finally {
    last.dispose();
  }
}

/**
 * Milliseconds per step of an LSTM forward window on the current backend, the best of three after a
 * warm-up (which compiles shaders). A ranking, not a benchmark: only the order of backends matters.
 */
export async function probeStepMs(shape: ProbeShape, now: () => number = () => performance.now()): Promise<number> {
  const w = tf.randomNormal([shape.hidden, 4 * shape.hidden], 0, 0.1, 'float32', 1);
  const x = tf.randomNormal([shape.batch, 4 * shape.hidden], 0, 1, 'float32', 2);
  try {
    await probeWindow(shape, w, x);
    let best = Number.POSITIVE_INFINITY;
    for (let k = 0; k < 3; k++) {
      const start = now();
      await probeWindow(shape, w, x);
      best = Math.min(best, now() - start);
    }
    return best / PROBE_STEPS;
  } finally {
    tf.dispose([w, x]);
  }
}
