import { fileURLToPath } from 'node:url';
import { build, type PreviewServer, preview } from 'vite';
import { CROSS_ORIGIN_ISOLATION } from '../vite.config';
import { BENCH_BUILD } from './vite.config';

/**
 * Builds and serves the two pages the bench drives, with Vite's own build and preview (the same
 * server `npm run preview` starts), on 127.0.0.1 only:
 *  - the bench page (bench/vite.config.ts), twice: cross-origin isolated (wasm on every core) and
 *    without COOP/COEP (wasm's single-threaded build, what a host without the headers gets);
 *  - the real app, with the app's vite.config.ts (what `npm run build` builds), into the bench's
 *    build folder rather than dist/, so that a bench run never overwrites the build that end-to-end
 *    tests may be serving at the same time.
 */
const repo = fileURLToPath(new URL('..', import.meta.url));
const benchConfig = fileURLToPath(new URL('vite.config.ts', import.meta.url));
const appConfig = `${repo}vite.config.ts`;
export const APP_OUT = `${BENCH_BUILD}/app`;
export const PAGE_OUT = `${BENCH_BUILD}/page`;

export interface Served {
  url: string;
  close(): Promise<void>;
}

export async function buildBenchPage(): Promise<void> {
  await build({ configFile: benchConfig, logLevel: 'warn' });
}

export async function buildApp(): Promise<void> {
  await build({ configFile: appConfig, root: repo, logLevel: 'warn', build: { outDir: APP_OUT, emptyOutDir: true } });
}

async function serve(configFile: string, root: string, outDir: string, port: number, isolated = true): Promise<Served> {
  const server: PreviewServer = await preview({
    configFile,
    root,
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port, strictPort: false, open: false, headers: isolated ? CROSS_ORIGIN_ISOLATION : {} },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error(`vite preview of ${outDir} reported no address`);
  return { url, close: () => server.close() };
}

export function serveBenchPage(isolated: boolean, port = isolated ? 4290 : 4292): Promise<Served> {
  return serve(benchConfig, `${repo}bench/page`, PAGE_OUT, port, isolated);
}

export function serveApp(port = 4291): Promise<Served> {
  return serve(appConfig, repo, APP_OUT, port);
}
