import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DB_NAME, RunStore, StorageError } from '../../../src/ui/persistence/runStore';
import { checkSavedRun, SAVED_RUN_VERSION, type SavedRun, SavedRunError, summaryOf } from '../../../src/ui/persistence/savedRun';
import { DEFAULT_SETTINGS } from '../../../src/contract/runSettings';

/** A run of hidden 8, embedding 4, one layer, on 3 symbols: its parameters have the sizes those settings need. */
const SIZES = [3 * 4, 4 * 32, 8 * 32, 32, 8 * 3, 3];
const params = () => SIZES.map((n, k) => (k === 0 ? Float32Array.of(1, 2, 3, ...new Array<number>(n - 3).fill(0)) : new Float32Array(n)));

function savedRun(id: string, name: string, savedAt: number): SavedRun {
  const trainer = {
    params: params(),
    optimizer: { iterations: 3, moments: [{ shape: [3], values: Float32Array.of(0.1, 0.2, 0.3) }] },
    state: null,
    seeds: 42,
    stepCount: 3,
  };
  return {
    version: SAVED_RUN_VERSION,
    id,
    name,
    savedAt,
    step: 3,
    corpusName: 'moby-dick',
    models: ['g2'],
    settings: { ...DEFAULT_SETTINGS, hidden: 8, embedding: 4, corpus: { kind: 'builtin', id: 'moby-dick' } },
    curves: { trainCurve: [{ step: 1, model: 'g2', bpc: 5 }], validCurve: [], gapCurve: [] },
    snapshot: { step: 3, tau: 0.9, mode: 'soft', windowsRead: 3, models: [{ model: 'g2', trainer }] },
  };
}

// A database per test: an open connection would block deleting a shared one.
let dbName = '';
let opened: RunStore[] = [];
beforeEach(() => {
  dbName = `${DB_NAME}-${Math.random()}`;
});
afterEach(async () => {
  await Promise.all(opened.map((s) => s.close()));
  opened = [];
});
const newStore = () => {
  const store = new RunStore(dbName);
  opened.push(store);
  return store;
};

