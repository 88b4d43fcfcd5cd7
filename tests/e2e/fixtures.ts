import { readFileSync } from 'node:fs';
import { test as base, type Download, expect, type Page } from '@playwright/test';

/**
 * tfjs's warning when data is read back from the GPU synchronously (dataSync/arraySync: it stalls the
 * GPU's queue and the worker with it). WebGPU says it once per backend; the app reads with data() only.
 */
export const SYNC_READBACK = /synchronously reading/i;

/** Every page records console errors, page errors, synchronous GPU readbacks and requests that leave the machine. */
export const test = base.extend<{ watched: Page; problems: string[] }>({
  // Playwright reads a fixture's dependencies from this pattern: it must be there, even empty.
  // eslint-disable-next-line no-empty-pattern
  problems: async ({}, use) => {
    await use([]);
  },
  watched: async ({ page, problems }, use) => {
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
      else if (SYNC_READBACK.test(m.text())) problems.push(`synchronous readback: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (!['127.0.0.1', 'localhost'].includes(url.hostname) && !['data:', 'blob:'].includes(url.protocol)) {
        problems.push(`request off the machine: ${r.url()}`);
      }
    });
    await use(page);
    expect(problems).toEqual([]);
  },
});

export { expect };

export async function stepOf(page: Page): Promise<number> {
  return Number(await page.getByTestId('step').textContent());
}

export async function waitForBackend(page: Page, backend: string): Promise<void> {
  await expect(page.getByTestId('status')).toContainText(`Backend: ${backend}`);
  await expect(page.getByTestId('status-run')).toHaveText('idle');
}

/** Opens the page on a forced backend, trains until at least `steps` steps and pauses; returns the step it paused at. */
export async function trainThenPause(page: Page, backend: string, steps: number, timeout = 60_000): Promise<number> {
  await page.goto(`/?backend=${backend}`);
  await waitForBackend(page, backend);
  return trainUntil(page, steps, timeout);
}

/** Trains the run on the page until at least `steps` steps and pauses; returns the step it paused at. */
export async function trainUntil(page: Page, steps: number, timeout = 60_000): Promise<number> {
  await page.getByRole('button', { name: 'Train' }).click();
  await expect.poll(() => stepOf(page), { timeout }).toBeGreaterThanOrEqual(steps);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('status-run')).toHaveText('paused');
  return stepOf(page);
}

/** Opens a panel's Export button, picks a format and returns the download: its name and its bytes. */
export async function exportAs(page: Page, panel: string, format: string): Promise<{ name: string; bytes: Buffer }> {
  await page.getByRole('button', { name: `Export ${panel}`, exact: true }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download') as Promise<Download>,
    page.getByRole('button', { name: `Export ${panel} as ${format}`, exact: true }).click(),
  ]);
  return { name: download.suggestedFilename(), bytes: readFileSync(await download.path()) };
}

/** A share as the panels print it (one decimal of a percent): the tests' own formatting, to compare exactly. */
export const asPercent = (v: number) => `${(100 * v).toFixed(1)}%`;

/**
 * The joint (input, forget) row of each model against the panel's own JSON export: r as exported, and the
 * four corner shares summed here from the exported 20×20 fractions (rows input, columns forget; 0.1 and
 * 0.9 fall on bins 2 and 18).
 */
export async function expectJointRowsFromData(page: Page, ids: readonly string[]): Promise<void> {
  // A paused run's last gate report can land after the Pause click; the table and its export must agree once
  // it has: a lasting difference still fails when the retries run out.
  await expect(async () => {
    const data = JSON.parse((await exportAs(page, 'Input × forget', 'JSON')).bytes.toString('utf8')) as {
      models: { model: string; bins: number; correlation: number; fractions: number[][] }[];
    };
    expect(data.models.map((m) => m.model)).toEqual(ids);
    for (const m of data.models) {
      const edge = m.bins / 10;
      const sum = (rows: (r: number) => boolean, columns: (c: number) => boolean) =>
        m.fractions.reduce((s, row, r) => s + (rows(r) ? row.reduce((t, v, c) => t + (columns(c) ? v : 0), 0) : 0), 0);
      const low = (k: number) => k < edge;
      const high = (k: number) => k >= m.bins - edge;
      expect(m.fractions.flat().reduce((a, b) => a + b, 0), m.model).toBeCloseTo(1, 5);
      const cells = await page.getByTestId(`joint-row-${m.model}`).locator('td').allTextContents();
      const r = m.correlation.toFixed(2);
      expect(cells, m.model).toEqual([
        Number(r) === 0 ? (0).toFixed(2) : r,
        asPercent(sum(low, high)),
        asPercent(sum(high, low)),
        asPercent(sum(high, high)),
        asPercent(sum(low, low)),
      ]);
    }
  }).toPass({ timeout: 20_000 });
}
