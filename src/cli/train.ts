import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { prepareText } from '../data/prepare';
import { bitsPerChar } from '../model/charLM';
import { encodeCheckpoint } from '../model/checkpoint';
import { compressionTable, paperCompressionSpecs } from '../model/compression';
import { evaluate } from '../model/evaluate';
import { endBinFractions, histogram, unigramEntropy } from '../model/gateStats';
import { readParams } from '../model/params';
import { Trainer } from '../model/trainer';
import { CELL_KINDS, type CellKind, GATE_MODES, type ModelConfig, type TrainConfig } from '../model/types';
import { CliError, isPositive, isPositiveInt, isProbability, parseNumber, runCli } from './cliError';
import { startNodeBackend } from './nodeBackend';

const USAGE = `usage: npm run train -- --text FILE --out DIR [options]
  --cell g2|lstm|sharpened|beta|bibeta
                             recurrent cell (default g2)
  --hidden N  --layers 1|2  --embedding N   model size (defaults 64, 1, = hidden)
  --steps N  --seq T  --batch B              training length and shape (defaults 500, 64, 32)
  --lr X  --clip X  --tau X  --noise-p P  --h-detach P  --seed N
  --eval-every N                             validation every N steps (default steps/10)`;

/** Validation is measured on at most this many characters, so long texts stay quick to score. */
const MAX_EVAL_CHARS = 20_000;

