import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { BackendController } from '../../../src/worker/backends';
import { prepareCorpus } from '../../../src/worker/corpus';
import { TrainingEngine } from '../../../src/worker/engine';
import type { WorkerEvent } from '../../../src/worker/protocol';
import { settings as runSettings } from './engineHarness';

const settings = runSettings({ cells: ['g2', 'lstm', 'sharpened'] });

function harness() {
  const events: { event: WorkerEvent; transfer?: Transferable[] }[] = [];
  const engine = new TrainingEngine({
    emit: (event, transfer) => events.push({ event, transfer }),
    backends: new BackendController(async () => {}),
    prepareCorpus,
    yieldToEvents: () => new Promise((resolve) => setImmediate(resolve)),
    now: () => performance.now(),
  });
  const constant = () => events.filter((e) => e.event.type === 'constantGates');
  const last = () => constant().at(-1) as { event: Extract<WorkerEvent, { type: 'constantGates' }>; transfer?: Transferable[] };
  return { engine, constant, last };
}

describe('training engine, constant gates', () => {
  it('sends the constant-gate view of every model, and again at once when the threshold moves', async () => {
    const h = harness();
    await h.engine.handle({ type: 'configure', runId: 1, settings });
    await h.engine.handle({ type: 'step', runId: 1 });
    const first = h.last();
    expect(first.event.models.map((m) => m.model)).toEqual(['g2', 'lstm', 'sharpened']);
    // σ(z) is the page's default view.
    expect(first.event.models.map((m) => m.mode)).toEqual(['soft', 'soft', 'soft']);
    for (const m of first.event.models) {
      expect(m.spreads).toBeInstanceOf(Float32Array);
      expect(m.spreads).toHaveLength(4 * 16);
      expect(m.means).toHaveLength(4 * 16);
      expect(Number.isFinite(m.validBpc)).toBe(true);
    }
    // Spreads and means travel as transferables.
    expect(first.transfer).toHaveLength(6);
    const count = h.constant().length;

    // Above every spread: all gates constant, every unit removable, and freezing them changes the loss
    // (after one step the model is still random, so not necessarily for the worse).
    await h.engine.handle({ type: 'setConstantThreshold', runId: 1, threshold: 10 });
    expect(h.constant().length).toBe(count + 1);
    const all = h.last().event;
    expect(all.threshold).toBe(10);
    for (const m of all.models) {
      expect(m.frozenPerGate).toEqual([16, 16, 16, 16]);
      expect(m.removableUnits).toBe(16);
      expect(Math.abs(m.deltaBpc)).toBeGreaterThan(0);
    }
    // Zero: nothing is constant and nothing is lost.
    await h.engine.handle({ type: 'setConstantThreshold', runId: 1, threshold: 0 });
    for (const m of h.last().event.models) {
      expect(m.frozenPerGate).toEqual([0, 0, 0, 0]);
      expect(m.removableUnits).toBe(0);
      expect(m.deltaBpc).toBe(0);
    }
    // The threshold is kept for the next run (the page's Reset configures the same settings anew).
    await h.engine.handle({ type: 'configure', runId: 2, settings });
    expect(h.last().event.threshold).toBe(0);

    // The gate mode of the page is used when it is deterministic.
    await h.engine.handle({ type: 'setGateMode', runId: 2, mode: 'binary' });
    expect(h.last().event.models.map((m) => m.mode)).toEqual(['binary', 'binary', 'binary']);
    // In the stochastic view, constant gates are taken without the training noise: each cell's own mode.
    await h.engine.handle({ type: 'setGateMode', runId: 2, mode: 'stochastic' });
    expect(h.last().event.models.map((m) => m.mode)).toEqual(['soft', 'soft', 'sharpened']);
  });

  it('refuses a negative threshold', async () => {
    const errors: string[] = [];
    const engine = new TrainingEngine({
      emit: (event) => {
        if (event.type === 'error') errors.push(event.message);
      },
      backends: new BackendController(async () => {}),
      prepareCorpus,
      yieldToEvents: () => new Promise((resolve) => setImmediate(resolve)),
      now: () => performance.now(),
    });
    await engine.handle({ type: 'configure', runId: 1, settings: { ...settings, cells: ['g2', 'lstm'] } });
    await engine.handle({ type: 'setConstantThreshold', runId: 1, threshold: -1 });
    expect(errors.at(-1)).toMatch(/threshold must be 0 or more/);
  });
});
