import { readFileSync } from 'node:fs';
import { decodeSafetensors, encodeSafetensors } from '../../src/model/safetensors';
import { expect, stepOf, test, trainThenPause } from './fixtures';

test('export downloads one safetensors file per model; importing one back restores its validation loss', async ({ watched: page }) => {
  const paused = await trainThenPause(page, 'wasm', 21);
  // One step while paused: the panels then show statistics of exactly the weights exported next.
  await page.getByRole('button', { name: 'Step' }).click();
  await expect.poll(() => stepOf(page)).toBe(paused + 1);
  const step = paused + 1;
  await expect(page.getByTestId('valid-caption')).toContainText(`at step ${step}`);

  const downloads: { name: string; path: string }[] = [];
  page.on('download', async (d) => downloads.push({ name: d.suggestedFilename(), path: await d.path() }));
  await page.getByRole('button', { name: 'Export weights' }).click();
  await expect.poll(() => downloads.length).toBe(2);
  expect(downloads.map((d) => d.name).sort()).toEqual([`gatelab-g2-moby-dick-step${step}.safetensors`, `gatelab-lstm-moby-dick-step${step}.safetensors`]);
  const g2 = downloads.find((d) => d.name.includes('-g2-')) as { path: string };
  const { tensors, metadata } = decodeSafetensors(readFileSync(g2.path));
  expect(metadata).toMatchObject({ cell: 'g2', hidden: '64', layers: '1' });
  expect(tensors.get('rnn.weight_hh_l0')?.shape).toEqual([256, 64]);
  const exportedLoss = Number(await page.getByTestId('valid-g2').textContent());

  await page.getByRole('button', { name: 'Step' }).click();
  await page.getByRole('button', { name: 'Step' }).click();
  await expect.poll(() => stepOf(page)).toBe(step + 2);
  await expect(page.getByTestId('valid-caption')).toContainText(`at step ${step + 2}`);
  await page.getByLabel('Import weights').setInputFiles(g2.path);
  await expect(page.getByText('Loaded weights into the G2-LSTM model.')).toBeVisible();
  await expect.poll(async () => Number(await page.getByTestId('valid-g2').textContent())).toBeCloseTo(exportedLoss, 3);

  await page.getByLabel('Import weights').setInputFiles({ name: 'broken.safetensors', mimeType: 'application/octet-stream', buffer: Buffer.from('not a weights file') });
  await expect(page.getByRole('alert')).toContainText('header');
});

test('weights holding a NaN are refused, naming the file; the run trains on and its saved record reopens intact', async ({ watched: page }) => {
  const step = await trainThenPause(page, 'wasm', 21);
  await expect(page.getByTestId('saved-step')).toHaveText(` · saved at step ${step}`);
  const downloads: string[] = [];
  page.on('download', async (d) => downloads.push(await d.path()));
  await page.getByRole('button', { name: 'Export weights' }).click();
  await expect.poll(() => downloads.length).toBe(2);
  const { tensors, metadata } = decodeSafetensors(readFileSync(downloads[0] as string));
  (tensors.get('rnn.weight_hh_l0')?.data as Float32Array)[10] = Number.NaN;
  const buffer = Buffer.from(encodeSafetensors(Object.fromEntries(tensors), metadata));
  await page.getByLabel('Import weights').setInputFiles({ name: 'one-nan.safetensors', mimeType: 'application/octet-stream', buffer });
  await expect(page.getByRole('alert')).toContainText(
    'The weights in “one-nan.safetensors” were not loaded: tensor "rnn.weight_hh_l0" holds 1 NaN or infinite value. The run is unchanged.',
  );
  await page.getByRole('button', { name: 'Dismiss' }).click();
  // The run goes on; the next save (on pause) is the healthy run's.
  await page.getByRole('button', { name: 'Step' }).click();
  await expect.poll(() => stepOf(page)).toBe(step + 1);
  await expect(page.getByTestId('saved-step')).toHaveText(` · saved at step ${step + 1}`);
  const g2 = await page.getByTestId('valid-g2').textContent();
  expect(Number.isFinite(Number(g2))).toBe(true);

  await page.reload();
  await expect(page.getByText(/Reopened “moby-dick, G2\+LSTM, H64×1, τ 0.9, seed 1 .*” at step/)).toBeVisible();
  await expect(page.getByTestId('status-run')).toHaveText('idle');
  expect(await stepOf(page)).toBe(step + 1);
  await expect(page.getByTestId('valid-g2')).toHaveText(g2 as string);
});
