import type { Browser, Page } from 'playwright-core';
import { launch, localContext } from './browser';
import type { BenchApi } from './page/main';
import type { BackendName, BackendStart } from './types';

/**
 * One bench page with one backend started, in a browser of its own: closing a page does not cancel
 * the work it already queued in the GPU process (SwiftShader keeps computing for minutes), so after a
 * time-out, and between backends, the whole browser goes. `call` runs one method of the page's API
 * through page.evaluate, with a time limit.
 */
export class TimeoutError extends Error {}

/** Starting a backend includes the fused cell's self-check (shader compilation on SwiftShader). */
const START_TIMEOUT_MS = 180_000;

export class BenchSession {
  private constructor(
    private readonly browser: Browser,
    private readonly page: Page,
    readonly start: BackendStart,
  ) {}

  static async open(url: string, backend: BackendName, blocked: string[], notes: string[]): Promise<BenchSession> {
    const browser = await launch();
    const context = await localContext(browser, blocked);
    const page = await context.newPage();
    page.on('pageerror', (e) => notes.push(`${backend} page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') notes.push(`${backend} console: ${m.text().slice(0, 300)}`);
    });
    try {
      await page.goto(url);
      await page.waitForFunction(() => document.title === 'bench ready');
      const session = new BenchSession(browser, page, { backend, threads: null, ok: false, reason: '', fusedCell: null });
      const start = await session.call('start', START_TIMEOUT_MS, backend);
      return new BenchSession(browser, page, start);
    } catch (e) {
      await browser.close();
      throw e;
    }
  }

  call<K extends keyof BenchApi>(method: K, timeoutMs: number, ...params: Parameters<BenchApi[K]>): Promise<Awaited<ReturnType<BenchApi[K]>>> {
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TimeoutError(`took longer than ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
    });
    const run = this.page.evaluate(
      ([m, p]) => (window as unknown as { bench: Record<string, (...a: unknown[]) => unknown> }).bench[m]!(...p),
      [method, params] as [string, unknown[]],
    ) as Promise<Awaited<ReturnType<BenchApi[K]>>>;
    run.catch(() => undefined); // after a time-out the page is closed under it
    return Promise.race([run, limit]).finally(() => clearTimeout(timer));
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
  }
}
