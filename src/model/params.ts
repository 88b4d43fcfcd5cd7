import * as tf from '@tensorflow/tfjs';
import type { SeedStream } from './seeds';
import { type InitOptions, layerInputSize, type ModelConfig } from './types';

/**
 * One recurrent layer. Weights are stored the way tfjs multiplies (x · W), gate blocks in PyTorch's
 * order i, f, g, o along the last axis; checkpoint.ts transposes to PyTorch's [4H, in] on export.
 */
export interface LayerParams {
  /** [in, 4H] */
  wIh: tf.Variable;
  /** [H, 4H] */
  wHh: tf.Variable;
  /** [4H]: PyTorch's bias_ih + bias_hh. */
  bias: tf.Variable;
}

export interface LMParams {
  /** [V, E] */
  embedding: tf.Variable;
  layers: LayerParams[];
  /** [H, V] */
  decoderW: tf.Variable;
  /** [V] */
  decoderB: tf.Variable;
}

export const GATE_ORDER = ['i', 'f', 'g', 'o'] as const;
export type GateName = (typeof GATE_ORDER)[number];

/** Every parameter U(−1/√H, 1/√H), as in the official G2-LSTM code (unless `init` changes it). */
export function initParams(config: ModelConfig, seeds: SeedStream, init: InitOptions = {}): LMParams {
  const bound = init.bound ?? 1 / Math.sqrt(config.hidden);
  const uniform = (shape: number[]) => {
    // The variable holds its own reference to the data: the random tensor is ours to dispose.
    const values = tf.randomUniform(shape, -bound, bound, 'float32', seeds.nextSeed());
    const variable = tf.variable(values, true);
    values.dispose();
    return variable;
  };
  const { vocabSize: V, embedding: E, hidden: H } = config;
  const gateBias = () => {
    const bias = uniform([4 * H]);
    const { inputBias = 0, forgetBias = 0 } = init;
    if (inputBias === 0 && forgetBias === 0) return bias;
    const offsets = [inputBias, forgetBias, 0, 0].flatMap((b) => new Array<number>(H).fill(b));
    tf.tidy(() => bias.assign(tf.add(bias, tf.tensor1d(offsets))));
    return bias;
  };
  return {
    embedding: uniform([V, E]),
    layers: Array.from({ length: config.layers }, (_, l) => ({
      wIh: uniform([layerInputSize(config, l), 4 * H]),
      wHh: uniform([H, 4 * H]),
      bias: gateBias(),
    })),
    decoderW: uniform([H, V]),
    decoderB: uniform([V]),
  };
}

export function paramList(params: LMParams): tf.Variable[] {
  return [
    params.embedding,
    ...params.layers.flatMap((l) => [l.wIh, l.wHh, l.bias]),
    params.decoderW,
    params.decoderB,
  ];
}

export function disposeParams(params: LMParams): void {
  for (const v of paramList(params)) v.dispose();
}

/** Plain-array snapshot of the parameters, in paramList order. */
export async function readParams(params: LMParams): Promise<Float32Array[]> {
  return Promise.all(paramList(params).map(async (v) => (await v.data()) as Float32Array));
}

export function writeParams(params: LMParams, values: Float32Array[]): void {
  paramList(params).forEach((v, k) => {
    const data = values[k];
    if (!data || data.length !== v.size) throw new Error(`parameter ${k}: expected ${v.size} values`);
    tf.tidy(() => v.assign(tf.tensor(data, v.shape)));
  });
}
