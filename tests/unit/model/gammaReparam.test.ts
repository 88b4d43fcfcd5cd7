import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { gammaNoise, logGammaSample } from '../../../src/model/gammaReparam';

const N = 100_000;

/** ψ₁(x), the trigamma function: the recurrence up to x ≥ 6, then its asymptotic series. */
function trigamma(x: number): number {
  let sum = 0;
  while (x < 6) {
    sum += 1 / (x * x);
    x += 1;
  }
  const x2 = 1 / (x * x);
  return sum + 1 / x + x2 / 2 + (1 / (x * x * x)) * (1 / 6 - x2 * (1 / 30 - x2 * (1 / 42 - x2 / 30)));
}

function meanAndVariance(values: Float32Array): { mean: number; variance: number } {
  let mean = 0;
  for (const v of values) mean += v;
  mean /= values.length;
  let variance = 0;
  for (const v of values) variance += (v - mean) ** 2;
  return { mean, variance: variance / (values.length - 1) };
}

/** Per-element α, its samples G and the per-element gradients dG/dα and d ln G/dα, on one fixed noise. */
function draw(alpha: number, n: number, seed: number) {
  return tf.tidy(() => {
    const [noise] = gammaNoise(1, [n], seed);
    if (!noise) throw new Error('no noise');
    const alphas = tf.fill([n], alpha);
    const logG = (a: tf.Tensor) => logGammaSample(a, noise);
    const g = tf.exp(logG(alphas));
    const dG = tf.grad((a: tf.Tensor) => tf.sum(tf.exp(logG(a))))(alphas);
    const dLogG = tf.grad((a: tf.Tensor) => tf.sum(logG(a)))(alphas);
    return { g: g.dataSync() as Float32Array, dG: dG.dataSync() as Float32Array, dLogG: dLogG.dataSync() as Float32Array };
  });
}

describe('reparameterized Gamma samples', () => {
  it('trigamma, the reference below, matches known values', () => {
    expect(trigamma(1)).toBeCloseTo(Math.PI ** 2 / 6, 8);
    expect(trigamma(0.5)).toBeCloseTo(Math.PI ** 2 / 2, 8);
    expect(trigamma(3)).toBeCloseTo(Math.PI ** 2 / 6 - 1 - 1 / 4, 8);
  });

  for (const [k, alpha] of [0.1, 0.5, 1, 3, 20].entries()) {
    it(`Gamma(${alpha}): mean and variance α, and the gradients' means are d/dα E[G] = 1 and d/dα E[ln G] = ψ₁(α)`, () => {
      const { g, dG, dLogG } = draw(alpha, N, 101 + k);
      const { mean, variance } = meanAndVariance(g);
      // Standard errors of the sample mean and variance of Gamma(α): √(α/N) and √((2α² + 6α)/N).
      expect(Math.abs(mean - alpha)).toBeLessThan(5 * Math.sqrt(alpha / N));
      expect(Math.abs(variance - alpha)).toBeLessThan(5 * Math.sqrt((2 * alpha * alpha + 6 * alpha) / N));
      for (const v of g) expect(v).toBeGreaterThanOrEqual(0);

      const dMean = meanAndVariance(dG);
      expect(Math.abs(dMean.mean - 1)).toBeLessThan(5 * Math.sqrt(dMean.variance / N) + 0.01);
      const dLogMean = meanAndVariance(dLogG);
      const psi1 = trigamma(alpha);
      expect(Math.abs(dLogMean.mean - psi1)).toBeLessThan(5 * Math.sqrt(dLogMean.variance / N) + 0.01 * psi1);
    });
  }

  it('the custom gradient equals a central difference of ln G(α) with the noise held fixed', () => {
    const n = 400;
    const alphas = Float32Array.from({ length: n }, (_, k) => 0.2 + (k % 40) * 0.4);
    const { analytic, numeric } = tf.tidy(() => {
      const [noise] = gammaNoise(1, [n], 7);
      if (!noise) throw new Error('no noise');
      const a = tf.tensor1d(alphas);
      const logG = (x: tf.Tensor) => logGammaSample(x, noise);
      const h = tf.mul(a, 1e-3);
      const numeric = tf.div(tf.sub(logG(tf.add(a, h)), logG(tf.sub(a, h))), tf.mul(2, h));
      const analytic = tf.grad((x: tf.Tensor) => tf.sum(logG(x)))(a);
      return { analytic: analytic.dataSync(), numeric: numeric.dataSync() };
    });
    // A step may move an element across an acceptance boundary (another candidate): allow 1 % of such jumps.
    let close = 0;
    for (let k = 0; k < n; k++) {
      expect(Number.isFinite(analytic[k])).toBe(true);
      if (Math.abs((analytic[k] as number) - (numeric[k] as number)) <= 2e-2 * Math.abs(analytic[k] as number) + 1e-3) close++;
    }
    expect(close / n).toBeGreaterThanOrEqual(0.99);
  });

  it('stays finite for tiny shapes, where U^(1/α) underflows float32', () => {
    const values = tf.tidy(() => {
      const [noise] = gammaNoise(1, [1000], 3);
      if (!noise) throw new Error('no noise');
      return logGammaSample(tf.fill([1000], 1e-3), noise).dataSync();
    });
    for (const v of values) expect(Number.isFinite(v)).toBe(true);
    expect(Math.min(...values)).toBeLessThan(-80); // exp of that is 0 in float32: why it stays in log space
  });

  it('draws the same samples from the same seed and others from another', () => {
    const a = draw(2, 50, 5).g;
    expect(Array.from(draw(2, 50, 5).g)).toEqual(Array.from(a));
    expect(Array.from(draw(2, 50, 6).g)).not.toEqual(Array.from(a));
  });
});
