import type { ModelId } from '../../contract/models';
import type { RunView } from '../runState';
import { toCsv } from './toCsv';
import type { DataFile } from './types';

type Record_ = { step: number; model: ModelId } & Record<string, number | string>;

/** Records of several curves merged on (step, model), sorted by step then model; a curve without a point there leaves its fields empty. */
function joinOnStep(records: Record_[]): Record_[] {
  const rows = new Map<string, Record_>();
  for (const r of records) {
    const key = `${r.step} ${r.model}`;
    rows.set(key, { ...rows.get(key), ...r });
  }
  return [...rows.values()].sort((a, b) => a.step - b.step || a.model.localeCompare(b.model));
}

export const LOSS_COLUMNS = ['step', 'model', 'train_bpc', 'valid_bpc', 'valid_bpc_binary'] as const;

/** The loss panel's curves: training bits/char at every step, validation (soft and binarized gates) where evaluated. */
export function lossData(train: RunView['trainCurve'], valid: RunView['validCurve']): DataFile | null {
  if (!train.length && !valid.length) return null;
  const rows = joinOnStep([
    ...train.map((p) => ({ step: p.step, model: p.model, train_bpc: p.bpc })),
    ...valid.map((p) => ({ step: p.step, model: p.model, valid_bpc: p.bpc, valid_bpc_binary: p.bpcBinary })),
  ]);
  return { csv: toCsv(rows, LOSS_COLUMNS), json: { unit: 'bits per character', train, valid } };
}

export const SOFT_BINARY_COLUMNS = ['step', 'model', 'input_distance', 'forget_distance', 'valid_bpc_soft', 'valid_bpc_binary', 'binarize_cost_bpc'] as const;

/** The soft-versus-binarized panel's curves: mean distance of the gates from 0/1, and the loss binarizing adds. */
export function softBinaryData(gap: RunView['gapCurve'], valid: RunView['validCurve']): DataFile | null {
  if (!gap.length && !valid.length) return null;
  const rows = joinOnStep([
    ...gap.map((p) => ({ step: p.step, model: p.model, input_distance: p.input, forget_distance: p.forget })),
    ...valid.map((p) => ({ step: p.step, model: p.model, valid_bpc_soft: p.bpc, valid_bpc_binary: p.bpcBinary, binarize_cost_bpc: p.bpcBinary - p.bpc })),
  ]);
  return { csv: toCsv(rows, SOFT_BINARY_COLUMNS), json: { unit: 'bits per character', distance: gap, valid } };
}
