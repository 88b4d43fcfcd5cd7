import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { checkSameVocabulary, decodeCheckpoint, encodeCheckpoint } from '../../../src/model/checkpoint';
import { compressionTable, compressParams, disposeCompressed } from '../../../src/model/compression';
import { evaluate } from '../../../src/model/evaluate';
import { initParams, paramList, readParams } from '../../../src/model/params';
import { decodeSafetensors, encodeSafetensors } from '../../../src/model/safetensors';
import { SeedStream } from '../../../src/model/seeds';
import type { ModelConfig } from '../../../src/model/types';

const config: ModelConfig = {
  cell: 'g2',
  vocabSize: 5,
  embedding: 3,
  hidden: 4,
  layers: 2,
  tau: 0.9,
  noiseP: 0.2,
};
const vocab = { symbols: ['a', 'b', 'é', '🐋', '\uFFFD'], unk: 4 };

async function checkpointBytes() {
  const params = initParams(config, new SeedStream(1));
  const values = await readParams(params);
  return { params, values, bytes: encodeCheckpoint({ config, vocab, values }) };
}

describe('checkpoints', () => {
  it('write PyTorch names and layouts, and read back the same model', async () => {
    const { params, values, bytes } = await checkpointBytes();
    const { tensors, metadata } = decodeSafetensors(bytes);
    expect(tensors.get('rnn.weight_ih_l0')?.shape).toEqual([16, 3]);
    expect(tensors.get('rnn.weight_ih_l1')?.shape).toEqual([16, 4]);
    expect(tensors.get('rnn.weight_hh_l1')?.shape).toEqual([16, 4]);
    expect(tensors.get('decoder.weight')?.shape).toEqual([5, 4]);
    // weight_ih_l0[g·H + u, k] is W_ih[k, g·H + u] of the tfjs layout.
    const wIh = values[1] as Float32Array;
    expect(tensors.get('rnn.weight_ih_l0')?.data[7 * 3 + 2]).toBe(wIh[2 * 16 + 7]);
    expect(metadata).toMatchObject({
      cell: 'g2',
      hidden: '4',
      layers: '2',
      embedding: '3',
      unk: '4',
      noise_p: '0.2',
    });
    expect(JSON.parse(metadata.vocab as string)).toEqual(vocab.symbols);
    const back = decodeCheckpoint(bytes);
    expect(back.config).toEqual(config);
    back.values.forEach((v, k) => {
      expect(Array.from(v)).toEqual(Array.from(values[k] as Float32Array));
    });
    paramList(params).forEach((p) => {
      p.dispose();
    });
  });

  it('sums bias_ih and bias_hh of a PyTorch file', async () => {
    const { bytes } = await checkpointBytes();
    const { tensors, metadata } = decodeSafetensors(bytes);
    const hh = tensors.get('rnn.bias_hh_l0');
    if (!hh) throw new Error('missing bias');
    hh.data.fill(0.5);
    const back = decodeCheckpoint(encodeSafetensors(Object.fromEntries(tensors), metadata));
    const original = decodeCheckpoint(bytes);
    expect((back.values[3] as Float32Array)[0]).toBeCloseTo(
      ((original.values[3] as Float32Array)[0] as number) + 0.5,
      6,
    );
  });

  async function refuse(
    edit: (t: Map<string, { shape: number[]; data: Float32Array }>, m: Record<string, string>) => void,
    message: RegExp,
  ) {
    const { bytes } = await checkpointBytes();
    const { tensors, metadata } = decodeSafetensors(bytes);
    edit(tensors, metadata);
    expect(() => decodeCheckpoint(encodeSafetensors(Object.fromEntries(tensors), metadata))).toThrow(message);
  }

  it('reads a plain PyTorch file with only a vocabulary: an nn.LSTM, sizes from the shapes', async () => {
    const { bytes } = await checkpointBytes();
    const { tensors, metadata } = decodeSafetensors(bytes);
    const back = decodeCheckpoint(encodeSafetensors(Object.fromEntries(tensors), { vocab: metadata.vocab as string, unk: '4' }));
    expect(back.config).toEqual({ ...config, cell: 'lstm', tau: 0.9, noiseP: 1 });
    expect(back.values).toEqual(decodeCheckpoint(bytes).values);
  });
  it('says why a file without a vocabulary cannot be used', () =>
    refuse((_, m) => delete m.vocab, /no "vocab" .* its rows can't be matched to characters/));
  it('names a missing tensor', () =>
    refuse((t) => t.delete('rnn.weight_hh_l1'), /"rnn.weight_hh_l1" is missing/));
  it('names a tensor of the wrong shape', () =>
    refuse(
      (t) => t.set('decoder.bias', { shape: [4], data: new Float32Array(4) }),
      /"decoder.bias" has shape \[4\], expected \[5\]/,
    ));
  it('refuses an unknown cell', () =>
    refuse((_, m) => Object.assign(m, { cell: 'gru' }), /"cell" must be one of/));
  it('refuses a vocabulary of the wrong size', () =>
    refuse((_, m) => Object.assign(m, { vocab: '["a"]' }), /1 characters but embedding.weight has 5 rows/));
  it('refuses a vocabulary that is not characters', () =>
    refuse((_, m) => Object.assign(m, { vocab: '["ab","c"]' }), /single characters/));
  it('refuses a bad hidden size', () =>
    refuse((_, m) => Object.assign(m, { hidden: 'lots' }), /"hidden" must be a whole number/));
  it('refuses weights that hold NaN or infinite values, naming the tensor', () =>
    refuse((t) => {
      const w = t.get('rnn.weight_hh_l1')?.data as Float32Array;
      w[3] = Number.NaN;
      w[5] = Number.POSITIVE_INFINITY;
    }, /tensor "rnn.weight_hh_l1" holds 2 NaN or infinite values/));
  it('refuses a truncated file', async () => {
    const { bytes } = await checkpointBytes();
    expect(() => decodeCheckpoint(bytes.subarray(0, bytes.length - 10))).toThrow(/outside|cover/);
  });
  it('says how two vocabularies differ', () => {
    expect(() => checkSameVocabulary(vocab, { symbols: ['a', 'c', 'é', '🐋', '\uFFFD'], unk: 4 })).toThrow(
      /differ at index 1/,
    );
    expect(() => checkSameVocabulary(vocab, { symbols: ['a'], unk: -1 })).toThrow(/trained on 1 characters/);
  });
});

describe('compression of a model', () => {
  const tokens = Int32Array.from({ length: 200 }, (_, k) => (k * 7) % 5);
  const options = { mode: 'soft' as const, streams: 2, seqLen: 16 };

  it('touches only the i and f blocks and leaves no tensors behind', async () => {
    const params = initParams({ ...config, layers: 1 }, new SeedStream(2));
    const before = tf.memory().numTensors;
    const compressed = await compressParams(params, { ...config, layers: 1 }, { kind: 'round', step: 0.5 });
    const [original, rounded] = [params, compressed].map(
      (p) => (p.layers[0] as { wHh: tf.Tensor }).wHh.arraySync() as number[][],
    );
    for (let r = 0; r < 4; r++) {
      for (let c = 0; c < 16; c++) {
        const o = original?.[r]?.[c] as number;
        const v = rounded?.[r]?.[c] as number;
        if (c < 8) expect(v).toBeCloseTo(Math.round(o / 0.5) * 0.5, 6);
        else expect(v).toBe(o);
      }
    }
    expect(compressed.layers[0]?.bias).toBe(params.layers[0]?.bias);
    disposeCompressed(compressed, params);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('full-rank "compression" costs nothing; rounding to 0.5 costs something', async () => {
    const cfg = { ...config, layers: 1 };
    const params = initParams(cfg, new SeedStream(3));
    const rows = await compressionTable(
      params,
      cfg,
      tokens,
      [
        { kind: 'lowRank', rank: 4 },
        { kind: 'round', step: 0.5 },
      ],
      options,
    );
    expect(Math.abs(rows[0]?.delta as number)).toBeLessThan(1e-6);
    expect(Math.abs(rows[1]?.delta as number)).toBeGreaterThan(1e-4);
    const base = await evaluate(params, cfg, tokens, options);
    expect(rows[1]?.loss).toBeCloseTo(base.loss + (rows[1]?.delta as number), 6);
  });
});
