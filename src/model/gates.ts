import type { CellKind, GateMode } from './types';

/**
 * How the input and forget gates of one cell are computed, given its pre-activation z:
 * a = σ(scale · (z + noise)) or, when `hard`, 1[z ≥ 0]. The output gate and candidate are always σ and tanh.
 */
export interface GateSpec {
  /** Multiplies the i/f pre-activations (1/τ for Gumbel and sharpened sigmoids). */
  scale: number;
  /** Add Logistic(0,1) noise to the i/f pre-activations (Gumbel-sigmoid). */
  noisy: boolean;
  /** Replace σ by the step function (binarized gates; no gradient). */
  hard: boolean;
}

/** The gate function a cell uses while training. */
export function trainingGates(cell: CellKind, tau: number): GateSpec {
  switch (cell) {
    case 'lstm':
      return { scale: 1, noisy: false, hard: false };
    case 'g2':
      return { scale: 1 / tau, noisy: true, hard: false };
    case 'sharpened':
      return { scale: 1 / tau, noisy: false, hard: false };
    case 'beta':
    case 'bibeta':
      throw new Error('Beta gates are not built yet');
  }
}

/** The gate function for evaluating a cell in a given mode (design.md §1). */
export function evaluationGates(cell: CellKind, mode: GateMode, tau: number): GateSpec {
  switch (mode) {
    case 'stochastic':
      return trainingGates(cell, tau);
    case 'soft':
      return { scale: 1, noisy: false, hard: false };
    case 'sharpened':
      return { scale: 1 / tau, noisy: false, hard: false };
    case 'binary':
      return { scale: 1, noisy: false, hard: true };
  }
}

/** The mode that evaluates a cell the way it is normally used after training. */
export function defaultEvaluationMode(cell: CellKind): GateMode {
  return cell === 'sharpened' ? 'sharpened' : 'soft';
}
