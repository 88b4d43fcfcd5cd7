import { type Browser, type BrowserContext, chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../playwright.config';

/**
 * Debian's Chromium (never a downloaded browser) with the e2e tests' switches: --enable-unsafe-webgpu
 * for the SwiftShader WebGPU adapter, and the ones that keep Chromium off the network.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export { CHROMIUM_ARGS };

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/**
 * A context whose requests may only reach 127.0.0.1/localhost (and data:/blob:); anything else is
 * aborted and recorded in `blocked`, which the run reports.
 */
export async function localContext(browser: Browser, blocked: string[]): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    const local = ['127.0.0.1', 'localhost'].includes(url.hostname) || ['data:', 'blob:'].includes(url.protocol);
    if (local) return route.continue();
    blocked.push(url.href);
    return route.abort();
  });
  return context;
}
