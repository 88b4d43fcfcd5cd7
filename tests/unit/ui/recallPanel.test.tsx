// @vitest-environment jsdom
import { csvParse } from 'd3';
import { describe, expect, it } from 'vitest';
import { modelColor } from '../../../src/ui/colors';
import { RECALL_COLUMNS, recallData } from '../../../src/ui/exports/recall';
import { RecallPanel } from '../../../src/ui/panels/RecallPanel';
import type { RunView } from '../../../src/ui/runState';
import { render, stableMarkup } from './render';

const point = (step: number, model: 'g2' | 'lstm' | 'g2+hd', symbolAccuracy: number, sequenceAccuracy: number) => ({ step, model, symbolAccuracy, sequenceAccuracy });
const recall: NonNullable<RunView['recall']> = {
  delay: 20,
  curve: [
    point(0, 'g2', 0.125, 0),
    point(0, 'lstm', 0.1, 0),
    point(0, 'g2+hd', 0.125, 0),
    point(50, 'g2', 0.4, 0.0625),
    point(50, 'lstm', 0.25, 0),
    point(50, 'g2+hd', 0.9375, 0.5),
  ],
};

describe('recall panel', () => {
  it('draws symbol recall per model over steps with a dashed chance line, and tells the latest figures in a table', () => {
    const el = render(<RecallPanel recall={recall} />);
    expect(el.querySelector('h2')?.textContent).toBe('Copying recall, delay T = 20');
    const svg = el.querySelector('svg[role="img"]');
    const paths = Array.from(svg?.querySelectorAll('path[stroke-width]') ?? []);
    // The chance line and one line per model, the h-detach twin in its own colour.
    expect(paths).toHaveLength(4);
    expect(paths.filter((p) => p.getAttribute('stroke-dasharray'))).toHaveLength(1);
    const colours = paths.map((p) => p.getAttribute('stroke'));
    expect(colours).toContain(modelColor('g2+hd'));
    expect(modelColor('g2+hd')).not.toBe(modelColor('g2'));
    expect(svg?.getAttribute('aria-label')).toContain('delay 20');
    const cells = (m: string) => Array.from(el.querySelectorAll(`[data-testid="recall-row-${m}"] > td`), (c) => c.textContent);
    const header = (m: string) => el.querySelector(`[data-testid="recall-row-${m}"] > th`);
    expect(cells('g2')).toEqual(['40.0%', '6.3%']);
    expect(cells('g2+hd')).toEqual(['93.8%', '50.0%']);
    // Three rows: short names shown, the full one as the title and as text for screen readers.
    expect(header('g2+hd')?.querySelector('abbr')?.textContent).toBe('G2+hd');
    expect(header('g2+hd')?.querySelector('abbr')?.getAttribute('title')).toBe('G2-LSTM + h-detach');
    expect(header('g2+hd')?.querySelector('.sr-only')?.textContent).toBe('G2-LSTM + h-detach');
    expect(el.querySelector('caption')?.textContent).toBe('Recall at step 50 (delay T = 20; chance 12.5% of symbols)');
    expect(stableMarkup(svg)).toMatchSnapshot();
    expect(stableMarkup(el.querySelector('table'))).toMatchSnapshot();
  });

  it('without recall: says to choose the copying task, and has nothing to export', () => {
    const el = render(<RecallPanel recall={null} />);
    expect(el.querySelector('h2')?.textContent).toBe('Copying recall');
    expect(el.querySelector('svg[role="img"]')).toBeNull();
    expect(el.querySelector('[data-testid="recall-empty"]')?.textContent).toMatch(/choose “Copying task”/);
    expect(recallData(null)).toBeNull();
    expect(recallData({ delay: 5, curve: [] })).toBeNull();
  });

  it('exports the curve as CSV (step, model, symbol and sequence accuracy) and JSON with the delay', () => {
    const file = recallData(recall);
    expect(file?.csv.split('\r\n')[0]).toBe(RECALL_COLUMNS.join(','));
    expect(RECALL_COLUMNS).toEqual(['step', 'model', 'symbol_accuracy', 'sequence_accuracy']);
    const rows = csvParse(file?.csv ?? '');
    expect(rows).toHaveLength(6);
    expect(rows[5]).toEqual({ step: '50', model: 'g2+hd', symbol_accuracy: '0.9375', sequence_accuracy: '0.5' });
    expect(file?.json).toEqual({ delay: 20, chance: 0.125, curve: recall.curve });
  });
});
