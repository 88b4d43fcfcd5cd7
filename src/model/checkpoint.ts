import { decodeSafetensors, encodeSafetensors, type NamedTensor } from './safetensors';
import { CELL_KINDS, type CellKind, layerInputSize, type ModelConfig } from './types';

/**
 * Weights as safetensors with torch.nn.LSTM's names and layouts (docs/method.md §5): `embedding.weight`
 * [V, E]; per layer `rnn.weight_ih_l{l}` [4H, in], `rnn.weight_hh_l{l}` [4H, H], `rnn.bias_ih_l{l}`,
 * `rnn.bias_hh_l{l}` [4H], gates in the order i, f, g, o; `decoder.weight` [V, H], `decoder.bias` [V].
 * Our models keep one bias per layer: it is written as bias_ih, with bias_hh zero, and their sum is read.
 */
export const CHECKPOINT_FORMAT = 'gatelab-safetensors/1';

export interface Vocabulary {
  /** Index = token id; each a single code point. */
  symbols: string[];
  /** Id of the unknown symbol, or −1. */
  unk: number;
}

/** Parameter values in the layout of `paramList` (tfjs layout, x · W). */
export type ParamValues = Float32Array[];

export interface Checkpoint {
  config: ModelConfig;
  vocab: Vocabulary;
  values: ParamValues;
}

export class CheckpointError extends Error {
  override name = 'CheckpointError';
}

function transpose(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c] as number;
  return out;
}

function expectedShapes(config: ModelConfig): [string, number[]][] {
  const { vocabSize: V, embedding: E, hidden: H } = config;
  const shapes: [string, number[]][] = [['embedding.weight', [V, E]]];
  for (let l = 0; l < config.layers; l++) {
    shapes.push(
      [`rnn.weight_ih_l${l}`, [4 * H, layerInputSize(config, l)]],
      [`rnn.weight_hh_l${l}`, [4 * H, H]],
      [`rnn.bias_ih_l${l}`, [4 * H]],
      [`rnn.bias_hh_l${l}`, [4 * H]],
    );
  }
  shapes.push(['decoder.weight', [V, H]], ['decoder.bias', [V]]);
  return shapes;
}

export function encodeCheckpoint({ config, vocab, values }: Checkpoint): Uint8Array {
  const { embedding: E, hidden: H, vocabSize: V } = config;
  const at = (k: number) => {
    const v = values[k];
    if (!v) throw new CheckpointError(`parameter ${k} is missing`);
    return v;
  };
  const tensors: Record<string, NamedTensor> = { 'embedding.weight': { shape: [V, E], data: at(0) } };
  for (let l = 0; l < config.layers; l++) {
    const input = layerInputSize(config, l);
    tensors[`rnn.weight_ih_l${l}`] = { shape: [4 * H, input], data: transpose(at(1 + 3 * l), input, 4 * H) };
    tensors[`rnn.weight_hh_l${l}`] = { shape: [4 * H, H], data: transpose(at(2 + 3 * l), H, 4 * H) };
    tensors[`rnn.bias_ih_l${l}`] = { shape: [4 * H], data: at(3 + 3 * l) };
    tensors[`rnn.bias_hh_l${l}`] = { shape: [4 * H], data: new Float32Array(4 * H) };
  }
  const last = 1 + 3 * config.layers;
  tensors['decoder.weight'] = { shape: [V, H], data: transpose(at(last), H, V) };
  tensors['decoder.bias'] = { shape: [V], data: at(last + 1) };
  return encodeSafetensors(tensors, {
    format: CHECKPOINT_FORMAT,
    cell: config.cell,
    tau: String(config.tau),
    noise_p: String(config.noiseP),
    hidden: String(H),
    layers: String(config.layers),
    embedding: String(E),
    vocab: JSON.stringify(vocab.symbols),
    unk: String(vocab.unk),
  });
}

function positiveInt(metadata: Record<string, string>, key: string, max: number, fromShapes?: number): number {
  const raw = metadata[key] ?? (fromShapes === undefined ? undefined : String(fromShapes));
  const n = Number(raw);
  if (raw === undefined) throw new CheckpointError(`the file's metadata has no "${key}"`);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new CheckpointError(`metadata "${key}" must be a whole number from 1 to ${max}, got "${raw}"`);
  }
  return n;
}

function countLayers(tensors: Map<string, unknown>): number | undefined {
  let layers = 0;
  while (tensors.has(`rnn.weight_hh_l${layers}`)) layers++;
  return layers || undefined;
}

function positiveNumber(metadata: Record<string, string>, key: string, fallback: number): number {
  const raw = metadata[key];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!(n > 0) || !Number.isFinite(n))
    throw new CheckpointError(`metadata "${key}" must be a positive number, got "${raw}"`);
  return n;
}

