import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { crossEntropy, forward, inputByTable, zeroState } from '../../../src/model/charLM';
import { trainingGates } from '../../../src/model/gates';
import { logisticNoise, logisticNoiseValues } from '../../../src/model/noise';
import { initParams, type LMParams, paramList } from '../../../src/model/params';
import { recurrence } from '../../../src/model/recurrence';
import { SeedStream } from '../../../src/model/seeds';
import type { ModelConfig } from '../../../src/model/types';

/**
 * The Gumbel noise is drawn for a whole window and folded into the pre-activations with one add
 * (charLM.layerPreactivations): the same noise must give the same losses and gradients as the
 * formula it replaced, ((x·W_ih + b) + pad(noise)) ⊙ s with W_hh ⊙ s, written out here.
 */
const T = 6;
const B = 3;
const config: ModelConfig = { cell: 'g2', vocabSize: 9, embedding: 5, hidden: 4, layers: 2, tau: 0.7, noiseP: 0.6 };

function referenceLoss(params: LMParams, ids: tf.Tensor, targets: tf.Tensor, seed: number): tf.Scalar {
  const seeds = new SeedStream(seed);
  const H = config.hidden;
  const s = 1 / config.tau;
  const columnScale = tf.concat([tf.fill([2 * H], s), tf.ones([2 * H])]);
  let x: tf.Tensor = tf.matMul(tf.oneHot(ids, config.vocabSize), params.embedding);
  for (const layer of params.layers) {
    const xProj = tf.reshape(tf.add(tf.matMul(x, layer.wIh), layer.bias), [T, B, 4 * H]);
    const noise = logisticNoise([T, B, 2 * H], seeds.nextSeed(), config.noiseP);
    const padded = tf.pad(noise, [
      [0, 0],
      [0, 0],
      [0, 2 * H],
    ]);
    const xs = tf.mul(tf.add(xProj, padded), columnScale);
    const out = recurrence(xs, tf.mul(layer.wHh, columnScale), tf.zeros([B, H]), tf.zeros([B, H]), { hardGates: false });
    x = tf.reshape(tf.slice(out, 0, T), [T * B, H]);
  }
  return crossEntropy(tf.add(tf.matMul(x, params.decoderW), params.decoderB), targets) as tf.Scalar;
}

function foldedLoss(params: LMParams, ids: tf.Tensor, targets: tf.Tensor, seed: number, path: 'handwritten' | 'traced', inputTable = false): tf.Scalar {
  const state = zeroState(config, B);
  const out = forward(params, config, ids, T, state, { gates: trainingGates('g2', config.tau), seeds: new SeedStream(seed), path, inputTable });
  return crossEntropy(out.logits, targets) as tf.Scalar;
}

describe('Gumbel noise folded into the pre-activations', () => {
  it.each([
    ['handwritten', false],
    ['traced', false],
    // The first layer's input through the table Emb·W_ih (charLM.inputByTable): the same loss and gradients.
    ['handwritten', true],
    ['traced', true],
  ] as const)('gives the old formula’s loss and gradients for the same noise (%s path, input by table %s)', (path, inputTable) => {
    const params = initParams(config, new SeedStream(3));
    const ids = tf.tensor1d(Array.from({ length: T * B }, (_, k) => (k * 5 + 1) % config.vocabSize), 'int32');
    const targets = tf.tensor1d(Array.from({ length: T * B }, (_, k) => (k * 7 + 2) % config.vocabSize), 'int32');
    const vars = paramList(params);
    const ref = tf.variableGrads(() => referenceLoss(params, ids, targets, 11), vars);
    const folded = tf.variableGrads(() => foldedLoss(params, ids, targets, 11, path, inputTable), vars);
    const refLoss = ref.value.dataSync()[0] as number;
    expect(Math.abs((folded.value.dataSync()[0] as number) - refLoss)).toBeLessThan(1e-5 * Math.abs(refLoss));
    for (const v of vars) {
      const g = folded.grads[v.name] as tf.Tensor;
      const r = ref.grads[v.name] as tf.Tensor;
      const scale = Math.max(1e-3, tf.max(tf.abs(r)).dataSync()[0] as number);
      expect(tf.max(tf.abs(tf.sub(g, r))).dataSync()[0] as number, v.name).toBeLessThan(1e-4 * scale);
    }
    // Another seed, other noise: the comparison can tell.
    const other = foldedLoss(params, ids, targets, 12, path, inputTable).dataSync()[0] as number;
    expect(Math.abs(other - refLoss)).toBeGreaterThan(1e-4);
  });

  it('takes the input by table where that costs fewer multiply-adds', () => {
    // The bench's medium size with Moby-Dick's 84 symbols: 0.4 instead of 1.65 GFLOP a step.
    expect(inputByTable({ vocabSize: 84, embedding: 128, hidden: 256 }, 64 * 32)).toBe(true);
    // A byte vocabulary against a small embedding: the table would cost more.
    expect(inputByTable({ vocabSize: 256, embedding: 64, hidden: 256 }, 64 * 32)).toBe(false);
    expect(inputByTable(config, T * B)).toBe(false);
  });

  it('lays the noise out for one add: scaled i/f columns, zero g/o columns, the same draws at any stride', () => {
    const rows = 50;
    const width = 6;
    const plain = logisticNoiseValues({ rows, width, stride: width }, 21, 0.5);
    const laid = logisticNoiseValues({ rows, width, stride: 2 * width }, 21, 0.5, 1.5);
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < width; j++) expect(laid[r * 2 * width + j]).toBeCloseTo(1.5 * (plain[r * width + j] as number), 5);
      for (let j = width; j < 2 * width; j++) expect(laid[r * 2 * width + j]).toBe(0);
    }
    expect(() => logisticNoiseValues({ rows: 1, width: 5, stride: 4 }, 1)).toThrow(/exceeds/);
  });

  it('draws Logistic(0, 1) values: its CDF is σ(x), masked or not', () => {
    const n = 200_000;
    for (const keepP of [1, 0.3]) {
      const values = logisticNoise([n], 5, keepP).dataSync();
      const kept = Array.from(values).filter((v) => v !== 0);
      expect(kept.length / n).toBeGreaterThan(keepP - 0.01);
      expect(kept.length / n).toBeLessThanOrEqual(Math.min(1, keepP + 0.01));
      for (const x of [-3, -1, -0.2, 0.5, 2]) {
        const cdf = kept.filter((v) => v <= x).length / kept.length;
        expect(Math.abs(cdf - 1 / (1 + Math.exp(-x))), `CDF at ${x}, keep ${keepP}`).toBeLessThan(0.006);
      }
    }
  });
});
