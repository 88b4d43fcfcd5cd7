import { describe, expect, it } from 'vitest';
import { checkAccuracy, checkRobustness, checkSaturation, livePaperCheck, paperCheck, saturationCaption } from '../../../src/model/paperCheck';
import { gatesNamed } from '../../../src/ui/panels/gatesNamed';

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
    expect(half.measured).toBe('end bins input / forget: G2-LSTM 87 % / 89 %, LSTM 69 % / 68 %');
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
    // Costs under 0.002 nats/char count as none, whatever the LSTM's…
    expect(checkRobustness(costs(0.001, [0.0015]), costs(0.05, [0])).verdict).toBe('met');
    // …but when the LSTM loses nothing either there is nothing to tell them apart (an untrained pair).
    const untested = checkRobustness(costs(-0.17, [0, 0]), costs(-0.16, [0.001, 0]));
    expect(untested.verdict).toBe('not shown');
    expect(untested.reason).toContain('no difference to show');
  });

  it('accuracy: within 2 % met, within 5 % partly, beyond not met', () => {
    expect(checkAccuracy(1.0, 1.0).verdict).toBe('met');
    expect(checkAccuracy(0.98, 1.0).reason).toContain('at or below');
    expect(checkAccuracy(1.019, 1.0).verdict).toBe('met');
    const issue = checkAccuracy(1.618, 1.526);
    expect(issue.verdict).toBe('not met');
    expect(issue.measured).toContain('G2-LSTM +6.0 %');
    expect(checkAccuracy(1.04, 1.0).verdict).toBe('partly');
  });

  it('lists the three claims in the paper’s order', () => {
    const side = { loss: 1, ends: { input: 0.9, forget: 0.9 }, costs: costs(0, [0]) };
    expect(paperCheck({ g2: side, lstm: side }).map((c) => c.claim.slice(0, 12))).toEqual([
      "G2-LSTM's in",
      'Binarizing o',
      'The binary-v',
    ]);
  });
});

describe('paper check wording', () => {
  it('names the models as every other panel does (G2-LSTM, LSTM), in every verdict, never a bare “G2”', () => {
    const shares = [
      [{ input: 0.9, forget: 0.9 }, { input: 0.2, forget: 0.2 }],
      [{ input: 0.87, forget: 0.89 }, { input: 0.69, forget: 0.68 }],
      [{ input: 0.5, forget: 0.5 }, { input: 0.2, forget: 0.2 }],
      [{ input: 0.7, forget: 0.7 }, { input: 0.8, forget: 0.8 }],
    ] as const;
    const checks = [
      ...shares.map(([g2, lstm]) => checkSaturation(g2, lstm)),
      checkRobustness(costs(0.01, [0.001]), costs(0.1, [0.01])),
      checkRobustness(costs(0.05, [0.001, 0.3]), costs(0.1, [0.01, 0.1])),
      checkRobustness(costs(0, [0]), costs(0, [0])),
      checkAccuracy(0.9, 1),
      checkAccuracy(1.01, 1),
      checkAccuracy(1.1, 1),
    ];
    const texts = checks.flatMap((c) => [c.claim, c.paper, c.measured, c.reason]);
    expect(new Set(checks.map((c) => c.verdict))).toEqual(new Set(['met', 'partly', 'not met', 'not shown']));
    expect(texts.filter((t) => /\bG2\b(?!-LSTM)/.test(t))).toEqual([]);
    for (const c of checks) expect(c.measured).toContain('G2-LSTM');
    const missing = livePaperCheck([], []);
    expect('missing' in missing && missing.missing).toContain('compares G2-LSTM with the LSTM');
  });
});

