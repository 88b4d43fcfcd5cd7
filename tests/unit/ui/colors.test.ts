import { hsl } from 'd3';
import { describe, expect, it } from 'vitest';
import { modelColor } from '../../../src/ui/colors';
import { modelList, modelName, modelShortName } from '../../../src/contract/models';
import type { CellKind } from '../../../src/model/types';

const CELLS: CellKind[] = ['g2', 'lstm', 'sharpened', 'beta', 'bibeta'];

describe('model names and colours', () => {
  it('a twin is named after its cell', () => {
    expect(modelName('bibeta+hd')).toBe('Bivariate Beta-LSTM + h-detach');
    expect(modelShortName('g2+hd')).toBe('G2+hd');
    expect(modelList(['g2', 'lstm', 'sharpened'])).toBe('G2-LSTM, LSTM and Sharpened σ(z/τ)');
    expect(modelList(['lstm'])).toBe('LSTM');
  });

  it('every cell has its own colour; its h-detach twin keeps the hue, darker', () => {
    expect(new Set(CELLS.map(modelColor)).size).toBe(CELLS.length);
    for (const cell of CELLS) {
      const base = hsl(modelColor(cell));
      const twin = hsl(modelColor(`${cell}+hd`));
      expect(Math.abs(twin.h - base.h), cell).toBeLessThan(2);
      expect(twin.l, cell).toBeLessThan(0.7 * base.l);
    }
  });

  it('every model colour, twins too, reads at WCAG AA (4.5:1) as text on white', () => {
    const luminance = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    for (const cell of CELLS) {
      for (const model of [cell, `${cell}+hd`] as const) {
        expect(1.05 / (luminance(modelColor(model)) + 0.05), model).toBeGreaterThanOrEqual(4.5);
      }
    }
  });
});
