/**
 * Gate value histograms of the paper: Li et al., "Towards Binary-Valued Gates for Robust LSTM
 * Training", ICML 2018, Figures 1 and 3 (first-layer decoder LSTM, 10,000 IWSLT14 De→En sentence
 * pairs). Fractions in 10 equal bins over [0, 1], recovered from the figures' vector drawing.
 */
export const PAPER_HISTOGRAMS = {
  lstm: {
    input: [0.1823, 0.1585, 0.1348, 0.1148, 0.0982, 0.0846, 0.0729, 0.0623, 0.0525, 0.039],
    forget: [0.0442, 0.0953, 0.12, 0.1304, 0.1271, 0.116, 0.103, 0.0922, 0.0856, 0.0862],
  },
  g2: {
    input: [0.0431, 0.0191, 0.0177, 0.0181, 0.02, 0.0236, 0.0301, 0.0434, 0.0811, 0.7038],
    forget: [0.3554, 0.0723, 0.0496, 0.0407, 0.0368, 0.036, 0.0379, 0.0443, 0.0639, 0.2632],
  },
} as const;

/** Shares of gate values in the two end bins [0, 0.1) ∪ [0.9, 1] of PAPER_HISTOGRAMS (Fig. 3). */
export const PAPER_END_BINS = {
  lstm: { input: endShare(PAPER_HISTOGRAMS.lstm.input), forget: endShare(PAPER_HISTOGRAMS.lstm.forget) },
  g2: { input: endShare(PAPER_HISTOGRAMS.g2.input), forget: endShare(PAPER_HISTOGRAMS.g2.forget) },
} as const;

function endShare(bins: readonly number[]): number {
  return (bins[0] ?? 0) + (bins[bins.length - 1] ?? 0);
}

/**
 * The paper's Table 3 (PTB language model, perplexity added by compressing the input- and forget-gate
 * weights, no fine-tuning): round r 0.2, round & clip c 0.4, low rank 128 and 64 of 1150. The paper has
 * no binarized row for PTB.
 */
export const PAPER_COMPRESSION = {
  labels: ['round 0.2', 'round & clip 0.4', 'low rank 128/1150', 'low rank 64/1150'],
  lstm: [0.4, 0.8, 3.8, 12.7],
  g2: [0.1, 0.7, 1.2, 3.9],
  unit: 'perplexity',
} as const;

/** The paper's headline accuracy (Table 1): PTB test perplexity, AWD-LSTM against G2-LSTM. */
export const PAPER_ACCURACY = { lstm: 57.3, g2: 56.1, unit: 'PTB test perplexity' } as const;
