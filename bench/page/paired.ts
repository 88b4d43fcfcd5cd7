import { median } from '../stats';
import type { PairedRow, TimingPlan } from '../types';
import { runWindow, type Workload } from './timing';

/**
 * G2 against the plain LSTM with their windows interleaved (G2, LSTM, LSTM, G2, …), so that a change in
 * the machine's load hits both alike: each pair of neighbouring windows gives one ratio, and the row
 * reports their median. The rows of the throughput table time each cell minutes apart, which on a
 * shared machine can move the ratio by more than the 5 % this measures.
 */
export async function pairedWindows(
  g2: Workload,
  lstm: Workload,
  chars: number,
  plan: TimingPlan,
  meta: Pick<PairedRow, 'backend' | 'threads' | 'size'>,
): Promise<PairedRow> {
  let stepSeconds = 0;
  for (let k = 0; k < plan.warmupSteps; k++) {
    await runWindow(lstm, 1);
    stepSeconds = (await runWindow(g2, 1)).seconds;
  }
  const steps = Math.max(1, Math.round(plan.windowSeconds / Math.max(stepSeconds, 1e-3)));
  const ratios: number[] = [];
  const g2Rates: number[] = [];
  const lstmRates: number[] = [];
  for (let w = 0; w < plan.windows; w++) {
    const first = w % 2 === 0 ? g2 : lstm;
    const a = (await runWindow(first, steps)).seconds;
    const b = (await runWindow(first === g2 ? lstm : g2, steps)).seconds;
    const [g2Seconds, lstmSeconds] = first === g2 ? [a, b] : [b, a];
    ratios.push(lstmSeconds / g2Seconds);
    g2Rates.push((steps * chars) / g2Seconds);
    lstmRates.push((steps * chars) / lstmSeconds);
  }
  return {
    ...meta,
    steps_per_window: steps,
    g2_over_lstm: median(ratios),
    ratios: ratios.map((r) => +r.toFixed(4)),
    g2_chars_per_s: median(g2Rates),
    lstm_chars_per_s: median(lstmRates),
  };
}
