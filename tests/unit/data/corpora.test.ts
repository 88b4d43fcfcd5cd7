import { describe, expect, it } from 'vitest';
import { BUILTIN_CORPORA, builtinCorpus } from '../../../src/data/corpora';
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
