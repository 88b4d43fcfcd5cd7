import { test as base, expect, type Page } from '@playwright/test';

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
