import { describe, expect, it } from 'vitest';
import { decodeSafetensors, encodeSafetensors, SafetensorsError } from '../../../src/model/safetensors';

/** Builds a file from a header object and raw data bytes, as any writer might. */
function rawFile(header: unknown, data: Uint8Array, headerText = JSON.stringify(header)): Uint8Array {
  const json = new TextEncoder().encode(headerText);
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

function f32Bytes(values: number[]): Uint8Array {
  return new Uint8Array(new Float32Array(values).buffer);
}

function expectProblem(bytes: Uint8Array, problem: string, message: RegExp) {
  try {
    decodeSafetensors(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(SafetensorsError);
    expect((error as SafetensorsError).problem).toBe(problem);
    expect((error as Error).message).toMatch(message);
    return;
  }
  throw new Error('decoding succeeded');
}

describe('safetensors', () => {
  it('round-trips tensors, including a scalar and an empty one, and unicode metadata', () => {
    const tensors = {
      a: { shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, -6.5]) },
      scalar: { shape: [], data: Float32Array.from([3.25]) },
      empty: { shape: [0, 4], data: new Float32Array(0) },
    };
    const bytes = encodeSafetensors(tensors, { vocab: '["鯨","🐋"]' });
    const { tensors: back, metadata } = decodeSafetensors(bytes);
    expect(metadata.vocab).toBe('["鯨","🐋"]');
    for (const [name, t] of Object.entries(tensors)) {
      expect(back.get(name)?.shape).toEqual(t.shape);
      expect(Array.from(back.get(name)?.data ?? [])).toEqual(Array.from(t.data));
    }
  });

  it('lays the bytes out as the format says: length, JSON padded to 8, little-endian data', () => {
    const bytes = encodeSafetensors({ w: { shape: [2], data: Float32Array.from([1, -2]) } }, {});
    const view = new DataView(bytes.buffer);
    const n = Number(view.getBigUint64(0, true));
    expect((8 + n) % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
    expect(header.w).toEqual({ dtype: 'F32', shape: [2], data_offsets: [0, 8] });
    expect(view.getFloat32(8 + n, true)).toBe(1);
    expect(view.getFloat32(8 + n + 4, true)).toBe(-2);
    expect(bytes.length).toBe(8 + n + 8);
  });

  it('reads a file written by another tool, with F16 and BF16 tensors', () => {
    const data = new Uint8Array([0x00, 0x3c, 0x00, 0xc0, 0x80, 0x3f]); // F16 1, −2; BF16 1
    const file = rawFile(
      {
        h: { dtype: 'F16', shape: [2], data_offsets: [0, 4] },
        b: { dtype: 'BF16', shape: [1], data_offsets: [4, 6] },
      },
      data,
    );
    const { tensors } = decodeSafetensors(file);
    expect(Array.from(tensors.get('h')?.data ?? [])).toEqual([1, -2]);
    expect(Array.from(tensors.get('b')?.data ?? [])).toEqual([1]);
  });

  const good = { w: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } };
  it('refuses an empty or tiny file', () => expectProblem(new Uint8Array(3), 'too-short', /3 bytes/));
  it('refuses a header length that lies', () => {
    const file = rawFile(good, f32Bytes([1, 2]));
    new DataView(file.buffer).setBigUint64(0, 10n ** 15n, true);
    expectProblem(file, 'header-length', /claims/);
  });
  it('calls a text given as weights not a safetensors file', () =>
    expectProblem(new TextEncoder().encode('Call me Ishmael. Some years ago, never mind how long.'), 'header-length', /this is not a safetensors file/));
  it('calls reversed offsets reversed', () =>
    expectProblem(rawFile({ w: { dtype: 'F32', shape: [2], data_offsets: [8, 0] } }, f32Bytes([1, 2])), 'offsets', /data_offsets \[8, 0\] are reversed/));
  it('refuses a header length past 2^53', () => {
    const file = rawFile(good, f32Bytes([1, 2]));
    new DataView(file.buffer).setBigUint64(0, 2n ** 63n, true);
    expectProblem(file, 'header-length', /claims/);
  });
  it('refuses garbage JSON', () =>
    expectProblem(rawFile(null, new Uint8Array(0), '{"w": [1,'), 'header-json', /not valid/));
  it('refuses a header that is an array', () =>
    expectProblem(rawFile([1, 2], new Uint8Array(0)), 'header-json', /not a JSON object/));
  it('refuses offsets out of range (a truncated file)', () =>
    expectProblem(rawFile(good, f32Bytes([1])), 'offsets', /outside the 4 data bytes/));
  it('refuses overlapping tensors', () =>
    expectProblem(
      rawFile(
        {
          a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
          b: { dtype: 'F32', shape: [1], data_offsets: [4, 8] },
        },
        f32Bytes([1, 2]),
      ),
      'coverage',
      /overlap/,
    ));
  it('refuses a gap in the data', () =>
    expectProblem(
      rawFile({ a: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, f32Bytes([1, 2])),
      'coverage',
      /belong to no tensor/,
    ));
  it('refuses trailing bytes', () =>
    expectProblem(rawFile(good, f32Bytes([1, 2, 3])), 'coverage', /trailing/));
  it('refuses a shape that does not match the offsets', () =>
    expectProblem(
      rawFile({ w: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, f32Bytes([1, 2])),
      'offsets',
      /shape \[3\]/,
    ));
  it('refuses an unsupported dtype, by name', () =>
    expectProblem(
      rawFile({ w: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }, f32Bytes([1, 2])),
      'dtype',
      /I64/,
    ));
  it('refuses metadata that is not strings', () =>
    expectProblem(
      rawFile({ __metadata__: { hidden: 64 }, ...good }, f32Bytes([1, 2])),
      'metadata',
      /"hidden"/,
    ));
  it('refuses absurd shapes', () =>
    expectProblem(
      rawFile({ w: { dtype: 'F32', shape: [-1, 2], data_offsets: [0, 8] } }, f32Bytes([1, 2])),
      'header-entry',
      /non-negative/,
    ));
});
