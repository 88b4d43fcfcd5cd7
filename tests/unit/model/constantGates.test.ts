import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  constantGateReport,
  constantMask,
  frozenPerGate,
  gateSpreads,
  removableUnits,
} from '../../../src/model/constantGates';
import { evaluate, type LayerGateTrace } from '../../../src/model/evaluate';
import { initParams, type LMParams } from '../../../src/model/params';
import { recurrence, recurrenceTraced } from '../../../src/model/recurrence';
import { SeedStream } from '../../../src/model/seeds';
import { batchStream } from '../../../src/data/batches';
import { Trainer } from '../../../src/model/trainer';
import type { CellKind, ModelConfig } from '../../../src/model/types';

const H = 6;
const config = (cell: CellKind): ModelConfig => ({ cell, vocabSize: 7, embedding: 5, hidden: H, layers: 1, tau: 0.9, noiseP: 1 });
const tokens = Int32Array.from({ length: 161 }, (_, k) => (k * 5 + (k % 3)) % 7);
const options = { mode: 'soft' as const, streams: 4, seqLen: 16 };

/** Random weights, with (gate, unit) pairs in `forced` made constant by a huge bias and no weights. */
function model(cell: CellKind, forced: [gate: number, unit: number][] = []): LMParams {
  const params = initParams(config(cell), new SeedStream(3));
  // Larger weights than the init so that gates move visibly over the text.
  const layer = params.layers[0];
  if (!layer) throw new Error('no layer');
  tf.tidy(() => {
    layer.wIh.assign(tf.mul(layer.wIh, 6));
    layer.wHh.assign(tf.mul(layer.wHh, 3));
    const bias = layer.bias.arraySync() as number[];
    const colMask = Array.from({ length: 4 * H }, () => 1);
    for (const [gate, unit] of forced) {
      bias[gate * H + unit] = 40;
      colMask[gate * H + unit] = 0;
    }
    layer.bias.assign(tf.tensor1d(bias));
    layer.wIh.assign(tf.mul(layer.wIh, tf.tensor1d(colMask)));
    layer.wHh.assign(tf.mul(layer.wHh, tf.tensor1d(colMask)));
  });
  return params;
}

/** The model trained a little on the (periodic) tokens, so that its loss depends on its gates. */
function trained(cell: CellKind, params: LMParams): LMParams {
  const trainer = new Trainer(config(cell), { batch: 4, seqLen: 16, lr: 0.03, clipNorm: 5, hDetach: 0, seed: 1 }, params);
  const data = batchStream(tokens, 4, 16);
  for (let k = 0; k < 60; k++) tf.dispose(Object.values(trainer.step(data())));
  return trainer.params;
}

