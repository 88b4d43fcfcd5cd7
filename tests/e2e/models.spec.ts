import { expect, expectJointRowsFromData, test, trainUntil, waitForBackend } from './fixtures';

test('models: ticking the sharpened sigmoid makes it a third row of every comparison; the joint view has a map per model; the last model stays', async ({ watched: page }) => {
  await page.goto('/?backend=wasm');
  await waitForBackend(page, 'wasm');
  await expect(page.locator('.tagline')).toContainText('G2-LSTM and LSTM, trained side by side');

  const models = page.getByRole('group', { name: 'Models' });
  await models.getByRole('checkbox', { name: 'Sharpened σ(z/τ)' }).check();
  await page.getByRole('button', { name: /Apply settings/ }).click();
  await waitForBackend(page, 'wasm');
  await expect(page.locator('.tagline')).toContainText('G2-LSTM, LSTM and Sharpened σ(z/τ), trained side by side');

  await trainUntil(page, 8);

  const ids = ['g2', 'lstm', 'sharpened'];
  for (const id of ids) await expect(page.getByTestId(`valid-${id}`)).toHaveText(/^\d+\.\d{3}$/);
  for (const table of ['end-bins', 'compression-table']) await expect(page.getByTestId(table).locator('tbody tr')).toHaveCount(3);
  // Three models' histograms fit their place at 1280×800 (short names, the shares left to the table): no scrolling.
  const histograms = page.getByRole('region', { name: 'Gate histograms' });
  await expect.poll(() => histograms.evaluate((p) => p.scrollHeight - p.clientHeight)).toBeLessThanOrEqual(1);
  await expect(histograms.locator('.hint')).toContainText(/^Validation slice, σ\(z\) gates: .*(G2|LSTM|Sharp).*\(shares in the end bins below\)\.$/);
  // Per block of text: each model's input and forget rows.
  const blocks = await page.locator('.gate-block').count();
  expect(blocks).toBeGreaterThan(0);
  await expect(page.locator('.gate-row')).toHaveCount(3 * 2 * blocks);
  await page.getByRole('tab', { name: 'Soft vs binarized' }).click();
  await expect(page.getByTestId('soft-binary-table').locator('tbody tr')).toHaveCount(3);
  await page.getByRole('tab', { name: 'Samples' }).click();
  await page.getByRole('button', { name: 'Sample text' }).click();
  for (const id of ids) await expect(page.getByTestId(`sample-${id}`)).not.toBeEmpty();

  // Keyboard: the histogram tab's arrow key opens the joint view.
  await page.getByRole('tab', { name: 'Histograms' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Input × forget' })).toHaveAttribute('aria-selected', 'true');
  const panel = page.getByRole('region', { name: 'Input × forget' });
  await expect(panel.locator('svg[data-testid^="joint-map-"]')).toHaveCount(3);
  for (const id of ids) await expect(panel.getByTestId(`joint-map-${id}`).locator('.joint-cells rect')).toHaveCount(400);
  await expectJointRowsFromData(page, ids);
  await page.screenshot({ path: 'test-results/screenshots/three-models.png', fullPage: true });

  // With one model left, its box is disabled rather than leaving a run of nothing.
  for (const name of ['Sharpened σ(z/τ)', 'LSTM']) await models.getByRole('checkbox', { name, exact: true }).uncheck();
  await expect(models.getByRole('checkbox', { name: 'G2-LSTM' })).toBeChecked();
  await expect(models.getByRole('checkbox', { name: 'G2-LSTM' })).toBeDisabled();
});
