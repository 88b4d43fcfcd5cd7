// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { AUTOSAVE_EVERY_MS, AUTOSAVE_EVERY_STEPS, intervalSaveDue, useAutosave } from '../../../src/ui/useAutosave';
import { initialRunView, type RunView } from '../../../src/ui/runState';
import type { ClientCommand } from '../../../src/ui/trainingClient';
import type { RunStore } from '../../../src/ui/persistence/runStore';
import type { RunSettings } from '../../../src/contract/runSettings';
import { render } from './render';

describe('intervalSaveDue', () => {
  it('is due after 200 steps or 30 s of training since the last save, whichever comes first', () => {
    expect(intervalSaveDue(AUTOSAVE_EVERY_STEPS, 1_000, null)).toBe(true);
    // A slow run (0.5 s a step, as the copying task on wasm): 24 steps in 31 s are due; 200 steps would be ~100 s.
    expect(intervalSaveDue(24, AUTOSAVE_EVERY_MS + 1_000, null)).toBe(true);
    expect(intervalSaveDue(24, AUTOSAVE_EVERY_MS - 1_000, null)).toBe(false);
    const last = { step: 60, elapsedMs: 30_000 };
    expect(intervalSaveDue(100, 50_000, last)).toBe(false);
    expect(intervalSaveDue(100, 60_000, last)).toBe(true);
    expect(intervalSaveDue(260, 31_000, last)).toBe(true);
  });
});

function Autosave({ view, sent }: { view: RunView; sent: ClientCommand[] }) {
  const active = { id: 'run-1', name: 'copying', settings: {} as RunSettings };
  useAutosave(view, active, {} as RunStore, (c) => sent.push(c), () => undefined);
  return null;
}

describe('useAutosave', () => {
  it('asks for a snapshot of a slow run after 30 s of training, long before its 200th step', () => {
    const sent: ClientCommand[] = [];
    render(<Autosave view={{ ...initialRunView, status: 'running', step: 24, elapsedMs: 31_000 }} sent={sent} />);
    expect(sent).toEqual([{ type: 'snapshot', reason: 'interval' }]);
  });

  it('asks nothing of a run that trained a few seconds', () => {
    const sent: ClientCommand[] = [];
    render(<Autosave view={{ ...initialRunView, status: 'running', step: 24, elapsedMs: 10_000 }} sent={sent} />);
    expect(sent).toEqual([]);
  });
});
