import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import { checkSavedRun, type SavedRun, savedRunProblem, type SavedRunSummary, summaryOf } from './savedRun';
import { messageOf } from '../../messageOf';

interface GateLabDB extends DBSchema {
  summaries: { key: string; value: SavedRunSummary };
  /** Whole records, read back unchecked: a damaged one must not break the others. */
  runs: { key: string; value: unknown };
}

export const DB_NAME = 'gatelab';

/** Storage that cannot take the run (full, blocked, unavailable); training goes on without it. */
export class StorageError extends Error {
  override name = 'StorageError';
}

function storageMessage(error: unknown): string {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  if (name === 'QuotaExceededError') {
    return "The run could not be saved: the browser's storage for this page is full. Delete saved runs to make room; training goes on.";
  }
  const detail = messageOf(error);
  return `The run could not be saved (${detail || name || 'storage unavailable'}); this browser may block storage here. Training goes on.`;
}

/** Saved runs in IndexedDB: a light summary per run for the list, and the whole run apart. */
export class RunStore {
  private db: Promise<IDBPDatabase<GateLabDB>> | null = null;

  constructor(private readonly dbName = DB_NAME) {}

  private open(): Promise<IDBPDatabase<GateLabDB>> {
    this.db ??= openDB<GateLabDB>(this.dbName, 1, {
      upgrade(db) {
        db.createObjectStore('summaries', { keyPath: 'id' });
        db.createObjectStore('runs');
      },
    }).catch((error: unknown) => {
      this.db = null;
      throw new StorageError(storageMessage(error));
    });
    return this.db;
  }

  /** Writes the run, unless it could not be read back (NaN weights): then the last good save stays. */
  async save(run: SavedRun): Promise<void> {
    const problem = savedRunProblem(run);
    if (problem) throw new StorageError(`The run was not saved: ${problem}. The last save is kept.`);
    const db = await this.open();
    const tx = db.transaction(['summaries', 'runs'], 'readwrite');
    const done = tx.done;
    done.catch(() => {}); // its failure is the one caught below
    try {
      await Promise.all([tx.objectStore('runs').put(run, run.id), tx.objectStore('summaries').put(summaryOf(run))]);
      await done;
    } catch (error) {
      // All or nothing: a summary must never point at a run that was not written.
      try {
        tx.abort();
      } catch {
        // already aborted by the failure itself
      }
      if (error instanceof StorageError) throw error;
      throw new StorageError(storageMessage(error));
    }
  }

  /** Newest first. */
  async list(): Promise<SavedRunSummary[]> {
    const db = await this.open();
    const all = await db.getAll('summaries');
    return all.sort((a, b) => b.savedAt - a.savedAt);
  }

  async load(id: string): Promise<SavedRun> {
    const db = await this.open();
    const [summary, value] = await Promise.all([db.get('summaries', id), db.get('runs', id)]);
    return checkSavedRun(value, summary?.name ?? id);
  }

  async rename(id: string, name: string): Promise<void> {
    const db = await this.open();
    const tx = db.transaction(['summaries', 'runs'], 'readwrite');
    const summary = await tx.objectStore('summaries').get(id);
    if (summary) await tx.objectStore('summaries').put({ ...summary, name });
    const run = await tx.objectStore('runs').get(id);
    if (run && typeof run === 'object') await tx.objectStore('runs').put({ ...run, name }, id);
    await tx.done;
  }

  async close(): Promise<void> {
    const db = this.db;
    this.db = null;
    (await db?.catch(() => null))?.close();
  }

  async remove(id: string): Promise<void> {
    const db = await this.open();
    const tx = db.transaction(['summaries', 'runs'], 'readwrite');
    await Promise.all([tx.objectStore('summaries').delete(id), tx.objectStore('runs').delete(id), tx.done]);
  }
}
