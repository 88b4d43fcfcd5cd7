/**
 * Post-hoc compression of the input- and forget-gate blocks (docs/method.md §3), computed with tfjs; the specs
 * and choices, plain data, are src/contract/compression.ts.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { lowRank, type Matrix, mapGateBlocks, roundAndClip, roundTo } from './compressionMath';
import { type EvalOptions, evaluate } from './evaluate';
import { type LMParams, paramList } from './params';
import type { ModelConfig } from './types';
import { type CompressionRow, type CompressionSpec, describeCompression } from '../contract/compression';

function compressBlock(spec: CompressionSpec): (block: Matrix) => Matrix {
  switch (spec.kind) {
    case 'none':
      return (block) => block;
    case 'round':
      return (block) => roundTo(block, spec.step);
    case 'roundClip':
      return (block) => roundAndClip(block, spec.step, spec.clip);
    case 'lowRank':
      return (block) => lowRank(block, spec.rank);
  }
}

async function compressMatrix(
  weights: tf.Tensor,
  hidden: number,
  spec: CompressionSpec,
): Promise<tf.Variable> {
  const [rows, cols] = weights.shape as [number, number];
  const matrix: Matrix = { rows, cols, data: (await weights.data()) as Float32Array };
  const compressed = mapGateBlocks(matrix, hidden, ['i', 'f'], compressBlock(spec));
  return tf.tidy(() => tf.variable(tf.tensor2d(compressed.data, [rows, cols]), false));
}

/**
 * A compressed copy of the parameters: W_ih and W_hh of every layer have their i and f gate blocks
 * compressed, each block separately; biases, embedding, decoder and the g/o blocks are shared untouched.
 * Dispose it with `disposeCompressed`.
 */
export async function compressParams(
  params: LMParams,
  config: ModelConfig,
  spec: CompressionSpec,
): Promise<LMParams> {
  const layers = await Promise.all(
    params.layers.map(async (layer) => ({
      wIh: await compressMatrix(layer.wIh, config.hidden, spec),
      wHh: await compressMatrix(layer.wHh, config.hidden, spec),
      bias: layer.bias,
    })),
  );
  return { ...params, layers };
}

/** Disposes what `compressParams` made and nothing it shares with the original. */
export function disposeCompressed(compressed: LMParams, original: LMParams): void {
  const shared = new Set(paramList(original));
  for (const v of paramList(compressed)) if (!shared.has(v)) v.dispose();
}

/**
 * The loss of the model under each compression, and its change from the uncompressed loss. `beforeEach`
 * is awaited before every compression: a caller that no longer wants the table throws from it.
 */
export async function compressionTable(
  params: LMParams,
  config: ModelConfig,
  tokens: Int32Array,
  specs: readonly CompressionSpec[],
  options: EvalOptions,
  beforeEach?: () => Promise<void>,
): Promise<CompressionRow[]> {
  const base = (await evaluate(params, config, tokens, options)).loss;
  const rows: CompressionRow[] = [];
  for (const spec of specs) {
    await beforeEach?.();
    const compressed = await compressParams(params, config, spec);
    try {
      const loss = (await evaluate(compressed, config, tokens, options)).loss;
      rows.push({ spec, label: describeCompression(spec), loss, delta: loss - base });
    } finally {
      disposeCompressed(compressed, params);
    }
  }
  return rows;
}
