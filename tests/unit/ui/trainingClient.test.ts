import { describe, expect, it } from 'vitest';
import { TrainingClient } from '../../../src/ui/trainingClient';
import type { RunSettings, WorkerCommand, WorkerEvent } from '../../../src/worker/protocol';
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
