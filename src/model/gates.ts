import type { BetaKind } from './betaGates';
import type { CellKind, GateMode } from './types';

/**
 * How the input and forget gates of one cell are computed, given its pre-activation z:
 * a = σ(scale · (z + noise)) or, when `hard`, 1[z ≥ 0]; with `beta`, a Beta variable of shapes
 * sp(scale·z), sp(−scale·z) (sampled, or its mean) instead of σ. The output gate and candidate are always σ and tanh.
 */
export interface GateSpec {
  /** Multiplies the i/f pre-activations (1/τ for Gumbel and sharpened sigmoids). */
  scale: number;
  /** Add Logistic(0,1) noise to the i/f pre-activations (Gumbel-sigmoid). */
  noisy: boolean;
  /** Replace σ by the step function (binarized gates; no gradient). */
  hard: boolean;
  /** Beta gates (betaGates.ts) instead of σ: sampled from Gamma variables (training, `stochastic`), or their means. τ plays no part in training them. */
  beta?: { kind: BetaKind; sample: boolean };
}

const BETA_KINDS: Partial<Record<CellKind, BetaKind>> = { beta: 'independent', bibeta: 'shared' };

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
      return { scale: 1, noisy: false, hard: false, beta: { kind: BETA_KINDS[cell] as BetaKind, sample: true } };
  }
}

/**
 * The gate function for evaluating a cell in a given mode (docs/method.md §2). Beta cells: `stochastic`
 * samples the Gammas, `soft` takes their means sp(z) / (sp(z) + sp(−z)), `sharpened` the means at z/τ,
 * `binary` is 1[mean ≥ ½], which is 1[z ≥ 0] (the means are increasing in z and ½ at 0).
 */
export function evaluationGates(cell: CellKind, mode: GateMode, tau: number): GateSpec {
  const betaKind = BETA_KINDS[cell];
  const beta = betaKind ? { beta: { kind: betaKind, sample: false } } : {};
  switch (mode) {
    case 'stochastic':
      return trainingGates(cell, tau);
    case 'soft':
      return { scale: 1, noisy: false, hard: false, ...beta };
    case 'sharpened':
      return { scale: 1 / tau, noisy: false, hard: false, ...beta };
    case 'binary':
      return { scale: 1, noisy: false, hard: true };
  }
}

/** The mode that evaluates a cell the way it is normally used after training. */
export function defaultEvaluationMode(cell: CellKind): GateMode {
  return cell === 'sharpened' ? 'sharpened' : 'soft';
}

/** Whether the temperature τ enters a gate mode (the Gumbel noise's and the sharpened sigmoid's σ(z/τ)); σ(z) and 1[z ≥ 0] do without. */
export function modeUsesTau(mode: GateMode): boolean {
  return mode === 'stochastic' || mode === 'sharpened';
}
