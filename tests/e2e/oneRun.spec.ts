import type { Page } from '@playwright/test';
import { expect, stepOf, test, waitForBackend } from './fixtures';
import { sliderFromTau, tauFromSlider } from '../../src/ui/settings';

type Hooks = { gatelab: { temperatures: { step: number; tau: number }[] } };
const evaluated = (page: Page) => page.evaluate(() => (window as unknown as Hooks).gatelab.temperatures.map((t) => t.tau));

async function step(page: Page, times: number): Promise<void> {
  for (let k = 0; k < times; k++) {
    const before = await stepOf(page);
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await expect.poll(() => stepOf(page)).toBe(before + 1);
  }
}

const endBinsCaption = (page: Page) => page.getByTestId('end-bins').locator('caption');

/** The validation table of the Loss panel: its caption and rows, as text. */
const lossTable = (page: Page) => page.locator('table', { has: page.getByTestId('valid-caption') }).innerText();

test('the temperature slider: a burst of 20 key presses ends at the last τ, with at most 3 values evaluated', async ({ watched: page }) => {
  await page.goto('/?backend=wasm&test-hooks');
  await waitForBackend(page, 'wasm');
  // σ(z), the default view, has no τ: the sharpened view σ(z/τ) shows the slider's value in its caption.
  await page.getByLabel('Evaluation gate mode').selectOption('sharpened');
  await step(page, 1);
  const slider = page.getByRole('slider', { name: 'Temperature τ' });
  const before = (await evaluated(page)).length;
  await slider.focus();
  for (let k = 0; k < 20; k++) await page.keyboard.press('ArrowRight');
  const last = tauFromSlider(sliderFromTau(0.9) + 20);
  await expect(endBinsCaption(page)).toContainText(`at τ = ${last}`, { timeout: 30_000 });
  await expect(page.getByLabel('Temperature τ value')).toHaveValue(String(last));
  // The worker tells a τ once its gate panels are drawn, gates over text after the histograms: wait for the word.
  await expect.poll(async () => (await evaluated(page)).at(-1)).toBe(last);
  const values = (await evaluated(page)).slice(before);
  expect(values.length).toBeLessThanOrEqual(3);
});

test('a link carries the applied settings and the τ schedule: opened, it replays the same losses', async ({ watched: page, context }) => {
  // Two pages train here, one after the other.
  test.setTimeout(360_000);
  await page.goto('/?backend=wasm');
  await waitForBackend(page, 'wasm');
  // An edit not applied stays out of the link.
  await page.getByLabel('Hidden size').fill('32');
  await expect(page.getByTestId('pending-changes')).toContainText('Hidden size 64 → 32');
  await page.getByLabel('Evaluation gate mode').selectOption('sharpened');
  await step(page, 2);
  await page.getByLabel('Temperature τ value').fill('0.3');
  await expect(endBinsCaption(page)).toContainText('at τ = 0.3');
  await step(page, 2);
  await expect(page.getByTestId('tau-changes')).toContainText('step 2 (τ 0.3)');
  await expect(page.getByTestId('valid-caption')).toContainText('at step 4');
  const losses = await lossTable(page);
  await page.getByRole('button', { name: 'Copy link' }).click();
  const notice = await page.locator('.notice').filter({ hasText: 'link' }).innerText();
  const url = /(http\S+)/.exec(notice)?.[1] ?? '';
  expect(url).toContain('taus=2%3A0.3');
  expect(url).not.toContain('hidden=');

  const other = await context.newPage();
  await other.goto(url);
  await waitForBackend(other, 'wasm');
  // Once the link's run is on screen the address no longer holds it: a reload reopens this tab's run.
  expect(new URL(other.url()).searchParams.get('v')).toBeNull();
  await step(other, 2);
  await expect(other.getByLabel('Temperature τ value')).toHaveValue('0.3');
  await step(other, 2);
  // The validation report follows the step: compare once it is the step-4 one.
  await expect(other.getByTestId('valid-caption')).toContainText('at step 4');
  expect(await lossTable(other)).toBe(losses);
  await other.close();
});

test('Quick to learn applies what it sets: the run trains at T 10, with nothing left to apply', async ({ watched: page }) => {
  await page.goto('/?backend=wasm');
  await waitForBackend(page, 'wasm');
  await page.getByLabel('Corpus').selectOption('copying');
  await expect(page.getByText('trained side by side in your browser on copying')).toBeVisible();
  await page.getByRole('button', { name: /Quick to learn/ }).click();
  await expect(page.getByText('Copying recall, delay T = 10')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('pending-changes')).toHaveCount(0);
  await step(page, 1);
  await page.getByRole('button', { name: 'Copy link' }).click();
  await expect(page.locator('.notice').filter({ hasText: 'link' })).toContainText('copyDelay=10');
  await expect(page.locator('.notice').filter({ hasText: 'link' })).toContainText('forgetBias=3');
});

