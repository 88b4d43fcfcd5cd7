import { runWindow, type Workload } from './timing';
import { KernelCounter, type KernelStat } from './kernelCount';

/**
 * One workload held open in the page between calls, so that the orchestrator can interleave its windows
 * with another page's (bench/threads.ts: the threaded page against the single-threaded one).
 */
let held: (Workload & { dispose(): void }) | null = null;

export async function hold(make: () => Promise<Workload & { dispose(): void }>): Promise<void> {
  release();
  held = await make();
}

/** Seconds for `steps` steps of the held workload, its result read back at the end. */
export async function heldWindow(steps: number): Promise<number> {
  if (!held) throw new Error('no workload is held');
  return (await runWindow(held, steps)).seconds;
}

export function release(): void {
  held?.dispose();
  held = null;
}


/** `steps` steps of the held workload with every kernel's self time per step, by name and input shapes (bench/profile.ts). */
export async function heldProfile(steps: number, top: number): Promise<{ seconds: number; kernels: KernelStat[]; kernelsPerStep: number }> {
  if (!held) throw new Error('no workload is held');
  const counter = new KernelCounter(true);
  counter.start();
  try {
    const { seconds } = await runWindow(held, steps);
    return { seconds: seconds / steps, kernels: counter.top(top, steps), kernelsPerStep: counter.count / steps };
  } finally {
    counter.stop();
  }
}
