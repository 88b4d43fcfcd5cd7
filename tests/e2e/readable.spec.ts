import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test, trainUntil, waitForBackend } from './fixtures';

/** Every tab of every panel place, in page order. */
async function tabNames(page: Page): Promise<string[]> {
  return page.locator('.panels [role="tab"]').allTextContents();
}

async function trainedPage(page: Page, width: number, height: number): Promise<void> {
  await page.setViewportSize({ width, height });
  await page.goto('/?backend=wasm');
  await waitForBackend(page, 'wasm');
  await trainUntil(page, 12);
}

/** The panels' boxes, to compare before and after something changes above them. */
const panelBoxes = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('.panels [role="tabpanel"], .controls')].map((e) => {
      const r = e.getBoundingClientRect();
      return [Math.round(r.left), Math.round(r.top), Math.round(r.width), Math.round(r.height)];
    }),
  );

/** Tick labels of the charts on screen (and colour keys' words) that stick out of their chart or overlap a neighbour on their axis. */
const tickProblems = (page: Page) =>
  page.evaluate(() => {
    const problems: string[] = [];
    for (const svg of document.querySelectorAll<SVGSVGElement>('section.panel svg[role="img"]')) {
      const box = svg.getBoundingClientRect();
      const name = `${svg.closest('section')?.querySelector('h2')?.textContent} / ${svg.getAttribute('aria-label')?.slice(0, 40)}`;
      // Each axis's tick labels, and a colour key's words (its name and its values: Constant gates' 'std' once sat on '10⁻⁴').
      const groups = [...svg.querySelectorAll('g')].map((axis) => [...axis.querySelectorAll(':scope > .tick > text')]);
      if (svg.classList.contains('scale')) groups.push([...svg.querySelectorAll('text')]);
      for (const group of groups) {
        const labels = group.map((t) => ({ text: t.textContent, r: t.getBoundingClientRect() }));
        for (const { text, r } of labels) {
          if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5) {
            problems.push(`${name}: "${text}" is cut at the chart's edge`);
          }
        }
        labels.forEach((a, k) =>
          labels.slice(k + 1).forEach((b) => {
            const apart = a.r.right <= b.r.left || b.r.right <= a.r.left || a.r.bottom <= b.r.top || b.r.bottom <= a.r.top;
            if (!apart) problems.push(`${name}: "${a.text}" overlaps "${b.text}"`);
          }),
        );
      }
    }
    return problems;
  });

/** The tables of the panels on screen, with their right and bottom edges and their panel's (the part in view). */
const tableEdges = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('section.panel')].flatMap((panel) => {
      const p = panel.getBoundingClientRect();
      return [...panel.querySelectorAll('table')].map((table) => {
        const t = table.getBoundingClientRect();
        const name = table.querySelector('caption')?.textContent?.slice(0, 40) ?? table.dataset.testid;
        return { name, right: t.right, bottom: t.bottom, panelRight: p.right, panelBottom: p.top + panel.clientTop + panel.clientHeight };
      });
    }),
  );

/** The panels on screen: whether each scrolls in its place, and whether it is a tab stop. */
const panelStops = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('section.panel')].map((panel) => ({
      name: panel.querySelector('h2')?.textContent,
      scrolls: panel.scrollHeight > panel.clientHeight + 1 || panel.scrollWidth > panel.clientWidth + 1,
      stop: panel.tabIndex === 0,
    })),
  );

/** Opens each tab in turn and calls `check` with its name. */
async function everyTab(page: Page, check: (tab: string) => Promise<void>): Promise<void> {
  for (const name of await tabNames(page)) {
    await page.locator('.panels').getByRole('tab', { name, exact: true }).click();
    await check(name);
  }
}

for (const [width, height] of [
  [1280, 800],
  [390, 844],
] as const) {
  test(`axe-core finds no violations on any tab at ${width}×${height}`, async ({ watched: page }) => {
    test.setTimeout(600_000);
    await trainedPage(page, width, height);
    const found: string[] = [];
    let first = true;
    await everyTab(page, async (tab) => {
      // The whole page once; after that only the panel the tab opened (the rest is unchanged), which keeps
      // the run short. Legacy mode: one pass in the page (there are no frames), no helper page beside it.
      const axe = new AxeBuilder({ page }).setLegacyMode(true);
      if (!first) axe.include(`#${await page.locator('.panels').getByRole('tab', { name: tab, exact: true }).getAttribute('aria-controls')}`);
      first = false;
      const { violations } = await axe.analyze();
      for (const v of violations) found.push(`${tab}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).slice(0, 4).join(' | ')}`);
    });
    expect(found).toEqual([]);
  });
}

