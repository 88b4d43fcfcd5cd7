import * as tf from '@tensorflow/tfjs';

/**
 * Counts kernel launches by wrapping the engine's runKernelFunc, the one door every kernel (and every
 * custom-gradient op) goes through: the same events tf.profile lists. tf.profile itself is unusable
 * here: on a backend without GPU timers (WebGL on SwiftShader) it reads every kernel's output back,
 * which took minutes for one tfjs-layers step. The wrapper costs a counter increment, so it can stay
 * on during timed windows.
 */
interface EngineInternals {
  runKernelFunc: (...args: unknown[]) => unknown;
}

export class KernelCounter {
  count = 0;
  private original: EngineInternals['runKernelFunc'] | null = null;

  start(): void {
    if (this.original) return;
    const engine = tf.engine() as unknown as EngineInternals;
    const original = engine.runKernelFunc;
    if (typeof original !== 'function') throw new Error('tfjs engine has no runKernelFunc: the tfjs version changed');
    this.original = original;
    engine.runKernelFunc = (...args: unknown[]) => {
      this.count++;
      return original.apply(engine, args);
    };
  }

  stop(): void {
    if (!this.original) return;
    (tf.engine() as unknown as EngineInternals).runKernelFunc = this.original;
    this.original = null;
  }
}
