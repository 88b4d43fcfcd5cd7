import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { tabulate } from '../../../src/cli/reproduceRun';
import { meanSd } from '../../../src/cli/reproduceTable';
import type { TrainReport } from '../../../src/cli/trainRun';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const tsx = join(require.resolve('tsx/package.json'), '..', 'dist', 'cli.mjs');

async function reproduceCli(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [tsx, 'src/cli/reproduce.ts', ...args], { cwd: process.cwd() });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Sample standard deviation, written out here apart from the code under test. */
function sd(xs: number[]): number {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) * (x - m), 0) / (xs.length - 1));
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

const out = join(mkdtempSync(join(tmpdir(), 'gatelab-reproduce-')), 'results');

describe('npm run reproduce -- --quick', () => {
  let stdout = '';
  let reports: TrainReport[] = [];
  let table: { table: { rows: Record<string, unknown>[] } };
  beforeAll(async () => {
    const result = await reproduceCli(['--quick', '--hidden', '4', '--embedding', '4', '--steps', '6', '--cells', 'g2,lstm', '--out', out]);
    if (result.code !== 0) throw new Error(`reproduce failed: ${result.stderr}`);
    stdout = result.stdout;
    const runsDir = join(out, 'runs');
    reports = readdirSync(runsDir).map((f) => JSON.parse(readFileSync(join(runsDir, f), 'utf8')) as TrainReport);
    table = JSON.parse(readFileSync(join(out, 'table.json'), 'utf8'));
  }, 180_000);

  it('trains each cell over three seeds', () => {
    expect(reports.map((r) => `${r.config.model.cell}${r.config.train.seed}`).sort()).toEqual(['g21', 'g22', 'g23', 'lstm1', 'lstm2', 'lstm3']);
    expect(reports.every((r) => r.config.steps === 6 && r.config.model.hidden === 4)).toBe(true);
  });

  it('tables mean ± sd of each run’s own numbers', () => {
    for (const cell of ['g2', 'lstm'] as const) {
      const mine = reports.filter((r) => r.config.model.cell === cell);
      const row = table.table.rows.find((r) => r.cell === cell) as {
        loss: Record<string, { mean: number; sd: number }>;
        binarize: { mean: number; sd: number };
        ends: { input: { mean: number }; forget: { mean: number } };
        compressions: { label: string; delta: { mean: number } }[];
      };
      for (const mode of ['soft', 'binary', 'stochastic', 'sharpened'] as const) {
        const losses = mine.map((r) => r.finalValidLossNats[mode]);
        expect(row.loss[mode]?.mean).toBeCloseTo(mean(losses), 10);
        expect(row.loss[mode]?.sd).toBeCloseTo(sd(losses), 10);
      }
      const binarize = mine.map((r) => r.finalValidLossNats.binary - r.finalValidLossNats.soft);
      expect(row.binarize.mean).toBeCloseTo(mean(binarize), 10);
      expect(row.binarize.sd).toBeCloseTo(sd(binarize), 10);
      const inputEnds = mine.map((r) => {
        const bins = r.gateHistograms.layers[0]!.input.bins10;
        return bins[0]! + bins[9]!;
      });
      expect(row.ends.input.mean).toBeCloseTo(mean(inputEnds), 6);
      expect(row.compressions.map((c) => c.label)).toEqual(mine[0]!.compression.map((c) => c.label));
      expect(row.compressions[0]!.delta.mean).toBeCloseTo(mean(mine.map((r) => r.compression[0]!.delta)), 10);
    }
  });

  it('prints the same numbers in markdown, with the command and the verdicts', () => {
    const md = readFileSync(join(out, 'table.md'), 'utf8');
    expect(stdout).toContain(md.trim().split('\n')[0]);
    const g2 = reports.filter((r) => r.config.model.cell === 'g2').map((r) => r.finalValidLossNats.soft);
    const lstm = reports.filter((r) => r.config.model.cell === 'lstm').map((r) => r.finalValidLossNats.soft);
    expect(md).toContain(`| loss, soft gates | ${mean(g2).toFixed(3)} ± ${sd(g2).toFixed(3)} | ${mean(lstm).toFixed(3)} ± ${sd(lstm).toFixed(3)} |`);
    expect(md).toContain('Made by `npm run reproduce -- --quick');
    const gap = mean(g2) / mean(lstm) - 1;
    expect(md).toContain(`G2-LSTM ${gap >= 0 ? '+' : '−'}${Math.abs(100 * gap).toFixed(1)} %`);
    expect(md).toMatch(/\*\*(met|partly|not met)\*\*/);
  });

  it('draws each gate’s histogram beside the paper’s bars', () => {
    for (const gate of ['input', 'forget']) {
      const svg = readFileSync(join(out, `histogram-${gate}.svg`), 'utf8');
      expect(svg.startsWith('<svg')).toBe(true);
      // 10 bins for each of this run's two models and the paper's two, plus four legend swatches.
      expect(svg.match(/<rect /g)?.length).toBe(1 + 4 * 10 + 4);
      expect(svg).toContain('paper Fig. 3');
    }
  });

  it('tables runs again from their reports, and refuses runs of different settings', async () => {
    const again = await tabulate(reports, { command: 'again' });
    expect(again.table.rows.map((r) => r.cell).sort()).toEqual(['g2', 'lstm']);
    // Configs are read-only: a run of other settings is a copy with other values.
    const first = structuredClone(reports[0]!);
    const other = { ...first, config: { ...first.config, train: { ...first.config.train, lr: 2 * first.config.train.lr, seed: 99 } } };
    await expect(tabulate([...reports, other], { command: 'mixed' })).rejects.toThrow(/different settings/);
    await expect(tabulate([...reports, reports[0]!], { command: 'twice' })).rejects.toThrow(/two runs of/);
  });

  it('says what is wrong with bad flags', async () => {
    const bad = await reproduceCli(['--seeds', '1,x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--seeds must be a comma-separated list of whole numbers, got "1,x"');
    const cell = await reproduceCli(['--cells', 'g2,gru']);
    expect(cell.stderr).toContain('--cells must be');
    const from = await reproduceCli(['--from', join(out, 'table.md')]);
    expect(from.stderr).toContain('not a JSON report');
  });
});

describe('meanSd', () => {
  it('is the mean and the n − 1 standard deviation', () => {
    const s = meanSd([1, 2, 3, 4]);
    expect(s.mean).toBe(2.5);
    expect(s.sd).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(meanSd([7]).sd).toBe(0);
    expect(meanSd([]).n).toBe(0);
  });
});
