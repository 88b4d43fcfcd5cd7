import * as tf from '@tensorflow/tfjs';
import { lowRank, type Matrix, mapGateBlocks, roundAndClip, roundTo } from './compressionMath';
import { type EvalOptions, evaluate } from './evaluate';
import { type LMParams, paramList } from './params';
import type { ModelConfig } from './types';

/** Post-hoc compression of the input- and forget-gate blocks (docs/method.md §3, the paper's Tables 3–5). */
export type CompressionSpec =
  | { kind: 'none' }
  | { kind: 'round'; step: number }
  | { kind: 'roundClip'; step: number; clip: number }
  | { kind: 'lowRank'; rank: number };

export function describeCompression(spec: CompressionSpec): string {
  switch (spec.kind) {
    case 'none':
      return 'none';
    case 'round':
      return `round r=${spec.step}`;
    case 'roundClip':
      return `round r=${spec.step} clip c=${spec.clip}`;
    case 'lowRank':
      return `low rank k=${spec.rank}`;
  }
}

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

export interface CompressionRow {
  spec: CompressionSpec;
  label: string;
  loss: number;
  /** loss − uncompressed loss, nats per character. */
  delta: number;
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

/** The settings of the paper's language-model table (r = 0.2, c = 0.4) and ranks scaled to H. */
export function paperCompressionSpecs(hidden: number): CompressionSpec[] {
  return [
    { kind: 'round', step: 0.2 },
    { kind: 'roundClip', step: 0.2, clip: 0.4 },
    { kind: 'lowRank', rank: Math.max(1, Math.round(hidden * (128 / 1150))) },
    { kind: 'lowRank', rank: Math.max(1, Math.round(hidden * (64 / 1150))) },
  ];
}

export interface CompressionChoice {
  /** Rounding step r. */
  step: number;
  /** Clipping bound c. */
  clip: number;
  /** Rank k of the low-rank approximation. */
  rank: number;
}

/**
 * The choice a list of specs from `compressionSweep` was made from (its first three), as the worker holds it;
 * null for a list of another shape.
 */
export function chosenCompression(specs: readonly CompressionSpec[]): CompressionChoice | null {
  const [round, roundClip, rank] = specs;
  if (round?.kind !== 'round' || roundClip?.kind !== 'roundClip' || rank?.kind !== 'lowRank') return null;
  return { step: round.step, clip: roundClip.clip, rank: rank.rank };
}

/**
 * The chosen settings (round, round & clip, low rank) followed by sweeps for curves: every rank from H
 * down by halves to 1, and rounding steps from 0.05 to 0.8.
 */
export function compressionSweep(hidden: number, choice: CompressionChoice): CompressionSpec[] {
  const specs: CompressionSpec[] = [
    { kind: 'round', step: choice.step },
    { kind: 'roundClip', step: choice.step, clip: choice.clip },
    { kind: 'lowRank', rank: Math.max(1, Math.min(hidden, Math.round(choice.rank))) },
  ];
  for (let rank = hidden; rank >= 1; rank = Math.floor(rank / 2)) specs.push({ kind: 'lowRank', rank });
  for (const step of [0.05, 0.1, 0.2, 0.4, 0.8]) specs.push({ kind: 'round', step });
  return specs;
}
