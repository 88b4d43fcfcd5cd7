import type { RunView } from '../runState';
import { toCsv } from './toCsv';
import type { DataFile } from './types';

const GATES = ['i', 'f', 'g', 'o'] as const;
export const CONSTANT_GATES_COLUMNS = ['step', 'model', 'mode', 'gate', 'unit', 'std', 'mean', 'constant'] as const;

/** The constant-gate view: every (gate, unit) of every model with its spread, mean and whether it is under the threshold. */
export function constantGatesData(view: RunView['constantGates']): DataFile | null {
  if (!view?.models.length) return null;
  const rows = view.models.flatMap((m) =>
    GATES.flatMap((gate, g) =>
      Array.from({ length: m.hidden }, (_, unit) => {
        const std = m.spreads[g * m.hidden + unit] as number;
        return { step: view.step, model: m.model, mode: m.mode, gate, unit, std, mean: m.means[g * m.hidden + unit] as number, constant: std < view.threshold ? 1 : 0 };
      }),
    ),
  );
  const models = view.models.map(({ spreads, means, ...rest }) => ({ ...rest, spreads: Array.from(spreads), means: Array.from(means) }));
  return { csv: toCsv(rows, CONSTANT_GATES_COLUMNS), json: { step: view.step, threshold: view.threshold, gates: GATES, models } };
}
