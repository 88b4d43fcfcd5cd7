import type { CellKind } from '../model/types';

/**
 * A model of a run: its cell kind, with `+hd` for the twin that trains with h-detach when a run compares
 * each cell with and without it. Without a comparison every model is named by its cell alone.
 */
export type ModelId = CellKind | `${CellKind}+hd`;

const DETACH_SUFFIX = '+hd';

export function cellOf(model: ModelId): CellKind {
  return (model.endsWith(DETACH_SUFFIX) ? model.slice(0, -DETACH_SUFFIX.length) : model) as CellKind;
}

/** True for the h-detach twin of an h-detach comparison. */
export function isDetachTwin(model: ModelId): boolean {
  return model.endsWith(DETACH_SUFFIX);
}

export function detachTwin(cell: CellKind): ModelId {
  return `${cell}${DETACH_SUFFIX}`;
}

/** The settings that decide which models a run trains. */
export interface ModelChoice {
  cells: readonly CellKind[];
  hDetach: number;
  compareHDetach: boolean;
}

/** The models a run trains, in display order: each cell, then (when comparing) each cell's h-detach twin. */
export function runModels({ cells, hDetach, compareHDetach }: ModelChoice): ModelId[] {
  return compareHDetach && hDetach > 0 ? [...cells, ...cells.map(detachTwin)] : [...cells];
}

/** The h-detach probability a model trains with. */
export function modelHDetach(model: ModelId, choice: ModelChoice): number {
  if (!choice.compareHDetach) return choice.hDetach;
  return isDetachTwin(model) ? choice.hDetach : 0;
}

/** The model's name in file names: `lstm`, `lstm-hdetach`. */
export function modelSlug(model: ModelId): string {
  return isDetachTwin(model) ? `${cellOf(model)}-hdetach` : model;
}

/** Each cell's name: the one every panel, table, legend and sentence uses. */
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

export function modelName(model: ModelId): string {
  return MODEL_NAMES[cellOf(model)] + (isDetachTwin(model) ? ' + h-detach' : '');
}

export function modelShortName(model: ModelId): string {
  return MODEL_SHORT_NAMES[cellOf(model)] + (isDetachTwin(model) ? '+hd' : '');
}

/** “G2-LSTM, LSTM and Sharpened σ(z/τ)”, for sentences. */
export function modelList(models: readonly ModelId[]): string {
  return models.length === 0 ? 'Models' : namesInASentence(models.map(modelName));
}

/** “A, B and C”. */
export function namesInASentence(names: readonly string[]): string {
  return names.length < 2 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

