import * as tf from '@tensorflow/tfjs';
import { plainCellKernels } from '../../model/cellKernels';
import { type MeasureOptions, type Measurement, measureTrainer } from './measure';
import { fusedCellStatus, type FusedCellStatus, fusedKernelsOf } from './register';
import { type CheckReport, type CheckSizes, checkCellKernels } from './selfCheck';

/**
 * `self.gatelabKernels` in the training worker: what the fused LSTM cell decided on this backend, a
 * self-check of it at any size, and a plain-vs-fused measurement of Trainer.step. For the end-to-end
 * tests (Playwright evaluates in the worker) and for anyone looking at speed from the worker's devtools
 * console. Touches no run state.
 */
export interface KernelHooks {
  status(): FusedCellStatus | null;
  check(sizes?: CheckSizes, tolerance?: number): Promise<CheckReport>;
  measure(options: MeasureOptions): Promise<Measurement>;
}

export function exposeKernelHooks(scope: object): void {
  const hooks: KernelHooks = {
    status: () => fusedCellStatus(tf.getBackend()),
    check: (sizes, tolerance) =>
      checkCellKernels(fusedKernelsOf(tf.getBackend()) ?? plainCellKernels, sizes, tolerance),
    measure: measureTrainer,
  };
  (scope as { gatelabKernels?: KernelHooks }).gatelabKernels = hooks;
}
