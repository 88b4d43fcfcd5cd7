import type { RunSettings } from '../../worker/protocol';

/** The run on screen, as autosave names and stores it. */
export interface ActiveRun {
  id: string;
  name: string;
  settings: RunSettings;
}

const ACTIVE_KEY = 'gatelab.activeRun';

/** The id of the run to resume after a reload; storage may be blocked, which only loses the resume. */
export function rememberActiveRun(id: string): void {
  try {
    localStorage.setItem(ACTIVE_KEY, id);
  } catch {
    // blocked storage: the run still trains, it just won't come back after a reload
  }
}

export function activeRunId(): string | null {
  try {
    return localStorage.getItem(ACTIVE_KEY);
  } catch {
    return null;
  }
}

export function newRunId(): string {
  return crypto.randomUUID();
}

/** A name a person can tell apart in the list: text, size, seed and when it started. */
export function defaultRunName(settings: RunSettings, corpusName: string, startedAt: Date): string {
  const when = startedAt.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  return `${corpusName}, H${settings.hidden}×${settings.layers}, seed ${settings.seed} (${when})`;
}
