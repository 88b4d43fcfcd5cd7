import type { BrowserContext, Page } from 'playwright-core';
import type { BackendName, ResponsivenessResult } from './types';

/**
 * The real app's main thread while its worker trains: frames per second (requestAnimationFrame),
 * the longest rAF gap, and 'longtask' entries (tasks over 50 ms) from a PerformanceObserver.
 *
 * The probe is page-side JavaScript kept as a string: a function passed to page.evaluate would carry
 * the helpers tsx's transform adds (e.g. `__name`), which do not exist in the page.
 */
const PROBE = `(seconds) => new Promise((resolve) => {
  const tasks = [];
  let observer = null;
  try {
    observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) tasks.push(e.duration); });
    observer.observe({ type: 'longtask' });
  } catch (e) { /* no longtask support: the rAF gap still bounds the longest task */ }
  let frames = 0;
  let maxGap = 0;
  const start = performance.now();
  let last = start;
  const tick = (t) => {
    frames += 1;
    maxGap = Math.max(maxGap, t - last);
    last = t;
    if (t - start < seconds * 1000) requestAnimationFrame(tick);
    else {
      // let the observer deliver the entries of the last frames
      setTimeout(() => {
        observer?.disconnect();
        resolve({ frames, seconds: (t - start) / 1000, maxGap, tasks });
      }, 100);
    }
  };
  requestAnimationFrame(tick);
})`;

interface ProbeResult {
  frames: number;
  seconds: number;
  maxGap: number;
  tasks: number[];
}

function probe(page: Page, seconds: number): Promise<ProbeResult> {
  return page.evaluate(`(${PROBE})(${seconds})`) as Promise<ProbeResult>;
}

async function stepOf(page: Page): Promise<number> {
  return Number(await page.getByTestId('step').textContent());
}

/**
 * Opens the app (forced backend, or its own pick), waits for it to be idle, measures a few idle
 * seconds, presses Train, waits for the first step (so the worker's start-up is not counted), then
 * measures `seconds` of training.
 */
export async function measureResponsiveness(
  context: BrowserContext,
  appUrl: string,
  requested: BackendName | 'default',
  seconds: number,
): Promise<ResponsivenessResult> {
  const page = await context.newPage();
  const result: ResponsivenessResult = {
    requested,
    backend: '',
    seconds,
    steps_during: 0,
    idle_fps: 0,
    fps: 0,
    longest_task_ms: 0,
    longtasks: 0,
    longest_frame_gap_ms: 0,
  };
  try {
    await page.goto(new URL(requested === 'default' ? '/' : `/?backend=${requested}`, appUrl).href);
    const status = page.getByTestId('status');
    await status.getByText(/Backend: \w+/).waitFor({ timeout: 120_000 });
    await page.getByTestId('status-run').getByText('idle', { exact: true }).waitFor({ timeout: 120_000 });
    result.backend = (/Backend: (\w+)/.exec((await status.textContent()) ?? '')?.[1]) ?? '';
    const idle = await probe(page, 3);
    result.idle_fps = idle.frames / idle.seconds;
    await page.getByRole('button', { name: 'Train' }).click();
    const deadline = Date.now() + 120_000;
    while ((await stepOf(page)) < 1 && Date.now() < deadline) await page.waitForTimeout(200);
    const before = await stepOf(page);
    const busy = await probe(page, seconds);
    result.steps_during = (await stepOf(page)) - before;
    result.fps = busy.frames / busy.seconds;
    result.longest_frame_gap_ms = busy.maxGap;
    result.longtasks = busy.tasks.length;
    result.longest_task_ms = busy.tasks.length ? Math.max(...busy.tasks) : 0;
    await page.getByRole('button', { name: 'Pause' }).click();
  } catch (e) {
    result.error = e instanceof Error ? e.message.split('\n')[0] : String(e);
  } finally {
    await page.close();
  }
  return result;
}
