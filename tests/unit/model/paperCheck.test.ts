import { describe, expect, it } from 'vitest';
import { checkAccuracy, checkRobustness, checkSaturation, paperCheck } from '../../../src/model/paperCheck';

const costs = (binarize: number, deltas: number[]) => ({
  binarize,
  compressions: deltas.map((delta, k) => ({ label: `c${k}`, delta })),
});

describe('paper check verdicts', () => {
  it('saturation: met only when G2 is near 0/1 and far ahead of the LSTM on both gates', () => {
    expect(checkSaturation({ input: 0.75, forget: 0.62 }, { input: 0.22, forget: 0.13 }).verdict).toBe('met');
    // The issue's page numbers: G2 87 / 89 %, LSTM 69 / 68 %: G2 ahead, but the LSTM saturates too.
    const half = checkSaturation({ input: 0.87, forget: 0.89 }, { input: 0.69, forget: 0.68 });
    expect(half.verdict).toBe('partly');
    expect(half.reason).toContain('18 / 21 points');
    expect(half.measured).toBe('end bins input / forget: G2 87 % / 89 %, LSTM 69 % / 68 %');
    expect(checkSaturation({ input: 0.5, forget: 0.9 }, { input: 0.1, forget: 0.1 }).verdict).toBe('not met');
    expect(checkSaturation({ input: 0.7, forget: 0.7 }, { input: 0.8, forget: 0.5 }).verdict).toBe('not met');
    // 30 points exactly still counts.
    expect(checkSaturation({ input: 0.8, forget: 0.8 }, { input: 0.5, forget: 0.5 }).verdict).toBe('met');
  });

  it('robustness: binarize within 1/3 and every compression within 1/2 of the LSTM’s', () => {
    // The issue's command-line numbers (377 kB manual): met.
    const issue = checkRobustness(costs(0.014, [0.001, 0.008, 0.015, 0.035]), costs(0.119, [0.014, 0.03, 0.088, 0.202]));
    expect(issue.verdict).toBe('met');
    expect(issue.measured).toContain('binarize +0.014 / +0.119');
    // Binarizing at 0.4 of the LSTM's: not within 1/3, but G2 still loses less everywhere.
    expect(checkRobustness(costs(0.048, [0.001, 0.008, 0.015, 0.035]), costs(0.119, [0.014, 0.03, 0.088, 0.202])).verdict).toBe('partly');
    expect(checkRobustness(costs(0.2, [0.03, 0.05, 0.015, 0.035]), costs(0.1, [0.014, 0.03, 0.088, 0.202])).verdict).toBe('not met');
    // Costs under 0.002 nats/char count as none, whatever the LSTM's.
    expect(checkRobustness(costs(0.001, [0.0015]), costs(-0.01, [0])).verdict).toBe('met');
  });

  it('accuracy: within 2 % met, within 5 % partly, beyond not met', () => {
    expect(checkAccuracy(1.0, 1.0).verdict).toBe('met');
    expect(checkAccuracy(0.98, 1.0).reason).toContain('at or below');
    expect(checkAccuracy(1.019, 1.0).verdict).toBe('met');
    const issue = checkAccuracy(1.618, 1.526);
    expect(issue.verdict).toBe('not met');
    expect(issue.measured).toContain('G2 +6.0 %');
    expect(checkAccuracy(1.04, 1.0).verdict).toBe('partly');
  });

  it('lists the three claims in the paper’s order', () => {
    const side = { loss: 1, ends: { input: 0.9, forget: 0.9 }, costs: costs(0, [0]) };
    expect(paperCheck({ g2: side, lstm: side }).map((c) => c.claim.slice(0, 12))).toEqual([
      "G2's input a",
      'Binarizing o',
      'The binary-v',
    ]);
  });
});
