import type { ModelId } from '../../../src/contract/models';
import type { ModelStatistics } from '../../../src/worker/protocol';

/** One bin holding `peak` of the mass, the rest spread evenly over the other bins. */
export const peaked = (n: number, bin: number, peak: number): number[] => Array.from({ length: n }, (_, b) => (b === bin ? peak : (1 - peak) / (n - 1)));

/**
 * A model's gate statistics for panel and export tests: gates 10- and 50-bin histograms flat unless given,
 * a 2×2 joint histogram with r 0.6; what a test checks it passes in `gates` and `numbers`.
 */
export function modelStatistics(
  model: ModelId,
  gates: Partial<ModelStatistics['gates']> = {},
  numbers: Partial<Pick<ModelStatistics, 'validBpc' | 'validBpcSoft' | 'validBpcBinary'>> = {},
): ModelStatistics {
  return {
    model,
    validBpc: 2.5,
    validBpcSoft: 2.4,
    validBpcBinary: 2.45,
    ...numbers,
    gates: {
      input10: Array.from({ length: 10 }, () => 0.1),
      forget10: Array.from({ length: 10 }, () => 0.1),
      input50: Array.from({ length: 50 }, () => 0.02),
      forget50: Array.from({ length: 50 }, () => 0.02),
      inputEnds: { low: 0.05, high: 0.55 },
      forgetEnds: { low: 0.05, high: 0.55 },
      inputGap: 0.12,
      forgetGap: 0.2,
      ...gates,
    },
    joint: { bins: 2, values: Float32Array.from([0.4, 0.1, 0.1, 0.4]), correlation: 0.6, corners: { closedClosed: 0.4, closedOpen: 0.1, openClosed: 0.1, openOpen: 0.4 } },
  };
}
