import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { encodeCheckpoint } from '../../../src/model/checkpoint';
import { encodeSafetensors } from '../../../src/model/safetensors';
import type { CellKind, ModelConfig } from '../../../src/model/types';
import { pickProblemMessage, readWeightsPick, weightsDownload } from '../../../src/ui/weightFiles';

const vocab = { symbols: ['a', 'b', 'c'], unk: -1 };

/** A small model's file as Export weights writes it (E 2, H 2, one layer), its values counting up from `start`. */
function weights(cell: CellKind, start = 0): ArrayBuffer {
  const config: ModelConfig = { cell, vocabSize: 3, embedding: 2, hidden: 2, layers: 1, tau: 0.9, noiseP: 1 };
  let next = start;
  const filled = (n: number) => Float32Array.from({ length: n }, () => (next++ % 7) / 10);
  const values = [filled(3 * 2), filled(2 * 8), filled(2 * 8), filled(8), filled(2 * 3), filled(3)];
  const bytes = encodeCheckpoint({ config, vocab, values });
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

const file = (name: string, bytes: ArrayBuffer | Uint8Array | string) => new File([bytes as BlobPart], name);

describe('Export weights: one download', () => {
  it('one model: its .safetensors file as it is', () => {
    const only = { name: 'gatelab-g2-moby-dick-step3.safetensors', bytes: weights('g2') };
    expect(weightsDownload([only])).toBe(only);
  });

  it('several: one .zip of the models’ files, each member byte for byte the file, named after what the names share', () => {
    const files = [
      { name: 'gatelab-g2-moby-dick-step22.safetensors', bytes: weights('g2', 1) },
      { name: 'gatelab-lstm-moby-dick-step22.safetensors', bytes: weights('lstm', 2) },
      { name: 'gatelab-lstm-hdetach-moby-dick-step22.safetensors', bytes: weights('lstm', 3) },
    ];
    const zip = weightsDownload(files);
    expect(zip.name).toBe('gatelab-moby-dick-step22.zip');
    const members = unzipSync(new Uint8Array(zip.bytes));
    expect(Object.keys(members)).toEqual(files.map((f) => f.name));
    for (const f of files) expect(members[f.name]).toEqual(new Uint8Array(f.bytes));
  });
});

describe('Import weights: several files in one pick', () => {
  it('takes what Export writes: the zip (an h-detach twin to its twin), or the files with a report’s .json beside', async () => {
    const files = [
      { name: 'gatelab-g2-copying-step5.safetensors', bytes: weights('g2') },
      { name: 'gatelab-g2-hdetach-copying-step5.safetensors', bytes: weights('g2', 5) },
    ];
    const fromZip = await readWeightsPick([file('run.zip', weightsDownload(files).bytes)]);
    expect(fromZip.problems).toEqual([]);
    expect(fromZip.files.map((f) => [f.name, f.model])).toEqual([
      ['gatelab-g2-copying-step5.safetensors', 'g2'],
      ['gatelab-g2-hdetach-copying-step5.safetensors', 'g2+hd'],
    ]);
    expect(new Uint8Array(fromZip.files[1]!.bytes)).toEqual(new Uint8Array(files[1]!.bytes));

    const loose = await readWeightsPick([file('weights.safetensors', weights('lstm')), file('report.json', '{"config": {}}')]);
    expect(loose.problems).toEqual([]);
    expect(loose.files.map((f) => f.model)).toEqual(['lstm']);
    expect(loose.skipped).toEqual(['report.json']);
  });

  it('names every bad file with its reason, and a pick with one loads none', async () => {
    const header = new Uint8Array(8 + 5);
    new DataView(header.buffer).setBigUint64(0, 5n, true);
    header.set(new TextEncoder().encode('{oops'), 8);
    const pick = await readWeightsPick([
      file('good.safetensors', weights('g2')),
      file('empty.safetensors', new Uint8Array(0)),
      file('junk.bin', Uint8Array.from({ length: 64 }, (_, k) => (k * 97 + 13) % 256)),
      file('notes.txt', 'Call me Ishmael. Some years ago — never mind how long precisely —'),
      file('malformed.safetensors', header),
      file('again.safetensors', weights('g2', 9)),
      file('broken.zip', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])),
      file('nan.safetensors', encodeSafetensors({ 'embedding.weight': { shape: [1], data: new Float32Array([Number.NaN]) } }, { vocab: '["a"]' })),
    ]);
    expect(pick.problems).toHaveLength(7);
    const [empty, junk, notes, malformed, again, broken, nan] = pick.problems;
    expect(empty).toBe('“empty.safetensors” is empty.');
    expect(junk).toMatch(/^“junk\.bin” is not a weights file: this is not a safetensors file, or it is truncated/);
    expect(notes).toMatch(/^“notes\.txt” is not a weights file: this is not a safetensors file/);
    expect(malformed).toBe('“malformed.safetensors” is not a weights file: the header is not valid UTF-8 JSON: this is not a safetensors file, or it is damaged.');
    expect(again).toBe('“again.safetensors” holds G2-LSTM weights, as “good.safetensors” does: pick one file per model.');
    expect(broken).toMatch(/^“broken\.zip” is a damaged zip: /);
    expect(nan).toMatch(/^“nan\.safetensors” is not a weights file: /);
    expect(pickProblemMessage(pick)).toMatch(/\. No weights were loaded; the run is unchanged\.$/);

    expect((await readWeightsPick([file('report.json', '{}')])).problems).toEqual(['None of the files holds weights (a .safetensors file, or a .zip of them).']);
  });
});
