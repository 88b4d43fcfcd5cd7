import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, trainUntil, waitForBackend } from './fixtures';
import { serveStatic } from './staticServer';

// The build (dist-e2e/, the test build the preview web server of playwright.config.ts makes: the product
// plus the worker's test hooks, which play no part here) copied into a nested folder of
// a plain static server that sends no COOP/COEP headers, as a lab's web server under /~name/gatelab/ does.
test('the build served from a sub-path by a plain static server trains, single-threaded, and says why', async ({ watched: page }) => {
  const site = mkdtempSync(join(tmpdir(), 'gatelab-site-'));
  cpSync('dist-e2e', join(site, '~lab', 'gatelab'), { recursive: true });
  const server = await serveStatic(site);
  try {
    await page.goto(`${server.origin}/~lab/gatelab/?backend=wasm`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Gate Lab');
    await waitForBackend(page, 'wasm');
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
    await expect(page.getByTestId('threads')).toContainText('1 thread: the page is not cross-origin isolated');
    await trainUntil(page, 2);
    await expect(page.getByTestId('valid-g2')).toHaveText(/^\d+\.\d{3}$/);
  } finally {
    await server.close();
    rmSync(site, { recursive: true, force: true });
  }
});
