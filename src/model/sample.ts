import * as tf from '@tensorflow/tfjs';
import { disposeState, forward, type LMState, zeroState } from './charLM';
import { evaluationGates } from './gates';
import type { LMParams } from './params';
import { SeedStream } from './seeds';
import type { GateMode, ModelConfig } from './types';

export interface SampleOptions {
  /** Token ids the model reads before it writes (at least one). */
  prime: Int32Array;
  length: number;
  /** Softmax temperature: below 1 sharper, above 1 more random. */
  temperature: number;
  seed: number;
  mode: GateMode;
}

/** Generates `length` token ids, one stream, each drawn from the model's softmax at a temperature. */
export async function sampleText(
  params: LMParams,
  config: ModelConfig,
  options: SampleOptions,
): Promise<Int32Array> {
  if (options.prime.length === 0) throw new Error('sampling needs at least one character to start from');
  const temperature = Math.max(0.05, options.temperature);
  const seeds = new SeedStream(options.seed);
  const gates = evaluationGates(config.cell, options.mode, config.tau);
  let state: LMState = zeroState(config, 1);
  let input = options.prime;
  const out = new Int32Array(options.length);
  for (let k = 0; k < options.length; k++) {
    const steps = input.length;
    const result = tf.tidy(() => {
      const { logits, state: next } = forward(params, config, tf.tensor1d(input, 'int32'), steps, state, {
        gates,
        seeds,
        path: 'handwritten',
      });
      const last = tf.slice(logits, [steps - 1, 0], [1, config.vocabSize]);
      return { probs: tf.softmax(tf.div(last, temperature)), next };
    });
    disposeState(state);
    state = result.next;
    const probs = (await result.probs.data()) as Float32Array;
    result.probs.dispose();
    out[k] = drawIndex(probs, seeds.nextFloat());
    input = out.subarray(k, k + 1);
  }
  disposeState(state);
  return out;
}

function drawIndex(probs: Float32Array, u: number): number {
  let acc = 0;
  for (let k = 0; k < probs.length; k++) {
    acc += probs[k] as number;
    if (u < acc) return k;
  }
  return probs.length - 1;
}
