import * as d3 from 'd3';
import { svgDocument, svgElement } from './panelSvg';
import type { ExportMeta, LegendItem, SvgFile } from './types';

export interface GateTextRow {
  /** Model and gate, e.g. "g2-input". */
  key: string;
  /** Short row label, e.g. "G2 input". */
  label: string;
  values: ArrayLike<number>;
}

const viridis = d3.scaleSequential(d3.interpolateViridis).domain([0, 1]);
const LABEL = 66;
const CELL = { width: 8, height: 12 };
const BLOCK_GAP = 5;

/** A character as the strip draws it: a line break as ↵, other control characters (not allowed in XML) as ·. */
// eslint-disable-next-line no-control-regex
const printable = (ch: string) => (ch === '\n' ? '↵' : /[\u0000-\u001f\u007f]/.test(ch) ? '·' : ch);

export const GATE_SCALE_LEGEND: LegendItem[] = [0, 0.5, 1].map((v) => ({ label: String(v), color: viridis(v) }));

/**
 * The gates-over-text strip as SVG, drawn from its data as the page lays it out: blocks of
 * `charsPerLine` characters, in each block one row per series (labelled), a rect per character coloured
 * by its value (viridis, 0 dark, 1 yellow) with the character on it.
 */
export function gateTextSvg(chars: string[], rows: GateTextRow[], charsPerLine: number, meta: ExportMeta): SvgFile | null {
  if (!chars.length || !rows.length) return null;
  const starts = d3.range(0, chars.length, charsPerLine);
  const blockHeight = rows.length * (CELL.height + 1);
  const size = {
    width: LABEL + Math.min(charsPerLine, chars.length) * CELL.width,
    height: starts.length * blockHeight + (starts.length - 1) * BLOCK_GAP,
  };
  return svgDocument(meta, GATE_SCALE_LEGEND, size, (content) => {
    starts.forEach((start, b) => {
      const block = svgElement(content, 'g', { class: 'gate-block', transform: `translate(0,${b * (blockHeight + BLOCK_GAP)})` });
      rows.forEach((row, r) => {
        const y = r * (CELL.height + 1);
        const line = svgElement(block, 'g', { class: 'gate-row' });
        svgElement(line, 'text', { class: 'gate-row-label', x: 0, y: y + CELL.height - 2 }, row.label);
        chars.slice(start, start + charsPerLine).forEach((ch, k) => {
          const v = row.values[start + k] ?? 0;
          const x = LABEL + k * CELL.width;
          svgElement(line, 'rect', { x, y, width: CELL.width, height: CELL.height, fill: viridis(v) });
          svgElement(
            line,
            'text',
            { class: 'gate-char', x: x + CELL.width / 2, y: y + CELL.height - 3, 'text-anchor': 'middle', fill: v > 0.6 ? '#000' : '#fff' },
            printable(ch),
          );
        });
      });
    });
  });
}
