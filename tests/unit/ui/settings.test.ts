import { describe, expect, it } from 'vitest';
import { copyWindowNote } from '../../../src/ui/settings';

describe('copying window note', () => {
  it('says how many whole examples a window holds at the chosen delay', () => {
    expect(copyWindowNote({ seqLen: 32, copyDelay: 10 })).toContain('1 × 31 = 31 characters');
    expect(copyWindowNote({ seqLen: 64, copyDelay: 10 })).toContain('2 × 31 = 62 characters');
    // The default delay 50 (71 characters) is longer than the default window 32: one example, not a cut one.
    expect(copyWindowNote({ seqLen: 32, copyDelay: 50 })).toContain('1 × 71 = 71 characters');
  });
});
