import * as tf from '@tensorflow/tfjs';
import { crossEntropy, disposeState, forward, type LMState, zeroState } from './charLM';
import { evaluationGates } from './gates';
import type { LMParams } from './params';
import type { FrozenGates } from './plainCell';
import { recurrenceValuesFit } from './recurrenceValues';
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
  /** Per layer, gates held at constants (constantGates.ts); evaluates on the traced path. */
  constants?: readonly (GateConstants | null | undefined)[];
  /** Every window from a zero state, for a text of independent examples a window each; else the state runs on. */
  freshWindows?: boolean;
  /** Called after each window with the characters predicted so far (long texts show their progress). */
  onProgress?: (chars: number) => void;
}

/**
 * Gates of one layer held at constant values: `frozen[k]` (k = gate·H + unit, gates i, f, g, o) says
 * whether column k is replaced by `values[k]`. Both of length 4H.
 */
export interface GateConstants {
  frozen: ArrayLike<boolean | number>;
  values: ArrayLike<number>;
}

/** Gate values of one layer, [steps, streams, H] row-major. */
export interface LayerGateTrace {
  input: Float32Array;
  forget: Float32Array;
  /** The candidate g (tanh) and the output gate o. */
  candidate: Float32Array;
  output: Float32Array;
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
 * also every gate value (i, f, g, o) on the way; with `constants`, some gates held at constant values.
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
  const frozen = params.layers.map((_, l) => frozenTensors(options.constants?.[l], config.hidden));
  // No gradient is taken here: where tensors live in memory the recurrence runs as one loop (recurrenceValues.ts).
  const path = recurrenceValuesFit() ? 'values' : traced || frozen.some(Boolean) ? 'traced' : 'handwritten';
  const gateChunks: tf.Tensor[][] = params.layers.map(() => []);
  let state: LMState = zeroState(config, streams);
  let total: tf.Tensor = tf.scalar(0);
  let chars = 0;
  for (const w of windows(tokens, streams, seqLen)) {
    if (options.freshWindows && chars > 0) {
      disposeState(state);
      state = zeroState(config, streams);
    }
    const out = tf.tidy(() => {
      const result = forward(params, config, tf.tensor1d(w.inputs, 'int32'), w.steps, state, {
        gates,
        seeds,
        path,
        frozen,
      });
      const loss = crossEntropy(result.logits, tf.tensor1d(w.targets, 'int32'));
      return {
        sum: tf.add(total, tf.mul(loss, w.steps * streams)),
        state: result.state,
        gates: traced ? result.gates : [],
      };
    });
    total.dispose();
    disposeState(state);
    total = out.sum;
    state = out.state;
    out.gates.forEach((g, l) => {
      gateChunks[l]?.push(g);
    });
    chars += w.steps * streams;
    options.onProgress?.(chars);
  }
  disposeState(state);
  tf.dispose(frozen.flatMap((f) => (f ? [f.keep, f.values] : [])));
  const loss = ((await total.data())[0] as number) / chars;
  total.dispose();
  const traces = await Promise.all(gateChunks.map((chunks) => readGates(chunks, config.hidden, streams)));
  return { loss, chars, gates: traced ? traces : [] };
}

function frozenTensors(constants: GateConstants | null | undefined, hidden: number): FrozenGates | undefined {
  if (!constants) return undefined;
  const n = 4 * hidden;
  if (constants.frozen.length !== n || constants.values.length !== n) {
    throw new Error(`gate constants need ${n} values (4 gates × ${hidden} units)`);
  }
  const keep = new Float32Array(n);
  const values = new Float32Array(n);
  for (let k = 0; k < n; k++) {
    const isFrozen = Boolean(constants.frozen[k]);
    keep[k] = isFrozen ? 0 : 1;
    values[k] = isFrozen ? (constants.values[k] as number) : 0;
  }
  return { keep: tf.tensor1d(keep), values: tf.tensor1d(values) };
}

async function readGates(chunks: tf.Tensor[], hidden: number, streams: number): Promise<LayerGateTrace> {
  const parts = tf.tidy(() => {
    const all = chunks.length ? tf.concat(chunks, 0) : tf.zeros([0, streams, 4 * hidden]);
    return tf.split(all, 4, 2);
  }) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
  tf.dispose(chunks);
  const steps = parts[0].shape[0] ?? 0;
  const [input, forget, candidate, output] = (await Promise.all(parts.map((p) => p.data()))) as Float32Array[];
  tf.dispose(parts);
  return {
    input: input as Float32Array,
    forget: forget as Float32Array,
    candidate: candidate as Float32Array,
    output: output as Float32Array,
    steps,
    streams,
    hidden,
  };
}