describe('saved runs in IndexedDB', () => {
  it('saves, lists newest first, loads back with typed arrays, renames and deletes', async () => {
    const store = newStore();
    await store.save(savedRun('a', 'first', 1000));
    await store.save(savedRun('b', 'second', 2000));
    expect((await store.list()).map((s) => s.name)).toEqual(['second', 'first']);
    const loaded = await store.load('a');
    expect(loaded.snapshot.models[0]?.trainer.params[0]?.subarray(0, 3)).toEqual(Float32Array.of(1, 2, 3));
    await store.rename('a', 'renamed');
    expect((await store.list()).map((s) => s.name)).toEqual(['second', 'renamed']);
    expect((await store.load('a')).name).toBe('renamed');
    await store.remove('b');
    expect((await store.list()).map((s) => s.id)).toEqual(['a']);
  });

  it('a damaged run is refused with its name and the reason; the others still load', async () => {
    const store = newStore();
    await store.save(savedRun('good', 'good run', 1));
    await store.save(savedRun('bad', 'bad run', 2));
    const db = await openDB(dbName, 1);
    const broken = { ...savedRun('bad', 'bad run', 2), snapshot: { step: 3, models: [{ model: 'g2', trainer: { params: ['garbage'] } }] } };
    await db.put('runs', broken, 'bad');
    db.close();
    const error = await store.load('bad').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SavedRunError);
    expect((error as Error).message).toBe(
      'The saved run “bad run” could not be read: the weights of the g2 model are damaged. Your other saved runs are not affected.',
    );
    expect((await store.load('good')).name).toBe('good run');
  });

  it('refuses records of another format version, with NaN weights, or missing', async () => {
    const store = newStore();
    const db = await openDB(dbName, 1, { upgrade: (d) => (d.createObjectStore('summaries', { keyPath: 'id' }), d.createObjectStore('runs')) });
    await db.put('runs', { ...savedRun('v', 'v', 1), version: 9 }, 'v');
    const nan = savedRun('n', 'n', 1);
    (nan.snapshot.models[0] as { trainer: { params: Float32Array[] } }).trainer.params = [Float32Array.of(1, Number.NaN)];
    await db.put('runs', nan, 'n');
    db.close();
    await expect(store.load('v')).rejects.toThrow('format version 9, this page reads 1');
    await expect(store.load('n')).rejects.toThrow('hold NaN or infinite values');
    await expect(store.load('nothing')).rejects.toThrow('“nothing” could not be read: it is not a saved run');
  });

  it('never writes NaN or infinite weights over a good record: the save is refused and says why', async () => {
    const store = newStore();
    await store.save(savedRun('r', 'the run', 1));
    const poisoned = savedRun('r', 'the run', 2);
    (poisoned.snapshot.models[0]?.trainer.params[1] as Float32Array)[5] = Number.NaN;
    const error = await store.save({ ...poisoned, step: 9 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as Error).message).toBe(
      'The run was not saved: the weights of the g2 model hold NaN or infinite values. The last save is kept.',
    );
    const kept = await store.load('r');
    expect(kept.snapshot.models[0]?.trainer.params[1]?.every(Number.isFinite)).toBe(true);
    expect((await store.list()).map((r) => r.savedAt)).toEqual([1]);
  });

  it('refuses settings out of the fields\' table, a missing text and weights of other sizes, naming the run', async () => {
    const store = newStore();
    const db = await openDB(dbName, 1, { upgrade: (d) => (d.createObjectStore('summaries', { keyPath: 'id' }), d.createObjectStore('runs')) });
    const damaged: [string, (run: SavedRun) => void, string][] = [
      ['huge', (r) => (r.settings.hidden = 1e9), 'its settings cannot be used: Hidden size “1000000000” is outside 8–512'],
      ['fraction', (r) => (r.settings.hidden = 12.5), 'its settings cannot be used: Hidden size “12.5” is not a whole number'],
      ['batch0', (r) => (r.settings.batch = 0), 'its settings cannot be used: Batch “0” is outside 1–128'],
      ['empty', (r) => (r.settings.corpus = { kind: 'upload', name: 'empty.txt', bytes: new ArrayBuffer(0) }), 'its uploaded text “empty.txt” is empty'],
      ['unknown', (r) => (r.settings.corpus = { kind: 'builtin', id: 'war-and-peace' }), 'there is no built-in text “war-and-peace”'],
      ['sizes', (r) => (r.settings.hidden = 16), 'the weights of the g2 model do not fit its settings: parameter 1 holds 128 values, hidden 16 needs 256'],
      ['layers', (r) => (r.settings.layers = 2), 'the weights of the g2 model do not fit its settings: 6 tensors, 2 layers need 9'],
    ];
    for (const [id, damage] of damaged) {
      const run = savedRun(id, `run ${id}`, 1);
      damage(run);
      await db.put('runs', run, id);
      await db.put('summaries', summaryOf(run));
    }
    db.close();
    for (const [id, , problem] of damaged) {
      await expect(store.load(id)).rejects.toThrow(`The saved run “run ${id}” could not be read: ${problem}. Your other saved runs are not affected.`);
    }
  });

  it('a full storage is told as such, and nothing half-written is left', async () => {
    const store = newStore();
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (this.name === 'runs') throw new DOMException('quota', 'QuotaExceededError');
      return put.apply(this, args);
    };
    try {
      const error = await store.save(savedRun('x', 'x', 1)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StorageError);
      expect((error as Error).message).toMatch(/storage for this page is full.*training goes on/);
    } finally {
      IDBObjectStore.prototype.put = put;
    }
    expect(await store.list()).toEqual([]);
  });

  it('a run saved before the model list opens with the models it trained and the new options off', () => {
    const old: Record<string, unknown> = { ...savedRun('o', 'old', 1).settings };
    for (const key of ['cells', 'compareHDetach', 'groupSparsity', 'copyDelay']) delete old[key];
    const withThird = checkSavedRun({ ...savedRun('o', 'old', 1), settings: { ...old, withSharpened: true } }, 'old');
    expect(withThird.settings).toMatchObject({ cells: ['g2', 'lstm', 'sharpened'], compareHDetach: false, groupSparsity: 0, copyDelay: 50 });
    expect('withSharpened' in withThird.settings).toBe(false);
    expect(checkSavedRun({ ...savedRun('o', 'old', 1), settings: { ...old, withSharpened: false } }, 'old').settings.cells).toEqual(['g2', 'lstm']);
    const current = savedRun('n', 'new', 1);
    expect(checkSavedRun(current, 'new').settings).toEqual(current.settings);
  });

  it('a run saved with τ above the slider (the old field allowed 5) reopens at the slider top, missing fields at their defaults', () => {
    const base = savedRun('t', 'hot', 1);
    const old: Record<string, unknown> = { ...base.settings, tau: 3, tauSchedule: [{ step: 2, tau: 4.5 }, { step: 5, tau: 0.5 }] };
    delete old.targetSteps;
    const reopened = checkSavedRun({ ...base, settings: old }, 'hot');
    expect(reopened.settings.tau).toBe(2);
    expect(reopened.settings.tauSchedule).toEqual([{ step: 2, tau: 2 }, { step: 5, tau: 0.5 }]);
    expect(reopened.settings.targetSteps).toBe(DEFAULT_SETTINGS.targetSteps);
    // The reopen notice says so; the worker's state (the snapshot's τ) opens in range too.
    expect(reopened.adjusted).toBe("Its τ values 3, 4.5 were outside the slider's range (0.05–2): they are 2 now.");
    const hot = checkSavedRun({ ...base, snapshot: { ...base.snapshot, tau: 5, tauSchedule: [{ step: 1, tau: 5 }] } }, 'hot');
    expect(hot.snapshot.tau).toBe(2);
    expect(hot.snapshot.tauSchedule).toEqual([{ step: 1, tau: 2 }]);
    expect(hot.adjusted).toBe("Its τ 5 was outside the slider's range (0.05–2): it is 2 now.");
    expect(checkSavedRun(base, 'in range').adjusted).toBeUndefined();
    // A τ that is not a number is still refused: nothing to migrate from.
    expect(() => checkSavedRun({ ...base, settings: { ...base.settings, tau: Number.NaN } }, 'nan')).toThrow(/Temperature τ .*is not a number/);
  });
});