function readOptions(argv: string[]) {
  let parsed: ReturnType<typeof parse>;
  const parse = (args: string[]) =>
    parseArgs({
      args,
      strict: true,
      options: {
        text: { type: 'string' },
        out: { type: 'string' },
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
        help: { type: 'boolean' },
      },
    });
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n${USAGE}`);
  }
  const v = parsed.values;
  if (v.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  if (!v.text) throw new CliError(`--text FILE is required\n${USAGE}`);
  if (!v.out) throw new CliError(`--out DIR is required\n${USAGE}`);
  const cell = (v.cell ?? 'g2') as CellKind;
  if (!CELL_KINDS.includes(cell))
    throw new CliError(`--cell must be one of ${CELL_KINDS.join(', ')}, got "${v.cell}"`);
  const hidden = parseNumber(
    'hidden',
    v.hidden,
    64,
    (n) => isPositiveInt(n) && n >= 2 && n <= 1024,
    'a whole number from 2 to 1024',
  );
  const steps = parseNumber('steps', v.steps, 500, isPositiveInt, 'a positive whole number');
  return {
    text: v.text,
    out: v.out,
    cell,
    hidden,
    layers: parseNumber('layers', v.layers, 1, (n) => n === 1 || n === 2, '1 or 2'),
    embedding: parseNumber(
      'embedding',
      v.embedding,
      hidden,
      (n) => isPositiveInt(n) && n <= 1024,
      'a whole number from 1 to 1024',
    ),
    steps,
    seq: parseNumber('seq', v.seq, 64, (n) => isPositiveInt(n) && n <= 1024, 'a whole number from 1 to 1024'),
    batch: parseNumber(
      'batch',
      v.batch,
      32,
      (n) => isPositiveInt(n) && n <= 1024,
      'a whole number from 1 to 1024',
    ),
    lr: parseNumber('lr', v.lr, 0.003, (n) => n > 0 && n < 10, 'a number between 0 and 10'),
    clip: parseNumber('clip', v.clip, 1, isPositive, 'a positive number'),
    tau: parseNumber('tau', v.tau, 0.9, (n) => n > 0 && n <= 100, 'a number in (0, 100]'),
    noiseP: parseNumber('noise-p', v['noise-p'], 1, (n) => n > 0 && n <= 1, 'a probability in (0, 1]'),
    hDetach: parseNumber('h-detach', v['h-detach'], 0, isProbability, 'a probability in [0, 1]'),
    seed: parseNumber('seed', v.seed, 1, Number.isInteger, 'a whole number'),
    evalEvery: parseNumber(
      'eval-every',
      v['eval-every'],
      Math.max(1, Math.round(steps / 10)),
      isPositiveInt,
      'a positive whole number',
    ),
  };
}

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  let bytes: Uint8Array;
  try {
    bytes = await readFile(options.text);
  } catch (error) {
    throw new CliError(
      `cannot read --text ${options.text}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  const corpus = prepareText(bytes, { batch: options.batch, seqLen: options.seq });
  if (!corpus.ok) throw new CliError(corpus.message);
  const { vocab, train, valid } = corpus;
  const backend = await startNodeBackend();

  const model: ModelConfig = {
    cell: options.cell,
    vocabSize: vocab.symbols.length,
    embedding: options.embedding,
    hidden: options.hidden,
    layers: options.layers,
    tau: options.tau,
    noiseP: options.noiseP,
  };
  const trainConfig: TrainConfig = {
    batch: options.batch,
    seqLen: options.seq,
    lr: options.lr,
    clipNorm: options.clip,
    hDetach: options.hDetach,
    seed: options.seed,
  };
  const trainer = new Trainer(model, trainConfig);
  const nextBatch = corpus.batches(options.batch, options.seq);
  const evalTokens = valid.subarray(0, MAX_EVAL_CHARS + 1);
  const evalOptions = {
    streams: Math.min(16, Math.max(1, Math.floor((evalTokens.length - 1) / options.seq))),
    seqLen: options.seq,
    seed: options.seed,
  };
  const validLoss = async (mode: (typeof GATE_MODES)[number]) =>
    (await evaluate(trainer.params, model, evalTokens, { ...evalOptions, mode })).loss;

  console.log(
    `training ${options.cell} H=${options.hidden} L=${options.layers} on ${train.length} characters (${vocab.symbols.length} symbols), validating on ${evalTokens.length - 1}, backend ${backend}`,
  );
  const trainCurve: { step: number; loss: number }[] = [];
  const validCurve: { step: number; loss: number }[] = [];
  const started = performance.now();
  for (let step = 1; step <= options.steps; step++) {
    const { loss, gradNorm } = trainer.step(nextBatch());
    const value = (await loss.data())[0] as number;
    tf.dispose([loss, gradNorm]);
    if (!Number.isFinite(value))
      throw new Error(`the training loss became ${value} at step ${step}; try a lower --lr`);
    trainCurve.push({ step, loss: value });
    if (step % options.evalEvery === 0 || step === options.steps) {
      const v = await validLoss('soft');
      validCurve.push({ step, loss: v });
      const rate = (step * options.batch * options.seq) / ((performance.now() - started) / 1000);
      console.log(
        `step ${step}/${options.steps}  train ${bitsPerChar(value).toFixed(3)} bpc  valid ${bitsPerChar(v).toFixed(3)} bpc  ${Math.round(rate)} chars/s`,
      );
    }
  }

  const finalLoss: Record<string, number> = {};
  for (const mode of GATE_MODES) finalLoss[mode] = await validLoss(mode);
  const traced = await evaluate(trainer.params, model, evalTokens, {
    ...evalOptions,
    mode: 'soft',
    traceGates: true,
  });
  const gates = traced.gates.map((layer, l) => ({
    layer: l,
    input: {
      bins10: histogram(layer.input, 10),
      bins50: histogram(layer.input, 50),
      ends: endBinFractions(layer.input),
    },
    forget: {
      bins10: histogram(layer.forget, 10),
      bins50: histogram(layer.forget, 50),
      ends: endBinFractions(layer.forget),
    },
  }));
  const compression = await compressionTable(
    trainer.params,
    model,
    evalTokens,
    paperCompressionSpecs(options.hidden),
    {
      ...evalOptions,
      mode: 'soft',
    },
  );

  await mkdir(options.out, { recursive: true });
  const weightsPath = join(options.out, 'weights.safetensors');
  await writeFile(
    weightsPath,
    encodeCheckpoint({ config: model, vocab, values: await readParams(trainer.params) }),
  );
  const report = {
    config: { model, train: trainConfig, steps: options.steps, text: options.text, backend },
    vocabSize: vocab.symbols.length,
    trainChars: train.length,
    validChars: evalTokens.length - 1,
    unigramEntropyNats: unigramEntropy(evalTokens, vocab.symbols.length),
    curves: { train: trainCurve, valid: validCurve },
    finalValidLossNats: finalLoss,
    gateHistograms: { mode: 'soft', layers: gates },
    compression: compression.map((row) => ({
      method: row.spec,
      label: row.label,
      loss: row.loss,
      delta: row.delta,
    })),
    seconds: (performance.now() - started) / 1000,
  };
  await writeFile(join(options.out, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  trainer.dispose();
  console.log(
    `final validation loss (nats/char): ${GATE_MODES.map((m) => `${m} ${finalLoss[m]?.toFixed(4)}`).join(', ')}`,
  );
  console.log(`wrote ${weightsPath} and ${join(options.out, 'report.json')}`);
}

runCli(main);
