import * as tf from '@tensorflow/tfjs';
import { Trainer } from '../../../src/model/trainer';
import type { ModelConfig, TrainConfig } from '../../../src/model/types';

/** The losses of a few steps of a small 2-layer G2-LSTM on fixed batches, on the current backend and kernels. */
export function g2Losses(steps: number): number[] {
  const model: ModelConfig = { cell: 'g2', vocabSize: 11, embedding: 6, hidden: 8, layers: 2, tau: 0.7, noiseP: 0.8 };
  const train: TrainConfig = { batch: 3, seqLen: 5, lr: 0.01, clipNorm: 5, hDetach: 0, seed: 4 };
  const trainer = new Trainer(model, train);
  const losses: number[] = [];
  for (let s = 0; s < steps; s++) {
    const ids = Int32Array.from({ length: 15 }, (_, k) => (k * 7 + s) % 11);
    const { loss, gradNorm } = trainer.step({ inputs: ids, targets: ids.map((v) => (v + 1) % 11), resetState: s === 0 });
    losses.push(loss.dataSync()[0] as number);
    tf.dispose([loss, gradNorm]);
  }
  trainer.dispose();
  return losses;
}
