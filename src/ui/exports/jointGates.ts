import type { ModelStatistics } from '../../worker/protocol';
import { toCsv } from './toCsv';
import type { DataFile } from './types';

export const JOINT_GATES_COLUMNS = ['step', 'model', 'input_from', 'input_to', 'forget_from', 'forget_to', 'fraction', 'correlation'] as const;

/** The joint (input, forget) histograms: one row per model and cell, the model's correlation repeated on each. */
export function jointGatesData(statistics: { step: number; models: ModelStatistics[] } | null): DataFile | null {
  if (!statistics?.models.length) return null;
  const rows = statistics.models.flatMap(({ model, joint }) =>
    Array.from(joint.values, (fraction, k) => {
      const row = Math.floor(k / joint.bins);
      const column = k % joint.bins;
      return {
        step: statistics.step,
        model,
        input_from: row / joint.bins,
        input_to: (row + 1) / joint.bins,
        forget_from: column / joint.bins,
        forget_to: (column + 1) / joint.bins,
        fraction,
        correlation: joint.correlation,
      };
    }),
  );
  const models = statistics.models.map(({ model, joint }) => ({
    model,
    bins: joint.bins,
    correlation: joint.correlation,
    // Rows: input-gate bins from 0; columns: forget-gate bins from 0.
    fractions: Array.from({ length: joint.bins }, (_, r) => Array.from(joint.values.subarray(r * joint.bins, (r + 1) * joint.bins))),
  }));
  return { csv: toCsv(rows, JOINT_GATES_COLUMNS), json: { step: statistics.step, models } };
}
