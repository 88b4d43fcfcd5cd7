/**
 * Installs G2's one-pass noise kernel (webglNoise.ts, webgpuNoise.ts) on the running GPU backend after a
 * check against the plain ops (model/noise.ts plainAddBiasAndNoise: the noise drawn in JS and added).
 *
 * The dropout mask must agree exactly (integer hash and integer threshold on both sides), and so must
 * the gradients' path (customGrad in addBiasAndNoise). The values agree to a tolerance, not bit for bit:
 * the GPU takes its float32 `log` where the JS draw reads tables within 2e-7 of the exact logit. GLSL ES
 * 3.0 and WGSL promise log within 2⁻²¹ absolute on [½, 2] and 3 ulp elsewhere, division within 2.5 ulp,
 * so a draw's logit is off by at most ~1.5e-6 of max(1, |logit|) (≤ ~6e-6 at the largest |logit| ≈ 22),
 * times the 1/τ scale; TOLERANCE, 1e-5 of max(1, |plain value|), leaves a margin of several times that
 * at the checked scales, while a wrong hash, stream or mask is off by the noise's own size (order 1).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { messageOf } from '../../messageOf';
import { ADD_BIAS_AND_NOISE, addBiasAndNoise, type NoiseDraw, plainAddBiasAndNoise } from '../../model/noise';
import { registerWebGLNoise } from './webglNoise';
import { registerWebGPUNoise } from './webgpuNoise';

export const NOISE_TOLERANCE = 1e-5;

const REGISTER: Record<string, () => void> = { webgl: registerWebGLNoise, webgpu: registerWebGPUNoise };

export interface NoiseCheckCase {
  rows: number;
  stride: number;
  draw: NoiseDraw;
}

export interface NoiseCaseResult extends NoiseCheckCase {
  /** max |kernel − plain| / max(1, |plain|) of x + bias + noise. */
  valuesVsPlain: number;
  /** The same for the gradients in x and bias of a random weighted sum. */
  gradsVsPlain: [number, number];
  /** Elements the kernel keeps and the JS draw drops, or the reverse (noise alone: x and bias zero). */
  maskMismatches: number;
  /** Elements of the noisy columns the JS draw kept. */
  kept: number;
  ok: boolean;
}

export interface NoiseCheckReport {
  backend: string;
  tolerance: number;
  cases: NoiseCaseResult[];
  ok: boolean;
}

/** Odd rows (half-filled texels), a width that ends inside a texel, noise dropout on and off. */
export const NOISE_CHECK_CASES: NoiseCheckCase[] = [
  { rows: 7, stride: 12, draw: { width: 9, seed: 7, keepP: 0.5, scale: 1.7 } },
  { rows: 7, stride: 12, draw: { width: 12, seed: 8, keepP: 1, scale: 1 / 0.9 } },
];

type Add = (x: tf.Tensor, bias: tf.Tensor, draw: NoiseDraw) => tf.Tensor;

const relDiff = (a: tf.Tensor, ref: tf.Tensor) => tf.max(tf.div(tf.abs(tf.sub(a, ref)), tf.maximum(1, tf.abs(ref))));

/** One case's differences as a tensor [values, grad x, grad bias, mask mismatches, kept]. */
function caseDiffs({ rows, stride, draw }: NoiseCheckCase, seed: number): tf.Tensor {
  return tf.tidy(() => {
    const x = tf.randomNormal([rows, stride], 0, 1.5, 'float32', seed);
    const bias = tf.randomNormal([stride], 0, 1, 'float32', seed + 1);
    const weights = tf.randomNormal([rows, stride], 0, 1, 'float32', seed + 2);
    const run = (add: Add) => {
      const { value, grads } = tf.valueAndGrads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(add(a, b, draw), weights)))([x, bias]);
      value.dispose();
      return { out: add(x, bias, draw), grads, alone: add(tf.zerosLike(x), tf.zerosLike(bias), draw) };
    };
    const kernel = run(addBiasAndNoise);
    const plain = run(plainAddBiasAndNoise);
    const droppedBy = (t: tf.Tensor) => tf.equal(tf.slice(t, [0, 0], [rows, draw.width]), 0);
    return tf.stack([
      relDiff(kernel.out, plain.out),
      relDiff(kernel.grads[0] as tf.Tensor, plain.grads[0] as tf.Tensor),
      relDiff(kernel.grads[1] as tf.Tensor, plain.grads[1] as tf.Tensor),
      tf.sum(tf.cast(tf.notEqual(droppedBy(kernel.alone), droppedBy(plain.alone)), 'float32')),
      tf.sum(tf.cast(tf.logicalNot(droppedBy(plain.alone)), 'float32')),
    ]);
  });
}

/** The registered kernel against the plain ops on the running backend (read back with data(), never synchronously). */
export async function checkNoiseKernel(cases: NoiseCheckCase[] = NOISE_CHECK_CASES, tolerance = NOISE_TOLERANCE): Promise<NoiseCheckReport> {
  const results: NoiseCaseResult[] = [];
  for (const [n, c] of cases.entries()) {
    const diffs = caseDiffs(c, 500 + 10 * n);
    const [values, gradX, gradBias, mismatches, kept] = Array.from(await diffs.data()) as [number, number, number, number, number];
    diffs.dispose();
    // NaN fails every comparison, so it fails the check.
    const ok = values <= tolerance && gradX <= tolerance && gradBias <= tolerance && mismatches === 0;
    results.push({ ...c, valuesVsPlain: values, gradsVsPlain: [gradX, gradBias], maskMismatches: mismatches, kept, ok });
  }
  return { backend: tf.getBackend(), tolerance, cases: results, ok: results.every((r) => r.ok) };
}

function unregister(backend: string): void {
  if (tf.getKernel(ADD_BIAS_AND_NOISE, backend)) tf.unregisterKernel(ADD_BIAS_AND_NOISE, backend);
}

/**
 * Registers the kernel on the running backend if it has one and it passes checkNoiseKernel; otherwise
 * the plain ops stay. `checked` wraps the check (WebGPU's error scope). A one-line reason for the status.
 */
export async function installGpuNoise(
  checked: <T>(run: () => Promise<T>) => Promise<{ value: T; error: string | null }> = async (run) => ({ value: await run(), error: null }),
): Promise<{ ok: boolean; reason: string }> {
  const backend = tf.getBackend();
  const register = REGISTER[backend];
  if (!register) return { ok: false, reason: `no GPU noise kernel for ${backend}` };
  try {
    unregister(backend);
    register();
    const { value: report, error } = await checked(() => checkNoiseKernel());
    if (error) {
      unregister(backend);
      return { ok: false, reason: `Gumbel noise added by plain ops: GPU error in the one-pass kernel: ${error}` };
    }
    if (report.ok) return { ok: true, reason: 'Gumbel noise drawn in the bias add: self-check passed' };
    unregister(backend);
    return { ok: false, reason: 'Gumbel noise added by plain ops: the one-pass kernel disagreed' };
  } catch (e) {
    unregister(backend);
    return { ok: false, reason: `Gumbel noise added by plain ops: the one-pass kernel failed: ${messageOf(e)}` };
  }
}

/** Removes the kernel from the running backend (measuring the plain ops). */
export function uninstallGpuNoise(): void {
  unregister(tf.getBackend());
}
