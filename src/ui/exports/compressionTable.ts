import type { CompressionRow } from '../../contract/compression';
import type { ModelId } from '../../contract/models';
import { toCsv } from './toCsv';
import type { DataFile } from './types';

export const COMPRESSION_COLUMNS = [
  'model',
  'role',
  'label',
  'kind',
  'round_step',
  'clip',
  'rank',
  'loss_nats',
  'loss_bpc',
  'delta_nats',
  'delta_bpc',
] as const;

type Row = Record<(typeof COMPRESSION_COLUMNS)[number], string | number | null>;

/**
 * One row per model and compression: its label and kind, the parameters that kind has (round step r,
 * clip c, rank k; empty otherwise), the validation loss and its change from the uncompressed model, in nats
 * and in bits per character. `role`: the first `chosen` rows are the settings chosen in the panel, the rest
 * the sweep the curves draw.
 */
export function compressionRows(models: { model: ModelId; rows: CompressionRow[] }[], chosen: number): Row[] {
  return models.flatMap((m) =>
    m.rows.map((r, k) => ({
      model: m.model,
      role: k < chosen ? 'chosen' : 'sweep',
      label: r.label,
      kind: r.spec.kind,
      round_step: 'step' in r.spec ? r.spec.step : null,
      clip: 'clip' in r.spec ? r.spec.clip : null,
      rank: 'rank' in r.spec ? r.spec.rank : null,
      loss_nats: r.loss,
      loss_bpc: r.loss / Math.LN2,
      delta_nats: r.delta,
      delta_bpc: r.delta / Math.LN2,
    })),
  );
}

export function compressionData(models: { model: ModelId; rows: CompressionRow[] }[], chosen: number): DataFile | null {
  if (!models.length) return null;
  return {
    csv: toCsv(compressionRows(models, chosen), COMPRESSION_COLUMNS),
    json: { unit: 'nats per character', chosen, compression: models },
  };
}
