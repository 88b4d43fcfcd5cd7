import type { Batch } from '../model/trainer';
import { batchStream, trainingWindow } from './batches';
import { decodeUserText, type TextCheck, type TextProblem } from './textChecks';
import {
  buildVocabulary,
  characters,
  countCharacters,
  DEFAULT_VOCAB_CAP,
  decode,
  encode,
  type Vocabulary,
} from './vocabulary';

export { decodeUserText, type TextCheck };

/** Share of the text, at its end, kept for validation. */
export const VALIDATION_SHARE = 0.1;
/** A text with more distinct characters than this many times the cap is refused (e.g. binary read as text). */
const VOCAB_OVERFLOW_FACTOR = 4;
/** The share of characters that may fall outside a capped vocabulary. */
const MAX_UNKNOWN_SHARE = 0.05;

/** A text ready to train on: a vocabulary, train and validation token ids, and batches. */
export interface PreparedCorpus {
  name: string;
  vocab: Vocabulary;
  train: Int32Array;
  valid: Int32Array;
  encode: (text: string) => Int32Array;
  decode: (ids: ArrayLike<number>) => string;
  /** Characters per example, for a text of independent equal-length examples (the copying task). */
  exampleLength?: number;
  /** Training batches of `trainingWindow(seqLen, exampleLength)` characters, starting after `startWindow` windows already read (a resumed run). */
  batches: (batch: number, seqLen: number, startWindow?: number) => () => Batch;
}

export type Prepared = ({ ok: true } & PreparedCorpus) | { ok: false; problem: TextProblem; message: string };

export interface PrepareOptions {
  name?: string;
  batch: number;
  seqLen: number;
  vocabCap?: number;
  /** Characters per example of a text of independent equal-length examples (see batchStream). */
  exampleLength?: number;
}

export function prepareString(text: string, options: PrepareOptions): Prepared {
  const cap = options.vocabCap ?? DEFAULT_VOCAB_CAP;
  const chars = characters(text);
  const distinct = countCharacters(chars);
  if (distinct.size > VOCAB_OVERFLOW_FACTOR * cap) {
    return {
      ok: false,
      problem: 'vocabulary-too-large',
      message: `The text uses ${distinct.size} different characters; Gate Lab models at most ${cap}, so most of it would be unknown symbols.`,
    };
  }
  const vocab = buildVocabulary(chars, cap);
  const tokens = encode(chars, vocab);
  const unknown = tokens.reduce((n, id) => n + (id === vocab.unk ? 1 : 0), 0);
  if (unknown > MAX_UNKNOWN_SHARE * tokens.length) {
    return {
      ok: false,
      problem: 'vocabulary-too-large',
      message: `${((100 * unknown) / tokens.length).toFixed(0)}% of the text falls outside the ${cap} most frequent characters; Gate Lab needs at least ${100 - 100 * MAX_UNKNOWN_SHARE}% inside them.`,
    };
  }
  // Whole examples on both sides of the split, so the validation text starts on one.
  const unit = options.exampleLength ?? 1;
  const validLength = Math.floor((tokens.length * VALIDATION_SHARE) / unit) * unit;
  const train = tokens.subarray(0, tokens.length - validLength);
  const valid = tokens.subarray(tokens.length - validLength);
  const seqLen = trainingWindow(options.seqLen, options.exampleLength);
  const needTrain = options.batch * seqLen + 1;
  const needValid = seqLen + 1;
  if (train.length < needTrain || valid.length < needValid) {
    const need = Math.ceil(Math.max(needTrain / (1 - VALIDATION_SHARE), needValid / VALIDATION_SHARE));
    return {
      ok: false,
      problem: 'too-short',
      message: `The text has ${chars.length} characters; with batch ${options.batch} and window ${seqLen} it needs at least ${need}.`,
    };
  }
  return {
    ok: true,
    name: options.name ?? 'text',
    vocab,
    train,
    valid,
    encode: (s: string) => encode(characters(s), vocab),
    decode: (ids) => decode(ids, vocab),
    exampleLength: options.exampleLength,
    batches: (batch, seqLen, startWindow) =>
      batchStream(train, batch, trainingWindow(seqLen, options.exampleLength), startWindow, options.exampleLength),
  };
}

/**
 * The same text under another vocabulary (weights trained elsewhere): characters the vocabulary lacks
 * become its unknown symbol, or are left out when it has none.
 */
export function withVocabulary(corpus: PreparedCorpus, vocab: Vocabulary): PreparedCorpus {
  const known = new Set(vocab.symbols);
  const recode = (text: string) => encode(characters(text).filter((c) => vocab.unk >= 0 || known.has(c)), vocab);
  const train = recode(corpus.decode(corpus.train));
  const valid = recode(corpus.decode(corpus.valid));
  return {
    name: corpus.name,
    vocab,
    train,
    valid,
    encode: recode,
    decode: (ids) => decode(ids, vocab),
    // No exampleLength: a character left out would break the examples' alignment, so windows are plain.
    batches: (batch, seqLen, startWindow) => batchStream(train, batch, seqLen, startWindow),
  };
}

export function prepareText(bytes: Uint8Array | ArrayBuffer, options: PrepareOptions): Prepared {
  const checked = decodeUserText(bytes);
  if (!checked.ok) return checked;
  return prepareString(checked.text, options);
}
