import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { prepareText } from '../data/prepare';
import { encodeCheckpoint } from '../model/checkpoint';
import { readParams } from '../model/params';
import { type CellKind, GATE_MODES } from '../model/types';
import { CliError, runCli } from './cliError';
import { prepareOutDir, readInputFile } from './files';
import { startNodeBackend } from './nodeBackend';
import { parseTrainArgs, readTrainOptions, TRAIN_USAGE, type TrainDefaults } from './trainOptions';
import { trainAndMeasure } from './trainRun';

/** The command line's own defaults (the page's are in src/ui/settings.ts). */
const TRAIN_DEFAULTS: TrainDefaults = {
  hidden: 64,
  layers: 1,
  steps: 500,
  seq: 64,
  batch: 32,
  lr: 0.01,
  clip: 1,
  tau: 0.9,
  noiseP: 1,
  hDetach: 0,
  seed: 1,
};

const USAGE = `usage: npm run train -- --text FILE --out DIR [options]
  --cell g2|lstm|sharpened|beta|bibeta       recurrent cell (default g2)
${TRAIN_USAGE(TRAIN_DEFAULTS)}
  --seed N`;

function readOptions(argv: string[]) {
  const values = parseTrainArgs(argv, { text: { type: 'string' }, out: { type: 'string' } }, USAGE);
  if (!values) return null;
  if (!values.text) throw new CliError(`--text FILE is required\n${USAGE}`);
  if (!values.out) throw new CliError(`--out DIR is required\n${USAGE}`);
  return { text: values.text, out: values.out, ...readTrainOptions(values, TRAIN_DEFAULTS, (values.cell ?? 'g2') as CellKind) };
}

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  if (!options) return;
  const bytes = await readInputFile('text', options.text);
  const corpus = prepareText(bytes, { batch: options.batch, seqLen: options.seq });
  if (!corpus.ok) throw new CliError(corpus.message);
  await prepareOutDir('out', options.out);
  const backend = await startNodeBackend();
  const { report, trainer } = await trainAndMeasure(options, corpus, {
    text: options.text,
    backend,
    log: (line) => console.log(line),
  });
  const weightsPath = join(options.out, 'weights.safetensors');
  await writeFile(
    weightsPath,
    encodeCheckpoint({ config: report.config.model, vocab: corpus.vocab, values: await readParams(trainer.params) }),
  );
  await writeFile(join(options.out, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  trainer.dispose();
  const finalLoss = report.finalValidLossNats;
  console.log(
    `final validation loss (nats/char): ${GATE_MODES.map((m) => `${m} ${finalLoss[m].toFixed(4)}`).join(', ')}`,
  );
  console.log(`wrote ${weightsPath} and ${join(options.out, 'report.json')}`);
}

runCli(main);
