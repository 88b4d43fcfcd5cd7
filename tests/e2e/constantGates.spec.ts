import { expect, test, trainThenPause } from './fixtures';

test('constant gates: a grid per model; moving the threshold by keyboard changes the counts at once; Compression keeps its r/c/k across the tab switch', async ({ watched: page }) => {
  await trainThenPause(page, 'wasm', 10);
  const tab = page.getByRole('tab', { name: 'Constant gates' });
  await expect(page.getByRole('tab', { name: 'Compression' })).toHaveAttribute('aria-selected', 'true');
  // Compression's r/c/k are the worker's: a rank chosen here is still there after Constant gates' turn below.
  const compression = page.getByRole('region', { name: 'Compression' });
  const rank = compression.getByRole('spinbutton', { name: 'Rank k' });
  await rank.fill('3');
  await expect(compression.getByTestId('compression-table')).toContainText('low rank k=3');
  // One tab stop: the arrow key moves to the other tab and selects it.
  await page.getByRole('tab', { name: 'Compression' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(tab).toBeFocused();
  await expect(tab).toHaveAttribute('aria-selected', 'true');

  const panel = page.getByRole('region', { name: 'Constant gates' });
  for (const model of ['g2', 'lstm']) {
    const grid = panel.getByTestId(`constant-grid-${model}`);
    await expect(grid).toBeVisible();
    await expect(grid.locator('g[data-gate] > rect')).toHaveCount(4 * 64);
    await expect(panel.getByTestId(`freeze-cost-${model}`)).toHaveText(/^[+-]\d+\.\d{3}$/);
  }
  // The page still fits one screen with this view, and still has four panels.
  const fit = await page.evaluate(() => ({
    titles: [...document.querySelectorAll('section.panel h2')].map((h) => h.textContent),
    right: Math.max(...[...document.querySelectorAll('section.panel')].map((s) => s.getBoundingClientRect().right)),
  }));
  expect(fit.titles).toEqual(['Loss', 'Gate histograms', 'Gates over text', 'Constant gates']);
  expect(fit.right).toBeLessThanOrEqual(1280);

  const slider = panel.getByRole('slider', { name: 'Threshold' });
  const cells = panel.getByTestId('constant-row-g2').locator('td');
  await slider.focus();
  // Home: the smallest threshold (0.0001); nothing is constant after ten steps, and freezing nothing costs nothing.
  // (The default, 0.05, can already hold every gate of a ten-step network, so the test starts from an end.)
  await page.keyboard.press('Home');
  await expect(panel.getByTestId('constant-threshold')).toHaveText('0.00010');
  await expect(cells).toHaveText(['0', '0', '0', '0', '0/64', '+0.000']);
  // End: the largest threshold (1), above every spread: all 4 × 64 gates constant, every unit removable.
  await page.keyboard.press('End');
  await expect(panel.getByTestId('constant-threshold')).toHaveText('1.0');
  await expect(cells).toHaveText(['64', '64', '64', '64', '64/64', /^[+-]\d+\.\d{3}$/]);
  await expect(panel.getByTestId('removable-lstm')).toHaveText('64/64');
  await expect(panel.getByTestId(`constant-grid-g2`).locator('.constant-marks rect')).toHaveCount(4 * 64);
  await page.keyboard.press('Home');
  await expect(cells).toHaveText(['0', '0', '0', '0', '0/64', '+0.000']);
  // Arrow keys step through the log scale.
  await page.keyboard.press('ArrowRight');
  await expect(panel.getByTestId('constant-threshold')).toHaveText('0.00013');
  await page.screenshot({ path: 'test-results/screenshots/constant-gates.png' });
  await page.getByRole('tab', { name: 'Compression' }).click();
  await expect(rank).toHaveValue('3');
  await expect(compression.getByTestId('compression-table')).toContainText('low rank k=3');
});
