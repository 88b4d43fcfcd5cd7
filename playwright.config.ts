import { defineConfig } from '@playwright/test';

/**
 * Debian's Chromium, never a downloaded browser. Headless WebGPU needs only --enable-unsafe-webgpu (without it
 * requestAdapter() is null; the adapter is SwiftShader, isFallbackAdapter true); --disable-gpu-sandbox is not
 * needed. --no-sandbox because CI runs as root; the rest keep Chromium off the network, which is closed.
 */
export const CHROMIUM_ARGS = [
  '--enable-unsafe-webgpu',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** E2E_PORT lets several checkouts (or people) run the suite side by side on one machine. */
const PORT = process.env.E2E_PORT ?? '4173';
/** The development server (`npm run dev`, what the README starts) runs beside the build, on the next port. */
export const DEV_PORT = String(Number(PORT) + 1);

export default defineConfig({
  testDir: 'tests/e2e',
  workers: 1,
  timeout: 180_000,
  expect: { timeout: 60_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  outputDir: 'test-results/artifacts',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    viewport: { width: 1280, height: 800 },
    screenshot: 'only-on-failure',
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS },
  },
  webServer: [
    {
      // The test build: the app plus the worker hooks the tests evaluate (src/worker/e2eHooks.ts), in its own folder.
      command: `npx vite build --mode e2e --outDir dist-e2e && npx vite preview --outDir dist-e2e --host 127.0.0.1 --port ${PORT} --strictPort`,
      url: `http://127.0.0.1:${PORT}`,
      timeout: 180_000,
      reuseExistingServer: !process.env.CI,
    },
    {
      command: `npx vite --host 127.0.0.1 --port ${DEV_PORT} --strictPort`,
      url: `http://127.0.0.1:${DEV_PORT}`,
      timeout: 60_000,
      reuseExistingServer: !process.env.CI,
    },
  ],
});
