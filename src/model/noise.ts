import * as tf from '@tensorflow/tfjs';

/** Offsets the dropout mask's draws from the noise's (same seed, another stream). */
const MASK_STREAM = 0x5bd1e995;

/** A 32-bit integer hash (Wellons' lowbias32): counter-based, so element k's draw is hash(seed + k) and nothing is carried. Returns an int32; `>>> 0` reads it as h in [0, 2³²). */
function hash32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  return x ^ (x >>> 16);
}

/**
 * logit(U) = log(U / (1 − U)) for U = (h + ½)·2⁻³², from tables indexed by the bits of h (no division, no
 * Math.log but for 1 draw in 2²⁰), interpolated linearly within a cell:
 * - the centre, U in [1/16, 15/16) (7/8 of the draws): 14·1024 cells of 2¹⁸ values of h, so the cell is
 *   h >>> 18 and the position in it the low 18 bits; |error| ≤ cell²/8 · max|logit''| ≈ 2e-7;
 * - the tails, by the symmetry logit(U) = −logit(1 − U) with 1 − U = (~h + ½)·2⁻³², x = min(h, ~h) < 2²⁸:
 *   each octave [2^e, 2^(e+1)) of x in 1024 cells, so the relative cell width, and with it the error
 *   (≤ 1.2e-7 absolute), is the same in every octave; below 2^12 Math.log.
 * Either error is under float32's rounding of the result (|logit| ≥ 2.7 in the tails).
 */
const TWO_TO_MINUS_32 = 2 ** -32;
const CENTRAL_SHIFT = 18;
const CENTRAL_FIRST = 2 ** (28 - CENTRAL_SHIFT);
const CENTRAL_CELLS = 14 * 1024;
const TAIL_BITS = 10;
const TAIL_CELLS = 2 ** TAIL_BITS;
const TAIL_LOWEST = 12;
const TAIL_OCTAVES = 28 - TAIL_LOWEST;

const exactLogit = (u: number) => Math.log(u / (1 - u));
/** Per cell, its value at the left end and its rise to the next cell's, side by side (one cache line for both). */
function table(cells: number, at: (k: number) => number): Float64Array {
  const out = new Float64Array(2 * cells);
  for (let k = 0; k < cells; k++) {
    const left = exactLogit(at(k));
    out[2 * k] = left;
    out[2 * k + 1] = exactLogit(at(k + 1)) - left;
  }
  return out;
}
const CENTRAL = table(CENTRAL_CELLS, (k) => (CENTRAL_FIRST + k) * 2 ** CENTRAL_SHIFT * TWO_TO_MINUS_32);
const TAIL = table(TAIL_OCTAVES * TAIL_CELLS, (k) => 2 ** (TAIL_LOWEST + Math.floor(k / TAIL_CELLS)) * (1 + (k % TAIL_CELLS) / TAIL_CELLS) * TWO_TO_MINUS_32);
/** 2⁻ˢ: the position of x within its tail cell of 2ˢ values. */
const INVERSE_POWERS = Float64Array.from({ length: 32 }, (_, s) => 2 ** -s);

/** logit((h + ½)·2⁻³²) for h given as an int32 (the hash's bits). */
export function logitOfBits(h: number): number {
  const cell = (h >>> CENTRAL_SHIFT) - CENTRAL_FIRST;
  if (cell >= 0 && cell < CENTRAL_CELLS) {
    return (CENTRAL[2 * cell] as number) + ((h & (2 ** CENTRAL_SHIFT - 1)) + 0.5) * (INVERSE_POWERS[CENTRAL_SHIFT] as number) * (CENTRAL[2 * cell + 1] as number);
  }
  const upper = h < 0;
  const x = upper ? ~h : h;
  const octave = 31 - Math.clz32(x);
  let v: number;
  if (octave < TAIL_LOWEST) {
    v = exactLogit((x + 0.5) * TWO_TO_MINUS_32);
  } else {
    const shift = octave - TAIL_BITS;
    const k = (octave - TAIL_LOWEST) * TAIL_CELLS + ((x >>> shift) & (TAIL_CELLS - 1));
    v = (TAIL[2 * k] as number) + ((x & ((1 << shift) - 1)) + 0.5) * (INVERSE_POWERS[shift] as number) * (TAIL[2 * k + 1] as number);
  }
  return upper ? -v : v;
}

/** The two counter bases of a seed, as uint32: element k's noise is hash(base + k), its dropout draw hash(maskBase + k). */
export function noiseStreams(seed: number): { base: number; maskBase: number } {
  const base = Math.imul(seed >>> 0, 0x9e3779b9) >>> 0;
  return { base, maskBase: (base ^ MASK_STREAM) >>> 0 };
}

/**
 * The dropout test in integers, for programs that have no float64: the draw h = hash(maskBase + k) (as
 * uint32) is kept iff h < threshold, exactly where addLogisticNoise keeps it ((h + ½)·2⁻³² < keepP; both
 * sides are exact in float64, so h + ½ < keepP·2³² ⇔ h < ⌈keepP·2³² − ½⌉). `masked` is false where every
 * draw is kept (keepP ≥ 1, NaN, or so close to 1 that the threshold passes 2³² − 1).
 */