describe('constant gates', () => {
  it('spreads and means of a known trace, per gate and unit', () => {
    // 3 rows (steps × streams) of 2 units.
    const trace: LayerGateTrace = {
      input: Float32Array.from([0, 1, 0.5, 1, 1, 1]), // unit 0: 0, 0.5, 1; unit 1: 1, 1, 1
      forget: Float32Array.from([0.2, 0.4, 0.2, 0.4, 0.2, 0.4]),
      candidate: Float32Array.from([-1, 0, 1, 0, 0, 0]),
      output: Float32Array.from([0.3, 0.9, 0.3, 0.6, 0.3, 0.3]),
      steps: 3,
      streams: 1,
      hidden: 2,
    };
    const { spreads, means } = gateSpreads(trace);
    const expected = [Math.sqrt(1 / 6), 0, 0, 0, Math.sqrt(2 / 3), 0, 0, Math.sqrt(0.06)];
    expected.forEach((s, k) => expect(spreads[k]).toBeCloseTo(s, 6));
    expect(Array.from(means)).toEqual([0.5, 1, 0.2, 0.4, 0, 0, 0.3, 0.6].map(Math.fround));
    const mask = constantMask(spreads, 0.1);
    expect(Array.from(mask)).toEqual([0, 1, 1, 1, 0, 1, 1, 0]);
    expect(frozenPerGate(mask, 2)).toEqual([1, 2, 1, 1]);
    // Unit 1 has i, f, g constant but o varies; unit 0 has i varying.
    expect(removableUnits(mask, 2)).toBe(0);
    expect(removableUnits(constantMask(spreads, 0.5), 2)).toBe(1);
    expect(frozenPerGate(constantMask(spreads, 0), 2)).toEqual([0, 0, 0, 0]);
  });

  it('the four-gate trace equals the plain recurrence and rebuilds its states', () => {
    const [T, B] = [5, 3];
    const xs = tf.randomNormal([T, B, 4 * H], 0, 1, 'float32', 1);
    const wHh = tf.randomNormal([H, 4 * H], 0, 0.5, 'float32', 2);
    const h0 = tf.randomNormal([B, H], 0, 0.5, 'float32', 3);
    const c0 = tf.randomNormal([B, H], 0, 0.5, 'float32', 4);
    const fused = recurrence(xs, wHh, h0, c0, { hardGates: false });
    const trace = recurrenceTraced(xs, wHh, h0, c0, { hardGates: false });
    const diff = (a: tf.Tensor, b: tf.Tensor) => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] as number;
    expect(diff(tf.slice(fused, 0, T), trace.hs)).toBeLessThan(1e-6);
    expect(trace.candidate.shape).toEqual([T, B, H]);
    expect(trace.output.shape).toEqual([T, B, H]);
    // h_t = o ⊙ tanh(f ⊙ c_{t−1} + i ⊙ g) from the traced gates alone.
    const [i, f] = tf.split(trace.gatesIF, 2, 2) as [tf.Tensor, tf.Tensor];
    let c = c0;
    for (let t = 0; t < T; t++) {
      const at = (x: tf.Tensor) => tf.reshape(tf.slice(x, t, 1), [B, H]);
      c = tf.add(tf.mul(at(f), c), tf.mul(at(i), at(trace.candidate)));
      expect(diff(tf.mul(at(trace.output), tf.tanh(c)), at(trace.hs))).toBeLessThan(1e-5);
    }
    expect(diff(c, trace.cT)).toBeLessThan(1e-5);
  });

  it('evaluate traces all four gates, and the traced and fused losses agree', async () => {
    const params = model('lstm');
    const traced = await evaluate(params, config('lstm'), tokens, { ...options, traceGates: true });
    const fused = await evaluate(params, config('lstm'), tokens, options);
    expect(traced.loss).toBeCloseTo(fused.loss, 5);
    const layer = traced.gates[0];
    expect(layer?.candidate.length).toBe(40 * 4 * H);
    expect(layer?.output.length).toBe(40 * 4 * H);
    expect(Math.min(...(layer?.candidate ?? []))).toBeLessThan(0);
  });

  it('a gate forced constant by its bias is found; freezing spread-0 gates costs exactly 0, varying ones cost more', async () => {
    for (const [cell, mode] of [
      ['g2', 'soft'],
      ['sharpened', 'sharpened'],
      ['g2', 'binary'],
    ] as const) {
      // Unit 2 entirely constant; the forget gate of unit 4 constant.
      const forced: [number, number][] = [[0, 2], [1, 2], [2, 2], [3, 2], [1, 4]];
      const params = trained(cell, model(cell, forced));
      const report = await constantGateReport(params, config(cell), tokens, { ...options, mode }, 1e-9);
      for (const [gate, unit] of forced) {
        expect(report.spreads[gate * H + unit]).toBe(0);
        expect(report.means[gate * H + unit]).toBe(1);
      }
      if (mode === 'binary') {
        // Binarized i/f gates of other units may also sit at 0 or 1 on the whole slice.
        report.frozenPerGate.forEach((n, g) => expect(n).toBeGreaterThanOrEqual([1, 2, 1, 1][g] as number));
        expect(report.removableUnits).toBeGreaterThanOrEqual(1);
      } else {
        expect(report.frozenPerGate, mode).toEqual([1, 2, 1, 1]);
        expect(report.removableUnits).toBe(1);
      }
      expect(report.deltaBpc).toBe(0);
      expect(report.frozenLoss).toBe(report.loss);

      const loose = await constantGateReport(params, config(cell), tokens, { ...options, mode }, 10);
      expect(loose.frozenPerGate).toEqual([H, H, H, H]);
      expect(loose.removableUnits).toBe(H);
      expect(loose.deltaBpc).toBeGreaterThan(0.01);
      expect(loose.loss).toBe(report.loss);
    }
  });

  it('leaves no tensors behind', async () => {
    const params = model('lstm');
    await constantGateReport(params, config('lstm'), tokens, options, 0.5);
    const before = tf.memory().numTensors;
    await constantGateReport(params, config('lstm'), tokens, options, 0.5);
    expect(tf.memory().numTensors).toBe(before);
  });
});
