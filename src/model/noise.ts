import * as tf from '@tensorflow/tfjs';

/** 2⁻³²: maps a 32-bit integer h to U = (h + ½)·2⁻³², strictly inside (0, 1), so log U and log(1 − U) stay finite. */
const TWO_TO_MINUS_32 = 2.3283064365386963e-10;
/** Offsets the dropout mask's draws from the noise's (same seed, another stream). */
const MASK_STREAM = 0x5bd1e995;

/** A 32-bit integer hash (Wellons' lowbias32): counter-based, so element k's draw is hash(seed + k) and nothing is carried. */
function hash32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/**
 * logit(u) = log(u / (1 − u)) tabulated on the central [1/16, 15/16] of (0, 1), where 7/8 of the draws fall, and
 * interpolated linearly: |error| ≤ h²/8 · max|logit''| ≈ 2e-7 there (float32's own rounding of values near 1).
 * Math.log, the cost of the loop, is left to the tails.
 */
const LOGIT_LOW = 1 / 16;
const LOGIT_CELLS = 14 * 1024;
const LOGIT_STEP = (1 - 2 * LOGIT_LOW) / LOGIT_CELLS;
const LOGIT_TABLE = Float64Array.from({ length: LOGIT_CELLS + 1 }, (_, k) => {
  const u = LOGIT_LOW + k * LOGIT_STEP;
  return Math.log(u / (1 - u));
});

function logit(u: number): number {
  const x = (u - LOGIT_LOW) / LOGIT_STEP;
  if (!(x >= 0 && x < LOGIT_CELLS)) return Math.log(u / (1 - u));
  const k = x | 0;
  const a = LOGIT_TABLE[k] as number;
  return a + (x - k) * ((LOGIT_TABLE[k + 1] as number) - a);
}

/** Where the noise goes in a window's pre-activations: `rows` rows of `stride` values, the first `width` of each noisy. */
export interface NoiseLayout {
  rows: number;
  width: number;
  stride: number;
}

/**
 * Logistic(0, 1) noise, log U − log(1 − U) with U ~ Uniform(0, 1): the difference of two Gumbel
 * variables, which turns σ((z + noise)/τ) into the Gumbel-sigmoid of G2-LSTM. With noise dropout, each
 * element is kept with probability `keepP` and zeroed otherwise (the official code's Bernoulli mask;
 * keepP = 1 is the paper's equation).
 *
 * Drawn for a whole window in one loop and written straight into the layout of the pre-activations,
 * multiplied by `scale` (1/τ) and zero in the columns past `width` (the g and o gates), so that the
 * model adds it with a single op (charLM.ts) instead of drawing, transforming, masking, padding and
 * scaling it with a dozen. Element k of the noisy columns (row-major over rows × width) is the same
 * value whatever the stride and scale: the layouts are interchangeable in tests.
 */
export function logisticNoiseValues({ rows, width, stride }: NoiseLayout, seed: number, keepP = 1, scale = 1): Float32Array {
  if (!(width <= stride)) throw new Error(`noise width ${width} exceeds the row stride ${stride}`);
  const out = new Float32Array(rows * stride);
  const base = Math.imul(seed >>> 0, 0x9e3779b9) >>> 0;
  const maskBase = (base ^ MASK_STREAM) >>> 0;
  const masked = keepP < 1;
  let k = 0;
  for (let r = 0; r < rows; r++) {
    const row = r * stride;
    for (let j = 0; j < width; j++, k++) {
      if (masked && (hash32((maskBase + k) | 0) + 0.5) * TWO_TO_MINUS_32 >= keepP) continue;
      const u = (hash32((base + k) | 0) + 0.5) * TWO_TO_MINUS_32;
      out[row + j] = scale * logit(u);
    }
  }
  return out;
}

/** Logistic noise of any shape (its last axis fully noisy), as a tensor. */
export function logisticNoise(shape: number[], seed: number, keepP = 1): tf.Tensor {
  const width = shape[shape.length - 1] ?? 1;
  const size = shape.reduce((a, b) => a * b, 1);
  const rows = width === 0 ? 0 : size / width;
  return tf.tensor(logisticNoiseValues({ rows, width, stride: width }, seed, keepP), shape, 'float32');
}
