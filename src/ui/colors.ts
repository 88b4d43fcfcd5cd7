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
/** An h-detach twin keeps its cell's hue, darker, so pairs read together. */
export function modelColor(model: ModelId): string {
  const base = MODEL_COLORS[cellOf(model)];
  return isDetachTwin(model) ? darker(base) : base;
}

function darker(hex: string): string {
  const channel = (k: number) => Math.round(parseInt(hex.slice(1 + 2 * k, 3 + 2 * k), 16) * 0.6);
  return `#${[0, 1, 2].map((k) => channel(k).toString(16).padStart(2, '0')).join('')}`;
}
