import { describe, expect, it } from 'vitest';
import { fixed, percent, signed } from '../../../src/ui/panels/format';

describe('panel number format', () => {
  it('prints no negative zero, and keeps the sign of what does not round to zero', () => {
    expect(fixed(-0.001, 2)).toBe('0.00');
    expect(fixed(-0, 2)).toBe('0.00');
    expect(fixed(-0.006, 2)).toBe('-0.01');
    expect(fixed(0.239, 2)).toBe('0.24');
    expect(percent(0.4281)).toBe('42.8%');
  });

  it('signed differences carry + or −, and what rounds to zero is +0.000, never -0.000', () => {
    expect(signed(0.0123)).toBe('+0.012');
    expect(signed(-0.0123)).toBe('-0.012');
    expect(signed(-0.0001)).toBe('+0.000');
    expect(signed(0)).toBe('+0.000');
    expect(signed(-0.006, 2)).toBe('-0.01');
  });
});
