import { describe, expect, it } from 'vitest';
import { chosenCompression, compressionSweep, paperChoice, paperCompressionSpecs } from '../../../src/contract/compression';

describe('the compression choice behind a sweep', () => {
  it('reads back r, c and k from the specs compressionSweep made', () => {
    expect(chosenCompression(compressionSweep(64, { step: 0.15, clip: 0.3, rank: 5 }))).toEqual({ step: 0.15, clip: 0.3, rank: 5 });
  });

  it('gives the rank the worker computes with: whole, and at most H', () => {
    expect(chosenCompression(compressionSweep(64, { step: 0.2, clip: 0.4, rank: 100 }))?.rank).toBe(64);
    expect(chosenCompression(compressionSweep(64, { step: 0.2, clip: 0.4, rank: 2.6 }))?.rank).toBe(3);
  });

  it('is null for specs of another shape', () => {
    expect(chosenCompression([])).toBeNull();
    expect(chosenCompression([{ kind: 'lowRank', rank: 2 }, { kind: 'round', step: 0.2 }, { kind: 'roundClip', step: 0.2, clip: 0.4 }])).toBeNull();
  });
});

describe("the paper's settings, scaled to H", () => {
  it('keep r 0.2 and c 0.4 and scale the ranks 128 and 64 of its H 1,150', () => {
    expect(paperChoice(1150)).toEqual({ step: 0.2, clip: 0.4, rank: 128 });
    expect(paperChoice(64).rank).toBe(7);
    expect(paperChoice(128).rank).toBe(14);
    expect(paperChoice(4).rank).toBe(1);
    expect(paperCompressionSpecs(1150).map((s) => (s.kind === 'lowRank' ? s.rank : s.kind))).toEqual(['round', 'roundClip', 128, 64]);
  });
});
