import { PAPER_HISTOGRAMS } from '../model/paperFigures';
import type { CellKind } from '../model/types';
import { MODEL_COLORS } from '../ui/colors';
import { MODEL_NAMES } from '../contract/models';

export interface HistogramSeries {
  cell: CellKind;
  /** 10 bins over [0, 1], fractions. */
  bins: number[];
}

const WIDTH = 560;
const HEIGHT = 260;
const M = { top: 34, right: 12, bottom: 40, left: 44 };
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A Fig. 3-style histogram as standalone SVG text (no DOM): this run's bars per model, filled, and the
 * paper's bars for G2-LSTM and LSTM beside them, outlined, in 10 bins of width 0.1.
 */
export function gateHistogramSvg(gate: 'input' | 'forget', series: HistogramSeries[], caption: string): string {
  const paper = (['g2', 'lstm'] as const).map((cell) => ({ cell, bins: [...PAPER_HISTOGRAMS[cell][gate]] }));
  const all = [...series.map((s) => ({ ...s, paper: false })), ...paper.map((s) => ({ ...s, paper: true }))];
  const top = Math.max(0.1, ...all.flatMap((s) => s.bins));
  const yMax = Math.ceil(top * 10) / 10;
  const plotW = WIDTH - M.left - M.right;
  const plotH = HEIGHT - M.top - M.bottom;
  const x = (v: number) => M.left + v * plotW;
  const y = (v: number) => M.top + plotH * (1 - v / yMax);
  const slot = plotW / 10 / (all.length + 0.5);
  const parts: string[] = [];
  parts.push(`<text x="${M.left}" y="16" font-size="13" font-weight="bold">${gate === 'input' ? 'Input' : 'Forget'} gate, σ(z) values</text>`);
  parts.push(`<text x="${M.left}" y="29" font-size="10">${esc(caption)}</text>`);
  for (let t = 0; t <= yMax + 1e-9; t += 0.1) {
    parts.push(`<line x1="${M.left}" x2="${WIDTH - M.right}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="#ddd"/>`);
    parts.push(`<text x="${M.left - 4}" y="${(y(t) + 3).toFixed(1)}" font-size="9" text-anchor="end">${Math.round(100 * t)}%</text>`);
  }
  for (let b = 0; b <= 10; b++) {
    parts.push(`<text x="${x(b / 10).toFixed(1)}" y="${HEIGHT - M.bottom + 12}" font-size="9" text-anchor="middle">${(b / 10).toFixed(1)}</text>`);
  }
  all.forEach((s, k) => {
    const color = MODEL_COLORS[s.cell];
    s.bins.forEach((v, b) => {
      const left = x(b / 10) + slot * (0.25 + k);
      const attrs = s.paper ? `fill="white" stroke="${color}" stroke-width="1.2" stroke-dasharray="3 2"` : `fill="${color}"`;
      parts.push(`<rect x="${left.toFixed(1)}" y="${y(v).toFixed(1)}" width="${(slot * 0.9).toFixed(1)}" height="${(y(0) - y(v)).toFixed(1)}" ${attrs}><title>${esc(`${MODEL_NAMES[s.cell]}${s.paper ? ' (paper)' : ''}: ${(100 * v).toFixed(1)} %`)}</title></rect>`);
    });
  });
  all.forEach((s, k) => {
    const lx = M.left + (k % 3) * 170;
    const ly = HEIGHT - 14 + Math.floor(k / 3) * 12 - (all.length > 3 ? 6 : 0);
    const color = MODEL_COLORS[s.cell];
    const swatch = s.paper ? `fill="white" stroke="${color}" stroke-dasharray="3 2"` : `fill="${color}"`;
    parts.push(`<rect x="${lx}" y="${ly - 8}" width="10" height="9" ${swatch}/><text x="${lx + 14}" y="${ly}" font-size="10">${esc(MODEL_NAMES[s.cell])}${s.paper ? ', paper Fig. 3' : ', this run'}</text>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT + 6}" viewBox="0 0 ${WIDTH} ${HEIGHT + 6}" font-family="sans-serif">\n<rect width="100%" height="100%" fill="white"/>\n${parts.join('\n')}\n</svg>\n`;
}
