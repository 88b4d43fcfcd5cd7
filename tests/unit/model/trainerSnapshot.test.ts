import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { batchStream } from '../../../src/data/batches';
import { Trainer } from '../../../src/model/trainer';
import type { ModelConfig, TrainConfig } from '../../../src/model/types';

const text = 'the whale, the sea, the ship; call me ishmael. '.repeat(40);
const symbols = [...new Set(text)].sort();
const tokens = Int32Array.from(text, (ch) => symbols.indexOf(ch));
const model: ModelConfig = { cell: 'g2', vocabSize: symbols.length, embedding: 8, hidden: 12, layers: 2, tau: 0.9, noiseP: 1 };
const train: TrainConfig = { batch: 4, seqLen: 8, lr: 0.01, clipNorm: 1, hDetach: 0.3, seed: 3 };

function losses(trainer: Trainer, next: () => ReturnType<ReturnType<typeof batchStream>>, steps: number): number[] {
  return Array.from({ length: steps }, () => {
    const { loss, gradNorm } = trainer.step(next());
    const value = loss.dataSync()[0] as number;
    tf.dispose([loss, gradNorm]);
    return value;
  });
}

describe('trainer snapshots', () => {
  it('a trainer restored from a snapshot goes on exactly as the original (Adam moments, carried state, noise seeds)', async () => {
    const original = new Trainer({ ...model }, train);
    const stream = batchStream(tokens, train.batch, train.seqLen);
    losses(original, stream, 5);
    const snapshot = await original.snapshot();
    expect(snapshot.optimizer.iterations).toBe(5);
    expect(snapshot.optimizer.moments).toHaveLength(2 * 1 + 2 * 3 * 2 + 2 * 2); // embedding, 2 layers × 3, decoder W and b; m and v
    expect(snapshot.state?.h).toHaveLength(2);
    const expected = losses(original, stream, 4);

    const resumed = new Trainer({ ...model }, { ...train, seed: 99 });
    const before = tf.memory().numTensors;
    await resumed.restore(snapshot);
    const got = losses(resumed, batchStream(tokens, train.batch, train.seqLen, 5), 4);
    // Adam's setWeights recomputes β^t with pow where training multiplied it step by step: float32 rounding.
    got.forEach((loss, k) => expect(loss).toBeCloseTo(expected[k] as number, 5));
    expect(got[0]).toBe(expected[0]);
    expect(resumed.stepCount).toBe(9);
    // setWeights' inputs are disposed: the restore leaves only the optimizer's variables and the state behind.
    expect(tf.memory().numTensors - before).toBeLessThanOrEqual(snapshot.optimizer.moments.length + 2 * 2 + 2);
    original.dispose();
    resumed.dispose();
  });

  it('without the optimizer state the continuation differs, so the test above can fail', async () => {
    const original = new Trainer({ ...model }, train);
    const stream = batchStream(tokens, train.batch, train.seqLen);
    losses(original, stream, 5);
    const snapshot = await original.snapshot();
    const expected = losses(original, stream, 4);
    const resumed = new Trainer({ ...model }, train);
    await resumed.restore({ ...snapshot, optimizer: { iterations: 0, moments: [] } });
    const got = losses(resumed, batchStream(tokens, train.batch, train.seqLen, 5), 4);
    expect(Math.abs((got[3] as number) - (expected[3] as number))).toBeGreaterThan(1e-4);
    original.dispose();
    resumed.dispose();
  });

  it('refuses optimizer state of another shape', async () => {
    const original = new Trainer({ ...model }, train);
    losses(original, batchStream(tokens, train.batch, train.seqLen), 1);
    const snapshot = await original.snapshot();
    const other = new Trainer({ ...model, hidden: 16 }, train);
    await expect(other.restore({ ...snapshot, params: (await other.snapshot()).params })).rejects.toThrow(/shape/);
    original.dispose();
    other.dispose();
  });
});
