import * as tf from '@tensorflow/tfjs';
import type { TimingPlan } from '../types';
import { KernelCounter, type KernelStat } from './kernelCount';

/**
 * Something to time: `step` queues one unit of work (a training step, a matMul) and returns a tensor
 * that the caller reads or disposes; nothing is read back inside a window except the last one.
 */
export interface Workload {
  step: () => tf.Tensor;
}

export interface Timed {
  /** Seconds per window. */
  windowSeconds: number[];
  stepsPerWindow: number;
  /** The value of the last step's tensor, read once at the very end. */
  lastValue: number;
  /** Kernel launches per step, counted over the timed windows. */
  kernelsPerStep: number;
  /** Kernel names with the most self time per step (host time: the real cost only on cpu and wasm). */
  topKernels: KernelStat[];
  /** tf.memory() after the warm-up and after the last window. */
  before: tf.MemoryInfo;
  after: tf.MemoryInfo;
}

export class OverBudget extends Error {}

/** Runs `steps` steps and waits for the last one's result: the only readback of a window. */
export async function runWindow(work: Workload, steps: number): Promise<{ seconds: number; value: number }> {
  const start = performance.now();
  let last: tf.Tensor | null = null;
  for (let k = 0; k < steps; k++) {
    last?.dispose();
    last = work.step();
  }
  const value = ((await (last as tf.Tensor).data())[0] as number) ?? Number.NaN;
  (last as tf.Tensor).dispose();
  return { seconds: (performance.now() - start) / 1000, value };
}

/**
 * Warm-up, then `plan.windows` windows of whole steps sized to about `plan.windowSeconds` from the
 * last warm-up step's duration. Throws OverBudget (with the reason) when the windows would not fit
 * in `plan.budgetSeconds`.
 */
export async function timeWindows(work: Workload, plan: TimingPlan): Promise<Timed> {
  let stepSeconds = Number.POSITIVE_INFINITY;
  for (let k = 0; k < plan.warmupSteps; k++) stepSeconds = (await runWindow(work, 1)).seconds;
  const planned = plan.windows * stepSeconds;
  if (planned > plan.budgetSeconds) {
    throw new OverBudget(
      `one step took ${stepSeconds.toFixed(1)} s after warm-up; ${plan.windows} windows would exceed the ${plan.budgetSeconds} s budget`,
    );
  }
  const stepsPerWindow = Math.max(1, Math.round(plan.windowSeconds / stepSeconds));
  const before = tf.memory();
  const seconds: number[] = [];
  let lastValue = Number.NaN;
  const counter = new KernelCounter();
  counter.start();
  try {
    for (let w = 0; w < plan.windows; w++) {
      const r = await runWindow(work, stepsPerWindow);
      seconds.push(r.seconds);
      lastValue = r.value;
    }
  } finally {
    counter.stop();
  }
  // The window's readback (data()) and the dispose of the last result launch no kernels.
  const steps = plan.windows * stepsPerWindow;
  return {
    windowSeconds: seconds,
    stepsPerWindow,
    lastValue,
    kernelsPerStep: counter.count / steps,
    topKernels: counter.top(8, steps),
    before,
    after: tf.memory(),
  };
}
