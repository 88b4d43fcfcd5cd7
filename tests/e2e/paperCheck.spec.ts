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
    expect(['met', 'partly', 'not met', 'not shown']).toContain(await verdicts.nth(k).getAttribute('data-verdict'));
  }
  const table = page.getByTestId('paper-check');
  await expect(table).toContainText('end bins input / forget: G2-LSTM');
  await expect(table).toContainText('nats/char added, G2-LSTM / LSTM: binarize');
  await expect(table).toContainText(/validation loss: G2-LSTM \d\.\d{3}, LSTM \d\.\d{3} nats\/char/);
  // The run trains on: the tables first fill from the untrained models' reports at step 0, then follow the steps.
  await expect.poll(() => stepOf(page), { timeout: 60_000 }).toBeGreaterThan(0);
  // The histogram's caption comes from its numbers, in σ(z) gates by default, with no τ in it.
  const hint = page.locator('#histograms-title').locator('xpath=../..').locator('.hint');
  await expect(hint).toContainText(/in the end bins \(input \/ forget\): G2-LSTM \d+ % \/ \d+ %/);
  await expect(page.getByTestId('end-bins').locator('caption')).toHaveText('Share in the end bins, σ(z) gates');
  await page.screenshot({ path: 'test-results/screenshots/paper-check.png', fullPage: true });
});

test('without both G2-LSTM and LSTM there is nothing to judge, and the tab says why; long model names read whole in Gates over text at 1280, 1024 and 390 px', async ({ watched: page }) => {
  await page.goto('/?backend=wasm&v=3&models=sharpened,bibeta');
  await waitForBackend(page, 'wasm');
  await page.getByRole('tab', { name: 'Paper check' }).click();
  await expect(page.getByTestId('paper-check-missing')).toContainText('train both');
  // Two models go by their full names; "Bivariate Beta-LSTM forget" once ended in an ellipsis.
  await expect(page.locator('.gate-row-label').first()).toHaveText('Sharpened σ(z/τ) input');
  for (const [width, height] of [[1280, 800], [1024, 768], [390, 844]] as const) {
    await page.setViewportSize({ width, height });
    const cut = await page.evaluate(() => {
      const problems: string[] = [];
      for (const row of document.querySelectorAll('.gate-row')) {
        const label = row.querySelector<HTMLElement>('.gate-row-label');
        const strip = row.querySelector<HTMLElement>('.gate-chars');
        if (!label || !strip) continue;
        if (label.scrollWidth > label.clientWidth + 0.5) problems.push(`label "${label.textContent}" is cut`);
        const last = strip.lastElementChild?.getBoundingClientRect();
        if (last && last.right > strip.getBoundingClientRect().right + 0.5) problems.push(`${label.textContent}: its last character is cut`);
      }
      return problems;
    });
    expect(cut, `${width} px`).toEqual([]);
    expect(await page.locator('.gate-row-label').allTextContents()).toContain('Bivariate Beta-LSTM forget');
  }
  await page.locator('.gate-rows').screenshot({ path: 'test-results/screenshots/gate-text-long-names-390.png' });
});
