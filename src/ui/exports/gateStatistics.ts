import type { GateMode } from '../../model/types';
import type { ModelStatistics } from '../../worker/protocol';
import { toCsv } from './toCsv';
import type { DataFile } from './types';

export interface StatisticsView {
  step: number;
  tau: number;
  mode?: GateMode;
  models: ModelStatistics[];
}

export const GATE_STATISTICS_COLUMNS = [
  'step',
  'tau',
  'mode',
  'model',
  'gate',
  'bins',
  'bin',
  'from',
  'to',
  'fraction',
  'end_low',
  'end_high',
  'distance_from_binary',
  'valid_bpc',
  'valid_bpc_soft',
  'valid_bpc_binary',
] as const;

type Row = Record<(typeof GATE_STATISTICS_COLUMNS)[number], string | number>;

/**
 * One row per histogram bin (per model, gate and bin count, 10 and 50): the bin's share of the gate values,
 * with that gate's end-bin shares (< 0.1, ≥ 0.9) and mean distance from binary, and the model's
 * validation bits per char (chosen gate mode, soft, binarized) repeated on each row, so the file filters
 * and pivots without joins.
 */
export function gateStatisticsRows(statistics: StatisticsView): Row[] {
  return statistics.models.flatMap((m) =>
    (['input', 'forget'] as const).flatMap((gate) =>
      ([10, 50] as const).flatMap((bins) =>
        m.gates[`${gate}${bins}`].map((fraction, bin) => ({
          step: statistics.step,
          tau: statistics.tau,
          mode: statistics.mode ?? '',
          model: m.model,
          gate,
          bins,
          bin,
          from: bin / bins,
          to: (bin + 1) / bins,
          fraction,
          end_low: m.gates[`${gate}Ends`].low,
          end_high: m.gates[`${gate}Ends`].high,
          distance_from_binary: m.gates[`${gate}Gap`],
          valid_bpc: m.validBpc,
          valid_bpc_soft: m.validBpcSoft,
          valid_bpc_binary: m.validBpcBinary,
        })),
      ),
    ),
  );
}

/** The statistics as the worker sent them: step, τ, gate mode and per model its histograms and losses. */
export function gateStatisticsData(statistics: StatisticsView | null): DataFile | null {
  if (!statistics?.models.length) return null;
  return {
    csv: toCsv(gateStatisticsRows(statistics), GATE_STATISTICS_COLUMNS),
    json: { statistics: { step: statistics.step, tau: statistics.tau, mode: statistics.mode ?? null, models: statistics.models } },
  };
}
