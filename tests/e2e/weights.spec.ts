import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { decodeSafetensors, encodeSafetensors } from '../../src/model/safetensors';
import { expect, stepOf, test, trainThenPause } from './fixtures';

test('export is one download, a zip of each model’s safetensors; importing it back restores both validation losses; a pick with a bad file loads none', async ({ watched: page }) => {
  const paused = await trainThenPause(page, 'wasm', 21);
  // One step while paused: the panels then show statistics of exactly the weights exported next.
  await page.getByRole('button', { name: 'Step' }).click();
  await expect.poll(() => stepOf(page)).toBe(paused + 1);
  const step = paused + 1;
  await expect(page.getByTestId('valid-caption')).toContainText(`at step ${step}`);

  const downloads: { name: string; path: string }[] = [];
  page.on('download', async (d) => downloads.push({ name: d.suggestedFilename(), path: await d.path() }));
  await page.getByRole('button', { name: 'Export weights' }).click();
  await expect.poll(() => downloads.length).toBe(1);
  const zip = downloads[0] as { name: string; path: string };
  expect(zip.name).toBe(`gatelab-moby-dick-step${step}.zip`);
  // Each member is the model's safetensors file, as PyTorch and numpy read it.
  const members = unzipSync(readFileSync(zip.path));
  const names = [`gatelab-g2-moby-dick-step${step}.safetensors`, `gatelab-lstm-moby-dick-step${step}.safetensors`];
  expect(Object.keys(members).sort()).toEqual(names);
  const { tensors, metadata } = decodeSafetensors(members[names[0] as string] as Uint8Array);
  expect(metadata).toMatchObject({ cell: 'g2', hidden: '64', layers: '1' });
  expect(tensors.get('rnn.weight_hh_l0')?.shape).toEqual([256, 64]);
  const exported = { g2: Number(await page.getByTestId('valid-g2').textContent()), lstm: Number(await page.getByTestId('valid-lstm').textContent()) };

  await page.getByRole('button', { name: 'Step' }).click();
  await page.getByRole('button', { name: 'Step' }).click();
  await expect.poll(() => stepOf(page)).toBe(step + 2);
  await expect(page.getByTestId('valid-caption')).toContainText(`at step ${step + 2}`);
  const trained = await page.getByTestId('valid-g2').textContent();

  // Several files in one pick, two of them bad: each is named with its reason, and nothing loads.
  const zipPayload = { name: zip.name, mimeType: 'application/zip', buffer: readFileSync(zip.path) };
  await page.getByLabel('Import weights').setInputFiles([
    zipPayload,
    { name: 'empty.safetensors', mimeType: 'application/octet-stream', buffer: Buffer.alloc(0) },
    { name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 1, 2]) },
  ]);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('“empty.safetensors” is empty.');
  await expect(alert).toContainText('“photo.png” is not a weights file: this is not a safetensors file, or it is truncated');
  await expect(alert).toContainText('No weights were loaded; the run is unchanged.');
  await page.getByRole('button', { name: 'Dismiss' }).click();
  expect(await stepOf(page)).toBe(step + 2);
  await expect(page.getByTestId('valid-g2')).toHaveText(trained as string);

  // The zip as Export wrote it, with a report beside it (left aside): both models load.
  await page.getByLabel('Import weights').setInputFiles([zipPayload, { name: 'report.json', mimeType: 'application/json', buffer: Buffer.from('{"steps": 22}') }]);
  await expect(page.getByText('Loaded weights into the G2-LSTM and LSTM models.')).toBeVisible();
  await expect.poll(async () => Number(await page.getByTestId('valid-g2').textContent())).toBeCloseTo(exported.g2, 3);
  await expect.poll(async () => Number(await page.getByTestId('valid-lstm').textContent())).toBeCloseTo(exported.lstm, 3);

  await page.getByLabel('Import weights').setInputFiles({ name: 'broken.safetensors', mimeType: 'application/octet-stream', buffer: Buffer.from('not a weights file') });
  await expect(page.getByRole('alert')).toContainText('header');
});

test('weights holding a NaN are refused, naming the file; the run trains on and its saved record reopens intact', async ({ watched: page }) => {
  const step = await trainThenPause(page, 'wasm', 21);
  await expect(page.getByTestId('saved-step')).toHaveText(` · saved at step ${step}`);
  const downloads: string[] = [];
  page.on('download', async (d) => downloads.push(await d.path()));
  await page.getByRole('button', { name: 'Export weights' }).click();
  await expect.poll(() => downloads.length).toBe(1);
  const g2File = Object.entries(unzipSync(readFileSync(downloads[0] as string))).find(([name]) => name.includes('-g2-'))?.[1] as Uint8Array;
  const { tensors, metadata } = decodeSafetensors(g2File);
  (tensors.get('rnn.weight_hh_l0')?.data as Float32Array)[10] = Number.NaN;
  const buffer = Buffer.from(encodeSafetensors(Object.fromEntries(tensors), metadata));
  await page.getByLabel('Import weights').setInputFiles({ name: 'one-nan.safetensors', mimeType: 'application/octet-stream', buffer });
  await expect(page.getByRole('alert')).toContainText(
    '“one-nan.safetensors” is not a weights file: tensor "rnn.weight_hh_l0" holds 1 NaN or infinite value. No weights were loaded; the run is unchanged.',
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