test('raising Steps extends the run without a restart; Train at the target goes on for the run length again', async ({ watched: page }) => {
  await page.goto('/?v=3&targetSteps=3&backend=wasm');
  await waitForBackend(page, 'wasm');
  await page.getByRole('button', { name: 'Train' }).click();
  await expect(page.getByTestId('status')).toContainText('step 3 of 3');
  await expect(page.getByTestId('status-run')).toHaveText('paused');
  await page.getByLabel('Steps', { exact: true }).fill('5');
  await expect(page.getByTestId('status')).toContainText('step 3 of 5');
  await expect(page.getByTestId('pending-changes')).toHaveCount(0);
  await page.getByRole('button', { name: 'Train' }).click();
  await expect(page.getByTestId('status')).toContainText('step 5 of 5');
  await expect(page.getByTestId('status-run')).toHaveText('paused');
  await page.getByRole('button', { name: 'Train' }).click();
  await expect(page.getByTestId('status')).toContainText('step 8 of 8');
  await expect(page.getByLabel('Steps', { exact: true })).toHaveValue('8');
});

test('a replaced run is saved first and reopened from the notice, at its step', async ({ watched: page }) => {
  await page.goto('/?backend=wasm');
  await waitForBackend(page, 'wasm');
  await step(page, 3);
  await page.getByLabel('Corpus').selectOption('copying');
  await expect(page.getByText('trained side by side in your browser on copying')).toBeVisible();
  const notice = page.getByTestId('replaced-run');
  await expect(notice).toContainText(/“moby-dick, G2\+LSTM, H64×1, τ 0.9, seed 1 .*” was saved at step 3/);
  await notice.getByRole('button', { name: 'Reopen' }).click();
  await expect(page.getByText('trained side by side in your browser on moby-dick')).toBeVisible();
  await expect(page.getByText(/Reopened “moby-dick, .*” at step 3\. Train to continue\./)).toBeVisible();
  expect(await stepOf(page)).toBe(3);

  // To copying, a step there, and back: the notice names the copying run, and moby-dick's saved run is offered.
  await page.getByLabel('Corpus').selectOption('copying');
  await expect(page.getByText('trained side by side in your browser on copying')).toBeVisible();
  await step(page, 1);
  await page.getByLabel('Corpus').selectOption('moby-dick');
  await expect(page.getByText('trained side by side in your browser on moby-dick')).toBeVisible();
  await expect(notice).toContainText(/“copying, .*” was saved at step 1/);
  const offered = page.getByTestId('corpus-saved-run');
  await expect(offered).toContainText(/“moby-dick, G2\+LSTM, H64×1, τ 0.9, seed 1 .*” on this text was saved at step 3/);
  await offered.getByRole('button', { name: 'Reopen' }).click();
  await expect(page.getByText(/Reopened “moby-dick, .*” at step 3\. Train to continue\./)).toBeVisible();
  expect(await stepOf(page)).toBe(3);

  // An uploaded text too: a step on notes.txt, a step on copying, notes.txt uploaded again offers its saved run.
  const notes = { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('Call me Ishmael. Some years ago, never mind how long. '.repeat(400)) };
  await page.getByLabel('Upload text').setInputFiles(notes);
  await expect(page.getByText('trained side by side in your browser on notes.txt')).toBeVisible();
  await step(page, 1);
  await page.getByLabel('Corpus').selectOption('copying');
  await expect(notice).toContainText(/“notes.txt, .*” was saved at step 1/);
  await step(page, 1);
  await page.getByLabel('Upload text').setInputFiles(notes);
  await expect(notice).toContainText(/“copying, .*” was saved at step 1/);
  await expect(page.getByText('trained side by side in your browser on notes.txt')).toBeVisible();
  await expect(offered).toContainText(/“notes.txt, .*” on a text of this name was saved at step 1/);
});

test('a refused upload does not touch the run: after more steps and a reload it reopens at its step under its own name', async ({ watched: page }) => {
  await page.goto('/?backend=wasm');
  await waitForBackend(page, 'wasm');
  await step(page, 2);
  await page.getByLabel('Upload text').setInputFiles({ name: 'empty.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) });
  await expect(page.getByRole('alert')).toContainText('The current run goes on');
  await step(page, 2);
  await expect(page.getByTestId('saved-step')).toHaveText(' · saved at step 4');
  await page.reload();
  await expect(page.getByText(/Reopened “moby-dick, G2\+LSTM, H64×1.*” at step 4\. Train to continue\./)).toBeVisible({ timeout: 60_000 });
  expect(await stepOf(page)).toBe(4);
  await page.getByRole('button', { name: 'Saved runs' }).click();
  await expect(page.getByText('empty.txt')).toHaveCount(0);
});
