import { expect, test, stepOf, waitForBackend } from './fixtures';

test('models: a run trains the ticked models; the last model cannot be unticked; the joint view has a map per model', async ({ watched: page }) => {
  await page.goto('/?backend=wasm');
  await waitForBackend(page, 'wasm');
  await expect(page.locator('.tagline')).toContainText('G2-LSTM, LSTM and Sharpened σ(z/τ), trained side by side');

  const models = page.getByRole('group', { name: 'Models' });
  await models.getByRole('checkbox', { name: 'Sharpened σ(z/τ)' }).uncheck();
  await page.getByRole('button', { name: /Apply settings/ }).click();
  await waitForBackend(page, 'wasm');
  await expect(page.locator('.tagline')).toContainText('G2-LSTM and LSTM, trained side by side');

  await page.getByRole('button', { name: 'Train' }).click();
  await expect.poll(() => stepOf(page), { timeout: 60_000 }).toBeGreaterThanOrEqual(8);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('status-run')).toHaveText('paused');

  // Keyboard: the histogram tab's arrow key opens the joint view.
  await page.getByRole('tab', { name: 'Histograms' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Input × forget' })).toHaveAttribute('aria-selected', 'true');
  const panel = page.getByRole('region', { name: 'Input × forget' });
  await expect(panel.locator('svg[data-testid^="joint-map-"]')).toHaveCount(2);
  for (const model of ['g2', 'lstm']) {
    await expect(panel.getByTestId(`joint-map-${model}`).locator('.joint-cells rect')).toHaveCount(400);
    const cells = await panel.getByTestId(`joint-row-${model}`).locator('td').allTextContents();
    expect(cells).toHaveLength(5);
    expect(Number(cells[0])).toBeGreaterThanOrEqual(-1);
    expect(Number(cells[0])).toBeLessThanOrEqual(1);
    // Each corner share is a percentage; together at most all the pairs.
    const shares = cells.slice(1).map((c) => Number(c.replace('%', '')));
    for (const s of shares) expect(s).toBeGreaterThanOrEqual(0);
    expect(shares.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(100.05);
  }
  await page.screenshot({ path: 'test-results/screenshots/joint-gates.png' });

  // With one model left, its box is disabled rather than leaving a run of nothing.
  await models.getByRole('checkbox', { name: 'LSTM', exact: true }).uncheck();
  await expect(models.getByRole('checkbox', { name: 'G2-LSTM' })).toBeChecked();
  await expect(models.getByRole('checkbox', { name: 'G2-LSTM' })).toBeDisabled();
});
