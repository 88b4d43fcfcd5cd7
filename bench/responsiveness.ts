import type { BrowserContext, Page } from 'playwright-core';
import type { BackendName, ResponsivenessResult } from './types';
import { FIRST_VISIT_NOTICE } from '../src/ui/persistence/firstVisit';

/**
 * The real app's main thread while its worker trains: frames per second (requestAnimationFrame),
 * the longest rAF gap, and 'longtask' entries (tasks over 50 ms) from a PerformanceObserver.
 *
 * The probe is page-side JavaScript kept as a string: a function passed to page.evaluate would carry
 * the helpers tsx's transform adds (e.g. `__name`), which do not exist in the page.
 */
const PROBE = `(seconds, drag) => new Promise((resolve) => {
  const tasks = [];
  // Dragging the temperature slider: one input event every 50 ms, sweeping back and forth (the React handler and
  // the gate panels' re-render run on this thread, so their tasks are measured with the rest).
  let dragTimer = null;
  const slider = drag ? document.querySelector('input[type="range"]') : null;
  if (slider) {
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
    let delta = 3;
    dragTimer = setInterval(() => {
      const value = slider.valueAsNumber;
      if (value + delta > Number(slider.max) || value + delta < Number(slider.min)) delta = -delta;
      setter.call(slider, String(value + delta));
      slider.dispatchEvent(new Event('input', { bubbles: true }));
    }, 50);
  }
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
      if (dragTimer !== null) clearInterval(dragTimer);
      setTimeout(() => {
        observer?.disconnect();
        resolve({ frames, seconds: (t - start) / 1000, maxGap, tasks, dragged: slider !== null });
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
  dragged: boolean;
}

function probe(page: Page, seconds: number, drag = false): Promise<ProbeResult> {
  return page.evaluate(`(${PROBE})(${seconds}, ${drag})`) as Promise<ProbeResult>;
}

/** What the app is doing while its main thread is measured. */
export interface Scenario {
  /** The `models` of the address (`g2,lstm,sharpened,beta`), else the app's default two. */
  models?: string;
  /** Drag the temperature slider throughout. */
  dragSlider: boolean;
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
  scenario: Scenario = { dragSlider: false },
): Promise<ResponsivenessResult> {
  const page = await context.newPage();
  const result: ResponsivenessResult = {
    requested,
    ...(scenario.models ? { models: scenario.models } : {}),
    ...(scenario.dragSlider ? { slider_dragged: true } : {}),
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
    const params = new URLSearchParams();
    if (requested !== 'default') params.set('backend', requested);
    if (scenario.models) params.set('models', scenario.models);
    await page.goto(new URL(`/?${params}`, appUrl).href);
    const status = page.getByTestId('status');
    await status.getByText(/Backend: \w+/).waitFor({ timeout: 120_000 });
    const run = page.getByTestId('status-run');
    await run.getByText(/^(idle|running)$/).waitFor({ timeout: 120_000 });
    // The plain address is a first visit, which trains at once: paused, it is idle as a forced backend's page is.
    // Its notice comes with the run's 'ready', so it is up while the status may still read idle for a moment.
    const firstVisit = (await page.getByText(FIRST_VISIT_NOTICE).count()) > 0;
    if (firstVisit || (await run.textContent()) === 'running') {
      await run.getByText('running', { exact: true }).waitFor({ timeout: 120_000 });
      await page.getByRole('button', { name: 'Pause' }).click();
      await run.getByText('paused', { exact: true }).waitFor({ timeout: 120_000 });
    }
    result.backend = (/Backend: (\w+)/.exec((await status.textContent()) ?? '')?.[1]) ?? '';
    const idle = await probe(page, 3);
    result.idle_fps = idle.frames / idle.seconds;
    await page.getByRole('button', { name: 'Train' }).click();
    const deadline = Date.now() + 120_000;
    while ((await stepOf(page)) < 1 && Date.now() < deadline) await page.waitForTimeout(200);
    const before = await stepOf(page);
    const busy = await probe(page, seconds, scenario.dragSlider);
    if (scenario.dragSlider && !busy.dragged) throw new Error('no temperature slider on the page to drag');
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
