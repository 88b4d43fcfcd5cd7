import { SeedStream } from '../model/seeds';

/**
 * The copying task of h-detach (Arpit et al., 2018), as text: 10 symbols from 1..8, `delay` − 1 blanks,
 * the delimiter, then the 10 symbols again, one example a line. A language model can only predict the
 * recalled half by carrying the first half across the blanks.
 */
export const COPY_SYMBOLS = 10;
export const COPY_BLANK = '-';
export const COPY_DELIMITER = ':';

export interface CopyExample {
  symbols: string;
  line: string;
  /** Index in `line` of the first recalled symbol. */
  recallStart: number;
}

export function copyExample(seeds: SeedStream, delay: number): CopyExample {
  let symbols = '';
  for (let k = 0; k < COPY_SYMBOLS; k++) symbols += String(1 + Math.floor(seeds.nextFloat() * 8));
  const prefix = symbols + COPY_BLANK.repeat(Math.max(0, delay - 1)) + COPY_DELIMITER;
  return { symbols, line: `${prefix}${symbols}\n`, recallStart: prefix.length };
}

export function copyingTask(seed: number, delay: number, examples: number): string {
  const seeds = new SeedStream(seed);
  let text = '';
  for (let k = 0; k < examples; k++) text += copyExample(seeds, delay).line;
  return text;
}

const BRACKETS: [string, string][] = [
  ['(', ')'],
  ['[', ']'],
  ['{', '}'],
];

/** One balanced string over three bracket kinds, nesting at most `maxDepth`. */
export function balancedBrackets(seeds: SeedStream, length: number, maxDepth: number): string {
  const open: string[] = [];
  let out = '';
  while (out.length < length || open.length > 0) {
    const mustClose = open.length >= maxDepth || out.length + open.length >= length;
    if (open.length > 0 && (mustClose || seeds.nextFloat() < 0.5)) {
      out += open.pop();
    } else {
      const [o, c] = BRACKETS[Math.floor(seeds.nextFloat() * BRACKETS.length)] as [string, string];
      out += o;
      open.push(c);
    }
  }
  return out;
}

export function bracketsTask(seed: number, lines: number, maxDepth = 8): string {
  const seeds = new SeedStream(seed);
  let text = '';
  for (let k = 0; k < lines; k++)
    text += `${balancedBrackets(seeds, 2 * (5 + Math.floor(seeds.nextFloat() * 25)), maxDepth)}\n`;
  return text;
}

/** True when every bracket of every line closes in order. */
export function isBalanced(line: string): boolean {
  const stack: string[] = [];
  for (const ch of line) {
    const open = BRACKETS.find(([o]) => o === ch);
    if (open) stack.push(open[1]);
    else if (stack.pop() !== ch) return false;
  }
  return stack.length === 0;
}
