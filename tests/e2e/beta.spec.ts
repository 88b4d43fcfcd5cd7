import { expect, expectJointRowsFromData, test, trainUntil, waitForBackend } from './fixtures';

test('beta gates: Beta-LSTM and Bivariate Beta-LSTM train beside G2 and LSTM; their joint (input, forget) maps and tables are filled', async ({ watched: page }) => {
  await page.goto('/?backend=wasm');
  await waitForBackend(page, 'wasm');

  const models = page.getByRole('group', { name: 'Models' });
  for (const name of ['Beta-LSTM', 'Bivariate Beta-LSTM']) await models.getByRole('checkbox', { name, exact: true }).check();
  await page.getByRole('button', { name: /Apply settings/ }).click();
  await waitForBackend(page, 'wasm');
  await expect(page.locator('.tagline')).toContainText('G2-LSTM, LSTM, Beta-LSTM and Bivariate Beta-LSTM, trained side by side');

  await trainUntil(page, 6, 120_000);

  const ids = ['g2', 'lstm', 'beta', 'bibeta'];
  for (const id of ids) await expect(page.getByTestId(`valid-${id}`)).toHaveText(/^\d+\.\d{3}$/);
  for (const table of ['end-bins', 'compression-table']) await expect(page.getByTestId(table).locator('tbody tr')).toHaveCount(4);
  // Four models' histograms still fit their place at 1280×800.
  const histograms = page.getByRole('region', { name: 'Gate histograms' });
  await expect.poll(() => histograms.evaluate((p) => p.scrollHeight - p.clientHeight)).toBeLessThanOrEqual(1);
  await expect(histograms.getByTestId('legend').getByText('Bivariate Beta-LSTM', { exact: true })).toHaveCount(1);
  // The charts give each table row past what a panel holds its height: Loss, Soft vs binarized and Compression
  // show whole at 1280×800 (they scrolled 15, 47 and 25 px with four models).
  const overflow = (name: string) => page.getByRole('region', { name, exact: true }).evaluate((p) => p.scrollHeight - p.clientHeight);
  await expect.poll(() => overflow('Loss')).toBeLessThanOrEqual(1);
  await expect.poll(() => overflow('Compression')).toBeLessThanOrEqual(1);
  await page.getByRole('tab', { name: 'Soft vs binarized' }).click();
  await expect(page.getByTestId('soft-binary-table').locator('tbody tr')).toHaveCount(4);
  await expect.poll(() => overflow('Soft versus binarized gates')).toBeLessThanOrEqual(1);
  // Four rows show short names; assistive technology still reads the full one.
  const endBins = page.getByTestId('end-bins');
  await expect(endBins.getByRole('rowheader', { name: 'Bivariate Beta-LSTM', exact: true })).toBeVisible();
  await expect(endBins.getByRole('rowheader', { name: 'Bivariate Beta-LSTM', exact: true }).locator('abbr')).toHaveText('BiBeta');

  await page.getByRole('tab', { name: 'Input × forget' }).click();
  const panel = page.getByRole('region', { name: 'Input × forget' });
  await expect(panel.locator('svg[data-testid^="joint-map-"]')).toHaveCount(4);
  for (const id of ['beta', 'bibeta']) {
    // The map has shades: the gates were read back from the Beta cell, not left as one empty colour.
    const fills = await panel.getByTestId(`joint-map-${id}`).locator('.joint-cells rect').evaluateAll((rects) => rects.map((r) => r.getAttribute('fill')));
    expect(fills).toHaveLength(400);
    expect(new Set(fills).size).toBeGreaterThan(1);
  }
  await expectJointRowsFromData(page, ids);
  await page.screenshot({ path: 'test-results/screenshots/beta-models.png', fullPage: true });
});
