import { expect, test } from './fixtures';

// Chromium reports isFallbackAdapter on adapter.info; older builds on the adapter itself.
type GpuAdapter = { isFallbackAdapter?: boolean; info?: { isFallbackAdapter?: boolean } };
type GpuNavigator = { gpu?: { requestAdapter(): Promise<GpuAdapter | null> } };

// `watched` fails the test on any console error, page error or request that leaves 127.0.0.1/localhost.
test('the page opens with its heading, quietly, offline, with a WebGPU adapter', async ({ watched: page }, info) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Gate Lab');
  // Let the worker start and pick its backend, so that errors while it loads are caught too.
  await expect(page.getByTestId('status')).toContainText(/Backend: (webgpu|webgl|wasm|cpu)/);
  await expect(page.getByTestId('status-run')).toHaveText('idle');

  const adapter = await page.evaluate(async () => {
    const a = await (navigator as unknown as GpuNavigator).gpu?.requestAdapter();
    return a ? { fallback: Boolean(a.info?.isFallbackAdapter ?? a.isFallbackAdapter) } : null;
  });
  expect(adapter).not.toBeNull();
  const kind = adapter?.fallback ? 'software (fallback) adapter' : 'hardware adapter';
  info.annotations.push({ type: 'webgpu', description: kind });

  expect(page.viewportSize()).toEqual({ width: 1280, height: 800 });
  await page.screenshot({ path: 'test-results/screenshots/smoke.png' });
});
