import { hsl } from 'd3';
import { describe, expect, it } from 'vitest';
import { modelColor, modelList, modelName, modelShortName } from '../../../src/ui/colors';
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
});
