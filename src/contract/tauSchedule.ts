import type { TauChange } from './runSettings';

/** The temperature a run trains with after `step` steps: the last change made at or before it, else `initial`. */
export function tauAt(schedule: readonly TauChange[], initial: number, step: number): number {
  let tau = initial;
  for (const change of schedule) if (change.step <= step) tau = change.tau;
  return tau;
}

/**
 * The schedule with τ set after `step` steps: a change made at the same step replaces the one before it, and
 * changes planned for later steps (a replayed link the person departs from) are dropped.
 */
export function recordTau(schedule: readonly TauChange[], step: number, tau: number): TauChange[] {
  return [...schedule.filter((c) => c.step < step), { step, tau }];
}
