import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { batchStream } from '../../../src/data/batches';
import { constantGateReport } from '../../../src/model/constantGates';
import { groupNorms, groupSparsityPenalty } from '../../../src/model/groupSparsity';
import { initParams } from '../../../src/model/params';
import { SeedStream } from '../../../src/model/seeds';
import { Trainer } from '../../../src/model/trainer';
import type { ModelConfig, TrainConfig } from '../../../src/model/types';

const config: ModelConfig = { cell: 'lstm', vocabSize: 7, embedding: 5, hidden: 8, layers: 1, tau: 0.9, noiseP: 1 };
const train: TrainConfig = { batch: 4, seqLen: 16, lr: 0.03, clipNorm: 5, hDetach: 0, seed: 1 };
const tokens = Int32Array.from({ length: 321 }, (_, k) => (k * 5 + (k % 3)) % 7);

function trainFor(steps: number, groupSparsity: number): Trainer {
  const trainer = new Trainer({ ...config }, { ...train, groupSparsity });
  const data = batchStream(tokens, train.batch, train.seqLen);
  for (let k = 0; k < steps; k++) tf.dispose(Object.values(trainer.step(data())));
  return trainer;
}

describe('group-sparsity penalty', () => {
  it('is the sum over (gate, unit) of the norm of the column of W_ih stacked on W_hh', async () => {
    const params = initParams({ ...config, layers: 2 }, new SeedStream(4));
    let expected = 0;
    for (const layer of params.layers) {
      const [wIh, wHh] = [(await layer.wIh.array()) as number[][], (await layer.wHh.array()) as number[][]];
      for (let k = 0; k < 4 * config.hidden; k++) {
        const squares = [...wIh, ...wHh].reduce((sum, row) => sum + (row[k] as number) ** 2, 0);
        expected += Math.sqrt(squares);
      }
    }
    const penalty = groupSparsityPenalty(params);
    expect(await penalty.data()).toHaveLength(1);
    expect((await penalty.data())[0]).toBeCloseTo(expected, 3);
    const norms = groupNorms(params);
    expect(norms.map((n) => n.shape)).toEqual([[32], [32]]);
    tf.dispose([penalty, ...norms]);
  });

  it('has the gradient W / ‖group‖, and stays finite at a zero group', async () => {
    const params = initParams(config, new SeedStream(5));
    const layer = params.layers[0];
    if (!layer) throw new Error('no layer');
    const column = 3;
    tf.tidy(() => {
      const mask = tf.oneHot(column, 4 * config.hidden).mul(-1).add(1);
      layer.wIh.assign(tf.mul(layer.wIh, mask));
      layer.wHh.assign(tf.mul(layer.wHh, mask));
    });
    const { grads } = tf.variableGrads(() => groupSparsityPenalty(params), [layer.wIh, layer.wHh]);
    const gIh = (await (grads[layer.wIh.name] as tf.Tensor).array()) as number[][];
    const wIh = (await layer.wIh.array()) as number[][];
    const wHh = (await layer.wHh.array()) as number[][];
    const norm1 = Math.sqrt([...wIh, ...wHh].reduce((sum, row) => sum + (row[1] as number) ** 2, 0));
    expect(gIh[2]?.[1]).toBeCloseTo((wIh[2]?.[1] as number) / norm1, 5);
    for (const row of gIh) expect(Math.abs(row[column] as number)).toBe(0);
    expect(gIh.flat().every(Number.isFinite)).toBe(true);
    tf.dispose(Object.values(grads));
  });

  it('leaves the reported loss the cross-entropy alone', async () => {
    const [plain, penalized] = [new Trainer({ ...config }, train), new Trainer({ ...config }, { ...train, groupSparsity: 1 })];
    const data = batchStream(tokens, train.batch, train.seqLen)();
    const [a, b] = [plain.step(data), penalized.step(data)];
    expect((await b.loss.data())[0]).toBeCloseTo((await a.loss.data())[0] as number, 6);
    // …while the gradient, penalty included, is not the same.
    expect((await b.gradNorm.data())[0]).not.toBeCloseTo((await a.gradNorm.data())[0] as number, 2);
    tf.dispose([a, b].flatMap((r) => Object.values(r)));
    plain.dispose();
    penalized.dispose();
  });

  it('drives groups toward zero in training, so more gates are constant', async () => {
    const steps = 150;
    const free = trainFor(steps, 0);
    const sparse = trainFor(steps, 0.03);
    const small = async (trainer: Trainer) => {
      const [norms] = groupNorms(trainer.params);
      const values = await (norms as tf.Tensor).data();
      (norms as tf.Tensor).dispose();
      return values.filter((v) => v < 0.05).length;
    };
    const evalOptions = { mode: 'soft' as const, streams: 4, seqLen: 16 };
    const constants = async (trainer: Trainer) => {
      const report = await constantGateReport(trainer.params, config, tokens, evalOptions, 0.01);
      return report.frozenPerGate.reduce((a, b) => a + b, 0);
    };
    const [smallFree, smallSparse] = [await small(free), await small(sparse)];
    const [constFree, constSparse] = [await constants(free), await constants(sparse)];
    expect(smallSparse).toBeGreaterThan(smallFree + 4);
    expect(constSparse).toBeGreaterThan(constFree);
    free.dispose();
    sparse.dispose();
  });
});
