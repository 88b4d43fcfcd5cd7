import * as tf from '@tensorflow/tfjs';
import { crossEntropy, disposeState, forward, type LMState, zeroState } from './charLM';
import { evaluationGates } from './gates';
import type { LMParams } from './params';
import { SeedStream } from './seeds';
import type { GateMode, ModelConfig } from './types';
import { timeMajorWindow } from './windows';

export interface EvalOptions {
  mode: GateMode;
  /** Parallel streams the tokens are cut into (1: one stream through the whole text). */
  streams: number;
  /** Window length; the state is carried from window to window. */
  seqLen: number;
  /** Temperature for the `stochastic` and `sharpened` modes; the model's own τ when absent. */
  tau?: number;
  /** Seed of the noise in `stochastic` mode, so repeated evaluations agree. */
  seed?: number;
}

/** Gate values of one layer, [steps, streams, H] row-major. */
export interface LayerGateTrace {
  input: Float32Array;
  forget: Float32Array;
  steps: number;
  streams: number;
  hidden: number;
}

export interface EvalResult {
  /** Mean cross-entropy, nats per predicted character. */
  loss: number;
  /** Characters predicted. */
  chars: number;
  /** Per layer, when asked for with `traceGates`. */
  gates: LayerGateTrace[];
}

/** Cuts tokens into `streams` contiguous streams, time-major windows of at most `seqLen` predictions. */
function* windows(tokens: Int32Array, streams: number, seqLen: number) {
  const perStream = Math.floor((tokens.length - 1) / streams);
  for (let start = 0; start < perStream; start += seqLen) {
    const steps = Math.min(seqLen, perStream - start);
    const { inputs, targets } = timeMajorWindow(tokens, streams, perStream, start, steps);
    yield { inputs, targets, steps };
  }
}

/**
 * The loss of a model on a token sequence, each stream starting from a zero state; with `traceGates`,
 * also every input and forget gate value on the way.
 */
export async function evaluate(
  params: LMParams,
  config: ModelConfig,
  tokens: Int32Array,
  options: EvalOptions & { traceGates?: boolean },
): Promise<EvalResult> {
  const { streams, seqLen } = options;
  if (tokens.length < streams + 1) {
    throw new Error(`${tokens.length} characters are too few to evaluate ${streams} streams`);
  }
  const gates = evaluationGates(config.cell, options.mode, options.tau ?? config.tau);
  const seeds = new SeedStream(options.seed ?? 0);
  const traced = options.traceGates === true;
  const gateChunks: tf.Tensor[][] = params.layers.map(() => []);
  let state: LMState = zeroState(config, streams);
  let total: tf.Tensor = tf.scalar(0);
  let chars = 0;
  for (const w of windows(tokens, streams, seqLen)) {
    const out = tf.tidy(() => {
      const result = forward(params, config, tf.tensor1d(w.inputs, 'int32'), w.steps, state, {
        gates,
        seeds,
        path: traced ? 'traced' : 'fused',
      });
      const loss = crossEntropy(result.logits, tf.tensor1d(w.targets, 'int32'));
      return {
        sum: tf.add(total, tf.mul(loss, w.steps * streams)),
        state: result.state,
        gatesIF: result.gatesIF,
      };
    });
    total.dispose();
    disposeState(state);
    total = out.sum;
    state = out.state;
    out.gatesIF.forEach((g, l) => {
      gateChunks[l]?.push(g);
    });
    chars += w.steps * streams;
  }
  disposeState(state);
  const loss = ((await total.data())[0] as number) / chars;
  total.dispose();
  const traces = await Promise.all(gateChunks.map((chunks) => readGates(chunks, config.hidden, streams)));
  return { loss, chars, gates: traced ? traces : [] };
}

async function readGates(chunks: tf.Tensor[], hidden: number, streams: number): Promise<LayerGateTrace> {
  const [input, forget] = tf.tidy(() => {
    const all = chunks.length ? tf.concat(chunks, 0) : tf.zeros([0, streams, 2 * hidden]);
    return tf.split(all, 2, 2);
  }) as [tf.Tensor, tf.Tensor];
  tf.dispose(chunks);
  const steps = input.shape[0] ?? 0;
  const result = {
    input: (await input.data()) as Float32Array,
    forget: (await forget.data()) as Float32Array,
    steps,
    streams,
    hidden,
  };
  tf.dispose([input, forget]);
  return result;
}
