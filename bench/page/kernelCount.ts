import * as tf from '@tensorflow/tfjs';

/**
 * Counts kernel launches by wrapping the engine's runKernelFunc, the one door every kernel (and every
 * custom-gradient op) goes through: the same events tf.profile lists. tf.profile itself is unusable
 * here: on a backend without GPU timers (WebGL on SwiftShader) it reads every kernel's output back,
 * which took minutes for one tfjs-layers step. The wrapper costs a counter increment and two clock
 * reads, so it can stay on during timed windows.
 *
 * It also sums each kernel name's self time (nested calls, e.g. the kernels inside a custom
 * gradient, are subtracted from their parent). That is the kernel's cost only on synchronous
 * backends (cpu, wasm); on GPU backends it is the time to enqueue.
 */
interface EngineInternals {
  runKernelFunc: (...args: unknown[]) => unknown;
}

export interface KernelStat {
  name: string;
  calls: number;
  ms: number;
}

/** A kernel's name, with its inputs' shapes when counted by shape (`BatchMatMul 32×256 · 256×1024`). */
function kernelKey(params: unknown, byShape: boolean): string {
  const p = params as { kernelName?: string; inputs?: Record<string, { shape?: number[] }> } | undefined;
  const name = p?.kernelName ?? 'custom op';
  if (!byShape || !p?.inputs) return name;
  const shapes = Object.values(p.inputs).map((t) => (t?.shape ?? []).join('×') || 'scalar');
  return `${name} ${shapes.join(' · ')}`;
}

export class KernelCounter {
  count = 0;
  /** `byShape`: keep each kernel's input shapes apart (bench/profile.ts). */
  constructor(private readonly byShape = false) {}
  private readonly stats = new Map<string, KernelStat>();
  private readonly childMs: number[] = [];
  private original: EngineInternals['runKernelFunc'] | null = null;

  start(): void {
    if (this.original) return;
    const engine = tf.engine() as unknown as EngineInternals;
    const original = engine.runKernelFunc;
    if (typeof original !== 'function') throw new Error('tfjs engine has no runKernelFunc: the tfjs version changed');
    this.original = original;
    engine.runKernelFunc = (...args: unknown[]) => {
      this.count++;
      const name = kernelKey(args[0], this.byShape);
      this.childMs.push(0);
      const t0 = performance.now();
      try {
        return original.apply(engine, args);
      } finally {
        const total = performance.now() - t0;
        const children = this.childMs.pop() ?? 0;
        if (this.childMs.length) this.childMs[this.childMs.length - 1]! += total;
        const stat = this.stats.get(name) ?? { name, calls: 0, ms: 0 };
        stat.calls++;
        stat.ms += total - children;
        this.stats.set(name, stat);
      }
    };
  }

  stop(): void {
    if (!this.original) return;
    (tf.engine() as unknown as EngineInternals).runKernelFunc = this.original;
    this.original = null;
  }

  /** The `n` kernel names with the most self time, per step. */
  top(n: number, steps: number): KernelStat[] {
    return [...this.stats.values()]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, n)
      .map((s) => ({ name: s.name, calls: +(s.calls / steps).toFixed(1), ms: +(s.ms / steps).toFixed(2) }));
  }
}
