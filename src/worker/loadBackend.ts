import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../contract/runSettings';
import type { WasmThreads } from './protocol';

/**
 * Emscripten starts 8 workers up front in tfjs-backend-wasm 4.22's threaded build, and its C side caps
 * XNNPACK's pool at 8. A larger pool would wait for a further Web Worker inside our worker, which cannot
 * start until ours yields.
 */
export const WASM_MAX_THREADS = 8;

/** One thread per logical core the browser reports, within the pool that the threaded build starts. */
export function wasmThreadsFor(hardwareConcurrency: number | undefined): number {
  const cores = Number.isInteger(hardwareConcurrency) && (hardwareConcurrency as number) > 0 ? (hardwareConcurrency as number) : 1;
  return Math.min(cores, WASM_MAX_THREADS);
}

/**
 * Runs `start` while navigator.hardwareConcurrency reads `cores`. tfjs-backend-wasm 4.22's
 * `init_with_threads_count` (src/cc/backend.cc) caps the pool at hardwareConcurrency / 2, read once by a
 * C++ global initializer when the module is instantiated ("many x86-64 processors have 2 threads per
 * core"): on a 2-core machine that is 1 thread, whatever setThreadsCount asked. Reporting twice the
 * wanted count during the start lifts that cap to the count we ask for; the real value returns after.
 */
async function withReportedCores<T>(cores: number, start: () => Promise<T>): Promise<T> {
  const nav = globalThis.navigator as Navigator | undefined;
  if (!nav) return start();
  Object.defineProperty(nav, 'hardwareConcurrency', { value: cores, configurable: true });
  try {
    return await start();
  } finally {
    Reflect.deleteProperty(nav, 'hardwareConcurrency');
  }
}

/**
 * Registers a tfjs backend on first use. The WASM binaries are bundled by Vite from the package
 * (`?url` imports, relative to the built script), so the app serves them itself and nothing is fetched
 * from a CDN. tfjs picks the threaded SIMD binary by itself when SharedArrayBuffer can be posted, i.e. in
 * a cross-origin-isolated page; there the backend starts here, with one thread per core.
 */
export async function loadBackend(name: BackendName): Promise<void> {
  switch (name) {
    case 'webgpu':
      await import('@tensorflow/tfjs-backend-webgpu');
      return;
    case 'wasm': {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      const [plain, simd, threaded] = await Promise.all([
        import('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm.wasm?url'),
        import('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-simd.wasm?url'),
        import('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.wasm?url'),
      ]);
      wasm.setWasmPaths({
        'tfjs-backend-wasm.wasm': plain.default,
        'tfjs-backend-wasm-simd.wasm': simd.default,
        'tfjs-backend-wasm-threaded-simd.wasm': threaded.default,
      });
      if (!globalThis.crossOriginIsolated) return;
      const threads = wasmThreadsFor(globalThis.navigator?.hardwareConcurrency);
      wasm.setThreadsCount(threads);
      // Started here (not by the caller's setBackend) so that the cap above is lifted while it starts.
      await withReportedCores(2 * threads, () => tf.setBackend('wasm'));
      return;
    }
    case 'webgl':
    case 'cpu':
      // Registered by @tensorflow/tfjs itself.
      return;
  }
}

/** After the backend started: the threads wasm computes on (null on the other backends). */
export async function backendThreads(name: BackendName): Promise<WasmThreads | null> {
  if (name !== 'wasm') return null;
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  return { count: wasm.getThreadsCount(), isolated: Boolean(globalThis.crossOriginIsolated) };
}
