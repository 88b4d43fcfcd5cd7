import type { BackendName } from './protocol';

/**
 * Registers a tfjs backend on first use. The WASM binaries are bundled by Vite from the package
 * (`?url` imports), so the app serves them itself and nothing is fetched from a CDN.
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
      return;
    }
    case 'webgl':
    case 'cpu':
      // Registered by @tensorflow/tfjs itself.
      return;
  }
}
