import type { Browser, BrowserContext, Page } from 'playwright-core';
import { localContext } from './browser';
import type { BenchApi } from './page/main';
import type { BackendName, BackendStart } from './types';

/**
 * One bench page with one backend started, in a browser context of its own (so that closing it
 * after a time-out stops its work and the next session gets a fresh renderer). `call` runs one
 * method of the page's API through page.evaluate, with a time limit.
 */
export class TimeoutError extends Error {}

export class BenchSession {
  private constructor(
    private readonly context: BrowserContext,
    private readonly page: Page,
    readonly start: BackendStart,
  ) {}

  static async open(browser: Browser, url: string, backend: BackendName, blocked: string[], notes: string[]): Promise<BenchSession> {
    const context = await localContext(browser, blocked);
    const page = await context.newPage();
    page.on('pageerror', (e) => notes.push(`${backend} page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') notes.push(`${backend} console: ${m.text().slice(0, 300)}`);
    });
    await page.goto(url);
    await page.waitForFunction(() => document.title === 'bench ready');
    const session = new BenchSession(context, page, { backend, ok: false, reason: '', fusedCell: null });
    const start = await session.call('start', 60_000, backend);
    return new BenchSession(context, page, start);
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
    await this.context.close().catch(() => undefined);
  }
}
