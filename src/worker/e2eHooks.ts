/**
 * @module Hooks for the end-to-end tests, in the training worker of the test build only (`vite build --mode
 * e2e`; the worker imports this file under `import.meta.env.MODE === 'e2e'`, so the product has none of it).
 * Playwright evaluates `self.gatelabE2E` in the worker. Touches no run state.
 */
import * as tf from '@tensorflow/tfjs';
import type { CellKernels } from '../model/cellKernels';
import { setCellKernels } from '../model/cellRegistry';
import { plainCellKernels } from '../model/plainCell';
import { type Batch, Trainer } from '../model/trainer';
import type { CellKind } from '../model/types';
import { failNextKernel } from './faults';
import { cellKernelsStatus, type CellKernelsStatus, backendKernelsOf } from './kernels/register';
import { type CheckReport, type CheckSizes, checkCellKernels } from './kernels/selfCheck';

export interface TrainerStepsOptions {
  cell: CellKind;
  hidden: number;
  batch: number;
  seqLen: number;
  steps: number;
}

export interface TrainerStepsComparison {
  plainLosses: number[];
  /** Null where the backend has no fused cell. */
  fusedLosses: number[] | null;
  /** How often the fused cell's forward and backward ran during its steps. */
  fusedCalls: { forward: number; backward: number };
}

export interface E2EHooks {
  /** What registration decided for the fused cell on the running backend. */
  kernelStatus(): CellKernelsStatus | null;
  /** The fused cell (plain ops where there is none) against plain ops and autodiff, at any size. */
  checkKernels(sizes?: CheckSizes, tolerance?: number): Promise<CheckReport>;
  /** Trainer.step from one seed on plain ops, then with the fused cell; the registry is left as found. */
  compareTrainerSteps(options: TrainerStepsOptions): Promise<TrainerStepsComparison>;
  /** The next call of a kernel on the running backend throws, as a lost device would. */
  failNextKernel(kernelName: string): void;
}

const VOCAB = 48;

function batches(tokens: number): () => Batch {
  let seed = 11;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % VOCAB;
  };
  return () => ({ inputs: Int32Array.from({ length: tokens }, next), targets: Int32Array.from({ length: tokens }, next), resetState: false });
}

async function losses(kernels: CellKernels | null, options: TrainerStepsOptions): Promise<number[]> {
  setCellKernels(tf.getBackend(), kernels);
  const { cell, hidden, batch, seqLen } = options;
  const trainer = new Trainer({ cell, vocabSize: VOCAB, embedding: 16, hidden, layers: 1, tau: 0.9, noiseP: 1 }, { batch, seqLen, lr: 1e-3, clipNorm: 1, hDetach: 0, seed: 7 });
  const data = batches(batch * seqLen);
  const out: number[] = [];
  try {
    for (let k = 0; k < options.steps; k++) {
      const { loss, gradNorm } = trainer.step(data());
      out.push((await loss.data())[0] as number);
      tf.dispose([loss, gradNorm]);
    }
  } finally {
    trainer.dispose();
  }
  return out;
}

async function compareTrainerSteps(options: TrainerStepsOptions): Promise<TrainerStepsComparison> {
  const backend = tf.getBackend();
  const fused = backendKernelsOf(backend);
  const registered = cellKernelsStatus(backend)?.active === fused?.name ? fused : null;
  const fusedCalls = { forward: 0, backward: 0 };
  try {
    const plainLosses = await losses(null, options);
    if (!fused) return { plainLosses, fusedLosses: null, fusedCalls };
    const counted: CellKernels = {
      ...fused,
      forward: (...args) => {
        fusedCalls.forward++;
        return fused.forward(...args);
      },
      backward: (...args) => {
        fusedCalls.backward++;
        return fused.backward(...args);
      },
    };
    return { plainLosses, fusedLosses: await losses(counted, options), fusedCalls };
  } finally {
    setCellKernels(backend, registered);
  }
}

export function exposeE2EHooks(scope: object): void {
  const hooks: E2EHooks = {
    kernelStatus: () => cellKernelsStatus(tf.getBackend()),
    checkKernels: (sizes, tolerance) => checkCellKernels(backendKernelsOf(tf.getBackend()) ?? plainCellKernels, sizes, tolerance),
    compareTrainerSteps,
    failNextKernel: (kernelName) => {
      failNextKernel(kernelName, tf.getBackend());
    },
  };
  (scope as { gatelabE2E?: E2EHooks }).gatelabE2E = hooks;
}
