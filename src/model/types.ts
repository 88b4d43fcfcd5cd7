/**
 * Recurrent cell kinds (docs/method.md §1 and §4): the plain LSTM, G2 (Gumbel-sigmoid input and forget gates), the
 * sharpened sigmoid σ(z/τ), and Beta gates built from Gamma variables, independent (`beta`) or
 * correlated through a shared Gamma (`bibeta`, the Bivariate Beta-LSTM).
 */
export type CellKind = 'lstm' | 'g2' | 'sharpened' | 'beta' | 'bibeta';

/**
 * How the input and forget gates are computed at evaluation time.
 * - `stochastic`: as in training (Gumbel noise for g2, σ(z/τ) for sharpened, σ(z) for lstm, Gamma samples for the Beta cells)
 * - `soft`: σ(z), what torch.nn.LSTM computes; for the Beta cells the Beta mean sp(z) / (sp(z) + sp(−z))
 * - `sharpened`: σ(z/τ); for the Beta cells the Beta mean at z/τ
 * - `binary`: 1[z ≥ 0]
 */
export type GateMode = 'stochastic' | 'soft' | 'sharpened' | 'binary';

export const CELL_KINDS: readonly CellKind[] = ['lstm', 'g2', 'sharpened', 'beta', 'bibeta'];
export const GATE_MODES: readonly GateMode[] = ['stochastic', 'soft', 'sharpened', 'binary'];

/** Architecture of a character language model: everything needed to rebuild its parameters. */
export interface ModelConfig {
  readonly cell: CellKind;
  readonly vocabSize: number;
  readonly embedding: number;
  readonly hidden: number;
  readonly layers: number;
  /** Gumbel-sigmoid / sharpened-sigmoid temperature τ. */
  readonly tau: number;
  /** Probability that a noise element is kept (noise dropout); 1 is the paper's equation. */
  readonly noiseP: number;
}

/** The width of a layer's input: the embedding's for the first, the hidden size above it. */
export function layerInputSize(config: Pick<ModelConfig, 'embedding' | 'hidden'>, layer: number): number {
  return layer === 0 ? config.embedding : config.hidden;
}

/**
 * How the weights start, for studies of the recipe: the official code's U(−1/√H, 1/√H) unless `bound`
 * says otherwise, and constants added to the input- and forget-gate biases (0 when absent).
 */
export interface InitOptions {
  readonly bound?: number;
  readonly inputBias?: number;
  readonly forgetBias?: number;
}

export interface TrainConfig {
  readonly batch: number;
  readonly seqLen: number;
  readonly lr: number;
  readonly clipNorm: number;
  /** h-detach probability: per step, stop the gradient from the gates into h_{t-1}. 0 disables it. */
  readonly hDetach: number;
  /** Weight λ of the group-sparsity penalty on gate pre-activations (groupSparsity.ts); 0 or absent disables it. */
  readonly groupSparsity?: number;
  readonly seed: number;
  /** How the weights start (params.ts); absent is the official code's U(±1/√H). */
  readonly init?: InitOptions;
}