/**
 * The descriptions on screen (control column, table headers) that would be cut when shown: each is shown as hover
 * or focus shows it and compared with the nearest box that clips it (a scrolling panel or column) and the window.
 */
async function cutTips(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.tip')]
      .filter((tip) => !tip.closest('[hidden]') && (tip.parentElement?.getBoundingClientRect().width ?? 0) > 0)
      .flatMap((tip) => {
        tip.style.display = 'block';
        const r = tip.getBoundingClientRect();
        tip.style.display = '';
        let clip: Element | null = tip.parentElement?.parentElement ?? null;
        while (clip && clip !== document.body && getComputedStyle(clip).overflow === 'visible') clip = clip.parentElement;
        const c = clip && clip !== document.body ? clip.getBoundingClientRect() : new DOMRect(0, 0, window.innerWidth, window.innerHeight);
        const cut = r.left < Math.max(0, c.left) - 0.5 || r.right > Math.min(window.innerWidth, c.right) + 0.5 || r.top < c.top - 0.5 || r.bottom > c.bottom + 0.5;
        return cut ? [`${tip.textContent?.slice(0, 30)}: [${Math.round(r.left)}, ${Math.round(r.right)}] × [${Math.round(r.top)}, ${Math.round(r.bottom)}]`] : [];
      }),
  );
}

test('charts at 1280×800 have twice the room they had, and at 1280 and 1024 px no tick label overlaps another or is cut', async ({ watched: page }) => {
  await trainedPage(page, 1280, 800);
  // 154 × 142 px was a chart's size with three panels a row.
  const TWICE = 2 * 154 * 142;
  const stops = new Set<boolean>();
  await everyTab(page, async (tab) => {
    const areas = await page.evaluate(() =>
      [...document.querySelectorAll('section.panel svg[role="img"]')]
        .filter((svg) => svg.querySelector('.tick'))
        .map((svg) => {
          const r = svg.getBoundingClientRect();
          return { label: svg.getAttribute('aria-label'), area: r.width * r.height };
        }),
    );
    for (const { label, area } of areas) expect(area, `${tab}: ${label}`).toBeGreaterThanOrEqual(TWICE);
    expect(await tickProblems(page), tab).toEqual([]);
    // Every table inside its panel's width; the Input × forget and Histograms tables (their rows once went
    // below the panel's bottom, the panel scrolling) inside their place's height too.
    const spills = await tableEdges(page);
    expect(spills.filter((t) => t.right > t.panelRight), tab).toEqual([]);
    if (tab === 'Input × forget' || tab === 'Histograms') expect(spills.filter((t) => t.bottom > t.panelBottom), tab).toEqual([]);
    // A panel is a tab stop exactly while it scrolls in its place, so the keyboard can scroll it (axe's
    // scrollable-region-focusable) without stopping at every panel.
    await expect.poll(async () => (await panelStops(page)).filter((p) => p.scrolls !== p.stop), tab).toEqual([]);
    for (const p of await panelStops(page)) stops.add(p.stop);
    expect(await cutTips(page), `${tab}: descriptions cut when shown`).toEqual([]);
  });
  expect([...stops].sort(), 'panels that are tab stops and panels that are not').toEqual([false, true]);
  await page.screenshot({ path: 'test-results/screenshots/readable-1280.png' });
  await page.setViewportSize({ width: 1024, height: 768 });
  await everyTab(page, async (tab) => {
    expect(await tickProblems(page), tab).toEqual([]);
  });
  await page.screenshot({ path: 'test-results/screenshots/readable-1024.png', fullPage: true });
});

test('every chart with more than one series has a legend naming each model; Gates over text has a colour scale', async ({ watched: page }) => {
  await trainedPage(page, 1280, 800);
  for (const tab of ['Loss', 'Soft vs binarized', 'Histograms', 'Compression']) {
    await page.locator('.panels').getByRole('tab', { name: tab, exact: true }).click();
    const legend = page.getByRole('tabpanel', { name: tab }).getByTestId('legend');
    await expect(legend, tab).toContainText('G2-LSTM');
    await expect(legend, tab).toContainText('LSTM');
  }
  const scale = page.getByRole('img', { name: /^Colour: gate value from 0/ });
  await expect(scale).toBeVisible();
  // Its words at the charts' size (axis words are 11 px to the ticks' 10): stretched to the panel's width, they
  // once stood 20 px tall beside 11 px tick labels.
  const heights = (selector: string) => page.evaluate((s) => [...document.querySelectorAll(s)].map((t) => t.getBoundingClientRect().height), selector);
  const [words, ticks] = [await heights('.gate-text-scale text'), await heights('section.panel .tick text')];
  expect(words.length * ticks.length).toBeGreaterThan(0);
  expect(Math.max(...words)).toBeLessThanOrEqual(1.25 * Math.max(...ticks));
});

