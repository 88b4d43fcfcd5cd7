import { describe, expect, it } from 'vitest';
import { BUILTIN_CORPORA, builtinCorpus, copyingText, copyLineLength } from '../../../src/data/corpora';
import {
  bracketsTask,
  COPY_DELIMITER,
  copyExample,
  copyingTask,
  isBalanced,
} from '../../../src/data/synthetic';
import { SeedStream } from '../../../src/model/seeds';

describe('built-in corpora', () => {
  it('loads Moby-Dick with no network, from the bundled package', async () => {
    const text = await builtinCorpus('moby-dick').load(1);
    expect(text.length).toBeGreaterThan(1_000_000);
    expect(text).toContain('Call me Ishmael.');
  });

  it('names an unknown corpus', () => {
    expect(() => builtinCorpus('nope')).toThrow(/no built-in text "nope"/);
  });

  it('generates every synthetic task deterministically from its seed', async () => {
    for (const corpus of BUILTIN_CORPORA.filter((c) => c.id !== 'moby-dick')) {
      const a = await corpus.load(1);
      expect(await corpus.load(1)).toBe(a);
      expect(await corpus.load(2)).not.toBe(a);
      expect(a.length).toBeGreaterThan(50_000);
    }
  });
});

describe('copying task', () => {
  it('recalls the ten symbols after the delay and the delimiter', () => {
    const example = copyExample(new SeedStream(4), 20);
    expect(example.symbols).toMatch(/^[1-8]{10}$/);
    expect(example.line.indexOf(COPY_DELIMITER)).toBe(10 + 19);
    expect(example.line.slice(example.recallStart, example.recallStart + 10)).toBe(example.symbols);
    expect(example.line.endsWith('\n')).toBe(true);
  });

  it('the built-in text uses the delay T it is given, 50 by default, at about the same size for any T', async () => {
    const corpus = builtinCorpus('copying');
    expect(corpus.title).toBe('Copying task');
    expect(corpus.description).toMatch(/delay T/);
    const byDefault = await corpus.load(3);
    expect(byDefault).toBe(await corpus.load(3, { copyDelay: 50 }));
    expect(byDefault.split('\n')[0]).toMatch(/^([1-8]{10})-{49}:\1$/);
    for (const delay of [1, 10, 50, 500]) {
      const text = await corpus.load(3, { copyDelay: delay });
      const lines = text.trimEnd().split('\n');
      expect(lines[0]).toHaveLength(copyLineLength(delay) - 1);
      expect(lines.every((line) => new RegExp(`^([1-8]{10})-{${delay - 1}}:\\1$`).test(line))).toBe(true);
      expect(text.length).toBeGreaterThan(150_000);
      expect(text.length).toBeLessThan(250_000);
    }
    expect(byDefault.trimEnd().split('\n')).toHaveLength(3000);
  });

  it('refuses a delay T outside 1–500 with a message', () => {
    for (const delay of [0, -3, 2.5, 501, Number.NaN]) expect(() => copyingText(1, delay)).toThrow(/delay T must be a whole number from 1 to 500/);
  });

  it('lines all have the same structure', () => {
    const lines = copyingTask(9, 30, 50).trimEnd().split('\n');
    expect(lines).toHaveLength(50);
    for (const line of lines) expect(line).toMatch(/^([1-8]{10})-{29}:\1$/);
  });
});

describe('brackets task', () => {
  it('every line is balanced and nests at most 8 deep', () => {
    const lines = bracketsTask(5, 200).trimEnd().split('\n');
    for (const line of lines) {
      expect(isBalanced(line)).toBe(true);
      let depth = 0;
      let max = 0;
      for (const ch of line) {
        depth += '([{'.includes(ch) ? 1 : -1;
        max = Math.max(max, depth);
      }
      expect(max).toBeLessThanOrEqual(8);
    }
    expect(isBalanced('([)]')).toBe(false);
  });
});
