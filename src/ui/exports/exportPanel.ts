import { exportFileName } from './fileName';
import { composeChartsSvg } from './panelSvg';
import { download } from './saveFile';
import { svgToPng } from './svgToPng';
import type { ExportMeta, PanelExports, SvgFile } from './types';

export type ExportFormat = 'svg' | 'png' | 'csv' | 'json' | 'txt';

/** A builder had nothing to give: the panel has no data yet. */
export class NothingToExport extends Error {}

export function formatsOf(exports: PanelExports): ExportFormat[] {
  return [
    ...(exports.svg ? (['svg', 'png'] as const) : []),
    ...(exports.data ? (['csv', 'json'] as const) : []),
    ...(exports.text ? (['txt'] as const) : []),
  ];
}

function need<T>(value: T | null | undefined): T {
  if (value === null || value === undefined) throw new NothingToExport();
  return value;
}

/** The panel as an SVG document: its charts (`svg[role="img"]` inside `panel`), or its own drawing. */
function svgOf(exports: PanelExports, meta: ExportMeta, panel: Element): SvgFile | null {
  const svg = exports.svg;
  if (!svg) return null;
  if (typeof svg === 'function') return svg(meta);
  return composeChartsSvg([...panel.querySelectorAll<SVGSVGElement>('svg[role="img"]')], meta, svg.legend);
}

/** Builds the panel's file in `format` and saves it; throws NothingToExport, or an Error saying what failed. */
export async function exportPanel(format: ExportFormat, exports: PanelExports, meta: ExportMeta, panel: Element): Promise<void> {
  const name = exportFileName(exports.name, meta, format);
  switch (format) {
    case 'svg':
      return download(name, need(svgOf(exports, meta, panel)).markup, 'image/svg+xml');
    case 'png':
      return download(name, await svgToPng(need(svgOf(exports, meta, panel)), 2));
    case 'csv':
      return download(name, need(exports.data?.()).csv, 'text/csv;charset=utf-8');
    case 'json': {
      const { json } = need(exports.data?.());
      const document = { panel: exports.name, title: meta.title, corpus: meta.corpus, step: meta.step, ...json };
      return download(name, JSON.stringify(document, null, 2), 'application/json');
    }
    case 'txt':
      return download(name, need(exports.text?.(meta)), 'text/plain;charset=utf-8');
  }
}