test('the layout holds still: panels do not move when the status line changes or a notice appears', async ({ watched: page }) => {
  await page.goto('/?backend=wasm');
  await waitForBackend(page, 'wasm');
  const before = await panelBoxes(page);
  await page.getByRole('button', { name: 'Train' }).click();
  await expect(page.getByTestId('status-run')).toHaveText('running');
  await expect.poll(async () => Number(await page.getByTestId('step').textContent())).toBeGreaterThan(3);
  expect(await panelBoxes(page)).toEqual(before);
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.getByRole('button', { name: 'Copy link' }).click();
  await expect(page.locator('.notice')).toContainText(/link/i);
  expect(await panelBoxes(page)).toEqual(before);
});

test('at 1280×800 every control is on screen without scrolling, inside its column', async ({ watched: page }) => {
  await page.goto('/?backend=wasm');
  await waitForBackend(page, 'wasm');
  const outside = await page.evaluate(() => {
    // Past the column's right edge a control sits under the panels (the τ slider's value did).
    const column = document.querySelector('.controls')!.getBoundingClientRect();
    return [...document.querySelectorAll('.controls :is(button, input, select, .file-button, summary)')]
      .filter((e) => !(e instanceof HTMLInputElement && e.type === 'file'))
      .filter((e) => e.getBoundingClientRect().bottom > window.innerHeight || e.getBoundingClientRect().right > column.right + 0.5)
      .map((e) => e.textContent || e.getAttribute('aria-label') || e.id);
  });
  expect(outside).toEqual([]);
  // Each control's description, shown as hover or focus shows it, lies inside the column too (the column clips).
  expect(await cutTips(page)).toEqual([]);
  // A focused control's description covers the fields below it; Escape hides it (WCAG 1.4.13), focus stays, and
  // it shows again when focus comes back.
  const field = page.getByLabel('Hidden size');
  const tip = page.locator(`[id="${await field.getAttribute('aria-describedby')}"]`);
  await field.focus();
  await expect(tip).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(tip).toBeHidden();
  await expect(field).toBeFocused();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Shift+Tab');
  await expect(tip).toBeVisible();
});

test('on a phone (390 px) the page is one column as wide as the screen, with touch targets of 24 px or more', async ({ watched: page }) => {
  await trainedPage(page, 390, 844);
  await everyTab(page, async (tab) => {
    const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
    expect(scrollWidth, tab).toBe(innerWidth);
    const small = await page.evaluate(() =>
      [...document.querySelectorAll(':is(button, input, select, .file-button, [role="tab"], [role="slider"], summary)')]
        .filter((e) => !(e instanceof HTMLInputElement && e.type === 'file'))
        .map((e) => ({ e, r: e.getBoundingClientRect() }))
        .filter(({ r }) => r.width > 0 && (r.width < 24 || r.height < 24))
        .map(({ e, r }) => `${e.textContent || e.getAttribute('aria-label') || e.id} ${Math.round(r.width)}×${Math.round(r.height)}`),
    );
    expect(small, tab).toEqual([]);
    // A pair of charts stacks: each of its children starts at the pair's left edge.
    const sideBySide = await page.evaluate(() =>
      [...document.querySelectorAll('.panels [role="tabpanel"]:not([hidden]) .pair')].flatMap((pair) => {
        const left = pair.getBoundingClientRect().left;
        return [...pair.children].filter((c) => Math.abs(c.getBoundingClientRect().left - left) > 1).map((c) => c.getAttribute('aria-label')?.slice(0, 40) ?? c.getAttribute('class') ?? c.tagName);
      }),
    );
    expect(sideBySide, tab).toEqual([]);
  });
  const columns = await page.evaluate(() => new Set([...document.querySelectorAll('section.panel, .controls')].map((e) => Math.round(e.getBoundingClientRect().left))).size);
  expect(columns).toBe(1);
  await page.screenshot({ path: 'test-results/screenshots/readable-390.png', fullPage: true });
});
