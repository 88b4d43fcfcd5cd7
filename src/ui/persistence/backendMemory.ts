import type { BackendTiming, RememberedTimings } from '../../worker/protocol';

const KEY = 'gatelab.backendTimings';

/** The backend measurement of this browser and device, if one was made (the worker checks its key). */
export function rememberedTimings(): RememberedTimings | undefined {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(KEY) ?? 'null');
    return isRemembered(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function rememberTimings(remembered: RememberedTimings): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(remembered));
  } catch {
    // blocked storage: the next start measures again
  }
}

export function forgetTimings(): void {
  try {
    localStorage.removeItem(KEY);
  } catch {
    // nothing remembered
  }
}

const isTiming = (t: unknown): t is BackendTiming =>
  typeof t === 'object' && t !== null && typeof (t as BackendTiming).backend === 'string' && Number.isFinite((t as BackendTiming).msPerStep);

/** A damaged record is no measurement: the worker measures again. */
function isRemembered(value: unknown): value is RememberedTimings {
  if (typeof value !== 'object' || value === null) return false;
  const { key, timings } = value as RememberedTimings;
  return typeof key === 'string' && Array.isArray(timings) && timings.length > 0 && timings.every(isTiming);
}
