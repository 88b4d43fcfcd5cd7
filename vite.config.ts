import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { serviceWorker } from './scripts/viteServiceWorker.ts';
import { threadedWasmFactory } from './scripts/viteThreadedWasm.ts';

/**
 * The two headers that make the page cross-origin isolated, so that tfjs-backend-wasm may use
 * SharedArrayBuffer and run its threaded build on every core. Without them the page runs single-threaded
 * and its status line says so. Every server of the app sends them: `npm run dev`, `npm run preview`,
 * `npm start` (docs/hosting.md names them for other hosts).
 */
export const CROSS_ORIGIN_ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  // Relative URLs for every asset, worker and wasm binary: dist/ works from any address and sub-path.
  base: './',
  // dist/sw.js: the build offline after one visit, and COOP/COEP where a host cannot send them.
  plugins: [react(), serviceWorker()],
  // The worker, which runs tfjs, is bundled on its own, with its own plugins.
  worker: { format: 'es', plugins: () => [threadedWasmFactory()] },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  server: { headers: CROSS_ORIGIN_ISOLATION },
  preview: { headers: CROSS_ORIGIN_ISOLATION },
});
