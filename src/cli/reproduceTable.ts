import { bitsPerChar } from '../model/charLM';
import { defaultEvaluationMode } from '../model/gates';
import { type ClaimCheck, paperCheck } from '../model/paperCheck';
import { PAPER_END_BINS } from '../model/paperFigures';
import { type CellKind, GATE_MODES, type GateMode } from '../model/types';
import { MODEL_NAMES } from '../contract/models';
import type { TrainReport } from './trainRun';

/** Mean and sample standard deviation (n − 1; 0 for a single value). */
export interface Stat {
  mean: number;
  sd: number;
  n: number;
}

export function meanSd(values: number[]): Stat {
  const n = values.length;
  if (n === 0) return { mean: Number.NaN, sd: Number.NaN, n: 0 };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, sd, n };
}

/** One trained model's numbers, read from its report (first layer's gates). */
export interface RunSummary {
  cell: CellKind;
  seed: number;
  loss: Record<GateMode, number>;
  /** The loss in the mode the cell is used in (σ(z); σ(z/τ) for the sharpened sigmoid). */
  usedLoss: number;
  /** Binary gates' loss minus usedLoss. */
  binarize: number;
  compressions: { label: string; delta: number }[];
  ends: { input: number; forget: number };
  bins: { input: number[]; forget: number[] };
}

export function summarizeRun(report: TrainReport): RunSummary {
  const { cell } = report.config.model;
  const loss = report.finalValidLossNats;
  const usedLoss = loss[defaultEvaluationMode(cell)];
  const layer = report.gateHistograms.layers[0];
  if (!layer) throw new Error('the report has no gate histograms');
  const ends = (h: { ends: { low: number; high: number } }) => h.ends.low + h.ends.high;
  return {
    cell,
    seed: report.config.train.seed,
    loss,
    usedLoss,
    binarize: loss.binary - usedLoss,
    compressions: report.compression.map((c) => ({ label: c.label, delta: c.delta })),
    ends: { input: ends(layer.input), forget: ends(layer.forget) },
    bins: { input: layer.input.bins10, forget: layer.forget.bins10 },
  };
}

/** One cell over its seeds. */
export interface CellRow {
  cell: CellKind;
  seeds: number[];
  loss: Record<GateMode, Stat>;
  usedLoss: Stat;
  binarize: Stat;
  compressions: { label: string; delta: Stat }[];
  ends: { input: Stat; forget: Stat };
  /** Mean histogram over the seeds, 10 bins. */
  bins: { input: number[]; forget: number[] };
}

export interface ReproduceTable {
  rows: CellRow[];
  /** The paper's claims judged on the seed means, when both G2 and the LSTM were trained. */
  verdicts: ClaimCheck[] | null;
}

const meanBins = (lists: number[][]) => (lists[0] ?? []).map((_, b) => meanSd(lists.map((l) => l[b] ?? 0)).mean);

/** Groups runs by cell (in first-seen order) and takes mean ± sd over seeds. */
export function reproduceTable(runs: RunSummary[]): ReproduceTable {
  const cells = [...new Set(runs.map((r) => r.cell))];
  const rows = cells.map((cell): CellRow => {
    const mine = runs.filter((r) => r.cell === cell);
    const stat = (f: (r: RunSummary) => number) => meanSd(mine.map(f));
    const first = mine[0] as RunSummary;
    return {
      cell,
      seeds: mine.map((r) => r.seed),
      loss: Object.fromEntries(GATE_MODES.map((m) => [m, stat((r) => r.loss[m])])) as Record<GateMode, Stat>,
      usedLoss: stat((r) => r.usedLoss),
      binarize: stat((r) => r.binarize),
      compressions: first.compressions.map((c, k) => ({ label: c.label, delta: stat((r) => r.compressions[k]?.delta ?? Number.NaN) })),
      ends: { input: stat((r) => r.ends.input), forget: stat((r) => r.ends.forget) },
      bins: { input: meanBins(mine.map((r) => r.bins.input)), forget: meanBins(mine.map((r) => r.bins.forget)) },
    };
  });
  const g2 = rows.find((r) => r.cell === 'g2');
  const lstm = rows.find((r) => r.cell === 'lstm');
  const side = (r: CellRow) => ({
    loss: r.usedLoss.mean,
    ends: { input: r.ends.input.mean, forget: r.ends.forget.mean },
    costs: { binarize: r.binarize.mean, compressions: r.compressions.map((c) => ({ label: c.label, delta: c.delta.mean })) },
  });
  return { rows, verdicts: g2 && lstm ? paperCheck({ g2: side(g2), lstm: side(lstm) }) : null };
}

