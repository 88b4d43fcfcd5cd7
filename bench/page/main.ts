import * as tf from '@tensorflow/tfjs';
import { matmulFlops, stepFlops } from '../flops';
import { median } from '../stats';
import { patchWasmKernels, unpatchWasmKernels, wasmKernelsPatched } from '../../src/worker/kernels/wasmKernels';
import { type BackendName, type CeilingRow, type Impl, SIZES, type SizeName, type ThroughputRow, type TimingPlan, unmeasuredRow, type WasmKernels } from '../types';
import { startBackend, startedThreads } from './backend';
import { mobyDick } from './corpus';
import { gatelabWorkload } from './gatelab';
import { heldProfile, heldWindow, hold, release } from './held';
import { useKernels } from './kernelModes';
import { layersLstmWorkload } from './layersLstm';
import { matmulWorkload } from './matmul';
import { pairedWindows } from './paired';
import { OverBudget, timeWindows, type Workload } from './timing';

/**
 * The bench page: an API on `window.bench` that the orchestrator (bench/run.ts) calls one cell at a
 * time through page.evaluate, so it can log progress and keep its own time limits.
 */
type Disposable = Workload & { dispose(): void };

async function workloadFor(impl: Impl, sizeName: SizeName): Promise<{ work: Disposable; vocab: number }> {
  const size = SIZES[sizeName];
  const corpus = await mobyDick(size.batch, size.seqLen);
  const vocab = corpus.vocab.symbols.length;
  switch (impl) {
    case 'gatelab-g2':
      return { work: gatelabWorkload('g2', size, corpus), vocab };
    case 'gatelab-lstm':
      return { work: gatelabWorkload('lstm', size, corpus), vocab };
    case 'tfjs-layers-lstm':
      return { work: layersLstmWorkload(size, corpus), vocab };
  }
}

/**
 * On wasm, which kernels a cell runs on: Gate Lab's rows on what the app's start installed (the fixes
 * when their self-check passed), the reference on stock tfjs unless asked otherwise (the fixes speed
 * it up too; bench/cells.ts measures that as an extra row).
 */
function useWasmKernels(backend: BackendName, impl: Impl, wanted: WasmKernels | undefined): WasmKernels | undefined {
  if (backend !== 'wasm') return undefined;
  const kernels = wanted ?? (impl === 'tfjs-layers-lstm' ? 'tfjs' : undefined);
  if (kernels === 'tfjs') unpatchWasmKernels();
  if (kernels === 'gatelab-fixes') patchWasmKernels();
  return wasmKernelsPatched() ? 'gatelab-fixes' : 'tfjs';
}

async function throughput(backend: BackendName, sizeName: SizeName, impl: Impl, plan: TimingPlan, kernels?: WasmKernels): Promise<ThroughputRow> {
  const size = SIZES[sizeName];
  const patchedBefore = wasmKernelsPatched();
  const wasmKernels = useWasmKernels(backend, impl, kernels);
  const chars = size.batch * size.seqLen;
  const { work, vocab } = await workloadFor(impl, sizeName);
  const row: ThroughputRow = {
    ...unmeasuredRow({ backend, threads: startedThreads, size: sizeName, impl, vocab }),
    ...(wasmKernels ? { wasm_kernels: wasmKernels } : {}),
  };

  try {
    const timed = await timeWindows(work, plan);
    const perWindow = timed.windowSeconds.map((s) => (timed.stepsPerWindow * chars) / s);
    row.windows = perWindow.map((x) => Math.round(x));
    row.steps_per_window = timed.stepsPerWindow;
    row.chars_per_s = median(perWindow);
    row.gflops = ((row.chars_per_s / chars) * stepFlops(size, vocab)) / 1e9;
    row.tensors_growth = timed.after.numTensors - timed.before.numTensors;
    row.bytes_growth = timed.after.numBytes - timed.before.numBytes;
    row.final_loss = timed.lastValue;
    row.kernels_per_step = timed.kernelsPerStep;
    row.top_kernels = timed.topKernels;
  } catch (e) {
    if (!(e instanceof OverBudget)) throw e;
    row.skipped = e.message;
  } finally {
    work.dispose();
    if (backend === 'wasm') (patchedBefore ? patchWasmKernels : unpatchWasmKernels)();
  }
  return row;
}

/**
 * GFLOP/s of a square matMul: n = 1024 first; where that is too slow for the budget (WebGPU on
 * SwiftShader), the largest of 512 and 256 that fits, with the size recorded.
 */
async function ceiling(backend: BackendName, sizes: number[], plan: TimingPlan): Promise<CeilingRow> {
  let skipped = '';
  for (const n of sizes) {
    const work = matmulWorkload(n);
    try {
      const timed = await timeWindows(work, plan);
      const perWindow = timed.windowSeconds.map((s) => (timed.stepsPerWindow * matmulFlops(n)) / s / 1e9);
      return { backend, threads: startedThreads, impl: 'matmul-ceiling', n, gflops: median(perWindow), windows: perWindow.map((x) => +x.toFixed(3)) };
    } catch (e) {
      if (!(e instanceof OverBudget)) throw e;
      skipped += `${skipped ? '; ' : ''}n=${n}: ${e.message}`;
    } finally {
      work.dispose();
    }
  }
  return { backend, threads: startedThreads, impl: 'matmul-ceiling', n: sizes.at(-1) ?? 0, gflops: null, windows: [], skipped };
}

async function paired(backend: BackendName, sizeName: SizeName, plan: TimingPlan) {
  const size = SIZES[sizeName];
  const g2 = await workloadFor('gatelab-g2', sizeName);
  const lstm = await workloadFor('gatelab-lstm', sizeName);
  try {
    return await pairedWindows(g2.work, lstm.work, size.batch * size.seqLen, plan, { backend, threads: startedThreads, size: sizeName });
  } finally {
    g2.work.dispose();
    lstm.work.dispose();
  }
}

const api = {
  start: startBackend,
  throughput,
  paired,
  ceiling,
  /** One workload kept between calls, timed a window at a time (bench/threads.ts). */
  hold: async (impl: Impl, sizeName: SizeName) => hold(async () => (await workloadFor(impl, sizeName)).work),
  heldWindow,
  heldProfile,
  useKernels,
  release,
  memory: () => tf.memory(),
};
export type BenchApi = typeof api;

(window as unknown as { bench: BenchApi }).bench = api;
document.title = 'bench ready';
