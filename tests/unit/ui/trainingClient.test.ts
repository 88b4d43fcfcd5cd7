import { describe, expect, it } from 'vitest';
import { TrainingClient } from '../../../src/ui/trainingClient';
import type { RunSettings } from '../../../src/contract/runSettings';
import type { WorkerCommand, WorkerEvent } from '../../../src/worker/protocol';
import { FakeWorker } from './fakeWorker';

const settings = { corpus: { kind: 'builtin', id: 'moby-dick' }, hidden: 16 } as RunSettings;

function setup() {
  const workers: FakeWorker[] = [];
  const events: WorkerEvent[] = [];
  const restarts: string[] = [];
  const client = new TrainingClient({
    onEvent: (e) => events.push(e),
    onRestart: (m) => restarts.push(m),
    createWorker: () => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    },
  });
  return { client, workers, events, restarts };
}

describe('training client', () => {
  it('stamps commands with the run id and drops events of stale runs', () => {
    const { client, workers, events } = setup();
    const first = client.configure(settings);
    const second = client.configure(settings);
    expect(second).toBe(first + 1);
    client.send({ type: 'start' });
    expect(workers[0]?.posted.map((c) => [c.type, c.runId])).toEqual([
      ['configure', first],
      ['configure', second],
      ['start', second],
    ]);
    workers[0]?.emit({ type: 'log', runId: first, message: 'old' });
    workers[0]?.emit({ type: 'log', runId: second, message: 'new' });
    expect(events).toEqual([{ type: 'log', runId: second, message: 'new' }]);
  });

  it('a run becomes the one on screen only when ready: refused, its commands and events go back to the run before', () => {
    const { client, workers, events } = setup();
    const ready = (runId: number) =>
      workers[0]?.emit({ type: 'ready', runId, backend: 'wasm', adapter: null, models: [], vocabSize: 1, trainChars: 1, validChars: 1, corpusName: 'x', probeKey: 'k' });
    const first = client.configure(settings);
    ready(first);
    expect(events).toHaveLength(1);
    const second = client.configure(settings);
    // Until the new run is ready, the run on screen still reports.
    workers[0]?.emit({ type: 'progress', runId: first, step: 3, targetSteps: 10, charsPerSec: 1, elapsedMs: 1, models: [] });
    expect(events.at(-1)).toMatchObject({ type: 'progress', runId: first });
    workers[0]?.emit({ type: 'refused', runId: second, message: 'The file is empty. The current run goes on.' });
    expect(events.at(-1)).toMatchObject({ type: 'refused', runId: second });
    client.send({ type: 'step' });
    expect(workers[0]?.posted.at(-1)).toMatchObject({ type: 'step', runId: first });
    // A later run gets a new id; once ready, the old run's events are dropped.
    const third = client.configure(settings);
    expect(third).toBeGreaterThan(second);
    ready(third);
    const count = events.length;
    workers[0]?.emit({ type: 'log', runId: first, message: 'old' });
    expect(events).toHaveLength(count);
  });

  it('restarts a dead worker on the same settings with the last checkpoint it sent', () => {
    const { client, workers, restarts } = setup();
    const runId = client.configure(settings);
    const bytes = new Uint8Array([1, 2, 3]).buffer;
    workers[0]?.emit({ type: 'checkpoint', runId, step: 120, files: [{ model: 'g2', bytes }] });
    workers[0]?.crash('out of memory');
    expect(workers[0]?.terminated).toBe(true);
    expect(workers).toHaveLength(2);
    const posted = workers[1]?.posted ?? [];
    expect(posted.map((c) => c.type)).toEqual(['configure', 'importWeights']);
    expect(posted[0]?.runId).toBe(runId + 1);
    const imported = posted[1] as Extract<WorkerCommand, { type: 'importWeights' }>;
    expect(imported.model).toBe('g2');
    expect(Array.from(new Uint8Array(imported.bytes))).toEqual([1, 2, 3]);
    expect(restarts[0]).toMatch(/out of memory.*weights of step 120/);
  });

  it('says so when a worker dies before its first checkpoint', () => {
    const { client, workers, restarts } = setup();
    client.configure(settings);
    workers[0]?.crash('');
    expect(workers[1]?.posted.map((c) => c.type)).toEqual(['configure']);
    expect(restarts[0]).toMatch(/before its first checkpoint/);
  });
});
