import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { threadedWasmFactory } from '../scripts/viteThreadedWasm.ts';

/**
 * The bench page's own build (the app's vite.config.ts is untouched). Same worker format and target as
 * the app so that imported app code builds the same way. The output goes to node_modules/.cache (like
 * Vite's own cache), not bench/dist: the repo's `eslint .` ignores only the top-level dist/ and would
 * lint a bundle left under bench/.
 */
const here = fileURLToPath(new URL('.', import.meta.url));
export const BENCH_BUILD = fileURLToPath(new URL('../node_modules/.cache/gatelab-bench', import.meta.url));

export default defineConfig({
  root: `${here}page`,
  base: './',
  plugins: [threadedWasmFactory()],
  logLevel: 'warn',
  worker: { format: 'es' },
  build: { target: 'es2022', outDir: `${BENCH_BUILD}/page`, emptyOutDir: true, chunkSizeWarningLimit: 8192 },
});
