import { expect, stepOf, test } from './fixtures';

// Chromium reports isFallbackAdapter on adapter.info; older builds on the adapter itself.
type GpuAdapter = { isFallbackAdapter?: boolean; info?: { isFallbackAdapter?: boolean } };
type GpuNavigator = { gpu?: { requestAdapter(): Promise<GpuAdapter | null> } };

// `watched` fails the test on any console error, page error or request that leaves 127.0.0.1/localhost.
test('the page opens with its heading, quietly, offline, on whatever backend the browser offers', async ({ watched: page }, info) => {
  // Asked at document start: once the worker holds a WebGPU device (it measures WebGPU when choosing a
  // backend), a second requestAdapter() in the page returned null in our headless runs.
  await page.addInitScript(() => {
    const gpu = (navigator as unknown as GpuNavigator).gpu;
    (window as unknown as { adapterAtStart: Promise<unknown> }).adapterAtStart = gpu
      ? gpu.requestAdapter().then((a) => (a ? { fallback: Boolean(a.info?.isFallbackAdapter ?? a.isFallbackAdapter) } : null))
      : Promise.resolve(null);
  });
  // Measuring every backend took over a minute on a loaded 2-core machine (SwiftShader compiles the WebGPU shaders).
  test.setTimeout(300_000);
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Gate Lab');
  // Let the worker start and pick its backend, so that errors while it loads are caught too.
  await expect(page.getByTestId('status')).toContainText(/Backend: (webgpu|webgl|wasm|cpu)/, { timeout: 180_000 });
  // A first visit trains as soon as its backend is ready, and says so.
  await expect(page.getByTestId('status-run')).toHaveText('running', { timeout: 60_000 });
  await expect(page.getByText('Training started on its own')).toBeVisible();
  // A notice opens over a corner of the panels, tabs included: closed, what it covered answers clicks.
  await page.getByRole('button', { name: 'Close this notice' }).click();
  await expect(page.getByText('Training started on its own')).toHaveCount(0);
  await page.getByRole('tab', { name: 'Input × forget' }).click({ timeout: 5_000 });
  await page.getByRole('tab', { name: 'Histograms' }).click({ timeout: 5_000 });
  await expect(page.getByRole('tab', { name: 'Histograms' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('start-hint')).toHaveCount(0);
  await expect.poll(() => stepOf(page), { timeout: 120_000 }).toBeGreaterThanOrEqual(1);
  // The run's speed and time left show whole at 1280 px: the backends' measured times are what the line cuts.
  await expect(page.getByTestId('rate')).toBeVisible({ timeout: 60_000 });
  const shown = await page.evaluate(() => {
    const status = document.querySelector('[data-testid="status"]')!.getBoundingClientRect();
    const rate = document.querySelector('[data-testid="rate"]')!.getBoundingClientRect();
    const progress = document.querySelector('.status-progress');
    return { rateInside: rate.right <= status.right + 0.5, progressWhole: progress !== null && progress.scrollWidth <= progress.clientWidth + 1 };
  });
  expect(shown).toEqual({ rateInside: true, progressWhole: true });
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('status-run')).toHaveText('paused', { timeout: 60_000 });
  const paused = await stepOf(page);
  await expect(page.getByTestId('saved-step')).toContainText(`saved at step ${paused}`, { timeout: 60_000 });
  // With no backend forced, the page measured the candidates and runs on the fastest it listed first.
  const timings = (await page.getByTestId('backend-timings').textContent()) ?? '';
  const fastest = /window: (webgpu|webgl|wasm)/.exec(timings)?.[1];
  expect(fastest).toBeTruthy();
  await expect(page.getByTestId('status')).toContainText(`Backend: ${fastest}`);
  info.annotations.push({ type: 'backend timings', description: timings.trim() });

  const adapter = (await page.evaluate(() => (window as unknown as { adapterAtStart: Promise<unknown> }).adapterAtStart)) as {
    fallback: boolean;
  } | null;
  // Which adapter the browser gave (a software one here, a GPU elsewhere, or none) is recorded, not asserted (adapter.spec.ts tests what the page does with it).
  const kind = adapter ? (adapter.fallback ? 'software (fallback) adapter' : 'hardware adapter') : 'none';
  info.annotations.push({ type: 'webgpu', description: kind });

  expect(page.viewportSize()).toEqual({ width: 1280, height: 800 });
  await page.screenshot({ path: 'test-results/screenshots/smoke.png' });

  // The measurement is remembered for this browser and device: a reload skips it. The reopened run waits.
  expect(timings).toContain('measured,');
  await page.reload();
  await expect(page.getByTestId('backend-timings')).toContainText('remembered from an earlier visit');
  await expect(page.getByTestId('status')).toContainText(`Backend: ${fastest}`);
  await expect(page.getByText(`at step ${paused}. Train to continue.`)).toBeVisible();
  await expect(page.getByTestId('status-run')).not.toHaveText('running');

  // Measure again while training measures now, and the run trains on from its step.
  await page.getByRole('button', { name: 'Train' }).click();
  await expect.poll(() => stepOf(page), { timeout: 60_000 }).toBeGreaterThan(paused);
  await expect(page.getByTestId('start-hint')).toHaveCount(0);
  await page.getByRole('button', { name: 'Measure again' }).click();
  await expect(page.getByTestId('backend-probes')).toBeVisible();
  await expect(page.getByTestId('backend-timings')).toContainText('measured,', { timeout: 180_000 });
  const notice = page.getByText(/The backends were measured again; the run goes on from step \d+\.$/);
  await expect(notice).toBeVisible();
  const from = Number(/step (\d+)/.exec((await notice.textContent()) ?? '')?.[1]);
  expect(from).toBeGreaterThan(paused);
  await expect(page.getByTestId('status-run')).toHaveText('running');
  await expect.poll(() => stepOf(page), { timeout: 60_000 }).toBeGreaterThan(from);
});