export function maskThreshold(keepP: number): { masked: boolean; threshold: number } {
  if (!(keepP < 1)) return { masked: false, threshold: 0 };
  const threshold = Math.max(0, Math.ceil(keepP * 2 ** 32 - 0.5));
  return threshold > 2 ** 32 - 1 ? { masked: false, threshold: 0 } : { masked: true, threshold };
}

/** Where the noise goes in a window's pre-activations: `rows` rows of `stride` values, the first `width` of each noisy. */
export interface NoiseLayout {
  rows: number;
  width: number;
  stride: number;
}

/**
 * Adds Logistic(0, 1) noise, log U − log(1 − U) with U ~ Uniform(0, 1), to `target` in place: the
 * difference of two Gumbel variables, which turns σ((z + noise)/τ) into the Gumbel-sigmoid of G2-LSTM.
 * With noise dropout, each element is kept with probability `keepP` and left out otherwise (the official
 * code's Bernoulli mask; keepP = 1 is the paper's equation).
 *
 * Drawn for a whole window in one loop, in the layout of the pre-activations: multiplied by `scale`
 * (1/τ), rounded to float32 and added to the first `width` values of each row (the i and f gates), so the
 * model needs no op but the add (charLM.ts, addBiasAndNoise below). Element k of the noisy columns
 * (row-major over rows × width) is the same value whatever the stride and scale: the layouts are
 * interchangeable in tests.
 */
export function addLogisticNoise(target: Float32Array, { rows, width, stride }: NoiseLayout, seed: number, keepP = 1, scale = 1): void {
  if (!(width <= stride)) throw new Error(`noise width ${width} exceeds the row stride ${stride}`);
  if (target.length !== rows * stride) throw new Error(`noise for ${rows}×${stride} values, the target holds ${target.length}`);
  const { base, maskBase } = noiseStreams(seed);
  const masked = keepP < 1;
  let k = 0;
  for (let r = 0; r < rows; r++) {
    const row = r * stride;
    for (let j = 0; j < width; j++, k++) {
      if (masked && ((hash32((maskBase + k) | 0) >>> 0) + 0.5) * TWO_TO_MINUS_32 >= keepP) continue;
      target[row + j] = (target[row + j] as number) + Math.fround(scale * logitOfBits(hash32((base + k) | 0)));
    }
  }
}

/** The noise of `addLogisticNoise` on its own: zero in the columns past `width` and where dropped. */
export function logisticNoiseValues(layout: NoiseLayout, seed: number, keepP = 1, scale = 1): Float32Array {
  const out = new Float32Array(layout.rows * layout.stride);
  addLogisticNoise(out, layout, seed, keepP, scale);
  return out;
}

/** What a window's noise is drawn from: the seed, the dropout's keep probability and the 1/τ scale; its width in the pre-activations' rows. */
export interface NoiseDraw {
  width: number;
  seed: number;
  keepP: number;
  scale: number;
}

/**
 * A backend's own kernel for addBiasAndNoise (inputs x, bias; attributes a NoiseDraw), registered where
 * adding the noise in the output's memory saves the noise tensor's allocation, copy and add (wasm:
 * src/worker/kernels/wasmNoise.ts; bit for bit) or where the GPU draws the noise in the add's own program
 * (webglNoise.ts, webgpuNoise.ts; to float32 log's rounding, gpuNoise.ts).
 */
export const ADD_BIAS_AND_NOISE = 'GateLabAddBiasAndNoise';

/** addBiasAndNoise on plain ops whatever the backend has: the noise drawn in JS, uploaded and added (the kernels' reference). */
export function plainAddBiasAndNoise(x: tf.Tensor, bias: tf.Tensor, draw: NoiseDraw): tf.Tensor {
  const [rows, stride] = x.shape as [number, number];
  const noise = logisticNoiseValues({ rows, width: draw.width, stride }, draw.seed, draw.keepP, draw.scale);
  return tf.add(tf.add(x, bias), tf.tensor2d(noise, [rows, stride]));
}

/**
 * x [rows, stride] + bias [stride] + the window's noise in the first `width` columns: what
 * (x + bias) + logisticNoiseValues(…) computes, in one pass where the backend has the kernel.
 * Differentiable in x and bias (the noise is a constant).
 */
export function addBiasAndNoise(x: tf.Tensor, bias: tf.Tensor, draw: NoiseDraw): tf.Tensor {
  if (!tf.getKernel(ADD_BIAS_AND_NOISE, tf.getBackend())) return plainAddBiasAndNoise(x, bias, draw);
  const op = tf.customGrad((...args: unknown[]) => {
    const [xIn, biasIn] = args as [tf.Tensor, tf.Tensor];
    return {
      value: tf.engine().runKernel(ADD_BIAS_AND_NOISE, { x: xIn, bias: biasIn }, { ...draw }) as tf.Tensor,
      gradFunc: (dy: tf.Tensor) => [dy, tf.sum(dy, 0)],
    };
  });
  return op(x, bias) as tf.Tensor;
}

/** Logistic noise of any shape (its last axis fully noisy), as a tensor. */
export function logisticNoise(shape: number[], seed: number, keepP = 1): tf.Tensor {
  const width = shape[shape.length - 1] ?? 1;
  const size = shape.reduce((a, b) => a * b, 1);
  const rows = width === 0 ? 0 : size / width;
  return tf.tensor(logisticNoiseValues({ rows, width, stride: width }, seed, keepP), shape, 'float32');
}
