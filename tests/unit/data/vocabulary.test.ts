import { describe, expect, it } from 'vitest';
import { buildVocabulary, characters, decode, encode, UNKNOWN_SYMBOL } from '../../../src/data/vocabulary';

describe('vocabulary', () => {
  it('counts Unicode code points, not UTF-16 units, and round-trips non-ASCII text', () => {
    const text = 'Ahab 🐋 café naïve 鯨 e\u0301';
    const chars = characters(text);
    expect(chars).toContain('🐋');
    expect(chars.length).toBe(text.length - 1); // the whale is two UTF-16 units
    const vocab = buildVocabulary(chars);
    expect(vocab.symbols.every((s) => Array.from(s).length === 1)).toBe(true);
    expect(decode(encode(chars, vocab), vocab)).toBe(text);
  });

  it('is sorted by code point and stable across orderings of the text', () => {
    const a = buildVocabulary(characters('zebra apple 🐋'));
    const b = buildVocabulary(characters('🐋 apple zebra'));
    expect(a).toEqual(b);
    const points = a.symbols.map((s) => s.codePointAt(0) as number);
    expect(points).toEqual([...points].sort((x, y) => x - y));
  });

  it('caps the vocabulary, keeping the most frequent characters and one unknown symbol', () => {
    const text = `${'a'.repeat(50)}${'b'.repeat(40)}${'c'.repeat(30)}de`;
    const vocab = buildVocabulary(characters(text), 4);
    expect(vocab.symbols).toEqual(['a', 'b', 'c', UNKNOWN_SYMBOL]);
    const ids = encode(characters('abde'), vocab);
    expect(Array.from(ids)).toEqual([0, 1, vocab.unk, vocab.unk]);
  });

  it('keeps one unknown symbol even when U+FFFD is in the text', () => {
    const vocab = buildVocabulary(characters(`ab${UNKNOWN_SYMBOL}`));
    expect(vocab.symbols.filter((s) => s === UNKNOWN_SYMBOL)).toHaveLength(1);
    expect(vocab.symbols[vocab.unk]).toBe(UNKNOWN_SYMBOL);
  });

  it('refuses characters it cannot map when there is no unknown symbol', () => {
    const vocab = buildVocabulary(characters('ab'), 256, false);
    expect(vocab.unk).toBe(-1);
    expect(() => encode(characters('abc'), vocab)).toThrow(/"c" is not in the vocabulary/);
  });
});
