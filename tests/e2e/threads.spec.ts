import { DEV_PORT } from '../../playwright.config';
import { expect, test, trainUntil, waitForBackend } from './fixtures';

/** What the page should compute on: one thread per logical core, within the 8 workers tfjs's threaded build starts. */
async function expectedThreads(page: import('@playwright/test').Page): Promise<number> {
  return page.evaluate(() => Math.min(navigator.hardwareConcurrency, 8));
}

// Both servers of the app send COOP same-origin + COEP require-corp: the page is cross-origin isolated, so
// tfjs-backend-wasm loads its threaded SIMD build and runs on every core the browser reports.
for (const [server, origin] of [
  ['the preview of the build', ''],
  ['the development server', `http://127.0.0.1:${DEV_PORT}`],
] as const) {
  test(`${server} is cross-origin isolated and wasm trains on every core`, async ({ watched: page }) => {
    await page.goto(`${origin}/?backend=wasm`);
    await waitForBackend(page, 'wasm');
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    const threads = await expectedThreads(page);
    await expect(page.getByTestId('threads')).toHaveText(` (${threads} thread${threads === 1 ? '' : 's'})`);
    await trainUntil(page, 2);
    await expect(page.getByTestId('valid-g2')).toHaveText(/^\d+\.\d{3}$/);
  });
}
