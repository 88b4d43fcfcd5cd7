import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PreparedCorpus } from '../data/prepare';
import type { CellKind } from '../model/types';
import { MODEL_NAMES } from '../contract/models';
import { gateHistogramSvg } from './histogramSvg';
import { type ReproduceTable, reproduceTable, type RunSummary, summarizeRun, tableMarkdown } from './reproduceTable';
import { type TrainReport, type TrainRunOptions, trainAndMeasure } from './trainRun';

export interface ReproduceOptions {
  cells: CellKind[];
  seeds: number[];
  /** The training options shared by every run; `cell` and `seed` are set per run. */
  train: Omit<TrainRunOptions, 'cell' | 'seed'>;
  /** The sharpened baseline's τ (the paper's: 0.2, at training and evaluation). */
  sharpenedTau: number;
  /** Where the table, the per-run reports and the histograms go; nothing is written when absent. */
  out?: string;
  /** The command that made it, written beside the table. */
  command: string;
  textName: string;
  backend: string;
}

export interface ReproduceResult {
  table: ReproduceTable;
  markdown: string;
  reports: TrainReport[];
  runs: RunSummary[];
}

/** Caption for a histogram figure, computed from its data: which model has more values in the end bins. */
export function histogramCaption(gate: 'input' | 'forget', table: ReproduceTable): string {
  const shares = table.rows.map((r) => `${MODEL_NAMES[r.cell]} ${Math.round(100 * r.ends[gate].mean)} %`);
  return `Share of ${gate} gate values in [0, 0.1) ∪ [0.9, 1]: ${shares.join(', ')} (paper: ${MODEL_NAMES.g2} ${gate === 'input' ? 75 : 62} %, ${MODEL_NAMES.lstm} ${gate === 'input' ? 22 : 13} %).`;
}

/** Trains every cell over every seed on one text; the reports come back in the order they ran. */
export async function trainAll(
  options: ReproduceOptions,
  corpus: PreparedCorpus,
  log: (line: string) => void = () => {},
): Promise<TrainReport[]> {
  const reports: TrainReport[] = [];
  for (const seed of options.seeds) {
    for (const cell of options.cells) {
      const tau = cell === 'sharpened' ? options.sharpenedTau : options.train.tau;
      const { report, trainer } = await trainAndMeasure({ ...options.train, tau, cell, seed }, corpus, {
        text: options.textName,
        backend: options.backend,
        log: (line) => log(`[${cell} seed ${seed}] ${line}`),
      });
      trainer.dispose();
      reports.push(report);
    }
  }
  return reports;
}

/** The settings every run of one table must share (cell, seed and the sharpened model's τ may differ). */
function sharedSettings(report: TrainReport): string {
  const { model, train, steps, text } = report.config;
  const modelRest = { ...model, cell: null, tau: model.cell === 'sharpened' ? null : model.tau };
  return JSON.stringify({ modelRest, train: { ...train, seed: null }, steps, text });
}

/** What the runs were trained with, in words, from the first G2/LSTM report (the sharpened model's τ apart). */
function describeRuns(reports: TrainReport[]): string {
  const main = reports.find((r) => r.config.model.cell !== 'sharpened') ?? (reports[0] as TrainReport);
  const sharp = reports.find((r) => r.config.model.cell === 'sharpened');
  const { model, train, steps, text } = main.config;
  const init = train.init ? `, init ${JSON.stringify(train.init)}` : '';
  return `${text}, H ${model.hidden}, E ${model.embedding}, ${model.layers} layer${model.layers > 1 ? 's' : ''}, window ${train.seqLen}, batch ${train.batch}, ${steps} steps, lr ${train.lr}, clip ${train.clipNorm}, τ ${model.tau}${sharp ? ` (sharpened ${sharp.config.model.tau})` : ''}, noise p ${model.noiseP}${train.hDetach ? `, h-detach ${train.hDetach}` : ''}${init}`;
}

/**
 * Tables trained runs: mean ± sd per cell, markdown, and (with `out`) `table.md`, `table.json`,
 * `runs/<cell>-seed<k>.json`, `histogram-input.svg` and `histogram-forget.svg`. Runs trained with
 * different settings (beyond cell and seed) are refused.
 */
export async function tabulate(
  reports: TrainReport[],
  meta: { command: string; cells?: CellKind[]; out?: string },
): Promise<ReproduceResult> {
  if (reports.length === 0) throw new Error('there are no runs to tabulate');
  const settings = new Set(reports.filter((r) => r.config.model.cell !== 'sharpened').map(sharedSettings));
  const sharpSettings = new Set(reports.filter((r) => r.config.model.cell === 'sharpened').map(sharedSettings));
  if (settings.size > 1 || sharpSettings.size > 1) throw new Error('the runs were trained with different settings; a table compares runs that differ only in cell and seed');
  const seen = new Set<string>();
  for (const r of reports) {
    const key = `${r.config.model.cell}-seed${r.config.train.seed}`;
    if (seen.has(key)) throw new Error(`two runs of ${key}`);
    seen.add(key);
  }
  const order = meta.cells ?? [...new Set(reports.map((r) => r.config.model.cell))];
  const runs = reports.map(summarizeRun);
  runs.sort((a, b) => order.indexOf(a.cell) - order.indexOf(b.cell) || a.seed - b.seed);
  const table = reproduceTable(runs);
  const markdown = tableMarkdown(table, `## Reproduction: ${describeRuns(reports)}\n\nMade by \`${meta.command}\`.`);
  if (meta.out) {
    await mkdir(join(meta.out, 'runs'), { recursive: true });
    await writeFile(join(meta.out, 'table.md'), markdown);
    await writeFile(join(meta.out, 'table.json'), `${JSON.stringify({ command: meta.command, table, runs }, null, 2)}\n`);
    for (const r of reports) {
      await writeFile(join(meta.out, 'runs', `${r.config.model.cell}-seed${r.config.train.seed}.json`), `${JSON.stringify(r)}\n`);
    }
    for (const gate of ['input', 'forget'] as const) {
      const series = table.rows.map((r) => ({ cell: r.cell, bins: r.bins[gate] }));
      await writeFile(join(meta.out, `histogram-${gate}.svg`), gateHistogramSvg(gate, series, histogramCaption(gate, table)));
    }
  }
  return { table, markdown, reports, runs };
}

/** Trains every cell over every seed and tables them (see trainAll and tabulate). */
export async function reproduce(
  options: ReproduceOptions,
  corpus: PreparedCorpus,
  log: (line: string) => void = () => {},
): Promise<ReproduceResult> {
  const reports = await trainAll(options, corpus, log);
  return tabulate(reports, { command: options.command, cells: options.cells, ...(options.out ? { out: options.out } : {}) });
}
