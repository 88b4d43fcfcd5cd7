import { modeUsesTau } from '../../model/gates';
import type { GateMode } from '../../model/types';

const MODE_WORDS: Record<GateMode, string> = {
  soft: 'σ(z) gates',
  sharpened: 'σ(z/τ) gates',
  binary: 'binary gates',
  stochastic: 'training-noise gates',
};

/** The gates a statistic was taken with, in words; τ is named only where it plays a part. */
export function gatesNamed(statistics: { tau: number; mode?: GateMode } | null): string {
  if (!statistics?.mode) return '…';
  const words = MODE_WORDS[statistics.mode];
  return modeUsesTau(statistics.mode) ? `${words} at τ = ${statistics.tau}` : words;
}
