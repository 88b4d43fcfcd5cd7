import type { Browser, Page } from 'playwright-core';
import { localContext } from './browser';
import type { InteractionResult } from './types';

/**
 * The app as a person meets it (issue 13): how long the temperature slider takes from input to the gate
 * panels redrawn with the new τ (paused and while training, single moves and a 20-step drag), and how long
 * the page takes to draw its first gates after a first load and to show the reopened run after a reload.
 *
 * Page-side code is kept in strings: a function passed to page.evaluate would carry the helpers tsx's
 * transform adds (e.g. `__name`), which do not exist in the page.
 */

/**
 * The end-bins caption of the histogram panel names the gates the panels were computed with ('…' before
 * the first statistics) and, in a mode τ enters (the sharpened view σ(z/τ)), the τ they were computed at.
 */
const CAPTION = `() => document.querySelector('[data-testid="end-bins"] caption')?.textContent ?? ''`;
const GATES_DRAWN = `(() => { const c = (${CAPTION})(); return c !== '' && !c.endsWith('…'); })()`;

/**
 * Moves the slider by `delta` positions `moves` times, one move per frame (a drag) or one at a time
 * (`gapMs` after each redraw), and measures from each last input to the frame after the panels show its τ.
 */
const SLIDE = `async ({ moves, delta, perFrame, gapMs }) => {
  const caption = ${CAPTION};
  const slider = document.querySelector('input[type="range"]');
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
  const frame = () => new Promise((r) => requestAnimationFrame(() => r(performance.now())));
  const move = () => {
    const next = Math.max(0, Math.min(100, slider.valueAsNumber + delta));
    setter.call(slider, String(next));
    slider.dispatchEvent(new Event('input', { bubbles: true }));
  };
  const shown = (deadline) => new Promise((resolve) => {
    const check = () => {
      const tau = (slider.getAttribute('aria-valuetext') ?? '').replace('τ = ', '');
      if (caption().endsWith('τ = ' + tau)) return frame().then(resolve);
      if (performance.now() > deadline) return resolve(null);
      requestAnimationFrame(check);
    };
    check();
  });
  const latencies = [];
  if (perFrame) {
    for (let k = 0; k < moves; k++) { move(); await frame(); }
    const released = performance.now();
    const done = await shown(released + 60000);
    return [done === null ? null : done - released];
  }
  for (let k = 0; k < moves; k++) {
    const start = performance.now();
    move();
    const done = await shown(start + 60000);
    latencies.push(done === null ? null : done - start);
    await new Promise((r) => setTimeout(r, gapMs));
  }
  return latencies;
}`;

const SINGLE_MOVES = 20;
const DRAG_STEPS = 20;

function p95(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)] as number;
}

async function slide(page: Page, options: { moves: number; delta: number; perFrame: boolean; gapMs: number }): Promise<(number | null)[]> {
  return (await page.evaluate(`(${SLIDE})(${JSON.stringify(options)})`)) as (number | null)[];
}

const finite = (values: (number | null)[]) => values.filter((v): v is number => v !== null);

async function stepOf(page: Page): Promise<number> {
  return Number(await page.getByTestId('step').textContent());
}

/** Milliseconds from navigation start until `predicate` (page-side, a string) holds. */
async function sinceLoad(page: Page, predicate: string, timeoutMs: number): Promise<number> {
  await page.waitForFunction(predicate, undefined, { timeout: timeoutMs, polling: 'raf' });
  return (await page.evaluate('performance.now()')) as number;
}

/** One round of every measurement, in a fresh browser context (nothing saved, nothing remembered). */
export async function measureInteraction(browser: Browser, appUrl: string, blocked: string[]): Promise<InteractionResult> {
  const firstVisit = await localContext(browser, blocked);
  const context = await localContext(browser, blocked);
  const page = await context.newPage();
  const result: InteractionResult = {
    backend: '',
    first_gates_ms: null,
    first_gates_wasm_ms: null,
    reload_reopened_ms: null,
    slider_paused_p95_ms: null,
    slider_training_p95_ms: null,
    drag_settle_ms: null,
    slider_paused_ms: [],
    slider_training_ms: [],
    steps_per_s_training: null,
  };
  try {
    // A first visit: the app picks its backend (measuring them), draws its first gates and trains at once.
    const visitor = await firstVisit.newPage();
    await visitor.goto(appUrl);
    result.first_gates_ms = await sinceLoad(visitor, GATES_DRAWN, 180_000);
    await visitor.getByTestId('status-run').getByText('running', { exact: true }).waitFor({ timeout: 180_000 });
    result.backend = /Backend: (\w+)/.exec((await visitor.getByTestId('status').textContent()) ?? '')?.[1] ?? '';
    await firstVisit.close();
    // Wasm at the default size for the slider, as the targets are stated (a forced backend waits for Train).
    await page.goto(new URL('/?backend=wasm', appUrl).href);
    result.first_gates_wasm_ms = await sinceLoad(page, GATES_DRAWN, 180_000);
    await page.getByTestId('status-run').getByText('idle', { exact: true }).waitFor({ timeout: 180_000 });
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await page.getByTestId('saved-step').waitFor({ timeout: 60_000 });
    // σ(z), the default view, has no τ: the sharpened view σ(z/τ) is the one the slider changes.
    await page.getByLabel('Evaluation gate mode').selectOption('sharpened');
    await page.waitForFunction(`(${CAPTION})().includes('τ = ')`, undefined, { timeout: 60_000 });
    result.slider_paused_ms = await slide(page, { moves: SINGLE_MOVES, delta: -1, perFrame: false, gapMs: 150 });
    result.slider_paused_p95_ms = p95(finite(result.slider_paused_ms));
    result.drag_settle_ms = (await slide(page, { moves: DRAG_STEPS, delta: 1, perFrame: true, gapMs: 0 }))[0] ?? null;

    await page.getByRole('button', { name: 'Train' }).click();
    while ((await stepOf(page)) < 3) await page.waitForTimeout(100);
    const before = await stepOf(page);
    const t0 = Date.now();
    result.slider_training_ms = await slide(page, { moves: SINGLE_MOVES, delta: -1, perFrame: false, gapMs: 150 });
    result.steps_per_s_training = ((await stepOf(page)) - before) / ((Date.now() - t0) / 1000);
    result.slider_training_p95_ms = p95(finite(result.slider_training_ms));
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByTestId('status-run').getByText('paused', { exact: true }).waitFor({ timeout: 60_000 });
    const step = await stepOf(page);
    await page.getByTestId('saved-step').getByText(`saved at step ${step}`).waitFor({ timeout: 60_000 });

    // A reload: the run is reopened at its step (the backend is forced, nothing to measure).
    await page.reload();
    result.reload_reopened_ms = await sinceLoad(
      page,
      `document.querySelector('[data-testid="step"]')?.textContent === '${step}' && document.body.textContent.includes('Reopened')`,
      120_000,
    );
  } catch (e) {
    result.error = e instanceof Error ? e.message.split('\n')[0] : String(e);
  } finally {
    await firstVisit.close();
    await context.close();
  }
  return result;
}
