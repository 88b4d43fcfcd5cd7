import * as tf from '@tensorflow/tfjs';
import { disposeState, forward, zeroState } from './charLM';
import type { Vocabulary } from './checkpoint';
import { defaultEvaluationMode, evaluationGates } from './gates';
import type { LMParams } from './params';
import { SeedStream } from './seeds';
import type { GateMode, ModelConfig } from './types';

/** Symbols recalled per example (the copying task of data/synthetic.ts). */
export const RECALLED = 10;

/** One example of the copying task: its whole line, and where in it the recalled symbols start. */
export interface RecallExample {
  line: string;
  recallStart: number;
}

export interface RecallScore {
  /** Share of the recalled symbols predicted right (chance 1/8). */
  symbolAccuracy: number;
  /** Share of examples whose ten symbols are all right. */
  sequenceAccuracy: number;
}

/** Logits [T·B, V] for time-major ids [T·B], every stream from a zero state. */
export type LogitsFn = (ids: tf.Tensor, steps: number, batch: number) => tf.Tensor;

/** A model's logits with its gates in `mode` (by default the way the cell is used after training). */
export function modelLogits(params: LMParams, config: ModelConfig, mode: GateMode = defaultEvaluationMode(config.cell)): LogitsFn {
  const gates = evaluationGates(config.cell, mode, config.tau);
  return (ids, steps, batch) => {
    const state = zeroState(config, batch);
    const out = forward(params, config, ids, steps, state, { gates, seeds: new SeedStream(0), path: 'handwritten' });
    disposeState(state);
    disposeState(out.state);
    return out.logits;
  };
}

/**
 * Scores argmax predictions against the recalled symbols; both [examples, 10] row-major. Pure, so the
 * fractions can be checked without a model.
 */
export function scoreRecall(predicted: ArrayLike<number>, expected: ArrayLike<number>): RecallScore {
  if (predicted.length !== expected.length) throw new Error(`${predicted.length} predictions for ${expected.length} recalled symbols`);
  const examples = expected.length / RECALLED;
  if (examples < 1 || !Number.isInteger(examples)) throw new Error(`recall needs whole examples of ${RECALLED} symbols, got ${expected.length}`);
  let right = 0;
  let whole = 0;
  for (let e = 0; e < examples; e++) {
    let rightHere = 0;
    for (let k = e * RECALLED; k < (e + 1) * RECALLED; k++) if (predicted[k] === expected[k]) rightHere++;
    right += rightHere;
    if (rightHere === RECALLED) whole++;
  }
  return { symbolAccuracy: right / expected.length, sequenceAccuracy: whole / examples };
}

/** The examples' lines as time-major ids [T·B] and their recalled symbols [B, 10]; all must have delay T. */
export function encodeExamples(examples: readonly RecallExample[], vocab: Vocabulary, delay: number) {
  if (examples.length === 0) throw new Error('recall needs at least one copying example');
  const ids = new Map(vocab.symbols.map((s, k) => [s, k]));
  const recallStart = RECALLED + delay;
  const steps = recallStart + RECALLED + 1;
  const batch = examples.length;
  const inputs = new Int32Array(steps * batch);
  const expected = new Int32Array(batch * RECALLED);
  examples.forEach((example, b) => {
    const chars = Array.from(example.line);
    if (example.recallStart !== recallStart || chars.length !== steps) {
      throw new Error(
        `a copying example of delay ${delay} has ${steps} characters and recalls from ${recallStart}; example ${b} has ${chars.length} and recalls from ${example.recallStart}`,
      );
    }
    chars.forEach((c, t) => {
      const id = ids.get(c);
      if (id === undefined) throw new Error(`the vocabulary has no ${JSON.stringify(c)}: the model was not trained on the copying task`);
      inputs[t * batch + b] = id;
      if (t >= recallStart && t < recallStart + RECALLED) expected[b * RECALLED + t - recallStart] = id;
    });
  });
  return { inputs, expected, steps, batch, recallStart };
}

/**
 * How well a model recalls the copying task's symbols: each whole line is read from a zero state (teacher
 * forcing), all lines in one batch, and the argmax of the output at k − 1 is the prediction of character k.
 */
export async function copyRecall(logits: LogitsFn, vocab: Vocabulary, examples: readonly RecallExample[], delay: number): Promise<RecallScore> {
  const { inputs, expected, steps, batch, recallStart } = encodeExamples(examples, vocab, delay);
  const predicted = tf.tidy(() => {
    const all = logits(tf.tensor1d(inputs, 'int32'), steps, batch);
    // Rows (recallStart − 1 + j)·B + b predict symbol j of example b: [10, B] → [B, 10].
    const rows = tf.slice(all, [(recallStart - 1) * batch, 0], [RECALLED * batch, all.shape[1] ?? vocab.symbols.length]);
    return tf.transpose(tf.reshape(tf.argMax(rows, 1), [RECALLED, batch]));
  });
  const values = await predicted.data();
  predicted.dispose();
  return scoreRecall(values, expected);
}