function readVocabulary(metadata: Record<string, string>, expectedSize: number): Vocabulary {
  let symbols: unknown;
  if (metadata.vocab === undefined) {
    throw new CheckpointError(
      'the file\'s metadata has no "vocab" (a JSON array of the characters in embedding row order), so its rows can\'t be matched to characters',
    );
  }
  try {
    symbols = JSON.parse(metadata.vocab ?? '');
  } catch {
    throw new CheckpointError('metadata "vocab" is not a JSON array of characters');
  }
  if (!Array.isArray(symbols) || !symbols.every((s) => typeof s === 'string' && Array.from(s).length === 1)) {
    throw new CheckpointError('metadata "vocab" must be a JSON array of single characters');
  }
  if (new Set(symbols).size !== symbols.length)
    throw new CheckpointError('metadata "vocab" repeats a character');
  if (symbols.length !== expectedSize) {
    throw new CheckpointError(
      `the vocabulary has ${symbols.length} characters but embedding.weight has ${expectedSize} rows`,
    );
  }
  const unk = Number(metadata.unk ?? '-1');
  if (!Number.isInteger(unk) || unk < -1 || unk >= symbols.length) {
    throw new CheckpointError(`metadata "unk" must be −1 or a vocabulary index, got "${metadata.unk}"`);
  }
  return { symbols: symbols as string[], unk };
}

export function decodeCheckpoint(bytes: Uint8Array | ArrayBuffer): Checkpoint {
  const { tensors, metadata } = decodeSafetensors(bytes);
  // A file from plain PyTorch may carry only the vocabulary: it is an nn.LSTM, its sizes are in its shapes.
  const cell = (metadata.cell ?? 'lstm') as CellKind;
  if (!CELL_KINDS.includes(cell)) {
    throw new CheckpointError(
      `metadata "cell" must be one of ${CELL_KINDS.join(', ')}, got "${metadata.cell}"`,
    );
  }
  const embeddingWeight = tensors.get('embedding.weight');
  if (embeddingWeight?.shape.length !== 2) {
    throw new CheckpointError('the file has no 2-D tensor "embedding.weight"');
  }
  const vocab = readVocabulary(metadata, embeddingWeight.shape[0] as number);
  const config: ModelConfig = {
    cell,
    vocabSize: vocab.symbols.length,
    embedding: positiveInt(metadata, 'embedding', 4096, embeddingWeight.shape[1]),
    hidden: positiveInt(metadata, 'hidden', 4096, tensors.get('rnn.weight_hh_l0')?.shape[1]),
    layers: positiveInt(metadata, 'layers', 8, countLayers(tensors)),
    tau: positiveNumber(metadata, 'tau', 0.9),
    noiseP: positiveNumber(metadata, 'noise_p', 1),
  };
  const found = new Map<string, Float32Array>();
  for (const [name, shape] of expectedShapes(config)) {
    const tensor = tensors.get(name);
    if (!tensor) throw new CheckpointError(`tensor "${name}" is missing`);
    if (tensor.shape.length !== shape.length || tensor.shape.some((d, k) => d !== shape[k])) {
      throw new CheckpointError(`tensor "${name}" has shape [${tensor.shape}], expected [${shape}]`);
    }
    const bad = tensor.data.reduce((n, x) => (Number.isFinite(x) ? n : n + 1), 0);
    if (bad) throw new CheckpointError(`tensor "${name}" holds ${bad} NaN or infinite value${bad > 1 ? 's' : ''}`);
    found.set(name, tensor.data);
  }
  const get = (name: string) => found.get(name) as Float32Array;
  const H = config.hidden;
  const values: ParamValues = [get('embedding.weight')];
  for (let l = 0; l < config.layers; l++) {
    const input = layerInputSize(config, l);
    const biasIh = get(`rnn.bias_ih_l${l}`);
    const biasHh = get(`rnn.bias_hh_l${l}`);
    values.push(
      transpose(get(`rnn.weight_ih_l${l}`), 4 * H, input),
      transpose(get(`rnn.weight_hh_l${l}`), 4 * H, H),
      biasIh.map((b, k) => b + (biasHh[k] as number)),
    );
  }
  values.push(transpose(get('decoder.weight'), config.vocabSize, H), get('decoder.bias'));
  return { config, vocab, values };
}

/** Refuses a checkpoint whose vocabulary differs from the one a run was built on, saying how. */
export function checkSameVocabulary(expected: Vocabulary, found: Vocabulary): void {
  if (expected.symbols.length !== found.symbols.length) {
    throw new CheckpointError(
      `the weights were trained on ${found.symbols.length} characters, this text has ${expected.symbols.length}`,
    );
  }
  const k = expected.symbols.findIndex((s, k) => s !== found.symbols[k]);
  if (k >= 0) {
    throw new CheckpointError(
      `the vocabularies differ at index ${k}: ${JSON.stringify(found.symbols[k])} in the file, ${JSON.stringify(expected.symbols[k])} here`,
    );
  }
  if (expected.unk !== found.unk)
    throw new CheckpointError('the vocabularies mark different unknown symbols');
}
