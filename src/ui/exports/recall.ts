import type { RunView } from '../runState';
import { toCsv } from './toCsv';
import type { DataFile } from './types';

/** Chance of recalling one symbol of the copying task (eight symbols). */
export const RECALL_CHANCE = 1 / 8;

export const RECALL_COLUMNS = ['step', 'model', 'symbol_accuracy', 'sequence_accuracy'] as const;

/** The recall panel's curve: each model's symbol and sequence accuracy at each evaluation. */
export function recallData(recall: RunView['recall']): DataFile | null {
  if (!recall?.curve.length) return null;
  const rows = recall.curve.map((p) => ({ step: p.step, model: p.model, symbol_accuracy: p.symbolAccuracy, sequence_accuracy: p.sequenceAccuracy }));
  return { csv: toCsv(rows, RECALL_COLUMNS), json: { delay: recall.delay, chance: RECALL_CHANCE, curve: recall.curve } };
}
