import type { GateTextRow } from './gateTextSvg';
import { toCsv } from './toCsv';
import type { DataFile } from './types';

/**
 * The gates-over-text strip's numbers: one CSV row per character (its index and the character itself,
 * quoted where it is a comma, quote or line break) with a column per model and gate (g2_input, …);
 * `units` says whether the values are the mean over units or one unit's.
 */
export function gateTextData(chars: string[], rows: GateTextRow[], units: string): DataFile | null {
  if (!chars.length || !rows.length) return null;
  const columns = rows.map((r) => r.key.replace(/-/g, '_'));
  const records = chars.map((char, index) =>
    Object.fromEntries([['index', index], ['char', char], ...rows.map((r, k) => [columns[k], r.values[index] ?? null])]),
  );
  return {
    csv: toCsv(records, ['index', 'char', ...columns]),
    json: { units, text: chars.join(''), rows: rows.map((r) => ({ key: r.key, label: r.label, values: Array.from(r.values) })) },
  };
}
