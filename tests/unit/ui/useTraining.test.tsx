// @vitest-environment jsdom
import { StrictMode, useEffect, useRef } from 'react';
import { describe, expect, it } from 'vitest';
import { useTraining } from '../../../src/ui/useTraining';
import type { RunSettings } from '../../../src/contract/runSettings';
import { FakeWorker } from './fakeWorker';
import { render } from './render';

const settings = { corpus: { kind: 'builtin', id: 'moby-dick' }, hidden: 16 } as RunSettings;

/** Starts one run when it mounts, once, as the page does (a ref guards against a second start). */
function FirstRun({ workers }: { workers: FakeWorker[] }) {
  const { configure } = useTraining(undefined, () => {
    const worker = new FakeWorker();
    workers.push(worker);
    return worker;
  });
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    configure(settings);
  }, [configure]);
  return null;
}

const live = (workers: FakeWorker[]) => workers.filter((w) => !w.terminated);

describe('useTraining', () => {
  it('the first run reaches the worker that stays, under StrictMode too (mount, unmount, mount again)', () => {
    const workers: FakeWorker[] = [];
    render(
      <StrictMode>
        <FirstRun workers={workers} />
      </StrictMode>,
    );
    expect(workers).toHaveLength(2);
    expect(live(workers)).toHaveLength(1);
    expect(live(workers)[0]?.posted.map((c) => c.type)).toEqual(['configure']);
    expect(live(workers)[0]?.posted[0]).toMatchObject({ type: 'configure', settings });
  });

  it('without StrictMode: one worker, one configure', () => {
    const workers: FakeWorker[] = [];
    render(<FirstRun workers={workers} />);
    expect(workers).toHaveLength(1);
    expect(workers[0]?.posted.map((c) => c.type)).toEqual(['configure']);
  });
});
