import { expect } from '@playwright/test';
import { stepOf, test, waitForBackend } from './fixtures';

test('the Paper check tab judges the three claims on the live numbers', async ({ watched: page }) => {
  await page.goto('/?backend=wasm&v=3&hidden=16&embedding=16&seqLen=16');
  await waitForBackend(page, 'wasm');
  await page.getByRole('button', { name: 'Train' }).click();
  await expect(page.getByTestId('compression-table').locator('tbody tr')).toHaveCount(2, { timeout: 60_000 });
  await page.getByRole('tab', { name: 'Paper check' }).click();
  const verdicts = page.getByTestId('verdict');
  await expect(verdicts).toHaveCount(3);
  for (const k of [0, 1, 2]) {
    expect(['met', 'partly', 'not met']).toContain(await verdicts.nth(k).getAttribute('data-verdict'));
  }
  const table = page.getByTestId('paper-check');
  await expect(table).toContainText('end bins input / forget: G2-LSTM');
  await expect(table).toContainText('nats/char added, G2-LSTM / LSTM: binarize');
  await expect(table).toContainText(/validation loss: G2-LSTM \d\.\d{3}, LSTM \d\.\d{3} nats\/char/);
  expect(await stepOf(page)).toBeGreaterThan(0);
  // The histogram's caption comes from its numbers, in σ(z) gates by default, with no τ in it.
  const hint = page.locator('#histograms-title').locator('xpath=../..').locator('.hint');
  await expect(hint).toContainText(/in the end bins \(input \/ forget\): G2-LSTM \d+ % \/ \d+ %/);
  await expect(page.getByTestId('end-bins').locator('caption')).toHaveText('Share in the end bins, σ(z) gates');
  await page.screenshot({ path: 'test-results/screenshots/paper-check.png', fullPage: true });
});

test('with one model there is nothing to judge, and the tab says why', async ({ watched: page }) => {
  await page.goto('/?backend=wasm&v=3&models=g2');
  await waitForBackend(page, 'wasm');
  await page.getByRole('tab', { name: 'Paper check' }).click();
  await expect(page.getByTestId('paper-check-missing')).toContainText('train both');
});
