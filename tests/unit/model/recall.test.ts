import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { copyExample, copyingTask, type CopyExample } from '../../../src/data/synthetic';
import { buildVocabulary, characters } from '../../../src/data/vocabulary';
import { initParams, disposeParams } from '../../../src/model/params';
import { copyRecall, type LogitsFn, modelLogits, RECALLED, scoreRecall } from '../../../src/model/recall';
import { SeedStream } from '../../../src/model/seeds';
import type { CellKind, ModelConfig } from '../../../src/model/types';

const DELAY = 5;
const vocab = buildVocabulary(characters(copyingTask(1, DELAY, 20)));
const examples = (n: number, delay = DELAY, seed = 11): CopyExample[] => {
  const seeds = new SeedStream(seed);
  return Array.from({ length: n }, () => copyExample(seeds, delay));
};

/**
 * A fake model whose argmax at row t·B + b is `pick(t, b, ids)` (ids read back [T][B]): teacher-forced
 * logits with all mass on that id.
 */
function fakeLogits(pick: (t: number, b: number, ids: number[][]) => number): LogitsFn {
  return (ids, steps, batch) => {
    const flat = Array.from(ids.dataSync());
    const byStep = Array.from({ length: steps }, (_, t) => flat.slice(t * batch, (t + 1) * batch));
    const picked = Array.from({ length: steps * batch }, (_, r) => pick(Math.floor(r / batch), r % batch, byStep));
    return tf.mul(tf.oneHot(tf.tensor1d(picked, 'int32'), vocab.symbols.length), 10);
  };
}

/** Predicts the next character of the line: a model that recalls perfectly. */
const oracle = fakeLogits((t, b, ids) => ids[t + 1]?.[b] ?? 0);

describe('copying recall', () => {
  it('a perfect next-character predictor recalls everything', async () => {
    expect(await copyRecall(oracle, vocab, examples(7), DELAY)).toEqual({ symbolAccuracy: 1, sequenceAccuracy: 1 });
  });

  it('the prediction of character k is read from the output at k − 1, not at k', async () => {
    // Echoing the input is right only where a symbol repeats its predecessor (and never on the first, after ':').
    const set = examples(9);
    const echo = fakeLogits((t, b, ids) => ids[t]?.[b] ?? 0);
    let repeats = 0;
    for (const e of set) for (let j = 1; j < RECALLED; j++) if (e.symbols[j] === e.symbols[j - 1]) repeats++;
    const score = await copyRecall(echo, vocab, set, DELAY);
    expect(score.symbolAccuracy).toBeCloseTo(repeats / (9 * RECALLED), 10);
    expect(score.sequenceAccuracy).toBe(0);
  });

  it('one wrong symbol in one example gives exact fractions', async () => {
    const set = examples(8);
    const wrongExample = 3;
    const wrongRow = set[wrongExample]!.recallStart - 1 + 4;
    const colon = vocab.symbols.indexOf(':');
    const almost = fakeLogits((t, b, ids) => (t === wrongRow && b === wrongExample ? colon : (ids[t + 1]?.[b] ?? 0)));
    expect(await copyRecall(almost, vocab, set, DELAY)).toEqual({ symbolAccuracy: 79 / 80, sequenceAccuracy: 7 / 8 });
  });

  it('scoring is pure arithmetic over [examples, 10] ids', () => {
    const expected = Array.from({ length: 30 }, (_, k) => 1 + (k % 8));
    const predicted = [...expected];
    predicted[0] = 0;
    predicted[1] = 0;
    predicted[25] = 0;
    expect(scoreRecall(predicted, expected)).toEqual({ symbolAccuracy: 27 / 30, sequenceAccuracy: 1 / 3 });
    expect(() => scoreRecall([1], [1, 2])).toThrow(/1 predictions for 2/);
    expect(() => scoreRecall([], [])).toThrow(/whole examples of 10/);
  });

  it.each<CellKind>(['g2', 'lstm'])('an untrained %s model scores about chance, consistently, and leaves no tensors', async (cell) => {
    const config: ModelConfig = { cell, vocabSize: vocab.symbols.length, embedding: 8, hidden: 16, layers: 1, tau: 0.9, noiseP: 1 };
    const params = initParams(config, new SeedStream(2));
    const before = tf.memory().numTensors;
    const score = await copyRecall(modelLogits(params, config), vocab, examples(64, DELAY, 99), DELAY);
    expect(tf.memory().numTensors).toBe(before);
    disposeParams(params);
    for (const v of [score.symbolAccuracy, score.sequenceAccuracy]) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
    expect(score.sequenceAccuracy).toBeLessThanOrEqual(score.symbolAccuracy);
    // Chance is 1/8 a symbol and 8^-10 a sequence; an untrained model's argmax barely depends on the first half.
    expect(score.symbolAccuracy).toBeLessThan(0.3);
    expect(score.sequenceAccuracy).toBe(0);
  });

  it('says clearly what is wrong with the examples', async () => {
    await expect(copyRecall(oracle, vocab, [], DELAY)).rejects.toThrow(/at least one copying example/);
    await expect(copyRecall(oracle, vocab, examples(2), DELAY + 1)).rejects.toThrow(/delay 6 has 27 characters and recalls from 16; example 0 has 26 and recalls from 15/);
    await expect(copyRecall(oracle, vocab, [...examples(2), ...examples(1, 9)], DELAY)).rejects.toThrow(/example 2 has 30/);
    const noColon = { symbols: vocab.symbols.filter((s) => s !== ':'), unk: -1 };
    await expect(copyRecall(oracle, noColon, examples(1), DELAY)).rejects.toThrow(/vocabulary has no ":"/);
  });
});
