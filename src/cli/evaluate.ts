import { parseArgs } from 'node:util';
import { decodeUserText } from '../data/prepare';
import { decodeCheckpoint } from '../model/checkpoint';
import { evaluate } from '../model/evaluate';
import { initParams, writeParams } from '../model/params';
import { SeedStream } from '../model/seeds';
import { GATE_MODES, type GateMode } from '../model/types';
import { CliError, runCli } from './cliError';
import { readInputFile } from './files';
import { startNodeBackend } from './nodeBackend';

const USAGE =
  'usage: npm run evaluate -- --weights FILE --text FILE [--mode soft|binary|sharpened|stochastic]';

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
    checkpoint = decodeCheckpoint(await readInputFile('weights', values.weights));
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`--weights ${values.weights}: ${(error as Error).message}`);
  }
  const text = decodeUserText(await readInputFile('text', values.text));
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
  const unknown = chars.reduce((n, c) => (index.has(c) ? n : n + 1), 0);
  if (unknown) {
    const share = ((100 * unknown) / chars.length).toPrecision(2);
    process.stderr.write(`${unknown} of ${chars.length} characters (${share}%, ${missing.size} distinct) are not in the model's vocabulary and were read as its unknown symbol\n`);
  }

  await startNodeBackend();
  const params = initParams(config, new SeedStream(0));
  writeParams(params, checkpoint.values);
  const result = await evaluate(params, config, tokens, { mode, streams: 1, seqLen: 256, onProgress: progressPrinter(tokens.length - 1) });
  if (!Number.isFinite(result.loss)) throw new Error(`the loss came out ${result.loss}: these weights overflow on this text`);
  process.stdout.write(`${JSON.stringify({ loss_nats_per_char: result.loss, chars: result.chars, unknown_chars: unknown, mode })}\n`);
}

/** Texts of more characters than this say how far the scoring has got, on stderr, about once a second. */
const PROGRESS_FROM_CHARS = 50_000;

function progressPrinter(total: number): ((done: number) => void) | undefined {
  if (total < PROGRESS_FROM_CHARS) return undefined;
  let last = performance.now();
  return (done) => {
    const now = performance.now();
    if (now - last < 1000 && done < total) return;
    last = now;
    process.stderr.write(`scored ${done} of ${total} characters (${Math.floor((100 * done) / total)}%)\n`);
  };
}

runCli(main);
