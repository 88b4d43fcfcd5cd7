import type { Page } from '@playwright/test';
import { encodeSafetensors } from '../../src/model/safetensors';
import { expect, stepOf, test, trainThenPause, waitForBackend } from './fixtures';

const validBpc = async (page: Page, model: 'g2' | 'lstm') => page.getByTestId(`valid-${model}`).textContent();

async function waitForSave(page: Page, step: number): Promise<void> {
  await expect(page.getByTestId('saved-step')).toHaveText(` · saved at step ${step}`);
}

test('a reload mid-run reopens it at the same step with the same losses, and it trains on', async ({ watched: page }) => {
  const step = await trainThenPause(page, 'wasm', 25);
  await waitForSave(page, step);
  await expect(page.getByTestId('valid-caption')).toContainText(`at step ${step}`);
  const before = { g2: await validBpc(page, 'g2'), lstm: await validBpc(page, 'lstm') };

  await page.reload();
  await expect(page.getByText(/Reopened “moby-dick, G2\+LSTM, H64×1, τ 0.9, seed 1 .*” at step/)).toBeVisible();
  await waitForBackend(page, 'wasm');
  expect(await stepOf(page)).toBe(step);
  await expect(page.getByTestId('valid-caption')).toContainText(`at step ${step}`);
  expect({ g2: await validBpc(page, 'g2'), lstm: await validBpc(page, 'lstm') }).toEqual(before);
  // The loss curves drawn before the reload are back.
  await expect(page.getByRole('img', { name: 'Training and validation loss over steps' }).locator('path[stroke-width="1"]')).toHaveCount(2);
  await page.getByRole('button', { name: 'Train' }).click();
  await expect.poll(() => stepOf(page)).toBeGreaterThan(step + 3);
});

test('hiding the tab saves the run while it trains', async ({ watched: page }) => {
  await page.goto('/?backend=wasm');
  await waitForBackend(page, 'wasm');
  await page.getByRole('button', { name: 'Train' }).click();
  await expect.poll(() => stepOf(page)).toBeGreaterThan(5);
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await expect(page.getByTestId('saved-step')).toHaveText(/saved at step \d+/);
  await expect(page.getByTestId('status-run')).toHaveText('running');
});

test('a shared link restores the settings it holds; each of two tabs reopens its own run on reload', async ({ watched: page, context }) => {
  await page.goto('/?backend=wasm');
  await waitForBackend(page, 'wasm');
  await page.getByLabel('Hidden size').fill('32');
  await page.getByLabel('Seed').fill('7');
  // Choosing a text starts a run on it with the settings as edited; the link is of the run on screen.
  await page.getByLabel('Corpus').selectOption('copying');
  await expect(page.getByText('trained side by side in your browser on copying')).toBeVisible();
  await waitForBackend(page, 'wasm');
  await page.getByRole('button', { name: 'Copy link' }).click();
  const notice = await page.getByText(/^(Link copied|Copy this link): /).textContent();
  const url = /(http\S+)/.exec(notice ?? '')?.[1] ?? '';
  expect(new URL(url).search).toBe('?v=3&corpus=copying&hidden=32&seed=7&backend=wasm');

  const other = await context.newPage();
  await other.goto(url);
  await waitForBackend(other, 'wasm');
  await expect(other.getByLabel('Hidden size')).toHaveValue('32');
  await expect(other.getByLabel('Seed')).toHaveValue('7');
  await expect(other.getByLabel('Corpus')).toHaveValue('copying');
  await expect(other.getByText('trained side by side in your browser on copying')).toBeVisible();

  // Two tabs, two runs of the same settings told apart by their steps: the first tab's run at 2 steps, the link's at 1.
  for (const [tab, steps] of [[page, 2], [other, 1]] as const) {
    for (let k = 1; k <= steps; k++) {
      await tab.getByRole('button', { name: 'Step' }).click();
      await expect.poll(() => stepOf(tab)).toBe(k);
    }
    await waitForSave(tab, steps);
  }
  // The link's run, opened last, does not take the first tab's place: each reload reopens the tab's own run.
  await page.reload();
  await expect(page.getByText(/Reopened “.*” at step 2/)).toBeVisible();
  await waitForBackend(page, 'wasm');
  expect(await stepOf(page)).toBe(2);
  await other.reload();
  await expect(other.getByText(/Reopened “.*” at step 1/)).toBeVisible();
  await waitForBackend(other, 'wasm');
  expect(await stepOf(other)).toBe(1);
  await other.close();
});

