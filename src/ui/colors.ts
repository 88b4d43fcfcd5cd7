import type { CellKind } from '../model/types';

export const MODEL_COLORS: Record<CellKind, string> = {
  g2: '#d95f02',
  lstm: '#1b9e77',
  sharpened: '#7570b3',
  beta: '#e7298a',
  bibeta: '#a6761d',
};
export const MODEL_NAMES: Record<CellKind, string> = {
  g2: 'G2-LSTM',
  lstm: 'LSTM',
  sharpened: 'Sharpened σ(z/τ)',
  beta: 'Beta-LSTM',
  bibeta: 'Bivariate Beta-LSTM',
};
/** For tight row labels; the full name goes in the accessible label. */
export const MODEL_SHORT_NAMES: Record<CellKind, string> = {
  g2: 'G2',
  lstm: 'LSTM',
  sharpened: 'Sharp',
  beta: 'Beta',
  bibeta: 'BiBeta',
};
