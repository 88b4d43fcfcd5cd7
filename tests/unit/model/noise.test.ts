import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { evaluationGates, trainingGates } from '../../../src/model/gates';
import { logisticNoise, logisticNoiseValues, logitOfBits, maskThreshold, noiseStreams } from '../../../src/model/noise';

/** Wellons' lowbias32 and the exact logit, written out: what element k of a window's noise is. */
function lowbias32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}
const exactLogitOfBits = (h: number) => {
  const u = ((h >>> 0) + 0.5) * 2 ** -32;
  return Math.log(u) - Math.log1p(-u);
};

describe('logistic noise', () => {
  it('tabulates logit((h + ½)·2⁻³²) within 2e-7 over every region of the 32 bits', () => {
    const bits: number[] = [];
    // Both sides of every power of two and of its mirror (octave and table boundaries), and the centre's ends.
    for (let e = 0; e < 32; e++) for (const d of [-1, 0, 1]) bits.push(2 ** e + d, ~(2 ** e + d), 2 ** 28 + d, 15 * 2 ** 28 + d);
    for (let k = 0; k < 200_000; k++) bits.push(lowbias32(k));
    let worst = 0;
    for (const h of bits) worst = Math.max(worst, Math.abs(logitOfBits(h | 0) - exactLogitOfBits(h)));
    expect(worst).toBeLessThan(2e-7);
  });

  it('draws element k from hash(seed + k), to float32 rounding, masked or not', () => {
    const seed = 12345;
    const base = Math.imul(seed, 0x9e3779b9) >>> 0;
    const values = logisticNoiseValues({ rows: 300, width: 100, stride: 100 }, seed, 1, 1.25);
    // Off by at most float32's rounding of the value (2⁻²³ relative) plus the table's 2e-7.
    const misses = Array.from(values).filter((v, k) => {
      const want = 1.25 * exactLogitOfBits(lowbias32((base + k) | 0));
      return !(Math.abs(v - want) <= 2 ** -23 * Math.abs(want) + 1.25 * 2e-7);
    });
    expect(misses).toEqual([]);
    // The mask draws from its own stream and only zeroes: the kept elements are the same values.
    const masked = logisticNoiseValues({ rows: 300, width: 100, stride: 100 }, seed, 0.5, 1.25);
    expect(Array.from(masked).filter((v, k) => v !== 0 && v !== values[k])).toEqual([]);
  });

  it('gives GPU programs the dropout test in integers: h < threshold exactly where the draw keeps h', () => {
    const keptByDraw = (h: number, keepP: number) => !((h + 0.5) * 2 ** -32 >= keepP);
    const keptByThreshold = (h: number, keepP: number) => {
      const { masked, threshold } = maskThreshold(keepP);
      return !masked || h < threshold;
    };
    const cases = [0, 2 ** -33, 2 ** -32, 1e-9, 0.1, 0.3, 0.5, 0.8, 0.9, 1 - 2 ** -32, 1 - 2 ** -33, 1 - 1e-12, 1, 1.5, -0.2];
    for (const keepP of cases) {
      // A uint32 must hold the threshold.
      const { masked, threshold } = maskThreshold(keepP);
      if (masked) expect(threshold, `keepP ${keepP}`).toBeLessThan(2 ** 32);
      // The draws on both sides of where the test turns, and the ends of the range.
      const turn = Math.floor(keepP * 2 ** 32);
      const hs = [0, 1, 2 ** 31, 2 ** 32 - 2, 2 ** 32 - 1, ...[-2, -1, 0, 1, 2].map((d) => turn + d)].filter((h) => h >= 0 && h < 2 ** 32);
      for (const h of hs) expect(keptByThreshold(h, keepP), `keepP ${keepP}, h ${h}`).toBe(keptByDraw(h, keepP));
    }
    // Draws from the mask stream at p = 0.5: the same decisions as the draw's zeros.
    const { maskBase } = noiseStreams(77);
    const kept = logisticNoiseValues({ rows: 50, width: 40, stride: 40 }, 77, 0.5).map((v) => (v !== 0 ? 1 : 0));
    expect(Array.from(kept, (_, k) => (keptByThreshold(lowbias32((maskBase + k) | 0), 0.5) ? 1 : 0))).toEqual(Array.from(kept));
  });

  it('has mean 0 and variance π²/3', () => {
    const values = logisticNoise([200_000], 7).dataSync();
    let mean = 0;
    for (const v of values) mean += v;
    mean /= values.length;
    let variance = 0;
    for (const v of values) variance += (v - mean) ** 2;
    variance /= values.length;
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(variance).toBeGreaterThan((Math.PI ** 2 / 3) * 0.97);
    expect(variance).toBeLessThan((Math.PI ** 2 / 3) * 1.03);
  });

  it('is reproducible from its seed and differs across seeds', () => {
    const a = logisticNoise([100], 1).dataSync();
    const b = logisticNoise([100], 1).dataSync();
    const c = logisticNoise([100], 2).dataSync();
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  it('noise dropout keeps about a fraction p of the elements', () => {
    const values = logisticNoise([100_000], 3, 0.2).dataSync();
    const kept = values.filter((v) => v !== 0).length / values.length;
    expect(kept).toBeGreaterThan(0.19);
    expect(kept).toBeLessThan(0.21);
  });

  it('drives Gumbel-sigmoid gates to 0 or 1 as τ → 0', () => {
    const z = tf.randomNormal([50_000], 0, 1, 'float32', 5);
    const share = (tau: number) => {
      const noise = logisticNoise([50_000], 9);
      const gates = tf.sigmoid(tf.div(tf.add(z, noise), tau)).dataSync();
      return gates.filter((g) => g < 0.01 || g > 0.99).length / gates.length;
    };
    const warm = share(1);
    const cold = share(0.05);
    const frozen = share(0.001);
    expect(warm).toBeLessThan(0.2);
    expect(cold).toBeGreaterThan(0.75);
    expect(frozen).toBeGreaterThan(0.99);
  });

  it('maps cells and modes to the gate functions of docs/method.md §2', () => {
    expect(trainingGates('g2', 0.5)).toEqual({ scale: 2, noisy: true, hard: false });
    expect(trainingGates('sharpened', 0.2)).toEqual({ scale: 5, noisy: false, hard: false });
    expect(trainingGates('lstm', 0.2)).toEqual({ scale: 1, noisy: false, hard: false });
    expect(evaluationGates('g2', 'soft', 0.9)).toEqual({ scale: 1, noisy: false, hard: false });
    expect(evaluationGates('g2', 'binary', 0.9).hard).toBe(true);
    expect(evaluationGates('lstm', 'sharpened', 0.5).scale).toBe(2);
    expect(evaluationGates('g2', 'stochastic', 0.9).noisy).toBe(true);
  });
});
