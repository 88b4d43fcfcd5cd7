import type { CellKind, GateMode } from '../model/types';

/**
 * One line for each term of the art the page uses outside the settings table (settings.ts describes its
 * own fields): shown on hover and focus, tied to the control or header with aria-describedby.
 */
export const GLOSSARY = {
  corpus: 'The text the models learn to predict, one character at a time; the last tenth is held out for validation.',
  models: 'The recurrent cells to train side by side on the same batches, each with the same size and seed.',
  compareHDetach: 'Train each ticked cell twice: without and with h-detach at the probability set below (a darker shade).',
  backend: 'Where tfjs runs the arithmetic: WebGPU, WebGL, WASM or plain JavaScript; "fastest" times a short window on each.',
  evalTau: 'Temperature τ of the gates when they are shown and evaluated: below 1 pushes G2-LSTM and sharpened gates towards 0 or 1.',
  gateMode: 'How gates are computed for every panel: stochastic (as in training, with noise), soft (σ(z)), sharpened (σ(z/τ)) or binary (1 when z ≥ 0).',
  bitsPerChar: 'Cross-entropy in bits per character on held-out text: lower is better; 0 is perfect, log₂ of the alphabet is guessing.',
  softGates: 'Gates as the model computes them, any value between 0 and 1.',
  binarizedGates: 'The input and forget gates rounded to exactly 0 or 1; the loss shows what that costs.',
  deltaBits: 'Δ: bits per character added by the change (binarizing, freezing or compressing); near 0 means the gates were nearly binary.',
  gapToBinary: 'Mean distance of the gate values from the nearer of 0 and 1: 0 means every gate is binary.',
  correlation: 'r: Pearson correlation of the input and forget gate values of the same unit and character.',
  keep: 'keep: input closed (i < 0.1) and forget open (f ≥ 0.9): the cell keeps its memory unchanged.',
  overwrite: 'overwrite: input open (i ≥ 0.9), forget closed (f < 0.1): new content replaces the memory.',
  add: 'add: both open (≥ 0.9): new content is added to the memory.',
  reset: 'reset: both closed (< 0.1): the memory is emptied.',
  endBins: 'Share of gate values in the end bins: below 0.1 (closed) or at least 0.9 (open).',
  round: 'round r: gate weights rounded to the nearest multiple of r.',
  clip: 'clip c: gate weights clipped to [−c, c] after rounding.',
  rank: 'low rank k: gate weight matrices replaced by their best rank-k approximation (truncated SVD).',
  spread: 'Standard deviation of a gate over the validation slice: a gate that barely moves could be frozen at its mean.',
  removableUnits: 'Units whose four gates (i, f, g, o) are all constant: structured sparsification could remove them (Lobacheva et al.).',
  symbols: 'Share of the ten symbols predicted right after the delay.',
  wholeSequences: 'Share of examples with all ten symbols right.',
} as const;

export type Term = keyof typeof GLOSSARY;

export const GATE_MODE_NOTES: Record<GateMode, string> = {
  stochastic: 'as in training: G2-LSTM with Gumbel noise at τ, Beta cells sampled',
  soft: 'σ(z), no noise (Beta cells: their means)',
  sharpened: 'σ(z/τ), no noise',
  binary: 'exactly 0 or 1: 1 when z ≥ 0',
};

export const CELL_NOTES: Record<CellKind, string> = {
  g2: 'G2-LSTM (Li et al. 2018): input and forget gates through a Gumbel-sigmoid at temperature τ, so they learn to sit near 0 or 1.',
  lstm: 'The standard LSTM: sigmoid gates, no noise.',
  sharpened: 'An LSTM whose input and forget gates are σ(z/τ): sharp like G2-LSTM at small τ, without the noise (the paper’s baseline).',
  beta: 'Beta-LSTM (Song et al.): each input and forget gate is a Beta-distributed random variable built from two Gammas.',
  bibeta: 'Bivariate Beta-LSTM (Song et al.): the input and forget gates share a Gamma, so they are correlated.',
};