const NAMES = MODEL_NAMES;

/** "1.234 ± 0.010" (digits after the point). */
export function formatStat(s: Stat, digits = 3, scale = 1): string {
  return `${(scale * s.mean).toFixed(digits)} ± ${(scale * s.sd).toFixed(digits)}`;
}

const signedStat = (s: Stat) => `${s.mean >= 0 ? '+' : '−'}${Math.abs(s.mean).toFixed(3)} ± ${s.sd.toFixed(3)}`;

/** The table as markdown: losses in nats/char (bits/char for the used mode), shares in %, mean ± sd over seeds. */
export function tableMarkdown(table: ReproduceTable, heading: string): string {
  const head = (cols: string[]) => `| | ${cols.join(' | ')} |\n|---|${cols.map(() => '--:').join('|')}|`;
  const lines: string[] = [heading, ''];
  const seeds = table.rows.map((r) => `${NAMES[r.cell]} seeds ${r.seeds.join(', ')}`).join('; ');
  lines.push(`Mean ± sd over seeds (${seeds}). Losses are validation cross-entropy in nats/char.`, '');
  lines.push(head(table.rows.map((r) => NAMES[r.cell])));
  lines.push(`| bits/char (gates as used) | ${table.rows.map((r) => formatStat({ ...r.usedLoss, mean: bitsPerChar(r.usedLoss.mean), sd: bitsPerChar(r.usedLoss.sd) })).join(' | ')} |`);
  for (const mode of GATE_MODES) lines.push(`| loss, ${mode} gates | ${table.rows.map((r) => formatStat(r.loss[mode])).join(' | ')} |`);
  lines.push(`| end bins, input gate (%) | ${table.rows.map((r) => formatStat(r.ends.input, 1, 100)).join(' | ')} |`);
  lines.push(`| end bins, forget gate (%) | ${table.rows.map((r) => formatStat(r.ends.forget, 1, 100)).join(' | ')} |`);
  lines.push(`| loss added by binarizing i, f | ${table.rows.map((r) => signedStat(r.binarize)).join(' | ')} |`);
  const labels = table.rows[0]?.compressions.map((c) => c.label) ?? [];
  labels.forEach((label, k) => {
    lines.push(`| loss added by ${label} | ${table.rows.map((r) => (r.compressions[k] ? signedStat(r.compressions[k].delta) : '—')).join(' | ')} |`);
  });
  lines.push('', `Paper (Fig. 3): end bins input / forget, ${NAMES.g2} ${Math.round(100 * PAPER_END_BINS.g2.input)} % / ${Math.round(100 * PAPER_END_BINS.g2.forget)} %, ${NAMES.lstm} ${Math.round(100 * PAPER_END_BINS.lstm.input)} % / ${Math.round(100 * PAPER_END_BINS.lstm.forget)} %.`);
  if (table.verdicts) {
    lines.push('', '| claim | paper | this table | verdict |', '|---|---|---|---|');
    for (const v of table.verdicts) lines.push(`| ${v.claim} | ${v.paper} | ${v.measured} | **${v.verdict}**: ${v.reason} |`);
  }
  return `${lines.join('\n')}\n`;
}
