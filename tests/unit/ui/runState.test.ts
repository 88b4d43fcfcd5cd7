import { describe, expect, it } from 'vitest';
import { applyEvent, initialRunView } from '../../../src/ui/runState';
import type { GateMode } from '../../../src/model/types';
import type { WorkerEvent } from '../../../src/worker/protocol';
import { modelStatistics } from './statisticsFixture';

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

describe('the distance-from-0/1 curve', () => {
  const stats = (step: number, mode: GateMode, gap: number): WorkerEvent => ({
    type: 'statistics',
    runId: 1,
    step,
    tau: 0.9,
    mode,
    models: [modelStatistics('g2', { inputGap: gap, forgetGap: gap })],
  });

  it('holds σ(z) gates only: binary or σ(z/τ) statistics leave it as it was, and σ(z) ones extend it again', () => {
    let view = applyEvent(initialRunView, stats(10, 'soft', 0.2));
    // The mode switched at step 10: binary gates sit at 0/1, their distance 0 is no point of this curve.
    view = applyEvent(view, stats(10, 'binary', 0));
    view = applyEvent(view, stats(20, 'sharpened', 0.05));
    expect(view.gapCurve.map((p) => [p.step, p.input])).toEqual([[10, 0.2]]);
    expect(view.statistics?.mode).toBe('sharpened');
    view = applyEvent(view, stats(30, 'soft', 0.1));
    expect(view.gapCurve.map((p) => [p.step, p.input])).toEqual([
      [10, 0.2],
      [30, 0.1],
    ]);
  });
});
