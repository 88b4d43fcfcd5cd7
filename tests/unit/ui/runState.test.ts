import { describe, expect, it } from 'vitest';
import { applyEvent, initialRunView } from '../../../src/ui/runState';

describe('weights shown for inspection', () => {
  it('a second file of the same export joins the first: the notice names both and keeps the reason', () => {
    const reason = 'trained on 12 characters, this text has 80';
    const info = { hidden: 64, layers: 1, vocabSize: 12, reason };
    const first = applyEvent({ ...initialRunView, models: ['g2', 'lstm'] }, { type: 'imported', runId: 1, model: 'g2', inspection: info });
    expect(first.models).toEqual(['g2']);
    expect(first.notice).toBe(`Showing the imported G2-LSTM model (hidden 64, 1 layer, 12 characters) on this text, for inspection only: ${reason}. Reset trains again.`);
    const both = applyEvent(first, { type: 'imported', runId: 1, model: 'lstm', inspection: { ...info, alongside: true } });
    expect(both.models).toEqual(['g2', 'lstm']);
    expect(both.notice).toBe(`Showing the imported G2-LSTM and LSTM models (12 characters) on this text, for inspection only: ${reason}. Reset trains again.`);
  });
});
