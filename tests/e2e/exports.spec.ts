import type { Page } from '@playwright/test';
import { csvParse } from 'd3';
import { expect, exportAs, test, trainThenPause } from './fixtures';

/** The SVG as the browser reads it: well formed, its root, how many rects, its title. */
async function readSvg(page: Page, markup: string) {
  return page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    const root = doc.documentElement;
    return {
      error: doc.querySelector('parsererror')?.textContent ?? null,
      root: root.localName,
      namespace: root.namespaceURI,
      rects: root.querySelectorAll('rect').length,
      charts: root.querySelectorAll('g > svg').length,
      title: root.querySelector('title')?.textContent ?? null,
      style: root.querySelector('style')?.textContent ?? '',
    };
  }, markup);
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

test('panels export CSV, JSON, SVG and PNG of what they show', async ({ watched: page }) => {
  const step = await trainThenPause(page, 'wasm', 5);
  await expect(page.getByTestId('end-bins').locator('tbody tr')).toHaveCount(2);
  await expect(page.getByTestId('compression-table').locator('tbody tr')).toHaveCount(2);

  // Gate statistics as CSV: a header row and a row per model, gate and bin of the 10- and 50-bin histograms.
  const csv = await exportAs(page, 'Gate histograms', 'CSV');
  expect(csv.name).toBe(`gatelab-histograms-moby-dick-step${step}.csv`);
  const rows = csvParse(csv.bytes.toString('utf8'));
  expect(rows.columns).toEqual(['step', 'tau', 'mode', 'model', 'gate', 'bins', 'bin', 'from', 'to', 'fraction', 'end_low', 'end_high', 'distance_from_binary', 'valid_bpc', 'valid_bpc_soft', 'valid_bpc_binary']);
  expect(rows).toHaveLength(2 * 2 * 60);
  expect(new Set(rows.map((r) => r.model))).toEqual(new Set(['g2', 'lstm']));
  for (const model of ['g2', 'lstm']) {
    const shares = rows.filter((r) => r.model === model && r.gate === 'forget' && r.bins === '50').map((r) => Number(r.fraction));
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
  }
  expect(Number(rows[0]?.tau)).toBe(0.9);

  // The compression table as JSON: every row per model, unrounded.
  const json = await exportAs(page, 'Compression', 'JSON');
  expect(json.name).toBe(`gatelab-compression-moby-dick-step${step}.json`);
  const table = JSON.parse(json.bytes.toString('utf8'));
  expect(table).toMatchObject({ panel: 'compression', corpus: 'moby-dick', step, chosen: 3 });
  expect(table.compression.map((m: { model: string }) => m.model)).toEqual(['g2', 'lstm']);
  expect(table.compression[0].rows.length).toBeGreaterThan(3);
  expect(table.compression[0].rows[0]).toMatchObject({ spec: { kind: 'round' }, label: expect.any(String), loss: expect.any(Number), delta: expect.any(Number) });

  // The histograms as one SVG with both charts, and as PNG at twice its size.
  const svg = await exportAs(page, 'Gate histograms', 'SVG');
  expect(svg.name).toBe(`gatelab-histograms-moby-dick-step${step}.svg`);
  const parsed = await readSvg(page, svg.bytes.toString('utf8'));
  expect(parsed).toMatchObject({ error: null, root: 'svg', namespace: 'http://www.w3.org/2000/svg', charts: 2 });
  expect(parsed.rects).toBeGreaterThan(20);
  expect(parsed.title).toBe(`Gate histograms — moby-dick, step ${step}`);
  expect(parsed.style).toContain('.axis-label');

  const png = await exportAs(page, 'Gate histograms', 'PNG');
  expect(png.name).toBe(`gatelab-histograms-moby-dick-step${step}.png`);
  expect([...png.bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  expect(png.bytes.length).toBeGreaterThan(5_000);
  expect(png.bytes.readUInt32BE(16)).toBe(2 * (238 + 8 + 238 + 12)); // IHDR width: the SVG's at 2× (two 238-px charts since issue 15)

  // Gates over text is HTML: its SVG is drawn from the data, a rect per character per row; its PNG from that.
  const strip = await exportAs(page, 'Gates over text', 'SVG');
  const gates = await readSvg(page, strip.bytes.toString('utf8'));
  expect(gates.error).toBeNull();
  const cells = await page.getByRole('grid', { name: 'Gate values over the validation text' }).getByRole('gridcell').count();
  expect(gates.rects).toBeGreaterThanOrEqual(cells);
  const stripPng = await exportAs(page, 'Gates over text', 'PNG');
  expect([...stripPng.bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  expect(stripPng.bytes.length).toBeGreaterThan(5_000);

  // Loss curves as CSV; the samples as text.
  const loss = csvParse((await exportAs(page, 'Loss', 'CSV')).bytes.toString('utf8'));
  expect(loss.columns).toEqual(['step', 'model', 'train_bpc', 'valid_bpc', 'valid_bpc_binary']);
  // Progress comes at most every 100 ms, so a point is a report, not a step: a fast backend folds several steps into one.
  for (const model of ['g2', 'lstm']) {
    const train = loss.filter((r) => r.model === model && r.train_bpc !== '');
    const steps = train.map((r) => Number(r.step));
    expect(train.length).toBeGreaterThanOrEqual(2);
    expect(steps.every((s, k) => k === 0 || s > steps[k - 1]!)).toBe(true);
    expect(steps.at(-1)).toBe(step);
    expect(train.every((r) => Number(r.train_bpc) > 0 && Number.isFinite(Number(r.train_bpc)))).toBe(true);
  }
  await page.getByRole('tab', { name: 'Samples' }).click();
  await page.getByRole('button', { name: 'Sample text' }).click();
  await expect(page.getByTestId('sample-g2')).not.toBeEmpty();
  const samples = await exportAs(page, 'Samples', 'TXT');
  expect(samples.name).toBe(`gatelab-samples-moby-dick-step${step}.txt`);
  expect(samples.bytes.toString('utf8')).toContain('G2-LSTM:\n');
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('the export buttons work from the keyboard; Escape closes them', async ({ watched: page }) => {
  await trainThenPause(page, 'wasm', 3);
  const toggle = page.getByRole('button', { name: 'Export Loss', exact: true });
  await toggle.focus();
  await page.keyboard.press('Enter');
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('Tab');
  await expect(page.locator(':focus')).toHaveAccessibleName('Export Loss as SVG');
  await page.keyboard.press('Escape');
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(toggle).toBeFocused();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  const download = page.waitForEvent('download');
  await page.keyboard.press('Enter');
  expect((await download).suggestedFilename()).toMatch(/^gatelab-loss-moby-dick-step\d+\.csv$/);
});