describe('live paper check and captions', () => {
  const stat = (model: string, soft: number, binary: number, input: number, forget: number) => ({
    model,
    validBpcSoft: soft,
    validBpcBinary: binary,
    gates: { inputEnds: { low: input / 2, high: input / 2 }, forgetEnds: { low: 0, high: forget } },
  });
  const comp = (model: string, deltas: number[]) => ({ model, rows: deltas.map((delta, k) => ({ label: `r${k}`, delta })) });

  it('judges the page’s G2 and LSTM, in nats, from the chosen compressions only', () => {
    const result = livePaperCheck(
      [stat('g2', 4.0, 4.01, 0.9, 0.9), stat('lstm', 3.9, 4.1, 0.5, 0.5), stat('g2+hd', 9, 9, 0, 0)],
      // The fourth row onward is the sweep: a huge G2 cost there must not count.
      [comp('g2', [0.001, 0.01, 0.02, 5]), comp('lstm', [0.01, 0.05, 0.1, 0.1])],
    );
    if (!('checks' in result)) throw new Error('expected checks');
    const [saturation, robustness, accuracy] = result.checks;
    expect(saturation?.verdict).toBe('met');
    expect(robustness?.verdict).toBe('met');
    expect(robustness?.measured).toContain(`binarize +${(0.01 * Math.LN2).toFixed(3)} / +${(0.2 * Math.LN2).toFixed(3)}`);
    expect(accuracy?.verdict).toBe('partly'); // 4.0 / 3.9 − 1 = 2.6 %
    expect(accuracy?.measured).toContain('G2-LSTM +2.6 %');
  });

  it('judges Fig. 3 on σ(z) gates only: under another gate mode the end bins are shown, not judged', () => {
    const stats = [stat('g2', 4.0, 4.01, 1, 1), stat('lstm', 3.9, 4.1, 1, 1)];
    const comps = [comp('g2', [0.001, 0.01, 0.02]), comp('lstm', [0.01, 0.05, 0.1])];
    const soft = livePaperCheck(stats, comps, 'soft');
    const binary = livePaperCheck(stats, comps, 'binary');
    if (!('checks' in soft) || !('checks' in binary)) throw new Error('expected checks');
    // Binary gates are all at 0 or 1: 100 % / 100 % for both models said 'not met' (the LSTM as saturated).
    expect(soft.checks[0]?.verdict).toBe('not met');
    expect(binary.checks[0]).toMatchObject({ verdict: 'not shown', measured: expect.stringContaining('(binary gates)'), reason: expect.stringContaining('soft') });
    // The losses and compression costs do not depend on the gate mode.
    expect(binary.checks.slice(1)).toEqual(soft.checks.slice(1));
  });

  it('says what is missing instead of judging', () => {
    expect(livePaperCheck([stat('g2', 4, 4, 0.9, 0.9)], [])).toEqual({ missing: expect.stringContaining('train both') });
    expect(livePaperCheck([stat('g2', 4, 4, 1, 1), stat('lstm', 4, 4, 1, 1)], undefined)).toEqual({ missing: expect.stringContaining('compression') });
  });

  it('captions the histogram from its shares, never by model name alone', () => {
    const both = saturationCaption(
      [
        { name: 'G2-LSTM', input: 0.89, forget: 0.91 },
        { name: 'LSTM', input: 0.7, forget: 0.7 },
      ],
      'σ(z) gates',
    );
    expect(both).toContain('in the end bins (input / forget): G2-LSTM 89 % / 91 %, mostly near 0 or 1');
    expect(both).toContain('; LSTM 70 % / 70 %, mostly near 0 or 1.');
    expect(both).not.toContain('spread out');
    expect(saturationCaption([{ name: 'LSTM', input: 0.2, forget: 0.1 }], 'σ(z) gates')).toContain('LSTM 20 % / 10 %, spread out');
    // Beyond two models: by state, without the shares (the table holds them), so it stays two lines.
    const four = saturationCaption(
      [
        { name: 'G2', input: 0.89, forget: 0.91 },
        { name: 'LSTM', input: 0.5, forget: 0.7 },
        { name: 'Beta', input: 0.1, forget: 0.2 },
        { name: 'BiBeta', input: 0.6, forget: 0.3 },
      ],
      'σ(z) gates',
      true,
    );
    expect(four).toBe('Validation slice, σ(z) gates: G2 mostly near 0 or 1; LSTM and BiBeta partly near 0 or 1; Beta spread out (shares in the end bins below).');
  });

  it('names τ only for the gate modes it enters', () => {
    expect(gatesNamed({ tau: 0.9, mode: 'soft' })).toBe('σ(z) gates');
    expect(gatesNamed({ tau: 0.9, mode: 'binary' })).toBe('binary gates');
    expect(gatesNamed({ tau: 0.5, mode: 'stochastic' })).toBe('training-noise gates at τ = 0.5');
    expect(gatesNamed({ tau: 0.5, mode: 'sharpened' })).toBe('σ(z/τ) gates at τ = 0.5');
  });
});
