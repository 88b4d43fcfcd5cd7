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
import { checkNoiseKernel, type NoiseCheckCase, type NoiseCheckReport } from './kernels/gpuNoise';
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
  /** Fused calls made inside this comparison's own Trainer.step calls. */
  fusedCalls: { forward: number; backward: number };
  /** Fused forwards the app's own run made in the same worker meanwhile (its text samples), not counted above. */
  otherForwards: number;
}

export interface E2EHooks {
  /** What registration decided for the fused cell on the running backend. */
  kernelStatus(): CellKernelsStatus | null;
  /** The fused cell (plain ops where there is none) against plain ops and autodiff, at any size. */
  checkKernels(sizes?: CheckSizes, tolerance?: number): Promise<CheckReport>;
  /** G2's noise kernel as registered on the running backend (plain ops where there is none) against the JS draw added by plain ops. */
  checkNoise(cases: NoiseCheckCase[], tolerance?: number): Promise<NoiseCheckReport>;
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

/** True only while `losses` is inside Trainer.step (synchronous, so nothing else in the worker runs then). */
let inComparedStep = false;

async function losses(kernels: CellKernels | null, options: TrainerStepsOptions): Promise<number[]> {
  setCellKernels(tf.getBackend(), kernels);
  const { cell, hidden, batch, seqLen } = options;
  const trainer = new Trainer({ cell, vocabSize: VOCAB, embedding: 16, hidden, layers: 1, tau: 0.9, noiseP: 1 }, { batch, seqLen, lr: 1e-3, clipNorm: 1, hDetach: 0, seed: 7 });
  const data = batches(batch * seqLen);
  const out: number[] = [];
  try {
    for (let k = 0; k < options.steps; k++) {
      inComparedStep = true;
      let result;
      try {
        result = trainer.step(data());
      } finally {
        inComparedStep = false;
      }
      const { loss, gradNorm } = result;
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
  let otherForwards = 0;
  try {
    const plainLosses = await losses(null, options);
    if (!fused) return { plainLosses, fusedLosses: null, fusedCalls, otherForwards };
    // The registry is the worker's: while this comparison awaits its losses, the app's own run (training at page
    // load) may sample text through the same registered kernels. Only calls inside the compared steps count.
    const counted: CellKernels = {
      ...fused,
      forward: (...args) => {
        if (inComparedStep) fusedCalls.forward++;
        else otherForwards++;
        return fused.forward(...args);
      },
      backward: (...args) => {
        if (inComparedStep) fusedCalls.backward++;
        return fused.backward(...args);
      },
    };
    const fusedLosses = await losses(counted, options);
    return { plainLosses, fusedLosses, fusedCalls, otherForwards };
  } finally {
    setCellKernels(backend, registered);
  }
}

export function exposeE2EHooks(scope: object): void {
  const hooks: E2EHooks = {
    kernelStatus: () => cellKernelsStatus(tf.getBackend()),
    checkKernels: (sizes, tolerance) => checkCellKernels(backendKernelsOf(tf.getBackend()) ?? plainCellKernels, sizes, tolerance),
    checkNoise: (cases, tolerance) => checkNoiseKernel(cases, tolerance),
    compareTrainerSteps,
    failNextKernel: (kernelName) => {
      failNextKernel(kernelName, tf.getBackend());
    },
  };
  (scope as { gatelabE2E?: E2EHooks }).gatelabE2E = hooks;
}
