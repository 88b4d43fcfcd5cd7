import { describe, expect, it } from 'vitest';
import { CliError } from '../../../src/cli/cliError';
import { readTrainOptions, type TrainDefaults } from '../../../src/cli/trainOptions';

const defaults: TrainDefaults = { hidden: 64, layers: 1, steps: 500, seq: 64, batch: 32, lr: 0.003, clip: 1, tau: 0.9, noiseP: 1, hDetach: 0, seed: 1 };
const read = (flags: Record<string, string>) => readTrainOptions(flags, defaults, 'g2');

describe('training flags', () => {
  it('take decimal numbers only: hex, blanks and fractions where a whole number goes are refused, naming the flag', () => {
    expect(read({ hidden: '16', lr: '1e-3', seed: '+7' })).toMatchObject({ hidden: 16, lr: 0.001, seed: 7 });
    const refusal = (flags: Record<string, string>) => {
      try {
        read(flags);
      } catch (error) {
        return error instanceof CliError ? error.message : `not a CliError: ${String(error)}`;
      }
      return 'accepted';
    };
    expect(refusal({ hidden: '0x10' })).toBe('--hidden must be a whole number from 2 to 1024, got "0x10"');
    expect(refusal({ hidden: '12.5' })).toBe('--hidden must be a whole number from 2 to 1024, got "12.5"');
    expect(refusal({ batch: ' ' })).toMatch(/^--batch must be a whole number/);
    expect(refusal({ lr: 'Infinity' })).toMatch(/^--lr must be/);
    expect(refusal({ seed: '0b11' })).toMatch(/^--seed must be a whole number/);
  });
});
