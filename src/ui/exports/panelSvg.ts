import { type ModelId, modelName, modelShortName } from '../../contract/models';
import { modelColor } from '../colors';
import type { ExportMeta, LegendItem, SvgFile } from './types';

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * The page's styles that the charts rely on (styles.css: the :root font, .axis-label and .panel-label;
 * the gates-over-text strip's fonts), written into every exported SVG so it looks the same outside the page.
 * d3's axes carry their own font attributes.
 */
export const EXPORT_STYLE = [
  'svg { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; font-size: 14px; }',
  '.axis-label, .panel-label { font-size: 11px; fill: #444; }',
  '.export-heading { font-size: 12px; font-weight: 600; fill: #1d1d1f; }',
  '.export-legend { font-size: 11px; fill: #333; }',
  '.gate-row-label { font-size: 10px; fill: #1d1d1f; }',
  '.gate-char { font-family: ui-monospace, monospace; font-size: 10px; }',
].join('\n');

const PAD = 6;
/** Heading line and legend line above the content. */
const TOP = 38;
const GAP = 8;

export const headingOf = (meta: ExportMeta) => `${meta.title} — ${meta.corpus}, step ${meta.step}`;

/** A legend entry per model; `short` (where a panel's rows use short names) gives the short name with the full one beside it. */
export const modelLegend = (models: ModelId[], short = false): LegendItem[] =>
  models.map((m) => ({ label: short ? modelShortName(m) : modelName(m), ...(short ? { fullLabel: modelName(m) } : {}), color: modelColor(m) }));

export function svgElement<K extends keyof SVGElementTagNameMap>(
  parent: Element,
  name: K,
  attributes: Record<string, string | number> = {},
  text?: string,
): SVGElementTagNameMap[K] {
  const node = parent.ownerDocument.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  parent.append(node);
  return node;
}

/**
 * A standalone SVG document: <title> (panel, corpus, step), the inlined style, a white ground, a heading
 * and a legend line, then `draw` fills a group of `width`×`height` below them.
 */
export function svgDocument(
  meta: ExportMeta,
  legend: LegendItem[],
  size: { width: number; height: number },
  draw: (content: SVGGElement) => void,
): SvgFile {
  const heading = headingOf(meta);
  // Wide enough for the heading, bold 12px (under 7.8px a character in wide fonts such as DejaVu Sans),
  // even over a narrow drawing: SVG text does not wrap, and a PNG cuts what lies outside.
  const width = Math.ceil(Math.max(size.width + 2 * PAD, heading.length * 7.8 + 2 * PAD));
  const height = Math.ceil(size.height + TOP + PAD);
  const root = document.createElementNS(SVG_NS, 'svg');
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(height));
  root.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svgElement(root, 'title', {}, heading);
  svgElement(root, 'style', {}, EXPORT_STYLE);
  svgElement(root, 'rect', { class: 'export-ground', width, height, fill: '#fff' });
  svgElement(root, 'text', { class: 'export-heading', x: PAD, y: 15 }, heading);
  let x = PAD;
  for (const item of legend) {
    svgElement(root, 'rect', { class: 'export-swatch', x, y: 22, width: 10, height: 10, fill: item.color });
    svgElement(root, 'text', { class: 'export-legend', x: x + 13, y: 31 }, item.label);
    x += 13 + item.label.length * 6.8 + 10;
  }
  draw(svgElement(root, 'g', { transform: `translate(${PAD},${TOP})` }));
  const markup = `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(root)}`;
  return { markup, width, height };
}

function viewBoxSize(chart: SVGSVGElement): { width: number; height: number } {
  const [, , width = 0, height = 0] = (chart.getAttribute('viewBox') ?? '').split(/[\s,]+/).map(Number);
  return { width, height };
}

/** The panel's charts side by side in one SVG document, each a copy of what the page shows. */
export function composeChartsSvg(charts: SVGSVGElement[], meta: ExportMeta, legend: LegendItem[]): SvgFile | null {
  if (!charts.length) return null;
  const sizes = charts.map(viewBoxSize);
  const width = sizes.reduce((sum, s) => sum + s.width, 0) + GAP * (charts.length - 1);
  const height = Math.max(...sizes.map((s) => s.height));
  return svgDocument(meta, legend, { width, height }, (content) => {
    let x = 0;
    charts.forEach((chart, k) => {
      const copy = chart.cloneNode(true) as SVGSVGElement;
      copy.removeAttribute('class');
      copy.removeAttribute('style');
      copy.setAttribute('x', String(x));
      copy.setAttribute('y', '0');
      copy.setAttribute('width', String(sizes[k]?.width));
      copy.setAttribute('height', String(sizes[k]?.height));
      // Tick labels at a chart's edge (the last x tick) show in full, as the gap and padding leave room.
      copy.setAttribute('overflow', 'visible');
      content.append(copy);
      x += (sizes[k]?.width ?? 0) + GAP;
    });
  });
}
