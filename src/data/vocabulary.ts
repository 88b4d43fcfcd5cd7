import type { Vocabulary } from '../model/checkpoint';

export type { Vocabulary };

/** The symbol that stands for every character left out of a capped vocabulary. */
export const UNKNOWN_SYMBOL = '\uFFFD';
export const DEFAULT_VOCAB_CAP = 256;

/** Characters are Unicode code points, not UTF-16 units: '🐋' is one character. */
export function characters(text: string): string[] {
  return Array.from(text);
}

export function countCharacters(chars: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const c of chars) counts.set(c, (counts.get(c) ?? 0) + 1);
  return counts;
}

const byCodePoint = (a: string, b: string) => (a.codePointAt(0) as number) - (b.codePointAt(0) as number);

/**
 * A vocabulary sorted by code point. Past `cap` distinct characters, the cap − 1 most frequent are kept
 * (ties by code point) and one unknown symbol stands for the rest; it is always present when
 * `alwaysUnknown` is set, so that any later text can be read.
 */
export function buildVocabulary(
  chars: readonly string[],
  cap = DEFAULT_VOCAB_CAP,
  alwaysUnknown = true,
): Vocabulary {
  const counts = countCharacters(chars);
  let kept = [...counts.keys()];
  const needUnknown = alwaysUnknown || kept.length > cap;
  if (needUnknown) {
    kept = kept
      .filter((c) => c !== UNKNOWN_SYMBOL)
      .sort((a, b) => (counts.get(b) as number) - (counts.get(a) as number) || byCodePoint(a, b))
      .slice(0, cap - 1);
  }
  const symbols = kept.sort(byCodePoint);
  if (!needUnknown) return { symbols, unk: -1 };
  // U+FFFD sorts after every BMP character below it; keep the order by code point.
  const all = [...symbols, UNKNOWN_SYMBOL].sort(byCodePoint);
  return { symbols: all, unk: all.indexOf(UNKNOWN_SYMBOL) };
}

export function encode(chars: readonly string[], vocab: Vocabulary): Int32Array {
  const index = new Map(vocab.symbols.map((s, k) => [s, k]));
  const out = new Int32Array(chars.length);
  for (let k = 0; k < chars.length; k++) {
    const id = index.get(chars[k] as string) ?? vocab.unk;
    if (id < 0) throw new Error(`the character ${JSON.stringify(chars[k])} is not in the vocabulary`);
    out[k] = id;
  }
  return out;
}

export function decode(ids: ArrayLike<number>, vocab: Vocabulary): string {
  let out = '';
  for (let k = 0; k < ids.length; k++) out += vocab.symbols[ids[k] as number] ?? UNKNOWN_SYMBOL;
  return out;
}
