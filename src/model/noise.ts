import * as tf from '@tensorflow/tfjs';

/** Keeps log U and log(1 − U) finite in float32. */
const UNIFORM_EPS = 1e-6;

/**
 * Logistic(0, 1) noise, log U − log(1 − U) with U ~ Uniform(0, 1): the difference of two Gumbel
 * variables, which turns σ((z + noise)/τ) into the Gumbel-sigmoid of G2-LSTM.
 * With noise dropout, each element is kept with probability `keepP` and zeroed otherwise
 * (the official code's Bernoulli mask; keepP = 1 is the paper's equation).
 */
export function logisticNoise(shape: number[], seed: number, keepP = 1): tf.Tensor {
  return tf.tidy(() => {
    const u = tf.randomUniform(shape, UNIFORM_EPS, 1 - UNIFORM_EPS, 'float32', seed);
    const noise = tf.sub(tf.log(u), tf.log1p(tf.neg(u)));
    if (keepP >= 1) return noise;
    const keep = tf.less(tf.randomUniform(shape, 0, 1, 'float32', seed ^ 0x5bd1e995), keepP);
    return tf.mul(noise, tf.cast(keep, 'float32'));
  });
}
