import type { CellKind } from '../../model/types';
import type { RunSettings } from '../../contract/runSettings';

/** The run on screen, as autosave names and stores it. */
export interface ActiveRun {
  id: string;
  name: string;
  settings: RunSettings;
}

const ACTIVE_KEY = 'gatelab.activeRun';

/**
 * The id of the run to resume after a reload. Each tab keeps its own (sessionStorage survives a reload of
 * the tab, not other tabs); the most recent of any tab is the default for a new tab. Storage may be
 * blocked, which only loses the resume.
 */
export function rememberActiveRun(id: string): void {
  for (const storage of storages()) {
    try {
      storage.setItem(ACTIVE_KEY, id);
    } catch {
      // blocked storage: the run still trains, it just won't come back after a reload
    }
  }
}

export function activeRunId(): string | null {
  for (const storage of storages()) {
    try {
      const id = storage.getItem(ACTIVE_KEY);
      if (id) return id;
    } catch {
      // blocked: try the next
    }
  }
  return null;
}

/** This tab's storage first, then the browser's. */
function storages(): Storage[] {
  const found: Storage[] = [];
  for (const get of [() => sessionStorage, () => localStorage]) {
    try {
      found.push(get());
    } catch {
      // reading the property itself can throw when storage is blocked
    }
  }
  return found;
}

export function newRunId(): string {
  return crypto.randomUUID();
}

/** A name a person can tell apart in the list: what the run is (text, models, size, τ, seed) and when it started. */
export function defaultRunName(settings: RunSettings, corpusName: string, startedAt: Date): string {
  const when = startedAt.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  const cells = settings.cells.map((c) => CELL_SHORT[c]).join('+') + (settings.compareHDetach ? ' ±h-detach' : '');
  return `${corpusName}, ${cells}, H${settings.hidden}×${settings.layers}, τ ${settings.tau}, seed ${settings.seed} (${when})`;
}

const CELL_SHORT: Record<CellKind, string> = { g2: 'G2', lstm: 'LSTM', sharpened: 'sharpened', beta: 'Beta', bibeta: 'BiBeta' };
