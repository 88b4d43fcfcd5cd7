import { describe, expect, it } from 'vitest';
import { batchStream, trainingWindow } from '../../../src/data/batches';
import { prepareString, prepareText } from '../../../src/data/prepare';
import { decodeUserText, MAX_TEXT_BYTES } from '../../../src/data/textChecks';
import { SeedStream } from '../../../src/model/seeds';

const utf8 = (s: string) => new TextEncoder().encode(s);
const prose = 'Call me Ishmael. Some years ago, never mind how long precisely, I went to sea. '.repeat(60);
const shape = { batch: 4, seqLen: 16 };

describe('text checks', () => {
  it('accepts UTF-8 prose, with or without a BOM', () => {
    expect(decodeUserText(utf8('Call me Ishmael.'))).toEqual({ ok: true, text: 'Call me Ishmael.' });
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('héllo')]);
    expect(decodeUserText(bom)).toEqual({ ok: true, text: 'héllo' });
  });

  it('reads UTF-16 with a byte-order mark', () => {
    const text = 'whale 🐋';
    const bytes = new Uint8Array(2 + text.length * 2);
    bytes.set([0xff, 0xfe]);
    for (let k = 0; k < text.length; k++)
      new DataView(bytes.buffer).setUint16(2 + 2 * k, text.charCodeAt(k), true);
    expect(decodeUserText(bytes)).toEqual({ ok: true, text });
  });

  it('reads UTF-16 saved without a byte-order mark (NULs at one parity only), both byte orders', () => {
    const text = 'Call me Ishmael, café.\n'.repeat(3);
    for (const littleEndian of [true, false]) {
      const bytes = new Uint8Array(text.length * 2);
      for (let k = 0; k < text.length; k++) new DataView(bytes.buffer).setUint16(2 * k, text.charCodeAt(k), littleEndian);
      expect(decodeUserText(bytes)).toEqual({ ok: true, text });
    }
  });

  const bad: [string, Uint8Array, string, RegExp][] = [
    ['empty', new Uint8Array(0), 'empty', /empty/],
    ['white space only', utf8('  \n\t '), 'empty', /white space/],
    ['NUL bytes', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0x14, 0]), 'binary', /binary/],
    ['latin-1 bytes', new Uint8Array([0x63, 0x61, 0x66, 0xe9]), 'not-utf8', /not UTF-8/],
    ['control characters', utf8('\x01\x02\x03abc\x04\x05'), 'binary', /control characters/],
  ];
  for (const [label, bytes, problem, message] of bad) {
    it(`refuses ${label} with a clear message`, () => {
      const result = decodeUserText(bytes);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.problem).toBe(problem);
      expect(result.message).toMatch(message);
    });
  }

  it('refuses random bytes', () => {
    const seeds = new SeedStream(3);
    const bytes = Uint8Array.from({ length: 4096 }, () => seeds.nextUint32() & 0xff);
    expect(decodeUserText(bytes).ok).toBe(false);
  });

  it('refuses a huge file by its size, before decoding it', () => {
    // A view claims the length without the bytes being text: only the size may be looked at.
    const huge = new Uint8Array(MAX_TEXT_BYTES + 1);
    const result = decodeUserText(huge);
    expect(result).toMatchObject({ ok: false, problem: 'too-large' });
    if (!result.ok) expect(result.message).toMatch(/20\.0 MB/);
  });
});

describe('prepare', () => {
  it('splits into train and validation and tokenizes', () => {
    const prepared = prepareString(prose, shape);
    if (!prepared.ok) throw new Error(prepared.message);
    expect(prepared.train.length + prepared.valid.length).toBe(prose.length);
    expect(prepared.valid.length).toBe(Math.floor(prose.length * 0.1));
    expect(prepared.decode(prepared.train.subarray(0, 15))).toBe('Call me Ishmael');
  });

  it('says how long a text must be', () => {
    const result = prepareText(utf8('too short'), shape);
    expect(result).toMatchObject({ ok: false, problem: 'too-short' });
    if (!result.ok) expect(result.message).toMatch(/9 characters.*at least \d+/);
  });

  it('refuses a vocabulary far past the cap', () => {
    let text = '';
    for (let k = 0; k < 3000; k++) text += String.fromCodePoint(0x4e00 + k);
    const result = prepareString(text.repeat(2), shape);
    expect(result).toMatchObject({ ok: false, problem: 'vocabulary-too-large' });
  });

  it('refuses a text whose characters mostly fall outside the cap', () => {
    let text = '';
    for (let k = 0; k < 600; k++) text += String.fromCodePoint(0x4e00 + k).repeat(3);
    const result = prepareString(text, shape);
    expect(result).toMatchObject({ ok: false, problem: 'vocabulary-too-large' });
  });
});

