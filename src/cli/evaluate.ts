import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { decodeUserText } from '../data/prepare';
import { decodeCheckpoint } from '../model/checkpoint';
import { evaluate } from '../model/evaluate';
import { initParams, writeParams } from '../model/params';
import { SeedStream } from '../model/seeds';
import { GATE_MODES, type GateMode } from '../model/types';
import { CliError, runCli } from './cliError';
import { startNodeBackend } from './nodeBackend';

const USAGE =
  'usage: npm run evaluate -- --weights FILE --text FILE [--mode soft|binary|sharpened|stochastic]';

async function readInput(flag: string, path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new CliError(
      `cannot read --${flag} ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

/**
 * Prints {"loss_nats_per_char", "chars"}: the mean cross-entropy of predicting every character of the
 * text after the first from all before it, one stream from a zero state (what torch.nn.LSTM computes
 * on the same weights in soft mode). Characters outside the vocabulary are read as the unknown symbol.
 */
async function main(): Promise<void> {
  let values: { weights?: string; text?: string; mode?: string };
  try {
    values = parseArgs({
      strict: true,
      options: { weights: { type: 'string' }, text: { type: 'string' }, mode: { type: 'string' } },
    }).values;
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n${USAGE}`);
  }
  if (!values.weights || !values.text) throw new CliError(USAGE);
  const mode = (values.mode ?? 'soft') as GateMode;
  if (!GATE_MODES.includes(mode))
    throw new CliError(`--mode must be one of ${GATE_MODES.join(', ')}, got "${values.mode}"`);

  let checkpoint: ReturnType<typeof decodeCheckpoint>;
  try {
    checkpoint = decodeCheckpoint(await readInput('weights', values.weights));
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`--weights ${values.weights}: ${(error as Error).message}`);
  }
  const text = decodeUserText(await readInput('text', values.text));
  if (!text.ok) throw new CliError(`--text ${values.text}: ${text.message}`);
  const { vocab, config } = checkpoint;
  const index = new Map(vocab.symbols.map((s, k) => [s, k]));
  const chars = Array.from(text.text);
  const missing = new Set(chars.filter((c) => !index.has(c)));
  if (missing.size && vocab.unk < 0) {
    throw new CliError(
      `the text has ${missing.size} characters the model has never seen (${[...missing]
        .slice(0, 10)
        .map((c) => JSON.stringify(c))
        .join(' ')}) and its vocabulary has no unknown symbol`,
    );
  }
  if (chars.length < 2)
    throw new CliError(`--text ${values.text}: at least two characters are needed, found ${chars.length}`);
  const tokens = Int32Array.from(chars, (c) => index.get(c) ?? vocab.unk);

  await startNodeBackend();
  const params = initParams(config, new SeedStream(0));
  writeParams(params, checkpoint.values);
  const result = await evaluate(params, config, tokens, { mode, streams: 1, seqLen: 256 });
  if (!Number.isFinite(result.loss)) throw new Error(`the loss came out ${result.loss}: these weights overflow on this text`);
  process.stdout.write(`${JSON.stringify({ loss_nats_per_char: result.loss, chars: result.chars, mode })}\n`);
}

runCli(main);
