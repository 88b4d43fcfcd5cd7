import { expect, test, trainThenPause } from './fixtures';

test('constant gates: a grid per model; moving the threshold by keyboard changes the counts at once', async ({ watched: page }) => {
  await trainThenPause(page, 'wasm', 10);
  const tab = page.getByRole('tab', { name: 'Constant gates' });
  await expect(page.getByRole('tab', { name: 'Compression' })).toHaveAttribute('aria-selected', 'true');
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
  const row = panel.getByTestId('constant-row-g2');
  const cells = row.locator('td');
  const before = await cells.allTextContents();
  await slider.focus();
  // End: the largest threshold (1), above every spread: all 4 × 64 gates constant, every unit removable.
  await page.keyboard.press('End');
  await expect(panel.getByTestId('constant-threshold')).toHaveText('1.0');
  await expect(panel.getByTestId('removable-g2')).toHaveText('64/64');
  await expect(panel.getByTestId('removable-lstm')).toHaveText('64/64');
  await expect(panel.getByTestId(`constant-grid-g2`).locator('.constant-marks rect')).toHaveCount(4 * 64);
  expect(await cells.allTextContents()).not.toEqual(before);
  await expect(panel.getByTestId('freeze-cost-g2')).not.toHaveText('+0.000');
  // Home: the smallest (0.0001), nothing is constant after ten steps, and freezing nothing costs nothing.
  await page.keyboard.press('Home');
  await expect(panel.getByTestId('constant-threshold')).toHaveText('0.00010');
  await expect(cells).toHaveText(['0', '0', '0', '0', '0/64', '+0.000']);
  // Arrow keys step through the log scale.
  await page.keyboard.press('ArrowRight');
  await expect(panel.getByTestId('constant-threshold')).toHaveText('0.00013');
  await page.screenshot({ path: 'test-results/screenshots/constant-gates.png' });
});