describe('batches', () => {
  const tokens = Int32Array.from({ length: 1001 }, (_, k) => k);

  it('gives time-major windows whose targets are the inputs shifted by one', () => {
    const next = batchStream(tokens, 4, 10);
    const { inputs, targets, resetState } = next();
    expect(resetState).toBe(true);
    expect(inputs.length).toBe(40);
    for (let k = 0; k < 40; k++) expect(targets[k]).toBe((inputs[k] as number) + 1);
    // Stream b starts at b · 250; time-major: index t·B + b.
    expect(Array.from(inputs.subarray(0, 4))).toEqual([0, 250, 500, 750]);
    expect(Array.from(inputs.subarray(4, 8))).toEqual([1, 251, 501, 751]);
  });

  it('continues each stream in the next window and starts over at the end', () => {
    const next = batchStream(tokens, 4, 10);
    const first = next();
    const second = next();
    expect(second.resetState).toBe(false);
    for (let b = 0; b < 4; b++) expect(second.inputs[b]).toBe((first.inputs[9 * 4 + b] as number) + 1);
    for (let k = 2; k < 25; k++) next();
    expect(next().resetState).toBe(true);
  });

  it('refuses tokens too few for one window', () => {
    expect(() => batchStream(tokens.subarray(0, 20), 4, 10)).toThrow(/too few/);
  });

  it('with an example length, cuts streams and windows at example starts, each window from a zero state', () => {
    // Examples of 7: ids 0..6 repeated, so an example starts wherever the id is 0.
    const examples = Int32Array.from({ length: 7 * 40 + 1 }, (_, k) => k % 7);
    const next = batchStream(examples, 3, 14, 0, 7);
    const seen = new Set<number>();
    for (let w = 0; w < 12; w++) {
      const { inputs, targets, resetState } = next();
      expect(resetState).toBe(true);
      // First row: every stream's window opens on an example; row 7 opens the window's second example.
      for (let b = 0; b < 3; b++) {
        expect(inputs[b]).toBe(0);
        expect(inputs[7 * 3 + b]).toBe(0);
        expect(targets[13 * 3 + b]).toBe(0);
      }
      seen.add(inputs.length);
    }
    expect([...seen]).toEqual([42]);
    // Without the example length, streams start mid-example (280 / 3 is not a multiple of 7).
    expect(Array.from(batchStream(examples, 3, 14)().inputs.subarray(0, 3))).not.toEqual([0, 0, 0]);
  });

  it('refuses a window that does not hold whole examples', () => {
    expect(() => batchStream(tokens, 4, 10, 0, 4)).toThrow(/does not hold whole examples of 4/);
    expect(() => batchStream(tokens, 4, 10, 0, 0)).toThrow(/whole examples/);
  });

  it('rounds a window to the nearest whole number of examples, at least one', () => {
    expect(trainingWindow(32, 31)).toBe(31);
    expect(trainingWindow(100, 31)).toBe(93);
    expect(trainingWindow(4, 71)).toBe(71);
    expect(trainingWindow(256, 71)).toBe(284);
    expect(trainingWindow(37)).toBe(37);
  });
});

describe('a text of examples', () => {
  const line = 'abc:abc\n';
  const text = line.repeat(400);

  it('trains on whole examples: the window is rounded, and every window starts on an example', () => {
    const prepared = prepareString(text, { batch: 4, seqLen: 16, exampleLength: line.length });
    if (!prepared.ok) throw new Error(prepared.message);
    expect(trainingWindow(16, prepared.exampleLength)).toBe(16);
    expect(trainingWindow(20, prepared.exampleLength)).toBe(24);
    const next = prepared.batches(4, 20);
    for (let w = 0; w < 5; w++) {
      const { inputs, resetState } = next();
      expect(inputs.length).toBe(24 * 4);
      expect(resetState).toBe(true);
      expect(prepared.decode(inputs.subarray(0, 4))).toBe('aaaa');
    }
  });

  it('counts the rounded window when the text is too short for it', () => {
    const result = prepareString(line.repeat(20), { batch: 4, seqLen: 20, exampleLength: line.length });
    expect(result).toMatchObject({ ok: false, problem: 'too-short' });
    if (!result.ok) expect(result.message).toContain('window 24');
  });
});

