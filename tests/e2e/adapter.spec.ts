import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS } from '../../playwright.config';
import { expect, stepOf, SYNC_READBACK, test, waitForBackend } from './fixtures';

/**
 * The page works with whatever WebGPU adapter the browser gives — a software one here, a GPU elsewhere,
 * or none — and never reads GPU data back synchronously. Nothing here asserts which adapter the machine has.
 */
type GpuAdapter = { isFallbackAdapter?: boolean; info?: { isFallbackAdapter?: boolean } };
type GpuWindow = { adapterAtStart: Promise<{ fallback: boolean } | null> };

test('forced WebGPU runs on the adapter the browser gives and says which, or says there is none', async ({ watched: page }) => {
  // Asked at document start: once the worker holds a device, a second requestAdapter() in the page can return null.
  await page.addInitScript(() => {
    const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<GpuAdapter | null> } }).gpu;
    (window as unknown as GpuWindow).adapterAtStart = gpu
      ? gpu.requestAdapter().then((a) => (a ? { fallback: Boolean(a.info?.isFallbackAdapter ?? a.isFallbackAdapter) } : null))
      : Promise.resolve(null);
  });
  await page.goto('/?backend=webgpu');
  const adapter = await page.evaluate(() => (window as unknown as GpuWindow).adapterAtStart);
  test.info().annotations.push({ type: 'webgpu', description: adapter ? (adapter.fallback ? 'software (fallback) adapter' : 'hardware adapter') : 'none' });
  if (!adapter) {
    await expect(page.getByRole('alert')).toContainText(/webgpu/i);
    return;
  }
  // WebGPU's start includes the fused cell's self-check: shader compilation, slow on a software adapter under load.
  await expect(page.getByTestId('status')).toContainText('Backend: webgpu', { timeout: 150_000 });
  await waitForBackend(page, 'webgpu');
  const status = page.getByTestId('status');
  if (adapter.fallback) await expect(status).toContainText('software adapter');
  else await expect(status).not.toContainText('software adapter');
});

test('nothing is read back synchronously: backend probe, self-checks and steps', async ({ watched: page }) => {
  test.setTimeout(300_000);
  const readbacks: string[] = [];
  page.on('console', (m) => {
    if (SYNC_READBACK.test(m.text())) readbacks.push(m.text());
  });
  // No backend forced: the page starts and times every backend it can (WebGPU where there is an adapter,
  // the source of tfjs's warning), self-checks included, then trains on the fastest — at once, a first visit.
  // (Forced WebGPU and WebGL runs are checked for the warning by the `watched` fixture in training.spec.ts.)
  await page.goto('/');
  await expect.poll(() => stepOf(page), { timeout: 240_000 }).toBeGreaterThanOrEqual(1);
  expect(readbacks).toEqual([]);
});

test('without WebGPU in the browser the page picks another backend and trains', async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    // No --enable-unsafe-webgpu and no GPU: Chromium then gives no WebGPU adapter (navigator.gpu stays, requestAdapter() answers null).
    args: [...CHROMIUM_ARGS.filter((a) => a !== '--enable-unsafe-webgpu'), '--disable-gpu'],
  });
  try {
    const page = await browser.newPage({ baseURL: test.info().project.use.baseURL, viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto('/');
    const adapter = await page.evaluate(async () =>
      Boolean(await (navigator as unknown as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu?.requestAdapter()),
    );
    test.skip(adapter, 'this browser gives a WebGPU adapter even without --enable-unsafe-webgpu and with --disable-gpu');
    const status = page.getByTestId('status');
    await expect(status).toContainText(/Backend: (webgl|wasm|cpu)/, { timeout: 150_000 });
    // A first visit: it trains without a click.
    await expect.poll(() => stepOf(page), { timeout: 150_000 }).toBeGreaterThanOrEqual(1);
    await expect(status).not.toContainText('webgpu');
    // Forcing WebGPU there: the page says it cannot, and does not pretend.
    await page.goto('/?backend=webgpu');
    await expect(page.getByRole('alert')).toContainText(/webgpu/i);
    await expect(status).not.toContainText('Backend: webgpu');
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
  }
});
