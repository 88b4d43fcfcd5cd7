/**
 * @module Faults for tests: makes one tfjs kernel of a backend throw, the way a lost GPU device or a broken
 * WASM module does, so the engine's fallback is exercised through the backend it really runs on. Unit tests
 * import it directly; the page's worker loads it only in the end-to-end test build (see e2eHooks.ts).
 */
import * as tf from '@tensorflow/tfjs';

/**
 * The next call of `kernelName` on `backend` throws; the kernel is put back as it was right after (and on
 * the returned function, whichever comes first). The kernel must be registered for that backend.
 */
export function failNextKernel(kernelName: string, backend: string): () => void {
  const original = tf.getKernel(kernelName, backend);
  if (!original) throw new Error(`no ${kernelName} kernel on ${backend} to fail`);
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    tf.unregisterKernel(kernelName, backend);
    tf.registerKernel(original);
  };
  tf.unregisterKernel(kernelName, backend);
  tf.registerKernel({
    ...original,
    kernelFunc: () => {
      restore();
      throw new Error(`${backend} ${kernelName} failed (injected fault)`);
    },
  });
  return restore;
}
