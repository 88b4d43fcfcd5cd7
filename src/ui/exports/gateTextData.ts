import type { GateTextRow } from './gateTextSvg';
import { toCsv } from './toCsv';
import type { DataFile } from './types';
import type { GateMode } from '../../model/types';

/** The gates the values were taken with: the evaluation gate mode and the τ in force (σ(z/τ) and stochastic use it). */
export interface GateTextGates {
  mode: GateMode;
  tau: number;
}

/**
 * The gates-over-text strip's numbers: one CSV row per character (its index and the character itself,
 * quoted where it is a comma, quote or line break) with a column per model and gate (g2_input, …);
 * `units` says whether the values are the mean over units or one unit's; `mode` and `tau` (columns of every
 * row, fields of the JSON) which gates they are, since the same step gives other values in another gate mode.
 */
export function gateTextData(chars: string[], rows: GateTextRow[], units: string, gates: GateTextGates): DataFile | null {
  if (!chars.length || !rows.length) return null;
  const columns = rows.map((r) => r.key.replace(/-/g, '_'));
  const records = chars.map((char, index) =>
    Object.fromEntries([
      ['index', index],
      ['char', char],
      ...rows.map((r, k) => [columns[k], r.values[index] ?? null]),
      ['mode', gates.mode],
      ['tau', gates.tau],
    ]),
  );
  return {
    csv: toCsv(records, ['index', 'char', ...columns, 'mode', 'tau']),
    json: {
      units,
      mode: gates.mode,
      tau: gates.tau,
      text: chars.join(''),
      rows: rows.map((r) => ({ key: r.key, label: r.label, values: Array.from(r.values) })),
    },
  };
}
