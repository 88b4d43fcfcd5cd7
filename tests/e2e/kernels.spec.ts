import type { Page, Worker } from '@playwright/test';
import type { E2EHooks } from '../../src/worker/e2eHooks';
import { expect, test, waitForBackend } from './fixtures';

/**
 * The fused LSTM cell kernels (src/worker/kernels) against plain tfjs ops and tfjs's autodiff, on the
 * GPU backends of headless Chromium, inside the app's own training worker: the worker of the test build
 * exposes `self.gatelabE2E` (src/worker/e2eHooks.ts) and Playwright evaluates in it. Speed and kernel
 * counts are the benchmark's (bench/).
 */
type Hooked = { gatelabE2E: E2EHooks };

async function trainingWorker(page: Page, backend: string): Promise<Worker> {
  const created = page.waitForEvent('worker');
  await page.goto(`/?backend=${backend}`);
  const worker = await created;
  await waitForBackend(page, backend);
  return worker;
}

const SIZES = [
  { steps: 6, batch: 5, hidden: 16 }, // odd batch: half-filled texels on webgl
  { steps: 5, batch: 8, hidden: 64 },
];

const NOISE_CASES = [
  { rows: 6 * 16, stride: 4 * 64, draw: { width: 2 * 64, seed: 123, keepP: 0.5, scale: 1 / 0.3 } },
  { rows: 5 * 33, stride: 4 * 32, draw: { width: 2 * 32, seed: 2 ** 31 + 5, keepP: 1, scale: 1 } }, // odd rows
];

/** Each backend's fused cell: GPU programs, or on wasm the same two kernels in JS over the heap (wasmCell.ts), on the page's threads. */
const FUSED: Record<string, { active: string; reason: RegExp }> = {
  webgpu: { active: 'fused-webgpu', reason: /^self-check passed; Gumbel noise drawn in the bias add: self-check passed$/ },
  webgl: { active: 'fused-webgl', reason: /^self-check passed; Gumbel noise drawn in the bias add: self-check passed$/ },
  wasm: { active: 'wasm-fused', reason: /fused cell in JS: self-check passed/ },
};

for (const backend of ['webgpu', 'webgl', 'wasm']) {
  const fused = FUSED[backend] as { active: string; reason: RegExp };
  test(`${backend}: the fused cell's forward values and gradients equal plain ops and autodiff`, async ({
    watched: page,
  }) => {
    const worker = await trainingWorker(page, backend);
    const status = await worker.evaluate(() => (self as unknown as Hooked).gatelabE2E.kernelStatus());
    expect(status, status?.reason).toMatchObject({ backend, active: fused.active, reason: expect.stringMatching(fused.reason) });
    // G2's noise drawn in the bias add's shader against the JS draw added by plain ops, at a window's shape
    // (T·B rows, 4H columns, the first 2H noisy): the same dropout mask exactly, values to float32 log's rounding.
    // (wasm draws it in JS, the plain ops' own draw: tests/unit/worker/wasmNoise.test.ts.)
    const noise = backend === 'wasm' ? { cases: [], tolerance: 0 } : await worker.evaluate((cases) => (self as unknown as Hooked).gatelabE2E.checkNoise(cases), NOISE_CASES);
    for (const c of noise.cases) {
      const where = `${backend} noise ${JSON.stringify(c.draw)}`;
      expect(c.maskMismatches, where).toBe(0);
      expect(c.kept / (c.rows * c.draw.width), where).toBeCloseTo(c.draw.keepP, 1);
      expect(c.valuesVsPlain, where).toBeLessThan(noise.tolerance);
      for (const d of c.gradsVsPlain) expect(d, `${where}: gradient`).toBeLessThan(noise.tolerance);
    }
    if (noise.cases.length) test.info().annotations.push({ type: 'noise vs JS draw', description: noise.cases.map((c) => c.valuesVsPlain.toExponential(2)).join(', ') });
    for (const sizes of SIZES) {
      const report = await worker.evaluate((s) => (self as unknown as Hooked).gatelabE2E.checkKernels(s, 1e-4), sizes);
      expect(report.kernels).toBe(fused.active);
      expect(report.cases.map((c) => c.label)).toEqual(['soft gates', 'h-detach at steps 1 and 3', 'binarized gates']);
      for (const c of report.cases) {
        const where = `${backend} ${JSON.stringify(sizes)} ${c.label}`;
        expect(c.forwardVsPlain, where).toBeLessThan(1e-5);
        expect(c.forwardVsTraced, where).toBeLessThan(1e-5);
        for (const d of c.gradsVsPlain) expect(d, `${where}: gradient vs plain`).toBeLessThan(1e-4);
        for (const d of c.gradsVsAutodiff) expect(d, `${where}: gradient vs autodiff`).toBeLessThan(1e-4);
      }
      expect(report.ok).toBe(true);
    }
  });

  // wasm's trainer steps are the unit tests' (tests/unit/worker/wasmCell.test.ts), in Node.
  if (backend === 'wasm') continue;
  test(`${backend}: Trainer.step with the fused cell gives the plain path's losses, through the fused kernels`, async ({
    watched: page,
  }) => {
    const worker = await trainingWorker(page, backend);
    const steps = 3;
    const m = await worker.evaluate((options) => (self as unknown as Hooked).gatelabE2E.compareTrainerSteps(options), {
      cell: 'g2' as const,
      hidden: 32,
      batch: 8,
      seqLen: 16,
      steps,
    });
    // Same seed, same batches: three steps of Adam on both paths land on the same losses.
    expect(m.fusedLosses).toHaveLength(steps);
    m.fusedLosses?.forEach((loss, k) => expect(Math.abs(loss - (m.plainLosses[k] as number))).toBeLessThan(1e-4));
    // The fused cell runs the whole window in one call: one forward and one backward a step. (The extra forward
    // seen before came from the app's own run sampling text in the same worker; the hook now counts it apart.)
    expect(m.fusedCalls).toEqual({ forward: steps, backward: steps });
    test.info().annotations.push({ type: 'other fused forwards meanwhile', description: String(m.otherForwards) });
    // The registry is left as it was: training in the app still uses the fused cell.
    const status = await worker.evaluate(() => (self as unknown as Hooked).gatelabE2E.kernelStatus());
    expect(status?.active).toBe(`fused-${backend}`);
  });
}
