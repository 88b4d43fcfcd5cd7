import { describe, expect, it } from 'vitest';
import { chosenCompression, compressionSweep } from '../../../src/model/compression';

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
