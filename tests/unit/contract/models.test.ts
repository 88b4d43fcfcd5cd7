import { describe, expect, it } from 'vitest';
import { cellOf, isDetachTwin, modelHDetach, modelSlug, runModels } from '../../../src/contract/models';

describe('model ids', () => {
  it('a comparison adds an h-detach twin per cell, after the cells; without a probability there is none', () => {
    const choice = { cells: ['g2', 'lstm'] as const, hDetach: 0.25, compareHDetach: true };
    const models = runModels({ ...choice, cells: [...choice.cells] });
    expect(models).toEqual(['g2', 'lstm', 'g2+hd', 'lstm+hd']);
    expect(models.map(cellOf)).toEqual(['g2', 'lstm', 'g2', 'lstm']);
    expect(models.map(isDetachTwin)).toEqual([false, false, true, true]);
    expect(models.map((m) => modelHDetach(m, { ...choice, cells: [...choice.cells] }))).toEqual([0, 0, 0.25, 0.25]);
    expect(models.map(modelSlug)).toEqual(['g2', 'lstm', 'g2-hdetach', 'lstm-hdetach']);
    expect(runModels({ cells: ['g2'], hDetach: 0, compareHDetach: true })).toEqual(['g2']);
    // Without a comparison every model trains with the run's probability.
    expect(modelHDetach('lstm', { cells: ['lstm'], hDetach: 0.5, compareHDetach: false })).toBe(0.5);
  });
});
