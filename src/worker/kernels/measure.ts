import * as tf from '@tensorflow/tfjs';
import { type CellKernels, setCellKernels } from '../../model/cellKernels';
import { type Batch, Trainer } from '../../model/trainer';
import type { CellKind } from '../../model/types';
import { fusedCellStatus, fusedKernelsOf } from './register';

/**
 * Measures Trainer.step on the current backend with the plain and the fused cell, in one run:
 * kernels per step (tf.profile), GPU programs per step, and chars/s over alternating timed windows.
 * Leaves the registry as it found it.
 */
export interface MeasureOptions {
  cell: CellKind;
  hidden: number;
  batch: number;
  seqLen: number;
  /** Timed windows per path (the median is reported). */
  windows: number;
  stepsPerWindow: number;
  warmupSteps: number;
}

export interface PathMeasurement {
  kernelsPerStep: number;
  /** Kernel name → launches per step, most frequent first. */
  kernelsByName: Record<string, number>;
  programsPerStep: number | null;
  charsPerSecond: number[];
  medianCharsPerSecond: number;
  /** Loss of the first steps from the same seed: the two paths should agree. */
  firstLosses: number[];
}

export interface Measurement {
  backend: string;
  options: MeasureOptions;
  plain: PathMeasurement;
  fused: PathMeasurement | null;
  /** Per window pair: fused chars/s ÷ plain chars/s, and their median. */
  ratios: number[];
  medianRatio: number | null;
}

const VOCAB = 64;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function batches(tokens: number, seed: number): () => Batch {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % VOCAB;
  };
  return () => ({
    inputs: Int32Array.from({ length: tokens }, next),
    targets: Int32Array.from({ length: tokens }, next),
    resetState: false,
  });
}

function histogram(names: string[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
  return Object.fromEntries([...counts].sort((a, b) => b[1] - a[1]));
}

/** Counts the backend's GPU program launches while `f` runs (tfjs internals, counting only). */
async function countPrograms(f: () => Promise<void>): Promise<number | null> {
  const backend = tf.backend() as unknown as Record<string, unknown>;
  const method = ['runWebGPUProgram', 'runWebGLProgram'].find((m) => typeof backend[m] === 'function');
  if (!method) {
    await f();
    return null;
  }
  const original = backend[method] as (...args: unknown[]) => unknown;
  let count = 0;
  backend[method] = (...args: unknown[]) => {
    count++;
    return original.apply(backend, args);
  };
  try {
    await f();
  } finally {
    delete backend[method];
  }
  return count;
}

/** Runs `count` steps and reads back only the last loss (the queue is in order, so all are done). */
async function steps(trainer: Trainer, data: () => Batch, count: number): Promise<number> {
  let last: tf.Tensor | null = null;
  for (let k = 0; k < count; k++) {
    const { loss, gradNorm } = trainer.step(data());
    gradNorm.dispose();
    last?.dispose();
    last = loss;
  }
  const value = last ? ((await last.data())[0] as number) : Number.NaN;
  last?.dispose();
  return value;
}

export async function measureTrainer(options: MeasureOptions): Promise<Measurement> {
  const backend = tf.getBackend();
  const fusedKernels = fusedKernelsOf(backend);
  const paths: [string, CellKernels | null][] = [['plain', null]];
  if (fusedKernels) paths.push(['fused', fusedKernels]);
  const use = (k: CellKernels | null) => setCellKernels(backend, k);
  const registered = fusedCellStatus(backend)?.active === 'fused' ? fusedKernels : null;
  const { hidden, batch, seqLen, cell } = options;
  const model = { cell, vocabSize: VOCAB, embedding: 32, hidden, layers: 1, tau: 0.9, noiseP: 1 };
  const train = { batch, seqLen, lr: 1e-3, clipNorm: 1, hDetach: 0, seed: 7 };
  const results = new Map<string, PathMeasurement>();
  const trainers = new Map<string, Trainer>();
  try {
    for (const [name, kernels] of paths) {
      use(kernels);
      const trainer = new Trainer({ ...model }, { ...train });
      trainers.set(name, trainer);
      const data = batches(batch * seqLen, 11);
      const firstLosses: number[] = [];
      for (let k = 0; k < Math.max(3, options.warmupSteps); k++) {
        const loss = await steps(trainer, data, 1);
        if (k < 3) firstLosses.push(loss);
      }
      const profile = await tf.profile(async () => {
        await steps(trainer, data, 1);
      });
      const programsPerStep = await countPrograms(async () => {
        await steps(trainer, data, 1);
      });
      results.set(name, {
        kernelsPerStep: profile.kernels.length,
        kernelsByName: histogram(profile.kernels.map((k) => k.name)),
        programsPerStep,
        charsPerSecond: [],
        medianCharsPerSecond: 0,
        firstLosses,
      });
    }
    const data = batches(batch * seqLen, 23);
    for (let w = 0; w < options.windows; w++) {
      for (const [name, kernels] of paths) {
        use(kernels);
        const trainer = trainers.get(name) as Trainer;
        const start = performance.now();
        await steps(trainer, data, options.stepsPerWindow);
        const seconds = (performance.now() - start) / 1000;
        results.get(name)?.charsPerSecond.push((options.stepsPerWindow * batch * seqLen) / seconds);
      }
    }
  } finally {
    for (const trainer of trainers.values()) trainer.dispose();
    use(registered);
  }
  for (const r of results.values()) r.medianCharsPerSecond = median(r.charsPerSecond);
  const plain = results.get('plain') as PathMeasurement;
  const fused = results.get('fused') ?? null;
  const ratios = fused ? fused.charsPerSecond.map((c, w) => c / (plain.charsPerSecond[w] as number)) : [];
  return { backend, options, plain, fused, ratios, medianRatio: ratios.length ? median(ratios) : null };
}
