import * as tf from '@tensorflow/tfjs';
import { registerFusedCell } from './kernels/register';
import type { AdapterInfo, BackendName } from './protocol';

/**
 * Picks and switches tfjs backends. The preference order of the foundation issue: WebGPU on a hardware
 * adapter, WebGL, WASM, WebGPU on a software adapter, CPU. `tf.setBackend` answers false instead of
 * throwing when a backend fails to start, so every answer is checked.
 */
export interface BackendChoice {
  name: BackendName;
  adapter: AdapterInfo | null;
}

/** Registers the optional backends (dynamic imports keep them out of Node tests that don't need them). */
export type BackendLoader = (name: BackendName) => Promise<void>;

/** The parts of a GPUAdapter we read; `isFallbackAdapter` moved from the adapter to its info in Chrome 1xx. */
interface WebGPUAdapterLike {
  info?: { vendor?: string; architecture?: string; isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
}

async function webgpuAdapter(): Promise<AdapterInfo | null> {
  const gpu = (globalThis.navigator as { gpu?: { requestAdapter(): Promise<unknown> } } | undefined)?.gpu;
  if (!gpu) return null;
  const adapter = (await gpu.requestAdapter()) as WebGPUAdapterLike | null;
  if (!adapter) return null;
  return {
    vendor: adapter.info?.vendor ?? '',
    architecture: adapter.info?.architecture ?? '',
    isFallbackAdapter: Boolean(adapter.info?.isFallbackAdapter ?? adapter.isFallbackAdapter),
  };
}

/** The order to try, given what the machine has. */
export function preferenceOrder(adapter: AdapterInfo | null): BackendName[] {
  if (adapter && !adapter.isFallbackAdapter) return ['webgpu', 'webgl', 'wasm', 'cpu'];
  if (adapter) return ['webgl', 'wasm', 'webgpu', 'cpu'];
  return ['webgl', 'wasm', 'cpu'];
}

export class BackendController {
  private tried = new Set<BackendName>();
  private adapter: AdapterInfo | null = null;
  current: BackendName | null = null;

  constructor(private readonly load: BackendLoader) {}

  private async tryBackend(name: BackendName): Promise<boolean> {
    this.tried.add(name);
    try {
      await this.load(name);
      if (!(await tf.setBackend(name))) return false;
      await tf.ready();
      // A backend can start and still fail at its first kernel: run one.
      tf.tidy(() => tf.add(tf.ones([2]), tf.ones([2])).dataSync());
      this.current = name;
      await registerFusedCell(name); // the fused LSTM cell where this backend has one and it checks out
      return true;
    } catch {
      return false;
    }
  }

  /** Starts the forced backend, or the first that works in preference order. */
  async init(forced?: BackendName): Promise<BackendChoice> {
    this.adapter = await webgpuAdapter().catch(() => null);
    const order = forced ? [forced] : preferenceOrder(this.adapter);
    for (const name of order) {
      if (await this.tryBackend(name)) return this.choice();
    }
    throw new Error(
      forced ? `The ${forced} backend could not start here.` : 'No TensorFlow.js backend could start.',
    );
  }

  /** After a failure: the next backend in preference order that has not been tried. */
  async fallback(): Promise<BackendChoice> {
    for (const name of [...preferenceOrder(this.adapter), 'cpu' as const]) {
      if (this.tried.has(name)) continue;
      if (await this.tryBackend(name)) return this.choice();
    }
    throw new Error('Every backend has failed.');
  }

  private choice(): BackendChoice {
    const name = this.current as BackendName;
    return { name, adapter: name === 'webgpu' ? this.adapter : null };
  }
}