test('a damaged saved run is refused with a clear message; the other opens', async ({ watched: page }) => {
  const first = await trainThenPause(page, 'wasm', 4);
  await waitForSave(page, first);
  await page.getByRole('button', { name: 'Reset' }).click();
  await waitForBackend(page, 'wasm');
  await page.getByRole('button', { name: 'Step' }).click();
  await waitForSave(page, 1);

  // Damage the first run's record in IndexedDB, as a broken disk or another tab's bug would.
  const damaged = await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('gatelab', 1);
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const active = localStorage.getItem('gatelab.activeRun');
    const tx = db.transaction(['summaries', 'runs'], 'readwrite');
    const ids = await new Promise<string[]>((resolve) => {
      const r = tx.objectStore('summaries').getAllKeys();
      r.onsuccess = () => resolve(r.result as string[]);
    });
    const victim = ids.find((id) => id !== active) as string;
    tx.objectStore('runs').put({ version: 1, id: victim, name: 'x', settings: 'garbage' }, victim);
    await new Promise((resolve) => (tx.oncomplete = resolve));
    return victim;
  });
  expect(damaged).toBeTruthy();

  await page.getByRole('button', { name: 'Saved runs' }).click();
  const dialog = page.getByRole('dialog', { name: 'Saved runs' });
  await expect(dialog.getByTestId('saved-run')).toHaveCount(2);
  // Its models by the names every panel gives them (it said 'g2, lstm').
  await expect(dialog.getByTestId('saved-run').first()).toContainText(' · step 1 · G2-LSTM and LSTM · saved ');
  // Newest first: the second run is on top, the damaged first run below.
  await dialog.getByRole('button', { name: /^Open / }).nth(1).click();
  await expect(dialog.getByRole('alert')).toContainText('could not be read: its settings are missing. Your other saved runs are not affected.');
  await expect(dialog.getByTestId('saved-run')).toHaveCount(2);
  // By keyboard: Escape while renaming leaves the name and the dialog open, focus back on Rename; Enter saves it.
  const rename = dialog.getByRole('button', { name: /^Rename / }).first();
  const before = await rename.getAttribute('aria-label');
  await rename.click();
  await dialog.getByRole('textbox').fill('not this');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeVisible();
  await expect(rename).toBeFocused();
  expect(await rename.getAttribute('aria-label')).toBe(before);
  await page.keyboard.press('Enter');
  await dialog.getByRole('textbox').fill('my good run');
  await page.keyboard.press('Enter');
  await expect(dialog.getByRole('button', { name: 'Rename my good run' })).toBeFocused();
  await dialog.getByRole('button', { name: 'Open my good run' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Reopened “my good run” at step 1.')).toBeVisible();
  expect(await stepOf(page)).toBe(1);
  // Renamed while on screen, the run keeps its new name through its next save (the save put the old one back),
  // and deleting the run the notice offers to reopen takes the notice away (its Reopen pointed at nothing).
  await expect(page.getByTestId('replaced-run')).toBeVisible();
  await page.getByRole('button', { name: 'Saved runs' }).click();
  await dialog.getByRole('button', { name: 'Rename my good run' }).click();
  await dialog.getByRole('textbox').fill('my best run');
  await page.keyboard.press('Enter');
  await dialog.getByRole('button', { name: /^Delete / }).nth(1).click();
  await expect(dialog.getByTestId('saved-run')).toHaveCount(1);
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Step' }).click();
  await waitForSave(page, 2);
  await page.getByRole('button', { name: 'Saved runs' }).click();
  await expect(dialog.getByTestId('saved-run')).toContainText('my best run (on screen)');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('replaced-run')).toHaveCount(0);
});

test('weights from PyTorch of another size and vocabulary are shown for inspection; Reset trains again', async ({ watched: page }) => {
  await page.goto('/?backend=wasm');
  await waitForBackend(page, 'wasm');
  // As plain PyTorch would save an nn.LSTM language model: names and layouts, the vocabulary, nothing else.
  const symbols = [...'\n !,.;?abcdefghijklmnopqrstuvwxyz', '\uFFFD'];
  const [V, E, H] = [symbols.length, 8, 40];
  let seed = 1;
  const random = (n: number) => Float32Array.from({ length: n }, () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 0.6);
  const tensor = (shape: number[]) => ({ shape, data: random(shape.reduce((a, b) => a * b, 1)) });
  const bytes = encodeSafetensors(
    {
      'embedding.weight': tensor([V, E]),
      'rnn.weight_ih_l0': tensor([4 * H, E]),
      'rnn.weight_hh_l0': tensor([4 * H, H]),
      'rnn.bias_ih_l0': tensor([4 * H]),
      'rnn.bias_hh_l0': tensor([4 * H]),
      'decoder.weight': tensor([V, H]),
      'decoder.bias': tensor([V]),
    },
    { vocab: JSON.stringify(symbols), unk: String(V - 1) },
  );
  await page.getByLabel('Import weights').setInputFiles({ name: 'torch-lm.safetensors', mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });
  await expect(page.getByText(`Showing the imported LSTM model (hidden 40, 1 layer, ${V} characters) on this text, for inspection only`, { exact: false })).toBeVisible();
  await expect(page.getByTestId('status-run')).toHaveText('inspecting');
  await expect(page.getByRole('button', { name: 'Train' })).toBeDisabled();
  // Its gates: one model's two rows in the strip, its histograms, its compression row.
  const strip = page.getByRole('grid', { name: 'Gate values over the validation text' });
  await expect(strip.getByRole('rowheader')).toHaveText(['LSTM input', 'LSTM forget', 'LSTM input', 'LSTM forget', 'LSTM input', 'LSTM forget']);
  await expect(page.getByTestId('end-bins').locator('tbody tr')).toHaveCount(1);
  await expect(page.getByTestId('compression-table').locator('tbody tr')).toHaveCount(1);
  await expect(page.getByRole('option', { name: 'unit 39' })).toBeAttached();

  await page.getByRole('button', { name: 'Reset' }).click();
  await waitForBackend(page, 'wasm');
  await expect(page.getByRole('button', { name: 'Train' })).toBeEnabled();
  await expect(page.getByTestId('end-bins').locator('tbody tr')).toHaveCount(2);
});
