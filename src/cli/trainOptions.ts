import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CELL_KINDS, type CellKind } from '../model/types';
import { CliError, isPositive, isPositiveInt, isProbability, parseNumber } from './cliError';
import type { TrainRunOptions } from './trainRun';

/** The training flags `train` and `reproduce` share, for node:util's parseArgs. */
export const TRAIN_FLAGS = {
  cell: { type: 'string' },
  hidden: { type: 'string' },
  layers: { type: 'string' },
  embedding: { type: 'string' },
  steps: { type: 'string' },
  seq: { type: 'string' },
  batch: { type: 'string' },
  lr: { type: 'string' },
  clip: { type: 'string' },
  tau: { type: 'string' },
  'noise-p': { type: 'string' },
  'h-detach': { type: 'string' },
  seed: { type: 'string' },
  'eval-every': { type: 'string' },
  'init-bound': { type: 'string' },
  'input-bias': { type: 'string' },
  'forget-bias': { type: 'string' },
} as const;

export type TrainFlagValues = { [K in keyof typeof TRAIN_FLAGS]?: string };

/**
 * Reads a command line of the training flags, the command's own `flags` and --help. A flag that is wrong is a
 * CliError followed by the usage; --help prints the usage and gives null (the command then does nothing).
 */
export function parseTrainArgs<const F extends NonNullable<ParseArgsConfig['options']>>(argv: string[], flags: F, usage: string) {
  const config = { args: argv, strict: true, options: { ...TRAIN_FLAGS, ...flags, help: { type: 'boolean' } } } as const;
  let parsed: ReturnType<typeof parseArgs<typeof config>>;
  try {
    parsed = parseArgs(config);
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n${usage}`);
  }
  if ((parsed.values as { help?: boolean }).help) {
    process.stdout.write(`${usage}\n`);
    return null;
  }
  return parsed.values;
}

/** The defaults of a flag left out; `reproduce` starts from the page's, `train` from its own. */
export type TrainDefaults = Omit<TrainRunOptions, 'cell' | 'embedding' | 'evalEvery' | 'init'> & {
  /** Absent: the embedding is as wide as the hidden layer. */
  embedding?: number;
};

export const TRAIN_USAGE = (d: TrainDefaults) => `  --hidden N  --layers 1|2  --embedding N   model size (defaults ${d.hidden}, ${d.layers}, ${d.embedding ?? '= hidden'})
  --steps N  --seq T  --batch B              training length and shape (defaults ${d.steps}, ${d.seq}, ${d.batch})
  --lr X (${d.lr})  --clip X (${d.clip})  --tau X (${d.tau})  --noise-p P (${d.noiseP})  --h-detach P (${d.hDetach})
  --init-bound X    weights start U(−X, X) (default 1/√H, the official code's)
  --input-bias X  --forget-bias X          added to the input / forget gate biases at the start (default 0)
  --eval-every N                             validation every N steps (default steps/10)`;

/** Reads the shared training flags; every value is checked, and a bad one is a CliError naming the flag. */
export function readTrainOptions(v: TrainFlagValues, d: TrainDefaults, cell: CellKind): TrainRunOptions {
  if (!CELL_KINDS.includes(cell)) throw new CliError(`--cell must be one of ${CELL_KINDS.join(', ')}, got "${cell}"`);
  const hidden = parseNumber('hidden', v.hidden, d.hidden, (n) => isPositiveInt(n) && n >= 2 && n <= 1024, 'a whole number from 2 to 1024');
  const steps = parseNumber('steps', v.steps, d.steps, isPositiveInt, 'a positive whole number');
  const bias = (name: 'input-bias' | 'forget-bias') => parseNumber(name, v[name], 0, (n) => Math.abs(n) <= 20, 'a number from −20 to 20');
  const initBound = v['init-bound'] === undefined ? undefined : parseNumber('init-bound', v['init-bound'], 0, (n) => n > 0 && n <= 10, 'a number in (0, 10]');
  const inputBias = bias('input-bias');
  const forgetBias = bias('forget-bias');
  const init = {
    ...(initBound !== undefined ? { bound: initBound } : {}),
    ...(inputBias !== 0 ? { inputBias } : {}),
    ...(forgetBias !== 0 ? { forgetBias } : {}),
  };
  const wholeUpTo1024 = (n: number) => isPositiveInt(n) && n <= 1024;
  return {
    cell,
    hidden,
    layers: parseNumber('layers', v.layers, d.layers, (n) => n === 1 || n === 2, '1 or 2'),
    embedding: parseNumber('embedding', v.embedding, d.embedding ?? hidden, wholeUpTo1024, 'a whole number from 1 to 1024'),
    steps,
    seq: parseNumber('seq', v.seq, d.seq, wholeUpTo1024, 'a whole number from 1 to 1024'),
    batch: parseNumber('batch', v.batch, d.batch, wholeUpTo1024, 'a whole number from 1 to 1024'),
    lr: parseNumber('lr', v.lr, d.lr, (n) => n > 0 && n < 10, 'a number between 0 and 10'),
    clip: parseNumber('clip', v.clip, d.clip, isPositive, 'a positive number'),
    tau: parseNumber('tau', v.tau, d.tau, (n) => n > 0 && n <= 100, 'a number in (0, 100]'),
    noiseP: parseNumber('noise-p', v['noise-p'], d.noiseP, (n) => n > 0 && n <= 1, 'a probability in (0, 1]'),
    hDetach: parseNumber('h-detach', v['h-detach'], d.hDetach, isProbability, 'a probability in [0, 1]'),
    seed: parseNumber('seed', v.seed, d.seed, Number.isInteger, 'a whole number'),
    evalEvery: parseNumber('eval-every', v['eval-every'], Math.max(1, Math.round(steps / 10)), isPositiveInt, 'a positive whole number'),
    ...(Object.keys(init).length ? { init } : {}),
  };
}
