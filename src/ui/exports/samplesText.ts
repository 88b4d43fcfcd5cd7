import { type ModelId, modelName } from '../../contract/models';
import type { ExportMeta } from './types';

/**
 * The samples panel as plain text: a line naming the run (and the temperature and start text they were
 * asked for with, where known), then each model's name and its sample.
 */
export function samplesText(
  samples: { model: ModelId; text: string }[],
  request: { temperature: number; prime: string } | null,
  meta: ExportMeta,
): string | null {
  if (!samples.length) return null;
  const asked = request ? `, temperature ${request.temperature}, start ${JSON.stringify(request.prime)}` : '';
  const parts = samples.map((s) => `${modelName(s.model)}:\n${s.text}\n`);
  return `Gate Lab samples: ${meta.corpus}, step ${meta.step}${asked}\n\n${parts.join('\n')}`;
}
