/**
 * Picks and switches tfjs backends. Preferred, where nothing was measured: WebGPU on a hardware adapter,
 * WebGL, WASM, WebGPU on a software adapter (SwiftShader's WebGPU was the slowest of all on a machine
 * without a GPU), CPU. `tf.setBackend` answers false instead of
 * throwing when a backend fails to start, so every answer is checked.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { registerCellKernels } from './kernels/register';
import { type ProbeShape, probeStepMs } from './backendProbe';
import type { AdapterInfo, BackendProbeReport, BackendTiming, RememberedTimings, WasmThreads } from './protocol';
import type { BackendName } from '../contract/runSettings';

export interface BackendChoice {
  name: BackendName;
  adapter: AdapterInfo | null;
  /** When chosen by measurement: each candidate's probe time, fastest first. */
  timings?: BackendTiming[];
  /** On wasm: the threads it computes on. */
  wasmThreads?: WasmThreads;
  /** What a measurement here is remembered under: the tfjs version and the WebGPU adapter. */
  probeKey: string;
  /** The timings are a remembered measurement of this browser and device, not measured now. */
  remembered?: boolean;
}

export interface InitOptions {
  /** A measurement made before; used when its key is this browser's and device's. */
  remembered?: RememberedTimings;
  /** Told of each backend as it is measured (or fails), for the page to show the measurement's progress. */
  onProbe?: (report: BackendProbeReport) => void;
}

/** The key a measurement is remembered under: another tfjs or another adapter measures again. */
export function probeKeyOf(adapter: AdapterInfo | null): string {
  const gpu = adapter ? `${adapter.vendor || 'GPU'} ${adapter.architecture}${adapter.isFallbackAdapter ? ' (software)' : ''}`.trim() : 'no WebGPU';
  return `tfjs ${tf.version_core}; ${gpu}`;
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

/** After a backend started: the threads wasm computes on (null elsewhere). */
export type ThreadsOf = (name: BackendName) => Promise<WasmThreads | null>;

/** Measures the current backend: milliseconds per step of a probe window (lower is faster). */
export type BackendProbe = (shape: ProbeShape) => Promise<number>;

export class BackendController {
  private failed = new Set<BackendName>();
  private adapter: AdapterInfo | null = null;
  /** Backends in the order to fall back to: measured speed when measured, else preference. */
  private ranking: BackendName[] = [];
  private timings: BackendTiming[] | undefined;
  private threads: WasmThreads | null = null;
  private remembered = false;
  current: BackendName | null = null;

  constructor(
    private readonly load: BackendLoader,
    private readonly probe: BackendProbe = probeStepMs,
    private readonly threadsOf: ThreadsOf = async () => null,
  ) {}

  private async tryBackend(name: BackendName, cellKernels: 'register' | 'onlyToMeasure' = 'register'): Promise<boolean> {
    const started = await this.start(name, cellKernels);
    if (!started) this.failed.add(name);
    return started;
  }

  /**
   * Starts a backend and registers the cell's kernels where it has them. To be measured a GPU backend needs
   * none (the probe runs plain ops) and their self-checks cost seconds of shader compiling on a software GPU:
   * `onlyToMeasure` registers wasm's (its fixed kernels change the probe's time, and check in milliseconds) and
   * leaves the GPU's for the backend that wins.
   */
  private async start(name: BackendName, cellKernels: 'register' | 'onlyToMeasure' = 'register'): Promise<boolean> {
    try {
      await this.load(name);
      if (!(await tf.setBackend(name))) return false;
      await tf.ready();
      // A backend can start and still fail at its first kernel: run one (read back asynchronously, as everywhere).
      const sum = tf.tidy(() => tf.add(tf.ones([2]), tf.ones([2])));
      try {
        await sum.data();
      } finally {
        sum.dispose();
      }
      this.current = name;
      this.threads = await this.threadsOf(name);
      // the fused LSTM cell where this backend has one and it checks out
      if (cellKernels === 'register' || name === 'wasm' || name === 'cpu') await registerCellKernels(name);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Starts the forced backend; otherwise measures every backend that starts (CPU only if none does) on
   * the run's shape and keeps the fastest, so a software WebGPU adapter can't win over a faster WebGL.
   */
  async init(forced?: BackendName, shape?: ProbeShape, options: InitOptions = {}): Promise<BackendChoice> {
    this.adapter = await webgpuAdapter().catch(() => null);
    this.timings = undefined;
    this.remembered = false;
    const order = forced ? [forced] : preferenceOrder(this.adapter);
    this.ranking = order;
    const known = options.remembered;
    const best = known?.key === this.probeKey() ? known.timings[0] : undefined;
    if (!forced && known && best && (await this.tryBackend(best.backend))) {
      this.timings = known.timings;
      this.remembered = true;
      this.ranking = [...known.timings.map((t) => t.backend), ...order.filter((n) => !known.timings.some((t) => t.backend === n))];
      return this.choice();
    }
    if (!forced && shape) {
      const timings: BackendTiming[] = [];
      for (const name of order.filter((n) => n !== 'cpu')) {
        options.onProbe?.({ backend: name });
        if (!(await this.tryBackend(name, 'onlyToMeasure'))) {
          options.onProbe?.({ backend: name, failed: 'it did not start' });
          continue;
        }
        try {
          const msPerStep = await this.probe(shape);
          timings.push({ backend: name, msPerStep });
          options.onProbe?.({ backend: name, msPerStep });
        } catch (error) {
          this.failed.add(name);
          options.onProbe?.({ backend: name, failed: error instanceof Error ? error.message : String(error) });
        }
      }
      timings.sort((a, b) => a.msPerStep - b.msPerStep);
      const fastest = timings[0];
      if (fastest && (await this.tryBackend(fastest.backend))) {
        this.timings = timings;
        this.ranking = [...timings.map((t) => t.backend), ...order.filter((n) => !timings.some((t) => t.backend === n))];
        return this.choice();
      }
    }
    for (const name of order) {
      if (await this.tryBackend(name)) return this.choice();
    }
    throw new Error(
      forced ? `The ${forced} backend could not start here.` : 'No TensorFlow.js backend could start.',
    );
  }

  /** After a failure of the current backend: the next in the ranking that has not failed. */
  async fallback(): Promise<BackendChoice> {
    if (this.current) this.failed.add(this.current);
    for (const name of [...this.ranking, ...preferenceOrder(this.adapter), 'cpu' as const]) {
      if (this.failed.has(name)) continue;
      if (await this.tryBackend(name)) return this.choice();
    }
    throw new Error('Every backend has failed.');
  }

  private probeKey(): string {
    return probeKeyOf(this.adapter);
  }

  private choice(): BackendChoice {
    const name = this.current as BackendName;
    return {
      name,
      adapter: name === 'webgpu' ? this.adapter : null,
      timings: this.timings,
      probeKey: this.probeKey(),
      remembered: this.remembered,
      ...(this.threads ? { wasmThreads: this.threads } : {}),
    };
  }
}
