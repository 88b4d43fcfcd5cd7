import type { ExportMeta } from './types';

/** A corpus name as a file-name part: an uploaded file's extension dropped, anything unusual as '-'. */
function slug(name: string): string {
  return (
    name
      .replace(/\.[A-Za-z0-9]{1,5}$/, '')
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^[-.]+|-+$/g, '') || 'run'
  );
}

export function exportFileName(panel: string, meta: ExportMeta, ext: string): string {
  return `gatelab-${panel}-${slug(meta.corpus)}-step${meta.step}.${ext}`;
}

/**
 * The run a panel belongs to, read where the page puts it: the panels' container carries the corpus name
 * and the step (data-corpus, data-step). A panel rendered on its own (tests) gets 'run' and step 0.
 */
export function exportMeta(title: string, panel: Element): ExportMeta {
  const host = panel.closest<HTMLElement>('[data-corpus]');
  const step = Number(host?.dataset.step);
  return { title, corpus: host?.dataset.corpus || 'run', step: Number.isFinite(step) ? step : 0 };
}
