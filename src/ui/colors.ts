import type { CellKind } from '../model/types';
import { cellOf, isDetachTwin, type ModelId } from '../contract/models';

/**
 * ColorBrewer's Dark2 hues, darkened until a model's name in its colour reads at WCAG AA on white (at least
 * 4.9:1; Dark2's own orange and green are 3.8:1 and 3.4:1).
 */
export const MODEL_COLORS: Record<CellKind, string> = {
  g2: '#b34e00',
  lstm: '#15805f',
  sharpened: '#6a64a8',
  beta: '#c2186f',
  bibeta: '#866114',
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

/** An h-detach twin keeps its cell's hue, darker, so pairs read together. */
export function modelColor(model: ModelId): string {
  const base = MODEL_COLORS[cellOf(model)];
  return isDetachTwin(model) ? darker(base) : base;
}

export function modelName(model: ModelId): string {
  return MODEL_NAMES[cellOf(model)] + (isDetachTwin(model) ? ' + h-detach' : '');
}

export function modelShortName(model: ModelId): string {
  return MODEL_SHORT_NAMES[cellOf(model)] + (isDetachTwin(model) ? '+hd' : '');
}

/** “G2-LSTM, LSTM and Sharpened σ(z/τ)”, for sentences. */
export function modelList(models: readonly ModelId[]): string {
  const names = models.map(modelName);
  return names.length < 2 ? (names[0] ?? 'Models') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

function darker(hex: string): string {
  const channel = (k: number) => Math.round(parseInt(hex.slice(1 + 2 * k, 3 + 2 * k), 16) * 0.6);
  return `#${[0, 1, 2].map((k) => channel(k).toString(16).padStart(2, '0')).join('')}`;
}
