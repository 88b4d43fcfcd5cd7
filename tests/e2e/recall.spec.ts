import { asPercent, expect, exportAs, test, stepOf, trainUntil, waitForBackend } from './fixtures';

test('copying task: with h-detach compared, the recall tab follows every model and its h-detach twin over steps', async ({ watched: page }) => {
  await page.goto('/?backend=wasm');
  await waitForBackend(page, 'wasm');
  // Not the copying task: the recall tab says where recall is measured.
  await page.getByRole('tab', { name: 'Recall' }).click();
  await expect(page.getByTestId('recall-empty')).toContainText('choose “Copying task”');

  await page.getByLabel('Corpus').selectOption('copying');
  await waitForBackend(page, 'wasm');
  const models = page.getByRole('group', { name: 'Models' });
  await models.getByRole('checkbox', { name: 'Sharpened σ(z/τ)' }).uncheck();
  // The default delay (T 50) sits at chance for long: one button sets what learns within minutes.
  await page.getByRole('button', { name: 'Quick to learn: T = 10, learning rate 0.01, forget-gate bias +3' }).click();
  await expect(page.getByRole('spinbutton', { name: 'Delay T' })).toHaveValue('10');
  await expect(page.getByRole('spinbutton', { name: 'Learning rate', exact: true })).toHaveValue('0.01');
  await expect(page.getByRole('spinbutton', { name: 'Forget-gate bias' })).toHaveValue('3');
  await expect(page.getByRole('button', { name: /Quick to learn/ })).toHaveCount(0);
  await page.getByRole('spinbutton', { name: 'Delay T' }).fill('5');
  // Windows hold whole examples: 10 symbols, 4 blanks, ':', 10 symbols, '\n'.
  await expect(page.getByTestId('copy-window')).toContainText('1 × 26 = 26 characters');
  // Ticked at h-detach p 0 (no twins would train), it brings p 0.25 with it.
  await expect(page.getByLabel('h-detach p')).toHaveValue('0');
  await models.getByRole('checkbox', { name: 'With and without h-detach' }).check();
  await expect(page.getByLabel('h-detach p')).toHaveValue('0.25');
  await page.getByRole('button', { name: /Apply settings/ }).click();
  await waitForBackend(page, 'wasm');
  await expect(page.locator('.tagline')).toContainText('G2-LSTM, LSTM, G2-LSTM + h-detach and LSTM + h-detach');

  // The copying task opens on its recall tab; configure already measured the untrained models.
  await expect(page.getByRole('tab', { name: 'Recall' })).toHaveAttribute('aria-selected', 'true');
  const panel = page.getByRole('region', { name: 'Copying recall, delay T = 5' });
  const ids = ['g2', 'lstm', 'g2+hd', 'lstm+hd'];
  for (const id of ids) await expect(panel.getByTestId(`recall-row-${id}`)).toBeVisible();
  // Chart and table show whole in the panel at 1280×800 with four models (the table sat below the fold).
  await expect.poll(() => panel.evaluate((p) => p.scrollHeight - p.clientHeight)).toBeLessThanOrEqual(1);

  await trainUntil(page, 6, 90_000);
  // The pause forces a measurement at its step.
  const step = await stepOf(page);
  await expect(panel.locator('caption')).toContainText(`Recall at step ${step}`);
  // Each row is its model's last point of the exported curve, which counts 64 examples of 10 symbols.
  const data = JSON.parse((await exportAs(page, 'Copying recall, delay T = 5', 'JSON')).bytes.toString('utf8')) as {
    delay: number;
    curve: { step: number; model: string; symbolAccuracy: number; sequenceAccuracy: number }[];
  };
  expect(data.delay).toBe(5);
  for (const id of ids) {
    const last = data.curve.filter((p) => p.model === id).at(-1);
    expect(last?.step, id).toBe(step);
    const { symbolAccuracy, sequenceAccuracy } = last as NonNullable<typeof last>;
    expect(symbolAccuracy * 640, id).toBeCloseTo(Math.round(symbolAccuracy * 640), 6);
    expect(sequenceAccuracy * 64, id).toBeCloseTo(Math.round(sequenceAccuracy * 64), 6);
    expect(await panel.getByTestId(`recall-row-${id}`).locator('td').allTextContents(), id).toEqual([asPercent(symbolAccuracy), asPercent(sequenceAccuracy)]);
  }
  // One line per model and the dashed chance line (d3's axis domains are the other paths).
  await expect(panel.locator('svg path[fill="none"]:not(.domain)')).toHaveCount(ids.length + 1);
  await expect(panel.locator('svg path[stroke-dasharray]')).toHaveCount(1);
  await page.screenshot({ path: 'test-results/screenshots/recall.png', fullPage: true });
});
