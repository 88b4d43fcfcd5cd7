import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, trainUntil, waitForBackend } from './fixtures';
import { serveStatic } from './staticServer';

// One visit to the build on a plain static server (no COOP/COEP), then the server is gone and the network cut:
// the service worker (sw.js of the test build, dist-e2e/) serves the page, the worker, the wasm binaries and the built-in text, and
// adds the two headers, so the reloaded page is cross-origin isolated where the host never said so.
test('after one visit the page reloads and trains offline, cross-origin isolated by its service worker', async ({ watched: page, context }) => {
  const site = mkdtempSync(join(tmpdir(), 'gatelab-offline-'));
  cpSync('dist-e2e', join(site, 'gatelab'), { recursive: true });
  const server = await serveStatic(site);
  try {
    await page.goto(`${server.origin}/gatelab/?backend=wasm`);
    await waitForBackend(page, 'wasm');
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 60_000 }).toBe(true);

    await server.close();
    await context.setOffline(true);
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Gate Lab');
    await waitForBackend(page, 'wasm');
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    const threads = await page.evaluate(() => Math.min(navigator.hardwareConcurrency, 8));
    await expect(page.getByTestId('threads')).toHaveText(` (${threads} thread${threads === 1 ? '' : 's'})`);
    await trainUntil(page, 2);
    await expect(page.getByTestId('valid-g2')).toHaveText(/^\d+\.\d{3}$/);
  } finally {
    await context.setOffline(false);
    await server.close().catch(() => undefined);
    rmSync(site, { recursive: true, force: true });
  }
});
